"""Plans as Word files (tasks/plan_import/reading/docx.py): built here with python-docx from the seed's text."""

import io
import re

import docx
import pytest
from docx.enum.text import WD_BREAK
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn

from tasks.plan_import.reading import plan_parse, plan_parse_file
from tasks.plan_import.reading.docx import docx_read_text
from tasks.tests.plan_import.test_parser import SEED, lost_words

ROMAN = re.compile(r"^([IVX]+)-\s*(.*)$")
NUMBER = re.compile(r"^(\d+(?:\.\d+)*)\.\s*(.*)$")
EMPHASIS = re.compile(r"(\*+)(.+?)\1")


@pytest.fixture(scope="module")
def seed_text() -> str:
    return SEED.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def seed(seed_text) -> dict:
    return plan_parse(text=seed_text)


def add_runs(paragraph, text: str) -> None:
    """The text with its *emphasis* as italic runs and **bold** as bold runs, as Word holds them."""
    position = 0
    for match in EMPHASIS.finditer(text):
        paragraph.add_run(text[position : match.start()])
        run = paragraph.add_run(match.group(2))
        if len(match.group(1)) == 2:
            run.bold = True
        else:
            run.italic = True
        position = match.end()
    paragraph.add_run(text[position:])


def add_multilevel_numbering(document) -> str:
    """A Word list I-, 1., 2.1. (upper roman, decimal, decimal.decimal) like the seed's; returns its numId."""
    numbering = document.part.numbering_part.element
    abstract = parse_xml(
        f'<w:abstractNum {nsdecls("w")} w:abstractNumId="90">'
        '<w:multiLevelType w:val="multilevel"/>'
        '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="upperRoman"/><w:lvlText w:val="%1-"/></w:lvl>'
        '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%2."/></w:lvl>'
        '<w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%2.%3."/></w:lvl>'
        "</w:abstractNum>"
    )
    first_num = numbering.find(qn("w:num"))
    if first_num is not None:
        first_num.addprevious(abstract)
    else:
        numbering.append(abstract)
    numbering.append(parse_xml(f'<w:num {nsdecls("w")} w:numId="90"><w:abstractNumId w:val="90"/></w:num>'))
    return "90"


def set_numbering(paragraph, num_id: str, level: int) -> None:
    p_pr = paragraph._p.get_or_add_pPr()
    p_pr.append(
        parse_xml(f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{level}"/><w:numId w:val="{num_id}"/></w:numPr>')
    )


def seed_docx(seed_text: str, *, word_numbering: bool) -> bytes:
    """The seed as a Word file: header and closing in tables, bullets as Word bullets, headings styled,
    the page break of 3.2 inside its paragraph. With `word_numbering`, I-/1./2.1. come from a Word list
    and are not typed in the text."""
    document = docx.Document()
    num_id = add_multilevel_numbering(document) if word_numbering else None
    lines = seed_text.splitlines()
    closing = lines.index("Nơi nhận:")

    header = document.add_table(rows=1, cols=2)
    left, right = header.rows[0].cells
    left.paragraphs[0].text = "*"
    left.add_paragraph("Số 62-KH/ĐUK")
    right.paragraphs[0].text = ""

    body = [line for line in lines[4:closing]]
    index = 0
    while index < len(body):
        line = body[index].strip()
        index += 1
        if not line:
            continue
        if line.endswith("khắc"):
            # The seed's page break falls inside this bullet: one paragraph with a page break in Word.
            rest = next(body[j].strip() for j in range(index, len(body)) if body[j].strip())
            index = body.index(rest, index) + 1
            paragraph = document.add_paragraph(style="List Bullet")
            add_runs(paragraph, line[2:])
            paragraph.add_run().add_break(WD_BREAK.PAGE)
            add_runs(paragraph, rest)
            continue
        if line == "KẾ HOẠCH":
            document.add_paragraph(line, style="Title")
            continue
        roman, number = ROMAN.match(line), NUMBER.match(line)
        if roman:
            paragraph = document.add_paragraph(style="Heading 1")
            if word_numbering:
                set_numbering(paragraph, num_id, 0)
                add_runs(paragraph, roman.group(2))
            else:
                add_runs(paragraph, line)
        elif number:
            paragraph = document.add_paragraph()
            if word_numbering:
                set_numbering(paragraph, num_id, number.group(1).count(".") + 1)
                add_runs(paragraph, number.group(2))
            else:
                add_runs(paragraph, line)
        elif line.startswith("- "):
            add_runs(document.add_paragraph(style="List Bullet"), line[2:])
        else:
            add_runs(document.add_paragraph(), line)

    signature_at = lines.index("T/M BAN THƯỜNG VỤ")
    table = document.add_table(rows=1, cols=2)
    left, right = table.rows[0].cells
    left.paragraphs[0].text = "Nơi nhận:"
    for line in lines[closing + 1 : signature_at]:
        if line.strip():
            left.add_paragraph(line.strip()[2:], style="List Bullet")
    right.paragraphs[0].text = lines[signature_at]
    for line in lines[signature_at + 1 :]:
        right.add_paragraph(line.strip())

    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_a_docx_of_the_seed_parses_the_same_as_its_text(seed_text, seed):
    data = seed_docx(seed_text, word_numbering=False)
    assert plan_parse_file(data=data, filename="ke-hoach-62.docx") == seed


def test_word_numbering_gives_the_labels_back(seed_text, seed):
    data = seed_docx(seed_text, word_numbering=True)
    text = docx_read_text(source=data)
    assert "I- MỤC ĐÍCH, YÊU CẦU" in text
    assert "2.3. Đổi mới nội dung, phương thức lãnh đạo" in text
    assert "III- TỔ CHỨC THỰC HIỆN" in text
    assert "\n5. Giao Ban Tổ chức Đảng ủy Khối chủ trì" in text  # the counter restarts under III
    assert plan_parse(text=text) == seed


def test_word_bullets_and_breaks_become_lines(seed_text):
    text = docx_read_text(source=seed_docx(seed_text, word_numbering=False))
    assert "• Các cấp ủy cơ sở trong Khối tiếp tục chỉ đạo" in text
    assert "kịp thời chấn chỉnh, khắc\nphục tình trạng" in text
    assert "\n• Lưu VP, BTC.\n" in text
    # Emphasis is formatting in Word, not asterisks: only the ornament under the issuing body has one.
    assert [line for line in text.splitlines() if "*" in line] == ["*"]


def test_unnumbered_headings_get_labels_from_their_level():
    document = docx.Document()
    document.add_paragraph("KẾ HOẠCH", style="Heading 1")
    document.add_paragraph("về công tác kiểm tra, giám sát năm 2024")
    document.add_paragraph(
        "Căn cứ Quy định số 22-QĐ/TW ngày 28/7/2021 của Ban Chấp hành Trung ương, Chi bộ xây dựng kế hoạch:"
    )
    document.add_paragraph("MỤC ĐÍCH, YÊU CẦU", style="Heading 1")
    document.add_paragraph("Nâng cao chất lượng công tác kiểm tra.")
    document.add_paragraph("NỘI DUNG", style="Heading 1")
    document.add_paragraph("Kiểm tra đảng viên", style="Heading 2")
    document.add_paragraph("Kiểm tra 2 đảng viên chấp hành Điều lệ Đảng (quý III/2024).", style="List Bullet")
    document.add_paragraph("Giám sát chi ủy", style="Heading 2")
    document.add_paragraph(
        "Giám sát việc thực hiện quy chế làm việc (thực hiện thường xuyên).", style="List Bullet"
    )
    buffer = io.BytesIO()
    document.save(buffer)

    text = docx_read_text(source=buffer.getvalue())
    assert "\nKẾ HOẠCH\n" in "\n" + text  # the type name is not a section
    assert "I. MỤC ĐÍCH, YÊU CẦU" in text and "II. NỘI DUNG" in text
    assert "1. Kiểm tra đảng viên" in text and "2. Giám sát chi ủy" in text
    result = plan_parse(text=text)
    assert result["document"]["title"] == "về công tác kiểm tra, giám sát năm 2024"
    assert [(s["label"], s["title"]) for s in result["sections"]] == [
        ("I", "MỤC ĐÍCH, YÊU CẦU"),
        ("II", "NỘI DUNG"),
    ]
    assert result["sections"][0]["text"] == "Nâng cao chất lượng công tác kiểm tra."
    contents = result["sections"][1]["sections"]
    assert [(s["label"], s["tasks"][0]["deadline"]["kind"]) for s in contents] == [
        ("1", "dated"),
        ("2", "ongoing"),
    ]
    assert contents[0]["tasks"][0]["deadline"]["due_on"] == "2024-09-30"
    assert [r["symbol"] for r in result["basis"]] == ["22-QĐ/TW"]
    assert lost_words(text, result).total() == 0


def test_a_docx_read_from_a_path_and_a_file_object(tmp_path, seed_text, seed):
    data = seed_docx(seed_text, word_numbering=False)
    path = tmp_path / "plan.docx"
    path.write_bytes(data)
    assert docx_read_text(source=str(path)) == docx_read_text(source=io.BytesIO(data))
