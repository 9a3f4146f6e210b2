"""Deadline reminders: what is owed to whom on a day, claimed once, sent as one digest per person per day.

The daily scan (``reminders_scan``) walks the dues still owed (open or returned) in primary-key batches and
works out, for each, the latest reminder due on or before the scan day under its plan's policy:

- before the date: the nearest "N days before" already reached (7, then 1 by default);
- on the date: "due today"; if that day was missed (downtime), it is caught up while the due is overdue;
- overdue: every ``overdue_every`` days (the latest such day only: one reminder, not a backlog);
- escalation: from ``escalate_after`` days overdue, the committee member in charge and the plan owner's
  office staff are told, with the same rhythm.

A "before" reminder is never sent for a due whose date has passed: the due-date or overdue reminder has
taken its place. Submitted and accepted dues are not scanned; a returned due is owed again and is.

Each reminder is a row of ``Reminder``, unique on (due, recipient, kind, day owed): the scan inserts them
with ``INSERT ... ON CONFLICT DO NOTHING`` and then selects the rows carrying its own claim token. A second
scan running at the same time (another worker, a double beat, an operator's ``send_reminders``) inserts
nothing for rows the first already claimed, so nothing is sent twice. Sending happens afterwards, per
person and day (``ReminderDigest``), under a row lock: the in-app notifications, then one e-mail listing
every reminder, recorded as sent only once the mail server has accepted it; a failure is recorded as such
and retried (Celery autoretry), and rows still unsent on a later day join that day's digest.
"""

import datetime
import logging
import uuid
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import NamedTuple

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import connection, reset_queries, transaction
from django.db.models import Count, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from organizations.access import Access
from organizations.models import Membership, Organization, Supervision
from tasks.models import (
    DEFAULT_DAYS_BEFORE,
    DEFAULT_ESCALATE_AFTER,
    DEFAULT_OVERDUE_EVERY,
    Due,
    Notification,
    Reminder,
    ReminderDigest,
    ReminderPolicy,
)
from tasks.notifications.services import committee_staff
from tasks.planning.deadlines import deadline_words
from tasks.planning.dues import waiting_tasks

logger = logging.getLogger(__name__)

OWING_STATES = (Due.State.OPEN, Due.State.RETURNED)
MEMBER_ROLES = (Membership.Role.SECRETARY, Membership.Role.DEPUTY, Membership.Role.CLERK)
BATCH_SIZE = 2000
INSERT_BATCH = 5000
TASK_TEXT_LIMIT = 160


# --- the policy and the reminder owed on a day ---------------------------------------------------------


@dataclass(frozen=True)
class Policy:
    active: bool = True
    days_before: tuple[int, ...] = DEFAULT_DAYS_BEFORE
    on_due_date: bool = True
    overdue_every: int = DEFAULT_OVERDUE_EVERY
    escalate_after: int = DEFAULT_ESCALATE_AFTER

    @classmethod
    def from_row(cls, row: ReminderPolicy | None) -> "Policy":
        if row is None:
            return cls()
        days = tuple(sorted({int(d) for d in (row.days_before or []) if int(d) > 0}, reverse=True))
        return cls(
            active=row.is_active,
            days_before=days,
            on_due_date=row.on_due_date,
            overdue_every=row.overdue_every,
            escalate_after=row.escalate_after,
        )


DEFAULT_POLICY = Policy()


@dataclass(frozen=True)
class Occurrence:
    kind: str
    occurs_on: datetime.date
    offset: int  # days from the due date: negative before it


def _at(due_on: datetime.date, kind: str, days: int) -> Occurrence:
    return Occurrence(kind, due_on + datetime.timedelta(days=days), days)


def reminder_occurrence(*, due_on: datetime.date, today: datetime.date, policy: Policy) -> Occurrence | None:
    """The latest reminder owed to the owing organization on or before `today`, or None."""
    if not policy.active:
        return None
    left = (due_on - today).days
    if left > 0:
        reached = [days for days in policy.days_before if days >= left]
        return _at(due_on, Reminder.Kind.BEFORE, -min(reached)) if reached else None
    if left == 0:
        if policy.on_due_date:
            return _at(due_on, Reminder.Kind.DUE_DAY, 0)
        return _at(due_on, Reminder.Kind.BEFORE, -min(policy.days_before)) if policy.days_before else None
    overdue = -left
    every = policy.overdue_every
    if every and overdue >= every:
        return _at(due_on, Reminder.Kind.OVERDUE, overdue // every * every)
    if policy.on_due_date:
        # The due-date reminder was missed (the scan did not run that day): catch it up. A "before" one
        # would be stale now, so it never is.
        return _at(due_on, Reminder.Kind.DUE_DAY, 0)
    return None


def escalation_occurrence(
    *, due_on: datetime.date, today: datetime.date, policy: Policy
) -> Occurrence | None:
    """The latest escalation owed on or before `today`: from `escalate_after` days overdue, then with the
    overdue rhythm."""
    if not policy.active or not policy.escalate_after:
        return None
    overdue = (today - due_on).days
    if overdue < policy.escalate_after:
        return None
    extra = 0
    if policy.overdue_every:
        extra = (overdue - policy.escalate_after) // policy.overdue_every * policy.overdue_every
    return _at(due_on, Reminder.Kind.ESCALATION, policy.escalate_after + extra)


# --- who is reminded ---------------------------------------------------------------------------------------


class _Recipients:
    """Recipients by organization, loaded once per organization for the whole scan (a few queries a batch)."""

    def __init__(self, today: datetime.date):
        self.today = today
        self._members: dict[int, tuple[int, ...]] = {}
        self._paths: dict[int, str] = {}
        self._supervisors: dict[str, frozenset[int]] = {}
        self._staff: dict[int, frozenset[int]] = {}
        self._escalation: dict[tuple[int, int], tuple[int, ...]] = {}

    def load_members(self, org_ids: Iterable[int]) -> None:
        missing = {pk for pk in org_ids if pk not in self._members}
        if not missing:
            return
        found: dict[int, list[int]] = defaultdict(list)
        rows = Membership.objects.filter(
            organization_id__in=missing,
            role__in=MEMBER_ROLES,
            is_active=True,
            user__is_active=True,
            organization__is_active=True,
        ).values_list("organization_id", "user_id")
        for org_id, user_id in rows:
            found[org_id].append(user_id)
        for pk in missing:
            self._members[pk] = tuple(sorted(set(found.get(pk, ()))))

    def members(self, org_id: int) -> tuple[int, ...]:
        return self._members[org_id]

    def load_escalation(self, org_ids: Iterable[int], owner_ids: Iterable[int]) -> None:
        missing = {pk for pk in org_ids if pk not in self._paths}
        if missing:
            self._paths.update(Organization.objects.filter(pk__in=missing).values_list("pk", "path"))
        step = Organization.steplen
        wanted = set()
        for pk in org_ids:
            path = self._paths.get(pk, "")
            wanted.update(path[:end] for end in range(step, len(path) + 1, step))
        wanted -= self._supervisors.keys()
        if wanted:
            found: dict[str, set[int]] = defaultdict(set)
            rows = Supervision.objects.filter(
                Q(starts_on__isnull=True) | Q(starts_on__lte=self.today),
                Q(ends_on__isnull=True) | Q(ends_on__gte=self.today),
                organization__path__in=wanted,
                member__is_active=True,
            ).values_list("organization__path", "member_id")
            for path, member_id in rows:
                found[path].add(member_id)
            for path in wanted:
                self._supervisors[path] = frozenset(found.get(path, ()))
        owners = {pk for pk in owner_ids if pk not in self._staff}
        if owners:
            self._load_staff(owners)

    def _load_staff(self, owner_ids: set[int]) -> None:
        """tasks.notifications.services.committee_staff for many committees in one query: the active members of the
        advisory bodies right under each committee (its office staff)."""
        owners = dict(Organization.objects.filter(pk__in=owner_ids).values_list("path", "pk"))
        depths = {len(path) // Organization.steplen + 1 for path in owners}
        found: dict[int, set[int]] = defaultdict(set)
        rows = Membership.objects.filter(
            organization__kind__in=Organization.SERVING_KINDS,
            organization__depth__in=depths,
            is_active=True,
            user__is_active=True,
        ).values_list("organization__path", "user_id")
        for path, user_id in rows:
            owner = owners.get(path[: -Organization.steplen])
            if owner is not None:
                found[owner].add(user_id)
        for pk in owner_ids:
            self._staff[pk] = frozenset(found.get(pk, ()))

    def escalation(self, org_id: int, owner_id: int) -> tuple[int, ...]:
        """The committee members in charge of the organization (or of a unit above it inside the tree) and
        the office staff of the committee whose plan it is."""
        key = (org_id, owner_id)
        if key not in self._escalation:
            path = self._paths.get(org_id, "")
            step = Organization.steplen
            people = set(self._staff.get(owner_id, ()))
            for end in range(step, len(path) + 1, step):
                people |= self._supervisors.get(path[:end], frozenset())
            self._escalation[key] = tuple(sorted(people))
        return self._escalation[key]


class _Policies:
    def __init__(self):
        self._by_plan = {row.plan_id: Policy.from_row(row) for row in ReminderPolicy.objects.all()}
        lead = [max(p.days_before) for p in self._by_plan.values() if p.active and p.days_before]
        self.max_before = max([*lead, max(DEFAULT_POLICY.days_before)])

    def get(self, plan_id: int) -> Policy:
        return self._by_plan.get(plan_id, DEFAULT_POLICY)


# --- the scan ----------------------------------------------------------------------------------------------


def _insert_rows(model, names: tuple[str, ...], rows: list[tuple], *, ignore_conflicts: bool = False) -> None:
    """``bulk_create`` without model instances: the first scan after a long pause inserts hundreds of
    thousands of rows, and building instances would cost more than the database does. Rows hold what the
    columns hold (ids, not objects). With `ignore_conflicts` a row that would break a unique constraint is
    skipped (``ON CONFLICT DO NOTHING``): that is the claim. PostgreSQL gets one ``INSERT ... SELECT FROM
    unnest(arrays)`` per chunk; other databases an ``executemany``."""
    if not rows:
        return
    fields = [model._meta.get_field(name) for name in names]
    columns = []
    for index, model_field in enumerate(fields):
        column = [row[index] for row in rows]
        if model_field.get_internal_type() in ("DateField", "DateTimeField", "UUIDField"):
            # Dates, datetimes and UUIDs as Django stores them on this database; few distinct values.
            prepared: dict = {}
            column = [
                prepared[value]
                if value in prepared
                else prepared.setdefault(value, model_field.get_db_prep_save(value, connection))
                for value in column
            ]
        columns.append(column)
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    names_sql = ", ".join(quote(f.column) for f in fields)
    conflict = " ON CONFLICT DO NOTHING" if ignore_conflicts else ""
    if connection.vendor == "postgresql":
        import psycopg

        # A server-side binding cursor on Django's own connection (same transaction): the arrays travel as
        # binary parameters instead of being quoted into a megabyte of SQL text (and DEBUG's query log).
        arrays = ", ".join(f"%b::{f.db_type(connection)}[]" for f in fields)  # %b: binary, no quoting
        sql = f"INSERT INTO {table} ({names_sql}) SELECT * FROM unnest({arrays}){conflict}"
        connection.ensure_connection()
        with connection.wrap_database_errors, psycopg.Cursor(connection.connection) as cursor:
            for start in range(0, len(rows), INSERT_BATCH):
                cursor.execute(sql, [column[start : start + INSERT_BATCH] for column in columns])
        return
    values = ", ".join(["%s"] * len(fields))
    with connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {table} ({names_sql}) VALUES ({values}){conflict}", list(zip(*columns, strict=True))
        )


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
    owed = Due.objects.filter(state__in=OWING_STATES, due_on__lte=horizon)
    last = 0
    while True:
        batch = list(
            owed.filter(pk__gt=last)
            .order_by("pk")
            .values_list(
                "pk", "organization_id", "due_on", "task_id", "task__plan_id", "task__plan__owner_id"
            )[:batch_size]
        )
        if not batch:
            return
        last = batch[-1][0]
        yield batch


def _work_out(batch, *, today: datetime.date, policies: _Policies, people: _Recipients) -> list[_Owed]:
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


def _shorten(text: str, limit: int = TASK_TEXT_LIMIT) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


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
    policies = _Policies()
    people = _Recipients(today)
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
        _insert_rows(
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


def _insert_digests(people: list[int], *, kind: str, day: datetime.date, token: uuid.UUID) -> None:
    now = timezone.now()
    rows = [(pk, kind, day, ReminderDigest.State.PENDING, token, "", 0, 0, "", now) for pk in people]
    _insert_rows(
        ReminderDigest,
        (
            "recipient",
            "kind",
            "day",
            "state",
            "claim",
            "email",
            "item_count",
            "attempts",
            "last_error",
            "created_at",
        ),
        rows,
        ignore_conflicts=True,
    )


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
    _insert_digests(sorted(claimed_for | behind), kind=ReminderDigest.Kind.DAILY, day=today, token=token)
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


# --- words ---------------------------------------------------------------------------------------------


def days_words(*, due_on: datetime.date, today: datetime.date) -> str:
    """ "còn 3 ngày", "đến hạn hôm nay", "quá hạn 5 ngày"."""
    days = (due_on - today).days
    if days == 0:
        return _("due today")
    if days > 0:
        return ngettext("%(n)d day left", "%(n)d days left", days) % {"n": days}
    return ngettext("%(n)d day overdue", "%(n)d days overdue", -days) % {"n": -days}


def reminder_message(
    *, task: str, organization: str, due_on: datetime.date, today: datetime.date, escalation: bool
) -> str:
    values = {
        "task": task,
        "organization": organization,
        "date": due_on.strftime("%d/%m/%Y"),
        "when": days_words(due_on=due_on, today=today),
    }
    if escalation:
        return _(
            "Overdue in an organization you follow: %(organization)s – “%(task)s”, due %(date)s (%(when)s)."
        ) % (values)
    return _("Deadline reminder: “%(task)s” – %(organization)s, due %(date)s (%(when)s).") % values


def reminder_kind_words(reminder: Reminder) -> str:
    """ "7 ngày trước hạn", "Ngày đến hạn", "Quá hạn 14 ngày", "Báo cấp trên: quá hạn 7 ngày"."""
    days = abs(reminder.offset)
    if reminder.kind == Reminder.Kind.BEFORE:
        return ngettext("%(n)d day before the due date", "%(n)d days before the due date", days) % {"n": days}
    if reminder.kind == Reminder.Kind.DUE_DAY:
        return _("On the due date")
    if reminder.kind == Reminder.Kind.OVERDUE:
        return ngettext("Overdue by %(n)d day", "Overdue by %(n)d days", days) % {"n": days}
    return ngettext("Escalation: %(n)d day overdue", "Escalation: %(n)d days overdue", days) % {"n": days}


def absolute_url(path: str) -> str:
    return f"{settings.PLANTRACK_BASE_URL}{path}"


# --- sending the daily digest ----------------------------------------------------------------------------


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
            task=_shorten(due.task.text, 400),
            organization=due.organization.name,
            plan=due.task.plan.document.symbol,
            due_on=due.due_on,
            days_left=(due.due_on - day).days,
            when=days_words(due_on=due.due_on, today=day),
            url=absolute_url(reverse("due_detail", args=[due.pk])),
        )

    def ordered(items):
        return sorted(items.values(), key=lambda item: (item.due_on, item.organization, item.due_id))

    return ordered(own), ordered(followed)


def _name(user) -> str:
    return user.get_full_name() or user.get_username()


def _digest_email(*, outcome: DigestOutcome, day: datetime.date, user) -> EmailMultiAlternatives:
    count = len(outcome.items)
    context = {
        "name": _name(user),
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
    return _email(subject=subject, template="tasks/email/reminder_digest", context=context, to=outcome.email)


def _email(*, subject: str, template: str, context: dict, to: str, connection=None) -> EmailMultiAlternatives:
    """A digest e-mail: `template`.txt as its text, `template`.html as its HTML alternative."""
    message = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string(f"{template}.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[to],
        connection=connection,
    )
    message.attach_alternative(render_to_string(f"{template}.html", context), "text/html")
    return message


def _send(message: EmailMultiAlternatives) -> Exception | None:
    """Hand the message to the mail server; what went wrong (refused, unreachable, timed out), or None."""
    try:
        message.send()
    except Exception as exc:
        return exc
    return None


def _digest_record(digest: ReminderDigest, *, outcome, failure: Exception | None, at=None) -> None:
    """Record how sending a digest went: failed with the error (for a retry), or sent with its count."""
    if failure is not None:
        digest.state = ReminderDigest.State.FAILED
        digest.last_error = f"{type(failure).__name__}: {failure}"[:2000]
        digest.save(update_fields=["state", "attempts", "last_error"])
        return
    digest.state = ReminderDigest.State.SENT
    digest.sent_at = at or timezone.now()
    digest.email = outcome.email
    digest.item_count = len(outcome.items)
    digest.last_error = ""
    digest.save(update_fields=["state", "sent_at", "email", "item_count", "attempts", "last_error"])


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
                task=_shorten(row.due.task.text),
                organization=row.due.organization.name,
                due_on=row.due.due_on,
                today=day,
                escalation=row.kind == Reminder.Kind.ESCALATION,
            ),
            now,
        )
        for row in rows
    ]
    _insert_rows(Notification, ("recipient", "kind", "due", "task", "message", "created_at"), notes)
    Reminder.objects.filter(pk__in=[row.pk for row in rows]).update(notified_at=now)


def reminder_digest_send(*, digest_id: int, mail_connection=None) -> DigestOutcome:
    """Send one person's digest for one day: their in-app notifications first, then the e-mail; the
    reminders are marked sent only once the mail server has accepted it. If it refuses (or is down) the
    digest and its reminders are recorded as failed, the notifications stay, and the exception propagates
    for a retry (Celery autoretry, or the next scan)."""
    failure = None
    with transaction.atomic():
        digest = ReminderDigest.objects.select_for_update().select_related("recipient").get(pk=digest_id)
        outcome = DigestOutcome(digest_id=digest.pk, recipient=_name(digest.recipient))
        if digest.state in (ReminderDigest.State.SENT, ReminderDigest.State.EMPTY):
            return outcome
        rows = list(
            Reminder.objects.filter(
                recipient_id=digest.recipient_id,
                claimed_on__lte=digest.day,
                state__in=[Reminder.State.PENDING, Reminder.State.FAILED],
            )
            .select_related("due__task__plan__document", "due__organization")
            .order_by("pk")
        )
        live = [row for row in rows if row.due.state in OWING_STATES]
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
                failure = _send(message)  # on failure, nothing is marked sent
                outcome.sent = failure is None
        now = timezone.now()
        if failure is not None:
            Reminder.objects.filter(pk__in=live_ids).update(state=Reminder.State.FAILED)
        else:
            Reminder.objects.filter(pk__in=live_ids).update(
                state=Reminder.State.SENT, sent_at=now, digest=digest
            )
        _digest_record(digest, outcome=outcome, failure=failure, at=now)
    if failure is not None:
        logger.warning("reminder digest %s not sent: %s", digest_id, digest.last_error)
        raise failure
    return outcome


# --- the weekly digest of tasks waiting for guidance -----------------------------------------------------


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
    _insert_digests(sorted(staff), kind=ReminderDigest.Kind.WAITING, day=week, token=token)
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
        outcome = WaitingOutcome(digest_id=digest.pk, recipient=_name(digest.recipient))
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
                        task=_shorten(task.text, 400),
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
                failure = _send(message)  # on failure, not marked sent
                outcome.sent = failure is None
        _digest_record(digest, outcome=outcome, failure=failure)
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
    return _email(
        subject=subject,
        template="tasks/email/waiting_digest",
        context=context,
        to=outcome.email,
        connection=mail_connection,
    )
