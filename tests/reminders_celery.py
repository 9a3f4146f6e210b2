"""The Celery app that the service tests start (`celery -A tests.reminders_celery worker|beat`): the
project's app (config/celery.py, settings.CELERY_*) with two test-only changes:

- every task goes to the queue named by PLANTRACK_TEST_QUEUE, so that another test run sharing the Redis
  server (a developer's, a second CI job) can never take this run's tasks, nor this run theirs;
- with PLANTRACK_TEST_BEAT_EVERY=<seconds>, each entry of the real beat schedule (same names, same tasks)
  is due that often instead of at PLANTRACK_REMINDER_HOUR, so the beat test need not wait for 7 o'clock.
"""

import os

from django.conf import settings

from config.celery import app

app.conf.task_default_queue = os.environ["PLANTRACK_TEST_QUEUE"]
if os.environ.get("PLANTRACK_TEST_BEAT_EVERY"):
    every = float(os.environ["PLANTRACK_TEST_BEAT_EVERY"])
    app.conf.beat_schedule = {
        name: {**entry, "schedule": every} for name, entry in settings.CELERY_BEAT_SCHEDULE.items()
    }

__all__ = ["app"]
