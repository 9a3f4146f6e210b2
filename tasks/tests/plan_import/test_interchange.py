"""The plan interchange format: export, import, the schema, and `manage.py export_plan`."""

import copy
import datetime
import json
import re
import unicodedata
from collections import Counter
from io import StringIO
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import CommandError, call_command

from organizations.models import Organization
from plans import symbols
from plans.models import Document, Plan
from tasks.demo.load import DEMO_DIR, PLAN_FILE, demo_load, organizations_load
from tasks.models import Due, Submission, Task
from tasks.plan_import.export import plan_export
from tasks.plan_import.interchange import (
    PlanImportError,
    plan_find,
    plan_task_keys,
    plan_validate,
    schema_path,
)
from tasks.plan_import.save import plan_import

NOW = datetime.datetime(2026, 3, 2, 9, 30, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))
SEED = Path(__file__).resolve().parents[3] / "tests" / "data" / "ke-hoach-62-KH-DUK.txt"
SHARED_SCHEMA = Path(__file__).resolve().parents[4] / "shared" / "plan.schema.json"


def demo_plan_data() -> dict:
    return json.loads((DEMO_DIR / PLAN_FILE).read_text(encoding="utf-8"))


@pytest.fixture
def orgs(db):
    import yaml

    data = yaml.safe_load((DEMO_DIR / "organizations.yaml").read_text(encoding="utf-8"))
    organizations_load(data=data["organizations"])


@pytest.fixture
def plan(orgs):
    """Plan 62-KH/ĐUK imported from the demo file, without the demo activity."""
    return plan_import(data=demo_plan_data())


@pytest.fixture
def exported(plan):
    return plan_export(plan=plan)


@pytest.fixture
def demo(db):
    with time_machine.travel(NOW, tick=False):
        yield demo_load()


def walk_sections(sections, path=()):
    for section in sections:
        yield (*path, section["label"]), section
        yield from walk_sections(section["sections"], (*path, section["label"]))


def all_tasks(data) -> list[dict]:
    return [task for _path, section in walk_sections(data["sections"]) for task in section["tasks"]]


def seed_paragraphs() -> list[str]:
    """The seed's paragraphs, emphasis marks removed, a paragraph cut by a page break joined again."""
    text = unicodedata.normalize("NFC", SEED.read_text(encoding="utf-8")).replace("*", "")
    paragraphs: list[str] = []
    for block in re.split(r"\n\s*\n", text):
        block = re.sub(r"\s+", " ", block).strip()
        if not block:
            continue
        if paragraphs and block[0].islower():
            paragraphs[-1] += " " + block  # "khắc" / page break / "phục"
        else:
            paragraphs.append(block)
    return paragraphs


NUMBERED = re.compile(r"^(\d+(?:\.\d+)?)\. ")
ROMAN = re.compile(r"^(I|II|III)- ")


def seed_task_paragraphs() -> list[str]:
    """Paragraphs of sections II and III that are work to do: bullets, paragraphs under a heading, and
    numbered items that have nothing under them (their text is the task)."""
    paragraphs = seed_paragraphs()
    body = paragraphs[paragraphs.index("II- NHIỆM VỤ, GIẢI PHÁP") + 1 : paragraphs.index("Nơi nhận:")]
    tasks = []
    for index, paragraph in enumerate(body):
        following = body[index + 1] if index + 1 < len(body) else ""
        if ROMAN.match(paragraph):
            continue
        numbered = NUMBERED.match(paragraph)
        if numbered:
            label = numbered[1]
            next_number = NUMBERED.match(following)
            has_content = (
                following.startswith("- ")
                or (next_number and next_number[1].startswith(label + "."))
                or (following and not next_number and not ROMAN.match(following))
            )
            if not has_content:
                tasks.append(paragraph[numbered.end() :])
            continue
        tasks.append(paragraph.removeprefix("- "))
    return tasks


# --------------------------------------------------------------------------------------------------------
# The schema


def test_repo_schema_is_the_shared_spec():
    # The repository keeps its own copy so nothing depends on ../shared; when it is there, catch drift.
    if not SHARED_SCHEMA.exists():
        pytest.skip(f"no shared spec beside the repository ({SHARED_SCHEMA}); the repo copy is used")
    assert json.loads(schema_path().read_text(encoding="utf-8")) == json.loads(
        SHARED_SCHEMA.read_text("utf-8")
    )


def test_demo_file_is_valid():
    assert plan_validate(data=demo_plan_data()) == []


def test_export_validates_against_the_schema(exported):
    assert exported["format"] == "plantrack.plan/1"
    assert plan_validate(data=exported) == []


def test_validation_reports_what_is_wrong():
    data = demo_plan_data()
    data["format"] = "other/2"
    data["sections"][1]["sections"][0]["tasks"][0]["deadline"]["kind"] = "sometimes"
    data["references"][0]["issued_on"] = "16/06/2022"
    errors = plan_validate(data=data)
    assert any(error.startswith("format:") for error in errors)
    assert any(error.startswith("sections/1/sections/0/tasks/0/deadline/kind:") for error in errors)
    assert any(error.startswith("references/0/issued_on:") for error in errors)


# --------------------------------------------------------------------------------------------------------
# The content of plan 62-KH/ĐUK


def test_document_owner_and_period(exported, plan):
    assert exported["document"]["symbol"] == "62-KH/ĐUK"
    assert exported["document"]["type"] == "KH"
    assert exported["document"]["issuer"] == "ĐUK"
    assert exported["document"]["issued_on"] is None  # the seed's copy has no date
    assert exported["document"]["title"].startswith("thực hiện Nghị quyết số 21-NQ/TW, ngày 16/6/2022")
    assert exported["owner"] == "dang-uy-khoi"
    assert exported["period"] == {"start": "2023-01-01", "end": "2025-12-31"}
    assert plan.owner.code == "dang-uy-khoi"
    assert plan.document.issuer.code == "dang-uy-khoi"
    # The seed asks for a report on the results every year (section III): one yearly period, 15/12.
    assert [(p.kind, p.day, p.month) for p in plan.reporting_periods.all()] == [("annual", 15, 12)]


def test_sections_follow_the_seed(exported):
    top = exported["sections"]
    assert [(s["label"], s["title"]) for s in top] == [
        ("I", "MỤC ĐÍCH, YÊU CẦU"),
        ("II", "NHIỆM VỤ, GIẢI PHÁP"),
        ("III", "TỔ CHỨC THỰC HIỆN"),
    ]
    purposes = top[0]["sections"]
    assert [s["label"] for s in purposes] == ["1", "2", "3"]
    assert all(s["text"] and not s["tasks"] and not s["sections"] for s in purposes)
    assert not top[0]["tasks"]
    tasks_section = top[1]
    assert [s["label"] for s in tasks_section["sections"]] == ["1", "2", "3", "4", "5"]
    assert [s["label"] for s in tasks_section["sections"][1]["sections"]] == ["2.1", "2.2", "2.3", "2.4"]
    assert [s["label"] for s in tasks_section["sections"][2]["sections"]] == ["3.1", "3.2", "3.3"]
    assert [s["label"] for s in top[2]["sections"]] == ["1", "2", "3", "4", "5"]
    paragraphs = seed_paragraphs()
    for section in purposes:
        assert f"{section['label']}. {section['text']}" in paragraphs


def test_it_has_36_tasks_with_the_written_deadlines(exported):
    tasks = all_tasks(exported)
    assert len(tasks) == 36
    explicit = Counter(task["deadline"]["kind"] for task in tasks if task["deadline"]["explicit"])
    assert explicit == {"ongoing": 13, "annual": 4, "triggered": 4, "dated": 2}
    inferred = [task["deadline"] for task in tasks if not task["deadline"]["explicit"]]
    assert Counter(d["kind"] for d in inferred) == {"ongoing": 12, "annual": 1}
    assert [d["source"] for d in inferred if d["kind"] == "annual"] == ["định kỳ hàng năm"]
    assert all(d["source"] is None for d in inferred if d["kind"] == "ongoing")

    dated = {
        (d["source"], d["due_on"], d["precision"]) for t in tasks if (d := t["deadline"])["kind"] == "dated"
    }
    assert dated == {
        ("hoàn thành tháng 6/2023", "2023-06-30", "month"),
        ("trước ngày 28/02/2023", "2023-02-28", "day"),
    }
    for task in tasks:
        deadline = task["deadline"]
        if deadline["kind"] == "triggered":
            assert deadline["source"] == "sau khi Tỉnh ủy có hướng dẫn"
            assert deadline["trigger"] == "Tỉnh ủy có hướng dẫn"
            assert deadline["awaited_issuer"] == "tinh-uy-binh-dinh"
            assert deadline["awaited_type"] == "HD"
        if deadline["explicit"] and deadline["kind"] in ("ongoing", "annual", "triggered"):
            assert f"({deadline['source']})" in task["text"]


def test_one_bullet_with_two_annotations_is_two_tasks(plan):
    keys = plan_task_keys(plan=plan)
    first, second = keys["II.2.3 #3"], keys["II.2.3 #4"]
    assert first.text.startswith("Chỉ đạo, hướng dẫn thực hiện thí điểm sinh hoạt trực tuyến")
    assert first.text.endswith("(sau khi Tỉnh ủy có hướng dẫn).")
    assert first.kind == Task.Kind.TRIGGERED
    assert second.text.startswith("Tiếp tục duy trì sinh hoạt tổ đảng")
    assert second.kind == Task.Kind.ONGOING and second.kind_explicit
    assert "khắc phục tình trạng tùy tiện" in keys["II.3.2 #1"].text


def test_no_task_text_is_lost(exported):
    texts = [task["text"] for task in all_tasks(exported)]
    joined = " ".join(texts)
    expected = seed_task_paragraphs()
    assert len(expected) == 35  # 36 tasks: one seed bullet carries two deadlines
    for paragraph in expected:
        assert paragraph in joined, paragraph[:80]
        for sentence in re.split(r"(?<=\.) (?=[A-ZĐ])", paragraph):
            assert any(sentence in text for text in texts), sentence[:80]
    assert not any("*" in text for text in texts)


def test_every_cited_document_with_its_date(exported, plan):
    # The misquoted "Nghị quyết số 21-KL/TW, ngày 16/6/2022" is Resolution 21-NQ/TW, cited just before it: the
    # plan cites that document once (issue 17 item 6); the misquote stays in the basis, flagged (below).
    expected = [
        ("21-NQ/TW", "2022-06-16"),
        ("43-KH/TU", "2022-10-25"),
        ("56-KH/ĐUK", "2022-12-02"),
        ("18-KH/ĐUK", "2021-08-02"),
        ("36-KH/ĐUK", "2022-03-10"),
        ("21-KL/TW", "2021-10-25"),
        ("1972-QĐ/TU", "2015-06-10"),
        ("213-QĐ/TW", "2020-01-02"),
        ("58-QĐ/TW", "2022-02-08"),
        ("28-CT/TW", "2019-01-21"),
        ("05-CTr/TU", None),
    ]
    assert [(r["symbol"], r["issued_on"]) for r in exported["references"]] == expected
    for symbol, issued_on in expected:
        date = datetime.date.fromisoformat(issued_on) if issued_on else None
        assert Document.objects.filter(symbol=symbol, issued_on=date).count() == 1, symbol
    # No register entry for a document that does not exist.
    assert not Document.objects.filter(symbol="21-KL/TW", issued_on=datetime.date(2022, 6, 16)).exists()
    # Every symbol the seed writes (spaces normalized) is a reference, except the plan's own.
    seed = unicodedata.normalize("NFC", SEED.read_text(encoding="utf-8"))
    written = {symbols.normalize_symbol(m) for m in re.findall(r"\d+\s*-\s*[A-Za-zĐđ]+/[A-ZĐ]+", seed)}
    assert written - {"62-KH/ĐUK"} == {symbol for symbol, _date in expected}
    assert [(r["symbol"], r["issued_on"]) for r in exported["implements"]] == [("21-NQ/TW", "2022-06-16")]
    assert [(r["symbol"], r["issued_on"]) for r in exported["basis"]] == [
        ("21-KL/TW", "2022-06-16"),
        ("43-KH/TU", "2022-10-25"),
    ]
    assert {r["stated_type"] for r in exported["references"] if r["symbol"] == "213-QĐ/TW"} == {"QĐ"}


def test_the_flawed_citation_stays_visible_with_a_warning(exported, plan):
    flawed = [r for r in exported["basis"] if r["symbol"] == "21-KL/TW" and r["issued_on"] == "2022-06-16"]
    assert len(flawed) == 1
    assert flawed[0]["type"] == "KL"
    assert flawed[0]["stated_type"] == "NQ"
    assert flawed[0]["warning"] and "21-KL/TW" in flawed[0]["warning"]
    assert flawed[0]["written_as"] == "Nghị quyết số 21-KL/TW, ngày 16/6/2022"
    conclusion = [
        r for r in exported["references"] if r["symbol"] == "21-KL/TW" and r["issued_on"] == "2021-10-25"
    ]
    assert conclusion[0]["stated_type"] == "KL" and conclusion[0]["warning"] is None
    assert all(r["warning"] is None for r in exported["references"] if r["symbol"] != "21-KL/TW")
    assert any("21-KL/TW" in warning for warning in exported["warnings"])
    # It links to the document it means, registered once (issue 17 item 6), keeping its words.
    reference = plan.references.get(role="basis", written_as__startswith="Nghị quyết số 21-KL/TW")
    assert (reference.document.symbol, reference.document.issued_on) == (
        "21-NQ/TW",
        datetime.date(2022, 6, 16),
    )
    assert not reference.document.warning


def test_a_regulation_keeps_its_type_word(plan):
    """213-QĐ/TW and 58-QĐ/TW are Quy định, written so; 1972-QĐ/TU is a Quyết định (issue 17 item 6)."""
    words = {d.symbol: d.type_name for d in Document.objects.filter(doc_type="QĐ")}
    assert words == {"213-QĐ/TW": "quy định", "58-QĐ/TW": "quy định", "1972-QĐ/TU": "quyết định"}
    assert Document.objects.get(symbol="213-QĐ/TW").stated_type == "QĐ"


def test_recipients_and_signature(exported):
    assert exported["recipients"] == [
        "Ban Tổ chức Tỉnh ủy (b/c)",
        "Đồng chí Nguyễn Giờ - UV BTV TU",
        "Trưởng ban Tổ chức Tỉnh ủy (b/c),",
        "Các đ/c UVBCH Đảng bộ Khối,",
        "Các chi ủy, đảng ủy cơ sở trực thuộc,",
        "Các ban, UBKT, VP Đảng ủy Khối,",
        "Đoàn Khối,",
        "Website ĐUK,",
        "Lưu VP, BTC.",
    ]
    assert exported["signature"] == {
        "authority": "T/M BAN THƯỜNG VỤ",
        "title": "BÍ THƯ",
        "name": "Nguyễn Đặng Thị Thu Hòa",
    }


def test_lead_coordinating_and_assignees(exported, plan):
    keys = plan_task_keys(plan=plan)
    tasks = {key: task for key, task in zip(keys, all_tasks(exported), strict=True)}
    iii5 = tasks["III.5 #1"]
    assert iii5["lead"] == ["Ban Tổ chức Đảng ủy Khối"]
    assert iii5["coordinating"][:3] == [
        "Ban Tuyên giáo Đảng ủy Khối",
        "Ủy ban Kiểm tra Đảng ủy Khối",
        "Văn phòng Đảng ủy Khối",
    ]
    assert iii5["unit_organizations"]["Ban Tổ chức Đảng ủy Khối"] == "duk-ban-to-chuc"
    assert tasks["II.2.2 #3"]["coordinating"][0] == "Ban Tổ chức Tỉnh ủy"
    unit = keys["II.2.2 #3"].units.get(role="coordinating", position=0)
    assert unit.organization.code == "ban-to-chuc-tinh-uy"
    assert all(task["lead"] for task in tasks.values())
    assert tasks["II.1 #2"]["lead"] == ["Ban Thường vụ Đảng ủy Khối"]

    def organizations(key):
        return set(keys[key].dues.values_list("organization__code", flat=True))

    # Work of the committee itself is its office's own work (docs/domain.md §6).
    assert organizations("III.1 #1") == {"duk-van-phong"}
    assert organizations("III.2 #1") == {
        "duk-ban-to-chuc",
        "duk-ban-tuyen-giao",
        "duk-uy-ban-kiem-tra",
        "duk-van-phong",
    }
    assert organizations("III.4 #1") == organizations("III.4 #2") == {"doan-khoi"}
    grassroots = set(
        Organization.objects.filter(kind__in=Organization.GRASSROOTS_KINDS).values_list("code", flat=True)
    )
    # III.3's implementation plan is a deliverable of every grassroots organization; II.1 is ongoing: a line
    # of the periodic report each of them owes, and the Standing Committee's own work (its office's).
    assert organizations("III.3 #1") == grassroots
    assert organizations("III.3 #2") == set()  # "report every year": the periodic report itself
    assert organizations("II.1 #1") == {"duk-van-phong"}
    reports = Due.objects.filter(plan=plan, kind=Due.Kind.REPORT)
    assert set(reports.values_list("organization__code", flat=True)) == grassroots
    assert tasks["II.1 #1"]["assignees"] == ["Các cấp ủy cơ sở trong Khối"]
    assert tasks["II.1 #1"]["assignments"] == [
        {
            "label": "Các cấp ủy cơ sở trong Khối",
            "scope": "children",
            "organization": "dang-uy-khoi",
            "kinds": ["grassroots_committee", "grassroots_cell"],
        }
    ]


def test_triggered_tasks_have_no_dues_until_guidance(plan):
    triggered = plan.tasks.filter(kind=Task.Kind.TRIGGERED)
    assert triggered.count() == 4
    assert not Due.objects.filter(task__in=triggered).exists()


# --------------------------------------------------------------------------------------------------------
# Import: round trip and idempotence


def rows(plan):
    return {
        "sections": list(plan.sections.order_by("pk").values()),
        "tasks": list(plan.tasks.order_by("pk").values()),
        "units": list(Task.units.rel.related_model.objects.filter(task__plan=plan).order_by("pk").values()),
        "assignments": list(
            Task.assignments.rel.related_model.objects.filter(task__plan=plan).order_by("pk").values()
        ),
        "references": list(plan.references.order_by("pk").values()),
        "dues": list(Due.objects.filter(task__plan=plan).order_by("pk").values()),
        "documents": list(Document.objects.order_by("pk").values()),
        "plan": list(Plan.objects.filter(pk=plan.pk).values()),
    }


def test_export_import_export_is_identical_on_the_demo(demo):
    plan = plan_find(symbol="62-KH/ĐUK")
    first = plan_export(plan=plan)
    before = rows(plan)
    with time_machine.travel(NOW, tick=False):
        again = plan_import(data=copy.deepcopy(first))
    assert again.pk == plan.pk
    assert plan_export(plan=again) == first
    assert rows(plan) == before  # same rows, same primary keys, dues untouched


def test_export_import_export_through_a_new_plan(demo):
    first = plan_export(plan=plan_find(symbol="62-KH/ĐUK"))
    copy_data = copy.deepcopy(first)
    copy_data["document"].update(symbol="63-KH/ĐUK", number="63")
    with time_machine.travel(NOW, tick=False):
        created = plan_import(data=copy_data)
    assert created.document.symbol == "63-KH/ĐUK"
    assert created.document.pk != plan_find(symbol="62-KH/ĐUK").document.pk
    second = plan_export(plan=created)
    assert second == copy_data
    assert created.tasks.count() == 36
    assert (
        Due.objects.filter(task__plan=created).count()
        == Due.objects.filter(task__plan__document__symbol="62-KH/ĐUK").count()
    )


def test_importing_the_same_file_twice_changes_nothing(plan):
    before = rows(plan)
    again = plan_import(data=demo_plan_data())
    assert again.pk == plan.pk
    assert rows(plan) == before


def test_reimport_updates_in_place_and_keeps_submissions(demo):
    plan = plan_find(symbol="62-KH/ĐUK")
    task = plan_task_keys(plan=plan)["III.3 #1"]
    submissions = Submission.objects.filter(due__task=task).count()
    assert submissions
    data = plan_export(plan=plan)
    section = data["sections"][2]["sections"][2]
    section["tasks"][0]["text"] += " (đã sửa)"
    section["tasks"].insert(1, {"text": "Nhiệm vụ mới.", "deadline": {"kind": "ongoing", "explicit": False}})
    with time_machine.travel(NOW, tick=False):
        plan_import(data=data)
    task.refresh_from_db()
    assert task.text.endswith("(đã sửa)")
    assert Submission.objects.filter(due__task=task).count() == submissions
    keys = plan_task_keys(plan=plan)
    assert keys["III.3 #1"].pk == task.pk
    assert keys["III.3 #2"].text == "Nhiệm vụ mới."
    assert keys["III.3 #3"].text.startswith("Chỉ đạo cấp ủy, tổ chức đảng trực thuộc đảng ủy cơ sở")
    assert plan.tasks.count() == 37


def test_a_task_with_submissions_cannot_be_dropped(demo):
    plan = plan_find(symbol="62-KH/ĐUK")
    data = plan_export(plan=plan)
    del data["sections"][2]["sections"][2]["tasks"][0]
    with pytest.raises(PlanImportError) as raised:
        plan_import(data=data)
    assert "Căn cứ nhiệm vụ, giải pháp" in str(raised.value)  # names the task, in either language
    assert plan.tasks.count() == 36


def test_import_rejects_what_it_cannot_place(orgs):
    data = demo_plan_data()
    data["owner"] = "no-such-committee"
    data["sections"][1]["sections"][0]["tasks"][0]["assignments"][0]["organization"] = "nowhere"
    with pytest.raises(PlanImportError) as raised:
        plan_import(data=data)
    assert any("no-such-committee" in error for error in raised.value.errors)
    assert any("nowhere" in error for error in raised.value.errors)
    assert not Plan.objects.exists()

    data = demo_plan_data()
    del data["format"]
    with pytest.raises(PlanImportError):
        plan_import(data=data)

    data = demo_plan_data()
    data["sections"][1]["sections"][0]["tasks"][0]["deadline"] = {"kind": "dated", "explicit": True}
    with pytest.raises(PlanImportError) as raised:
        plan_import(data=data)
    assert raised.value.errors[0].startswith("II.1 #1: ")
    assert not Plan.objects.exists()


def test_minimal_schema_data_imports_with_owner_and_period(orgs):
    owner = Organization.objects.get(code="db-so-tai-chinh")
    data = {
        "format": "plantrack.plan/1",
        "document": {"symbol": "05- KH/ĐU", "type": "KH", "issued_on": "2023-02-20"},
        "references": [{"symbol": "62-KH/ĐUK", "stated_type": "KH"}],
        "sections": [
            {
                "label": "I",
                "title": "NHIỆM VỤ",
                "tasks": [
                    {
                        "text": "Báo cáo định kỳ (thực hiện hàng năm).",
                        "deadline": {"kind": "annual", "explicit": True, "source": "thực hiện hàng năm"},
                        "assignees": ["Chi bộ Văn phòng Sở Tài chính"],
                    }
                ],
            }
        ],
    }
    plan = plan_import(
        data=data,
        owner=owner,
        period_start=datetime.date(2023, 1, 1),
        period_end=datetime.date(2025, 12, 31),
    )
    assert plan.document.symbol == "05-KH/ĐU"
    assert plan.document.issuer == owner
    # An annual task without a day of its own is a line of the yearly report, which its assignee owes.
    assert not Due.objects.filter(task__plan=plan).exists()
    assert [due.period for due in Due.objects.filter(plan=plan).order_by("due_on")] == [
        "2023",
        "2024",
        "2025",
    ]
    assert set(Due.objects.filter(plan=plan).values_list("organization__code", flat=True)) == {
        "cb-tc-van-phong"
    }
    exported = plan_export(plan=plan)
    assert plan_validate(data=exported) == []
    assert exported["references"][0]["symbol"] == "62-KH/ĐUK"

    data["sections"][0]["tasks"][0]["assignees"] = ["Một đơn vị không có"]
    with pytest.raises(PlanImportError) as raised:
        plan_import(data=data, owner=owner)
    assert "Một đơn vị không có" in str(raised.value)


# --------------------------------------------------------------------------------------------------------
# manage.py export_plan


def test_export_plan_command_writes_json(plan, tmp_path):
    out = StringIO()
    call_command("export_plan", "62-KH/ĐUK", stdout=out)
    assert json.loads(out.getvalue()) == plan_export(plan=plan)
    assert "Đảng ủy Khối" in out.getvalue()  # not \\u-escaped

    target = tmp_path / "plan.json"
    call_command("export_plan", "62-KH/DUK", "--output", str(target), stdout=StringIO(), stderr=StringIO())
    text = target.read_text(encoding="utf-8")
    assert json.loads(text) == plan_export(plan=plan)
    assert text.startswith('{\n  "format": "plantrack.plan/1"')


def test_export_plan_command_rejects_an_unknown_symbol(plan):
    with pytest.raises(CommandError, match="99-KH/ĐUK"):
        call_command("export_plan", "99-KH/ĐUK", stdout=StringIO())
    with pytest.raises(CommandError, match="not-a-symbol"):
        call_command("export_plan", "not-a-symbol", stdout=StringIO())


def test_plan_find_ignores_diacritics_and_spaces(plan):
    assert plan_find(symbol="62-KH/DUK") == plan
    assert plan_find(symbol="62 - kh/đuk") == plan
    assert plan_find(symbol="62-KH/TU") is None


def test_the_register_shows_the_misquote_on_the_document_it_means(client, plan):
    """The office reads on 21-NQ/TW's page how 62-KH/ĐUK misquotes it, and 213-QĐ/TW as a Quy định."""
    from organizations.models import Membership
    from tests.factories import make_member

    office = Organization.objects.get(code="duk-van-phong")
    client.force_login(make_member(office, Membership.Role.SPECIALIST, username="vp.test"))
    resolution = Document.objects.get(symbol="21-NQ/TW", issued_on=datetime.date(2022, 6, 16))
    html = client.get(f"/documents/{resolution.pk}/").content.decode()
    assert "62-KH/ĐUK trích dẫn văn bản này là “Nghị quyết số 21-KL/TW, ngày 16/6/2022”" in html
    regulation = Document.objects.get(symbol="213-QĐ/TW")
    assert "Quy định số 213-QĐ/TW" in client.get(f"/documents/{regulation.pk}/").content.decode()
    listing = client.get("/documents/", {"q": "213"}).content.decode()
    assert "<td>Quy định</td>" in listing and "<td>Quyết định</td>" not in listing
