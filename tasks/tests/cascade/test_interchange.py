"""A child plan in the interchange format: parent, owner, numbers and parent tasks, both ways
(tasks/plan_import/cascade.py, export.py, save.py)."""

import pytest

from plans.models import Plan
from tasks.models import Task
from tasks.plan_import.export import plan_export
from tasks.plan_import.interchange import PlanImportError, plan_validate
from tasks.plan_import.save import plan_import
from tasks.tests.cascade.support import child_plan_data


def test_import_links_each_task_to_the_parent_task_it_carries_out(world):
    plan = plan_import(data=child_plan_data(world))
    assert plan.parent == world.plan and plan.owner == world.org
    linked = {task.text: task.parent_task for task in plan.tasks.select_related("parent_task")}
    assert linked["Học tập, quán triệt Nghị quyết 21-NQ/TW"] == world.ongoing
    assert linked["Xây dựng kế hoạch của các chi bộ trực thuộc"] == world.dated
    assert linked["Đánh giá chất lượng chi bộ hằng năm"] == world.annual


def test_export_writes_parent_owner_numbers_and_parent_tasks(world):
    exported = plan_export(plan=plan_import(data=child_plan_data(world)))
    assert plan_validate(data=exported) == []
    assert exported["parent"] == {"symbol": "62-KH/ĐUK"}
    assert exported["owner"] == world.org.code
    tasks = [task for section in exported["sections"] for task in section["tasks"]]
    assert [task["number"] for task in tasks] == ["I.a", "I.b", "II"]
    assert [task["parent_task"] for task in tasks] == [
        world.ongoing.number,
        world.dated.number,
        world.annual.number,
    ]
    assert plan_export(plan=plan_import(data=exported)) == exported  # a second import changes nothing


def test_owner_may_be_given_by_its_name_as_the_schema_says(world):
    data = child_plan_data(world)
    data["owner"] = "ĐẢNG BỘ SỞ TÀI CHÍNH"
    assert plan_import(data=data).owner == world.org


def test_a_relinked_task_moves_and_an_unlinked_one_is_cleared(world):
    plan = plan_import(data=child_plan_data(world))
    data = child_plan_data(world, links=[world.waiting.number, None, world.annual.number])
    plan_import(data=data)
    tasks = list(plan.tasks.order_by("position"))
    assert [task.parent_task_id for task in tasks] == [world.waiting.pk, None, world.annual.pk]


def test_an_unknown_parent_task_saves_nothing(world):
    data = child_plan_data(world, links=["IX.z", None, None])
    with pytest.raises(PlanImportError) as raised:
        plan_import(data=data)
    assert any("IX.z" in error for error in raised.value.errors)
    assert not Plan.objects.filter(document__symbol="05-KH/ĐU").exists()


def test_a_parent_task_without_a_parent_plan_is_refused(world):
    data = child_plan_data(world)
    data["parent"] = None
    with pytest.raises(PlanImportError):
        plan_import(data=data)
    assert not Task.objects.filter(text__startswith="Học tập, quán triệt Nghị quyết").exists()


def test_the_parent_is_an_object_with_its_symbol_typed_with_or_without_diacritics(world):
    data = child_plan_data(world)
    data["parent"] = "62-KH/DUK"
    with pytest.raises(PlanImportError):  # the schema now wants {"symbol": ...}
        plan_import(data=data)
    data["parent"] = {"symbol": "62-KH/DUK"}  # diacritics left out, as people type it
    assert plan_import(data=data).parent == world.plan
