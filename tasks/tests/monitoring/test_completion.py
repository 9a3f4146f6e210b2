"""The dashboard's completion figures and charts (issue 17 item 13): handed in over due so far, per obligation
and per month, drawn as server-rendered SVG (no script, no CDN); not applicable dues count in neither."""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.cache import cache
from django.urls import reverse

from organizations.access import Access
from tasks.models import Due
from tasks.monitoring.completion import completion_summary

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2023, 3, 10, 9, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))  # the dated task fell due


@pytest.fixture(autouse=True)
def _clock():
    cache.clear()
    with time_machine.travel(NOW, tick=False):
        yield


def test_completion_counts_what_was_handed_in_of_what_fell_due(world):
    Due.objects.filter(pk=world.due.pk).update(state=Due.State.ACCEPTED)
    summary = completion_summary(access=Access.for_user(world.staff), today=NOW.date())
    assert (summary.done, summary.total, summary.percent) == (1, 3, 33)
    (dated,) = summary.by_task
    assert (dated.label, dated.done, dated.total, dated.row_width) == (world.dated.number, 1, 3, 66)
    february = next(bar for bar in summary.by_month if bar.title == "02/2023")
    assert (february.done, february.total, february.column_height, february.column_y) == (1, 3, 20, 48)
    assert len(summary.by_month) == 12 and summary.by_month[-1].title == "03/2023"


def test_not_applicable_counts_in_neither(world):
    Due.objects.filter(pk=world.due.pk).update(state=Due.State.NOT_APPLICABLE)
    summary = completion_summary(access=Access.for_user(world.staff), today=NOW.date())
    assert (summary.done, summary.total) == (0, 2)


def test_the_dashboard_draws_the_charts_as_svg(client, world):
    Due.objects.filter(pk=world.due.pk).update(state=Due.State.SUBMITTED)
    client.force_login(world.staff)
    body = client.get(reverse("dashboard")).content.decode()
    assert 'id="completion-percent">33%<' in body
    assert body.count('<svg class="completion-chart" role="img"') == 2
    assert f"{world.dated.label}: 1/3 (33%)" in body
    assert "<script" not in body.split('id="completion"')[1].split("</section>")[0]


@pytest.mark.parametrize("who", ["secretary", "outsider_secretary"])
def test_the_dashboard_is_the_offices(client, world, who):
    client.force_login(getattr(world, who))
    assert client.get(reverse("dashboard")).status_code == 404


def test_another_blocs_office_counts_nothing_of_this_one(world):
    summary = completion_summary(access=Access.for_user(world.outsider_staff), today=NOW.date())
    assert (summary.done, summary.total, summary.by_task) == (0, 0, [])


def test_each_obligation_is_a_bar_and_own_work_is_not_ranked(world):
    """By 2024 the 2023 report has fallen due too: a bar named by its title beside the deliverable's; the own
    work of the committee's office counts in no figure (docs/domain.md §6)."""
    Due.objects.create(
        plan=world.plan,
        kind=Due.Kind.OWN,
        task=world.dated,
        organization=world.office,
        period="once",
        due_on=datetime.date(2023, 2, 28),
    )
    Due.objects.filter(plan=world.plan, kind=Due.Kind.REPORT, period="2023", organization=world.org).update(
        state=Due.State.SUBMITTED
    )
    summary = completion_summary(access=Access.for_user(world.staff), today=datetime.date(2024, 1, 10))
    assert (summary.done, summary.total) == (1, 6)
    bars = {bar.title: (bar.done, bar.total) for bar in summary.by_task}
    report = Due.objects.filter(plan=world.plan, kind=Due.Kind.REPORT, period="2023").first()
    assert bars == {world.dated.label: (0, 3), report.title: (1, 3)}
    assert summary.by_task[0].title == world.dated.label  # least complete first
