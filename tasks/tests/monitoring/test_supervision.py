"""The page of a committee member in charge: the organizations they follow, what each owes, is late with and
has waiting for review, with links to the matrix filtered to them; access and a fixed number of queries."""

import re

import pytest
import time_machine
from django.urls import reverse

from organizations.models import Organization
from tasks.planning.numbering import plan_number_tasks
from tests.factories import SupervisionFactory
from tests.monitoring_setup import TODAY, build_bloc

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def frozen_time():
    with time_machine.travel(TODAY, tick=False):
        yield


@pytest.fixture
def bloc():
    return build_bloc()


def following(client, user=None):
    if user is not None:
        client.force_login(user)
    return client.get(reverse("supervision"))


def row_of(html: str, org: Organization) -> str:
    return html.split(org.name, 1)[1].split("</tr>", 1)[0]


def test_it_lists_the_members_organizations_and_what_they_owe(client, bloc):
    plan_number_tasks(plan=bloc.plan)  # 1.a … 1.d
    response = following(client, bloc.supervisor)
    assert response.status_code == 200
    html = response.content.decode()
    assert bloc.a.name in html and bloc.b.name in html
    for other in (bloc.c, bloc.d, bloc.e):
        assert other.name not in html
    row_a = row_of(html, bloc.a)
    assert re.search(r"data-overdue>1<", row_a) and reverse("due_detail", args=[bloc.dues["a"].pk]) in row_a
    assert "quá hạn 15 ngày" in row_a
    assert ">1.a – Xây dựng kế hoạch thực hiện</a>" in row_a  # the task by its number first
    row_b = row_of(html, bloc.b)
    assert re.search(r"data-overdue>0<", row_b)  # B handed in on time
    assert "(2)" in html  # the count of organizations followed


def test_it_links_to_the_matrix_filtered_to_the_member(client, bloc):
    html = following(client, bloc.supervisor).content.decode()
    assert f"{reverse('matrix', args=[bloc.plan.pk])}?member={bloc.supervisor.pk}" in html


def test_office_staff_without_organizations_in_charge_get_404(client, bloc):
    assert following(client, bloc.staff).status_code == 404


def test_a_secretary_gets_404_and_no_other_organization(client, bloc):
    response = following(client, bloc.secretary)
    assert response.status_code == 404
    assert bloc.b.name not in response.content.decode()


def test_an_outsider_gets_404(client, bloc):
    assert following(client, bloc.outsider).status_code == 404


def test_anonymous_is_sent_to_log_in(client, bloc):
    response = following(client)
    assert response.status_code == 302 and reverse("login") in response["Location"]


SUPERVISION_QUERIES = 11


@pytest.mark.parametrize("extra_cells", [0, 20])
def test_supervision_queries_do_not_grow(client, django_assert_num_queries, extra_cells):
    bloc = build_bloc(extra_cells=extra_cells)
    for org in bloc.tree.cells[3:]:
        SupervisionFactory(member=bloc.supervisor, organization=org)
    client.force_login(bloc.supervisor)
    with django_assert_num_queries(SUPERVISION_QUERIES):
        response = client.get(reverse("supervision"))
    assert f"({2 + extra_cells})" in response.content.decode()
