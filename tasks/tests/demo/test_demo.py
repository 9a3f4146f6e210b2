"""The demo data (tasks/demo/) and `manage.py load_demo`."""

import datetime
from collections import Counter
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management import call_command

from organizations.models import Membership, Organization, Supervision
from organizations.people import person_name
from tasks.demo.load import DEMO_PASSWORD, demo_load
from tasks.models import Due, Review, Submission
from tasks.plan_import.interchange import plan_find, plan_task_keys
from tasks.planning.dues import plan_regenerate_dues

NOW = datetime.datetime(2026, 3, 2, 9, 30, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))


@pytest.fixture
def demo(db):
    with time_machine.travel(NOW, tick=False):
        yield demo_load()


SNAPSHOT_MODELS = [
    "organizations.Organization",
    "organizations.Membership",
    "organizations.Supervision",
    "plans.Document",
    "plans.DocumentAttachment",
    "plans.Plan",
    "plans.PlanReference",
    "plans.Section",
    "plans.ReportingPeriod",
    "tasks.Task",
    "tasks.TaskUnit",
    "tasks.Assignment",
    "tasks.Due",
    "tasks.Submission",
    "tasks.SubmissionFile",
    "tasks.Review",
]


def snapshot() -> dict[str, list[dict]]:
    """Every row of every model the demo writes, by primary key."""
    models = [get_user_model(), *(apps.get_model(label) for label in SNAPSHOT_MODELS)]
    return {model._meta.label: list(model.objects.order_by("pk").values()) for model in models}


def test_loading_twice_leaves_the_same_rows(db):
    with time_machine.travel(NOW, tick=False):
        call_command("load_demo", stdout=StringIO())
        first = snapshot()
        out = StringIO()
        call_command("load_demo", stdout=out)
        second = snapshot()
    assert first["tasks.Due"] and first["tasks.Submission"] and first["organizations.Organization"]
    assert {label: len(rows) for label, rows in first.items()} == {
        label: len(rows) for label, rows in second.items()
    }
    assert first == second
    assert "activity entries applied now: 0" in out.getvalue()


def test_command_prints_a_summary(db):
    out = StringIO()
    with time_machine.travel(NOW, tick=False):
        call_command("load_demo", stdout=out)
    text = out.getvalue()
    assert "Plan 62-KH/ĐUK: 36 tasks" in text
    assert DEMO_PASSWORD in text
    assert "triggered tasks waiting for guidance: 3" in text


def test_tree_has_the_bloc_committee_its_bodies_and_grassroots(demo):
    duk = Organization.objects.get(code="dang-uy-khoi")
    assert duk.kind == Organization.Kind.UPPER
    tree = Organization.objects
    assert tree.get_parent(duk).name == "Tỉnh ủy Bình Định"
    assert tree.get_parent(tree.get_parent(duk)).kind == Organization.Kind.CENTRAL
    assert tree.get_parent(tree.get(code="ban-to-chuc-tinh-uy")).code == "tinh-uy-binh-dinh"
    children = {org.code: org for org in tree.get_children(duk)}
    advisory = {code for code, org in children.items() if org.kind == Organization.Kind.ADVISORY}
    assert advisory == {"duk-ban-to-chuc", "duk-ban-tuyen-giao", "duk-uy-ban-kiem-tra", "duk-van-phong"}
    assert children["doan-khoi"].kind == Organization.Kind.MASS
    kinds = Counter(org.kind for org in children.values() if org.is_grassroots)
    assert sum(kinds.values()) >= 20
    assert kinds[Organization.Kind.GRASSROOTS_COMMITTEE] and kinds[Organization.Kind.GRASSROOTS_CELL]
    tai_chinh = children["db-so-tai-chinh"]
    assert tai_chinh.name == "Đảng bộ Sở Tài chính"
    assert tai_chinh.kind == Organization.Kind.GRASSROOTS_COMMITTEE
    assert {org.kind for org in tree.get_children(tai_chinh)} == {Organization.Kind.SUB_CELL}
    assert children["cb-so-tu-phap"].name == "Chi bộ Sở Tư pháp"
    assert children["cb-so-tu-phap"].kind == Organization.Kind.GRASSROOTS_CELL


def test_demo_users_can_log_in_with_their_roles(demo):
    User = get_user_model()
    admin = User.objects.get(username="admin")
    assert admin.is_superuser and admin.is_staff
    named = ("admin", "vanphong", "bantochuc", "phutrach", "bithu.taichinh", "bithu.tuphap")
    users = {user.username: user for user in User.objects.filter(username__in=named)}
    assert set(users) == set(named)
    assert all(person_name(user).strip() for user in users.values())
    # One shared hash (hashing is slow on purpose), so checking one password checks them all.
    assert User.objects.values("password").distinct().count() == 1
    assert users["bithu.taichinh"].check_password(DEMO_PASSWORD)

    def roles(username):
        return {
            (m.organization.code, m.role)
            for m in Membership.objects.filter(user__username=username).select_related("organization")
        }

    assert roles("vanphong") == {("duk-van-phong", "specialist")}
    assert roles("bantochuc") == {("duk-ban-to-chuc", "specialist")}
    assert roles("phutrach") == {("dang-uy-khoi", "committee_member")}
    assert roles("bithu.taichinh") == {("db-so-tai-chinh", "secretary")}
    assert roles("bithu.tuphap") == {("cb-so-tu-phap", "secretary")}
    supervised = set(
        Supervision.objects.filter(member__username="phutrach").values_list("organization__code", flat=True)
    )
    assert "db-so-tai-chinh" in supervised and len(supervised) >= 3
    assert person_name(User.objects.get(username="bithu.taichinh")) == "Nguyễn Văn Hùng"


def test_group_rule_is_expanded_to_every_grassroots_organization(demo):
    plan = plan_find(symbol="62-KH/ĐUK")
    task = plan_task_keys(plan=plan)["III.3 #1"]
    assert task.due_on == datetime.date(2023, 2, 28)
    grassroots = set(
        Organization.objects.filter(kind__in=Organization.GRASSROOTS_KINDS).values_list("code", flat=True)
    )
    owing = set(task.dues.values_list("organization__code", flat=True))
    assert len(grassroots) >= 20
    assert owing == grassroots
    assert task.dues.filter(period="once").count() == len(grassroots)


def test_demo_shows_every_due_state(demo):
    today = NOW.date()
    plan = plan_find(symbol="62-KH/ĐUK")
    dues = Due.objects.filter(plan=plan)
    statuses = Counter(due.status_on(today) for due in dues)
    for status in ("open", "overdue", "submitted", "late", "returned", "accepted"):
        assert statuses[status] > 0, status
    assert statuses == demo.statuses
    # "waiting" is a task without dues: three of the four triggered tasks still wait for the Tỉnh ủy.
    triggered = plan.tasks.filter(kind="triggered")
    assert triggered.count() == 4
    assert triggered.filter(trigger_document__isnull=True).count() == 3
    assert not Due.objects.filter(task__in=triggered.filter(trigger_document__isnull=True)).exists()
    activated = triggered.get(trigger_document__isnull=False)
    assert activated.trigger_document.issuer.code == "tinh-uy-binh-dinh"
    assert activated.trigger_document.doc_type == "HD"
    assert {due.status_on(today) for due in activated.dues.all()} == {"open"}

    # Returned submissions carry their reason; accepted implementation plans carry a document number.
    returned = dues.filter(state=Due.State.RETURNED)
    assert all(due.submissions.order_by("-version").first().review.reason for due in returned)
    assert Review.objects.filter(decision="accepted", submission__document_symbol="05-KH/ĐU").exists()
    # Some dues went through a return and a second version.
    assert Submission.objects.filter(due__plan=plan, version=2).exists()
    # Attached files are real PDFs generated at load time.
    submission = Submission.objects.filter(files__isnull=False).first()
    assert submission is not None
    assert submission.files.first().file.read().startswith(b"%PDF-")


def test_tai_chinh_implementation_plan_is_left_for_the_browser_tests(demo):
    plan = plan_find(symbol="62-KH/ĐUK")
    task = plan_task_keys(plan=plan)["III.3 #1"]
    due = task.dues.get(organization__code="db-so-tai-chinh")
    assert due.state == Due.State.OPEN
    assert not due.submissions.exists()
    tu_phap = task.dues.get(organization__code="cb-so-tu-phap")
    assert tu_phap.state == Due.State.RETURNED


def test_regenerating_dues_after_the_load_changes_nothing(demo):
    before = snapshot()["tasks.Due"]
    with time_machine.travel(NOW, tick=False):
        result = plan_regenerate_dues(plan=plan_find(symbol="62-KH/ĐUK"))
    assert (result.created, result.updated, result.deleted, result.kept) == (0, 0, 0, [])
    assert snapshot()["tasks.Due"] == before


def test_each_organization_owes_a_few_obligations_not_a_due_per_task_and_period(demo):
    """docs/domain.md §6: Chi bộ Sở Tư pháp owes its implementation plan and the 2023-2025 reports; the Đảng
    ủy Khối's own tasks are own work of its bodies, never its own dues nor a grassroots organization's."""
    plan = plan_find(symbol="62-KH/ĐUK")
    dues = Due.objects.filter(plan=plan)
    tu_phap = dues.filter(organization__code="cb-so-tu-phap")
    assert sorted(tu_phap.values_list("kind", "period")) == [
        ("deliverable", "once"),
        ("report", "2023"),
        ("report", "2024"),
        ("report", "2025"),
    ]
    grassroots = Organization.objects.filter(kind__in=Organization.GRASSROOTS_KINDS)
    per_organization = Counter(
        dues.filter(organization__in=grassroots).values_list("organization_id", flat=True)
    )
    assert max(per_organization.values()) <= 8
    assert not dues.filter(organization__code="dang-uy-khoi").exists()
    own = dues.filter(kind=Due.Kind.OWN)
    assert own.exists() and not own.filter(organization__in=grassroots).exists()
    assert set(own.values_list("organization__kind", flat=True)) <= {"advisory", "mass"}
    assert 100 < demo.dues < 400


def test_build_report_runs_on_the_demo_for_each_kind_and_format(demo, tmp_path):
    """manage.py build_report on the demo's obligations (issue 12 item 7): each kind, each format, a file."""
    from io import StringIO

    from django.core.management import call_command

    runs = [
        ("plan", "pdf", []),
        ("plan", "xlsx", []),
        ("compliance", "pdf", ["--kind", "compliance"]),
        ("compliance", "xlsx", ["--kind", "compliance"]),
        ("organization", "pdf", ["--org", "cb-so-tu-phap"]),
        ("organization", "xlsx", ["--org", "cb-so-tu-phap"]),
        ("board", "docx", ["--kind", "board"]),
    ]
    for name, fmt, extra in runs:
        output = tmp_path / f"{name}.{fmt}"
        with time_machine.travel(NOW, tick=False):
            call_command(
                "build_report",
                *["--plan", "62-KH/ĐUK", "--period", "2024", "--format", fmt, "--output", str(output)],
                *extra,
                stdout=StringIO(),
            )
        assert output.stat().st_size > 1000, (name, fmt)


def test_tu_phap_report_form_lists_the_plans_tasks_by_number(demo, client):
    """Issue 12, "Done when": Chi bộ Sở Tư pháp's report form lists the plan's tasks that apply to it, by
    number, in the plan's order (docs/domain.md §6: ongoing tasks are lines of the report)."""
    from django.urls import reverse

    from organizations.models import Membership
    from tasks.submissions.report_lines import report_tasks

    due = Due.objects.filter(
        plan__document__symbol="62-KH/ĐUK", organization__code="cb-so-tu-phap", kind=Due.Kind.REPORT
    ).latest("due_on")
    Due.objects.filter(pk=due.pk).update(state=Due.State.RETURNED)  # the form is open again once returned
    secretary = Membership.objects.get(organization__code="cb-so-tu-phap", role="secretary").user
    client.force_login(secretary)
    with time_machine.travel(NOW, tick=False):
        response = client.get(reverse("report_form", args=[due.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    numbers = [task.number for task in report_tasks(due=due)]
    assert len(numbers) >= 10 and "II.1.a" in numbers, numbers
    shown = [html.find(f'<span class="fw-semibold">{number} ') for number in numbers]  # named first
    assert -1 not in shown, [n for n, at in zip(numbers, shown, strict=True) if at == -1]
    assert shown == sorted(shown)  # grouped by section, in the plan's order
