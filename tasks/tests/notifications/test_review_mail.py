"""The e-mail (beside the in-app notice) when the office returns or accepts a submission (issue 17 item 8),
through the same SMTP sink as the reminder digests."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from tasks.models import Notification
from tests.factories import submit_due
from tests.reminders_support import SmtpSink, use_sink
from tests.world import LOCAL

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2025, 3, 3, 9, 0, tzinfo=LOCAL)
MEMBERS = {"bithu@example.org", "phobithu@example.org", "vanthu@example.org"}


@pytest.fixture
def sink(settings):
    smtp = SmtpSink().start()
    use_sink(settings, smtp)
    yield smtp
    smtp.stop()


@pytest.fixture
def submission(world):
    with time_machine.travel(NOW, tick=False):
        yield submit_due(world.due, world.secretary, text="Kế hoạch của Đảng bộ")


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def review(client, world, submission, capture, **data):
    client.force_login(world.staff)
    with capture(execute=True):
        return client.post(reverse("submission_review", args=[submission.pk]), data)


def test_a_return_is_e_mailed_to_the_organizations_members(
    client, world, submission, sink, django_capture_on_commit_callbacks
):
    response = review(
        client,
        world,
        submission,
        django_capture_on_commit_callbacks,
        decision="returned",
        reason="Thiếu chữ ký của Bí thư",
    )
    assert response.status_code == 302
    assert {to for mail in sink.messages for to in mail.to} == MEMBERS
    mail = sink.to("bithu@example.org")[0]
    assert mail.subject.startswith("Plantrack: bị trả lại – ")
    assert "Kính gửi đồng chí Lê Văn Hùng," in mail.text
    assert "Thiếu chữ ký của Bí thư" in mail.text and "Hạn nộp lại: 10/03/2025 (còn 7 ngày)" in mail.text
    assert reverse("due_detail", args=[world.due.pk]) in mail.text
    assert "Trần Thị Hoa" in mail.text  # the reviewer, in Vietnamese order
    assert Notification.objects.filter(kind=Notification.Kind.RETURNED).count() == 3  # and in the app


def test_an_acceptance_is_e_mailed_too(client, world, submission, sink, django_capture_on_commit_callbacks):
    review(client, world, submission, django_capture_on_commit_callbacks, decision="accepted")
    assert {to for mail in sink.messages for to in mail.to} == MEMBERS
    mail = sink.to("vanthu@example.org")[0]
    assert mail.subject.startswith("Plantrack: đã tiếp nhận – ")
    assert "Văn phòng đã tiếp nhận lần nộp 1" in mail.text and "Hạn nộp lại" not in mail.text


def test_a_refused_return_sends_nothing(client, world, submission, sink, django_capture_on_commit_callbacks):
    response = review(client, world, submission, django_capture_on_commit_callbacks, decision="returned")
    assert response.status_code == 200  # no reason: the form again
    assert sink.messages == []


def test_a_member_of_the_organization_cannot_review(
    client, world, submission, sink, django_capture_on_commit_callbacks
):
    client.force_login(world.secretary)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("submission_review", args=[submission.pk]), {"decision": "accepted"})
    assert response.status_code == 403 and sink.messages == []
