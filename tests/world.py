"""The world every test starts from, as healthchecks' ``BaseTestCase`` gives each test Alice, Bob and
Charlie: one bloc of organizations, the people who work in it and one outside it, and a plan under way.

Organizations (``world.<name>``)::

    central              Ban Chấp hành Trung ương
    └ provincial         Tỉnh ủy Bình Định
      ├ committee        Đảng ủy Khối các cơ quan tỉnh: the committee whose plan it is
      │ ├ organization_board  Ban Tổ chức Đảng ủy Khối (advisory)
      │ ├ office              Văn phòng Đảng ủy Khối (advisory): manages the committee's plans
      │ ├ org                 Đảng bộ Sở Tài chính (grassroots committee)
      │ │ └ sub_cell          Chi bộ Phòng Ngân sách (chi bộ trực thuộc: owes nothing itself)
      │ ├ sibling_org         Đảng bộ Sở Y tế (grassroots committee)
      │ └ cell                Chi bộ Sở Tư pháp (grassroots cell)
      └ outsider_committee    Đảng ủy Khối Doanh nghiệp tỉnh: another bloc under the same Tỉnh ủy
        ├ outsider_office     its Văn phòng
        └ outsider_org        Đảng bộ Công ty Cổ phần Cảng Quy Nhơn, its grassroots committee

People (every one with the password ``tests.factories.PASSWORD`` and the address ``<username>@example.org``):

- ``staff`` (vanphong): a specialist of the office: owns the plan's pages, reviews what the bloc hands in;
- ``board`` (bantochuc): a specialist of the Ban Tổ chức, staff of the committee too;
- ``secretary`` (bithu), ``deputy`` (phobithu), ``clerk`` (vanthu): Đảng bộ Sở Tài chính, which owes ``due``;
- ``sibling`` (bithu.yte): the secretary of Đảng bộ Sở Y tế, which owes ``sibling_due``;
- ``supervisor`` (phutrach): a member of the committee in charge of Sở Tài chính and Sở Y tế;
- ``outsider_staff`` (vanphong.dn) and ``outsider_secretary`` (bithu.ngoai): the other bloc's office and
  grassroots secretary, who must see nothing of this one.

The plan 62-KH/ĐUK (2023–2025, a yearly report at 15/12) has three sections and one task of each deadline
kind, at positions 1 to 4 in plan order, each assigned to every grassroots organization of the committee. The
tasks are numbered by their place as an imported plan's are (``plan_number_tasks``, docs/domain.md §4), so a
test names one by ``task.number`` or ``task.label`` ("II.b – Xây dựng kế hoạch thực hiện ...")::

    I.  Mục đích, yêu cầu
    II. Nhiệm vụ, giải pháp
        II.a      ongoing   a line of each yearly report (led by the Ban Tổ chức, named only)
        II.b      dated     before 28/02/2023: a deliverable (led by the Ban Tuyên giáo, with the Văn phòng)
        2.1 Củng cố tổ chức cơ sở đảng
        II.2.1.a  annual    no day of its own: a line of each yearly report
        II.2.1.b  waiting   after the Tỉnh ủy's guidance (HD), which has not come

Each grassroots organization owes the deliverable of II.b and its reports of 2023, 2024 and 2025 (docs/domain.md
§5, obligations).

Every due is open: nothing has been handed in. What a suite needs beyond this is built on top of the world by
the small functions below (more organizations, the dated task handed in in every state, a task due soon, a
first-half report) or in its own support module (reminders, bad input), never as a world of its own.
"""

import datetime
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

import time_machine
from django.urls import reverse

from organizations.models import Membership, Organization
from plans.models import Plan, Section
from tasks.models import Assignment, Due, ReportLine, Task, TaskUnit
from tasks.planning.dues import plan_regenerate_dues, task_regenerate_dues
from tasks.planning.numbering import plan_number_tasks
from tasks.submissions.services import due_submit, submission_review
from tests.factories import (
    OrganizationFactory,
    PlanFactory,
    SectionFactory,
    SupervisionFactory,
    TaskFactory,
    make_member,
)

LOCAL = ZoneInfo("Asia/Ho_Chi_Minh")
DUE_DATE = datetime.date(2023, 2, 28)  # the dated task's

ONGOING_TEXT = (
    "Tổ chức nghiên cứu, học tập, quán triệt Nghị quyết số 21-NQ/TW đến toàn thể cán bộ, đảng viên; "
    "gắn với việc thực hiện Chỉ thị số 05-CT/TW về đẩy mạnh học tập và làm theo tư tưởng, đạo đức, "
    "phong cách Hồ Chí Minh"
)
DATED_TEXT = "Xây dựng kế hoạch thực hiện Nghị quyết của cấp ủy cơ sở, gửi về Ban Thường vụ Đảng ủy Khối"
ANNUAL_TEXT = "Đánh giá, xếp loại chất lượng tổ chức cơ sở đảng và đảng viên hằng năm"
WAITING_TEXT = "Rà soát, bổ sung quy chế làm việc của cấp ủy sau khi Tỉnh ủy có hướng dẫn"
TEXTS = (ONGOING_TEXT, DATED_TEXT, ANNUAL_TEXT, WAITING_TEXT)
GROUP_LABEL = "Các tổ chức cơ sở đảng"


@dataclass
class World:
    central: Organization
    provincial: Organization
    committee: Organization
    organization_board: Organization
    office: Organization
    org: Organization
    sub_cell: Organization
    sibling_org: Organization
    cell: Organization
    outsider_committee: Organization
    outsider_office: Organization
    outsider_org: Organization
    staff: object
    board: object
    secretary: object
    deputy: object
    clerk: object
    sibling: object
    supervisor: object
    outsider_staff: object
    outsider_secretary: object
    plan: Plan
    sections: list[Section]
    ongoing: Task
    dated: Task
    annual: Task
    waiting: Task
    due: Due  # the dated task's due of Đảng bộ Sở Tài chính
    sibling_due: Due  # ... and of Đảng bộ Sở Y tế
    grassroots: list[Organization] = field(default_factory=list)  # every grassroots organization, in order

    @property
    def tasks(self) -> list[Task]:
        return [self.ongoing, self.dated, self.annual, self.waiting]

    @property
    def committees(self) -> list[Organization]:
        return [o for o in self.grassroots if o.kind == Organization.Kind.GRASSROOTS_COMMITTEE]

    @property
    def cells(self) -> list[Organization]:
        return [o for o in self.grassroots if o.kind == Organization.Kind.GRASSROOTS_CELL]


def _node(parent, name: str, kind: str, short_name: str = "") -> Organization:
    if parent is not None:
        parent = Organization.objects.get(pk=parent.pk)  # current numchild for treebeard
    return OrganizationFactory(parent=parent, name=name, kind=kind, short_name=short_name)


def _organizations() -> dict[str, Organization]:
    kind = Organization.Kind
    central = _node(None, "Ban Chấp hành Trung ương", kind.CENTRAL, "Trung ương")
    provincial = _node(central, "Tỉnh ủy Bình Định", kind.PROVINCIAL, "Tỉnh ủy")
    committee = _node(provincial, "Đảng ủy Khối các cơ quan tỉnh", kind.UPPER, "Đảng ủy Khối")
    nodes = {
        "central": central,
        "provincial": provincial,
        "committee": committee,
        "organization_board": _node(committee, "Ban Tổ chức Đảng ủy Khối", kind.ADVISORY, "Ban Tổ chức"),
        "office": _node(committee, "Văn phòng Đảng ủy Khối", kind.ADVISORY, "Văn phòng"),
        "org": _node(committee, "Đảng bộ Sở Tài chính", kind.GRASSROOTS_COMMITTEE),
        "sibling_org": _node(committee, "Đảng bộ Sở Y tế", kind.GRASSROOTS_COMMITTEE),
        "cell": _node(committee, "Chi bộ Sở Tư pháp", kind.GRASSROOTS_CELL),
    }
    nodes["sub_cell"] = _node(nodes["org"], "Chi bộ Phòng Ngân sách – Sở Tài chính", kind.SUB_CELL)
    outsider = _node(provincial, "Đảng ủy Khối Doanh nghiệp tỉnh", kind.UPPER, "Đảng ủy Khối DN")
    nodes["outsider_committee"] = outsider
    nodes["outsider_office"] = _node(outsider, "Văn phòng Đảng ủy Khối Doanh nghiệp", kind.ADVISORY)
    nodes["outsider_org"] = _node(
        outsider, "Đảng bộ Công ty Cổ phần Cảng Quy Nhơn", kind.GRASSROOTS_COMMITTEE
    )
    # Loaded once more: each parent's numchild changed after it was created.
    fresh = Organization.objects.in_bulk([node.pk for node in nodes.values()])
    return {name: fresh[node.pk] for name, node in nodes.items()}


def _people(orgs: dict[str, Organization]) -> dict[str, object]:
    role = Membership.Role
    people = {
        "staff": make_member(
            orgs["office"], role.SPECIALIST, username="vanphong", first_name="Hoa", last_name="Trần Thị"
        ),
        "board": make_member(orgs["organization_board"], role.SPECIALIST, username="bantochuc"),
        "secretary": make_member(
            orgs["org"], role.SECRETARY, username="bithu", first_name="Hùng", last_name="Lê Văn"
        ),
        "deputy": make_member(orgs["org"], role.DEPUTY, username="phobithu"),
        "clerk": make_member(orgs["org"], role.CLERK, username="vanthu"),
        "sibling": make_member(orgs["sibling_org"], role.SECRETARY, username="bithu.yte"),
        "supervisor": make_member(orgs["committee"], role.COMMITTEE_MEMBER, username="phutrach"),
        "outsider_staff": make_member(orgs["outsider_office"], role.SPECIALIST, username="vanphong.dn"),
        "outsider_secretary": make_member(orgs["outsider_org"], role.SECRETARY, username="bithu.ngoai"),
    }
    for followed in (orgs["org"], orgs["sibling_org"]):
        SupervisionFactory(member=people["supervisor"], organization=followed)
    return people


def owed_by_the_grassroots(task: Task, committee: Organization) -> None:
    """Assign `task` to every grassroots organization of `committee` (a group rule) and make its dues."""
    Assignment.objects.create(
        task=task,
        organization=committee,
        scope=Assignment.Scope.CHILDREN,
        kinds=list(Organization.GRASSROOTS_KINDS),
        label=GROUP_LABEL,
    )
    task_regenerate_dues(task=Task.objects.get(pk=task.pk))


def number_the_tasks(plan: Plan, *tasks: Task) -> None:
    """Number the plan's tasks by their place, as the import and the task editor do wherever tasks are
    created or moved, and give `tasks` (the objects in hand) their numbers."""
    plan_number_tasks(plan=plan)
    for task in tasks:
        task.refresh_from_db(fields=["number"])


PLAN_TITLE = "Kế hoạch thực hiện Nghị quyết số 21-NQ/TW của Ban Chấp hành Trung ương Đảng khóa XIII"


def _plan(orgs: dict[str, Organization]) -> dict[str, object]:
    plan = PlanFactory(
        owner=orgs["committee"],
        document__symbol="62-KH/ĐUK",  # issued by the committee on 05/01/2023
        document__title=PLAN_TITLE,
        title=PLAN_TITLE,
        place="Quy Nhơn",
        signature_authority="T/M BAN THƯỜNG VỤ",
        signature_title="BÍ THƯ",
        signature_name="Nguyễn Đặng Thị Thu Hòa",
    )
    purpose = SectionFactory(plan=plan, position=0, label="I", title="Mục đích, yêu cầu")
    duties = SectionFactory(plan=plan, position=1, label="II", title="Nhiệm vụ, giải pháp")
    grassroots = SectionFactory(
        plan=plan, position=2, label="2.1", title="Củng cố tổ chức cơ sở đảng", parent=duties
    )
    ongoing = TaskFactory(plan=plan, section=duties, position=1, text=ONGOING_TEXT)
    dated = TaskFactory(plan=plan, section=duties, position=2, dated=True, due_on=DUE_DATE, text=DATED_TEXT)
    annual = TaskFactory(plan=plan, section=grassroots, position=3, annual=True, text=ANNUAL_TEXT)
    waiting = TaskFactory(
        plan=plan,
        section=grassroots,
        position=4,
        triggered=True,
        awaited_issuer=orgs["provincial"],
        text=WAITING_TEXT,
    )
    TaskUnit.objects.create(task=ongoing, role=TaskUnit.Role.LEAD, name="Ban Tổ chức Đảng ủy Khối")
    TaskUnit.objects.create(task=dated, role=TaskUnit.Role.LEAD, name="Ban Tuyên giáo Đảng ủy Khối")
    TaskUnit.objects.create(task=dated, role=TaskUnit.Role.COORDINATING, name="Văn phòng Đảng ủy Khối")
    number_the_tasks(plan, ongoing, dated, annual, waiting)
    for task in (ongoing, dated, annual, waiting):
        owed_by_the_grassroots(task, orgs["committee"])
    return {
        "plan": plan,
        "sections": [purpose, duties, grassroots],
        "ongoing": ongoing,
        "dated": dated,
        "annual": annual,
        "waiting": waiting,
        "due": Due.objects.get(task=dated, organization=orgs["org"]),
        "sibling_due": Due.objects.get(task=dated, organization=orgs["sibling_org"]),
    }


def build_world() -> World:
    orgs = _organizations()
    return World(
        **orgs,
        **_people(orgs),
        **_plan(orgs),
        grassroots=[orgs["org"], orgs["sibling_org"], orgs["cell"]],
    )


def login_url_for(url: str) -> str:
    """Where an anonymous visitor of `url` is sent."""
    return f"{reverse('login')}?next={url}"


# --- on top of the world ----------------------------------------------------------------------------------


def add_cells(world: World, count: int, *, name: str = "Chi bộ Cơ quan số {n:03d} tỉnh Bình Định") -> list:
    """`count` more grassroots cells of the committee, owing every task of the plan like the others: a larger
    data set of the same shape (for query counts), or room for more states."""
    added = [
        _node(world.committee, name.format(n=n), Organization.Kind.GRASSROOTS_CELL)
        for n in range(1, count + 1)
    ]
    world.grassroots.extend(added)
    plan_regenerate_dues(plan=world.plan)
    return added


def add_task_due_soon(world: World) -> Task:
    """A fifth task, II.2.1.c "before 20/03/2023", owed by every grassroots organization: due within the week
    of 15/03/2023, the day the monitoring suites stand on."""
    task = TaskFactory(
        plan=world.plan,
        section=world.sections[2],
        position=5,
        dated=True,
        due_on=datetime.date(2023, 3, 20),
        text="Báo cáo rà soát đội ngũ cấp ủy viên cơ sở",
    )
    number_the_tasks(world.plan, task)
    owed_by_the_grassroots(task, world.committee)
    return task


def _at(day: int, month: int, hour: int, minute: int = 0) -> datetime.datetime:
    return datetime.datetime(2023, month, day, hour, minute, tzinfo=LOCAL)


@dataclass
class EveryState:
    """The grassroots organizations whose due of the dated task stands in each state from 01/03/2023 on,
    and those dues (``dues[state]``)."""

    overdue: Organization
    submitted: Organization
    late: Organization
    returned: Organization
    accepted: Organization
    dues: dict[str, Due]


STATES = ("overdue", "submitted", "late", "returned", "accepted")


def hand_in_the_dated_task(world: World) -> EveryState:
    """Two more cells (Sở Ngoại vụ, Ban Dân tộc), and the dated task (before 28/02/2023) handed in by the
    bloc in every way there is:

    - Đảng bộ Sở Tài chính (``org``): never handed in: overdue;
    - Chi bộ Sở Ngoại vụ: handed in on time (20/02), not yet reviewed: submitted;
    - Chi bộ Ban Dân tộc: handed in at 00:30 on 01/03 in Quy Nhơn, still 28/02 in UTC: late by the
      committee's calendar, not yet reviewed;
    - Đảng bộ Sở Y tế (``sibling_org``): handed in on time as 03-KH/ĐU, returned on 01/03 for "Thiếu số
      liệu đảng viên";
    - Chi bộ Sở Tư pháp (``cell``): handed in on time as 05-KH/CB, accepted on 01/03.
    """
    foreign, ethnic = (
        _node(world.committee, name, Organization.Kind.GRASSROOTS_CELL)
        for name in ("Chi bộ Sở Ngoại vụ", "Chi bộ Ban Dân tộc")
    )
    world.grassroots.extend([foreign, ethnic])
    plan_regenerate_dues(plan=world.plan)
    states = EveryState(
        overdue=world.org,
        submitted=foreign,
        late=ethnic,
        returned=world.sibling_org,
        accepted=world.cell,
        dues={},
    )
    dues = {state: Due.objects.get(task=world.dated, organization=getattr(states, state)) for state in STATES}
    secretary = {
        state: world.sibling if state == "returned" else make_member(due.organization)
        for state, due in dues.items()
    }
    with time_machine.travel(_at(20, 2, 9), tick=False):
        for state, symbol in (("submitted", "07-KH/CB"), ("returned", "03-KH/ĐU"), ("accepted", "05-KH/CB")):
            due_submit(
                due=dues[state], user=secretary[state], text="Đã xây dựng kế hoạch", document_symbol=symbol
            )
    with time_machine.travel(_at(1, 3, 0, 30), tick=False):
        due_submit(due=dues["late"], user=secretary["late"], text="Nộp muộn", document_symbol="12-KH/CB")
    with time_machine.travel(_at(1, 3, 9), tick=False):
        returned, accepted = (dues[state].submissions.get() for state in ("returned", "accepted"))
        submission_review(
            submission=returned, reviewer=world.staff, decision="returned", reason="Thiếu số liệu đảng viên"
        )
        submission_review(submission=accepted, reviewer=world.staff, decision="accepted")
    for due in dues.values():
        due.refresh_from_db()
    states.dues = dues
    return states


def report_the_first_half(world: World, states: EveryState) -> Due:
    """The organization that had the dated task accepted also hands in its yearly report of 2023 early
    (09-BC/CB, 10/06/2023), its line on the ongoing task in progress, accepted on 16/06/2023; nobody else
    reports (docs/domain.md §6: the ongoing task is a line of the report, not a due of its own)."""
    due = Due.objects.get(plan=world.plan, kind=Due.Kind.REPORT, organization=states.accepted, period="2023")
    member = states.accepted.memberships.select_related("user").first().user
    with time_machine.travel(_at(10, 6, 9), tick=False):
        submission = due_submit(due=due, user=member, text="Báo cáo 6 tháng", document_symbol="09-BC/CB")
        ReportLine.objects.create(
            due=due, submission=submission, task=world.ongoing, state="in_progress", result="Báo cáo 6 tháng"
        )
    with time_machine.travel(_at(16, 6, 9), tick=False):
        submission_review(submission=submission, reviewer=world.staff, decision="accepted")
    due.refresh_from_db()
    return due
