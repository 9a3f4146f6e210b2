"""The Excel workbook of a report: the same tables as the PDF, one sheet each, with the header row frozen,
filters on, and column widths that fit their content. Numbers stay numbers and dates stay dates, so the
reader can sort, filter and add up.

This is the one place the application writes a workbook, and every value goes through `write_row`: text is
always text. openpyxl would store a string starting with "=" as a formula (and "#N/A" as an error), so a
secretary's document number, answer or return reason, an imported task's text or an organization's name
written as `=HYPERLINK(...)` or a DDE payload would run in the office staff's Excel (OWASP "CSV injection").
Each string cell is typed as a string; one that starts with =, +, -, @, a tab or a carriage return (what
Excel and LibreOffice take as the start of a formula when the cell is edited or the sheet saved as CSV) also
gets the cell's quote prefix, Excel's own form of a leading apostrophe: the text is shown as typed, without
a visible quote, and stays text when the cell is edited. An apostrophe written into the value itself would
be shown ("'=1"), printed and sorted on: that is the advice for CSV files, where the reader consumes it.
"""

import io
import re

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

HEADER_FONT = Font(bold=True)
TITLE_FONT = Font(bold=True, size=14)
CAPTION_FONT = Font(bold=True, size=12)
HEADER_ROW = 5  # under the title block: the report's title, the table's caption, whose and when, a blank row
HEADER_FILL = PatternFill("solid", fgColor="DDE4EE")
WRAP = Alignment(wrap_text=True, vertical="top")
MIN_WIDTH, MAX_WIDTH = 6, 60
FORMATS = {"date": "DD/MM/YYYY", "percent": "0.0%", "int": "#,##0"}
_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
# What starts a formula (OWASP): these four, and tab and carriage return, which some readers skip first.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def text_cell(sheet: Worksheet, text: str) -> Cell:
    """A cell that holds `text` as text, never as a formula or an error value. Control characters the file
    format cannot hold (openpyxl refuses them) are dropped rather than failing the whole report."""
    cell = Cell(sheet)
    put_text(cell, text)
    return cell


def put_text(cell: Cell, text: str) -> None:
    """Write `text` into `cell` as text (see text_cell)."""
    cell.value = ILLEGAL_CHARACTERS_RE.sub("", text)
    cell.data_type = "s"  # after the value: openpyxl types "=..." as a formula and "#N/A" as an error
    if cell.value.startswith(FORMULA_START):
        cell.quotePrefix = True


def write_row(sheet: Worksheet, values, *, font: Font | None = None) -> None:
    """Append one row: strings as text cells (text_cell), numbers and dates as they are."""
    sheet.append([text_cell(sheet, str(v)) if isinstance(v, str) else v for v in values])
    if font is not None:
        for cell in sheet[sheet.max_row]:
            cell.font = font


def sheet_title(title: str, taken: set[str]) -> str:
    """A valid, unique sheet name: at most 31 characters, none of []:*?/\\."""
    base = _FORBIDDEN.sub("-", title).strip("' ")[:31] or "Sheet"
    name, n = base, 2
    while name.lower() in taken:
        suffix = f" ({n})"
        name, n = base[: 31 - len(suffix)] + suffix, n + 1
    taken.add(name.lower())
    return name


def _width(value, column) -> int:
    if value is None:
        return 0
    if column.format == "date":
        return 10
    if column.format == "percent":
        return 7
    text = f"{value:,}" if isinstance(value, int) else str(value)
    return max((len(line) for line in text.splitlines()), default=0)


def title_block(sheet: Worksheet, *, lines: list[str], caption: str, width: int) -> None:
    """The sheet's first rows, each merged across the table: the report's title, the table's caption, the
    line that says whose and when; then an empty row before the header (HEADER_ROW)."""
    rows = [
        (lines[0] if lines else "", TITLE_FONT),
        (caption, CAPTION_FONT),
        *((line, None) for line in lines[1:2]),
    ]
    for number, (text, font) in enumerate(rows, start=1):
        cell = sheet.cell(number, 1)
        put_text(cell, text)
        if font is not None:
            cell.font = font
        if width > 1:
            sheet.merge_cells(start_row=number, start_column=1, end_row=number, end_column=width)


def print_setup(sheet: Worksheet) -> None:
    """A4 landscape, the table fitted to the page's width (as many pages down as it takes), the header row
    printed on every page."""
    sheet.page_setup.orientation = sheet.ORIENTATION_LANDSCAPE
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    sheet.page_margins.left = sheet.page_margins.right = 0.5
    sheet.print_options.horizontalCentered = True


def write_table(sheet: Worksheet, table) -> int:
    """The header row (at HEADER_ROW), the rows and the totals row; returns the last data row."""
    for number, label in enumerate(table.columns, start=1):
        put_text(sheet.cell(HEADER_ROW, number), str(label.label))  # append() now writes under it
        sheet.cell(HEADER_ROW, number).font = HEADER_FONT
    for cell in sheet[HEADER_ROW]:
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
    widths = [len(str(column.label)) for column in table.columns]
    for row in table.rows:
        write_row(sheet, row)
        for i, (value, column) in enumerate(zip(row, table.columns, strict=True)):
            widths[i] = max(widths[i], _width(value, column))
    last_data_row = sheet.max_row
    if table.footer:
        write_row(sheet, table.footer, font=HEADER_FONT)
    for i, column in enumerate(table.columns, start=1):
        letter = get_column_letter(i)
        sheet.column_dimensions[letter].width = min(max(widths[i - 1] + 2, MIN_WIDTH), MAX_WIDTH)
        number_format = FORMATS.get(column.format)
        wrap = widths[i - 1] + 2 > MAX_WIDTH
        if number_format or wrap:
            for (cell,) in sheet.iter_rows(min_row=HEADER_ROW + 1, min_col=i, max_col=i):
                if number_format:
                    cell.number_format = number_format
                if wrap:
                    cell.alignment = WRAP
    return last_data_row


def render_xlsx(
    *,
    tables,
    title: str = "",
    subject: str = "",
    creator: str = "Plantrack",
    heading: list[str] | None = None,
) -> bytes:
    """One sheet per reports.content.common.Table, each under the title block (`heading`: the report's title,
    then the line that says whose and when) and set up to print; returns the .xlsx bytes."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    workbook.properties.title = title[:255]
    workbook.properties.subject = subject[:255]
    workbook.properties.creator = creator
    taken: set[str] = set()
    for table in tables:
        sheet = workbook.create_sheet(sheet_title(table.sheet or table.title, taken))
        title_block(sheet, lines=heading or [title], caption=table.title, width=len(table.columns))
        last_data_row = write_table(sheet, table)
        sheet.freeze_panes = f"A{HEADER_ROW + 1}"
        # Filters over the header and the data rows (not the totals row, which a filter would hide).
        last_column = get_column_letter(len(table.columns))
        sheet.auto_filter.ref = f"A{HEADER_ROW}:{last_column}{max(last_data_row, HEADER_ROW + 1)}"
        print_setup(sheet)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def report_xlsx(content, *, extra_tables=()) -> bytes:
    """The workbook of a reports.content.common.ReportContent, with `extra_tables` after its own (the
    organization × obligation grid)."""
    from django.utils.formats import date_format
    from django.utils.translation import gettext as _

    letterhead = content.letterhead
    heading = [
        content.title,
        _("%(issuer)s · %(period)s · figures as of %(as_of)s")
        % {
            "issuer": letterhead.issuer_name[:1].upper() + letterhead.issuer_name[1:],
            "period": content.period.label,
            "as_of": date_format(content.as_of, "SHORT_DATE_FORMAT"),
        },
    ]
    return render_xlsx(
        tables=[*content.tables, *extra_tables],
        title=content.title,
        subject=f"{content.plan.document.symbol} – {content.period.label}",
        heading=heading,
    )
