"""Celery tasks: thin wrappers that take ids (or a day) and call the reminder services
(tasks/reminders/scan.py, digests.py, waiting.py).

Beat (settings.CELERY_BEAT_SCHEDULE) runs the daily scan and the weekly digest; every send is its own task,
retried with exponential backoff when the mail server fails, and safe to run twice (the digest row is
locked and checked before anything is sent).
"""

import datetime
import logging
import smtplib

from celery import shared_task
from celery.exceptions import Retry
from django.utils import timezone

from tasks.monitoring.journal import journal_prune
from tasks.reminders.digests import reminder_digest_send
from tasks.reminders.scan import reminders_scan
from tasks.reminders.waiting import waiting_digest_send, waiting_digests_claim

logger = logging.getLogger(__name__)

# What a mail server or the network throws when it is down, refuses, or times out: worth retrying.
RETRY_ON = (smtplib.SMTPException, OSError)
RETRY = {
    "autoretry_for": RETRY_ON,
    "retry_backoff": True,
    "retry_backoff_max": 30 * 60,
    "retry_jitter": True,
    "max_retries": 8,
}


def _day(today: str | None) -> datetime.date:
    return datetime.date.fromisoformat(today) if today else timezone.localdate()


def _dispatch(task, ids: list[int]) -> list[str]:
    queued = []
    for pk in ids:
        try:
            queued.append(task.delay(pk).id)
        except (Retry, *RETRY_ON):
            # Only in-process (eager) mode gets here, where a retry cannot wait: the digest stays recorded
            # as failed, and the next scan (or `send_reminders`) sends it.
            logger.warning("digest %s not sent; left for the next scan", pk)
    return queued


@shared_task
def reminders_daily_scan(today: str | None = None) -> dict:
    result = reminders_scan(today=_day(today))
    return {
        "day": result.today.isoformat(),
        "dues": result.dues,
        "claimed": result.claimed,
        "digests": result.digest_ids,
        "sends": _dispatch(send_reminder_digest, result.digest_ids),
    }


@shared_task(**RETRY)
def send_reminder_digest(digest_id: int) -> dict:
    outcome = reminder_digest_send(digest_id=digest_id)
    return {"digest": digest_id, "sent": outcome.sent, "items": len(outcome.items)}


@shared_task
def waiting_weekly_digest(today: str | None = None) -> dict:
    ids = waiting_digests_claim(today=_day(today))
    return {"digests": ids, "sends": _dispatch(send_waiting_digest, ids)}


@shared_task(**RETRY)
def send_waiting_digest(digest_id: int) -> dict:
    outcome = waiting_digest_send(digest_id=digest_id)
    return {"digest": digest_id, "sent": outcome.sent, "items": len(outcome.items)}


# The reading's row holds its outcome (tasks/plan_import/background.py); nothing is stored in Redis.
@shared_task(ignore_result=True)
def read_plan(reading_id: str) -> str:
    from tasks.plan_import.background import reading_run

    return reading_run(reading_id=reading_id)


@shared_task(**RETRY)
def send_office_reminder(action_id: int) -> dict:
    """E-mail a reminder the office sent by hand (tasks/office/)."""
    from tasks.office.mail import office_reminder_email_send

    return {"action": action_id, "sent": office_reminder_email_send(action_id=action_id)}


@shared_task
def prune_due_changes() -> int:
    """Delete the journal's changes older than any remembered total can need (tasks/monitoring/journal.py)."""
    return journal_prune()
