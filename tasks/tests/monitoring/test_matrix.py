"""The compliance matrix page: cells in colour and words with their links, totals, period and filters in the
URL, pagination, access (owner, member, outsider, anonymous) and a fixed number of queries."""

import re

import pytest
import time_machine
from django.core.cache import cache
from django.urls import reverse

from organizations.models import Organization
from tasks.monitoring import views as monitoring
from tasks.planning.numbering import plan_number_tasks
from tests.factories import SupervisionFactory
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


def matrix(client, bloc, user=None, **params):
    if user is not None:
        client.force_login(user)
    return client.get(reverse("matrix", args=[bloc.plan.pk]), params)


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
def test_it_shows_each_state_in_colour_and_in_words(client, bloc):
    response = matrix(client, bloc, bloc.staff)
    assert response.status_code == 200
    rows = body_rows(response)
    expected = {"a": ("overdue", "Quá hạn"), "b": ("submitted", "Đã nộp"), "c": ("late", "Nộp muộn"),
                "d": ("returned", "Bị trả lại"), "e": ("accepted", "Đã tiếp nhận")}  # fmt: skip
    for key, (status, word) in expected.items():
        row = rows[getattr(bloc, key).name]
        # The first cell is the dated task's: its colour class, its full word as title, and a short word.
        first = re.search(r"<td[^>]*>(.*?)</td>", row).group(1)
        assert f"state-{status}" in first and f'title="{word}"' in first
        assert re.search(r"</span> \S+</a>", first), "a short word is shown, not colour alone"
    assert "state-waiting" in rows[bloc.a.name]
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


def test_each_cell_links_to_its_latest_submission_or_to_its_due(client, bloc):
    rows = body_rows(matrix(client, bloc, bloc.staff))
    latest_d = bloc.dues["d"].submissions.order_by("-version").first()
    assert f'href="{reverse("submission_detail", args=[latest_d.pk])}"' in rows[bloc.d.name]
    assert f'href="{reverse("due_detail", args=[bloc.dues["a"].pk])}"' in rows[bloc.a.name]


def test_it_shows_totals_per_row_per_column_and_overall(client, bloc):
    response = matrix(client, bloc, bloc.staff)
    html = response.content.decode()
    tfoot = html.split("<tfoot>", 1)[1].split("</tfoot>", 1)[0]
    cells = re.findall(r"<td class=\"small\">(.*?)</td>", tfoot, re.S)
    assert len(cells) == 5  # four columns and the overall total
    assert count(cells[1]) == {"Chưa đến hạn": 5}
    assert count(cells[3]) == {"Chờ hướng dẫn": 5}
    assert count(cells[4]) == {"Chưa đến hạn": 10, "Chờ hướng dẫn": 5, "Quá hạn": 1, "Đã nộp": 1, "Nộp muộn": 1,
                               "Bị trả lại": 1, "Đã tiếp nhận": 1}  # fmt: skip
    row_a = body_rows(response)[bloc.a.name]
    assert count(row_a.rsplit("<td", 1)[1]) == {"Quá hạn": 1, "Chưa đến hạn": 2, "Chờ hướng dẫn": 1}
    assert '<span aria-hidden="true">Quá</span>' in row_a  # the short word the eye reads
    assert "5 tổ chức" in html


def test_columns_are_headed_by_the_task_number_and_named_below(client, bloc):
    plan_number_tasks(plan=bloc.plan)  # four tasks in section 1: 1.a … 1.d
    html = matrix(client, bloc, bloc.staff).content.decode()
    head = html.split("<thead>", 1)[1].split("</thead>", 1)[0]
    assert re.findall(r'<a href="#col-\d+" title="([^"]*)">([^<]*)</a>', head) == [
        ("1.a – Xây dựng kế hoạch thực hiện", "1.a"),
        ("1.b – Báo cáo rà soát", "1.b"),
        ("1.c – Đánh giá chất lượng hằng năm", "1.c"),
        ("1.d – Ban hành quy chế mẫu", "1.d"),
    ]
    # The table under the grid says what each column is, on paper too.
    assert re.search(
        r'<tr id="col-1"><th scope="row" class="text-nowrap">1.a</th><td>Xây dựng kế hoạch', html
    )


def test_the_first_column_and_header_stay_visible_and_it_prints(client, bloc):
    html = matrix(client, bloc, bloc.staff).content.decode()
    assert 'class="table table-sm table-bordered matrix' in html and 'class="matrix-wrap' in html
    assert '<th scope="col" class="org">' in html and '<th scope="row" class="org' in html
    # Filters, breadcrumbs and pagination stay off paper; the grid and its totals print.
    assert re.search(r'<form method="get" class="[^"]*d-print-none', html)
    assert 'class="d-print-none"><ol class="breadcrumb">' in html


def test_the_period_chooser_and_a_date_range(client, bloc):
    html = matrix(client, bloc, bloc.staff, period="2024").content.decode()
    assert "15/12/24" in html and "28/02/23" not in html
    assert '<option value="2024" selected>' in html
    ranged = matrix(client, bloc, bloc.staff, period="custom", start="01/03/2023", end="31/03/2023")
    html = ranged.content.decode()
    assert "20/03/23" in html and "28/02/23" not in html
    assert 'value="01/03/2023"' in html and '<option value="custom" selected>' in html


def test_a_bad_date_range_is_explained_and_this_year_shown(client, bloc):
    response = matrix(client, bloc, bloc.staff, period="custom", start="01/03/2023")
    html = response.content.decode()
    assert response.status_code == 200
    assert "alert-danger" in html and "28/02/23" in html


def test_filters_stay_in_the_url_and_narrow_the_rows(client, bloc):
    kind = body_rows(matrix(client, bloc, bloc.staff, kind=Organization.Kind.GRASSROOTS_CELL))
    assert set(kind) == {bloc.c.name, bloc.d.name, bloc.e.name}
    late = matrix(client, bloc, bloc.staff, status="late")
    assert set(body_rows(late)) == {bloc.c.name}
    assert '<option value="late" selected>' in late.content.decode()
    followed = body_rows(matrix(client, bloc, bloc.staff, member=bloc.supervisor.pk))
    assert set(followed) == {bloc.a.name, bloc.b.name}
    searched = body_rows(matrix(client, bloc, bloc.staff, q="so tai chinh"))
    assert set(searched) == {bloc.a.name}
    nobody = matrix(client, bloc, bloc.staff, q="không có tổ chức này")
    assert "Không có tổ chức nào khớp với bộ lọc." in nobody.content.decode()


def test_it_paginates_and_keeps_the_filters_in_page_links(client, bloc, monkeypatch):
    monkeypatch.setattr(monitoring, "MATRIX_PAGE_SIZE", 2)
    first = matrix(client, bloc, bloc.staff, kind="", period="2023")
    assert len(body_rows(first)) == 2
    html = first.content.decode()
    assert "period=2023&amp;page=2" in html or "kind=&amp;period=2023&amp;page=2" in html
    third = matrix(client, bloc, bloc.staff, period="2023", page=3)
    assert len(body_rows(third)) == 1
    assert "Tất cả các trang" in third.content.decode() or "tất cả các trang" in third.content.decode()


# --- who may see it ---------------------------------------------------------------------------------------
def test_office_staff_and_the_board_see_it(client, bloc):
    assert matrix(client, bloc, bloc.staff).status_code == 200
    assert matrix(client, bloc, bloc.board).status_code == 200


def test_a_committee_member_sees_it(client, bloc):
    assert matrix(client, bloc, bloc.supervisor).status_code == 200


def test_a_secretary_gets_404_and_no_other_organization_name(client, bloc):
    response = matrix(client, bloc, bloc.secretary)
    assert response.status_code == 404
    html = response.content.decode()
    for org in (bloc.b, bloc.c, bloc.d, bloc.e):
        assert org.name not in html


def test_an_outsider_gets_404(client, bloc):
    assert matrix(client, bloc, bloc.outsider).status_code == 404


def test_anonymous_is_sent_to_log_in(client, bloc):
    response = matrix(client, bloc)
    assert response.status_code == 302 and reverse("login") in response["Location"]


def test_an_unknown_plan_is_404(client, bloc):
    client.force_login(bloc.staff)
    assert client.get(reverse("matrix", args=[bloc.plan.pk + 1000])).status_code == 404


# --- a fixed number of queries ---------------------------------------------------------------------------
MATRIX_QUERIES_COLD = 16
MATRIX_QUERIES_WARM = 14


@pytest.mark.parametrize("extra_cells", [0, 30])
def test_matrix_queries_do_not_grow_with_the_bloc(client, django_assert_num_queries, extra_cells):
    bloc = build_bloc(extra_cells=extra_cells)
    for org in bloc.grassroots[:3]:
        SupervisionFactory(member=bloc.board, organization=org)
    client.force_login(bloc.staff)
    url = reverse("matrix", args=[bloc.plan.pk])
    cache.clear()
    with django_assert_num_queries(MATRIX_QUERIES_COLD):
        response = client.get(url, {"kind": "grassroots_cell"})
    assert len(body_rows(response)) == 3 + extra_cells
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
def test_odd_parameters_show_the_matrix_rather_than_fail(client, bloc, params):
    response = matrix(client, bloc, bloc.staff, **params)
    assert response.status_code == 200
    assert "<script>" not in response.content.decode().split("<main", 1)[1]
