"""The plan page's outline: the section tree with every task as the page shows it, and a key for the rendered
outline.

Rendering 36 tasks with their units, assignees and counts through the template engine costs several times
what reading them does, and the result changes only when one of those values changes. So the page reads
everything it shows into plain values (below), the key is a digest of exactly those values, and the template
keeps the rendered outline in the cache under that key ({% cache %}). A change to anything shown — a task's
number, short title, text or rule, a unit, an assignee, a count — gives another key, so a remembered outline can never be stale;
an unchanged plan is rendered once. Each task is kept as well under a digest of its own (`TaskLine.key`): after
a submission changes one task's counts, the outline is put together again from the other tasks as they were.
"""

import datetime
import hashlib
from dataclasses import dataclass, field

from django.db.models import prefetch_related_objects

from organizations.access import Access
from tasks.models import Task, TaskUnit
from tasks.monitoring.progress import STATUS_ORDER, ordered_counts, plan_status_counts
from tasks.planning.deadlines import deadline_words
from tasks.planning.numbering import task_label


@dataclass(frozen=True)
class TaskLine:
    pk: int
    number: str
    title: str  # the short title, given or derived (tasks/planning/numbering.py)
    text: str
    deadline: str  # in words: "Thường xuyên", "Trước 28/02/2023", ...
    inferred: bool  # the plan states no deadline: the rule was inferred and should be reviewed
    leads: tuple[str, ...]
    coordinating: tuple[str, ...]
    assignees: tuple[str, ...]
    progress: tuple[tuple[str, int], ...]  # (status, number of dues), in STATUS_ORDER
    due_count: int
    is_waiting: bool  # a triggered task whose guidance has not come yet

    @property
    def label(self) -> str:
        return task_label(number=self.number, title=self.title)

    @property
    def key(self) -> str:
        """A digest of everything the task's part of the outline shows (kept in the cache under it)."""
        return hashlib.sha256(repr(self).encode()).hexdigest()


@dataclass
class SectionNode:
    pk: int
    label: str
    title: str
    text: str
    parent_id: int | None
    task_list: list[TaskLine] = field(default_factory=list)
    child_sections: list["SectionNode"] = field(default_factory=list)


@dataclass
class Outline:
    sections: list[SectionNode]  # the top level
    task_count: int
    totals: list[tuple[str, int]]  # dues of the whole plan by status
    key: str  # digest of everything the rendered outline shows


def plan_outline(*, plan, access: Access, today: datetime.date) -> Outline:
    """The plan's sections and tasks for the plan page, counts limited to the organizations `access` sees.

    Five queries (reporting periods for the annual dates, sections, tasks, units, assignments), and the
    status counts (tasks.monitoring.progress: the data stamp, and the count itself only when the data changed)."""
    prefetch_related_objects([plan], "reporting_periods")
    sections = list(plan.sections.order_by("position", "pk"))
    tasks = list(
        plan.tasks.select_related("awaited_issuer", "trigger_document")
        .prefetch_related("units", "assignments")
        .order_by("position", "pk")
    )
    counts = plan_status_counts(plan=plan, access=access, today=today)
    totals: dict[str, int] = {}
    by_section: dict[int, list[TaskLine]] = {}
    for task in tasks:
        task_counts = counts.get(task.pk, {})
        for status, number in task_counts.items():
            totals[status] = totals.get(status, 0) + number
        by_section.setdefault(task.section_id, []).append(_task_line(task, task_counts))

    nodes = [
        SectionNode(
            pk=section.pk,
            label=section.label,
            title=section.title,
            text=section.text,
            parent_id=section.parent_id,
            task_list=by_section.get(section.pk, []),
        )
        for section in sections
    ]
    by_pk = {node.pk: node for node in nodes}
    top = []
    for node in nodes:
        parent = by_pk.get(node.parent_id) if node.parent_id else None
        # A section whose parent is missing is shown at the top level rather than lost.
        (parent.child_sections if parent else top).append(node)
    key = hashlib.sha256(repr((plan.pk, top)).encode()).hexdigest()
    return Outline(
        sections=top,
        task_count=len(tasks),
        totals=[(status, totals[status]) for status in STATUS_ORDER if totals.get(status)],
        key=key,
    )


def _task_line(task: Task, counts: dict[str, int]) -> TaskLine:
    units = sorted(task.units.all(), key=lambda unit: (unit.position, unit.pk))
    due_count = sum(counts.values())
    return TaskLine(
        pk=task.pk,
        number=task.number,
        title=task.title,
        text=task.text,
        deadline=deadline_words(task),
        inferred=not task.kind_explicit,
        leads=tuple(unit.name for unit in units if unit.role == TaskUnit.Role.LEAD),
        coordinating=tuple(unit.name for unit in units if unit.role == TaskUnit.Role.COORDINATING),
        # A reorganization adds the successor's assignment beside its predecessor's (kept for the past,
        # docs/domain.md §8.2): both carry the plan's wording, shown once.
        assignees=tuple(
            dict.fromkeys(
                assignment.label
                for assignment in sorted(task.assignments.all(), key=lambda a: (a.position, a.pk))
            )
        ),
        progress=tuple(ordered_counts(counts)),
        due_count=due_count,
        is_waiting=task.kind == Task.Kind.TRIGGERED and not task.trigger_document_id and not due_count,
    )
