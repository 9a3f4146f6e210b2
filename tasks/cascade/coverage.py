"""Coverage of a plan by its children (docs/domain.md §8.1): for the parent plan's office, which
organizations have written their implementation plan, which parent tasks each one carries out (and by which
of its own tasks), and what deserves a look: a child task due after the parent task it carries out, a parent
task addressed to the organization that its plan does not take up.

The rows are the grassroots organizations the parent plan addresses, and any other organization that wrote a
child plan. Who a task is addressed to is read from its assignments (tasks/planning/assignees.py) in Python,
so the page runs a fixed number of queries whatever the size of the bloc or of the plans.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, F, Q
from django.utils.translation import gettext as _

from organizations.models import Organization
from plans.models import Plan
from tasks.models import Assignment, Due, Task


@dataclass
class CoverageRow:
    organization: Organization
    plan: Plan | None  # its child plan, if it has written one
    cells: list[list[str]]  # per parent task, the numbers of the child tasks carrying it out
    warnings: list[str] = field(default_factory=list)
    late: list[list[bool]] = field(default_factory=list)  # per cell, whether the child task is due later
    rollup: dict[str, int] = field(default_factory=dict)  # its sub-units' dues under its plan, by state

    @property
    def covered(self) -> int:
        return sum(1 for cell in self.cells if cell)


@dataclass
class Coverage:
    plan: Plan
    tasks: list[Task]  # the parent plan's tasks, in plan order
    rows: list[CoverageRow]
    counts: list[int]  # per parent task, how many organizations carry it out

    @property
    def with_plan(self) -> int:
        return sum(1 for row in self.rows if row.plan is not None)


def _designates(assignment: Assignment, organization: Organization) -> bool:
    """The Python twin of tasks.planning.assignees.assignment_query, for one organization."""
    anchor = assignment.organization
    if assignment.scope == Assignment.Scope.ONE:
        return organization.pk == anchor.pk
    if not organization.path.startswith(anchor.path) or not organization.is_active:
        return False
    if assignment.scope == Assignment.Scope.CHILDREN and organization.depth != anchor.depth + 1:
        return False
    if organization.depth <= anchor.depth:
        return False
    return not assignment.kinds or organization.kind in assignment.kinds


def _deadline(task: Task) -> datetime.date | None:
    return task.due_on if task.kind == Task.Kind.DATED else None


def _kinds_below(owner: Organization) -> tuple[str, ...]:
    """Whose plans carry out a plan of `owner`: the grassroots organizations under a committee above them;
    under a grassroots committee, its own đảng bộ bộ phận and chi bộ trực thuộc (docs/domain.md §2)."""
    if owner.kind in Organization.GRASSROOTS_KINDS:
        return (Organization.Kind.SUB_COMMITTEE, Organization.Kind.SUB_CELL)
    return Organization.GRASSROOTS_KINDS


def _rollups(children: list[Plan]) -> dict[int, dict[str, int]]:
    """Read-only roll-up for the parent's office: per child plan, how its owner's sub-units stand on what
    they owe under it (one query)."""
    states = Due.State
    rows = (
        Due.objects.filter(task__plan__in=children)
        .exclude(organization_id=F("task__plan__owner_id"))
        .values("task__plan_id")
        .annotate(
            total=Count("pk"),
            handed_in=Count("pk", filter=~Q(state=states.OPEN)),
            accepted=Count("pk", filter=Q(state=states.ACCEPTED)),
        )
    )
    return {row.pop("task__plan_id"): row for row in rows}


def plan_coverage(*, plan: Plan) -> Coverage:
    """Who carries out which task of `plan` through a plan of their own (six queries)."""
    tasks = list(
        plan.tasks.order_by("position", "pk").only(
            "plan_id", "number", "text", "short_title", "kind", "due_on"
        )
    )
    index = {task.pk: i for i, task in enumerate(tasks)}
    assignments: dict[int, list[Assignment]] = {}
    for assignment in Assignment.objects.filter(task__plan=plan).select_related("organization"):
        assignments.setdefault(assignment.task_id, []).append(assignment)
    children = {child.owner_id: child for child in plan.children.select_related("document", "owner")}
    owner = plan.owner
    organizations = Organization.objects.filter(
        path__startswith=owner.path,
        depth__gt=owner.depth,
        kind__in=_kinds_below(owner),
        is_active=True,
    ).order_by("path")
    rows = {org.pk: org for org in organizations}
    rows.update({child.owner_id: child.owner for child in children.values()})
    child_tasks = Task.objects.filter(plan__in=list(children.values()), parent_task__plan=plan).only(
        "plan_id", "number", "parent_task_id", "kind", "due_on"
    )
    by_plan: dict[int, list[Task]] = {}
    for task in child_tasks.order_by("position", "pk"):
        by_plan.setdefault(task.plan_id, []).append(task)

    rollups = _rollups(list(children.values()))
    result = []
    counts = [0] * len(tasks)
    for organization in sorted(rows.values(), key=lambda org: org.path):
        child = children.get(organization.pk)
        row = CoverageRow(
            organization=organization,
            plan=child,
            cells=[[] for _ in tasks],
            late=[[] for _ in tasks],
            rollup=rollups.get(child.pk, {}) if child else {},
        )
        for task in by_plan.get(child.pk, []) if child else []:
            column = index[task.parent_task_id]
            parent_task = tasks[column]
            late = bool(
                _deadline(task) and _deadline(parent_task) and _deadline(task) > _deadline(parent_task)
            )
            row.cells[column].append(task.number)
            row.late[column].append(late)
            if late:
                row.warnings.append(
                    _("%(child)s is due %(child_date)s, after %(parent)s (%(parent_date)s).")
                    % {
                        "child": task.number,
                        "child_date": _deadline(task).strftime("%d/%m/%Y"),
                        "parent": parent_task.number,
                        "parent_date": _deadline(parent_task).strftime("%d/%m/%Y"),
                    }
                )
        if child is not None:
            missed = [
                task.number
                for i, task in enumerate(tasks)
                if not row.cells[i]
                and any(_designates(a, organization) for a in assignments.get(task.pk, []))
            ]
            if missed:
                row.warnings.append(
                    _("Addressed to it but not taken up: %(numbers)s.") % {"numbers": ", ".join(missed)}
                )
        for i, cell in enumerate(row.cells):
            counts[i] += bool(cell)
        result.append(row)
    return Coverage(plan=plan, tasks=tasks, rows=result, counts=counts)
