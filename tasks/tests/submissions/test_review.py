"""Reviewing a submission: who sees it, who may accept or return it, and what each outcome does."""

import pytest
from django.urls import reverse

from tasks.models import Due, Notification, Review
from tasks.submissions.services import submission_review
from tests.factories import submit_due
from tests.uploads import pdf

pytestmark = pytest.mark.django_db


@pytest.fixture
def submission(world):
    return submit_due(world.due, world.secretary, text="Kế hoạch của Đảng bộ", files=[pdf("ke-hoach.pdf")])


def detail(client, user, submission):
    client.force_login(user)
    return client.get(reverse("submission_detail", args=[submission.pk]))


def review(client, user, submission, **data):
    client.force_login(user)
    return client.post(reverse("submission_review", args=[submission.pk]), data)


def due_state(world) -> str:
    return Due.objects.get(pk=world.due.pk).state


# --- the page -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["staff", "board"])
def test_office_staff_see_the_submission_with_accept_and_return(client, world, submission, who):
    response = detail(client, getattr(world, who), submission)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Kế hoạch của Đảng bộ" in html
    assert "ke-hoach.pdf" in html
    assert reverse("submission_file", args=[submission.files.get().pk]) in html
    assert html.count(f'action="{reverse("submission_review", args=[submission.pk])}"') == 2
    assert ">✔ Tiếp nhận</button>" in html and ">↩ Trả lại</button>" in html
    assert html.count("data-confirm=") == 2
    assert 'name="reason"' in html


@pytest.mark.parametrize("who", ["secretary", "clerk", "deputy"])
def test_the_organization_sees_its_submission_read_only(client, world, submission, who):
    response = detail(client, getattr(world, who), submission)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Kế hoạch của Đảng bộ" in html
    assert reverse("submission_review", args=[submission.pk]) not in html


@pytest.mark.parametrize("who", ["sibling", "outsider_secretary"])
def test_anyone_else_gets_404(client, world, submission, who):
    assert detail(client, getattr(world, who), submission).status_code == 404


def test_anonymous_is_sent_to_log_in(client, submission):
    for response in (
        client.get(reverse("submission_detail", args=[submission.pk])),
        client.post(reverse("submission_review", args=[submission.pk]), {"decision": "accepted"}),
    ):
        assert response.status_code == 302
        assert response.url.startswith(reverse("login"))
    assert not Review.objects.exists()


def test_an_earlier_version_shows_every_version_but_no_review_form(client, world, submission):
    submission_review(
        submission=submission, reviewer=world.staff, decision=Review.Decision.RETURNED, reason="Sai mẫu"
    )
    second = submit_due(world.due, world.secretary, text="Bản sửa")
    html = detail(client, world.staff, submission).content.decode()
    assert "Bản sửa" in html and "Kế hoạch của Đảng bộ" in html and "Sai mẫu" in html
    assert reverse("submission_review", args=[submission.pk]) not in html
    assert reverse("submission_detail", args=[second.pk]) in html
    assert "lần nộp mới nhất là lần 2" in html
    html = detail(client, world.staff, second).content.decode()
    assert reverse("submission_review", args=[second.pk]) in html


# --- accepting and returning ----------------------------------------------------------------------------


def test_accepting(client, world, submission):
    response = review(client, world.staff, submission, decision="accepted")
    assert response.status_code == 302
    assert response.url == reverse("submission_detail", args=[submission.pk])
    assert due_state(world) == Due.State.ACCEPTED
    assert Review.objects.get().reviewer == world.staff
    notes = Notification.objects.filter(kind=Notification.Kind.ACCEPTED)
    assert {n.recipient for n in notes} == {world.secretary, world.clerk, world.deputy}
    page = client.get(response.url).content.decode()
    assert "Đã tiếp nhận; Đảng bộ Sở Tài chính đã được thông báo." in page
    assert reverse("submission_review", args=[submission.pk]) not in page


def test_returning_with_a_reason(client, world, submission):
    response = review(
        client, world.staff, submission, decision="returned", reason="  Thiếu chữ ký của Bí thư  "
    )
    assert response.status_code == 302
    assert due_state(world) == Due.State.RETURNED
    assert Review.objects.get().reason == "Thiếu chữ ký của Bí thư"
    notes = Notification.objects.filter(kind=Notification.Kind.RETURNED)
    assert {n.recipient for n in notes} == {world.secretary, world.clerk, world.deputy}
    assert {n.message for n in notes} == {"Thiếu chữ ký của Bí thư"}
    # The organization sees the reason prominently, and may resubmit.
    html = detail(client, world.secretary, submission).content.decode()
    assert 'id="return-reason"' in html and "Thiếu chữ ký của Bí thư" in html
    assert reverse("due_submit", args=[world.due.pk]) in html


def test_returning_without_a_reason_is_refused(client, world, submission):
    response = review(client, world.staff, submission, decision="returned", reason="   ")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Nhập lý do trả lại." in html
    assert due_state(world) == Due.State.SUBMITTED
    assert not Review.objects.exists()
    assert not Notification.objects.filter(kind=Notification.Kind.RETURNED).exists()


def test_a_member_of_the_organization_cannot_review_its_own_submission(client, world, submission):
    assert review(client, world.secretary, submission, decision="accepted").status_code == 403
    assert due_state(world) == Due.State.SUBMITTED


@pytest.mark.parametrize("who", ["sibling", "outsider_secretary"])
def test_anyone_else_cannot_review_and_learns_nothing(client, world, submission, who):
    assert review(client, getattr(world, who), submission, decision="accepted").status_code == 404
    assert not Review.objects.exists()


def test_a_version_is_reviewed_once(client, world, submission):
    review(client, world.staff, submission, decision="accepted")
    response = review(client, world.board, submission, decision="returned", reason="Muộn")
    assert response.status_code == 302
    assert Review.objects.count() == 1
    assert "Lần nộp này đã được xem xét." in client.get(response.url).content.decode()
    assert due_state(world) == Due.State.ACCEPTED


def test_an_unknown_decision_is_refused(client, world, submission):
    response = review(client, world.staff, submission, decision="deleted")
    assert response.status_code == 200
    assert not Review.objects.exists()


def test_it_goes_back_to_a_page_of_the_site_only(client, world, submission):
    response = review(client, world.staff, submission, decision="accepted", next="/plans/1/matrix/?page=2")
    assert response.url == "/plans/1/matrix/?page=2"
    other = submit_due(world.sibling_due, world.sibling)
    response = review(client, world.staff, other, decision="accepted", next="https://evil.example/")
    assert response.url == reverse("submission_detail", args=[other.pk])
