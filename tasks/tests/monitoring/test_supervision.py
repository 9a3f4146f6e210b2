"""The page of a committee member in charge: the organizations they follow, what each owes, is late with and
has waiting for review, with links to the matrix filtered to them; access and a fixed number of queries."""

import datetime
import re

import pytest
import time_machine
from django.urls import reverse

from organizations.models import Organization
from tests.factories import SupervisionFactory
from tests.world import LOCAL, add_cells, add_task_due_soon, hand_in_the_dated_task

pytestmark = pytest.mark.django_db

TODAY = datetime.datetime(2023, 3, 15, 10, 0, tzinfo=LOCAL)


@pytest.fixture(autouse=True)
def frozen_time():
    with time_machine.travel(TODAY, tick=False):
        yield


@pytest.fixture
def states(world):
    add_task_due_soon(world)
    return hand_in_the_dated_task(world)


def following(client, user=None):
    if user is not None:
        client.force_login(user)
    return client.get(reverse("supervision"))


def row_of(html: str, org: Organization) -> str:
    return html.split(org.name, 1)[1].split("</tr>", 1)[0]


def test_it_lists_the_members_organizations_and_what_they_owe(client, world, states):
    response = following(client, world.supervisor)
    assert response.status_code == 200
    html = response.content.decode()
    assert world.org.name in html and world.sibling_org.name in html
    for other in (states.submitted, states.late, states.accepted):
        assert other.name not in html
    row_a = row_of(html, world.org)
    assert re.search(r"data-overdue>1<", row_a) and reverse("due_detail", args=[world.due.pk]) in row_a
    assert "quá hạn 15 ngày" in row_a
    assert f">{world.dated.label}</a>" in row_a  # the task by its number first
    row_b = row_of(html, world.sibling_org)
    assert re.search(r"data-overdue>0<", row_b)  # Sở Y tế handed in on time (and was returned)
    assert "(2)" in html  # the count of organizations followed


def test_it_links_to_the_matrix_filtered_to_the_member(client, world, states):
    html = following(client, world.supervisor).content.decode()
    assert f"{reverse('matrix', args=[world.plan.pk])}?member={world.supervisor.pk}" in html


def test_office_staff_without_organizations_in_charge_get_404(client, world, states):
    assert following(client, world.staff).status_code == 404


def test_a_secretary_gets_404_and_no_other_organization(client, world, states):
    response = following(client, world.secretary)
    assert response.status_code == 404
    assert world.sibling_org.name not in response.content.decode()


@pytest.mark.parametrize("who", ["outsider_staff", "outsider_secretary"])
def test_an_outsider_gets_404(client, world, states, who):
    assert following(client, getattr(world, who)).status_code == 404


def test_anonymous_is_sent_to_log_in(client, world, states):
    response = following(client)
    assert response.status_code == 302 and reverse("login") in response["Location"]


SUPERVISION_QUERIES = 11


@pytest.mark.parametrize("extra_cells", [0, 20])
def test_supervision_queries_do_not_grow(client, world, states, django_assert_num_queries, extra_cells):
    for org in add_cells(world, extra_cells):
        SupervisionFactory(member=world.supervisor, organization=org)
    client.force_login(world.supervisor)
    with django_assert_num_queries(SUPERVISION_QUERIES):
        response = client.get(reverse("supervision"))
    assert f"({2 + extra_cells})" in response.content.decode()


# --- one rule of an active supervision, for this page and the reminders (issue 16, item 7) -----------------
def _escalated(world, org) -> set[int]:
    from tasks.reminders.recipients import Recipients

    recipients = Recipients(TODAY.date())
    recipients.load_escalation([org.pk], [world.committee.pk])
    return set(recipients.escalation(org.pk, world.committee.pk))


def test_an_ended_or_future_supervision_is_not_followed_nor_reminded(client, world, states):
    from organizations.models import Supervision

    Supervision.objects.filter(member=world.supervisor, organization=world.sibling_org).update(
        ends_on=datetime.date(2023, 3, 14)
    )
    later = add_cells(world, 1)[0]
    SupervisionFactory(member=world.supervisor, organization=later, starts_on=datetime.date(2023, 3, 16))
    html = following(client, world.supervisor).content.decode()
    assert world.org.name in html
    assert world.sibling_org.name not in html and later.name not in html
    assert "(1)" in html
    assert world.supervisor.pk in _escalated(world, world.org)
    assert world.supervisor.pk not in _escalated(world, world.sibling_org)
    assert world.supervisor.pk not in _escalated(world, later)


def test_a_member_who_left_the_committee_follows_nothing_and_is_not_reminded(client, world, states):
    from organizations.models import Membership

    Membership.objects.filter(user=world.supervisor, organization=world.committee).update(is_active=False)
    assert following(client, world.supervisor).status_code == 404
    assert world.supervisor.pk not in _escalated(world, world.org)
    assert world.supervisor.pk not in _escalated(world, world.sibling_org)
