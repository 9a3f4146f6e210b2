"""The compliance matrix page: cells in colour and words with their links, totals, period and filters in the
URL, pagination, access (owner, member, outsider, anonymous) and a fixed number of queries."""

import datetime
import re

import pytest
import time_machine
from django.core.cache import cache
from django.urls import reverse

from organizations.access import Access
from organizations.models import Organization
from tasks.monitoring import views as monitoring
from tests.factories import SupervisionFactory
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
def soon(world):
    return add_task_due_soon(world)


@pytest.fixture
def states(world, soon):
    return hand_in_the_dated_task(world)


def matrix(client, world, user=None, **params):
    if user is not None:
        client.force_login(user)
    return client.get(reverse("matrix", args=[world.plan.pk]), params)


def body_rows(response) -> dict[str, str]:
    """{organization name: the HTML of its row}."""
    html = response.content.decode()
    tbody = html.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    rows = {}
    for row in tbody.split("<tr>")[1:]:
        name = re.search(r'<th scope="row" class="org fw-normal">([^<]*)<', row).group(1)
        rows[name] = row
    return rows


def count(html: str) -> dict[str, int]:
    """The counts in a totals cell, by the full word each one carries for screen readers."""
    return {
        word: int(n) for word, n in re.findall(r'<span class="visually-hidden">([^<:]+):</span> (\d+)', html)
    }


# --- what the staff see --------------------------------------------------------------------------------
def test_it_shows_each_state_in_colour_and_in_words(client, world, states):
    response = matrix(client, world, world.staff)
    assert response.status_code == 200
    rows = body_rows(response)
    expected = {"overdue": "Quá hạn", "submitted": "Đã nộp", "late": "Nộp muộn", "returned": "Bị trả lại",
                "accepted": "Đã tiếp nhận"}  # fmt: skip
    for status, word in expected.items():
        row = rows[getattr(states, status).name]
        # The first cell is the dated task's (the first obligation to fall due): its colour class, its full
        # word as title, and a short word.
        first = re.findall(r"<td[^>]*>(.*?)</td>", row)[0]
        assert f"state-{status}" in first and f'title="{word}"' in first
        assert re.search(r"</span> \S+</a>", first), "a short word is shown, not colour alone"
    assert "state-waiting" in rows[states.overdue.name]
    html = response.content.decode()
    for word in (
        "Quá hạn",
        "Nộp muộn",
        "Chờ hướng dẫn",
        "Chưa đến hạn",
        "Đã tiếp nhận",
        "Bị trả lại",
        "Đã nộp",
    ):
        assert word in html  # the legend names every state


def test_each_cell_links_to_its_latest_submission_or_to_its_due(client, world, states):
    rows = body_rows(matrix(client, world, world.staff))
    latest = states.dues["returned"].submissions.order_by("-version").first()
    assert f'href="{reverse("submission_detail", args=[latest.pk])}"' in rows[states.returned.name]
    assert f'href="{reverse("due_detail", args=[states.dues["overdue"].pk])}"' in rows[states.overdue.name]


def test_it_shows_totals_per_row_per_column_and_overall(client, world, states):
    response = matrix(client, world, world.staff)
    html = response.content.decode()
    tfoot = html.split("<tfoot>", 1)[1].split("</tfoot>", 1)[0]
    cells = re.findall(r"<td class=\"small\">(.*?)</td>", tfoot, re.S)
    # Four obligations in the order they fall due (the dated task, the task due soon, the 2023 report, then
    # the task waiting for its guidance) and the overall total; no column per ongoing or annual task.
    assert len(cells) == 5
    assert count(cells[1]) == {"Chưa đến hạn": 5}
    assert count(cells[2]) == {"Chưa đến hạn": 5}
    assert count(cells[3]) == {"Chờ hướng dẫn": 5}
    assert count(cells[4]) == {"Chưa đến hạn": 2 * 5, "Chờ hướng dẫn": 5, "Quá hạn": 1, "Đã nộp": 1, "Nộp muộn": 1,
                               "Bị trả lại": 1, "Đã tiếp nhận": 1}  # fmt: skip
    row_a = body_rows(response)[states.overdue.name]
    assert count(row_a.rsplit("<td", 1)[1]) == {"Quá hạn": 1, "Chưa đến hạn": 2, "Chờ hướng dẫn": 1}
    assert '<span aria-hidden="true">Quá</span>' in row_a  # the short word the eye reads
    assert "5 tổ chức" in html


def test_columns_are_the_obligations_headed_by_name_and_numbered_below(client, world, states, soon):
    html = matrix(client, world, world.staff).content.decode()
    head = html.split("<thead>", 1)[1].split("</thead>", 1)[0]
    # The deliverables and the 2023 report in the order they fall due, the waiting task last; each headed by
    # its name, its number and short title as title.
    report = "Báo cáo kết quả thực hiện năm 2023"
    assert re.findall(r'<a href="#col-\d+" title="([^"]*)">([^<]*)</a>', head) == [
        (world.dated.label, world.dated.title),
        (soon.label, soon.title),
        (report, report),
        (world.waiting.label, world.waiting.title),
    ]
    # The table under the grid says what each column is, with its number, on paper too.
    assert re.search(
        r'<tr id="col-1"><th scope="row" class="text-nowrap">II.b</th><td>Xây dựng kế hoạch thực hiện', html
    )


def test_the_first_column_and_header_stay_visible_and_it_prints(client, world, states):
    html = matrix(client, world, world.staff).content.decode()
    assert 'class="table table-sm table-bordered matrix' in html and 'class="matrix-wrap' in html
    assert '<th scope="col" class="org">' in html and '<th scope="row" class="org' in html
    # Filters, breadcrumbs and pagination stay off paper; the grid and its totals print.
    assert re.search(r'<form method="get" class="[^"]*d-print-none', html)
    assert 'class="d-print-none"><ol class="breadcrumb">' in html


def test_the_period_chooser_and_a_date_range(client, world, states):
    html = matrix(client, world, world.staff, period="2024").content.decode()
    assert "15/12/24" in html and "28/02/23" not in html
    assert '<option value="2024" selected>' in html
    ranged = matrix(client, world, world.staff, period="custom", start="01/03/2023", end="31/03/2023")
    html = ranged.content.decode()
    assert "20/03/23" in html and "28/02/23" not in html
    assert 'value="01/03/2023"' in html and '<option value="custom" selected>' in html


def test_a_bad_date_range_is_explained_and_this_year_shown(client, world, states):
    response = matrix(client, world, world.staff, period="custom", start="01/03/2023")
    html = response.content.decode()
    assert response.status_code == 200
    assert "alert-danger" in html and "28/02/23" in html


def test_filters_stay_in_the_url_and_narrow_the_rows(client, world, states):
    kind = body_rows(matrix(client, world, world.staff, kind=Organization.Kind.GRASSROOTS_CELL))
    assert set(kind) == {o.name for o in (states.submitted, states.late, states.accepted)}
    late = matrix(client, world, world.staff, status="late")
    assert set(body_rows(late)) == {states.late.name}
    assert '<option value="late" selected>' in late.content.decode()
    followed = body_rows(matrix(client, world, world.staff, member=world.supervisor.pk))
    assert set(followed) == {world.org.name, world.sibling_org.name}
    searched = body_rows(matrix(client, world, world.staff, q="so tai chinh"))
    assert set(searched) == {world.org.name}
    nobody = matrix(client, world, world.staff, q="không có tổ chức này")
    assert "Không có tổ chức nào khớp với bộ lọc." in nobody.content.decode()


def test_it_paginates_and_keeps_the_filters_in_page_links(client, world, states, monkeypatch):
    monkeypatch.setattr(monitoring, "MATRIX_PAGE_SIZE", 2)
    first = matrix(client, world, world.staff, kind="", period="2023")
    assert len(body_rows(first)) == 2
    html = first.content.decode()
    assert "period=2023&amp;page=2" in html or "kind=&amp;period=2023&amp;page=2" in html
    third = matrix(client, world, world.staff, period="2023", page=3)
    assert len(body_rows(third)) == 1
    assert "Tất cả các trang" in third.content.decode() or "tất cả các trang" in third.content.decode()


# --- who may see it ---------------------------------------------------------------------------------------
def test_office_staff_and_the_board_see_it(client, world, states):
    assert matrix(client, world, world.staff).status_code == 200
    assert matrix(client, world, world.board).status_code == 200


def test_a_committee_member_sees_it(client, world, states):
    assert matrix(client, world, world.supervisor).status_code == 200


def test_a_secretary_gets_404_and_no_other_organization_name(client, world, states):
    response = matrix(client, world, world.secretary)
    assert response.status_code == 404
    html = response.content.decode()
    for org in world.grassroots:
        if org != world.org:
            assert org.name not in html


@pytest.mark.parametrize("who", ["outsider_staff", "outsider_secretary"])
def test_an_outsider_gets_404(client, world, states, who):
    assert matrix(client, world, getattr(world, who)).status_code == 404


def test_anonymous_is_sent_to_log_in(client, world, states):
    response = matrix(client, world)
    assert response.status_code == 302 and reverse("login") in response["Location"]


def test_an_unknown_plan_is_404(client, world, states):
    client.force_login(world.staff)
    assert client.get(reverse("matrix", args=[world.plan.pk + 1000])).status_code == 404


# --- a fixed number of queries ---------------------------------------------------------------------------
MATRIX_QUERIES_COLD = (
    19  # with the own work of the committee's bodies, the years that have dues, the journal position
)
MATRIX_QUERIES_WARM = 16


@pytest.mark.parametrize("extra_cells", [0, 30])
def test_matrix_queries_do_not_grow_with_the_bloc(
    client, world, states, django_assert_num_queries, extra_cells
):
    add_cells(world, extra_cells)
    for org in world.grassroots[:3]:
        SupervisionFactory(member=world.board, organization=org)
    client.force_login(world.staff)
    url = reverse("matrix", args=[world.plan.pk])
    cache.clear()
    with django_assert_num_queries(MATRIX_QUERIES_COLD):
        response = client.get(url, {"kind": "grassroots_cell"})
    assert len(body_rows(response)) == len(world.cells) == 3 + extra_cells
    with django_assert_num_queries(MATRIX_QUERIES_WARM):
        client.get(url, {"kind": "grassroots_cell"})


@pytest.mark.parametrize(
    "params",
    [
        {"org": "9223372036854775808"},
        {"org": "-5"},
        {"member": "9223372036854775808"},
        {"page": "99999999999999999999"},
        {"period": "custom", "start": "31/02/2024", "end": "x"},
        {"q": "x" * 500},
        {"period": "2024-H3"},
        {"kind": "<script>"},
        {"status": "bogus"},
    ],
)
def test_odd_parameters_show_the_matrix_rather_than_fail(client, world, states, params):
    response = matrix(client, world, world.staff, **params)
    assert response.status_code == 200
    assert "<script>" not in response.content.decode().split("<main", 1)[1]


def test_own_work_of_the_committees_bodies_has_its_own_table_and_is_never_ranked(client, world, states):
    from tasks.models import Due, TaskUnit
    from tasks.monitoring.compliance import dashboard_summary
    from tasks.planning.dues import plan_regenerate_dues

    TaskUnit.objects.create(
        task=world.ongoing, role=TaskUnit.Role.LEAD, name="Ban Tổ chức", organization=world.organization_board
    )
    plan_regenerate_dues(plan=world.plan)
    own = Due.objects.get(plan=world.plan, kind=Due.Kind.OWN, period="2023")
    html = matrix(client, world, world.staff).content.decode()
    assert world.organization_board.name not in body_rows_html(html)
    section = html.split('id="own-work-title"', 1)[1]
    assert world.organization_board.name in section and world.ongoing.label in section
    assert reverse("due_detail", args=[own.pk]) in section
    with time_machine.travel(datetime.datetime(2024, 1, 10, tzinfo=LOCAL), tick=False):
        summary = dashboard_summary(access=Access.for_user(world.staff))
    assert world.organization_board.pk not in {row["organization_id"] for row in summary.by_organization}
    assert own.pk not in {due.pk for due in summary.overdue}


def body_rows_html(html: str) -> str:
    return html.split("<tbody>", 1)[1].split("</tbody>", 1)[0]


def test_the_member_filter_names_people_in_vietnamese_order(client, world, states):
    """Issue 17 item 7: "Trần Thị Hoa", never Django's Western "Hoa Trần Thị"."""
    world.supervisor.first_name, world.supervisor.last_name = "Dũng", "Phạm Văn"
    world.supervisor.save()
    html = matrix(client, world, world.staff).content.decode()
    assert f'<option value="{world.supervisor.pk}">Phạm Văn Dũng</option>' in html
    assert "Dũng Phạm Văn" not in html


def test_typed_dates_choose_the_custom_period_whatever_the_list_says(client, world, states):
    """Issue 17 item 2: "Từ / Đến" were ignored unless "Kỳ" said "Chọn ngày bên dưới"."""
    html = matrix(client, world, world.staff, period="2024", start="01/02/2023", end="31/03/2023").content
    html = html.decode()
    assert "01/02/2023 – 31/03/2023" in html
    assert '<option value="custom" selected>' in html


def test_periods_with_dues_after_the_plans_end_are_offered(client, world, states):
    """A task triggered late falls due after the plan's last year (2025): its year is offered."""
    from tests.factories import DueFactory

    DueFactory(task=world.waiting, organization=world.org, due_on=datetime.date(2027, 4, 30))
    html = matrix(client, world, world.staff).content.decode()
    assert '<option value="2027">' in html and '<option value="2027-H1">' in html
    assert '<option value="2026">' not in html  # no due that year: not offered
    late = matrix(client, world, world.staff, period="2027").content.decode()
    assert '<option value="2027" selected>' in late
