"""The submission workflow: submit, resubmit, accept, return; versions kept; first submission time kept."""

import datetime
import hashlib
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from tasks.models import Due, Review, Submission, SubmissionFile
from tasks.submissions.services import TRANSITIONS, TransitionError, due_submit, submission_review
from tests.factories import DueFactory, UserFactory

pytestmark = pytest.mark.django_db

HCM = ZoneInfo("Asia/Ho_Chi_Minh")


@pytest.fixture
def due():
    return DueFactory(due_on=datetime.date(2023, 2, 28))


@pytest.fixture
def secretary():
    return UserFactory(username="bithu")


@pytest.fixture
def office():
    return UserFactory(username="vanphong")


def reload(due) -> Due:
    return Due.objects.get(pk=due.pk)


def test_the_transition_table():
    assert TRANSITIONS[Due.State.OPEN] == {Due.State.SUBMITTED}
    assert TRANSITIONS[Due.State.RETURNED] == {Due.State.SUBMITTED}
    # Back to open: withdrawing the one version there was (organizations/tests/withdrawal/test_withdraw.py).
    assert TRANSITIONS[Due.State.SUBMITTED] == {Due.State.ACCEPTED, Due.State.RETURNED, Due.State.OPEN}
    assert TRANSITIONS[Due.State.ACCEPTED] == set()


def test_submitting_an_open_due(due, secretary):
    moment = datetime.datetime(2023, 2, 20, 9, 0, tzinfo=HCM)
    submission = due_submit(
        due=due, user=secretary, text="Đã xây dựng kế hoạch", document_symbol="05-KH/ĐU", at=moment
    )
    assert (submission.version, submission.submitted_by, submission.submitted_at) == (1, secretary, moment)
    assert submission.text == "Đã xây dựng kế hoạch"
    assert submission.work_status == Submission.WorkStatus.IN_PROGRESS
    stored = reload(due)
    assert stored.state == Due.State.SUBMITTED
    assert stored.first_submitted_at == moment
    # The caller's instance sees the new state too.
    assert (due.state, due.first_submitted_at) == (Due.State.SUBMITTED, moment)


def test_submitting_uses_now_when_no_time_is_given(due, secretary):
    moment = datetime.datetime(2023, 2, 27, 15, 45, tzinfo=HCM)
    with time_machine.travel(moment, tick=False):
        submission = due_submit(due=due, user=secretary)
    assert submission.submitted_at == moment
    assert reload(due).first_submitted_at == moment


def test_it_cannot_submit_while_a_version_awaits_review(due, secretary):
    due_submit(due=due, user=secretary)
    with pytest.raises(TransitionError):
        due_submit(due=due, user=secretary, text="again")
    assert Submission.objects.filter(due=due).count() == 1


def test_it_cannot_submit_after_acceptance(due, secretary, office):
    submission = due_submit(due=due, user=secretary)
    submission_review(submission=submission, reviewer=office, decision=Review.Decision.ACCEPTED)
    with pytest.raises(TransitionError):
        due_submit(due=due, user=secretary)
    assert reload(due).state == Due.State.ACCEPTED
    assert Submission.objects.filter(due=due).count() == 1


def test_it_accepts_the_latest_version(due, secretary, office):
    submission = due_submit(due=due, user=secretary)
    moment = datetime.datetime(2023, 3, 2, 8, 0, tzinfo=HCM)
    review = submission_review(
        submission=submission, reviewer=office, decision=Review.Decision.ACCEPTED, at=moment
    )
    assert (review.decision, review.reviewer, review.reviewed_at, review.reason) == (
        "accepted",
        office,
        moment,
        "",
    )
    assert reload(due).state == Due.State.ACCEPTED
    assert submission.due.state == Due.State.ACCEPTED


@pytest.mark.parametrize("reason", ["", "   ", None])
def test_returning_needs_a_reason(due, secretary, office, reason):
    submission = due_submit(due=due, user=secretary)
    with pytest.raises(ValidationError) as error:
        submission_review(
            submission=submission, reviewer=office, decision=Review.Decision.RETURNED, reason=reason
        )
    assert "reason" in error.value.message_dict
    assert reload(due).state == Due.State.SUBMITTED
    assert not Review.objects.exists()


def test_an_unknown_decision_is_refused(due, secretary, office):
    submission = due_submit(due=due, user=secretary)
    with pytest.raises(ValueError):
        submission_review(submission=submission, reviewer=office, decision="maybe", reason="?")
    assert reload(due).state == Due.State.SUBMITTED
    assert not Review.objects.exists()


def test_return_then_resubmit_keeps_every_version_and_the_first_submission_time(due, secretary, office):
    first_at = datetime.datetime(2023, 2, 20, 9, 0, tzinfo=HCM)
    second_at = datetime.datetime(2023, 3, 5, 9, 0, tzinfo=HCM)
    v1 = due_submit(due=due, user=secretary, text="Bản 1", at=first_at)
    review = submission_review(
        submission=v1,
        reviewer=office,
        decision=Review.Decision.RETURNED,
        reason="  Thiếu số liệu đảng viên  ",
    )
    assert review.reason == "Thiếu số liệu đảng viên"
    assert reload(due).state == Due.State.RETURNED

    v2 = due_submit(due=due, user=secretary, text="Bản 2", at=second_at)
    assert v2.version == 2
    stored = reload(due)
    assert stored.state == Due.State.SUBMITTED
    assert stored.first_submitted_at == first_at
    assert list(stored.submissions.values_list("version", "text")) == [(2, "Bản 2"), (1, "Bản 1")]

    submission_review(submission=v2, reviewer=office, decision=Review.Decision.RETURNED, reason="Chưa ký")
    v3 = due_submit(due=due, user=secretary, text="Bản 3")
    assert v3.version == 3
    assert Submission.objects.filter(due=due).count() == 3
    assert reload(due).first_submitted_at == first_at


def test_only_the_latest_version_can_be_reviewed(due, secretary, office):
    v1 = due_submit(due=due, user=secretary)
    submission_review(submission=v1, reviewer=office, decision=Review.Decision.RETURNED, reason="Bổ sung")
    due_submit(due=due, user=secretary)
    with pytest.raises(TransitionError):
        submission_review(submission=v1, reviewer=office, decision=Review.Decision.ACCEPTED)
    assert reload(due).state == Due.State.SUBMITTED
    assert Review.objects.count() == 1


def test_a_version_is_reviewed_once(due, secretary, office):
    submission = due_submit(due=due, user=secretary)
    submission_review(submission=submission, reviewer=office, decision=Review.Decision.ACCEPTED)
    with pytest.raises(TransitionError):
        submission_review(
            submission=submission, reviewer=office, decision=Review.Decision.RETURNED, reason="x"
        )
    assert reload(due).state == Due.State.ACCEPTED


def test_a_returned_version_cannot_be_reviewed_again(due, secretary, office):
    submission = due_submit(due=due, user=secretary)
    submission_review(
        submission=submission, reviewer=office, decision=Review.Decision.RETURNED, reason="Bổ sung"
    )
    with pytest.raises(TransitionError):
        submission_review(submission=submission, reviewer=office, decision=Review.Decision.ACCEPTED)
    assert reload(due).state == Due.State.RETURNED


def test_an_open_due_with_a_stray_submission_cannot_be_reviewed(due, office):
    """Reviews move a due only from "submitted": a row written outside the workflow changes nothing."""
    stray = Submission.objects.create(due=due, version=1, text="x")
    with pytest.raises(TransitionError):
        submission_review(submission=stray, reviewer=office, decision=Review.Decision.ACCEPTED)
    assert reload(due).state == Due.State.OPEN


def test_files_are_stored_with_their_digest(due, secretary, settings):
    content = "Kế hoạch thực hiện".encode()
    upload = SimpleUploadedFile("ke-hoach.pdf", content, content_type="application/pdf")
    submission = due_submit(due=due, user=secretary, files=[upload])
    stored = SubmissionFile.objects.get(submission=submission)
    assert stored.original_name == "ke-hoach.pdf"
    assert stored.content_type == "application/pdf"
    assert stored.size == len(content)
    assert stored.sha256 == hashlib.sha256(content).hexdigest()
    assert stored.file.read() == content
    assert stored.file.path.startswith(str(settings.MEDIA_ROOT))
    assert f"submissions/{due.pk}/1/" in stored.file.name


def test_lateness_follows_the_first_submission(due, secretary, office):
    late = datetime.datetime(2023, 3, 1, 0, 30, tzinfo=HCM)
    v1 = due_submit(due=due, user=secretary, at=late)
    assert reload(due).status_on(datetime.date(2023, 3, 1)) == Due.Status.LATE
    submission_review(submission=v1, reviewer=office, decision=Review.Decision.RETURNED, reason="Bổ sung")
    assert reload(due).status_on(datetime.date(2023, 3, 2)) == Due.Status.RETURNED
    due_submit(due=due, user=secretary, at=late + datetime.timedelta(days=3))
    assert reload(due).status_on(datetime.date(2023, 3, 4)) == Due.Status.LATE


def test_a_submission_on_the_due_date_is_on_time(due, secretary):
    due_submit(due=due, user=secretary, at=datetime.datetime(2023, 2, 28, 23, 30, tzinfo=HCM))
    assert reload(due).status_on(datetime.date(2023, 3, 10)) == Due.Status.SUBMITTED
