"""Due statuses in SQL.

A due's status (waiting, open, overdue, submitted, late, returned, accepted) is computed from its stored state
and its dates by tasks.planning.deadlines.due_status. Lists, the plan page, the compliance matrix and the reports count
and filter by status in the database; the same rules are written here once, as SQL, and tests check that
both agree.
"""

import datetime
import functools
import zoneinfo

from django.db.models import Case, CharField, Count, F, Q, QuerySet, Value, When
from django.db.models.functions import TruncDate
from django.db.models.lookups import GreaterThan, LessThanOrEqual
from django.utils import timezone

from tasks.models import Due

Status = Due.Status
# Display order of the states everywhere (legend, totals, filters).
STATUSES: tuple[str, ...] = tuple(Status.values)
DUE_STATUSES: tuple[str, ...] = tuple(s for s in STATUSES if s != Status.WAITING)


# --- the committee's calendar day of a timestamp ---------------------------------------------------------
@functools.lru_cache(maxsize=8)
def _fixed_offset(zone_name: str) -> int | None:
    """The zone's offset from UTC in seconds if it never changed from 2000 to 2100 (no summer time)."""
    zone = zoneinfo.ZoneInfo(zone_name)
    offsets = {
        datetime.datetime(year, month, 1, tzinfo=zone).utcoffset()
        for year in range(2000, 2101)
        for month in (1, 4, 7, 10)
    }
    if len(offsets) != 1:
        return None
    return int(offsets.pop().total_seconds())


class LocalDay(TruncDate):
    """TruncDate in the committee's time zone (settings.TIME_ZONE). On SQLite Django computes it with a
    Python function called for every row; for a zone without summer time (Asia/Ho_Chi_Minh) SQLite's own
    date() with a fixed shift gives the same day, many times faster."""

    def __init__(self, expression, **extra):
        super().__init__(expression, tzinfo=timezone.get_default_timezone(), **extra)

    def as_sqlite(self, compiler, connection, **extra):
        offset = _fixed_offset(self.get_tzname())
        if offset is None:
            return self.as_sql(compiler, connection)
        sql, params = compiler.compile(self.lhs)
        return f"date({sql}, %s)", (*params, f"{offset:+d} seconds")


# --- the status of a due, in SQL ----------------------------------------------------------------------
def status_conditions(*, today: datetime.date, prefix: str = "") -> dict[str, Q]:
    """One condition per status, mutually exclusive: tasks.planning.deadlines.due_status written as SQL filters.

    `prefix` reaches the due through a relation ("dues__" from Organization).
    """

    def q(**lookups) -> Q:
        return Q(**{f"{prefix}{key}": value for key, value in lookups.items()})

    # Lateness is judged on the committee's calendar day (settings.TIME_ZONE), as due_status does.
    first_day = LocalDay(f"{prefix}first_submitted_at")
    due_on = F(f"{prefix}due_on")
    dated = q(due_on__isnull=False, first_submitted_at__isnull=False)
    return {
        Status.WAITING.value: q(state=Due.State.OPEN, due_on__isnull=True),
        Status.OPEN.value: q(state=Due.State.OPEN, due_on__gte=today),
        Status.OVERDUE.value: q(state=Due.State.OPEN, due_on__lt=today),
        Status.SUBMITTED.value: q(state=Due.State.SUBMITTED)
        & (~dated | Q(LessThanOrEqual(first_day, due_on))),
        Status.LATE.value: q(state=Due.State.SUBMITTED) & dated & Q(GreaterThan(first_day, due_on)),
        Status.RETURNED.value: q(state=Due.State.RETURNED),
        Status.ACCEPTED.value: q(state=Due.State.ACCEPTED),
        Status.NOT_APPLICABLE.value: q(state=Due.State.NOT_APPLICABLE),
    }


def status_expression(*, today: datetime.date, prefix: str = "") -> Case:
    """The status a person sees for a due, as one SQL expression (for a cell, to group or to filter on).

    Written in order rather than from status_conditions, so that the submission day is computed at most
    once per row, and only for submitted dues.
    """

    def q(**lookups) -> Q:
        return Q(**{f"{prefix}{key}": value for key, value in lookups.items()})

    first_day = LocalDay(f"{prefix}first_submitted_at")
    return Case(
        When(q(state=Due.State.OPEN, due_on__isnull=True), then=Value(Status.WAITING.value)),
        When(q(state=Due.State.OPEN, due_on__lt=today), then=Value(Status.OVERDUE.value)),
        When(q(state=Due.State.OPEN), then=Value(Status.OPEN.value)),
        When(
            q(state=Due.State.SUBMITTED, due_on__isnull=False, first_submitted_at__isnull=False)
            & Q(GreaterThan(first_day, F(f"{prefix}due_on"))),
            then=Value(Status.LATE.value),
        ),
        default=F(f"{prefix}state"),
        output_field=CharField(),
    )


def status_count_expressions(
    *, today: datetime.date, statuses=DUE_STATUSES, prefix: str = ""
) -> dict[str, Count]:
    """Conditional counts, one per status: ``queryset.aggregate(**status_count_expressions(today=...))``."""
    conditions = status_conditions(today=today, prefix=prefix)
    return {status: Count(f"{prefix}pk", filter=conditions[status]) for status in statuses}


def status_q(status: str, today: datetime.date) -> Q:
    """Dues showing `status` on `today`; "owed" is every due still to hand in (open or returned)."""
    if status == "owed":
        return Q(state__in=[Due.State.OPEN, Due.State.RETURNED])
    return status_conditions(today=today)[status]


def status_counts(queryset: QuerySet[Due], today: datetime.date) -> dict[str, int]:
    """How many dues show each status, and how many are owed, in one query."""
    counts = status_count_expressions(today=today, statuses=STATUSES)
    counts["owed"] = Count("pk", filter=status_q("owed", today))
    return queryset.aggregate(**counts)
