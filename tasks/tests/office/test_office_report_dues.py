"""The office's follow-up of a periodic report (docs/domain.md §6: a report due names no task): reminded,
extended, marked not applicable and discussed like a deliverable, named by its title, from its page and from
the matrix's report column; the organization (member) sees it, another bloc (outsider) does not."""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.urls import reverse

from tasks.models import Due, DueAction, DueComment, Notification
from tasks.planning.dues import plan_regenerate_dues

pytestmark = pytest.mark.django_db

# 01/12/2023: the yearly 2023 reports (15/12/2023) are owed and not yet overdue.
NOW = datetime.datetime(2023, 12, 1, 9, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))


@pytest.fixture(autouse=True)
def _clock():
    with time_machine.travel(NOW, tick=False):
        yield


def _report(world, org) -> Due:
    return Due.objects.get(plan=world.plan, kind=Due.Kind.REPORT, period="2023", organization=org)


def test_a_report_due_is_reminded_by_its_title(client, world, django_capture_on_commit_callbacks):
    due = _report(world, world.org)
    assert due.task is None
    client.force_login(world.staff)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("due_remind", args=[due.pk]))
    assert response.status_code == 302
    assert DueAction.objects.filter(due=due, kind="reminded").count() == 1
    assert Notification.objects.filter(kind="office_reminder", due=due, recipient=world.secretary).exists()
    assert mail.outbox and due.title in mail.outbox[0].subject
    assert world.plan.document.symbol in mail.outbox[0].body
    client.force_login(world.secretary)
    assert due.title in client.get(reverse("notifications")).content.decode()


def test_a_report_due_is_extended_and_keeps_it_when_the_plan_is_regenerated(client, world):
    due = _report(world, world.org)
    client.force_login(world.staff)
    client.post(
        reverse("due_extend", args=[due.pk]), {"extend-until": "31/01/2024", "extend-reason": "Đại hội"}
    )
    due.refresh_from_db()
    assert due.due_on == datetime.date(2024, 1, 31)
    plan_regenerate_dues(plan=world.plan)
    due.refresh_from_db()
    assert due.due_on == datetime.date(2024, 1, 31)
    assert _report(world, world.sibling_org).due_on == datetime.date(2023, 12, 15)


def test_the_organization_comments_on_its_report_and_the_office_is_told(client, world):
    due = _report(world, world.org)
    client.force_login(world.secretary)
    page = client.get(reverse("due_detail", args=[due.pk]))
    assert page.status_code == 200 and "Nhắc hạn ngay" not in page.content.decode()
    client.post(reverse("due_comment", args=[due.pk]), {"comment-text": "Xin gia hạn"})
    assert DueComment.objects.filter(due=due, from_office=False).count() == 1
    assert Notification.objects.filter(kind="comment", due=due, recipient=world.staff).exists()
    assert client.post(reverse("due_remind", args=[due.pk])).status_code in (403, 404)


def test_an_outsider_does_not_find_the_report_due(client, world):
    due = _report(world, world.org)
    client.force_login(world.outsider_staff)
    assert client.post(reverse("due_remind", args=[due.pk])).status_code == 404
    assert not DueAction.objects.exists()


def test_the_matrix_acts_on_the_report_column(client, world):
    client.force_login(world.staff)
    matrix = client.get(
        reverse("matrix", args=[world.plan.pk]) + "?period=custom&start=01/01/2023&end=31/12/2023"
    ).content.decode()
    assert 'value="0:2023"' in matrix
    payload = {
        "column": "0:2023",
        "kind": "not_applicable",
        "reason": "Giải thể",
        "org": [world.sibling_org.pk],
        "next": "/plans/x/",
    }
    client.post(reverse("matrix_act", args=[world.plan.pk]), payload)
    assert _report(world, world.sibling_org).state == Due.State.NOT_APPLICABLE
    assert _report(world, world.org).state == Due.State.OPEN
    # The deliverables of the same organization are not touched by the report column.
    assert not DueAction.objects.exclude(due__kind=Due.Kind.REPORT).exists()
