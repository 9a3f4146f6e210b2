"""The review queue: what waits for the office's review, oldest first, next/previous, accepting several."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from tasks.models import Due, Notification, Review
from tasks.submissions.services import submission_review
from tests.factories import DueFactory, OrganizationFactory, submit_due

pytestmark = pytest.mark.django_db


def submit_at(due, user, day: int, text: str = "Báo cáo"):
    with time_machine.travel(datetime.datetime(2023, 6, day, 9, tzinfo=datetime.UTC), tick=False):
        return submit_due(due, user, text=text)


@pytest.fixture
def queued(world):
    """Two waiting submissions (the sibling's first), one already accepted."""
    newer = submit_at(world.due, world.secretary, 12)
    older = submit_at(world.sibling_due, world.sibling, 10)
    third_due = Due.objects.get(task=world.dated, organization=world.cell)
    done = submit_at(third_due, world.secretary, 5)
    submission_review(submission=done, reviewer=world.staff, decision=Review.Decision.ACCEPTED)
    return older, newer, done


def test_staff_see_every_waiting_submission_oldest_first(client, world, queued, django_assert_num_queries):
    older, newer, done = queued
    client.force_login(world.staff)
    url = reverse("review_queue")
    client.get(url)  # warm the session and the user's access
    with django_assert_num_queries(9):
        response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    first = html.index(reverse("submission_detail", args=[older.pk]))
    second = html.index(reverse("submission_detail", args=[newer.pk]))
    assert first < second
    assert reverse("submission_detail", args=[done.pk]) not in html
    assert "Chờ xem xét" in html and "(2)" in html


def test_the_queue_query_count_does_not_grow_with_its_length(
    client, world, queued, django_assert_num_queries
):
    client.force_login(world.staff)
    url = reverse("review_queue")
    client.get(url)
    for _ in range(5):
        org = OrganizationFactory(parent=world.committee)
        submit_due(DueFactory(task=world.dated, organization=org), world.secretary)
    with django_assert_num_queries(9):
        assert client.get(url).status_code == 200


@pytest.mark.parametrize("who", ["secretary", "outsider_secretary"])
def test_members_and_outsiders_are_refused(client, world, queued, who):
    client.force_login(getattr(world, who))
    assert client.get(reverse("review_queue")).status_code == 403
    response = client.post(reverse("review_queue_accept"), {"submission": [queued[0].pk]})
    assert response.status_code == 403
    assert not Review.objects.filter(submission=queued[0]).exists()


def test_another_blocs_office_sees_an_empty_queue_and_accepts_nothing(client, world, queued):
    client.force_login(world.outsider_staff)
    html = client.get(reverse("review_queue")).content.decode()
    assert reverse("submission_detail", args=[queued[0].pk]) not in html
    client.post(reverse("review_queue_accept"), {"submission": [queued[0].pk, queued[1].pk]})
    assert not Review.objects.filter(submission__in=queued[:2]).exists()


def test_accepting_several_at_once_accepts_and_notifies_each(client, world, queued):
    older, newer, _done = queued
    client.force_login(world.staff)
    response = client.post(reverse("review_queue_accept"), {"submission": [older.pk, newer.pk]}, follow=True)
    assert "2 bài nộp đã được tiếp nhận" in response.content.decode()
    assert Due.objects.get(pk=world.due.pk).state == Due.State.ACCEPTED
    assert Due.objects.get(pk=world.sibling_due.pk).state == Due.State.ACCEPTED
    assert Review.objects.filter(submission__in=[older, newer], reviewer=world.staff).count() == 2
    assert Notification.objects.filter(recipient=world.secretary).exists()
    assert Notification.objects.filter(recipient=world.sibling).exists()


def test_accepting_skips_what_is_no_longer_waiting_and_ids_outside_the_queue(client, world, queued):
    older, _newer, done = queued
    client.force_login(world.staff)
    response = client.post(
        reverse("review_queue_accept"), {"submission": [older.pk, done.pk, "999999", "x"]}, follow=True
    )
    html = response.content.decode()
    assert "1 bài nộp đã được tiếp nhận" in html
    assert "không còn chờ tiếp nhận" in html
    assert Review.objects.filter(submission=done).count() == 1


def test_accepting_nothing_ticked_says_so(client, world, queued):
    client.force_login(world.staff)
    response = client.post(reverse("review_queue_accept"), {}, follow=True)
    assert "Hãy đánh dấu" in response.content.decode()
    assert Review.objects.count() == 1


def test_the_review_page_links_previous_and_next_in_the_queue(client, world, queued):
    older, newer, _done = queued
    client.force_login(world.staff)
    html = client.get(reverse("submission_detail", args=[older.pk])).content.decode()
    assert f'href="{reverse("submission_detail", args=[newer.pk])}" rel="next"' in html
    assert 'rel="prev"' not in html
    html = client.get(reverse("submission_detail", args=[newer.pk])).content.decode()
    assert f'href="{reverse("submission_detail", args=[older.pk])}" rel="prev"' in html
    assert 'rel="next"' not in html


def test_the_organization_sees_no_queue_links(client, world, queued):
    client.force_login(world.secretary)
    html = client.get(reverse("submission_detail", args=[queued[1].pk])).content.decode()
    assert reverse("review_queue") not in html
