"""Importing the seed reproduces the demo plan: parse (tasks/plan_import/reading/) + match to the demo tree
(tasks/plan_import/resolution.py) + save (tasks.plan_import.save.plan_import) gives what tasks/demo/plan-62-KH-DUK.json
gives, section by section, task by task, unit by unit."""

import datetime
from collections import Counter
from zoneinfo import ZoneInfo

import pytest
import time_machine

from plans.models import Document, Plan
from tasks.demo.load import demo_load
from tasks.models import Due, Submission, Task
from tasks.plan_import.export import plan_export
from tasks.plan_import.interchange import plan_find, plan_task_keys
from tasks.plan_import.reading import plan_parse
from tasks.plan_import.resolution import (
    directed_groups,
    group_rule,
    issuer_code_match,
    issuing_body_name,
    plan_resolve,
)
from tasks.plan_import.save import plan_import
from tests.plan_import_support import (
    REFERENCE_KEYS,
    demo_plan_data,
    demo_tree_load,
    seed_text,
    walk_tasks,
    without_register_titles,
)

NOW = datetime.datetime(2026, 3, 2, 9, 30, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))
PERIOD = (datetime.date(2023, 1, 1), datetime.date(2025, 12, 31))


@pytest.fixture
def tree(db):
    return demo_tree_load()


def parsed_seed(owner) -> dict:
    data = plan_parse(text=seed_text())
    resolution = plan_resolve(data=data, owner=owner, period=PERIOD)
    assert resolution.errors == []
    assert resolution.notes == []  # every assignee matched an organization or a rule
    return data


def test_the_seed_imports_as_the_demo_plan(tree):
    demo = plan_export(plan=plan_import(data=demo_plan_data()))
    Due.objects.all().delete()
    Plan.objects.all().delete()
    Document.objects.all().delete()

    imported = plan_export(plan=plan_import(data=parsed_seed(tree["dang-uy-khoi"])))

    # The parts the issue names, one by one (a failure says which), then everything at once.
    assert imported["document"] == demo["document"]
    assert (imported["owner"], imported["period"], imported["place"]) == (
        demo["owner"],
        demo["period"],
        demo["place"],
    )
    assert [t["text"] for t in walk_tasks(imported["sections"])] == [
        t["text"] for t in walk_tasks(demo["sections"])
    ]
    for mine, theirs in zip(walk_tasks(imported["sections"]), walk_tasks(demo["sections"]), strict=True):
        for key in ("deadline", "lead", "coordinating", "unit_organizations", "assignees", "assignments"):
            assert mine[key] == theirs[key], (key, mine["text"][:60])
    for key in REFERENCE_KEYS:
        assert without_register_titles(imported)[key] == without_register_titles(demo)[key], key
    assert imported["recipients"] == demo["recipients"]
    assert imported["signature"] == demo["signature"]
    assert imported["warnings"] == demo["warnings"]
    assert without_register_titles(imported) == without_register_titles(demo)

    # The only thing left out: the register's titles, which the demo gives and the text does not.
    assert all(ref["title"] == "" for key in REFERENCE_KEYS for ref in imported[key])
    assert any(ref["title"] for ref in demo["references"])


def test_the_demo_invariants_hold_for_the_imported_seed(tree):
    plan = plan_import(data=parsed_seed(tree["dang-uy-khoi"]))
    keys = plan_task_keys(plan=plan)
    grassroots = {
        code
        for code, org in tree.items()
        if org.is_grassroots and org.path.startswith(tree["dang-uy-khoi"].path)
    }
    implementation = keys["III.3 #1"]  # every grassroots organization sends its plan by 28/02/2023
    assert implementation.due_on == datetime.date(2023, 2, 28) and implementation.precision == "day"
    assert set(implementation.dues.values_list("organization__code", flat=True)) == grassroots
    assert keys["III.5 #1"].units.get(role="lead").organization.code == "duk-ban-to-chuc"
    assert Counter(task.kind for task in keys.values() if task.kind_explicit) == {
        "ongoing": 13,
        "annual": 4,
        "triggered": 4,
        "dated": 2,
    }


def test_importing_the_seed_over_the_loaded_demo_changes_nothing(db):
    with time_machine.travel(NOW, tick=False):
        summary = demo_load()
        plan = summary.plan
        before = plan_export(plan=plan)
        rows = (
            set(Task.objects.values_list("pk", "text")),
            set(Due.objects.values_list("pk", "task_id", "organization_id", "period", "state")),
            set(Submission.objects.values_list("pk", "due_id", "version")),
            Document.objects.count(),
        )
        data = parsed_seed(plan.owner)
        data.pop("period")  # an update keeps the plan's period
        again = plan_import(data=data)
    assert again.pk == plan.pk
    assert plan_export(plan=plan_find(symbol="62-KH/ĐUK")) == before  # titles, guidance 37-HD/TU included
    assert rows == (
        set(Task.objects.values_list("pk", "text")),
        set(Due.objects.values_list("pk", "task_id", "organization_id", "period", "state")),
        set(Submission.objects.values_list("pk", "due_id", "version")),
        Document.objects.count(),
    )


# -- the rules, one at a time ---------------------------------------------------------------------------------


def test_the_issuing_body_is_read_from_the_signature(tree):
    duk = tree["dang-uy-khoi"]
    assert issuing_body_name(authority="T/M BAN THƯỜNG VỤ", owner=duk) == "Ban Thường vụ Đảng ủy Khối"
    assert issuing_body_name(authority="K/T BAN CHẤP HÀNH", owner=duk) == "Ban Chấp hành Đảng ủy Khối"
    # A short name that is not the start of the name ("ĐB Sở Tài chính") is not used.
    finance = tree["db-so-tai-chinh"]
    assert issuing_body_name(authority="T/M BAN THƯỜNG VỤ", owner=finance) == (
        "Ban Thường vụ Đảng bộ Sở Tài chính"
    )
    assert issuing_body_name(authority="T/M CHI BỘ", owner=tree["cb-so-tu-phap"]) == "Chi bộ Sở Tư pháp"
    assert issuing_body_name(authority="", owner=duk) == "Đảng ủy Khối các cơ quan tỉnh"


def test_a_symbols_issuer_code_names_a_committee_on_the_owners_line(tree):
    duk = tree["dang-uy-khoi"]
    assert issuer_code_match(code="TW", owner=duk) == tree["bch-trung-uong"]
    assert issuer_code_match(code="TU", owner=duk) == tree["tinh-uy-binh-dinh"]
    assert issuer_code_match(code="ĐUK", owner=duk) == duk
    assert issuer_code_match(code="ĐUK", owner=tree["cb-so-tu-phap"]) == duk
    assert (
        issuer_code_match(code="ĐU", owner=tree["db-so-tai-chinh"], own_code="ĐU") == tree["db-so-tai-chinh"]
    )
    assert issuer_code_match(code="BTCTU", owner=duk) is None  # not guessed


def test_directed_organizations_carry_the_task_out(tree):
    duk = tree["dang-uy-khoi"]
    rules = directed_groups(text="Chỉ đạo cấp ủy cơ sở làm tốt công tác quản lý đảng viên.", owner=duk)
    assert rules == [
        {
            "label": "Cấp ủy cơ sở",
            "scope": "children",
            "organization": "dang-uy-khoi",
            "kinds": ["grassroots_committee", "grassroots_cell"],
        }
    ]
    cells = directed_groups(
        text="Chỉ đạo, hướng dẫn các chi bộ trực thuộc rà soát.", owner=tree["db-so-tai-chinh"]
    )
    assert [(r["label"], r["organization"], r["kinds"]) for r in cells] == [
        ("Các chi bộ trực thuộc", "db-so-tai-chinh", ["sub_cell"])
    ]
    # "Chỉ đạo, hướng dẫn thực hiện ..." directs the work, not an organization.
    assert (
        directed_groups(text="Chỉ đạo, hướng dẫn thực hiện thí điểm sinh hoạt trực tuyến.", owner=duk) == []
    )


def test_labels_that_name_party_organizations(tree):
    duk = tree["dang-uy-khoi"]

    def rule(label, owner=duk):
        found = group_rule(label=label, owner=owner)
        return found and (found["scope"], found["organization"], found["kinds"])

    both = ["grassroots_committee", "grassroots_cell"]
    assert rule("Cấp ủy, tổ chức đảng") == ("children", "dang-uy-khoi", both)
    assert rule("Các cấp ủy, chi bộ") == ("children", "dang-uy-khoi", both)  # "cấp ủy": either kind
    assert rule("Đảng ủy cơ sở trực thuộc") == ("children", "dang-uy-khoi", ["grassroots_committee"])
    assert rule("Các chi bộ trực thuộc", tree["db-so-tai-chinh"]) == (
        "children",
        "db-so-tai-chinh",
        ["sub_cell"],
    )
    # One body, bare, is the plan's own committee.
    assert rule("Chi ủy", tree["cb-so-tu-phap"]) == ("one", "cb-so-tu-phap", [])
    assert rule("Đảng ủy") == ("one", "dang-uy-khoi", [])
    # Not only Party organizations: left to the other rules.
    assert rule("Các cấp ủy cơ sở và Đoàn Khối") is None
    assert rule("Ban Tổ chức") is None


def test_a_plan_that_names_its_units_keeps_them(tree, tmp_path):
    text = (
        "Số 90-KH/ĐUK\n\nKẾ HOẠCH\nvề một việc\n\nI. NHIỆM VỤ\n"
        "1. Giao Văn phòng Đảng ủy Khối chủ trì, phối hợp với Ủy ban Kiểm tra tổng hợp báo cáo (quý I/2024).\n"
        "2. Đoàn Khối các cơ quan tỉnh\n- Tổ chức hội thi tìm hiểu Nghị quyết (năm 2024).\n"
        "\nT/M BAN THƯỜNG VỤ\nBÍ THƯ\n\nNguyễn Văn A\n"
    )
    data = plan_parse(text=text)
    plan_resolve(
        data=data, owner=tree["dang-uy-khoi"], period=(datetime.date(2024, 1, 1), datetime.date(2024, 12, 31))
    )
    first, second = walk_tasks(data["sections"])
    assert (first["lead"], first["coordinating"], first["assignees"]) == (
        ["Văn phòng Đảng ủy Khối"],
        ["Ủy ban Kiểm tra Đảng ủy Khối"],
        ["Văn phòng Đảng ủy Khối"],
    )
    assert first["unit_organizations"] == {
        "Văn phòng Đảng ủy Khối": "duk-van-phong",
        "Ủy ban Kiểm tra Đảng ủy Khối": "duk-uy-ban-kiem-tra",
    }
    # The heading names the unit: it leads and carries out its tasks.
    assert (second["lead"], second["assignees"]) == (
        ["Đoàn Khối các cơ quan tỉnh"],
        ["Đoàn Khối các cơ quan tỉnh"],
    )
    assert second["assignments"][0]["organization"] == "doan-khoi"
