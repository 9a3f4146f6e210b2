"""The office adds a half-year report to a plan from the plan's page (issue 12 item 1, docs/domain.md §5):
one more report due per reporting organization and year, nothing submitted lost; the plan's office only."""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from plans.models import ReportingPeriod
from tasks.models import Due, Submission
from tests.factories import DueFactory, OrganizationFactory, submit_due

pytestmark = pytest.mark.django_db

LOCAL = ZoneInfo("Asia/Ho_Chi_Minh")


@pytest.fixture(autouse=True)
def frozen_time():
    with time_machine.travel(datetime.datetime(2023, 3, 15, 10, 0, tzinfo=LOCAL), tick=False):
        yield


def _url(world):
    return reverse("plan_add_half_year", args=[world.plan.pk])


def _reports(world, period):
    return set(
        Due.objects.filter(plan=world.plan, kind=Due.Kind.REPORT, period=period).values_list(
            "organization_id", "due_on"
        )
    )


def test_the_office_sees_the_calendar_and_the_form_on_the_plan_page(client, world):
    client.force_login(world.staff)
    response = client.get(reverse("plan_detail", args=[world.plan.pk]))
    assert response.status_code == 200
    assert response.context["half_year_form"] is not None
    assert _url(world) in response.content.decode()


def test_the_office_adds_a_half_year_report_and_every_reporting_organization_owes_it(client, world):
    annual = _reports(world, "2023")
    assert annual and not _reports(world, "2023-H1")
    submitted = submit_due(
        Due.objects.filter(plan=world.plan, kind=Due.Kind.REPORT, period="2023").first(), world.secretary
    )
    client.force_login(world.staff)
    response = client.post(_url(world), {"day": "20", "month": "6", "confirm": "on"}, follow=True)
    assert response.redirect_chain == [(reverse("plan_detail", args=[world.plan.pk]), 302)]
    assert [(p.kind, p.month, p.day) for p in world.plan.reporting_periods.all()] == [
        ("half_year", 6, 20),
        ("annual", 12, 15),  # the default annual date, written down so that it stays
    ]
    for year in (2023, 2024, 2025):
        assert _reports(world, f"{year}-H1") == {(org, datetime.date(year, 6, 20)) for org, _due_on in annual}
    assert _reports(world, "2023") == annual
    assert Submission.objects.filter(pk=submitted.pk, due_id=submitted.due_id).exists()
    # The page tells how many dues were made, and offers the form no more.
    assert "2023" in response.content.decode() and response.context["half_year_form"] is None
    messages = [str(m) for m in response.context["messages"]]
    assert messages == [f"Đã thêm kỳ báo cáo 6 tháng ngày 20/06: {3 * len(annual)} nghĩa vụ mới."]


def test_a_due_with_a_submission_is_kept_by_the_regeneration(client, world):
    # An organization the plan does not address (outside the committee): its reports are not obligations of
    # the plan, and the regeneration removes them, except the one handed in.
    gone = OrganizationFactory(kind="grassroots_cell", name="Chi bộ ngoài Khối")
    kept = DueFactory(
        plan=world.plan,
        kind=Due.Kind.REPORT,
        task=None,
        organization=gone,
        period="2023",
        due_on=datetime.date(2023, 12, 15),
    )
    submit_due(kept)
    loose = DueFactory(
        plan=world.plan,
        kind=Due.Kind.REPORT,
        task=None,
        organization=gone,
        period="2024",
        due_on=datetime.date(2024, 12, 15),
    )
    client.force_login(world.staff)
    assert client.post(_url(world), {"day": "15", "month": "6", "confirm": "on"}).status_code == 302
    assert Due.objects.filter(pk=kept.pk).exists()
    assert not Due.objects.filter(pk=loose.pk).exists()  # nothing handed in: the regeneration removes it


@pytest.mark.parametrize(
    ("data", "field", "code"),
    [
        ({"day": "15", "month": "6"}, "confirm", "required"),  # not confirmed
        ({"day": "31", "month": "6", "confirm": "on"}, None, "not_a_date"),
        ({"day": "15", "month": "9", "confirm": "on"}, "month", "invalid_choice"),  # second half: not H1
    ],
)
def test_nothing_changes_without_confirmation_or_with_a_wrong_date(client, world, data, field, code):
    before = Due.objects.count()
    client.force_login(world.staff)
    response = client.post(_url(world), data)
    assert response.status_code == 400
    assert response.context["half_year_form"].has_error(field or "__all__", code)
    assert not world.plan.reporting_periods.exists()
    assert Due.objects.count() == before


def test_a_plan_with_a_half_year_report_is_not_offered_a_second(client, world):
    ReportingPeriod.objects.create(plan=world.plan, kind="half_year", month=6, day=15)
    client.force_login(world.staff)
    assert client.get(reverse("plan_detail", args=[world.plan.pk])).context["half_year_form"] is None
    response = client.post(_url(world), {"day": "30", "month": "6", "confirm": "on"})
    assert response.status_code == 400
    assert response.context["half_year_form"].has_error("__all__", "already")
    assert world.plan.reporting_periods.count() == 1


def test_a_member_and_an_outsider_cannot_add_one(client, world):
    before = Due.objects.count()
    client.force_login(world.secretary)  # reads the plan her organization carries out, does not manage it
    page = client.get(reverse("plan_detail", args=[world.plan.pk]))
    assert page.status_code == 200 and _url(world) not in page.content.decode()
    for user in (world.secretary, world.outsider_staff):
        client.force_login(user)
        assert client.post(_url(world), {"day": "15", "month": "6", "confirm": "on"}).status_code == 404
    client.logout()
    assert client.post(_url(world), {"day": "15", "month": "6", "confirm": "on"}).status_code == 302
    assert client.get(_url(world)).status_code in (302, 405)
    assert not world.plan.reporting_periods.exists()
    assert Due.objects.count() == before
