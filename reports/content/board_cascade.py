"""What an organization's sub-units reported under its own implementation plans (docs/domain.md §8.1,
cascading plans), for the report it writes on the plan above (§8.3): each answer to a child task is read as an
answer to the parent task that child task carries out, so the secretary's report on 62-KH/ĐUK quotes her
chi bộ trực thuộc task by task; their obligations under her plan (reports and deliverables missing, late,
returned) feed its shortcomings, named with her plan's symbol.

A fixed number of queries per child plan, whatever the number of sub-units.
"""

import dataclasses
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Case, IntegerField, Q, Value, When

from organizations.models import Organization
from plans.models import Plan
from plans.periods import Period
from reports.content.answers import STATES, Answer, Obligation, period_obligations, task_answers
from reports.content.common import plan_tasks
from tasks.monitoring import compliance


@dataclass
class Cascade:
    answers: dict[int, list[Answer]] = field(default_factory=dict)  # parent task id → sub-units' answers
    expected: dict[int, set[int]] = field(
        default_factory=lambda: defaultdict(set)
    )  # parent task id → sub-units
    obligations: list[Obligation] = field(default_factory=list)


def _subunits(*, shape: compliance.PlanShape, issuer: Organization, period: Period):
    """The organizations under `issuer` its child plan addresses, as the tree stood in the period."""
    existed = (Q(started_on__isnull=True) | Q(started_on__lte=period.end)) & (
        Q(ended_on__isnull=True) | Q(ended_on__gt=period.start)
    )
    return Organization.objects.filter(
        shape.designated() & existed, path__startswith=issuer.path, depth__gt=issuer.depth
    ).order_by("path")


def _most_advanced(answers: list[Answer]) -> list[Answer]:
    """One answer per organization (a sub-unit may carry a parent task out through several child tasks): the
    most advanced, in tree order."""
    best: dict[int, Answer] = {}
    for answer in answers:
        kept = best.get(answer.organization_id)
        if kept is None or STATES.index(answer.state) < STATES.index(kept.state):
            best[answer.organization_id] = answer
    return sorted(best.values(), key=lambda a: a.path)


def _child_labels(child: Plan, tasks) -> dict[int, str]:
    """A child task named with its plan, so that it is not taken for the parent plan's task of the same
    number: "Kế hoạch 05-KH/ĐU, III.1 – Xây dựng kế hoạch ..."."""
    return {task.pk: f"{child.document.symbol}, {task.label}" for task in tasks}


def cascade_facts(*, plan: Plan, period: Period, issuer: Organization, today) -> Cascade:
    """The sub-units' answers and obligations under `issuer`'s child plans of `plan` in the period."""
    cascade = Cascade()
    gathered: dict[int, list[Answer]] = defaultdict(list)
    children = Plan.objects.filter(parent=plan, owner=issuer).select_related("document").order_by("pk")
    for child in children:
        shape = compliance.plan_shape(plan=child)
        parents = dict(
            child.tasks.filter(parent_task__isnull=False).values_list("pk", "parent_task_id").order_by()
        )
        subunits = _subunits(shape=shape, issuer=issuer, period=period)
        for task_id, given in task_answers(plan=child, period=period, organizations=subunits).items():
            if task_id in parents:
                gathered[parents[task_id]] += [
                    dataclasses.replace(a, task_id=parents[task_id]) for a in given
                ]
        flags = {
            f"t{task_id}": Case(
                When(shape.designation[task_id], then=Value(1)), default=Value(0), output_field=IntegerField()
            )
            for task_id in parents
        }
        for row in subunits.values("pk", **flags) if flags else ():
            for task_id in parents:
                if row[f"t{task_id}"]:
                    cascade.expected[parents[task_id]].add(row["pk"])
        tasks = plan_tasks(child)
        cascade.obligations += period_obligations(
            plan=child,
            period=period,
            organizations=subunits,
            tasks={task.pk: task for task in tasks},
            labels=_child_labels(child, tasks),
            today=today,
        )
    cascade.answers = {task_id: _most_advanced(given) for task_id, given in gathered.items()}
    return cascade
