"""The Excel workbook: the PDF's tables, one sheet each, header frozen, filters on, widths that fit, numbers
and dates kept as such, and the same figures as the compliance matrix."""

import datetime
import io

import pytest
import time_machine
from django.core.cache import cache
from django.utils import translation
from openpyxl import load_workbook

from organizations.access import Access
from plans.periods import period_year
from reports.content.kinds import report_data
from reports.render.excel import HEADER_ROW, report_xlsx, sheet_title
from tasks.monitoring import compliance
from tasks.monitoring.statuses import STATUSES
from tests.world import DATED_TEXT, LOCAL, ONGOING_TEXT, hand_in_the_dated_task, report_the_first_half

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2023, 12, 20)
NOW = datetime.datetime(2023, 12, 20, 9, 0, tzinfo=LOCAL)


@pytest.fixture
def states(world):
    cache.clear()
    with time_machine.travel(NOW, tick=False):
        states = hand_in_the_dated_task(world)
        report_the_first_half(world, states)
        yield states


def workbook(world, kind="plan", organization=None):
    with translation.override("vi"):
        content = report_data(
            kind=kind, plan=world.plan, period=period_year(2023), organization=organization, today=TODAY
        )
        return load_workbook(io.BytesIO(report_xlsx(content))), content


def values(sheet) -> list[list]:
    """The table's rows, from its header down (the title block above it left out)."""
    return [[cell.value for cell in row] for row in sheet.iter_rows(min_row=HEADER_ROW)]


def as_read_back(row: list) -> list:
    """What a row of a table reads back as from the file: empty text is an empty cell, a date a datetime."""

    def one(value):
        if value == "":
            return None
        if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
            return datetime.datetime(value.year, value.month, value.day)
        return value

    return [one(value) for value in row]


def test_plan_workbook_has_one_sheet_per_table_with_frozen_header_and_filters(world, states):
    book, content = workbook(world)
    assert book.sheetnames == ["Theo loại thời hạn", "Nhiệm vụ", "Chậm, chưa nộp", "Đã tiếp nhận"]
    assert len(book.sheetnames) == len(content.tables)
    for sheet, table in zip(book.worksheets, content.tables, strict=True):
        assert sheet.freeze_panes == f"A{HEADER_ROW + 1}"
        rows = values(sheet)
        assert rows[0] == [str(column.label) for column in table.columns]
        last_data_row = 1 + len(table.rows)
        last_column = sheet.cell(HEADER_ROW, len(table.columns)).column_letter
        assert sheet.auto_filter.ref == f"A{HEADER_ROW}:{last_column}{HEADER_ROW - 1 + max(last_data_row, 2)}"
        assert rows[1:last_data_row] == [as_read_back(row) for row in table.rows]
        if table.footer:
            assert rows[last_data_row] == as_read_back(table.footer)
        for cell in sheet[HEADER_ROW]:
            assert cell.font.bold


def test_plan_workbook_values_and_types(world, states):
    book, _content = workbook(world)
    tasks = values(book["Nhiệm vụ"])
    assert tasks[0][:4] == ["STT", "Nhiệm vụ", "Thời hạn", "Chủ trì"]
    by_text = {row[1]: row for row in tasks[1:]}
    assert by_text[DATED_TEXT][:4] == [
        world.dated.number,
        DATED_TEXT,
        "Trước 28/02/2023",
        "Ban Tuyên giáo Đảng ủy Khối",
    ]
    assert by_text[ONGOING_TEXT][3] == "Ban Tổ chức Đảng ủy Khối"
    accepted = book["Đã tiếp nhận"]
    assert [c.value for c in accepted[HEADER_ROW]] == [
        "STT",
        "Tổ chức đảng",
        "Nhiệm vụ số",
        "Kỳ",
        "Hạn nộp",
        "Số văn bản",
        "Ngày nộp",
        "Ngày tiếp nhận",
        "Chữ ký số",
    ]
    row = [c for c in accepted[HEADER_ROW + 1]]
    assert row[1].value == states.accepted.name and row[5].value == "05-KH/CB"
    assert row[4].value == datetime.datetime(2023, 2, 28) and row[4].number_format == "DD/MM/YYYY"
    assert row[6].value == datetime.datetime(2023, 2, 20)
    assert row[2].value == world.dated.number and row[2].data_type == "s"  # the task's number (II.b), as text


def test_column_widths_fit_their_content(world, states):
    book, _content = workbook(world)
    sheet = book["Nhiệm vụ"]
    widths = {letter: sheet.column_dimensions[letter].width for letter in "ABCD"}
    # STT: as narrow as the longest task number (II.2.1.a) and its margin, far from the text's 60.
    assert widths["A"] == max(len(task.number) for task in world.tasks) + 2 == 10
    assert widths["B"] == 60  # long task texts: capped, and wrapped
    assert sheet[f"B{HEADER_ROW + 1}"].alignment.wrap_text
    assert widths["C"] >= len("Trước 28/02/2023")
    assert widths["D"] >= len("Ban Tuyên giáo Đảng ủy Khối")
    behind = book["Chậm, chưa nộp"]
    longest = max(len(org.name) for org in world.grassroots)
    assert behind.column_dimensions["B"].width >= longest


def test_workbook_totals_equal_the_matrix(world, states):
    book, _content = workbook(world)
    rows = values(book["Theo loại thời hạn"])
    footer = rows[-1]
    _columns, totals = compliance.compliance_totals(
        access=Access.for_user(world.board), plan=world.plan, period=period_year(2023), today=TODAY
    )
    assert footer[0] == "Tổng"
    assert footer[1:-1] == [totals.get(status, 0) for status in STATUSES]
    assert footer[-1] == sum(totals.values())


def test_compliance_workbook_share_is_a_percentage(world, states):
    book, _content = workbook(world, kind="compliance")
    assert book.sheetnames == ["Tổng hợp", "Tổ chức đảng"]
    sheet = book["Tổ chức đảng"]
    header = [c.value for c in sheet[HEADER_ROW]]
    share = header.index("Tỷ lệ đã tiếp nhận") + 1
    cells = {sheet.cell(r, 2).value: sheet.cell(r, share) for r in range(HEADER_ROW + 1, sheet.max_row)}
    assert cells[states.accepted.name].number_format == "0.0%"
    assert 0 < cells[states.accepted.name].value <= 1


def test_sheet_titles_are_valid_and_unique():
    taken = set()
    assert (
        sheet_title("Tình hình: từng [nhiệm vụ] / tổ chức? * \\", taken) == "Tình hình- từng -nhiệm vụ- - tổ"
    )
    assert sheet_title("Nhiệm vụ", taken) == "Nhiệm vụ"
    assert sheet_title("Nhiệm vụ", taken) == "Nhiệm vụ (2)"
    assert len(sheet_title("x" * 40, taken)) == 31


# --- formula injection (issue 16, item 2) ---------------------------------------------------------------
PAYLOADS = ['=HYPERLINK("http://x","y")', "+1+1", "-2", "@SUM(A1)", "\t=1", "\r=1"]


def read_back_cells(data: bytes) -> list:
    book = load_workbook(io.BytesIO(data))
    return [cell for sheet in book.worksheets for row in sheet.iter_rows() for cell in row]


def assert_all_text(cells) -> None:
    """No formula or error cell; every cell whose text could start a formula carries the quote prefix."""
    assert [c.coordinate for c in cells if c.data_type in ("f", "e")] == []
    for cell in cells:
        if isinstance(cell.value, str) and cell.value.startswith(("=", "+", "-", "@", "\t", "\r")):
            assert cell.data_type == "s" and cell.quotePrefix, (cell.coordinate, cell.value)


def test_every_text_cell_is_written_as_text_whatever_it_starts_with():
    from reports.content.common import Column, Table
    from reports.render.excel import render_xlsx

    table = Table(
        key="t",
        title="=1+1",
        columns=[Column("=label"), Column("Số", format="int"), Column("Ngày", format="date")],
        rows=[[payload, i, datetime.date(2023, 1, i + 1)] for i, payload in enumerate(PAYLOADS)]
        + [["#N/A", -2, None], ["dòng\x0bngắt", 0, None], ["Đảng bộ Sở Y tế", 1, None]],
        footer=["@Tổng", 3, None],
    )
    cells = read_back_cells(render_xlsx(tables=[table]))
    assert_all_text(cells)
    texts = [c.value for c in cells if c.column == 1 and c.row >= HEADER_ROW]
    # Shown intact: no apostrophe added to the text, the control character the format cannot hold dropped.
    assert texts == ["=label", *PAYLOADS, "#N/A", "dòngngắt", "Đảng bộ Sở Y tế", "@Tổng"]
    assert [c.value for c in cells if c.column == 1 and c.row == 2] == ["=1+1"]  # the caption, as text
    numbers = [c for c in cells if c.column == 2 and c.row > HEADER_ROW]
    assert [c.value for c in numbers] == [0, 1, 2, 3, 4, 5, -2, 0, 1, 3]
    assert all(c.data_type == "n" and not c.quotePrefix for c in numbers)
    assert cells[0].parent.title == "=1+1"  # a sheet name is never evaluated
    plain = next(c for c in cells if c.value == "Đảng bộ Sở Y tế")
    assert plain.data_type == "s" and not plain.quotePrefix


def test_report_workbooks_keep_user_written_text_as_text(world, states):
    """A secretary's document number and the reviewer's return reason, imported task text and lead units,
    and organization names, each written as a formula, in every kind of report workbook."""
    from organizations.models import Organization
    from tasks.models import Review, Submission, Task, TaskUnit

    document, reason, task_text, organization, lead, other = PAYLOADS
    Submission.objects.filter(document_symbol="05-KH/CB").update(document_symbol=document)
    Review.objects.filter(decision=Review.Decision.RETURNED).update(reason=reason)
    Task.objects.filter(pk=world.dated.pk).update(text=task_text)
    Organization.objects.filter(pk=states.accepted.pk).update(name=organization)
    TaskUnit.objects.filter(task=world.ongoing, role=TaskUnit.Role.LEAD).update(name=lead)
    Organization.objects.filter(pk=states.returned.pk).update(name=other)
    cache.clear()
    seen = set()
    for kind, org in [
        ("plan", None),
        ("compliance", None),
        ("organization", states.returned),
        ("organization", states.accepted),
    ]:
        org = Organization.objects.get(pk=org.pk) if org else None
        with translation.override("vi"):
            content = report_data(
                kind=kind, plan=world.plan, period=period_year(2023), organization=org, today=TODAY
            )
            cells = read_back_cells(report_xlsx(content))
        assert_all_text(cells)
        seen |= {c.value for c in cells if isinstance(c.value, str)}
    assert set(PAYLOADS) <= seen


def test_one_writer_for_every_workbook():
    """Only reports/render/excel.py imports openpyxl (outside the tests): a new export that builds its own
    workbook would bypass write_row and write user text as formulas again."""
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parents[3]
    importing = sorted(
        str(path.relative_to(root))
        for path in root.rglob("*.py")
        if not {".venv", "tests", "node_modules"} & set(path.relative_to(root).parts)
        and re.search(r"^\s*(from|import)\s+openpyxl\b", path.read_text(encoding="utf-8"), re.M)
    )
    assert importing == ["reports/render/excel.py"]


# --- title block, print setup and the organization × obligation grid (issue 14) ------------------------
def test_each_sheet_has_a_title_block_and_prints_on_a4_landscape_fitted_to_width(world, states):
    book, content = workbook(world)
    for sheet, table in zip(book.worksheets, content.tables, strict=True):
        assert sheet["A1"].value == "BÁO CÁO Kết quả thực hiện Kế hoạch số 62-KH/ĐUK năm 2023"
        assert sheet["A1"].font.bold and sheet["A2"].value == table.title
        assert (
            sheet["A3"].value
            == "Ban Thường vụ Đảng ủy Khối các cơ quan tỉnh · Năm 2023 · số liệu đến ngày 20/12/2023"
        )
        last_column = sheet.cell(HEADER_ROW, len(table.columns)).column_letter
        assert f"A1:{last_column}1" in {str(r) for r in sheet.merged_cells.ranges}
        setup = sheet.page_setup
        assert (setup.orientation, setup.paperSize, setup.fitToWidth, setup.fitToHeight) == (
            "landscape",
            9,
            1,
            0,
        )
        assert sheet.sheet_properties.pageSetUpPr.fitToPage
        assert sheet.print_title_rows == f"${HEADER_ROW}:${HEADER_ROW}"


def test_the_workbook_adds_the_organization_by_obligation_grid(world, states):
    from reports.generation import report_render

    with translation.override("vi"):
        content = report_data(kind="plan", plan=world.plan, period=period_year(2023), today=TODAY)
        book = load_workbook(io.BytesIO(report_render(content=content, fmt="xlsx")))
    assert book.sheetnames[-1] == "Tổ chức × nghĩa vụ"
    rows = values(book["Tổ chức × nghĩa vụ"])
    header, body = rows[0], rows[1:]
    assert header[:2] == ["STT", "Tổ chức đảng"]
    assert [row[1] for row in body] == [org.name for org in world.grassroots]
    # Each cell the state of that organization's obligation, as the matrix shows it; a one-off obligation is
    # headed by its task's number.
    dated = header.index(world.dated.number)
    by_name = {row[1]: row for row in body}
    assert by_name[states.accepted.name][dated] == "Đã tiếp nhận"
    assert by_name[states.overdue.name][dated] == "Quá hạn"
    assert any(label.lower().endswith("năm 2023") for label in header[2:])  # the 2023 report, or its lines
    # The organization's own report carries no bloc-wide grid.
    with translation.override("vi"):
        own = report_data(
            kind="organization",
            plan=world.plan,
            period=period_year(2023),
            organization=world.cell,
            today=TODAY,
        )
        assert (
            "Tổ chức × nghĩa vụ"
            not in load_workbook(io.BytesIO(report_render(content=own, fmt="xlsx"))).sheetnames
        )
