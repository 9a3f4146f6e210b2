"""Deadlines as a month calendar and as a personal iCalendar feed at a secret, revocable address (issue 17
item 10): each person sees what they follow, nothing of another bloc."""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from tasks.models import CalendarFeed, Due

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2023, 2, 20, 9, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))


@pytest.fixture(autouse=True)
def _clock():
    with time_machine.travel(NOW, tick=False):
        yield


def _month(client, user, month="2023-02"):
    client.force_login(user)
    return client.get(reverse("calendar"), {"month": month})


def test_the_secretary_sees_her_organizations_deadlines_on_their_day(client, world):
    body = _month(client, world.secretary).content.decode()
    assert world.dated.label in body
    assert reverse("due_detail", args=[world.due.pk]) in body
    assert reverse("due_detail", args=[world.sibling_due.pk]) not in body  # another organization's
    assert "28/02/2023" in body


def test_the_office_sees_each_obligation_once_with_how_many_still_owe_it(client, world):
    Due.objects.filter(pk=world.sibling_due.pk).update(state=Due.State.ACCEPTED)
    body = _month(client, world.staff).content.decode()
    assert body.count(f'title="{world.dated.label}') == 1
    assert "2 / 3 tổ chức còn phải nộp" in body
    assert reverse("matrix", args=[world.plan.pk]) in body


def test_the_supervisor_sees_the_organizations_they_follow(client, world):
    body = _month(client, world.supervisor).content.decode()
    assert reverse("due_detail", args=[world.due.pk]) in body
    assert reverse("due_detail", args=[world.sibling_due.pk]) in body


def test_outsiders_see_nothing_of_this_bloc(client, world):
    for user in (world.outsider_staff, world.outsider_secretary):
        body = _month(client, user).content.decode()
        assert world.dated.label not in body and world.org.name not in body


def test_a_bad_month_shows_this_month(client, world):
    for value in ("2023-13", "99999-01", "abc", "-1"):
        response = _month(client, world.secretary, value)
        assert response.status_code == 200
        assert "tháng 2/2023" in response.content.decode()


def test_the_calendar_needs_a_login(client):
    assert client.get(reverse("calendar")).status_code == 302


def test_the_feed_is_valid_icalendar_and_follows_the_same_deadlines(client, world):
    client.force_login(world.secretary)
    client.post(reverse("calendar_feed_manage"), {"action": "renew"})
    token = CalendarFeed.objects.get(user=world.secretary).token
    client.logout()
    response = client.get(reverse("calendar_feed", args=[token]))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    text = response.content.decode()
    assert text.startswith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n") and text.endswith("END:VCALENDAR\r\n")
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))
    unfolded = text.replace("\r\n ", "")
    assert f"UID:due-{world.due.pk}@plantrack" in unfolded
    assert "DTSTART;VALUE=DATE:20230228" in unfolded and "DTEND;VALUE=DATE:20230301" in unfolded
    assert "SUMMARY:" + world.dated.label.replace(",", "\\,") in unfolded
    assert f"due-{world.sibling_due.pk}@" not in unfolded
    assert unfolded.count("BEGIN:VEVENT") == unfolded.count("END:VEVENT") > 0


def test_a_new_address_replaces_the_old_one_and_revoking_ends_it(client, world):
    client.force_login(world.secretary)
    client.post(reverse("calendar_feed_manage"), {"action": "renew"})
    old = CalendarFeed.objects.get(user=world.secretary).token
    page = client.get(reverse("calendar")).content.decode()
    assert old in page
    client.post(reverse("calendar_feed_manage"), {"action": "renew"})
    new = CalendarFeed.objects.get(user=world.secretary).token
    assert new != old
    assert client.get(reverse("calendar_feed", args=[old])).status_code == 404
    assert client.get(reverse("calendar_feed", args=[new])).status_code == 200
    client.post(reverse("calendar_feed_manage"), {"action": "revoke"})
    assert client.get(reverse("calendar_feed", args=[new])).status_code == 404
    assert not CalendarFeed.objects.exists()


def test_a_guessed_or_inactive_users_address_gives_nothing(client, world):
    feed = CalendarFeed.objects.create(user=world.secretary)
    assert client.get(reverse("calendar_feed", args=["x" * 43])).status_code == 404
    world.secretary.is_active = False
    world.secretary.save()
    assert client.get(reverse("calendar_feed", args=[feed.token])).status_code == 404


def test_only_a_post_changes_the_address(client, world):
    client.force_login(world.secretary)
    assert client.get(reverse("calendar_feed_manage")).status_code == 405
    assert not CalendarFeed.objects.exists()


def test_the_month_page_query_count_does_not_grow(client, world, django_assert_max_num_queries):
    client.force_login(world.staff)
    client.get(reverse("calendar"))
    with django_assert_max_num_queries(12):
        assert client.get(reverse("calendar"), {"month": "2023-02"}).status_code == 200


def test_report_dues_are_named_by_their_title_in_the_calendar_and_the_feed(client, world):
    """A periodic report names no task (docs/domain.md §6): its day shows its title, once per date for the
    office with how many still owe it, one event per organization for its secretary."""
    report = Due.objects.get(plan=world.plan, kind=Due.Kind.REPORT, period="2023", organization=world.org)
    body = _month(client, world.secretary, "2023-12").content.decode()
    assert report.title in body and reverse("due_detail", args=[report.pk]) in body
    office = _month(client, world.staff, "2023-12").content.decode()
    assert office.count(f'title="{report.title}') == 1
    assert "3 / 3 tổ chức còn phải nộp" in office
    client.force_login(world.secretary)
    client.post(reverse("calendar_feed_manage"), {"action": "renew"})
    feed = CalendarFeed.objects.get(user=world.secretary)
    ics = client.get(reverse("calendar_feed", args=[feed.token])).content.decode().replace("\r\n ", "")
    assert f"UID:due-{report.pk}@plantrack" in ics and "SUMMARY:" + report.title in ics
