"""The workflow services the pages call: a move of a due and its notifications together, or neither; the
period report all or nothing (tasks/submissions/services.py, tasks/submissions/period_report.py)."""

import pytest
from django.core.exceptions import ValidationError

from organizations.access import Access
from tasks.models import Due, Notification, Review, Submission, Task
from tasks.submissions.period_report import PeriodReportRefused, period_report_get, period_report_submit
from tasks.submissions.services import (
    TransitionError,
    due_submit_and_notify,
    submission_review_and_notify,
)
from tests.factories import TaskFactory
from tests.world import owed_by_the_grassroots

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


# --- the period report ---------------------------------------------------------------------------------


@pytest.fixture
def period_world(world):
    """The world with a second ongoing task: Sở Tài chính owes two reports for the first half of 2023
    (``h1``); ``h2`` is its report on the world's ongoing task for the whole of 2023. Sở Y tế owes the same."""
    task = TaskFactory(plan=world.plan, section=world.sections[1], kind=Task.Kind.ONGOING, text="Nhiệm vụ 2")
    owed_by_the_grassroots(task, world.committee)
    world.h1 = list(Due.objects.filter(organization=world.org, period="2023-H1").order_by("task__position"))
    world.h2 = Due.objects.get(task=world.ongoing, organization=world.org, period="2023")
    return world


def test_the_report_defaults_to_the_first_organization_and_the_earliest_period(period_world):
    world = period_world
    report = period_report_get(access=Access.for_user(world.secretary), organization_id=None, period="")
    assert report.organization == world.org and report.organizations == [world.org]
    # The plan's reporting periods, 2023 to 2025 (the whole year's report, with the annual task, at 15/12).
    assert report.periods == ["2023-H1", "2023", "2024-H1", "2024", "2025-H1", "2025"]
    assert report.period == "2023-H1"
    assert {due.pk for due in report.dues} == {due.pk for due in world.h1}


def test_the_report_ignores_an_organization_the_person_does_not_speak_for(period_world):
    world = period_world
    report = period_report_get(
        access=Access.for_user(world.secretary), organization_id=world.sibling_org.pk, period="2023"
    )
    assert report.organization == world.org
    assert world.h2 in report.dues and {due.organization for due in report.dues} == {world.org}


def test_the_report_submits_every_due_and_notifies_for_each(period_world):
    world = period_world
    report = period_report_get(access=Access.for_user(world.secretary), organization_id=None, period="")
    submitted = period_report_submit(
        answers=[(due, f"Kết quả {due.pk}", Submission.WorkStatus.DONE) for due in report.dues],
        user=world.secretary,
        document_symbol="12-BC/ĐU",
    )
    assert [s.due_id for s in submitted] == [due.pk for due in report.dues]
    assert {s.document_symbol for s in submitted} == {"12-BC/ĐU"}
    assert Notification.objects.filter(kind=Notification.Kind.RECEIVED).count() == 2 * len(world.h1)


def test_one_refused_answer_undoes_the_whole_report_and_says_which(period_world):
    world = period_world
    report = period_report_get(access=Access.for_user(world.secretary), organization_id=None, period="")
    due_submit_and_notify(due=world.h1[1], user=world.clerk, text="nộp ở tab khác")  # answered meanwhile
    with pytest.raises(PeriodReportRefused) as refused:
        period_report_submit(
            answers=[(due, "Kết quả", Submission.WorkStatus.DONE) for due in report.dues],
            user=world.secretary,
        )
    assert list(refused.value.errors) == [world.h1[1].pk]
    assert Submission.objects.filter(due=world.h1[0]).count() == 0
    assert Due.objects.get(pk=world.h1[0].pk).state == Due.State.OPEN
    assert Notification.objects.filter(kind=Notification.Kind.RECEIVED).count() == 2  # the other tab's only
