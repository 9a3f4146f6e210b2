"""The daily scan: what is owed to whom on a day, claimed once (docs/domain.md).

``reminders_scan`` walks the dues still owed (open or returned) in primary-key batches and works out, for
each, the latest reminder due on or before the scan day under its plan's policy (tasks/reminders/policy.py)
and who gets it (tasks/reminders/recipients.py).

Each reminder is a row of ``Reminder``, unique on (due, recipient, kind, day owed): the scan inserts them
with ``INSERT ... ON CONFLICT DO NOTHING`` and then selects the rows carrying its own claim token. A second
scan running at the same time (another worker, a double beat, an operator's ``send_reminders``) inserts
nothing for rows the first already claimed, so nothing is sent twice. Sending happens afterwards, per
person and day (tasks/reminders/digests.py).
"""

import datetime
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import NamedTuple

from django.conf import settings
from django.db import reset_queries
from django.db.models import Case, Count, F, When
from django.utils import timezone

from tasks.models import Due, Reminder, ReminderDigest
from tasks.reminders.policy import OWING_STATES, PlanPolicies, escalation_occurrence, reminder_occurrence
from tasks.reminders.recipients import Recipients
from tasks.reminders.rows import insert_digests, insert_rows

BATCH_SIZE = 2000


class Claim(NamedTuple):
    """A reminder worked out by a scan (and, unless it was a dry run, claimed by it)."""

    due_id: int
    recipient_id: int
    kind: str
    occurs_on: datetime.date
    offset: int


class _Owed(NamedTuple):
    """One reminder owed about one due, to everyone in `recipients`."""

    due_id: int
    kind: str
    occurs_on: datetime.date
    offset: int
    recipients: tuple[int, ...]


@dataclass
class ScanResult:
    today: datetime.date
    claim: uuid.UUID
    dry_run: bool = False
    dues: int = 0  # owed dues looked at
    owed: int = 0  # reminders owed and not claimed before this scan
    claimed: int = 0  # of which this scan claimed (a concurrent scan may have taken the others)
    recipients: set[int] = field(default_factory=set)
    digest_ids: list[int] = field(default_factory=list)
    planned: list[Claim] = field(default_factory=list)  # dry run only: what would be claimed


def _owed_batches(*, today: datetime.date, horizon: datetime.date, batch_size: int) -> Iterator[list[tuple]]:
    """Dues still owed with a date up to `horizon`, in primary-key order: a keyset walk, so memory stays
    flat whatever the table size, and each batch is one indexed range query."""
    # A returned due is owed again by its resubmission date (Due.owed_on), reminded as a due date is.
    owed_on = Case(
        When(state=Due.State.RETURNED, resubmit_on__isnull=False, then=F("resubmit_on")), default=F("due_on")
    )
    # An organization a reorganization ended owes nothing more (docs/domain.md, "Reorganizations").
    owed = (
        Due.objects.filter(state__in=OWING_STATES, organization__ended_on__isnull=True)
        .alias(owed_on=owed_on)
        .filter(owed_on__lte=horizon)
    )
    last = 0
    while True:
        batch = list(
            owed.filter(pk__gt=last)
            .order_by("pk")
            .values_list("pk", "organization_id", owed_on, "task_id", "plan_id", "plan__owner_id")[
                :batch_size
            ]
        )
        if not batch:
            return
        last = batch[-1][0]
        yield batch


def _work_out(batch, *, today: datetime.date, policies: PlanPolicies, people: Recipients) -> list[_Owed]:
    member_occurrences, escalations = [], []
    for pk, org_id, due_on, _task, plan_id, owner_id in batch:
        policy = policies.get(plan_id)
        occurrence = reminder_occurrence(due_on=due_on, today=today, policy=policy)
        if occurrence:
            member_occurrences.append((pk, org_id, occurrence))
        escalation = escalation_occurrence(due_on=due_on, today=today, policy=policy)
        if escalation:
            escalations.append((pk, org_id, owner_id, escalation))
    people.load_members({org_id for _pk, org_id, _occ in member_occurrences})
    if escalations:
        people.load_escalation({e[1] for e in escalations}, {e[2] for e in escalations})
    owed = [
        _Owed(pk, occ.kind, occ.occurs_on, occ.offset, people.members(org_id))
        for pk, org_id, occ in member_occurrences
    ]
    owed += [
        _Owed(pk, occ.kind, occ.occurs_on, occ.offset, people.escalation(org_id, owner_id))
        for pk, org_id, owner_id, occ in escalations
    ]
    return [item for item in owed if item.recipients]


def _not_yet_claimed(owed: list[_Owed]) -> list[Claim]:
    """The reminders owed that no scan has claimed yet. Most days most are claimed already, so this keeps
    the insert small; the unique constraint, not this check, is what guards against a concurrent scan.
    Counted per due and reminder, so a few rows come back for a batch instead of one per person."""
    if not owed:
        return []
    since = min(item.occurs_on for item in owed)
    counts = {
        (due_id, kind, occurs_on): count
        for due_id, kind, occurs_on, count in Reminder.objects.filter(
            due_id__in={item.due_id for item in owed}, occurs_on__gte=since
        )
        .order_by()
        .values("due_id", "kind", "occurs_on")
        .annotate(count=Count("pk"))
        .values_list("due_id", "kind", "occurs_on", "count")
    }
    fresh, partly = [], []
    for item in owed:
        done = counts.get((item.due_id, item.kind, item.occurs_on), 0)
        if done == 0:
            fresh.append(item)
        elif done < len(item.recipients):
            partly.append(item)  # someone joined since (or a concurrent scan is half-way)
    taken: set[tuple] = set()
    if partly:
        taken = set(
            Reminder.objects.filter(
                due_id__in={item.due_id for item in partly}, occurs_on__gte=since
            ).values_list("due_id", "recipient_id", "kind", "occurs_on")
        )
    return [
        Claim(item.due_id, user_id, item.kind, item.occurs_on, item.offset)
        for item in fresh + partly
        for user_id in item.recipients
        if (item.due_id, user_id, item.kind, item.occurs_on) not in taken
    ]


def reminders_scan(
    *,
    today: datetime.date,
    dry_run: bool = False,
    batch_size: int = BATCH_SIZE,
    claim: uuid.UUID | None = None,
) -> ScanResult:
    """Work out and claim every reminder owed up to `today`, and make the day's digest rows. Returns the
    digests to send (``reminder_digest_send``, which also notifies in the app). A dry run writes nothing."""
    token = claim or uuid.uuid4()
    result = ScanResult(today=today, claim=token, dry_run=dry_run)
    policies = PlanPolicies()
    people = Recipients(today)
    horizon = today + datetime.timedelta(days=policies.max_before)
    for batch in _owed_batches(today=today, horizon=horizon, batch_size=batch_size):
        if settings.DEBUG:
            reset_queries()  # DEBUG keeps every query's SQL: not for a million dues
        result.dues += len(batch)
        fresh = _not_yet_claimed(_work_out(batch, today=today, policies=policies, people=people))
        result.owed += len(fresh)
        if not fresh:
            continue
        if dry_run:
            result.planned.extend(fresh)
            continue
        now = timezone.now()
        insert_rows(
            Reminder,
            ("due", "recipient", "kind", "offset", "occurs_on", "claimed_on", "claim", "state", "created_at"),
            [
                (
                    c.due_id,
                    c.recipient_id,
                    c.kind,
                    c.offset,
                    c.occurs_on,
                    today,
                    token,
                    Reminder.State.PENDING,
                    now,
                )
                for c in fresh
            ],
            ignore_conflicts=True,
        )
        # What this scan really claimed: a concurrent scan's rows carry its own token.
        claimed = list(
            Reminder.objects.filter(
                claim=token, due_id__gte=batch[0][0], due_id__lte=batch[-1][0]
            ).values_list("recipient_id", flat=True)
        )
        result.claimed += len(claimed)
        result.recipients.update(claimed)
    if not dry_run:
        result.digest_ids = _digests_to_send(today=today, claimed_for=result.recipients, token=token)
    return result


def _digests_to_send(*, today: datetime.date, claimed_for: set[int], token: uuid.UUID) -> list[int]:
    """Make sure everyone with something to send today has today's digest row, and list the rows to send:
    this scan's recipients, plus anyone whose reminders of an earlier day are still unsent (a failed send,
    or rows claimed after that day's digest had gone)."""
    behind = set(
        Reminder.objects.filter(
            state__in=[Reminder.State.PENDING, Reminder.State.FAILED],
            claimed_on__lt=today,
            due__state__in=OWING_STATES,
        )
        .order_by()  # the model's ordering would make DISTINCT return every row
        .values_list("recipient_id", flat=True)
        .distinct()
    )
    insert_digests(sorted(claimed_for | behind), kind=ReminderDigest.Kind.DAILY, day=today, token=token)
    # Today's digests not yet sent, whoever created them: sending is idempotent (row lock, state check).
    return list(
        ReminderDigest.objects.filter(
            kind=ReminderDigest.Kind.DAILY,
            day=today,
            state__in=[ReminderDigest.State.PENDING, ReminderDigest.State.FAILED],
        )
        .order_by("pk")
        .values_list("pk", flat=True)
    )
