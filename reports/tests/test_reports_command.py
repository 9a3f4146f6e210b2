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
    assert book.sheetnames == [
        "Theo loại thời hạn",
        "Nhiệm vụ",
        "Chậm, chưa nộp",
        "Đã tiếp nhận",
        "Tổ chức × nghĩa vụ",
    ]


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
    assert load_workbook(output).sheetnames == ["Tổng hợp", "Tổ chức đảng", "Tổ chức × nghĩa vụ"]


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
    with pytest.raises(CommandError, match="--format pdf, docx or xlsx"):
        build("--plan", "62-KH/ĐUK", "--period", "2023", "--output", str(tmp_path / "x.odt"))


# --- Word, the letterhead options and the report to sign (issue 14) ----------------------------------------
def word_text(path) -> tuple[list[list[str]], list[str]]:
    import docx

    document = docx.Document(path)
    header = [[cell.text.replace("\u00a0", " ") for cell in row.cells] for row in document.tables[0].rows]
    return header, [p.text for p in document.paragraphs if p.text.strip()]


def test_word_with_the_date_number_and_signer_given(world, states, tmp_path):
    output = tmp_path / "bao-cao-2023.docx"
    build(
        "--plan", "62-KH/ĐUK", "--period", "2023", "--output", str(output), "--as-of", "2023-12-20",
        "--date", "15/12/2023", "--number", "05", "--signer", "K/T BÍ THƯ; PHÓ BÍ THƯ; Trần Văn Bình",
    )  # fmt: skip
    header, paragraphs = word_text(output)
    assert header[3] == ["Số 05-BC/ĐUK", "Quy Nhơn, ngày 15 tháng 12 năm 2023"]
    assert "Kết quả thực hiện Kế hoạch số 62-KH/ĐUK năm 2023" in paragraphs
    assert "I. KẾT QUẢ CHUNG" in paragraphs
    import docx

    closing = next(t for t in docx.Document(output).tables if t.cell(0, 0).text.startswith("Nơi nhận:"))
    signature = [p.text for p in closing.cell(0, 1).paragraphs if p.text.strip()]
    assert signature == ["K/T BÍ THƯ", "PHÓ BÍ THƯ", "Trần Văn Bình"]


def test_the_signer_may_be_a_name_alone_and_the_pdf_takes_the_options_too(world, states, tmp_path):
    output = tmp_path / "bao-cao.pdf"
    build("--plan", "62-KH/ĐUK", "--period", "2023", "--output", str(output), "--signer", "Lê Văn Hùng",
          "--number", "7", "--date", "2023-12-01")  # fmt: skip
    text = pdf_text(output)
    assert "Số 7-BC/ĐUK" in text and "Quy Nhơn, ngày 01 tháng 12 năm 2023" in text
    assert "T/M BAN THƯỜNG VỤ BÍ THƯ" in text and "Lê Văn Hùng" in text


def test_the_report_to_sign_drafted_from_the_data(world, states, tmp_path):
    output = tmp_path / "bao-cao-ky.docx"
    build(
        "--plan", "62-KH/ĐUK", "--period", "2023", "--kind", "board", "--output", str(output),
        "--as-of", "2023-12-20", "--number", "05", "--annex", "tasks",
    )  # fmt: skip
    header, paragraphs = word_text(output)
    assert header[3][0] == "Số 05-BC/ĐUK"
    for heading in (
        "I. KẾT QUẢ THỰC HIỆN",
        "II. HẠN CHẾ, NGUYÊN NHÂN",
        "IV. ĐỀ XUẤT, KIẾN NGHỊ",
        "Phụ lục 1",
    ):
        assert heading in paragraphs
    own = tmp_path / "chi-bo.pdf"
    build(
        "--plan",
        "62-KH/ĐUK",
        "--period",
        "2023",
        "--kind",
        "board",
        "--org",
        world.cell.code,
        "--output",
        str(own),
    )
    assert "CHI BỘ SỞ TƯ PHÁP" in pdf_text(own) and "T/M CHI BỘ" in pdf_text(own)
    from reports.models import BoardReport

    assert not BoardReport.objects.exists()  # drafted and written, not kept


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--number", "05-BC"], "--number takes the number alone"),
        (["--signer", "a; b; c; d"], "at most three parts"),
        (["--date", "31/02/2023"], "is not a date"),
        (["--kind", "board", "--format", "xlsx"], "PDF or Word"),
    ],
)
def test_bad_letterhead_options_are_refused_clearly(world, states, tmp_path, args, message):
    with pytest.raises(CommandError, match=message):
        build("--plan", "62-KH/ĐUK", "--period", "2023", "--output", str(tmp_path / "x.pdf"), *args)
