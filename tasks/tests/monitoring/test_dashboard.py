"""The staff dashboard: due this week, overdue, waiting for review, the organizations most behind; access and
a fixed number of queries."""

import re

import pytest
import time_machine
from django.core.cache import cache
from django.urls import reverse

from tasks.planning.numbering import plan_number_tasks
from tests.monitoring_setup import TODAY, build_bloc

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def frozen_time():
    cache.clear()
    with time_machine.travel(TODAY, tick=False):
        yield
    cache.clear()


@pytest.fixture
def bloc():
    return build_bloc()


def dashboard(client, user=None):
    if user is not None:
        client.force_login(user)
    return client.get(reverse("dashboard"))


def card(html: str, card_id: str) -> str:
    return html.split(f'id="{card_id}"', 1)[1].split("</section>", 1)[0]


def count_of(html: str, card_id: str) -> int:
    return int(re.search(r"data-count>(\d+)<", card(html, card_id)).group(1))


def test_it_counts_and_lists_what_staff_follow(client, bloc):
    plan_number_tasks(plan=bloc.plan)  # 1.a … 1.d
    response = dashboard(client, bloc.staff)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Đến hạn trong tuần" in html and "Quá hạn" in html and "Chờ xem xét" in html
    assert (
        count_of(html, "due-soon") == 5
        and count_of(html, "overdue") == 1
        and count_of(html, "to-review") == 2
    )
    assert "Từ 15/03/2023 đến 21/03/2023" in html
    overdue = card(html, "overdue")
    assert reverse("due_detail", args=[bloc.dues["a"].pk]) in overdue and bloc.a.name in overdue
    assert ">1.a – Xây dựng kế hoạch thực hiện</a>" in overdue  # the task by its number first
    review = card(html, "to-review")
    for key in ("b", "c"):
        latest = bloc.dues[key].submissions.order_by("-version").first()
        assert reverse("submission_detail", args=[latest.pk]) in review
    assert "state-late" in review  # C was handed in late: its word and colour say so


def test_it_ranks_the_organizations_most_behind_with_links_to_the_matrix(client, bloc):
    html = dashboard(client, bloc.staff).content.decode()
    table = html.split('id="by-org-heading"', 1)[1].split("</table>", 1)[0]
    first_row = table.split("<tbody>", 1)[1].split("</tr>", 1)[0]
    assert bloc.a.name in first_row
    matrix = reverse("matrix", args=[bloc.plan.pk])
    assert f"{matrix}?org={bloc.a.pk}&amp;status=overdue" in first_row
    assert bloc.d.name not in table and bloc.e.name not in table  # nothing overdue or waiting there


def test_empty_lists_say_so(client, bloc):
    with time_machine.travel("2023-01-05 09:00 +0700", tick=False):
        html = dashboard(client, bloc.board).content.decode()
    assert "Không có việc nào quá hạn." in html
    assert "Không có việc nào đến hạn trong bảy ngày tới." in html


def test_the_board_sees_it_too(client, bloc):
    assert dashboard(client, bloc.board).status_code == 200


def test_a_committee_member_who_is_not_staff_gets_404(client, bloc):
    assert dashboard(client, bloc.supervisor).status_code == 404


def test_a_secretary_sees_no_dashboard_and_no_other_organization(client, bloc):
    response = dashboard(client, bloc.secretary)
    assert response.status_code == 404
    html = response.content.decode()
    for org in (bloc.b, bloc.c, bloc.d, bloc.e):
        assert org.name not in html


def test_an_outsider_gets_404(client, bloc):
    assert dashboard(client, bloc.outsider).status_code == 404


def test_anonymous_is_sent_to_log_in(client, bloc):
    response = dashboard(client)
    assert response.status_code == 302 and reverse("login") in response["Location"]


DASHBOARD_QUERIES_COLD = 14
DASHBOARD_QUERIES_WARM = 12


@pytest.mark.parametrize("extra_cells", [0, 30])
def test_dashboard_queries_do_not_grow_with_the_bloc(client, django_assert_num_queries, extra_cells):
    bloc = build_bloc(extra_cells=extra_cells)
    client.force_login(bloc.staff)
    cache.clear()
    with django_assert_num_queries(DASHBOARD_QUERIES_COLD):
        response = client.get(reverse("dashboard"))
    assert count_of(response.content.decode(), "overdue") == 1 + extra_cells
    with django_assert_num_queries(DASHBOARD_QUERIES_WARM):
        client.get(reverse("dashboard"))
