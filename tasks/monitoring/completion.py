"""Completion as figures and small charts for the dashboard (docs/domain.md §7): of the dues whose date has
come, how many were handed in (on time, late, or accepted), per obligation (a task's deliverables, one
periodic report) and per month. Grassroots organizations only: the own work of the committee's bodies is not
ranked here (docs/domain.md §6). Dues marked not applicable count in neither figure. Two grouped queries, remembered until the data changes."""

import datetime
from dataclasses import dataclass
from functools import partial

from django.db.models import Case, CharField, Count, F, Q, Value, When
from django.db.models.functions import TruncMonth

from organizations.access import Access
from tasks.models import Due, Task
from tasks.monitoring.journal import Change, Journal
from tasks.monitoring.remembered import remembered, scope_key
from tasks.planning.obligations import report_title

HANDED_IN = (Due.State.SUBMITTED, Due.State.ACCEPTED)
MONTHS = 12
OBLIGATIONS_KEPT = 200


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


def _apply(
    figures: dict, changes: list[Change], *, today: datetime.date, since: datetime.date
) -> dict | None:
    """The figures with the journal's changes (tasks/monitoring/journal.py): a submission or a review moves
    one due between done and not done; marking one not applicable or moving its date takes it out of the
    figures or puts it in. None (count again) when an obligation not among the remembered rows would change."""
    obligations = [dict(row) for row in figures["obligations"]]
    months = [dict(row) for row in figures["months"]]
    overall = dict(figures["overall"])
    rows = {(row["kind"], row["task_id"], row["report_period"]): row for row in obligations}

    def month_row(due_on: datetime.date) -> dict:
        first = due_on.replace(day=1)
        for row in months:
            if row["month"] in (first, datetime.datetime.combine(first, datetime.time())):
                return row
        months.append({"month": first, "done": 0, "total": 0})
        return months[-1]

    for change in changes:
        fields = change.fields
        key = (
            fields["kind"],
            fields["task_id"],
            fields["period"] if fields["kind"] == Due.Kind.REPORT else "",
        )
        for counted, sign in ((change.before, -1), (change.after, 1)):
            if counted.due_on is None or counted.due_on > today or counted.state == Due.State.NOT_APPLICABLE:
                continue
            done = sign * int(counted.state in HANDED_IN)
            targets = [overall]
            if key not in rows:
                return None
            targets.append(rows[key])
            if counted.due_on >= since:
                targets.append(month_row(counted.due_on))
            for target in targets:
                target["done"] += done
                target["total"] += sign
    if any(row["total"] < 0 or row["done"] < 0 for row in [overall, *obligations, *months]):
        return None
    # The remembered rows are the 200 obligations with the most dues: a total that changed could reorder them.
    if len(obligations) >= OBLIGATIONS_KEPT and any(
        change.before.due_on != change.after.due_on
        or Due.State.NOT_APPLICABLE in (change.before.state, change.after.state)
        for change in changes
    ):
        return None
    return {
        "obligations": [row for row in obligations if row["total"]],
        "months": [row for row in months if row["total"]],
        "overall": overall,
    }


def completion_summary(*, access: Access, today: datetime.date, limit: int = 8) -> Completion:
    members = Due.objects.filter(access.managed_q("plan__owner__"), access.org_q("organization__")).exclude(
        kind=Due.Kind.OWN
    )
    since = _first_of_month(today, MONTHS - 1)

    def compute() -> dict:
        dues = members.filter(due_on__lte=today).exclude(state=Due.State.NOT_APPLICABLE)
        # One obligation: a task's deliverables whatever their period, or the periodic report of one period.
        report_period = Case(
            When(kind=Due.Kind.REPORT, then=F("period")), default=Value(""), output_field=CharField()
        )
        done = Count("pk", filter=Q(state__in=HANDED_IN))
        obligations = list(
            dues.annotate(report_period=report_period)
            .values("kind", "task_id", "report_period")
            .annotate(done=done, total=Count("pk"))
            .order_by("-total", "kind", "task_id", "report_period")[:OBLIGATIONS_KEPT]
        )
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

    journal = Journal(
        members=lambda: members,
        fields=("kind", "task_id", "period"),
        apply=partial(_apply, today=today, since=since),
    )
    figures = remembered(key=f"completion:{scope_key(access)}", compute=compute, journal=journal, day=today)
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
