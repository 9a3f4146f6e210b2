"""The demo reflects a live office whatever day it is loaded (issue 12 item 6, docs/domain.md §6): the
2023-2025 history of 62-KH/ĐUK mostly complete, and a plan under way whose obligations fall around the day."""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from tasks.demo.load import demo_load
from tasks.models import Due, Review, Submission
from tasks.plan_import.interchange import plan_find

ZONE = ZoneInfo("Asia/Ho_Chi_Minh")


@pytest.fixture(
    params=[
        datetime.datetime(2026, 3, 2, 9, 30, tzinfo=ZONE),
        datetime.datetime(2027, 8, 20, 14, 0, tzinfo=ZONE),
    ],
    ids=["2026-03-02", "2027-08-20"],
)
def loaded(request, db):
    with time_machine.travel(request.param, tick=False):
        demo_load()
    return request.param


def test_obligations_fall_around_the_load_day(loaded):
    today = loaded.date()
    dues = Due.objects.exclude(due_on=None)
    past = dues.filter(due_on__lt=today)
    unsubmitted = past.filter(state__in=[Due.State.OPEN, Due.State.RETURNED])
    assert past.count() > 100
    assert 0 < unsubmitted.count() <= past.count() / 4
    ahead = dues.filter(due_on__gte=today, due_on__lte=today + datetime.timedelta(days=30))
    assert ahead.filter(state=Due.State.OPEN).exists()
    assert ahead.exclude(state=Due.State.OPEN).exists()  # some handed in early
    overdue = [
        due
        for due in dues.filter(due_on__gte=today - datetime.timedelta(days=60))
        if due.status_on(today) == "overdue"
    ]
    assert overdue  # a few recently overdue, not only years-old ones


def test_the_history_of_62_kh_duk_is_mostly_complete_and_dated_at_its_events(loaded):
    plan = plan_find(symbol="62-KH/ĐUK")
    dues = Due.objects.filter(plan=plan)
    assert dues.filter(organization__code="cb-so-tu-phap").count() <= 8
    reports = dues.filter(kind=Due.Kind.REPORT)
    accepted = reports.filter(state=Due.State.ACCEPTED).count()
    assert accepted > reports.count() / 2
    statuses = [due.status_on(loaded.date()) for due in reports.filter(first_submitted_at__isnull=False)]
    assert "late" in statuses or any(
        due.first_submitted_at.date() > due.due_on for due in reports.filter(state=Due.State.ACCEPTED)
    )
    assert Review.objects.filter(submission__due__in=reports, decision="returned").exists()
    assert Submission.objects.filter(due__in=reports, version=2).exists()
    never = reports.filter(period="2025", state=Due.State.OPEN)
    assert 0 < never.count() < reports.filter(period="2025").count() / 3
    # Every event of the plan's history is dated when it happened, never at the load.
    loaded_at = loaded - datetime.timedelta(minutes=1)
    assert not Submission.objects.filter(due__plan=plan, submitted_at__gte=loaded_at).exists()
    assert not Review.objects.filter(submission__due__plan=plan, reviewed_at__gte=loaded_at).exists()
    assert not Submission.objects.filter(due__plan=plan, submitted_at__year__gt=2026).exists()
