"""Editing a task from its page: its deadline rule, its units, its assignees, then its dues, in one go.

The page (tasks.planning.views.task_edit) parses its three forms and hands the result to ``task_update``,
which makes every write in one transaction, each audited as it would be on its own: the task and the
assignments through django-auditlog's signals, the units and the dues through ``audit_bulk``
(organizations/audit/trail.py).
"""

from collections.abc import Iterable
from dataclasses import dataclass

from django.db import transaction

from organizations.models import Organization
from tasks.models import Assignment, Task, TaskUnit
from tasks.planning.dues import Regeneration, task_regenerate_dues
from tasks.planning.units import task_set_units


@dataclass(frozen=True, kw_only=True)
class Units:
    """The units of one role as chosen on the page: organizations of the tree, then names outside it."""

    organizations: Iterable[Organization] = ()
    names: Iterable[str] = ()


@transaction.atomic
def task_update(
    *,
    task: Task,
    lead: Units,
    coordinating: Units,
    assignments: Iterable[Assignment] = (),
    removed_assignments: Iterable[Assignment] = (),
) -> Regeneration:
    """Save `task` with its rule as set on it, replace its lead and coordinating units, save `assignments`
    (new ones go after the last) and delete `removed_assignments`; then regenerate its dues, which deletes
    none that has a submission (see the result's ``kept``)."""
    task.save()
    task_set_units(task=task, role=TaskUnit.Role.LEAD, organizations=lead.organizations, names=lead.names)
    task_set_units(
        task=task,
        role=TaskUnit.Role.COORDINATING,
        organizations=coordinating.organizations,
        names=coordinating.names,
    )
    for assignment in removed_assignments:
        assignment.delete()
    position = max((a.position for a in task.assignments.all()), default=-1) + 1
    for assignment in assignments:
        if assignment.pk is None:
            assignment.position, position = position, position + 1
        assignment.save()
    return task_regenerate_dues(task=task)
