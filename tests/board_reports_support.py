"""62-KH/ĐUK's 2023 annual report, for the tests of the reports written in Plantrack (reports/board/).

The bloc of tests/reports_support.py (a plan of four tasks, every grassroots organization carrying them out,
as of 20/12/2023), with what the organizations reported for 2023 on its two reported tasks (the ongoing one
and the annual one):

- A (Đảng bộ Sở Tài chính): ongoing done, annual in progress;
- B (Đảng bộ Sở Y tế): ongoing not started and annual in progress, handed in late (18/12, after 15/12), then
  returned;
- C (Chi bộ Sở Tư pháp, the secretary's): ongoing done and accepted, annual done and accepted;
- D (Chi bộ Sở Ngoại vụ): nothing: its report is overdue.
"""

import datetime

import time_machine
from django.utils import translation

from plans.periods import period_year
from reports.board.services import board_report_create
from reports.content.board import task_names
from reports.content.common import plan_tasks
from reports.models import BoardReport
from tasks.models import Due
from tasks.planning.numbering import plan_number_tasks
from tasks.submissions.services import due_submit, submission_review
from tests.reports_support import TODAY, ReportBloc, at, build_report_bloc

A_ONGOING = "Đã tổ chức 3 hội nghị quán triệt Nghị quyết cho 100% đảng viên của Đảng bộ (152 đồng chí)."
A_ANNUAL = "Đang tổng hợp kết quả đánh giá, xếp loại của 5 chi bộ trực thuộc."
B_ONGOING = "Chưa triển khai do cấp ủy thay đổi nhân sự."
B_ANNUAL = "Đang đánh giá."
C_ONGOING = "Chi bộ đã học tập, quán triệt Nghị quyết cho 12/12 đảng viên, đạt 100%."
C_ANNUAL = "Chi bộ đã đánh giá, xếp loại chất lượng, đạt Hoàn thành tốt nhiệm vụ."
RETURN_REASON = "Chưa nêu kết quả cụ thể"


def hand_in_report(bloc, organization, lines, *, day: int) -> list:
    """The organization's 2023 report, handed in on `day` December: for each (task, state, result) of `lines`,
    a version of that task's 2023 due. Returns the versions."""
    submissions = []
    for task, state, result in lines:
        due = Due.objects.get(task=task, organization=organization, period="2023")
        with time_machine.travel(at(day, 12), tick=False):
            submissions.append(due_submit(due=due, user=bloc.secretary, text=result, work_status=state))
    return submissions


def build_annual_report_bloc() -> ReportBloc:
    bloc = build_report_bloc()
    plan_number_tasks(plan=bloc.plan)  # "1.a", "1.b" …: the plan's one section holds the four tasks
    a, b, c = bloc.a, bloc.b, bloc.c
    hand_in_report(
        bloc, a, [(bloc.ongoing, "done", A_ONGOING), (bloc.annual, "in_progress", A_ANNUAL)], day=10
    )
    returned = hand_in_report(
        bloc, b, [(bloc.ongoing, "not_started", B_ONGOING), (bloc.annual, "in_progress", B_ANNUAL)], day=18
    )
    accepted = hand_in_report(
        bloc, c, [(bloc.ongoing, "done", C_ONGOING), (bloc.annual, "done", C_ANNUAL)], day=12
    )
    with time_machine.travel(at(14, 12), tick=False):
        for submission in accepted:
            submission_review(submission=submission, reviewer=bloc.staff, decision="accepted")
    with time_machine.travel(at(19, 12), tick=False):
        for submission in returned:
            submission_review(
                submission=submission, reviewer=bloc.staff, decision="returned", reason=RETURN_REASON
            )
    return bloc


def labels(bloc) -> dict[str, str]:
    """How the report names each of the bloc's tasks: "ongoing" → "1.a – Tổ chức nghiên cứu, học tập, quán
    triệt …"."""
    _numbers, by_pk = task_names(plan_tasks(bloc.plan))
    return {name: by_pk[getattr(bloc, name).pk] for name in ("ongoing", "dated", "annual", "waiting")}


def committee_report(bloc, *, today: datetime.date = TODAY) -> BoardReport:
    with translation.override("vi"):
        return board_report_create(
            plan=bloc.plan,
            organization=bloc.tree.upper,
            period=period_year(2023),
            user=bloc.staff,
            today=today,
            language="vi",
        )


def cell_report(bloc, *, today: datetime.date = TODAY) -> BoardReport:
    """Chi bộ Sở Tư pháp's own report, written by its secretary."""
    with translation.override("vi"):
        return board_report_create(
            plan=bloc.plan,
            organization=bloc.c,
            period=period_year(2023),
            user=bloc.secretary,
            today=today,
            language="vi",
        )
