"""A returned item is owed again by a resubmission date (issue 17 item 3): a week after the return unless the
reviewer sets another, shown on the due's page and in the to-do list instead of "quá hạn 722 ngày"."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from tasks.models import Due
from tests.factories import submit_due
from tests.world import LOCAL

pytestmark = pytest.mark.django_db

# Long after the world's dues (2023): the original due date is years past.
NOW = datetime.datetime(2025, 3, 3, 9, 0, tzinfo=LOCAL)


@pytest.fixture
def submission(world):
    with time_machine.travel(NOW, tick=False):
        yield submit_due(world.due, world.secretary, text="Kế hoạch của Đảng bộ")


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def give_back(client, world, submission, **data):
    client.force_login(world.staff)
    return client.post(
        reverse("submission_review", args=[submission.pk]),
        {"decision": "returned", "reason": "Thiếu số liệu", **data},
    )


def test_the_return_form_proposes_a_week(client, world, submission):
    client.force_login(world.staff)
    html = client.get(reverse("submission_detail", args=[submission.pk])).content.decode()
    assert 'name="resubmit_on" value="10/03/2025"' in html
    assert "Hạn nộp lại" in html


def test_a_return_owes_the_corrected_version_a_week_later(client, world, submission):
    give_back(client, world, submission)
    due = Due.objects.get(pk=world.due.pk)
    assert due.state == Due.State.RETURNED and due.resubmit_on == datetime.date(2025, 3, 10)
    client.force_login(world.secretary)
    page = client.get(reverse("due_detail", args=[due.pk])).content.decode()
    assert 'id="resubmit-on"><strong>10/03/2025</strong>' in page and "còn 7 ngày" in page
    assert "quá hạn" not in page
    listing = client.get(reverse("due_list")).content.decode()
    assert "Hạn nộp lại 10/03/2025" in listing and "còn 7 ngày" in listing
    # The hint counts from the resubmission date, so it sits under that date, not under the first deadline.
    assert listing.index("Hạn nộp lại 10/03/2025") < listing.index("còn 7 ngày")
    assert "quá hạn" not in listing.split("Hạn nộp lại 10/03/2025")[0].rsplit("<tr>", 1)[-1]


def test_the_reviewer_sets_another_date(client, world, submission):
    give_back(client, world, submission, resubmit_on="21/03/2025")
    assert Due.objects.get(pk=world.due.pk).resubmit_on == datetime.date(2025, 3, 21)


def test_a_past_date_is_refused_and_the_reason_kept(client, world, submission):
    response = give_back(client, world, submission, resubmit_on="01/03/2025", reason="Thiếu chữ ký")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Hạn nộp lại không thể là một ngày đã qua." in html
    assert "Thiếu chữ ký" in html
    assert Due.objects.get(pk=world.due.pk).state == Due.State.SUBMITTED


@pytest.mark.parametrize("who", ["secretary", "outsider_staff"])
def test_only_the_office_returns(client, world, submission, who):
    client.force_login(getattr(world, who))
    response = client.post(
        reverse("submission_review", args=[submission.pk]),
        {"decision": "returned", "reason": "x", "resubmit_on": "21/03/2025"},
    )
    assert response.status_code in (403, 404)
    assert Due.objects.get(pk=world.due.pk).resubmit_on is None
