"""A bloc with a plan whose dues stand in every state in 2023, for the report tests.

The plan 62-KH/ĐUK of the Đảng ủy Khối các cơ quan tỉnh (under the Tỉnh ủy Bình Định) has four tasks, each
owed by every grassroots organization (CHILDREN group rule):
- ``ongoing``: progress reports at 15/06 and 15/12 each year; led by the Ban Tổ chức;
- ``dated``: before 28/02/2023; led by the Ban Tuyên giáo;
- ``annual``: each 15/12;
- ``waiting``: waiting for the Tỉnh ủy's guidance (no dues yet).
In 2023: A (committee 1) handed the dated task in late (still under review), B (committee 2) had the
dated task returned, C (cell 1) had it accepted with document number 05-KH/CB, and also had the first
ongoing report accepted; everything else is overdue as of 20/12/2023, or not yet due.

People: ``staff`` (Văn phòng), ``board`` (Ban Tổ chức), ``secretary`` (of cell C), ``outsider`` (office
staff of another bloc).
"""

import datetime
from dataclasses import dataclass
from zoneinfo import ZoneInfo

import time_machine

from organizations.models import Membership, Organization
from plans.models import Plan
from tasks.models import Assignment, Due, Task, TaskUnit
from tasks.planning.dues import task_regenerate_dues
from tasks.submissions.services import due_submit, submission_review
from tests.factories import (
    OrganizationFactory,
    OrgTree,
    PlanFactory,
    SectionFactory,
    TaskFactory,
    build_org_tree,
    make_member,
)

LOCAL = ZoneInfo("Asia/Ho_Chi_Minh")
TODAY = datetime.date(2023, 12, 20)
NOW = datetime.datetime(2023, 12, 20, 9, 0, tzinfo=LOCAL)

ONGOING_TEXT = (
    "Tổ chức nghiên cứu, học tập, quán triệt Nghị quyết số 21-NQ/TW đến toàn thể cán bộ, đảng viên; "
    "gắn với việc thực hiện Chỉ thị số 05-CT/TW về đẩy mạnh học tập và làm theo tư tưởng, đạo đức, "
    "phong cách Hồ Chí Minh"
)
DATED_TEXT = "Xây dựng kế hoạch thực hiện Nghị quyết của cấp ủy cơ sở, gửi về Ban Thường vụ Đảng ủy Khối"
ANNUAL_TEXT = "Đánh giá, xếp loại chất lượng tổ chức cơ sở đảng và đảng viên hằng năm"
WAITING_TEXT = "Rà soát, bổ sung quy chế làm việc của cấp ủy sau khi Tỉnh ủy có hướng dẫn"
TEXTS = (ONGOING_TEXT, DATED_TEXT, ANNUAL_TEXT, WAITING_TEXT)


@dataclass
class ReportBloc:
    tree: OrgTree
    plan: Plan
    ongoing: Task
    dated: Task
    annual: Task
    waiting: Task
    staff: object
    board: object
    secretary: object
    outsider: object
    outsider_org: Organization

    @property
    def a(self) -> Organization:
        return self.tree.committees[0]

    @property
    def b(self) -> Organization:
        return self.tree.committees[1]

    @property
    def c(self) -> Organization:
        return self.tree.cells[0]


def at(day: int, month: int, hour: int = 9, year: int = 2023) -> datetime.datetime:
    return datetime.datetime(year, month, day, hour, tzinfo=LOCAL)


def build_report_bloc(*, cells: int = 2, sub_cells: int = 1) -> ReportBloc:
    """The bloc above; more `cells` make a larger data set of the same shape (all of them overdue)."""
    tree = build_org_tree(committees=2, cells=cells, sub_cells=sub_cells)
    plan = PlanFactory(
        owner=tree.upper,
        document__symbol="62-KH/ĐUK",
        title="Kế hoạch thực hiện Nghị quyết số 21-NQ/TW của Ban Chấp hành Trung ương Đảng khóa XIII",
        place="Quy Nhơn",
        signature_authority="T/M BAN THƯỜNG VỤ",
        signature_title="BÍ THƯ",
        signature_name="Nguyễn Đặng Thị Thu Hòa",
    )
    section = SectionFactory(plan=plan, label="1", title="Nhiệm vụ, giải pháp")
    ongoing = TaskFactory(plan=plan, section=section, position=1, text=ONGOING_TEXT)
    dated = TaskFactory(
        plan=plan, section=section, position=2, dated=True, due_on=datetime.date(2023, 2, 28), text=DATED_TEXT
    )
    annual = TaskFactory(plan=plan, section=section, position=3, annual=True, text=ANNUAL_TEXT)
    waiting = TaskFactory(
        plan=plan,
        section=section,
        position=4,
        triggered=True,
        awaited_issuer=tree.provincial,
        text=WAITING_TEXT,
    )
    TaskUnit.objects.create(task=ongoing, role=TaskUnit.Role.LEAD, name="Ban Tổ chức Đảng ủy Khối")
    TaskUnit.objects.create(task=dated, role=TaskUnit.Role.LEAD, name="Ban Tuyên giáo Đảng ủy Khối")
    TaskUnit.objects.create(task=dated, role=TaskUnit.Role.COORDINATING, name="Văn phòng Đảng ủy Khối")
    for task in (ongoing, dated, annual, waiting):
        Assignment.objects.create(
            task=task,
            organization=tree.upper,
            scope=Assignment.Scope.CHILDREN,
            kinds=list(Organization.GRASSROOTS_KINDS),
            label="Các tổ chức cơ sở đảng",
        )
        task_regenerate_dues(task=Task.objects.get(pk=task.pk))

    staff = make_member(
        tree.office, Membership.Role.SPECIALIST, username="vanphong", first_name="Hoa", last_name="Trần Thị"
    )
    board = make_member(tree.organization_board, Membership.Role.SPECIALIST, username="bantochuc")
    secretary = make_member(
        tree.cells[0], Membership.Role.SECRETARY, username="bithu.c", first_name="Hùng", last_name="Lê Văn"
    )
    outsider_upper = OrganizationFactory(
        parent=tree.provincial, kind=Organization.Kind.UPPER, name="Đảng ủy Khối Doanh nghiệp tỉnh"
    )
    outsider_org = OrganizationFactory(
        parent=outsider_upper, kind=Organization.Kind.ADVISORY, name="Văn phòng ĐUK DN"
    )
    outsider = make_member(outsider_org, Membership.Role.SPECIALIST, username="vanphong.dn")

    a, b, c = tree.committees[0], tree.committees[1], tree.cells[0]
    dated_due = {org.pk: Due.objects.get(task=dated, organization=org) for org in (a, b, c)}
    with time_machine.travel(at(20, 2), tick=False):
        returned = due_submit(due=dated_due[b.pk], user=secretary, text="Bản đầu", document_symbol="03-KH/ĐU")
        accepted = due_submit(due=dated_due[c.pk], user=secretary, text="Đầy đủ", document_symbol="05-KH/CB")
    with time_machine.travel(at(1, 3), tick=False):
        submission_review(
            submission=returned, reviewer=staff, decision="returned", reason="Thiếu số liệu đảng viên"
        )
        submission_review(submission=accepted, reviewer=staff, decision="accepted")
    with time_machine.travel(at(10, 3), tick=False):
        due_submit(due=dated_due[a.pk], user=secretary, text="Nộp muộn", document_symbol="12-KH/ĐU")
    first_report = Due.objects.get(task=ongoing, organization=c, period="2023-H1")
    with time_machine.travel(at(10, 6), tick=False):
        submission = due_submit(
            due=first_report, user=secretary, text="Báo cáo 6 tháng", document_symbol="09-BC/CB"
        )
    with time_machine.travel(at(16, 6), tick=False):
        submission_review(submission=submission, reviewer=staff, decision="accepted")
    return ReportBloc(
        tree=tree,
        plan=plan,
        ongoing=ongoing,
        dated=dated,
        annual=annual,
        waiting=waiting,
        staff=staff,
        board=board,
        secretary=secretary,
        outsider=outsider,
        outsider_org=outsider_org,
    )


def add_cells(bloc: ReportBloc, count: int) -> None:
    """`count` more grassroots cells (each overdue on everything): a larger data set of the same shape."""
    upper = Organization.objects.get(pk=bloc.tree.upper.pk)
    for i in range(count):
        OrganizationFactory(
            parent=upper,
            kind=Organization.Kind.GRASSROOTS_CELL,
            name=f"Chi bộ Cơ quan số {i + 1:03d} tỉnh Bình Định",
        )
        upper.refresh_from_db()
    for task in (bloc.ongoing, bloc.dated, bloc.annual, bloc.waiting):
        task_regenerate_dues(task=Task.objects.get(pk=task.pk))
