"""Sending the daily digest: one per person and day, under a row lock (docs/domain.md).

``reminder_digest_send`` writes the in-app notifications, then one e-mail listing every reminder, recorded
as sent only once the mail server has accepted it; a failure is recorded as such and retried (Celery
autoretry), and rows still unsent on a later day join that day's digest (tasks/reminders/scan.py).
"""

import datetime
import logging
from dataclasses import dataclass, field

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import ngettext

from organizations.people import person_name
from organizations.reorganization.names import names_prefetch
from tasks.models import Notification, Reminder, ReminderDigest
from tasks.planning.deadlines import due_owed_on
from tasks.reminders.mail import digest_email, digest_record, email_send
from tasks.reminders.policy import OWING_STATES
from tasks.reminders.rows import insert_rows
from tasks.reminders.words import absolute_url, days_words, reminder_message

logger = logging.getLogger(__name__)


@dataclass
class DigestItem:
    due_id: int
    task: str
    organization: str
    plan: str
    due_on: datetime.date
    days_left: int
    when: str
    url: str


@dataclass
class DigestOutcome:
    digest_id: int
    recipient: str = ""
    email: str = ""
    sent: bool = False  # an e-mail went out (False: already sent, nothing left, or in-app only)
    own: list[DigestItem] = field(default_factory=list)
    followed: list[DigestItem] = field(default_factory=list)  # escalations

    @property
    def items(self) -> list[DigestItem]:
        return self.own + self.followed


def _items(rows: list[Reminder], *, day: datetime.date) -> tuple[list[DigestItem], list[DigestItem]]:
    own: dict[int, DigestItem] = {}
    followed: dict[int, DigestItem] = {}
    for row in rows:
        target = followed if row.kind == Reminder.Kind.ESCALATION else own
        due = row.due
        if due.pk in target:
            continue
        target[due.pk] = DigestItem(
            due_id=due.pk,
            task=due.title,
            organization=due.organization_then,
            plan=due.plan.document.symbol,
            due_on=due_owed_on(due),
            days_left=(due_owed_on(due) - day).days,
            when=days_words(due_on=due_owed_on(due), today=day),
            url=absolute_url(reverse("due_detail", args=[due.pk])),
        )

    def ordered(items):
        return sorted(items.values(), key=lambda item: (item.due_on, item.organization, item.due_id))

    return ordered(own), ordered(followed)


def _digest_email(*, outcome: DigestOutcome, day: datetime.date, user) -> EmailMultiAlternatives:
    count = len(outcome.items)
    context = {
        "name": person_name(user),
        "day": day,
        "own": outcome.own,
        "followed": outcome.followed,
        "count": count,
        "history_url": absolute_url(reverse("reminder_history")),
    }
    subject = ngettext(
        "Plantrack: %(count)d deadline to watch – %(date)s",
        "Plantrack: %(count)d deadlines to watch – %(date)s",
        count,
    ) % {"count": count, "date": day.strftime("%d/%m/%Y")}
    return digest_email(
        subject=subject, template="tasks/email/reminder_digest", context=context, to=outcome.email
    )


def _notify(rows: list[Reminder], *, day: datetime.date) -> None:
    """The in-app side of each reminder: one notification per due and person, in the committee's language."""
    now = timezone.now()
    notes = [
        (
            row.recipient_id,
            Notification.Kind.REMINDER,
            row.due_id,
            row.due.task_id,
            reminder_message(
                task=row.due.named,
                organization=row.due.organization_then,
                due_on=due_owed_on(row.due),
                today=day,
                escalation=row.kind == Reminder.Kind.ESCALATION,
            ),
            now,
        )
        for row in rows
    ]
    insert_rows(Notification, ("recipient", "kind", "due", "task", "message", "created_at"), notes)
    Reminder.objects.filter(pk__in=[row.pk for row in rows]).update(notified_at=now)


def reminder_digest_send(*, digest_id: int, mail_connection=None) -> DigestOutcome:
    """Send one person's digest for one day: their in-app notifications first, then the e-mail; the
    reminders are marked sent only once the mail server has accepted it. If it refuses (or is down) the
    digest and its reminders are recorded as failed, the notifications stay, and the exception propagates
    for a retry (Celery autoretry, or the next scan)."""
    failure = None
    with transaction.atomic():
        digest = ReminderDigest.objects.select_for_update().select_related("recipient").get(pk=digest_id)
        outcome = DigestOutcome(digest_id=digest.pk, recipient=person_name(digest.recipient))
        if digest.state in (ReminderDigest.State.SENT, ReminderDigest.State.EMPTY):
            return outcome
        rows = list(
            Reminder.objects.filter(
                recipient_id=digest.recipient_id,
                claimed_on__lte=digest.day,
                state__in=[Reminder.State.PENDING, Reminder.State.FAILED],
            )
            .select_related("due__plan__document", "due__task", "due__organization")
            .order_by("pk")
        )
        live = [row for row in rows if row.due.state in OWING_STATES]
        names_prefetch((row.due.organization, row.due.due_on) for row in live)  # names as on the due date
        handed_in = [row.pk for row in rows if row.due.state not in OWING_STATES]
        if handed_in:
            Reminder.objects.filter(pk__in=handed_in).update(state=Reminder.State.CANCELLED)
        if not live:
            digest.state = ReminderDigest.State.EMPTY
            digest.save(update_fields=["state"])
            return outcome
        live_ids = [row.pk for row in live]
        digest.attempts += 1
        with translation.override(settings.LANGUAGE_CODE):
            _notify([row for row in live if row.notified_at is None], day=digest.day)
            outcome.own, outcome.followed = _items(live, day=digest.day)
            outcome.email = digest.recipient.email
            if outcome.email:
                message = _digest_email(outcome=outcome, day=digest.day, user=digest.recipient)
                message.connection = mail_connection
                failure = email_send(message)  # on failure, nothing is marked sent
                outcome.sent = failure is None
        now = timezone.now()
        if failure is not None:
            Reminder.objects.filter(pk__in=live_ids).update(state=Reminder.State.FAILED)
        else:
            Reminder.objects.filter(pk__in=live_ids).update(
                state=Reminder.State.SENT, sent_at=now, digest=digest
            )
        digest_record(digest, outcome=outcome, failure=failure, at=now)
    if failure is not None:
        logger.warning("reminder digest %s not sent: %s", digest_id, digest.last_error)
        raise failure
    return outcome
