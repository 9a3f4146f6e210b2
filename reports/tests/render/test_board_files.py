"""62-KH/ĐUK's 2023 annual report as it goes out: the Word file (read back with python-docx) and the PDF (its
text extracted with pdftotext) both hold the Party header, the four sections with the results by task number
drawn from the organizations' answers, the Nơi nhận and the signature staff set; the Word file in the Party
layout (A4, margins, Times New Roman 14, borderless header table, page numbers from page 2)."""

import datetime
import io
import re
import shutil
import subprocess
import unicodedata

import docx
import pytest
import time_machine
from django.core.cache import cache
from django.utils import translation
from docx.oxml.ns import qn

from reports.board.services import board_report_save
from reports.content.board_document import board_document
from reports.render.docx import board_docx
from reports.render.pdf import board_pdf
from tests.board_reports_support import A_ONGOING, C_ONGOING, NOW, committee_report, labels, report_2023
from tests.require import require

pytestmark = pytest.mark.django_db

HEADINGS = (
    "I. KẾT QUẢ THỰC HIỆN",
    "II. HẠN CHẾ, NGUYÊN NHÂN",
    "III. PHƯƠNG HƯỚNG, NHIỆM VỤ THỜI GIAN TỚI",
    "IV. ĐỀ XUẤT, KIẾN NGHỊ",
)
RECIPIENTS = ["Tỉnh ủy Bình Định (b/c)", "Ban Tổ chức Tỉnh ủy (b/c)", "Lưu Văn phòng"]


@pytest.fixture
def states(world):
    cache.clear()
    with time_machine.travel(NOW, tick=False):
        yield report_2023(world)


@pytest.fixture
def report(world, states):
    """The committee's report as staff finished it: their number, date, recipients and signer."""
    return board_report_save(
        report=committee_report(world),
        user=world.staff,
        fields={
            "number": "05",
            "issued_on": datetime.date(2023, 12, 15),
            "recipients": "\n".join(RECIPIENTS),
            "signature_authority": "K/T BÍ THƯ",
            "signature_title": "PHÓ BÍ THƯ",
            "signature_name": "Trần Văn Bình",
            "annexes": ["organizations"],
        },
        texts={},
    )


def flat(text: str) -> str:
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", text).replace("\u00a0", " ")).strip()


def word(report) -> docx.document.Document:
    with translation.override("vi"):
        return docx.Document(io.BytesIO(board_docx(board_document(report))))


def pdf_text(report, tmp_path) -> str:
    require(shutil.which("pdftotext") is not None, "pdftotext (poppler-utils) is not installed")
    path = tmp_path / "bao-cao.pdf"
    with translation.override("vi"):
        path.write_bytes(board_pdf(board_document(report)))
    out = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True, text=True)
    return flat(out.stdout)


def test_the_word_file_holds_the_report(world, report):
    document = word(report)
    header = document.tables[0]
    cells = [[flat(cell.text) for cell in row.cells] for row in header.rows]
    assert cells == [
        ["ĐẢNG BỘ TỈNH BÌNH ĐỊNH", "ĐẢNG CỘNG SẢN VIỆT NAM"],
        ["ĐẢNG ỦY KHỐI CÁC CƠ QUAN TỈNH", ""],
        ["*", ""],
        ["Số 05-BC/ĐUK", "Quy Nhơn, ngày 15 tháng 12 năm 2023"],
    ]
    paragraphs = [flat(p.text) for p in document.paragraphs if p.text.strip()]
    assert paragraphs[:2] == ["BÁO CÁO", "Kết quả thực hiện Kế hoạch số 62-KH/ĐUK năm 2023"]
    assert [p for p in paragraphs if p in HEADINGS] == list(HEADINGS)
    names = labels(world)
    ongoing = paragraphs.index(names["ongoing"])
    assert paragraphs[ongoing + 1] == "Trong 5 tổ chức: 2 đã hoàn thành, 1 chưa triển khai, 2 chưa báo cáo."
    assert f"- Đảng bộ Sở Tài chính: “{A_ONGOING}”" in paragraphs[ongoing + 2 :]
    figures = document.tables[1]  # the figures by task, in the body
    assert [flat(c.text) for c in figures.rows[0].cells][:3] == ["Nhiệm vụ", "Hoàn thành", "Đang thực hiện"]
    closing = document.tables[2]
    recipients = [flat(p.text) for p in closing.cell(0, 0).paragraphs]
    assert recipients == [
        "Nơi nhận:",
        "- Tỉnh ủy Bình Định (b/c),",
        "- Ban Tổ chức Tỉnh ủy (b/c),",
        "- Lưu Văn phòng.",
    ]
    signature = [flat(p.text) for p in closing.cell(0, 1).paragraphs if p.text.strip()]
    assert signature == ["K/T BÍ THƯ", "PHÓ BÍ THƯ", "Trần Văn Bình"]
    annex = document.tables[3]
    assert [flat(c.text) for c in annex.rows[1].cells][:2] == ["1", "Đảng bộ Sở Tài chính"]


def test_the_word_file_is_in_the_party_layout(report):
    document = word(report)
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    margins = (section.top_margin, section.bottom_margin, section.left_margin, section.right_margin)
    assert tuple(round(m.mm) for m in margins) == (20, 20, 30, 15)
    normal = document.styles["Normal"].font
    assert (normal.name, normal.size.pt) == ("Times New Roman", 14)
    # The header table has no borders; the body's tables do.
    borders = document.tables[0]._tbl.tblPr.find(qn("w:tblBorders"))
    assert all(edge.get(qn("w:val")) == "nil" for edge in borders)
    assert document.tables[1].style.name == "Table Grid"
    assert document.tables[1].rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    # The type name 16 pt bold, centred; page numbers from page 2 (a PAGE field, not on the first page).
    title = next(p for p in document.paragraphs if p.text == "BÁO CÁO")
    assert (title.alignment, title.runs[0].bold, title.runs[0].font.size.pt) == (1, True, 16)
    assert section.different_first_page_header_footer
    assert "PAGE" in section.header._element.xml and "PAGE" not in section.first_page_header._element.xml
    # The annex on a landscape page of its own.
    annex = document.sections[-1]
    assert annex.page_width > annex.page_height


def test_the_pdf_holds_the_report(world, report, tmp_path):
    text = pdf_text(report, tmp_path)
    for line in (
        "ĐẢNG BỘ TỈNH BÌNH ĐỊNH",
        "ĐẢNG CỘNG SẢN VIỆT NAM",
        "Số 05-BC/ĐUK",
        "Quy Nhơn, ngày 15 tháng 12 năm 2023",
        "BÁO CÁO",
        "Kết quả thực hiện Kế hoạch số 62-KH/ĐUK năm 2023",
        "Nơi nhận:",
        "K/T BÍ THƯ",
        "PHÓ BÍ THƯ",
        "Trần Văn Bình",
        "Phụ lục 1",
    ):
        assert line in text, line
    positions = [text.index(heading) for heading in HEADINGS]
    assert positions == sorted(positions)
    names = labels(world)
    assert text.index(names["ongoing"]) < text.index("Trong 5 tổ chức: 2 đã hoàn thành") < positions[1]
    assert flat(f"Chi bộ Sở Tư pháp: “{C_ONGOING}”") in text
    for recipient in ("- Tỉnh ủy Bình Định (b/c),", "- Ban Tổ chức Tỉnh ủy (b/c),", "- Lưu Văn phòng."):
        assert recipient in text


def test_what_staff_type_is_printed_as_typed_never_as_markup(world, report, tmp_path):
    typed = "<b>Đậm</b> & <script>alert(1)</script>"
    report = board_report_save(report=report, user=world.staff, fields={}, texts={"proposals": typed})
    assert flat(typed) in pdf_text(report, tmp_path)
    assert typed in [p.text for p in word(report).paragraphs]
