"""The Word file (.docx) of a report, in the Party document layout of Hướng dẫn 36-HD/VPTW (docs/domain.md §9),
the same as the PDF's (reports/templates/reports/pdf/base.html): A4, margins 20/20 mm top and bottom, 30 mm
left, 15 mm right; Times New Roman 14; the header as a borderless two-column table; the type and summary
centred; the body justified with indented first lines; Nơi nhận bottom left and the signature block bottom
right in a borderless table; page numbers from page 2; annexes on landscape pages.

Offices finish and sign documents in Word, so the file is made of plain Word parts (paragraphs, tables, a
page-number field) that they can edit. Every text is written as a run's text: nothing a user typed is read
as markup. Made with python-docx.
"""

import io

from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from reports.content.markup import BULLET, HEADING, PARAGRAPH, TABLE, Block

FONT = "Times New Roman"
BODY_SIZE, SMALL_SIZE, TABLE_SIZE = 14, 12, 11
A4 = (Mm(210), Mm(297))
MARGINS = {"top": Mm(20), "bottom": Mm(20), "left": Mm(30), "right": Mm(15)}
INDENT = Mm(10)
CENTER, JUSTIFY, LEFT = WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.JUSTIFY, WD_ALIGN_PARAGRAPH.LEFT


# --- low-level helpers ---------------------------------------------------------------------------------------
def _set_font(element, *, size: int = BODY_SIZE) -> None:
    """Times New Roman for every script (Word picks the East Asian or complex-script slot for some letters)."""
    element.font.name = FONT
    element.font.size = Pt(size)
    fonts = element.element.get_or_add_rPr().get_or_add_rFonts()
    for slot in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(slot), FONT)


def _paragraph(container, text: str = "", *, align=JUSTIFY, bold=False, italic=False, underline=False,
               size: int = BODY_SIZE, indent=None, after: int = 6, keep_with_next: bool = False):  # fmt: skip
    paragraph = container.add_paragraph()
    paragraph.alignment = align
    fmt = paragraph.paragraph_format
    fmt.space_before, fmt.space_after = Pt(0), Pt(after)
    fmt.first_line_indent = indent
    fmt.keep_with_next = keep_with_next
    if text:
        run = paragraph.add_run(text)
        run.bold, run.italic, run.underline = bold, italic, underline
        _set_font(run, size=size)
    return paragraph


def _first_paragraph(cell, text: str, **kwargs):
    """Write into a table cell's own first paragraph (a new cell has one, empty), then add the next ones."""
    paragraph = cell.paragraphs[0]
    paragraph._element.getparent().remove(paragraph._element)
    return _paragraph(cell, text, **kwargs)


def _no_borders(table) -> None:
    properties = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "nil")
        borders.append(element)
    properties.append(borders)


def _widths(table, widths) -> None:
    table.autofit = False
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = width


def _row_flag(row, name: str) -> None:
    """Mark a table row: w:tblHeader repeats it on every page, w:cantSplit keeps it on one page."""
    properties = row._tr.get_or_add_trPr()
    flag = OxmlElement(f"w:{name}")
    flag.set(qn("w:val"), "true")
    properties.append(flag)


def _page_setup(section, *, landscape: bool = False) -> None:
    width, height = A4
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = (height, width) if landscape else (width, height)
    for side, value in MARGINS.items():
        setattr(section, f"{side}_margin", value)
    section.header_distance = Mm(10)


def _page_number_header(section) -> None:
    """Page numbers centred at the top, from page 2 (the first page has its own, empty, header)."""
    section.different_first_page_header_footer = True
    paragraph = section.header.paragraphs[0]
    paragraph.alignment = CENTER
    run = paragraph.add_run()
    _set_font(run, size=13)
    for kind, text in (("begin", None), (None, "PAGE"), ("separate", None), ("end", None)):
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        else:
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = text
        run._r.append(element)


def _text_width(section):
    return section.page_width - section.left_margin - section.right_margin


# --- the parts of the document -------------------------------------------------------------------------------
def letterhead_table(doc, letterhead) -> None:
    """The header (docs/domain.md §9): superior and issuing body, "*" and the number on the left; the Party's
    name and the place-date line on the right."""
    table = doc.add_table(rows=4, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    _no_borders(table)
    width = _text_width(doc.sections[0])
    _widths(table, [int(width * 0.46), width - int(width * 0.46)])
    left = [
        ("\n".join(letterhead.superior_lines), {}),
        ("\n".join(letterhead.issuer_lines), {"bold": True}),
        ("*", {}),
        (f"{pgettext('document number', 'No.')} {letterhead.symbol}", {}),
    ]
    right = [
        (_("COMMUNIST PARTY OF VIETNAM"), {"bold": True, "underline": True, "size": 15}),
        ("", {}),
        ("", {}),
        (letterhead.place_date, {"italic": True}),
    ]
    for row, (left_cell, right_cell) in enumerate(zip(left, right, strict=True)):
        for column, (text, style) in enumerate((left_cell, right_cell)):
            _first_paragraph(table.cell(row, column), text, align=CENTER, after=0, **style)


def title_block(doc, *, doc_type: str, summary: str) -> None:
    _paragraph(doc, "", after=6)
    _paragraph(doc, doc_type, align=CENTER, bold=True, size=16, after=0, keep_with_next=True)
    _paragraph(doc, summary, align=CENTER, bold=True, after=0, keep_with_next=True)
    _paragraph(doc, "-----", align=CENTER, after=12)


def text_table(container, block: Block, *, size: int = TABLE_SIZE, width=None):
    """A table of the body (or an annex): bordered, its header row bold and repeated on every page, no row
    split across two pages."""
    table = container.add_table(rows=len(block.rows), cols=len(block.header))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for r, row in enumerate(block.rows):
        _row_flag(table.rows[r], "cantSplit")
        for c, text in enumerate(row):
            numeric = r > 0 and block.body_cells[r - 1][c][1]
            _first_paragraph(
                table.cell(r, c),
                text,
                align=CENTER if r == 0 else (WD_ALIGN_PARAGRAPH.RIGHT if numeric else LEFT),
                bold=r == 0,
                size=size,
                after=0,
            )
    _row_flag(table.rows[0], "tblHeader")
    if width is not None and block.widths:
        _widths(table, [int(width * share / 100) for share in block.widths])
    return table


def body(doc, sections) -> None:
    for section in sections:
        _paragraph(doc, section.heading, bold=True, indent=INDENT, keep_with_next=True)
        for block in section.blocks:
            if block.kind == HEADING:
                _paragraph(doc, block.text, bold=True, indent=INDENT, keep_with_next=True)
            elif block.kind == BULLET:
                _paragraph(doc, f"- {block.text}", indent=INDENT)
            elif block.kind == TABLE:
                text_table(doc, block)
                _paragraph(doc, "", after=6)
            else:
                _paragraph(doc, block.text, indent=INDENT)


def signature_block(cell, letterhead) -> None:
    """The signature block, the one place its layout lives: the authority (T/M or K/T), the title, the room
    for the signature (or a digital signature's stamp), and the name."""
    _first_paragraph(cell, letterhead.signature_authority, align=CENTER, bold=True, after=0)
    _paragraph(cell, letterhead.signature_title, align=CENTER, bold=True, after=0)
    for _line in range(4):
        _paragraph(cell, "", align=CENTER, after=0)
    _paragraph(cell, letterhead.signature_name, align=CENTER, bold=True, after=0)


def closing_table(doc, letterhead) -> None:
    """Nơi nhận bottom left (the label underlined, one line per recipient, 12 pt), the signature right."""
    table = doc.add_table(rows=1, cols=2)
    _no_borders(table)
    width = _text_width(doc.sections[0])
    _widths(table, [width // 2, width - width // 2])
    _row_flag(table.rows[0], "cantSplit")
    recipients = table.cell(0, 0)
    _first_paragraph(
        recipients, _("Recipients:"), align=LEFT, bold=True, italic=True, underline=True, after=0
    )
    for line in letterhead.recipient_lines:
        _paragraph(recipients, line, align=LEFT, size=SMALL_SIZE, after=0)
    signature_block(table.cell(0, 1), letterhead)


def annex_pages(doc, document) -> None:
    for number, table in enumerate(document.annexes, start=1):
        section = doc.add_section(WD_SECTION.NEW_PAGE)
        _page_setup(section, landscape=True)
        section.different_first_page_header_footer = False
        _paragraph(doc, _("Annex %(number)s") % {"number": number}, align=CENTER, bold=True, after=0)
        _paragraph(doc, table.title.upper(), align=CENTER, bold=True, after=0)
        _paragraph(doc, f"({document.annex_reference})", align=CENTER, italic=True, size=13, after=6)
        if table.note:
            _paragraph(doc, table.note, align=LEFT, italic=True, size=SMALL_SIZE, after=3)
        text_table(doc, data_block(table), width=_text_width(section))


def data_block(table) -> Block:
    """A reports.content.common.Table as a table block: its cells written as the PDF writes them."""
    from reports.render.pdf import format_cell, pdf_table

    rows = [[str(column.label) for column in table.columns]]
    rows += [[format_cell(value, column)[0] for value, column in zip(row, table.columns, strict=True)]
             for row in table.rows]  # fmt: skip
    if table.footer:
        rows.append([format_cell(v, c)[0] for v, c in zip(table.footer, table.columns, strict=True)])
    return Block(TABLE, rows=rows, widths=[float(column["share"]) for column in pdf_table(table).columns])


def board_docx(document, *, doc_type: str | None = None) -> bytes:
    """The .docx bytes of a reports.content.board_document.BoardDocument."""
    doc = Document()
    normal = doc.styles["Normal"]
    _set_font(normal)
    normal.paragraph_format.space_after = Pt(6)
    _page_setup(doc.sections[0])
    _page_number_header(doc.sections[0])
    doc.core_properties.title = document.title[:255]
    doc.core_properties.author = "Plantrack"
    doc.core_properties.language = "vi"
    letterhead_table(doc, document.letterhead)
    title_block(doc, doc_type=doc_type or _("REPORT"), summary=document.summary)
    body(doc, document.sections)
    closing_table(doc, document.letterhead)
    annex_pages(doc, document)
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def report_docx(content) -> bytes:
    """The .docx of a generated report (reports.content.common.ReportContent): its sections' paragraphs and
    tables, its annexes, in the same layout."""
    from reports.content.board_document import BoardDocument, DocumentSection

    sections = []
    for section in content.sections:
        blocks = [Block(PARAGRAPH, paragraph) for paragraph in section.paragraphs]
        for table in section.tables:
            blocks += [Block(HEADING, table.title), data_block(table)]
        sections.append(DocumentSection(section.heading, blocks))
    document = BoardDocument(
        letterhead=content.letterhead,
        summary=content.summary,
        sections=sections,
        annexes=content.annexes,
        title=content.title,
    )
    return board_docx(document)
