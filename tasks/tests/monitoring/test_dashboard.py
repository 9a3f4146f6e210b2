"""The staff dashboard: due this week, overdue, waiting for review, the organizations most behind; access and
a fixed number of queries."""

import datetime
import re

import pytest
import time_machine
from django.core.cache import cache
from django.urls import reverse

from tasks.models import Due
from tasks.submissions.services import due_submit
from tests.world import LOCAL, add_cells, add_task_due_soon, hand_in_the_dated_task

pytestmark = pytest.mark.django_db

TODAY = datetime.datetime(2023, 3, 15, 10, 0, tzinfo=LOCAL)


@pytest.fixture(autouse=True)
def frozen_time():
    cache.clear()
    with time_machine.travel(TODAY, tick=False):
        yield
    cache.clear()


@pytest.fixture
def states(world):
    add_task_due_soon(world)
    return hand_in_the_dated_task(world)


def dashboard(client, user=None):
    if user is not None:
        client.force_login(user)
    return client.get(reverse("dashboard"))


def card(html: str, card_id: str) -> str:
    return html.split(f'id="{card_id}"', 1)[1].split("</section>", 1)[0]


def count_of(html: str, card_id: str) -> int:
    return int(re.search(r"data-count>(\d+)<", card(html, card_id)).group(1))


def test_it_counts_and_lists_what_staff_follow(client, world, states):
    response = dashboard(client, world.staff)
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
    assert (
        reverse("due_detail", args=[states.dues["overdue"].pk]) in overdue and states.overdue.name in overdue
    )
    assert f">{world.dated.label}</a>" in overdue  # the task by its number first
    review = card(html, "to-review")
    for status in ("submitted", "late"):
        latest = states.dues[status].submissions.order_by("-version").first()
        assert reverse("submission_detail", args=[latest.pk]) in review
    assert "state-late" in review  # one was handed in late: its word and colour say so


def test_it_ranks_the_organizations_most_behind_with_links_to_the_matrix(client, world, states):
    html = dashboard(client, world.staff).content.decode()
    table = html.split('id="by-org-heading"', 1)[1].split("</table>", 1)[0]
    first_row = table.split("<tbody>", 1)[1].split("</tr>", 1)[0]
    assert states.overdue.name in first_row
    matrix = reverse("matrix", args=[world.plan.pk])
    assert f"{matrix}?org={states.overdue.pk}&amp;status=overdue" in first_row
    # Nothing overdue or waiting for review there:
    assert states.returned.name not in table and states.accepted.name not in table


def test_empty_lists_say_so(client, world, states):
    with time_machine.travel("2023-01-05 09:00 +0700", tick=False):
        html = dashboard(client, world.board).content.decode()
    assert "Không có việc nào quá hạn." in html
    assert "Không có việc nào đến hạn trong bảy ngày tới." in html


def test_the_board_sees_it_too(client, world, states):
    assert dashboard(client, world.board).status_code == 200


def test_a_committee_member_who_is_not_staff_gets_404(client, world, states):
    assert dashboard(client, world.supervisor).status_code == 404


def test_a_secretary_sees_no_dashboard_and_no_other_organization(client, world, states):
    response = dashboard(client, world.secretary)
    assert response.status_code == 404
    html = response.content.decode()
    for org in world.grassroots:
        if org != world.org:
            assert org.name not in html


def test_an_outsider_gets_404(client, world, states):
    assert dashboard(client, world.outsider_secretary).status_code == 404


def test_another_blocs_office_sees_nothing_of_this_bloc(client, world, states):
    response = dashboard(client, world.outsider_staff)
    assert response.status_code == 200
    html = response.content.decode()
    assert all(org.name not in html for org in world.grassroots)


def test_anonymous_is_sent_to_log_in(client, world, states):
    response = dashboard(client)
    assert response.status_code == 302 and reverse("login") in response["Location"]


DASHBOARD_QUERIES_WARM = 13  # + the stamp that tells whether the completion figures are still fresh
DASHBOARD_QUERIES_COLD = (
    21  # + the completion figures (tasks/monitoring/completion.py): 4 grouped reads and their stamp, and
    # the journal position read with each of the two remembered totals (tasks/monitoring/journal.py)
)
# The first view after a submission: for each remembered total, the journal's new rows and the dues they
# touch; for the organizations most behind, those organizations ranked again (tasks/monitoring/behind.py).
DASHBOARD_QUERIES_AFTER_A_WRITE = DASHBOARD_QUERIES_WARM + 5


@pytest.mark.parametrize("extra_cells", [0, 30])
def test_dashboard_queries_do_not_grow_with_the_bloc(
    client, world, states, django_assert_num_queries, extra_cells
):
    add_cells(world, extra_cells)  # each overdue on the dated task
    client.force_login(world.staff)
    cache.clear()
    with django_assert_num_queries(DASHBOARD_QUERIES_COLD):
        response = client.get(reverse("dashboard"))
    assert count_of(response.content.decode(), "overdue") == 1 + extra_cells
    with django_assert_num_queries(DASHBOARD_QUERIES_WARM):
        client.get(reverse("dashboard"))


@pytest.mark.parametrize("extra_cells", [0, 30])
def test_the_first_view_after_a_submission_applies_it_without_counting_again(
    client, world, states, django_assert_num_queries, extra_cells
):
    """Counts kept current on write (tasks/monitoring/journal.py): the view after a submission shows it, in
    a fixed number of queries whatever the size of the bloc; once the change is settled, none more."""
    add_cells(world, extra_cells)
    client.force_login(world.staff)
    dashboard(client)
    due_submit(due=Due.objects.get(task=world.dated, organization=world.org), user=world.secretary)
    with django_assert_num_queries(DASHBOARD_QUERIES_AFTER_A_WRITE):
        html = dashboard(client).content.decode()
    assert count_of(html, "overdue") == extra_cells  # Sở Tài chính's overdue plan is handed in
    assert count_of(html, "to-review") == 3
    # Until the change is old enough to be sure no earlier one is still to commit, each total reads it again.
    with django_assert_num_queries(DASHBOARD_QUERIES_WARM + 2):
        dashboard(client)
    with time_machine.travel(TODAY + datetime.timedelta(seconds=30), tick=False):
        with django_assert_num_queries(DASHBOARD_QUERIES_WARM + 2):
            dashboard(client)
        with django_assert_num_queries(DASHBOARD_QUERIES_WARM):
            assert count_of(dashboard(client).content.decode(), "to-review") == 3
