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
    cell.value = ILLEGAL_CHARACTERS_RE.sub("", text)
    cell.data_type = "s"  # after the value: openpyxl types "=..." as a formula and "#N/A" as an error
    if cell.value.startswith(FORMULA_START):
        cell.quotePrefix = True
    return cell


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


def render_xlsx(*, tables, title: str = "", subject: str = "", creator: str = "Plantrack") -> bytes:
    """One sheet per reports.content.common.Table; returns the .xlsx bytes."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    workbook.properties.title = title[:255]
    workbook.properties.subject = subject[:255]
    workbook.properties.creator = creator
    taken: set[str] = set()
    for table in tables:
        sheet = workbook.create_sheet(sheet_title(table.sheet or table.title, taken))
        write_row(sheet, [str(column.label) for column in table.columns], font=HEADER_FONT)
        for cell in sheet[1]:
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
            width = min(max(widths[i - 1] + 2, MIN_WIDTH), MAX_WIDTH)
            sheet.column_dimensions[letter].width = width
            number_format = FORMATS.get(column.format)
            wrap = widths[i - 1] + 2 > MAX_WIDTH
            if number_format or wrap:
                for (cell,) in sheet.iter_rows(min_row=2, min_col=i, max_col=i):
                    if number_format:
                        cell.number_format = number_format
                    if wrap:
                        cell.alignment = WRAP
        sheet.freeze_panes = "A2"
        # Filters over the header and the data rows (not the totals row, which a filter would hide).
        sheet.auto_filter.ref = f"A1:{get_column_letter(len(table.columns))}{max(last_data_row, 2)}"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def report_xlsx(content) -> bytes:
    """The workbook of a reports.content.common.ReportContent."""
    return render_xlsx(
        tables=content.tables,
        title=content.title,
        subject=f"{content.plan.document.symbol} – {content.period.label}",
    )
