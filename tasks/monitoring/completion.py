"""Completion as figures and small charts for the dashboard (docs/domain.md §7): of the dues whose date has
come, how many were handed in (on time, late, or accepted), per obligation (a task's deliverables, one
periodic report) and per month. Grassroots organizations only: the own work of the committee's bodies is not
ranked here (docs/domain.md §6). Dues marked not applicable count in neither figure. Two grouped queries, remembered until the data changes."""

import datetime
from dataclasses import dataclass

from django.db.models import Case, CharField, Count, F, Q, Value, When
from django.db.models.functions import TruncMonth

from organizations.access import Access
from tasks.models import Due, Task
from tasks.monitoring.remembered import remembered, scope_key
from tasks.planning.obligations import report_title

HANDED_IN = (Due.State.SUBMITTED, Due.State.ACCEPTED)
MONTHS = 12


@dataclass(frozen=True)
class Bar:
    """One bar of a chart, with its place in the SVG worked out here rather than in the template."""

    label: str
    title: str
    done: int
    total: int
    index: int = 0

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 0

    # Horizontal bars (by obligation): one row of 10 units each, 200 units for 100 %.
    @property
    def row_y(self) -> int:
        return self.index * 10

    @property
    def row_width(self) -> int:
        return 2 * self.percent

    # Columns (by month): 26 units apart, 60 units high for 100 %, standing on y = 68.
    @property
    def column_x(self) -> int:
        return self.index * 26

    @property
    def column_height(self) -> int:
        return round(0.6 * self.percent)

    @property
    def column_y(self) -> int:
        return 68 - self.column_height


@dataclass(frozen=True)
class Completion:
    done: int
    total: int
    by_task: list[Bar]
    by_month: list[Bar]

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 0


def _first_of_month(day: datetime.date, back: int) -> datetime.date:
    index = day.year * 12 + day.month - 1 - back
    return datetime.date(index // 12, index % 12 + 1, 1)


def completion_summary(*, access: Access, today: datetime.date, limit: int = 8) -> Completion:
    def compute() -> dict:
        dues = (
            Due.objects.filter(access.managed_q("plan__owner__"), access.org_q("organization__"))
            .filter(due_on__lte=today)
            .exclude(kind=Due.Kind.OWN)
            .exclude(state=Due.State.NOT_APPLICABLE)
        )
        # One obligation: a task's deliverables whatever their period, or the periodic report of one period.
        report_period = Case(
            When(kind=Due.Kind.REPORT, then=F("period")), default=Value(""), output_field=CharField()
        )
        done = Count("pk", filter=Q(state__in=HANDED_IN))
        obligations = list(
            dues.annotate(report_period=report_period)
            .values("kind", "task_id", "report_period")
            .annotate(done=done, total=Count("pk"))
            .order_by("-total", "kind", "task_id", "report_period")[:200]
        )
        since = _first_of_month(today, MONTHS - 1)
        months = list(
            dues.filter(due_on__gte=since)
            .annotate(month=TruncMonth("due_on"))
            .values("month")
            .annotate(done=done, total=Count("pk"))
            .order_by("month")
        )
        overall = dues.aggregate(done=done, total=Count("pk"))
        tasks = Task.objects.in_bulk([row["task_id"] for row in obligations if row["task_id"]])
        for row in obligations:
            task = tasks.get(row["task_id"])
            if task is not None:
                row["name"] = (task.number or "–", task.label)
            else:
                title = report_title(row["report_period"])
                row["name"] = (row["report_period"], title)
        return {"obligations": obligations, "months": months, "overall": overall}

    figures = remembered(key=f"completion:{today}:{scope_key(access)}", compute=compute)
    # The obligations least complete first: where the office's attention goes.
    rows = sorted(
        figures["obligations"],
        key=lambda r: (r["done"] / r["total"], -r["total"], r["kind"], r["task_id"] or 0, r["report_period"]),
    )[:limit]
    by_task = [Bar(*r["name"], r["done"], r["total"], index) for index, r in enumerate(rows)]
    found = {row["month"]: row for row in figures["months"]}
    by_month = []
    for index, back in enumerate(range(MONTHS - 1, -1, -1)):
        first = _first_of_month(today, back)
        row = found.get(first) or found.get(datetime.datetime.combine(first, datetime.time()), {})
        by_month.append(
            Bar(f"{first:%m/%y}", f"{first:%m/%Y}", row.get("done", 0), row.get("total", 0), index)
        )
    overall = figures["overall"]
    return Completion(overall["done"], overall["total"], by_task, by_month)
