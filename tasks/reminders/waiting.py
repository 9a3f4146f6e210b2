"""The weekly digest of triggered tasks still waiting for guidance, to the office staff who manage them."""

import datetime
import logging
import uuid
from dataclasses import dataclass, field

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.urls import reverse
from django.utils import translation
from django.utils.translation import ngettext

from organizations.access import Access
from organizations.models import Organization
from organizations.people import person_name
from tasks.models import ReminderDigest
from tasks.notifications.services import committee_staff
from tasks.planning.deadlines import deadline_words
from tasks.planning.dues import waiting_tasks
from tasks.reminders.mail import digest_email, digest_record, email_send
from tasks.reminders.rows import insert_digests
from tasks.reminders.words import absolute_url

logger = logging.getLogger(__name__)


def week_start(day: datetime.date) -> datetime.date:
    return day - datetime.timedelta(days=day.weekday())


def waiting_digests_claim(*, today: datetime.date, claim: uuid.UUID | None = None) -> list[int]:
    """Create this week's "waiting for guidance" digest for every office staff member of a committee whose
    plans have triggered tasks still waiting (once per person per week), and list those not yet sent."""
    week = week_start(today)
    token = claim or uuid.uuid4()
    owner_ids = set(waiting_tasks().order_by().values_list("plan__owner_id", flat=True).distinct())
    staff: set[int] = set()
    for owner in Organization.objects.filter(pk__in=owner_ids, is_active=True):
        staff.update(committee_staff(committee=owner))
    insert_digests(sorted(staff), kind=ReminderDigest.Kind.WAITING, day=week, token=token)
    return list(
        ReminderDigest.objects.filter(
            kind=ReminderDigest.Kind.WAITING,
            day=week,
            state__in=[ReminderDigest.State.PENDING, ReminderDigest.State.FAILED],
        )
        .order_by("pk")
        .values_list("pk", flat=True)
    )


@dataclass
class WaitingItem:
    task: str
    plan: str
    awaited: str
    url: str


@dataclass
class WaitingOutcome:
    digest_id: int
    recipient: str = ""
    email: str = ""
    sent: bool = False
    items: list[WaitingItem] = field(default_factory=list)


def waiting_digest_send(*, digest_id: int, mail_connection=None) -> WaitingOutcome:
    """Send one office staff member this week's list of triggered tasks still waiting for guidance; marked
    sent only once the mail server has accepted it (as ``reminder_digest_send``)."""
    failure = None
    with transaction.atomic():
        digest = ReminderDigest.objects.select_for_update().select_related("recipient").get(pk=digest_id)
        outcome = WaitingOutcome(digest_id=digest.pk, recipient=person_name(digest.recipient))
        if digest.state in (ReminderDigest.State.SENT, ReminderDigest.State.EMPTY):
            return outcome
        access = Access.for_user(digest.recipient)
        tasks = (
            waiting_tasks()
            .filter(access.managed_q("plan__owner__"))
            .select_related("plan__document", "awaited_issuer")
            .order_by("plan__period_start", "plan_id", "position", "pk")
        )
        with translation.override(settings.LANGUAGE_CODE):
            plan_urls: dict[int, str] = {}
            for task in tasks:
                if task.plan_id not in plan_urls:
                    plan_urls[task.plan_id] = absolute_url(reverse("plan_detail", args=[task.plan_id]))
                outcome.items.append(
                    WaitingItem(
                        task=task.label,
                        plan=task.plan.document.symbol,
                        awaited=deadline_words(task),
                        url=plan_urls[task.plan_id],
                    )
                )
            if not outcome.items:
                digest.state = ReminderDigest.State.EMPTY
                digest.save(update_fields=["state"])
                return outcome
            digest.attempts += 1
            outcome.email = digest.recipient.email
            if outcome.email:
                message = _waiting_email(outcome=outcome, week=digest.day, mail_connection=mail_connection)
                failure = email_send(message)  # on failure, not marked sent
                outcome.sent = failure is None
        digest_record(digest, outcome=outcome, failure=failure)
    if failure is not None:
        logger.warning("waiting digest %s not sent: %s", digest_id, digest.last_error)
        raise failure
    return outcome


def _waiting_email(
    *, outcome: WaitingOutcome, week: datetime.date, mail_connection
) -> EmailMultiAlternatives:
    count = len(outcome.items)
    context = {
        "name": outcome.recipient,
        "week": week,
        "items": outcome.items,
        "count": count,
        "waiting_url": absolute_url(reverse("waiting_list")),
    }
    subject = ngettext(
        "Plantrack: %(count)d task still waiting for guidance – week of %(date)s",
        "Plantrack: %(count)d tasks still waiting for guidance – week of %(date)s",
        count,
    ) % {"count": count, "date": week.strftime("%d/%m/%Y")}
    return digest_email(
        subject=subject,
        template="tasks/email/waiting_digest",
        context=context,
        to=outcome.email,
        connection=mail_connection,
    )
