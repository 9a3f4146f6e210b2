"""How far the organizations of a plan are: due statuses counted in the database, one query per plan.

The status rule is tasks.deadlines.due_status, written here as a SQL CASE so that counting never loads
dues one by one:
- an open due without a date is "waiting" (its trigger is not met);
- an open due is "overdue" once today is past its date, else "open";
- a submitted due is "late" when it was first submitted after its date, judged by the committee's calendar
  day (settings.TIME_ZONE), as due_status does;
- every other due shows its stored state.
"""

import datetime

from django.db.models import Case, CharField, Count, F, Q, QuerySet, Value, When
from django.db.models.functions import TruncDate
from django.db.models.lookups import GreaterThan
from django.utils import timezone

from organizations.access import Access

from .models import Due

# The order in which statuses are shown: what needs attention first.
STATUS_ORDER = ("overdue", "returned", "open", "waiting", "submitted", "late", "accepted")


def due_status_case(*, today: datetime.date) -> Case:
    first_day = TruncDate("first_submitted_at", tzinfo=timezone.get_default_timezone())
    return Case(
        When(state=Due.State.OPEN, due_on__isnull=True, then=Value("waiting")),
        When(state=Due.State.OPEN, due_on__lt=today, then=Value("overdue")),
        When(
            Q(state=Due.State.SUBMITTED) & GreaterThan(first_day, F("due_on")),
            then=Value("late"),
        ),
        default=F("state"),
        output_field=CharField(),
    )


def dues_with_status(dues: QuerySet[Due], *, today: datetime.date) -> QuerySet[Due]:
    return dues.annotate(status=due_status_case(today=today))


def plan_status_counts(*, plan, access: Access, today: datetime.date) -> dict[int, dict[str, int]]:
    """{task id: {status: number of dues}} for the dues of `plan` owed by organizations the user sees."""
    rows = (
        dues_with_status(
            Due.objects.filter(task__plan=plan).filter(access.org_q("organization__")), today=today
        )
        .order_by()
        .values("task_id", "status")
        .annotate(n=Count("pk"))
    )
    counts: dict[int, dict[str, int]] = {}
    for row in rows:
        counts.setdefault(row["task_id"], {})[row["status"]] = row["n"]
    return counts


def ordered_counts(counts: dict[str, int]) -> list[tuple[str, int]]:
    return [(status, counts[status]) for status in STATUS_ORDER if counts.get(status)]
