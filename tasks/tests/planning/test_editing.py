"""task_update (tasks/planning/editing.py): the rule, units, assignees and dues of a task written together,
or not at all."""

import datetime

import pytest

from tasks.models import Assignment, Due, Task, TaskUnit
from tasks.planning import editing
from tasks.planning.dues import task_regenerate_dues
from tasks.planning.editing import Units, task_update
from tests.factories import PlanFactory, TaskFactory, build_org_tree

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    tree = build_org_tree(committees=2, cells=1, sub_cells=1)
    plan = PlanFactory(owner=tree.upper)
    task = TaskFactory(plan=plan, dated=True, assign_to=tree.committees[:1])
    task_regenerate_dues(task=task)
    return tree, Task.objects.get(pk=task.pk)


def test_it_saves_the_rule_units_and_assignees_and_moves_the_dues(world):
    tree, task = world
    (kept,) = task.assignments.all()
    task.due_on = datetime.date(2023, 3, 31)
    added = Assignment(task=task, label=tree.committees[1].name, organization=tree.committees[1])
    result = task_update(
        task=task,
        lead=Units(organizations=[tree.organization_board], names=["Ban Tổ chức Tỉnh ủy"]),
        coordinating=Units(names=["Đoàn Khối"]),
        assignments=[added],
    )
    assert (result.created, result.updated) == (1, 1)
    assert set(Due.objects.filter(task=task).values_list("organization_id", "due_on")) == {
        (tree.committees[0].pk, datetime.date(2023, 3, 31)),
        (tree.committees[1].pk, datetime.date(2023, 3, 31)),
    }
    assert added.position == kept.position + 1  # a new assignee goes after the last
    units = TaskUnit.objects.filter(task=task).order_by("role", "position")
    assert [(u.role, u.name, u.organization_id) for u in units] == [
        (TaskUnit.Role.COORDINATING, "Đoàn Khối", None),
        (TaskUnit.Role.LEAD, tree.organization_board.name, tree.organization_board.pk),
        (TaskUnit.Role.LEAD, "Ban Tổ chức Tỉnh ủy", None),
    ]


def test_it_writes_nothing_when_a_later_write_fails(world, monkeypatch):
    tree, task = world
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
