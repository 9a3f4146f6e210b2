"""Task numbers from their place, and short titles (tasks/planning/numbering.py, docs/domain.md §4)."""

import importlib

import pytest

from tasks.models import Task
from tasks.plan_import.export import plan_export
from tasks.plan_import.interchange import PlanImportError, plan_task_keys
from tasks.plan_import.save import plan_import
from tasks.planning.numbering import (
    bullet_letter,
    derived_short_title,
    numbers_by_place,
    plan_number_tasks,
    section_number,
    task_number,
)
from tests.factories import PlanFactory, SectionFactory, TaskFactory
from tests.plan_import_support import demo_plan_data, demo_tree_load

# --- the rule, on plain values -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("labels", "number"),
    [
        (("II",), "II"),
        (("II", "1"), "II.1"),
        (("II", "2", "2.3"), "II.2.3"),  # "2.3" already holds its parent "2"
        (("II", "2", "2.3", "2.3.1"), "II.2.3.1"),
        (("II", "1", "a"), "II.1.a"),  # a label that does not repeat its parent's is appended
        (("II.", "2.", "2.3."), "II.2.3"),  # the written dots are dropped
        (("II", "1", "a)"), "II.1.a"),
        (("", "1"), "1"),  # an unnumbered section adds nothing
        ((), ""),
    ],
)
def test_a_section_is_numbered_by_its_labels(labels, number):
    assert section_number(labels) == number


def test_letters_run_a_to_z_then_aa():
    assert [bullet_letter(i) for i in (0, 1, 2, 25, 26, 27, 51, 52)] == [
        "a",
        "b",
        "c",
        "z",
        "aa",
        "ab",
        "az",
        "ba",
    ]


def test_a_section_with_one_task_gives_it_its_own_number():
    assert task_number(labels=("II", "5"), index=0, count=1) == "II.5"
    assert task_number(labels=("III", "1"), index=0, count=1) == "III.1"


def test_several_tasks_of_a_section_get_letters_in_order():
    assert [task_number(labels=("II", "2", "2.3"), index=i, count=3) for i in range(3)] == [
        "II.2.3.a",
        "II.2.3.b",
        "II.2.3.c",
    ]
    assert task_number(labels=(), index=1, count=2) == "b"  # a plan without numbering


def test_numbers_by_place_follows_nested_sections_and_plan_order():
    sections = {1: (None, "II"), 2: (1, "2"), 3: (2, "2.3"), 4: (1, "5"), 5: (None, "III")}
    tasks = [("t1", 3), ("t2", 3), ("t3", 4), ("t4", 3), ("t5", 5), ("t6", 5)]
    assert numbers_by_place(sections=sections, tasks=tasks) == {
        "t1": "II.2.3.a",
        "t2": "II.2.3.b",
        "t4": "II.2.3.c",  # by its order among the tasks of its own section
        "t3": "II.5",
        "t5": "III.a",
        "t6": "III.b",
    }


@pytest.mark.parametrize(
    ("text", "title"),
    [
        ("Tổ chức bồi dưỡng kỹ năng, nghiệp vụ công tác xây dựng Đảng", "Tổ chức bồi dưỡng kỹ năng"),
        ("Thực hiện chặt chẽ về điều kiện, tiêu chuẩn (thường xuyên).", "Thực hiện chặt chẽ về điều kiện"),
        # A first clause under 25 characters runs on to the next comma ...
        ("Thường xuyên rà soát, sàng lọc, kiên quyết đưa đảng viên", "Thường xuyên rà soát, sàng lọc"),
        ("Bổ sung, hoàn thiện nội dung, chương trình bồi dưỡng", "Bổ sung, hoàn thiện nội dung"),
        # ... but a sentence end, semicolon, colon or parenthesis always stops it.
        ("Tiếp tục củng cố Đoàn Khối. Chỉ đạo các cấp ủy", "Tiếp tục củng cố Đoàn Khối"),
        ("Tiếp tục củng cố, nâng cao Đoàn Khối. Chỉ đạo, các cấp ủy", "Tiếp tục củng cố, nâng cao Đoàn Khối"),
        ("Rà soát quy chế; sửa đổi, bổ sung", "Rà soát quy chế"),
        ("Làm tốt (thực hiện thường xuyên).", "Làm tốt"),
        ("Ngắn.", "Ngắn"),
        ("Một dòng\nDòng thứ hai, dài", "Một dòng"),
        ("", ""),
    ],
)
def test_a_short_title_is_the_first_words_up_to_the_first_comma(text, title):
    assert derived_short_title(text) == title


def test_a_long_first_clause_is_cut_between_words_within_60_characters():
    text = (
        "Tiếp tục phát huy vai trò của các tổ chức chính trị - xã hội trong tham gia xây dựng Đảng, "
        "xây dựng hệ thống chính trị"
    )
    title = derived_short_title(text)
    assert title == "Tiếp tục phát huy vai trò của các tổ chức chính trị - xã hội…"
    assert len(title) <= 61 and text.startswith(title[:-1])
    assert derived_short_title("x" * 80) == "x" * 60 + "…"  # one word longer than the limit


# --- on the models ----------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_plan_number_tasks_stores_the_numbers_and_follows_a_move():
    plan = PlanFactory()
    root = SectionFactory(plan=plan, label="II", position=0)
    one = SectionFactory(plan=plan, label="1", parent=root, position=1)
    two = SectionFactory(plan=plan, label="2", parent=root, position=2)
    first = TaskFactory(plan=plan, section=one, position=0)
    second = TaskFactory(plan=plan, section=one, position=1)
    alone = TaskFactory(plan=plan, section=two, position=2)
    assert plan_number_tasks(plan=plan) == 3
    assert [Task.objects.get(pk=t.pk).number for t in (first, second, alone)] == ["II.1.a", "II.1.b", "II.2"]
    assert plan_number_tasks(plan=plan) == 0  # nothing to change

    Task.objects.filter(pk=second.pk).update(section=two)
    assert plan_number_tasks(plan=plan) == 3
    assert [Task.objects.get(pk=t.pk).number for t in (first, second, alone)] == ["II.1", "II.2.a", "II.2.b"]


@pytest.mark.django_db
def test_a_task_is_named_by_its_number_then_its_short_title():
    task = TaskFactory(
        text="Tổ chức bồi dưỡng kỹ năng, nghiệp vụ công tác xây dựng Đảng (thực hiện hàng năm)."
    )
    assert task.label == "Tổ chức bồi dưỡng kỹ năng"  # not numbered yet: the title alone
    task.number = "II.2.4.a"
    assert task.label == str(task) == "II.2.4.a – Tổ chức bồi dưỡng kỹ năng"
    task.short_title = "Bồi dưỡng nghiệp vụ công tác Đảng"
    assert task.label == "II.2.4.a – Bồi dưỡng nghiệp vụ công tác Đảng"


# --- the seed -----------------------------------------------------------------------------------------------

SEED_NUMBERS = {
    "II.1 #1": "II.1.a",
    "II.1 #3": "II.1.c",
    "II.2.1 #1": "II.2.1",
    "II.2.2 #3": "II.2.2.c",
    "II.2.3 #1": "II.2.3.a",
    "II.2.3 #2": "II.2.3.b",
    # The third bullet of 2.3 carries two deadlines and is two tasks (docs/domain.md §5): c and d.
    "II.2.3 #3": "II.2.3.c",
    "II.2.3 #4": "II.2.3.d",
    "II.2.3 #5": "II.2.3.e",
    "II.2.4 #1": "II.2.4.a",
    "II.3.1 #4": "II.3.1.d",
    "II.4 #2": "II.4.b",
    "II.5 #1": "II.5",
    "III.1 #1": "III.1",
    "III.3 #1": "III.3.a",
    "III.3 #2": "III.3.b",
    "III.5 #1": "III.5",
}


@pytest.fixture
def demo_plan(db):
    demo_tree_load()
    return plan_import(data=demo_plan_data())


def test_the_seed_is_numbered_by_place(demo_plan):
    keys = plan_task_keys(plan=demo_plan)
    assert {key: keys[key].number for key in SEED_NUMBERS} == SEED_NUMBERS
    numbers = [task.number for task in keys.values()]
    assert len(numbers) == 36 and len(set(numbers)) == 36
    assert keys["II.2.4 #1"].label == "II.2.4.a – Tổ chức bồi dưỡng kỹ năng"
    assert keys["II.2.3 #3"].label == "II.2.3.c – Chỉ đạo, hướng dẫn thực hiện thí điểm sinh hoạt trực tuyến…"


def test_export_writes_the_number_and_import_keeps_a_given_one(demo_plan):
    data = plan_export(plan=demo_plan)
    section = data["sections"][2]["sections"][2]  # III.3
    assert [task["number"] for task in section["tasks"]] == ["III.3.a", "III.3.b"]
    assert "short_title" not in section["tasks"][0]  # none given: derived when shown

    section["tasks"][0].update(number="III.3.1", short_title="Xây dựng kế hoạch thực hiện")
    section["tasks"][1]["number"] = "III.3.2"
    plan_import(data=data)
    task = plan_task_keys(plan=demo_plan)["III.3 #1"]
    assert (task.number, task.label) == ("III.3.1", "III.3.1 – Xây dựng kế hoạch thực hiện")
    again = plan_export(plan=demo_plan)["sections"][2]["sections"][2]["tasks"][0]
    assert (again["number"], again["short_title"]) == ("III.3.1", "Xây dựng kế hoạch thực hiện")

    # A file that states no short title (a plan parsed again from its text) leaves the office's one alone.
    data = plan_export(plan=demo_plan)
    del data["sections"][2]["sections"][2]["tasks"][0]["short_title"]
    plan_import(data=data)
    assert Task.objects.get(pk=task.pk).short_title == "Xây dựng kế hoạch thực hiện"


def test_a_task_added_to_an_exported_file_renumbers_its_section(demo_plan):
    data = plan_export(plan=demo_plan)
    section = data["sections"][2]["sections"][2]  # III.3, numbered III.3.a and III.3.b in the file
    section["tasks"].insert(1, {"text": "Nhiệm vụ mới.", "deadline": {"kind": "ongoing", "explicit": False}})
    plan_import(data=data)
    keys = plan_task_keys(plan=demo_plan)
    assert [keys[f"III.3 #{i}"].number for i in (1, 2, 3)] == ["III.3.a", "III.3.b", "III.3.c"]


def test_import_refuses_a_number_too_long(demo_plan):
    data = plan_export(plan=demo_plan)
    data["sections"][2]["sections"][2]["tasks"][0]["number"] = "III." + "3" * 40
    with pytest.raises(PlanImportError) as raised:
        plan_import(data=data)
    assert "III.3 #1" in str(raised.value)
    assert plan_task_keys(plan=demo_plan)["III.3 #1"].number == "III.3.a"


# --- the migration ------------------------------------------------------------------------------------------
MIGRATION = "tasks.migrations.0006_task_number_short_title"


def test_the_migration_numbers_existing_tasks_as_new_ones_are(demo_plan):
    from django.apps import apps

    expected = dict(Task.objects.values_list("pk", "number"))
    Task.objects.update(number="")
    importlib.import_module(MIGRATION).number_existing_tasks(apps, None)
    assert dict(Task.objects.values_list("pk", "number")) == expected
    assert plan_task_keys(plan=demo_plan)["II.2.3 #3"].number == "II.2.3.c"


def test_the_migration_numbers_with_the_same_rule():
    migration = importlib.import_module(MIGRATION)
    assert migration.numbers_by_place is numbers_by_place
    sections = {10: (None, "III"), 11: (10, "3"), 12: (10, "5")}
    assert migration.numbers_by_place(sections=sections, tasks=[(1, 11), (2, 11), (3, 12)]) == {
        1: "III.3.a",
        2: "III.3.b",
        3: "III.5",
    }
