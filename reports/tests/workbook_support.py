"""Reading back the workbooks the list exports answer (reports/lists.py), for the suites that check them."""

import io

from openpyxl import load_workbook

HEADER_ROW = 5  # under the letterhead: the title, the filters, the day, a blank line
FORMULA = '=HYPERLINK("http://x","y")'  # typed into a field, it must come back as text


def sheet_rows(response) -> tuple[list, list[list]]:
    """The header and the rows of an exported workbook, after checking it is one, sent as an attachment."""
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "attachment" in response["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [list(row) for row in sheet.iter_rows(min_row=HEADER_ROW, values_only=True)]
    return rows[0], rows[1:]


def cells_with(content: bytes, value) -> list:
    """The cells of the workbook's sheet holding exactly `value`."""
    sheet = load_workbook(io.BytesIO(content)).active
    return [cell for row in sheet.iter_rows() for cell in row if cell.value == value]
