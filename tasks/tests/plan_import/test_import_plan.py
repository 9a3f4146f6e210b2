"""`manage.py import_plan FILE [--dry-run]`: a plan's text, Word file or interchange JSON into the database."""

import json
from io import StringIO

import pytest
import yaml
from django.core.management import CommandError, call_command

from organizations.models import Organization
from plans.models import Document, Plan
from tasks.demo.load import DEMO_DIR, organizations_load
from tasks.models import Due, Task
from tasks.plan_import.export import plan_export
from tasks.plan_import.reading import plan_parse
from tasks.plan_import.resolution import assignee_rule, organization_match, trigger_resolve
from tasks.tests.plan_import.test_parser import SEED
from tasks.tests.plan_import.test_parser_docx import seed_docx

PERIOD = ["--start", "2023", "--end", "2025"]


@pytest.fixture
def tree(db):
    data = yaml.safe_load((DEMO_DIR / "organizations.yaml").read_text(encoding="utf-8"))
    organizations_load(data=data["organizations"])
    return {org.code: org for org in Organization.objects.all()}


@pytest.fixture(scope="module")
def seed_text() -> str:
    return SEED.read_text(encoding="utf-8")


def run(*args) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("import_plan", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def nothing_saved() -> bool:
    return not (
        Plan.objects.exists() or Task.objects.exists() or Document.objects.exists() or Due.objects.exists()
    )


def walk_tasks(sections):
    for section in sections:
        yield from section["tasks"]
        yield from walk_tasks(section["sections"])


# -- dry run ------------------------------------------------------------------------------------------------


def test_dry_run_prints_only_the_interchange_json_and_saves_nothing(db, seed_text):
    out, err = run(str(SEED), "--dry-run")
    assert json.loads(out) == plan_parse(text=seed_text)
    assert "21-KL/TW" in err  # the parser's warning goes to standard error
    assert nothing_saved()


def test_dry_run_with_an_owner_shows_the_matched_organizations(tree, seed_text):
    out, _ = run(str(SEED), "--dry-run", "--owner", "dang-uy-khoi", *PERIOD)
    data = json.loads(out)
    assert data["owner"] == "dang-uy-khoi"
    assert data["period"] == {"start": "2023-01-01", "end": "2025-12-31"}
    tasks = list(walk_tasks(data["sections"]))
    triggered = [t["deadline"] for t in tasks if t["deadline"]["kind"] == "triggered"]
    assert {(d["awaited_issuer"], d["awaited_type"]) for d in triggered} == {("tinh-uy-binh-dinh", "HD")}
    rules = {a["label"]: (a["scope"], a["organization"], a["kinds"]) for t in tasks for a in t["assignments"]}
    both = ["grassroots_committee", "grassroots_cell"]
    assert rules == {
        "Các cấp ủy cơ sở trong Khối": ("children", "dang-uy-khoi", both),
        # No unit named: the issuing Standing Committee leads and carries out, with whom it directs.
        "Ban Thường vụ Đảng ủy Khối": ("one", "dang-uy-khoi", []),
        "Cấp ủy các cơ sở đảng": ("children", "dang-uy-khoi", both),
        "Các cấp ủy, tổ chức đảng": ("children", "dang-uy-khoi", both),
        "Các cấp ủy, chi bộ": ("children", "dang-uy-khoi", both),
        "Đảng ủy cơ sở trực thuộc": ("children", "dang-uy-khoi", ["grassroots_committee"]),
        "Cấp ủy cơ sở": ("children", "dang-uy-khoi", both),
        "Các cấp ủy đảng trong khối": ("children", "dang-uy-khoi", both),
        "Cấp ủy, tổ chức đảng": ("children", "dang-uy-khoi", both),
        "Ban Tổ chức Đảng ủy Khối": ("one", "duk-ban-to-chuc", []),
        "Các đồng chí Ủy viên Ban Thường vụ Đảng ủy, Ủy viên Ban chấp hành Đảng bộ Khối": (
            "one",
            "dang-uy-khoi",
            [],
        ),
        "Các ban, Ủy ban Kiểm tra, Văn phòng Đảng ủy Khối các cơ quan tỉnh": (
            "children",
            "dang-uy-khoi",
            ["advisory"],
        ),
        "Các đảng ủy, chi ủy, chi bộ trực thuộc Đảng ủy Khối": (
            "children",
            "dang-uy-khoi",
            ["grassroots_committee", "grassroots_cell"],
        ),
        "Đoàn Khối các cơ quan tỉnh": ("one", "doan-khoi", []),
    }
    giao = tasks[-1]
    # Units are matched by full or short name, or as a body of the owner written without or with the
    # owner's name, and then written with the organization's name; the others keep theirs (no error).
    assert giao["lead"] == ["Ban Tổ chức Đảng ủy Khối"]
    assert giao["coordinating"] == [
        "Ban Tuyên giáo Đảng ủy Khối",
        "Ủy ban Kiểm tra Đảng ủy Khối",
        "Văn phòng Đảng ủy Khối",
        "Cán bộ được phân công theo dõi, phụ trách Khối",
        "Cấp ủy cơ sở",
    ]
    assert giao["unit_organizations"] == {
        "Ban Tổ chức Đảng ủy Khối": "duk-ban-to-chuc",
        "Ban Tuyên giáo Đảng ủy Khối": "duk-ban-tuyen-giao",
        "Ủy ban Kiểm tra Đảng ủy Khối": "duk-uy-ban-kiem-tra",
        "Văn phòng Đảng ủy Khối": "duk-van-phong",
    }
    assert giao["assignees"] == ["Ban Tổ chức Đảng ủy Khối"]  # no doer named: the lead carries it out
    assert nothing_saved()


def test_dry_run_reads_a_docx(db, tmp_path, seed_text):
    path = tmp_path / "ke-hoach-62.docx"
    path.write_bytes(seed_docx(seed_text, word_numbering=True))
    out, _ = run(str(path), "--dry-run")
    assert json.loads(out) == plan_parse(text=seed_text)
    assert nothing_saved()


# -- saving -------------------------------------------------------------------------------------------------


def test_it_saves_the_seed_as_a_plan_with_tasks_and_dues(tree):
    _, err = run(str(SEED), "--owner", "dang-uy-khoi", *PERIOD)
    plan = Plan.objects.get()
    assert plan.document.symbol == "62-KH/ĐUK"
    assert plan.owner.code == "dang-uy-khoi"
    assert plan.tasks.count() == 36
    assert sorted(plan.sections.filter(parent=None).values_list("label", flat=True)) == ["I", "II", "III"]
    assert plan.recipients[-1] == "Lưu VP, BTC."
    assert plan.signature_name == "Nguyễn Đặng Thị Thu Hòa"
    assert any("21-KL/TW" in warning for warning in plan.warnings)
    triggered = plan.tasks.filter(kind="triggered")
    assert triggered.count() == 4
    assert not Due.objects.filter(task__in=triggered).exists()  # waiting for the Tỉnh ủy's guidance
    assert set(triggered.values_list("awaited_issuer__code", "awaited_type")) == {("tinh-uy-binh-dinh", "HD")}
    dated = plan.tasks.get(due_on="2023-02-28")
    grassroots = Organization.objects.filter(
        path__startswith=tree["dang-uy-khoi"].path,
        depth=tree["dang-uy-khoi"].depth + 1,
        kind__in=["grassroots_committee", "grassroots_cell"],
    )
    assert grassroots.count() >= 20
    assert set(Due.objects.filter(task=dated).values_list("organization_id", flat=True)) == set(
        grassroots.values_list("pk", flat=True)
    )
    assert "Imported 62-KH/ĐUK: 36 tasks" in err


def test_the_round_trip_gives_the_same_plan(tree, tmp_path):
    run(str(SEED), "--owner", "dang-uy-khoi", *PERIOD)
    plan = Plan.objects.get()
    first = plan_export(plan=plan)
    rows = (
        set(Task.objects.values_list("pk", flat=True)),
        set(Due.objects.values_list("pk", "task_id", "organization_id", "period", "due_on")),
        Document.objects.count(),
    )
    exported = tmp_path / "62.json"
    exported.write_text(json.dumps(first, ensure_ascii=False), encoding="utf-8")

    _, err = run(str(exported))  # owner and period come from the export itself
    assert Plan.objects.get().pk == plan.pk
    assert plan_export(plan=plan) == first
    assert rows == (
        set(Task.objects.values_list("pk", flat=True)),
        set(Due.objects.values_list("pk", "task_id", "organization_id", "period", "due_on")),
        Document.objects.count(),
    )

    # The export alone rebuilds the plan in a database that does not have it.
    Due.objects.all().delete()
    Plan.objects.all().delete()
    Document.objects.all().delete()
    run(str(exported))
    assert plan_export(plan=Plan.objects.get()) == first


def test_importing_the_same_text_twice_changes_nothing(tree):
    run(str(SEED), "--owner", "dang-uy-khoi", *PERIOD)
    first = plan_export(plan=Plan.objects.get())
    tasks = set(Task.objects.values_list("pk", flat=True))
    run(str(SEED))  # the plan exists: its owner and period are kept
    assert plan_export(plan=Plan.objects.get()) == first
    assert set(Task.objects.values_list("pk", flat=True)) == tasks


def test_a_new_plan_needs_its_owner_and_period(tree):
    with pytest.raises(CommandError, match="--owner CODE"):
        run(str(SEED))
    with pytest.raises(CommandError, match="--owner CODE"):
        run(str(SEED), "--owner", "dang-uy-khoi")
    with pytest.raises(CommandError, match="No organization has the code"):
        run(str(SEED), "--owner", "nobody", *PERIOD)
    with pytest.raises(CommandError, match="both --start and --end"):
        run(str(SEED), "--owner", "dang-uy-khoi", "--start", "2023")
    assert nothing_saved()


def test_an_unmatched_trigger_stops_the_import(tree, tmp_path):
    path = tmp_path / "plan.txt"
    path.write_text(
        "Số 80-KH/ĐUK\n\nKẾ HOẠCH\nvề một việc\n\nI. NHIỆM VỤ\n"
        "1. Tổ chức hội thi (sau khi Hội đồng Thi đua có hướng dẫn).\n",
        encoding="utf-8",
    )
    with pytest.raises(CommandError, match="Hội đồng Thi đua có hướng dẫn"):
        run(str(path), "--owner", "dang-uy-khoi", *PERIOD)
    assert nothing_saved()


def test_an_unmatched_assignee_is_left_to_staff_with_a_warning(tree, tmp_path):
    path = tmp_path / "plan.txt"
    path.write_text(
        "Số 81-KH/ĐUK\n\nKẾ HOẠCH\nvề một việc\n\nI. NHIỆM VỤ\n"
        "1. Hội Cựu chiến binh Khối tổ chức tọa đàm (quý III/2024).\n",
        encoding="utf-8",
    )
    _, err = run(str(path), "--owner", "dang-uy-khoi", *PERIOD)
    task = Task.objects.get()
    assert not task.assignments.exists()
    assert "Hội Cựu chiến binh Khối" in err
    assert any("Hội Cựu chiến binh Khối" in warning for warning in task.plan.warnings)


def test_it_refuses_what_it_cannot_read(db, tmp_path):
    with pytest.raises(CommandError, match="Cannot read"):
        run(str(tmp_path / "missing.txt"))
    broken = tmp_path / "plan.json"
    broken.write_text("{not json", encoding="utf-8")
    with pytest.raises(CommandError, match="is not JSON"):
        run(str(broken))
    fake = tmp_path / "plan.docx"
    fake.write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(CommandError, match="Cannot read"):
        run(str(fake), "--dry-run")


# -- matching names -----------------------------------------------------------------------------------------


def test_names_are_matched_by_full_or_short_name_without_diacritics(tree):
    owner = tree["dang-uy-khoi"]
    assert organization_match(name="Ban Tuyên giáo", owner=owner) == tree["duk-ban-tuyen-giao"]
    assert organization_match(name="van phong dang uy khoi", owner=owner) == tree["duk-van-phong"]
    assert organization_match(name="Tỉnh ủy", owner=owner) == tree["tinh-uy-binh-dinh"]
    assert organization_match(name="Ban Bí thư", owner=owner) is None


def test_group_assignees_become_rules_on_the_owners_subordinates(tree):
    owner = tree["dang-uy-khoi"]
    assert assignee_rule(label="Đảng ủy cơ sở trực thuộc", owner=owner)["kinds"] == ["grassroots_committee"]
    assert assignee_rule(label="Các chi bộ trực thuộc", owner=owner)["kinds"] == ["grassroots_cell"]
    cells = assignee_rule(label="Các chi bộ trực thuộc", owner=tree["db-so-tai-chinh"])
    assert (cells["organization"], cells["kinds"]) == ("db-so-tai-chinh", ["sub_cell"])
    assert assignee_rule(label="Bộ Chính trị", owner=owner) is None


def test_a_trigger_names_who_is_awaited_and_what(tree):
    owner = tree["dang-uy-khoi"]
    assert trigger_resolve(trigger="Tỉnh ủy có hướng dẫn", owner=owner) == (tree["tinh-uy-binh-dinh"], "HD")
    assert trigger_resolve(trigger="Ban Tổ chức Tỉnh ủy ban hành quy định", owner=owner) == (
        tree["ban-to-chuc-tinh-uy"],
        "QĐ",
    )
