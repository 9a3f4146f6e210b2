"""Report content: the figures equal the compliance matrix's for the same plan, period and day; the tables
hold what the issue asks for; the letterhead follows the Party document format; queries do not grow."""

import datetime
from collections import Counter

import pytest
import time_machine
from django.core.cache import cache
from django.utils import translation

from organizations.access import Access
from plans.periods import period_half, period_range, period_year
from reports.content.compliance import compliance_report_data
from reports.content.kinds import report_data
from reports.content.letterhead import Letterhead, balanced_lines, issuing_body_name, party_organization_name
from reports.content.organization import organization_report_data
from reports.content.plan import plan_report_data
from tasks.monitoring import compliance
from tasks.monitoring.compliance import Filters
from tasks.monitoring.statuses import STATUSES
from tasks.planning.obligations import report_title
from tests.factories import OrganizationFactory
from tests.world import (
    DATED_TEXT,
    LOCAL,
    ONGOING_TEXT,
    WAITING_TEXT,
    add_cells,
    hand_in_the_dated_task,
    report_the_first_half,
)

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2023, 12, 20)
NOW = datetime.datetime(2023, 12, 20, 9, 0, tzinfo=LOCAL)

PERIODS = [
    period_year(2023),
    period_half(2023, 1),
    period_half(2023, 2),
    period_range(start=datetime.date(2023, 2, 1), end=datetime.date(2023, 7, 31)),
]


@pytest.fixture
def states(world):
    with time_machine.travel(NOW, tick=False):
        states = hand_in_the_dated_task(world)
        report_the_first_half(world, states)
        yield states


@pytest.fixture(autouse=True)
def _vietnamese():
    cache.clear()
    with translation.override("vi"):
        yield


def matrix_totals(world, period, filters=None) -> Counter:
    """What the office staff's compliance matrix shows for the plan and period."""
    access = Access.for_user(world.staff)
    _columns, totals = compliance.compliance_totals(
        access=access, plan=world.plan, period=period, filters=filters, today=TODAY
    )
    return Counter({k: v for k, v in totals.items() if v})


def nonzero(counter) -> Counter:
    return Counter({k: v for k, v in counter.items() if v})


@pytest.mark.parametrize("period", PERIODS, ids=lambda p: p.key)
def test_plan_report_figures_equal_the_matrix(world, states, period):
    content = plan_report_data(plan=world.plan, period=period, today=TODAY)
    expected = matrix_totals(world, period)
    assert nonzero(content.totals) == expected
    statuses = STATUSES
    by_kind, tasks, behind, accepted = (content.tables[0], *content.annexes)
    # The totals row of the table by deadline kind, and of the tasks' table, are the matrix's totals.
    assert by_kind.footer[1:-1] == [expected.get(s, 0) for s in statuses]
    assert by_kind.footer[-1] == sum(expected.values())
    assert [sum(row[i] for row in by_kind.rows) for i in range(1, 1 + len(statuses))] == by_kind.footer[1:-1]
    # The tasks' table counts the deliverables; the periodic reports, naming no task, are by_kind's last row.
    reports = by_kind.rows[-1][1:-1]
    assert [
        sum(row[4 + i] for row in tasks.rows) + reports[i] for i in range(len(statuses))
    ] == by_kind.footer[1:-1]
    # Each organization late or missing, and each accepted submission, adds up to the same figures.
    assert sum(row[2] for row in behind.rows) == expected.get("overdue", 0)
    assert sum(row[3] for row in behind.rows) == expected.get("returned", 0)
    assert sum(row[4] for row in behind.rows) == expected.get("late", 0)
    assert len(accepted.excel.rows) == accepted.footer[2] == expected.get("accepted", 0)
    assert sum(row[2] for row in accepted.rows) == expected.get("accepted", 0)


def test_plan_report_tables_hold_tasks_units_organizations_and_document_numbers(world, states):
    content = plan_report_data(plan=world.plan, period=period_year(2023), today=TODAY)
    by_kind, tasks, behind, accepted = (content.tables[0], *content.annexes)
    assert [row[0] for row in by_kind.rows] == [
        "Thường xuyên",
        "Hằng năm",
        "Có thời hạn",
        "Sau khi có hướng dẫn",
        "Báo cáo định kỳ",
    ]
    assert [c.label for c in tasks.columns][:4] == ["STT", "Nhiệm vụ", "Thời hạn", "Chủ trì"]
    rows = {row[1]: row for row in tasks.rows}
    # Each task by its number: II.a, II.b, II.2.1.a, II.2.1.b.
    assert [row[0] for row in tasks.rows] == [task.number for task in world.tasks]
    assert rows[ONGOING_TEXT][2:4] == ["Thường xuyên", "Ban Tổ chức Đảng ủy Khối"]
    assert rows[DATED_TEXT][2:4] == ["Trước 28/02/2023", "Ban Tuyên giáo Đảng ủy Khối"]
    statuses = list(STATUSES)
    dated = dict(zip(statuses, rows[DATED_TEXT][4:-1], strict=True))
    # 5 grassroots organizations, one in each state.
    assert dated == {
        "waiting": 0,
        "open": 0,
        "overdue": 1,
        "submitted": 1,
        "late": 1,
        "returned": 1,
        "accepted": 1,
        "not_applicable": 0,  # none marked "không áp dụng" by the office (tasks/office/)
    }
    assert dict(zip(statuses, rows[WAITING_TEXT][4:-1], strict=True))["waiting"] == 5
    # Organizations behind: every grassroots organization but the one whose implementation plan and 2023
    # report (handed in early) were accepted is overdue with its 2023 report (15/12); one is returned.
    names = {row[1]: row for row in behind.rows}
    assert set(names) == {org.name for org in world.grassroots if org != states.accepted}
    assert names[states.returned.name][3] == 1
    assert names[states.late.name][4] == 1
    # What each is overdue with: the deliverable by its number, the periodic report (no task) by its words.
    assert {name: row[5] for name, row in names.items()} == {
        world.org.name: f"{world.dated.number}, {report_title('2023')}",
        **{name: report_title("2023") for name in names if name != world.org.name},
    }
    # Accepted submissions carry their document numbers and days.
    name, day = states.accepted.name, datetime.date
    assert [(row[1], row[2], row[5], row[6], row[7]) for row in accepted.excel.rows] == [
        (name, world.dated.number, "05-KH/CB", day(2023, 2, 20), day(2023, 3, 1)),
        (name, report_title("2023"), "09-BC/CB", day(2023, 6, 10), day(2023, 6, 16)),  # its 2023 report
    ]
    # The PDF groups them by organization.
    assert accepted.rows == [
        [1, states.accepted.name, 2, f"II.b: 05-KH/CB; {report_title('2023')}: 09-BC/CB"]
    ]
    assert (
        "Kế hoạch số 62-KH/ĐUK có 4 nhiệm vụ, giao 5 tổ chức đảng thực hiện."
        in content.sections[0].paragraphs[0]
    )
    assert content.summary == "Kết quả thực hiện Kế hoạch số 62-KH/ĐUK năm 2023"


@pytest.mark.parametrize("period", PERIODS, ids=lambda p: p.key)
def test_compliance_report_figures_equal_the_matrix_row_by_row(world, states, period):
    content = compliance_report_data(plan=world.plan, period=period, today=TODAY)
    expected = matrix_totals(world, period)
    assert nonzero(content.totals) == expected
    (table,) = content.annexes
    statuses = STATUSES
    assert table.footer[2 : 2 + len(statuses)] == [expected.get(s, 0) for s in statuses]
    grid = compliance.compliance_grid(
        access=Access.for_user(world.staff), plan=world.plan, period=period, today=TODAY, per_page=500
    )
    matrix_rows = {row.organization.name: [row.totals.get(s, 0) for s in statuses] for row in grid.rows}
    report_rows = {row[1]: row[2 : 2 + len(statuses)] for row in table.rows}
    assert report_rows == matrix_rows


@pytest.mark.parametrize("period", PERIODS, ids=lambda p: p.key)
def test_organization_report_figures_equal_the_matrix_row(world, states, period):
    content = organization_report_data(
        plan=world.plan, period=period, organization=states.accepted, today=TODAY
    )
    assert nonzero(content.totals) == matrix_totals(world, period, Filters(organization=states.accepted.pk))
    (table,) = content.annexes
    assert len(table.rows) == sum(content.totals.values())


def test_organization_report_lists_each_due_with_its_state_and_document(world, states):
    content = organization_report_data(
        plan=world.plan, period=period_year(2023), organization=states.returned, today=TODAY
    )
    (table,) = content.annexes
    rows = [(row[0], row[2], row[3], row[4], row[6], row[7]) for row in table.rows]
    ongoing, dated, annual, waiting = (task.number for task in world.tasks)
    # Its obligations: the implementation plan (returned), the 2023 report (overdue: the ongoing and annual
    # tasks are its lines, not dues of their own), the task still waiting for its guidance.
    assert rows == [
        (dated, "Một lần", datetime.date(2023, 2, 28), "Bị trả lại", "03-KH/ĐU", "Thiếu số liệu đảng viên"),
        ("", "Năm 2023", datetime.date(2023, 12, 15), "Quá hạn", "", ""),
        (waiting, "Chờ hướng dẫn của Tỉnh ủy", None, "Chờ hướng dẫn", "", ""),
    ]
    assert (ongoing, annual) == (world.ongoing.number, world.annual.number)
    letterhead = content.letterhead
    assert letterhead.issuer == "ĐẢNG ỦY SỞ Y TẾ"
    assert letterhead.superior == "ĐẢNG BỘ KHỐI CÁC CƠ QUAN TỈNH"
    assert letterhead.symbol_suffix == "BC/ĐU"
    assert (letterhead.signature_authority, letterhead.signature_title) == ("T/M ĐẢNG ỦY", "BÍ THƯ")


def test_plan_letterhead_is_the_party_document_format(world, states):
    content = plan_report_data(plan=world.plan, period=period_year(2023), today=TODAY)
    letterhead = content.letterhead
    assert letterhead.superior == "ĐẢNG BỘ TỈNH BÌNH ĐỊNH"
    assert letterhead.issuer == "ĐẢNG ỦY KHỐI CÁC CƠ QUAN TỈNH"
    assert letterhead.issuer_lines == ["ĐẢNG ỦY KHỐI", "CÁC CƠ QUAN TỈNH"]
    assert letterhead.symbol_suffix == "BC/ĐUK"
    assert letterhead.place_date == "Quy Nhơn, ngày 20 tháng 12 năm 2023"
    assert (letterhead.signature_authority, letterhead.signature_title, letterhead.signature_name) == (
        "T/M BAN THƯỜNG VỤ",
        "BÍ THƯ",
        "Nguyễn Đặng Thị Thu Hòa",
    )
    assert letterhead.recipient_lines == [
        "- Tỉnh ủy Bình Định (b/c),",
        "- Các đồng chí Ủy viên Ban Thường vụ,",
        "- Lưu Văn phòng.",
    ]


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (datetime.date(2024, 2, 5), "Quy Nhơn, ngày 05 tháng 02 năm 2024"),
        (datetime.date(2024, 3, 9), "Quy Nhơn, ngày 09 tháng 3 năm 2024"),
        (datetime.date(2023, 12, 15), "Quy Nhơn, ngày 15 tháng 12 năm 2023"),
    ],
)
def test_place_date_line_pads_days_under_ten_and_months_one_and_two(day, expected):
    letterhead = Letterhead("", "", "", "", "Quy Nhơn", day, "", "", "", [])
    assert letterhead.place_date == expected


def test_party_names_of_committees():
    def org(name):
        return OrganizationFactory(name=name)

    assert party_organization_name(org("Tỉnh ủy Bình Định")) == "Đảng bộ tỉnh Bình Định"
    assert party_organization_name(org("Đảng ủy Khối các cơ quan tỉnh")) == "Đảng bộ Khối các cơ quan tỉnh"
    assert party_organization_name(None) == ""
    assert issuing_body_name(org("Đảng bộ Sở Y tế")) == "Đảng ủy Sở Y tế"
    assert issuing_body_name(org("Chi bộ Sở Tư pháp")) == "Chi bộ Sở Tư pháp"
    assert balanced_lines("ĐẢNG BỘ TỈNH BÌNH ĐỊNH") == ["ĐẢNG BỘ TỈNH BÌNH ĐỊNH"]
    assert balanced_lines("ĐẢNG BỘ KHỐI CÁC CƠ QUAN TỈNH") == ["ĐẢNG BỘ KHỐI", "CÁC CƠ QUAN TỈNH"]


@pytest.mark.parametrize("kind", ["plan", "compliance", "organization"])
def test_report_queries_do_not_grow_with_the_bloc(world, states, kind, django_assert_num_queries):
    def run():
        cache.clear()
        report_data(
            kind=kind, plan=world.plan, period=period_year(2023), organization=states.accepted, today=TODAY
        )

    counts = []
    for extra in (0, 25):
        if extra:
            add_cells(world, extra)
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as queries:
            run()
        counts.append(len(queries))
    assert counts[0] == counts[1], counts
    with django_assert_num_queries(counts[0]):
        run()


@pytest.mark.parametrize("kind", ["plan", "compliance"])
def test_own_work_of_the_committees_bodies_is_never_counted_among_the_organizations(world, states, kind):
    """Own work of the Văn phòng (an overdue progress due of the task it carries out) is not a grassroots
    organization's obligation (docs/domain.md, "Obligations"): no figure, row or ranking of the report moves."""
    from tasks.models import Due

    period = period_year(2023)
    before = report_data(kind=kind, plan=world.plan, period=period, today=TODAY)
    Due.objects.create(
        plan=world.plan,
        kind=Due.Kind.OWN,
        task=world.dated,
        organization=world.office,
        period="2023",
        due_on=datetime.date(2023, 6, 30),
    )
    cache.clear()  # counted again, not remembered (tasks/monitoring/remembered.py)
    after = report_data(kind=kind, plan=world.plan, period=period, today=TODAY)
    assert nonzero(after.totals) == nonzero(before.totals) == matrix_totals(world, period)

    def every_table(content):  # as in the PDF and as in the workbook
        tables = [table for section in content.sections for table in section.tables] + content.annexes
        return tables + [table.excel for table in tables if table.excel]

    assert [(t.key, t.rows, t.footer) for t in every_table(after)] == [
        (t.key, t.rows, t.footer) for t in every_table(before)
    ]
    cells = [str(cell) for table in every_table(after) for row in table.rows for cell in row]
    assert not any(world.office.name in cell for cell in cells)
