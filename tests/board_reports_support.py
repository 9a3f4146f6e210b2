"""62-KH/ĐUK's 2023 annual report, for the tests of the reports written in Plantrack (reports/board/), built on
top of the shared world (tests/world.py) as of 20/12/2023.

The dated task (II.b, the implementation plan) is handed in in every state (``hand_in_the_dated_task``:
Sở Tài chính overdue, Sở Ngoại vụ submitted, Ban Dân tộc late, Sở Y tế returned, Sở Tư pháp accepted), then
each organization's 2023 report, one version with a line on each of the two reported tasks (II.a, ongoing,
and II.2.1.a, annual):

- Đảng bộ Sở Tài chính (``org``): II.a done, II.2.1.a in progress; handed in on 10/12;
- Đảng bộ Sở Y tế (``sibling_org``): II.a not started, II.2.1.a in progress; handed in late (18/12, after
  15/12), then returned;
- Chi bộ Sở Tư pháp (``cell``): both done; handed in on 12/12 and accepted;
- Chi bộ Sở Ngoại vụ and Chi bộ Ban Dân tộc: nothing: their reports are overdue.
"""

import datetime

import time_machine
from django.utils import translation

from organizations.models import Organization
from plans.periods import period_year
from reports.board.services import board_report_create
from reports.content.board import task_names
from reports.content.common import plan_tasks
from reports.models import BoardReport
from tasks.models import Due
from tasks.submissions.report_lines import LineValue, report_submit
from tasks.submissions.services import submission_review
from tests.factories import make_member
from tests.world import LOCAL, EveryState, World, hand_in_the_dated_task

TODAY = datetime.date(2023, 12, 20)
NOW = datetime.datetime(2023, 12, 20, 9, 0, tzinfo=LOCAL)

A_ONGOING = "Đã tổ chức 3 hội nghị quán triệt Nghị quyết cho 100% đảng viên của Đảng bộ (152 đồng chí)."
A_ANNUAL = "Đang tổng hợp kết quả đánh giá, xếp loại của 5 chi bộ trực thuộc."
B_ONGOING = "Chưa triển khai do cấp ủy thay đổi nhân sự."
B_ANNUAL = "Đang đánh giá."
C_ONGOING = "Chi bộ đã học tập, quán triệt Nghị quyết cho 12/12 đảng viên, đạt 100%."
C_ANNUAL = "Chi bộ đã đánh giá, xếp loại chất lượng, đạt Hoàn thành tốt nhiệm vụ."
RETURN_REASON = "Chưa nêu kết quả cụ thể"


def _at(day: int, month: int = 12) -> datetime.datetime:
    return datetime.datetime(2023, month, day, 9, tzinfo=LOCAL)


def speaker(organization: Organization):
    """Someone who speaks for `organization` (its first member, or a new secretary)."""
    membership = organization.memberships.select_related("user").order_by("pk").first()
    return membership.user if membership else make_member(organization)


def hand_in_report(world: World, organization: Organization, lines, *, day: int) -> list:
    """The organization's 2023 report, handed in on `day` December as one version with a line (state, result)
    per (task, state, result) of `lines` (docs/domain.md §6). Returns the versions."""
    due = Due.objects.get(plan=world.plan, kind=Due.Kind.REPORT, organization=organization, period="2023")
    values = {task.pk: LineValue(state, result) for task, state, result in lines}
    with time_machine.travel(_at(day), tick=False):
        return [report_submit(due=due, user=speaker(organization), lines=values)]


def report_2023(world: World) -> EveryState:
    """The world as the docstring says, on 20/12/2023."""
    states = hand_in_the_dated_task(world)
    ongoing, annual = world.ongoing, world.annual
    hand_in_report(
        world, world.org, [(ongoing, "done", A_ONGOING), (annual, "in_progress", A_ANNUAL)], day=10
    )
    returned = hand_in_report(
        world,
        world.sibling_org,
        [(ongoing, "not_started", B_ONGOING), (annual, "in_progress", B_ANNUAL)],
        day=18,
    )
    accepted = hand_in_report(
        world, world.cell, [(ongoing, "done", C_ONGOING), (annual, "done", C_ANNUAL)], day=12
    )
    with time_machine.travel(_at(14), tick=False):
        for submission in accepted:
            submission_review(submission=submission, reviewer=world.staff, decision="accepted")
    with time_machine.travel(_at(19), tick=False):
        for submission in returned:
            submission_review(
                submission=submission, reviewer=world.staff, decision="returned", reason=RETURN_REASON
            )
    return states


def labels(world: World) -> dict[str, str]:
    """How the report names each of the world's tasks: "ongoing" → "II.a – Tổ chức nghiên cứu, học tập, …"."""
    _numbers, by_pk = task_names(plan_tasks(world.plan))
    return {name: by_pk[getattr(world, name).pk] for name in ("ongoing", "dated", "annual", "waiting")}


def committee_report(world: World, *, today: datetime.date = TODAY) -> BoardReport:
    """The committee's 2023 report, drafted by its office."""
    with translation.override("vi"):
        return board_report_create(
            plan=world.plan,
            organization=world.committee,
            period=period_year(2023),
            user=world.staff,
            today=today,
            language="vi",
        )


def own_report(world: World, organization: Organization, *, today: datetime.date = TODAY) -> BoardReport:
    """An organization's own 2023 report, drafted by someone who speaks for it."""
    with translation.override("vi"):
        return board_report_create(
            plan=world.plan,
            organization=organization,
            period=period_year(2023),
            user=speaker(organization),
            today=today,
            language="vi",
        )
