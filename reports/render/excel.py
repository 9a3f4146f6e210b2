"""The Excel workbook of a report: the same tables as the PDF, one sheet each, with the header row frozen,
filters on, and column widths that fit their content. Numbers stay numbers and dates stay dates, so the
reader can sort, filter and add up."""

import io
import re

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="DDE4EE")
WRAP = Alignment(wrap_text=True, vertical="top")
MIN_WIDTH, MAX_WIDTH = 6, 60
FORMATS = {"date": "DD/MM/YYYY", "percent": "0.0%", "int": "#,##0"}
_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


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
        sheet.append([str(column.label) for column in table.columns])
        for cell in sheet[1]:
            cell.font, cell.fill = HEADER_FONT, HEADER_FILL
            cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
        widths = [len(str(column.label)) for column in table.columns]
        for row in table.rows:
            sheet.append(row)
            for i, (value, column) in enumerate(zip(row, table.columns, strict=True)):
                widths[i] = max(widths[i], _width(value, column))
        last_data_row = sheet.max_row
        if table.footer:
            sheet.append(table.footer)
            for cell in sheet[sheet.max_row]:
                cell.font = HEADER_FONT
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
