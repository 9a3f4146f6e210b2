"""The PDF: Party document format, Vietnamese text intact, fonts embedded, table headers repeated on every
page, page numbers from page 2, one template and one rendering function for every PDF."""

import datetime
import io
import re
import unicodedata

import pytest
import time_machine
from django.core.cache import cache
from django.utils import translation
from pypdf import PdfReader

from plans.periods import period_year
from reports.content.kinds import report_data
from reports.content.letterhead import Letterhead
from reports.render import pdf
from reports.render.pdf import render_pdf, report_font, report_pdf
from tests.world import LOCAL, TEXTS, add_cells, hand_in_the_dated_task, report_the_first_half

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


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def flat(text: str) -> str:
    """NFC, and every run of white space (line ends inside table cells, no-break spaces) as one space."""
    return re.sub(r"\s+", " ", nfc(text).replace("\u00a0", " ")).strip()


def render(world, kind="plan", organization=None) -> bytes:
    with translation.override("vi"):
        content = report_data(
            kind=kind, plan=world.plan, period=period_year(2023), organization=organization, today=TODAY
        )
        return report_pdf(content)


def page_texts(pdf_bytes: bytes) -> list[str]:
    return [flat(page.extract_text()) for page in PdfReader(io.BytesIO(pdf_bytes)).pages]


def test_pdf_holds_the_party_document_header_title_tasks_and_organizations(world, states):
    pages = page_texts(render(world))
    first, everything = pages[0], " ".join(pages)
    for line in (
        "ĐẢNG BỘ TỈNH BÌNH ĐỊNH",
        "ĐẢNG ỦY KHỐI CÁC CƠ QUAN TỈNH",
        "ĐẢNG CỘNG SẢN VIỆT NAM",
        "Số -BC/ĐUK",
        "Quy Nhơn, ngày 20 tháng 12 năm 2023",
        "BÁO CÁO",
        "Kết quả thực hiện Kế hoạch số 62-KH/ĐUK năm 2023",
        "I. KẾT QUẢ CHUNG",
    ):
        assert line in first, line
    assert first.index("ĐẢNG BỘ TỈNH BÌNH ĐỊNH") < first.index("BÁO CÁO") < first.index("I. KẾT QUẢ CHUNG")
    for line in (
        "Nơi nhận:",
        "- Tỉnh ủy Bình Định (b/c),",
        "T/M BAN THƯỜNG VỤ",
        "BÍ THƯ",
        "Nguyễn Đặng Thị Thu Hòa",
    ):
        assert line in everything, line
    for text in TEXTS:
        assert flat(text) in everything, text
    for organization in world.grassroots:
        assert organization.name in everything, organization.name
    for words in (
        "Ban Tổ chức Đảng ủy Khối",
        "Ban Tuyên giáo Đảng ủy Khối",
        "05-KH/CB",
        "09-BC/CB",
        "Phụ lục 3",
    ):
        assert words in everything, words
    # Nothing came out decomposed or as replacement characters.
    assert "\ufffd" not in everything
    assert everything == nfc(everything)


def test_organization_report_pdf_names_the_organization_as_issuer(world, states):
    everything = " ".join(page_texts(render(world, kind="organization", organization=states.returned)))
    for line in (
        "ĐẢNG BỘ KHỐI CÁC CƠ QUAN TỈNH",
        "ĐẢNG ỦY SỞ Y TẾ",
        "Số -BC/ĐU",
        "T/M ĐẢNG ỦY",
        "Thiếu số liệu đảng viên",
    ):
        assert line in everything, line


def _fonts(reader: PdfReader):
    """Every font dictionary used by the pages, and the descriptor that holds (or lacks) its file."""
    for page in reader.pages:
        resources = page["/Resources"].get_object()
        fonts = resources.get("/Font")
        if fonts is None:
            continue
        for name, ref in fonts.get_object().items():
            font = ref.get_object()
            if font["/Subtype"] == "/Type0":
                descendant = font["/DescendantFonts"][0].get_object()
                yield name, font, descendant["/FontDescriptor"].get_object()
            else:
                yield (
                    name,
                    font,
                    font.get("/FontDescriptor", {}).get_object() if "/FontDescriptor" in font else {},
                )


def test_every_font_is_embedded_and_covers_vietnamese(world, states):
    reader = PdfReader(io.BytesIO(render(world)))
    fonts = list(_fonts(reader))
    assert fonts
    for name, font, descriptor in fonts:
        assert any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3")), (name, font)
    families = {str(font["/BaseFont"]).split("+", 1)[-1] for _name, font, _d in fonts}
    # Only the report's own family: nothing fell back to another system font for a missing glyph.
    assert all(
        family.startswith("/Plantrack-Serif") or family.startswith("Plantrack-Serif") for family in families
    ), families
    assert any("Bold" in family for family in families)


def test_the_font_comes_from_a_system_package():
    font = report_font()
    assert font.family in ("Liberation Serif", "DejaVu Serif")
    assert all(face.path.is_file() and str(face.path).startswith("/usr/share/fonts/") for face in font.faces)
    css = pdf.font_face_css()
    assert css.count("@font-face") == len(font.faces) and "file:///usr/share/fonts/" in css


def _top_margin_text(page) -> str:
    """Text drawn in the page's top margin (above 20 mm from the top edge): where the page number goes."""
    height = float(page.mediabox.height)
    found = []

    def visit(text, cm, tm, font_dict, font_size):
        y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
        if text.strip() and y > height - 20 * 72 / 25.4:
            found.append(text.strip())

    page.extract_text(visitor_text=visit)
    return " ".join(found)


def test_a_larger_report_runs_to_several_pages_with_the_header_on_each_and_numbers_from_page_two(
    world, states
):
    add_cells(world, 60)
    cache.clear()
    pdf_bytes = render(world)
    reader = PdfReader(io.BytesIO(pdf_bytes))
    pages = [flat(page.extract_text()) for page in reader.pages]
    assert len(pages) >= 5
    # Annex 2 (organizations late or missing) runs over several pages; each repeats the table's header.
    start = next(i for i, text in enumerate(pages) if "Phụ lục 2 CÁC TỔ CHỨC ĐẢNG CHẬM, CHƯA NỘP" in text)
    end = next(i for i, text in enumerate(pages) if "Phụ lục 3 CÁC BÁO CÁO ĐÃ ĐƯỢC TIẾP NHẬN" in text)
    assert end - start >= 2
    for text in pages[start:end]:
        assert "STT Tổ chức đảng Quá hạn Bị trả lại Nộp muộn Nhiệm vụ quá hạn (số thứ tự)" in text
    assert sum("Chi bộ Cơ quan số 060 tỉnh Bình Định" in text for text in pages[start:end]) == 1
    # Annexes are landscape pages; the report itself is A4 portrait.
    first, annex = reader.pages[0].mediabox, reader.pages[start].mediabox
    assert (round(float(first.width)), round(float(first.height))) == (595, 842)
    assert (round(float(annex.width)), round(float(annex.height))) == (842, 595)
    # No number on the first page; every later page has its number at the top.
    assert _top_margin_text(reader.pages[0]) == ""
    for number, page in enumerate(reader.pages[1:], start=2):
        assert _top_margin_text(page) == str(number)


def test_every_pdf_goes_through_one_function_and_one_base_template(world, states, monkeypatch):
    seen = []
    original = pdf.render_document

    def spy(*, template, context):
        seen.append(template)
        return original(template=template, context=context)

    monkeypatch.setattr(pdf, "render_document", spy)
    render(world)
    render(world, kind="compliance")
    render(world, kind="organization", organization=states.accepted)
    assert seen == ["reports/pdf/report.html"] * 3
    from django.template.loader import get_template

    source = get_template("reports/pdf/report.html").template.source
    assert source.startswith('{% extends "reports/pdf/base.html" %}')


def test_render_pdf_renders_any_template_extending_the_base(tmp_path, settings):
    (tmp_path / "note.html").write_text(
        '{% extends "reports/pdf/base.html" %}{% block summary %}Thông báo thử{% endblock %}'
        "{% block body %}<p>Nội dung có dấu: Ủy ban, Đảng ủy, Chi bộ.</p>{% endblock %}",
        encoding="utf-8",
    )
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [tmp_path, *settings.TEMPLATES[0]["DIRS"]]}]
    letterhead = Letterhead(
        "ĐẢNG BỘ TỈNH BÌNH ĐỊNH",
        "ĐẢNG ỦY KHỐI",
        "Ban Thường vụ",
        "BC/ĐUK",
        "Quy Nhơn",
        TODAY,
        "T/M",
        "BÍ THƯ",
        "",
        [],
    )
    with translation.override("vi"):
        pdf_bytes = render_pdf(template="note.html", context={"letterhead": letterhead})
    (text,) = page_texts(pdf_bytes)
    assert "Thông báo thử" in text and "Nội dung có dấu: Ủy ban, Đảng ủy, Chi bộ." in text
