"""manage.py build_report: each period form, the organization's report, both formats, and clear errors."""

import datetime
import io
import re
import unicodedata

import pytest
import time_machine
from django.core.cache import cache
from django.core.management import CommandError, call_command
from openpyxl import load_workbook
from pypdf import PdfReader

from tests.world import LOCAL, hand_in_the_dated_task, report_the_first_half

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


def build(*args) -> str:
    out = io.StringIO()
    call_command("build_report", *args, stdout=out)
    return out.getvalue()


def pdf_text(path) -> str:
    text = " ".join(page.extract_text() for page in PdfReader(path).pages)
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", text))


def test_annual_pdf(world, states, tmp_path):
    output = tmp_path / "bao-cao-2023.pdf"
    message = build(
        "--plan",
        "62-KH/ĐUK",
        "--period",
        "2023",
        "--format",
        "pdf",
        "--output",
        str(output),
        "--as-of",
        "2023-12-20",
    )
    assert f"Wrote {output}" in message
    text = pdf_text(output)
    assert "Kết quả thực hiện Kế hoạch số 62-KH/ĐUK năm 2023" in text
    assert "Quy Nhơn, ngày 20 tháng 12 năm 2023" in text


def test_half_year_excel_with_the_symbol_typed_without_diacritics(world, states, tmp_path):
    output = tmp_path / "nua-nam.xlsx"
    build("--plan", "62-kh/duk", "--half", "2023-1", "--output", str(output))  # format from the file name
    book = load_workbook(output)
    assert book.sheetnames == ["Theo loại thời hạn", "Nhiệm vụ", "Chậm, chưa nộp", "Đã tiếp nhận"]


def test_dates_and_an_organizations_report(world, states, tmp_path):
    output = tmp_path / "sub" / "y-te.pdf"
    build(
        "--plan",
        "62-KH/ĐUK",
        "--from",
        "01/01/2023",
        "--to",
        "2023-06-30",
        "--org",
        states.returned.code,
        "--format",
        "pdf",
        "--output",
        str(output),
        "--as-of",
        "2023-12-20",
    )
    text = pdf_text(output)
    assert "ĐẢNG ỦY SỞ Y TẾ" in text and "từ ngày 01/01/2023 đến ngày 30/06/2023" in text


def test_compliance_kind(world, states, tmp_path):
    output = tmp_path / "tuan-thu.xlsx"
    build("--plan", "62-KH/ĐUK", "--period", "2023", "--kind", "compliance", "--output", str(output))
    assert load_workbook(output).sheetnames == ["Tổng hợp", "Tổ chức đảng"]


@pytest.mark.parametrize(
    ("args", "error"),
    [
        (["--period", "2023", "--half", "2023-1"], "exactly one of"),
        ([], "exactly one of"),
        (["--from", "2023-01-01"], "--from and --to go together"),
        (["--half", "2023-3"], "--half takes YYYY-1 or YYYY-2"),
        (["--period", "23"], "--period takes a year"),
        (["--period", "2030"], "is outside it"),
        (["--period", "2023", "--org", "khong-co"], "No organization with the code"),
        (["--period", "2023", "--plan", "99-KH/ĐUK"], "No plan"),
        (["--from", "2023-06-30", "--to", "2023-01-01"], "ends before it starts"),
    ],
)
def test_errors_say_what_is_wrong(world, states, tmp_path, args, error):
    output = tmp_path / "x.pdf"
    base = ["--plan", "62-KH/ĐUK"] if "--plan" not in args else []
    with pytest.raises(CommandError, match=error):
        build(*base, *args, "--output", str(output))
    assert not output.exists()


def test_unknown_format(world, states, tmp_path):
    with pytest.raises(CommandError, match="--format pdf or xlsx"):
        build("--plan", "62-KH/ĐUK", "--period", "2023", "--output", str(tmp_path / "x.docx"))
