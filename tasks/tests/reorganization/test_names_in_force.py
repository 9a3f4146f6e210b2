"""Names in force on the pages and e-mails about a date (issue 18 item 2): the due page, the submission and
review pages, the matrix of a past period and the reminder e-mails name an organization as it was named on
the due date ("... (nay là ...)"), read for a whole list in one query (docs/domain.md, "Reorganizations")."""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from organizations.models import Organization
from organizations.reorganization.operations import reorganization_apply
from tasks.models import Due
from tests.factories import submit_due
from tests.reminders_support import DUE_ON, SmtpSink, reminder_scenario, use_sink
from tests.world import add_cells

pytestmark = pytest.mark.django_db

LOCAL = ZoneInfo("Asia/Ho_Chi_Minh")
LATER = datetime.datetime(2025, 8, 1, 10, 0, tzinfo=LOCAL)


def rename(organizations, effective="2025-07-01") -> dict[int, tuple[str, str]]:
    """Rename each organization ("... tỉnh Gia Lai") in one file; {id: (old name, new name)}."""
    lines = [f"effective: {effective}", "operations:"]
    names = {}
    for org in organizations:
        names[org.pk] = (org.name, f"{org.name} tỉnh Gia Lai")
        lines += [f"  - rename: {org.code}", f"    name: {names[org.pk][1]}"]
    reorganization_apply(source="\n".join(lines) + "\n")
    return names


def then(names, org) -> str:
    old, new = names[org.pk]
    return f"{old} (nay là {new})"


@pytest.fixture
def later():
    cache.clear()
    with time_machine.travel(LATER, tick=False):
        yield
    cache.clear()


def test_the_due_submission_and_review_pages_name_the_organization_as_on_the_due_date(client, world, later):
    submission = submit_due(world.due, world.secretary)
    names = rename([world.org])
    client.force_login(world.secretary)
    for url in (
        reverse("due_detail", args=[world.due.pk]),
        reverse("submission_detail", args=[submission.pk]),
    ):
        html = client.get(url).content.decode()
        assert then(names, world.org) in html, url
    client.force_login(world.staff)
    assert then(names, world.org) in client.get(reverse("review_queue")).content.decode()


def test_a_due_after_the_rename_shows_the_new_name_alone(client, world, later):
    Due.objects.filter(pk=world.due.pk).update(due_on=datetime.date(2025, 9, 30))
    names = rename([world.org])
    client.force_login(world.secretary)
    html = client.get(reverse("due_detail", args=[world.due.pk])).content.decode()
    assert names[world.org.pk][1] in html and "(nay là" not in html


def test_the_due_page_reads_the_name_history_only_when_it_changed_since(client, world, later):
    client.force_login(world.secretary)
    url = reverse("due_detail", args=[world.due.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as plain:
        client.get(url)
    rename([world.org])
    client.force_login(world.secretary)
    client.get(url)
    with CaptureQueriesContext(connection) as renamed:
        client.get(url)
    assert len(renamed) == len(plain) + 1  # the one organization's names, read once


@pytest.mark.parametrize("extra", [0, 4])
def test_the_review_queue_reads_the_names_once_however_many_were_renamed(
    client, world, later, django_assert_num_queries, extra
):
    cells = add_cells(world, extra)
    dues = [world.due, world.sibling_due] + [Due.objects.get(task=world.dated, organization=c) for c in cells]
    for due in dues:
        submit_due(due)
    names = rename([due.organization for due in dues])
    client.force_login(world.staff)
    client.get(reverse("review_queue"))
    with django_assert_num_queries(9 + 1):  # the queue's own 9 (test_review_queue.py) and the names
        html = client.get(reverse("review_queue")).content.decode()
    for due in dues:
        assert then(names, due.organization) in html


@pytest.mark.parametrize("extra", [0, 4])
def test_the_matrix_of_a_past_period_names_the_rows_as_then_in_one_more_query(
    client, world, later, django_assert_num_queries, extra
):
    from tasks.tests.monitoring.test_matrix import MATRIX_QUERIES_WARM

    add_cells(world, extra)
    cells = list(Organization.objects.filter(kind=Organization.Kind.GRASSROOTS_CELL, ended_on__isnull=True))
    names = rename(cells)
    client.force_login(world.staff)
    url = reverse("matrix", args=[world.plan.pk])
    client.get(url, {"period": "2023", "kind": "grassroots_cell"})
    with django_assert_num_queries(MATRIX_QUERIES_WARM + 1):
        html = client.get(url, {"period": "2023", "kind": "grassroots_cell"}).content.decode()
    for cell in cells:
        assert then(names, cell) in html
    # The period after the rename: today's names, nothing more read.
    current = client.get(url, {"period": "2025", "kind": "grassroots_cell"}).content.decode()
    assert "(nay là" not in current


@pytest.fixture
def sink(settings):
    smtp = SmtpSink().start()
    use_sink(settings, smtp)
    yield smtp
    smtp.stop()


def test_the_reminder_email_of_an_overdue_due_names_the_organization_as_on_its_date(world, sink):
    from django.core.management import call_command

    due = reminder_scenario(world)
    names = rename([world.org], effective=(DUE_ON + datetime.timedelta(days=1)).isoformat())
    seven_days_late = DUE_ON + datetime.timedelta(days=7)
    with time_machine.travel(
        datetime.datetime(seven_days_late.year, seven_days_late.month, seven_days_late.day, 7, tzinfo=LOCAL),
        tick=False,
    ):
        call_command("send_reminders", "--today", seven_days_late.isoformat())
    (mail,) = sink.to("bithu@example.org")
    assert due.organization_id == world.org.pk
    for part in (mail.text, mail.html):
        assert then(names, world.org) in part


def test_the_review_email_names_the_organization_as_on_the_due_date(world, later, mailoutbox):
    from tasks.models import Review
    from tasks.notifications.mail import review_mail_send
    from tasks.submissions.services import submission_review

    submission = submit_due(world.due, world.secretary)
    names = rename([world.org])
    review = submission_review(submission=submission, reviewer=world.staff, decision=Review.Decision.ACCEPTED)
    assert review_mail_send(review_id=review.pk) >= 1
    assert then(names, world.org) in mailoutbox[-1].body
