"""A bloc whose dues stand in every state, for the compliance matrix, the dashboard and the supervision page.

Today is 15/03/2023 (tests freeze time there). The plan 1-KH/ĐUK has:
- ``dated``: "before 28/02/2023", owed by every grassroots organization; the five named ones stand
  A overdue (never submitted), B submitted on time, C submitted late (01/03 00:30 local time, still
  28/02 in UTC), D returned, E accepted; any further organization is overdue like A;
- ``soon``: "before 20/03/2023" (due this week), owed by every grassroots organization, all open;
- ``annual``: each 15/12, owed by every grassroots organization, open;
- ``waiting``: waiting for the Tỉnh ủy's guidance, designated for every grassroots organization.

People: ``staff`` (Văn phòng), ``board`` (Ban Tổ chức), ``supervisor`` (committee member in charge of A and
B), ``secretary`` (of A), ``outsider`` (secretary of an organization in another tree).
"""

import datetime
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

import time_machine

from organizations.models import Membership, Organization
from tasks.models import Assignment, Due, Task
from tasks.planning.dues import task_regenerate_dues
from tasks.submissions.services import due_submit, submission_review
from tests.factories import (
    OrganizationFactory,
    OrgTree,
    PlanFactory,
    SectionFactory,
    SupervisionFactory,
    TaskFactory,
    build_org_tree,
    make_member,
)

LOCAL = ZoneInfo("Asia/Ho_Chi_Minh")
TODAY = datetime.datetime(2023, 3, 15, 10, 0, tzinfo=LOCAL)
DUE = datetime.date(2023, 2, 28)


@dataclass
class Bloc:
    tree: OrgTree
    plan: object
    dated: Task
    soon: Task
    annual: Task
    waiting: Task
    a: Organization
    b: Organization
    c: Organization
    d: Organization
    e: Organization
    staff: object
    board: object
    supervisor: object
    secretary: object
    outsider: object
    outsider_org: Organization
    dues: dict[str, Due] = field(default_factory=dict)  # the dated task's due of A..E

    @property
    def grassroots(self) -> list[Organization]:
        return self.tree.grassroots


def _group(task: Task, tree: OrgTree) -> None:
    Assignment.objects.create(
        task=task,
        organization=tree.upper,
        scope=Assignment.Scope.CHILDREN,
        kinds=list(Organization.GRASSROOTS_KINDS),
        label="Các tổ chức cơ sở đảng",
    )


def build_bloc(*, extra_cells: int = 0) -> Bloc:
    """The bloc above; `extra_cells` more grassroots cells make a larger data set with the same shape."""
    tree = build_org_tree(committees=2, cells=3 + extra_cells, sub_cells=1)
    a, b, c, d, e = tree.committees + tree.cells[:3]
    plan = PlanFactory(owner=tree.upper, document__symbol="1-KH/ĐUK")
    section = SectionFactory(plan=plan, label="1", title="Củng cố tổ chức cơ sở đảng")
    dated = TaskFactory(
        plan=plan, section=section, dated=True, due_on=DUE, text="Xây dựng kế hoạch thực hiện"
    )
    soon = TaskFactory(
        plan=plan, section=section, dated=True, due_on=datetime.date(2023, 3, 20), text="Báo cáo rà soát"
    )
    annual = TaskFactory(plan=plan, section=section, annual=True, text="Đánh giá chất lượng hằng năm")
    waiting = TaskFactory(
        plan=plan,
        section=section,
        triggered=True,
        awaited_issuer=tree.provincial,
        text="Ban hành quy chế mẫu",
    )
    for task in (dated, soon, annual, waiting):
        _group(task, tree)
        task_regenerate_dues(task=Task.objects.get(pk=task.pk))

    secretary = make_member(a, Membership.Role.SECRETARY, username="bithu.a")
    staff = make_member(tree.office, Membership.Role.SPECIALIST, username="vanphong")
    board = make_member(tree.organization_board, Membership.Role.SPECIALIST, username="bantochuc")
    supervisor = make_member(tree.upper, Membership.Role.COMMITTEE_MEMBER, username="phutrach")
    SupervisionFactory(member=supervisor, organization=a)
    SupervisionFactory(member=supervisor, organization=b)
    outsider_org = OrganizationFactory(name="Đảng bộ Tỉnh khác", kind=Organization.Kind.UPPER)
    outsider = make_member(outsider_org, Membership.Role.SECRETARY, username="ngoai")

    dues = {
        key: Due.objects.get(task=dated, organization=org)
        for key, org in zip("abcde", (a, b, c, d, e), strict=True)
    }

    def at(day: int, month: int, hour: int, minute: int = 0) -> datetime.datetime:
        return datetime.datetime(2023, month, day, hour, minute, tzinfo=LOCAL)

    with time_machine.travel(at(20, 2, 9), tick=False):
        due_submit(due=dues["b"], user=secretary, text="Đúng hạn")
        submission = due_submit(due=dues["d"], user=secretary, text="Bản đầu")
        submission_review(submission=submission, reviewer=staff, decision="returned", reason="Thiếu số liệu")
        submission = due_submit(due=dues["e"], user=secretary, text="Đầy đủ")
        submission_review(submission=submission, reviewer=staff, decision="accepted")
    # 00:30 on 01/03 in Quy Nhơn is still 28/02 in UTC: late by the committee's calendar.
    with time_machine.travel(at(1, 3, 0, 30), tick=False):
        due_submit(due=dues["c"], user=secretary, text="Nộp muộn")
    for due in dues.values():
        due.refresh_from_db()
    return Bloc(
        tree=tree,
        plan=plan,
        dated=dated,
        soon=soon,
        annual=annual,
        waiting=waiting,
        a=a,
        b=b,
        c=c,
        d=d,
        e=e,
        staff=staff,
        board=board,
        supervisor=supervisor,
        secretary=secretary,
        outsider=outsider,
        outsider_org=outsider_org,
        dues=dues,
    )


EXPECTED = {"a": "overdue", "b": "submitted", "c": "late", "d": "returned", "e": "accepted"}
