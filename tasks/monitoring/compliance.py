"""Compliance: where each organization stands on each due of a plan, for a period.

One computation, shared by the compliance matrix, the dashboard, the supervision page and the periodic
reports (a report's figures must equal the matrix's). Statuses are computed in SQL with the rules of
tasks.planning.deadlines.due_status: overdue = open and today past the due date; late = first submitted after the due
date (shown while the due is "submitted"); waiting = a triggered task whose guidance has not come, for the
organizations its assignments designate (it has no dues yet).

Every function runs a fixed number of queries whatever the number of organizations: a matrix page fetches
the cells of its own organizations only; totals over the whole bloc are aggregated in the database, and
remembered (tasks/monitoring/remembered.py) until a due, a submission or a review is added, since their cost grows with the
bloc while a page's own cells do not.
"""

import datetime
from collections import Counter
from dataclasses import dataclass, field

from django.core.paginator import Paginator
from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.expressions import Window
from django.db.models.functions import RowNumber
from django.utils import timezone
from django.utils.functional import cached_property

from organizations.access import Access
from organizations.models import Organization, Supervision
from organizations.reorganization.names import names_prefetch
from organizations.text import fold
from plans.models import Plan
from plans.periods import Period
from tasks.models import Assignment, Due, Submission, Task
from tasks.monitoring.behind import bloc_figures, conditions, grassroots_dues
from tasks.monitoring.journal import Change, Journal, tally_shift
from tasks.monitoring.remembered import remembered, scope_key
from tasks.monitoring.statuses import status_expression
from tasks.planning.assignees import assignment_query
from tasks.planning.obligations import BODY_KINDS, report_title
from tasks.submissions.signatures import latest_signed_expression

Status = Due.Status
TASK_NAME_FIELDS = ("task__number", "task__short_title", "task__text")  # what Task.label reads


def status_tally(queryset: QuerySet[Due], *, by: list[str], today: datetime.date):
    """Dues counted per `by` fields and status, in SQL: rows of (*by, status, count). Each due's status is
    computed once (a CASE grouped on), which is cheaper than one conditional count per status."""
    return (
        queryset.annotate(status=status_expression(today=today))
        .values(*by, "status")
        .annotate(count=Count("pk"))
        .values_list(*by, "status", "count")
        .order_by()
    )


# --- who is in the grid ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class Filters:
    kind: str = ""
    status: str = ""
    member: int | None = None  # committee member in charge (Supervision)
    organization: int | None = None
    search: str = ""

    @property
    def active(self) -> bool:
        return bool(self.kind or self.status or self.member or self.organization or self.search)


@dataclass
class PlanShape:
    """What the computation needs to know about a plan's tasks, fetched once (two queries)."""

    tasks: list[Task]
    designation: dict[int, Q]  # task pk → the organizations its assignments designate

    @property
    def waiting_tasks(self) -> list[Task]:
        return [t for t in self.tasks if t.kind == Task.Kind.TRIGGERED and t.trigger_document_id is None]

    def designated(self) -> Q:
        """Organizations that carry out any task of the plan."""
        condition = Q(pk__in=[])
        for part in {repr(q): q for q in self.designation.values()}.values():
            condition |= part
        return condition


def plan_shape(*, plan: Plan) -> PlanShape:
    tasks = list(
        Task.objects.filter(plan=plan)
        .only("pk", "plan_id", "position", "number", "short_title", "text", "kind", "trigger_document_id")
        .order_by("position", "pk")
    )
    designation: dict[int, Q] = {task.pk: Q(pk__in=[]) for task in tasks}
    # No ordering: Assignment's default one would join the task, the plan and its document just to sort.
    assignments = Assignment.objects.filter(task__plan=plan).select_related("organization").order_by()
    for assignment in assignments:
        designation[assignment.task_id] |= assignment_query(assignment)
    return PlanShape(tasks=tasks, designation=designation)


def _plan_dues(*, plan: Plan, period: Period, shape: PlanShape) -> QuerySet[Due]:
    """The grassroots obligations of the period: deliverables and periodic reports; the own work of the
    committee's bodies has a table of its own (`own_work`), docs/domain.md §6."""
    return Due.objects.filter(plan=plan, due_on__gte=period.start, due_on__lte=period.end).exclude(
        kind=Due.Kind.OWN
    )


def compliance_organizations(
    *, access: Access, plan: Plan, period: Period, shape: PlanShape, filters: Filters, today: datetime.date
) -> QuerySet[Organization]:
    """The grid's rows: organizations the plan designates, in the user's scope, narrowed by the filters.

    Grassroots organizations only: the committee and its bodies owe own work, never ranked among them.
    A period is about the tree as it was then (docs/domain.md, "Reorganizations"): an organization that a
    reorganization created after the period, or ended before it, is not a row; one that owed dues in the
    period is, even if it has ended or moved since (out of the committee's subtree too, for the plan's own
    office), so a past period's figures do not change.
    """
    existed = (Q(started_on__isnull=True) | Q(started_on__lte=period.end)) & (
        Q(ended_on__isnull=True) | Q(ended_on__gt=period.start)
    )
    owed = Q(pk__in=_plan_dues(plan=plan, period=period, shape=shape).values("organization_id"))
    if not access.manages(plan.owner):
        # The plan's office sees every organization that owed its dues then, wherever it stands now.
        owed &= access.org_q()
    organizations = (
        Organization.objects.filter((shape.designated() & existed & access.org_q()) | owed)
        .exclude(kind__in=BODY_KINDS)
        .exclude(pk=plan.owner_id)
    )
    if filters.kind:
        organizations = organizations.filter(kind=filters.kind)
    if filters.member:
        organizations = organizations.filter(
            pk__in=Supervision.objects.current(today)
            .filter(member_id=filters.member)
            .values("organization_id")
        )
    if filters.organization:
        organizations = organizations.filter(pk=filters.organization)
    if filters.search:
        organizations = organizations.filter(name_folded__contains=fold(filters.search))
    if filters.status == Status.WAITING:
        waiting = Q(pk__in=[])
        for task in shape.waiting_tasks:
            waiting |= shape.designation[task.pk]
        organizations = organizations.filter(waiting)
    elif filters.status:
        cells = (
            _plan_dues(plan=plan, period=period, shape=shape)
            .filter(organization=OuterRef("pk"))
            .alias(status=status_expression(today=today))
            .filter(status=filters.status)
        )
        organizations = organizations.filter(Exists(cells))
    return organizations.order_by("path")


# --- the grid -------------------------------------------------------------------------------------------
@dataclass
class Column:
    """One obligation of the grid: a deliverable (its task), a periodic report (no task), or a task still
    waiting for its guidance (period "")."""

    number: int
    task: Task | None
    period: str  # the due's period ("2024", "once"), "" for a task waiting for its guidance
    due_on: datetime.date | None
    totals: Counter = field(default_factory=Counter)

    @property
    def key(self) -> tuple[int, str]:
        return (self.task.pk if self.task is not None else 0, self.period)

    @property
    def title(self) -> str:
        """The column's heading: the task's short title, or the report's name ("Báo cáo kết quả ... 2023")."""
        return self.task.title if self.task is not None else report_title(self.period)

    @property
    def count(self) -> int:
        return sum(self.totals.values())


@dataclass(frozen=True)
class Cell:
    status: str
    due_id: int | None = None
    submission_id: int | None = None
    signed: bool = False  # the latest version has a validly signed file


@dataclass
class Row:
    organization: Organization
    cells: list[Cell | None]
    totals: Counter


@dataclass
class Grid:
    plan: Plan
    period: Period
    filters: Filters
    today: datetime.date
    columns: list[Column]
    totals: Counter  # over every cell of every filtered organization
    organizations: int  # filtered organizations, all pages
    page: object = None  # django.core.paginator.Page of the organizations shown
    rows: list[Row] = field(default_factory=list)


def _summary(*, plan, period, shape: PlanShape, organizations, today) -> dict:
    """Bloc-wide figures as plain data (cacheable): per (task, period) the first due date and the count of
    each status, the waiting cells per waiting task, and the number of organizations. Two queries."""
    dues = _plan_dues(plan=plan, period=period, shape=shape).filter(
        organization__in=organizations.order_by().values("pk")
    )
    by_column: dict[tuple[int, str], dict] = {}
    for task_id, due_period, due_on, status, count in status_tally(
        dues, by=["task_id", "period", "due_on"], today=today
    ):
        column = by_column.setdefault((task_id, due_period), {"due_on": due_on, "totals": Counter()})
        # Every organization's due of one task and period falls on the same day; should dates differ, the
        # column shows the earliest.
        if due_on is not None and (column["due_on"] is None or due_on < column["due_on"]):
            column["due_on"] = due_on
        column["totals"][status] += count
    columns = [
        (task_id, due_period, column["due_on"], dict(column["totals"]))
        for (task_id, due_period), column in by_column.items()
    ]
    waiting = shape.waiting_tasks
    counts = organizations.order_by().aggregate(
        organizations=Count("pk"),
        **{f"t{task.pk}": Count("pk", filter=shape.designation[task.pk]) for task in waiting},
    )
    for task in waiting:
        if counts[f"t{task.pk}"]:
            columns.append((task.pk, "", None, {Status.WAITING.value: counts[f"t{task.pk}"]}))
    return {"columns": columns, "organizations": counts["organizations"]}


def _summary_journal(*, access, plan, period, organizations, filters: Filters, today) -> Journal | None:
    """How `_summary` follows the journal of due changes: a change moves one count of its column. Not
    with a status filter, whose rows change with the statuses; a due date moved is counted again (it may
    change the rows, or a column's date)."""
    if filters.status:
        return None

    def apply(summary: dict, changes: list[Change]) -> dict | None:
        columns = {(c[0], c[1]): (c[0], c[1], c[2], dict(c[3])) for c in summary["columns"]}
        for change in changes:
            if change.before.due_on != change.after.due_on:
                return None
            due_on = change.after.due_on
            if due_on is None or not period.start <= due_on <= period.end:
                continue
            column = columns.get((change.fields["task_id"], change.fields["period"]))
            if column is None or not tally_shift(
                column[3], change.before.status(today), change.after.status(today)
            ):
                return None
        return {**summary, "columns": list(columns.values())}

    def members() -> QuerySet[Due]:
        dues = Due.objects.filter(plan=plan).exclude(kind=Due.Kind.OWN)
        if filters.active:
            return dues.filter(organization__in=organizations.order_by().values("pk"))
        # Unfiltered, the rows are every organization owing a due of the period (`compliance_organizations`):
        # a due of the period counts unless its organization is a body or the owner, or is out of sight.
        dues = dues.exclude(organization__kind__in=BODY_KINDS).exclude(organization_id=plan.owner_id)
        return dues if access.manages(plan.owner) else dues.filter(access.org_q("organization__"))

    return Journal(members=members, fields=("task_id", "period"), apply=apply)


def compliance_columns(*, summary: dict, shape: PlanShape) -> list[Column]:
    """The plan's obligations falling due in the period (and tasks still waiting for their guidance), in
    the order they fall due, numbered from 1."""
    tasks = {task.pk: task for task in shape.tasks}
    columns = [
        Column(0, tasks.get(task_id), period, due_on, Counter(totals))
        for task_id, period, due_on, totals in summary["columns"]
        if task_id is None or task_id in tasks
    ]
    never = datetime.date.max
    # In the order they fall due (the implementation plan, then each year's report), waiting tasks last.
    columns.sort(
        key=lambda c: (
            c.due_on or never,
            c.task.position if c.task else -1,
            c.task.pk if c.task else 0,
            c.period,
        )
    )
    for number, column in enumerate(columns, start=1):
        column.number = number
    return columns


class _CountedPaginator(Paginator):
    """A paginator told its count (already known from the remembered totals) instead of counting again."""

    def __init__(self, object_list, per_page, *, count: int):
        super().__init__(object_list, per_page)
        self._known_count = count

    @cached_property
    def count(self) -> int:
        return self._known_count


def compliance_grid(
    *,
    access: Access,
    plan: Plan,
    period: Period,
    filters: Filters | None = None,
    page_number=1,
    per_page: int = 50,
    today: datetime.date | None = None,
    with_rows: bool = True,
) -> Grid:
    """The organizations × dues grid of `plan` for `period`: totals over every filtered organization, and the
    cells of one page of organizations only. A fixed number of queries whatever the size of the bloc."""
    today = today or timezone.localdate()
    filters = filters or Filters()
    shape = plan_shape(plan=plan)
    organizations = compliance_organizations(
        access=access, plan=plan, period=period, shape=shape, filters=filters, today=today
    )
    summary = remembered(
        key=f"grid:{plan.pk}:{period.key}:{filters}:{scope_key(access)}",
        day=today,
        compute=lambda: _summary(
            plan=plan, period=period, shape=shape, organizations=organizations, today=today
        ),
        journal=_summary_journal(
            access=access, plan=plan, period=period, organizations=organizations, filters=filters, today=today
        ),
    )
    columns = compliance_columns(summary=summary, shape=shape)
    totals = Counter()
    for column in columns:
        totals.update(column.totals)
    grid = Grid(plan, period, filters, today, columns, totals, summary["organizations"])
    if not with_rows:
        return grid
    # Whether each organization of the page is designated by each task waiting for its guidance comes with
    # the page itself (a CASE per waiting task), not from another query.
    flags = {
        f"waits_{column.task.pk}": Case(
            When(shape.designation[column.task.pk], then=Value(True)), default=Value(False)
        )
        for column in columns
        if column.period == ""
    }
    paginator = _CountedPaginator(
        organizations.only(
            "pk", "name", "short_name", "kind", "path", "depth", "reorganized_on", "ended_on"
        ).annotate(**flags),
        per_page,
        count=summary["organizations"],
    )
    grid.page = paginator.get_page(page_number)
    grid.rows = _rows(plan=plan, period=period, shape=shape, columns=columns, page=grid.page, today=today)
    # Rows are named as at the end of the period (docs/domain.md, "Reorganizations"): one query at most.
    names_prefetch((row.organization, period.end) for row in grid.rows)
    return grid


def _rows(*, plan, period, shape: PlanShape, columns: list[Column], page, today) -> list[Row]:
    """The page's rows: its organizations' cells (statuses computed in SQL) and their totals. One query."""
    organizations = list(page.object_list)
    if not organizations:
        return []
    ids = [org.pk for org in organizations]
    latest = Submission.objects.active().filter(due=OuterRef("pk")).order_by("-version").values("pk")[:1]
    cells: dict[tuple[int, int, str], Cell] = {}
    dues = (
        _plan_dues(plan=plan, period=period, shape=shape)
        .filter(organization_id__in=ids)
        .annotate(
            status=status_expression(today=today),
            submission_id=Subquery(latest, output_field=IntegerField()),
            signed=latest_signed_expression(),
        )
        .values_list("organization_id", "task_id", "period", "pk", "status", "submission_id", "signed")
        .order_by()  # Due's default ordering would join Task to sort rows that are looked up by key anyway
    )
    for org_id, task_id, due_period, due_id, status, submission_id, signed in dues:
        cells[(org_id, task_id or 0, due_period)] = Cell(status, due_id, submission_id, bool(signed))
    keys = [column.key for column in columns]
    waiting_cell = Cell(Status.WAITING.value)
    rows = []
    for org in organizations:
        row_cells: list[Cell | None] = []
        for task_id, due_period in keys:
            if due_period == "":
                row_cells.append(waiting_cell if getattr(org, f"waits_{task_id}", False) else None)
            else:
                row_cells.append(cells.get((org.pk, task_id, due_period)))
        # The row's totals count the statuses SQL gave its cells: the same figures as a GROUP BY, without
        # reading the page's dues twice.
        rows.append(Row(org, row_cells, Counter(cell.status for cell in row_cells if cell is not None)))
    return rows


def own_work(*, access: Access, plan: Plan, period: Period, today: datetime.date) -> list[Due]:
    """The own work of the committee's bodies falling due in the period (docs/domain.md §6), by body then
    task: its own table under the matrix, never counted among the grassroots organizations. One query."""
    dues = list(
        Due.objects.filter(plan=plan, kind=Due.Kind.OWN, due_on__gte=period.start, due_on__lte=period.end)
        .filter(access.org_q("organization__"))
        .annotate(shown=status_expression(today=today))
        .select_related("organization", "task")
        .order_by("organization__path", "task__position", "due_on", "pk")
    )
    names_prefetch((due.organization, due.due_on) for due in dues)  # Due.organization_then
    return dues


def compliance_totals(
    *,
    access: Access,
    plan: Plan,
    period: Period,
    filters: Filters | None = None,
    today: datetime.date | None = None,
) -> tuple[list[Column], Counter]:
    """The columns with their totals and the overall totals: the figures reports print, equal to the matrix's."""
    grid = compliance_grid(
        access=access, plan=plan, period=period, filters=filters, today=today, with_rows=False
    )
    return grid.columns, grid.totals


# --- the dashboard --------------------------------------------------------------------------------------
@dataclass
class Dashboard:
    today: datetime.date
    week_end: datetime.date
    counts: dict[str, int]
    due_soon: list[Due]
    overdue: list[Due]
    to_review: list[Due]
    by_organization: list[dict]


def _latest_submission() -> Subquery:
    latest = Submission.objects.active().filter(due=OuterRef("pk")).order_by("-version").values("pk")[:1]
    return Subquery(latest, output_field=IntegerField())


def dashboard_summary(*, access: Access, today: datetime.date | None = None, limit: int = 8) -> Dashboard:
    """What office staff follow: due this week, overdue, waiting for review, and the organizations most
    behind. A fixed number of queries whatever the size of the bloc: three short lists read through the
    (state, due_on) index, and the bloc-wide counts, remembered."""
    today = today or timezone.localdate()
    week_end = today + datetime.timedelta(days=6)
    dues = grassroots_dues(access)
    # Counting reads every due of the bloc: remembered and kept current on write (tasks.monitoring.behind).
    figures = bloc_figures(
        key=f"dashboard:{limit}:{scope_key(access)}", access=access, today=today, limit=limit
    )
    soon, late, review = conditions(today)
    related = ("organization", "plan__document", "task")
    listed = dues.select_related(*related).only(
        "pk",
        "due_on",
        "state",
        "period",
        "first_submitted_at",
        "organization__name",
        "organization__short_name",
        *TASK_NAME_FIELDS,
        "plan__document__symbol",
    )
    # Ordered by date alone: the (state, due_on) index then yields the first few rows and stops. A tie-breaker
    # would make PostgreSQL sort every due of the earliest date, and every organization shares that date.
    due_soon = list(listed.filter(soon).order_by("due_on")[:limit])
    overdue = list(listed.filter(late).order_by("due_on")[:limit])
    to_review = list(
        listed.filter(review).annotate(submission_id=_latest_submission()).order_by("due_on")[:limit]
    )
    return Dashboard(
        today, week_end, figures["counts"], due_soon, overdue, to_review, figures["by_organization"]
    )


# --- the member in charge -------------------------------------------------------------------------------
@dataclass
class FollowedOrganization:
    organization: Organization
    counts: dict[str, int]
    overdue: list[Due] = field(default_factory=list)
    owed: list[Due] = field(default_factory=list)


def supervision_summary(*, user, page_number=1, per_page: int = 25, today=None, shown: int = 2):
    """The organizations a committee member follows, with what each owes, is late with and has waiting for
    review, and the few dues most pressing. Three queries whatever their number."""
    today = today or timezone.localdate()
    late = Q(dues__state=Due.State.OPEN, dues__due_on__lt=today)
    owed = Q(dues__state=Due.State.OPEN, dues__due_on__gte=today)
    review = Q(dues__state=Due.State.SUBMITTED)
    organizations = (
        # Through the member's own supervision rows (an IN list), never a scan of every organization.
        Organization.objects.filter(
            pk__in=Supervision.objects.current(today).filter(member=user).values("organization_id")
        )
        .annotate(
            overdue=Count("dues", filter=late),
            owed=Count("dues", filter=owed),
            to_review=Count("dues", filter=review),
            returned=Count("dues", filter=Q(dues__state=Due.State.RETURNED)),
        )
        .order_by("path")
    )
    page = Paginator(organizations.only("pk", "name", "short_name", "path"), per_page).get_page(page_number)
    followed = {
        org.pk: FollowedOrganization(
            org,
            {"overdue": org.overdue, "owed": org.owed, "to_review": org.to_review, "returned": org.returned},
        )
        for org in page.object_list
    }
    if followed:
        pressing = (
            Due.objects.filter(organization_id__in=list(followed), state=Due.State.OPEN, due_on__isnull=False)
            .annotate(
                late=Case(When(due_on__lt=today, then=Value(1)), default=Value(0)),
                rank=Window(
                    RowNumber(),
                    partition_by=[F("organization_id"), F("late")],
                    order_by=[F("due_on").asc(), F("pk").asc()],
                ),
            )
            .filter(rank__lte=shown)
            .select_related("task")
            .only("pk", "organization_id", "due_on", "state", "period", *TASK_NAME_FIELDS)
            .order_by("organization_id", "due_on", "pk")
        )
        for due in pressing:
            entry = followed[due.organization_id]
            (entry.overdue if due.late else entry.owed).append(due)
    return page, list(followed.values())
