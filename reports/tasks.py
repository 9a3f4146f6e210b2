"""Celery tasks, thin wrappers around reports.generation:

- `generate_report` takes a report's id and calls report_run. acks_late and reject_on_worker_lost (settings)
  give a report whose worker died to another worker; report_run marks the report failed on any exception, so
  none stays "running".
- `fail_stale_reports`, run by beat (settings.CELERY_BEAT_SCHEDULE), marks failed the reports whose worker was
  killed outright and so could not say so (report_fail_stale). The report pages only read.
"""

from celery import shared_task

from reports.generation import report_fail_stale, report_run


# The report's row holds its outcome; no result is stored in Redis, so asking for a report never waits on the
# result backend (with Redis down, subscribing to the result retried for about 20 seconds before failing).
@shared_task(ignore_result=True)
def generate_report(report_id: int) -> dict:
    return {"report": report_id, "status": report_run(report_id=report_id)}


@shared_task(ignore_result=True)
def fail_stale_reports() -> dict:
    return {"failed": report_fail_stale()}
