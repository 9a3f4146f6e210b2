"""task_update (tasks/planning/editing.py): the rule, units, assignees and dues of a task written together,
or not at all."""

import datetime

import pytest

from tasks.models import Assignment, Due, Task, TaskUnit
from tasks.planning import editing
from tasks.planning.dues import task_regenerate_dues
from tasks.planning.editing import Units, task_update
from tests.factories import TaskFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def task(world):
    """A task of the world's plan, due 28/02/2023, owed by Đảng bộ Sở Tài chính alone."""
    task = TaskFactory(plan=world.plan, dated=True, assign_to=[world.org])
    task_regenerate_dues(task=task)
    return Task.objects.get(pk=task.pk)


def test_it_saves_the_rule_units_and_assignees_and_moves_the_dues(world, task):
    (kept,) = task.assignments.all()
    task.due_on = datetime.date(2023, 3, 31)
    added = Assignment(task=task, label=world.sibling_org.name, organization=world.sibling_org)
    result = task_update(
        task=task,
        lead=Units(organizations=[world.organization_board], names=["Ban Tổ chức Tỉnh ủy"]),
        coordinating=Units(names=["Đoàn Khối"]),
        assignments=[added],
    )
    # The new assignee's deliverable, and the Ban Tổ chức's own work now that it leads the task (on the
    # task's own deadline, docs/domain.md §6); the first assignee's deliverable moved.
    assert (result.created, result.updated) == (2, 1)
    assert set(Due.objects.filter(task=task).values_list("kind", "organization_id", "due_on")) == {
        (Due.Kind.DELIVERABLE, world.org.pk, datetime.date(2023, 3, 31)),
        (Due.Kind.DELIVERABLE, world.sibling_org.pk, datetime.date(2023, 3, 31)),
        (Due.Kind.OWN, world.organization_board.pk, datetime.date(2023, 3, 31)),
    }
    assert added.position == kept.position + 1  # a new assignee goes after the last
    units = TaskUnit.objects.filter(task=task).order_by("role", "position")
    assert [(u.role, u.name, u.organization_id) for u in units] == [
        (TaskUnit.Role.COORDINATING, "Đoàn Khối", None),
        (TaskUnit.Role.LEAD, world.organization_board.name, world.organization_board.pk),
        (TaskUnit.Role.LEAD, "Ban Tổ chức Tỉnh ủy", None),
    ]


def test_it_writes_nothing_when_a_later_write_fails(task, monkeypatch):
    (assignment,) = task.assignments.all()
    assignment_id = assignment.pk

    def fail(**kwargs):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(editing, "task_regenerate_dues", fail)
    task.due_on = datetime.date(2023, 3, 31)
    with pytest.raises(RuntimeError):
        task_update(
            task=task,
            lead=Units(names=["Ban Tổ chức Tỉnh ủy"]),
            coordinating=Units(),
            removed_assignments=[assignment],
        )
    assert Task.objects.get(pk=task.pk).due_on == datetime.date(2023, 2, 28)
    assert not TaskUnit.objects.filter(task=task).exists()
    assert Assignment.objects.filter(pk=assignment_id).exists()
    assert Due.objects.get(task=task).due_on == datetime.date(2023, 2, 28)
