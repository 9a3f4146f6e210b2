"""The workflow services the pages call: a move of a due and its notifications together, or neither; the
periodic report handed in as a whole (tasks/submissions/services.py, tasks/submissions/report_lines.py)."""

import pytest
from django.core.exceptions import ValidationError

from tasks.models import Due, Notification, ReportLine, Review, Submission
from tasks.submissions.report_lines import (
    LineValue,
    report_save_draft,
    report_submit,
    report_tasks,
    report_work_status,
)
from tasks.submissions.services import (
    TransitionError,
    due_submit_and_notify,
    submission_review_and_notify,
)
from tests.factories import TaskFactory

pytestmark = pytest.mark.django_db


def test_a_submission_tells_the_office_staff_of_the_plans_committee_and_nobody_else(world):
    submission = due_submit_and_notify(due=world.due, user=world.secretary, text="Đã triển khai")
    assert world.due.state == Due.State.SUBMITTED
    received = Notification.objects.filter(kind=Notification.Kind.RECEIVED, submission=submission)
    assert {n.recipient for n in received} == {world.staff, world.board}


def test_a_refused_submission_tells_nobody(world):
    due_submit_and_notify(due=world.due, user=world.secretary, text="v1")
    with pytest.raises(TransitionError):
        due_submit_and_notify(due=world.due, user=world.secretary, text="v2")
    assert Submission.objects.filter(due=world.due).count() == 1
    assert Notification.objects.filter(kind=Notification.Kind.RECEIVED).count() == 2  # staff and board, once


def test_a_return_tells_the_organizations_members_with_the_reason(world):
    submission = due_submit_and_notify(due=world.due, user=world.secretary, text="v1")
    review = submission_review_and_notify(
        submission=submission,
        reviewer=world.staff,
        decision=Review.Decision.RETURNED,
        reason=" Thiếu số liệu ",
    )
    assert review.reason == "Thiếu số liệu"
    returned = Notification.objects.filter(kind=Notification.Kind.RETURNED, submission=submission)
    assert {n.recipient for n in returned} == {world.secretary, world.clerk, world.deputy}
    assert {n.message for n in returned} == {"Thiếu số liệu"}


def test_a_refused_review_writes_no_review_and_tells_nobody(world):
    submission = due_submit_and_notify(due=world.due, user=world.secretary, text="v1")
    with pytest.raises(ValidationError):
        submission_review_and_notify(
            submission=submission, reviewer=world.staff, decision=Review.Decision.RETURNED, reason=""
        )
    assert not Review.objects.exists()
    assert not Notification.objects.exclude(kind=Notification.Kind.RECEIVED).exists()
    assert Due.objects.get(pk=world.due.pk).state == Due.State.SUBMITTED


# --- the periodic report (tasks/submissions/report_lines.py) --------------------------------------------


def report_of(world, org=None, period="2023"):
    return Due.objects.get(
        plan=world.plan, organization=org or world.org, kind=Due.Kind.REPORT, period=period
    )


def every_line(world, state=ReportLine.State.DONE):
    return {
        task.pk: LineValue(state, f"Kết quả {task.number}") for task in report_tasks(due=report_of(world))
    }


def test_a_report_covers_the_tasks_assigned_to_its_organization_in_plan_order(world):
    own = TaskFactory(plan=world.plan, section=world.sections[2], position=9, assign_to=[world.org])
    assert report_tasks(due=report_of(world)) == [*world.tasks, own]
    assert report_tasks(due=report_of(world, world.sibling_org)) == world.tasks


def test_a_report_is_handed_in_as_one_version_with_its_lines_and_tells_the_office_once(world):
    report = report_of(world)
    report_save_draft(due=report, lines=every_line(world, ReportLine.State.IN_PROGRESS))
    submission = report_submit(
        due=report, user=world.secretary, lines=every_line(world), document_symbol="12-BC/ĐU"
    )
    assert (submission.version, submission.work_status) == (1, Submission.WorkStatus.DONE)
    assert submission.lines.count() == len(world.tasks)
    assert not ReportLine.objects.filter(due=report, submission__isnull=True).exists()  # the draft went
    staff = Notification.objects.filter(kind=Notification.Kind.RECEIVED, due=report)
    assert staff.count() == Notification.objects.filter(kind=Notification.Kind.RECEIVED).count() > 0


def test_a_report_that_cannot_be_handed_in_writes_nothing_and_keeps_the_draft(world):
    report = report_of(world)
    report_save_draft(due=report, lines=every_line(world, ReportLine.State.IN_PROGRESS))
    due_submit_and_notify(due=report, user=world.clerk, text="nộp ở tab khác")  # handed in meanwhile
    with pytest.raises(TransitionError):
        report_submit(due=report, user=world.secretary, lines=every_line(world))
    assert Submission.objects.filter(due=report).count() == 1
    assert ReportLine.objects.filter(due=report, submission__isnull=True).count() == len(world.tasks)
    assert not ReportLine.objects.filter(submission__isnull=False).exists()


@pytest.mark.parametrize(
    ("states", "expected"),
    [
        (["done", "done", "not_applicable"], "done"),
        (["not_started", "not_started"], "not_started"),
        (["done", "not_started"], "in_progress"),
        (["not_applicable"], "in_progress"),
    ],
)
def test_the_report_as_a_whole_is_as_far_as_its_lines(states, expected):
    assert report_work_status({i: LineValue(state) for i, state in enumerate(states)}) == expected
