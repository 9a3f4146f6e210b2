"""Notices from the submission workflow as people see them: recipients, the navbar count, and no leaks."""

import io
import re

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from tasks.models import Notification, Review
from tasks.notifications.services import notify_submission_received, notify_submission_reviewed
from tasks.submissions.services import submission_review
from tests.factories import DueFactory, TaskFactory, submit_due

pytestmark = pytest.mark.django_db


def unread_badge(client) -> int:
    html = client.get(reverse("notifications")).content.decode()
    match = re.search(r'id="unread-count">(\d+)<', html)
    return int(match.group(1)) if match else 0


def test_a_submission_tells_the_office_and_its_count_goes_up(client, world):
    client.force_login(world.staff)
    assert unread_badge(client) == 0
    client.force_login(world.secretary)
    client.post(reverse("due_submit", args=[world.due.pk]), {"text": "Đã nộp", "work_status": "done"})
    client.force_login(world.staff)
    assert unread_badge(client) == 1
    html = client.get(reverse("notifications")).content.decode()
    assert "Đảng bộ Sở Tài chính" in html
    # The organization itself is not told about its own submission.
    assert not Notification.objects.filter(recipient__in=[world.secretary, world.clerk]).exists()


def test_a_return_reaches_the_organization_with_its_reason(client, world):
    client.force_login(world.secretary)
    client.post(reverse("due_submit", args=[world.due.pk]), {"text": "v1", "work_status": "done"})
    submission = world.due.submissions.get()
    assert unread_badge(client) == 0

    client.force_login(world.staff)
    client.post(
        reverse("submission_review", args=[submission.pk]),
        {"decision": "returned", "reason": "Thiếu phụ lục số liệu"},
    )
    returned = Notification.objects.filter(kind=Notification.Kind.RETURNED)
    assert {n.recipient for n in returned} == {world.secretary, world.clerk, world.deputy}

    client.force_login(world.secretary)
    assert unread_badge(client) == 1
    html = client.get(reverse("notifications")).content.decode()
    assert "Thiếu phụ lục số liệu" in html
    assert f"“{world.dated.label}”" in html  # the task by its number first: "II.b – Xây dựng …"
    assert reverse("submission_detail", args=[submission.pk]) in html

    client.post(reverse("notifications_read"))
    assert unread_badge(client) == 0
    # Reading one person's notices leaves the others' unread.
    client.force_login(world.clerk)
    assert unread_badge(client) == 1


def test_a_periodic_report_is_named_with_its_plan(client, world):
    """A report's words alone do not say whose report it is: the office's notice and the organization's
    name the plan after them, on the page and in the workbook of notifications."""
    report = world.org.dues.get(kind="report", period="2023")
    submission = submit_due(report, world.secretary)
    notify_submission_received(submission=submission)
    client.force_login(world.staff)
    named = "Báo cáo kết quả thực hiện năm 2023 – 62-KH/ĐUK"
    assert named in client.get(reverse("notifications")).content.decode()
    submission_review(submission=submission, reviewer=world.staff, decision="accepted")
    notify_submission_reviewed(submission=submission, returned=False)
    client.force_login(world.secretary)
    assert f"“{named}”" in client.get(reverse("notifications")).content.decode()
    workbook = load_workbook(io.BytesIO(client.get(reverse("notification_list_export")).content)).active
    assert named in [cell.value for row in workbook.iter_rows() for cell in row]


def test_an_acceptance_reaches_the_organization_only(client, world):
    submission = submit_due(world.due, world.secretary)
    client.force_login(world.staff)
    client.post(reverse("submission_review", args=[submission.pk]), {"decision": "accepted"})
    accepted = Notification.objects.filter(kind=Notification.Kind.ACCEPTED)
    assert {n.recipient for n in accepted} == {world.secretary, world.clerk, world.deputy}
    client.force_login(world.sibling)
    assert unread_badge(client) == 0


def test_a_secretary_never_reads_another_organizations_name(client, world):
    """After a full cycle in both sibling organizations, no page of one secretary names the other."""
    for due, member in ((world.due, world.secretary), (world.sibling_due, world.sibling)):
        first = submit_due(due, member, text="v1")
        submission_review(
            submission=first, reviewer=world.staff, decision=Review.Decision.RETURNED, reason="Bổ sung"
        )
        notify_submission_reviewed(submission=first, returned=True, reason="Bổ sung")
        second = submit_due(due, member, text="v2")
        notify_submission_received(submission=second)
        submission_review(submission=second, reviewer=world.staff, decision=Review.Decision.ACCEPTED)
        notify_submission_reviewed(submission=second, returned=False)
    own = world.due.submissions.order_by("version")
    pages = [
        reverse("notifications"),
        reverse("due_list"),
        reverse("due_list") + "?status=accepted",
        reverse("submission_history"),
        reverse("report_form", args=[world.org.dues.get(kind="report", period="2023").pk]),
        reverse("due_detail", args=[world.due.pk]),
        *(reverse("submission_detail", args=[s.pk]) for s in own),
    ]
    client.force_login(world.secretary)
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert world.sibling_org.name not in html, url
        assert "Sở Y tế" not in html, url
    # The office, on the other hand, is told about both.
    client.force_login(world.staff)
    html = client.get(reverse("notifications")).content.decode()
    assert world.org.name in html and world.sibling_org.name in html


# --- query counts ---------------------------------------------------------------------------------------

NOTIFICATION_LIST_QUERIES = 9  # session, user, list count, rows, unread count, access (2), savepoint (2)


def _notices(world, size: int):
    for i in range(size):
        task = TaskFactory(plan=world.plan, dated=True, text=f"Nhiệm vụ {i}")
        due = DueFactory(task=task, organization=world.org)
        submission = submit_due(due, world.secretary)
        notify_submission_received(submission=submission)
        returned = i % 2 == 0
        submission_review(
            submission=submission,
            reviewer=world.staff,
            decision=Review.Decision.RETURNED if returned else Review.Decision.ACCEPTED,
            reason="Bổ sung" if returned else "",
        )
        notify_submission_reviewed(
            submission=submission, returned=returned, reason="Bổ sung" if returned else ""
        )


@pytest.mark.parametrize("size", [3, 30])
@pytest.mark.parametrize("who", ["secretary", "staff"])
def test_the_notification_list_runs_a_fixed_number_of_queries(
    client, world, django_assert_num_queries, size, who
):
    _notices(world, size)
    client.force_login(getattr(world, who))
    with django_assert_num_queries(NOTIFICATION_LIST_QUERIES):
        response = client.get(reverse("notifications"))
    assert response.status_code == 200
    assert len(response.context["page"].object_list) == min(size, 25)
