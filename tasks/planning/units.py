"""The units a task names as lead (chủ trì) and coordinating (phối hợp)."""

from django.db import transaction

from organizations.audit.trail import Action, audit_bulk
from tasks.models import Task, TaskUnit


@transaction.atomic
def task_set_units(*, task: Task, role: str, organizations=(), names=()) -> list[TaskUnit]:
    """Replace the units of one role: organizations from the tree, then names that are not in the tree.

    A unit already linked to an organization keeps the name it was written with in the plan.
    """
    existing = {
        unit.organization_id: unit.name for unit in task.units.filter(role=role) if unit.organization_id
    }
    task.units.filter(role=role).delete()
    units = [
        TaskUnit(task=task, role=role, organization=org, name=existing.get(org.pk) or org.name)
        for org in organizations
    ]
    seen = {unit.name.casefold() for unit in units}
    for name in names:
        name = " ".join(name.split())
        if name and name.casefold() not in seen:
            seen.add(name.casefold())
            units.append(TaskUnit(task=task, role=role, name=name[:255]))
    for position, unit in enumerate(units):
        unit.position = position
    created = TaskUnit.objects.bulk_create(units)
    audit_bulk(objects=created, action=Action.CREATE)  # bulk_create sends no signal
    return created
