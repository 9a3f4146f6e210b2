"""A plan as a Word file, built the way committee offices build theirs (used by docx_plans.py).

What offices do and this reproduces: the header (issuing body, symbol | motto, place and date) and the
closing (recipients | signature) laid out in two-column tables without borders; automatic numbering whose
numbers and bullets exist only in numbering.xml (list styles "List Number"/"List Bullet", a multilevel list
attached to the heading styles, a list restarted at each section through a new w:num with a startOverride);
Shift+Enter line breaks inside a paragraph; italic deadline annotations; an appendix after the signature in a
landscape section holding a task table with a header row that repeats on every page, group rows merged across
the columns and several paragraphs in one cell.
"""

import datetime
import io
import re
import zipfile

import docx
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm, Pt

from .build import expectation, expected_document

EMPHASIS = re.compile(r"(\*\*|\*)(.+?)\1", re.S)
BULLET_SYMBOL = "\uf0b7"  # Word's own round bullet, drawn from the Symbol font


def _runs(
    paragraph, text: str, *, bold: bool = False, italic: bool = False, size: float | None = None
) -> None:
    """`text` as runs: ``*italic*``, ``**bold**``, and a line break (Shift+Enter) for each newline."""
    position = 0
    pieces = []
    for match in EMPHASIS.finditer(text):
        pieces.append((text[position : match.start()], False, False))
        pieces.append((match.group(2), match.group(1) == "**", match.group(1) == "*"))
        position = match.end()
    pieces.append((text[position:], False, False))
    for piece, piece_bold, piece_italic in pieces:
        for index, line in enumerate(piece.split("\n")):
            if index:
                paragraph.add_run().add_break()
            if not line:
                continue
            run = paragraph.add_run(line)
            run.bold = bold or piece_bold or None
            run.italic = italic or piece_italic or None
            if size:
                run.font.size = Pt(size)


class WordPlan:
    def __init__(self, name: str, **meta):
        self.name = name
        self.meta = meta
        self.tasks: list[dict] = []
        self.doc = docx.Document()
        normal = self.doc.styles["Normal"]
        normal.font.name = "Times New Roman"
        normal.font.size = Pt(14)
        normal.element.rPr.rFonts.set(qn("w:eastAsia"), "Times New Roman")
        normal.paragraph_format.space_after = Pt(6)
        for style_name in ("Heading 1", "Heading 2", "Heading 3"):
            style = self.doc.styles[style_name]
            style.font.name = "Times New Roman"
            style.font.size = Pt(14)
            style.font.color.rgb = None
        section = self.doc.sections[0]
        section.page_width, section.page_height = Cm(21), Cm(29.7)
        section.top_margin = section.bottom_margin = Cm(2)
        section.left_margin, section.right_margin = Cm(3), Cm(1.5)
        self.numbering = self.doc.part.numbering_part.element
        self._ids = 100

    # -- numbering -------------------------------------------------------------------------------------

    def list_definition(self, levels: list[tuple[str, str]], *, styles: dict[int, str] | None = None) -> str:
        """A w:abstractNum with one w:lvl per (numFmt, lvlText); `styles` ties a level to a paragraph style
        (as a multilevel list attached to the headings). Returns its abstractNumId."""
        self._ids += 1
        abstract_id = str(self._ids)
        lvls = []
        for ilvl, (fmt, text) in enumerate(levels):
            style = f'<w:pStyle w:val="{styles[ilvl]}"/>' if styles and ilvl in styles else ""
            font = (
                '<w:rPr><w:rFonts w:ascii="Symbol" w:hAnsi="Symbol" w:hint="default"/></w:rPr>'
                if text == BULLET_SYMBOL
                else ""
            )
            lvls.append(
                f'<w:lvl w:ilvl="{ilvl}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>{style}'
                f'<w:lvlText w:val="{text}"/><w:lvlJc w:val="left"/>'
                f'<w:pPr><w:ind w:left="0" w:firstLine="{567 + 283 * ilvl}"/></w:pPr>{font}</w:lvl>'
            )
        element = parse_xml(
            f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{abstract_id}">'
            f'<w:multiLevelType w:val="{"multilevel" if len(levels) > 1 else "hybridMultilevel"}"/>'
            + "".join(lvls)
            + "</w:abstractNum>"
        )
        first_num = self.numbering.find(qn("w:num"))
        if first_num is not None:
            first_num.addprevious(element)
        else:
            self.numbering.append(element)
        return abstract_id

    def list_instance(self, abstract_id: str, *, restart: bool = False) -> str:
        """A w:num of the definition; with `restart`, numbering starts again at 1 (Word's "Restart at 1")."""
        self._ids += 1
        num_id = str(self._ids)
        override = '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride>' if restart else ""
        self.numbering.append(
            parse_xml(
                f'<w:num {nsdecls("w")} w:numId="{num_id}"><w:abstractNumId w:val="{abstract_id}"/>{override}</w:num>'
            )
        )
        return num_id

    def style_numbering(self, style_name: str, num_id: str, ilvl: int = 0) -> None:
        """Attach a list to a paragraph style: its paragraphs are numbered without a numPr of their own."""
        style = self.doc.styles[style_name].element
        p_pr = style.get_or_add_pPr()
        for old in p_pr.findall(qn("w:numPr")):
            p_pr.remove(old)
        level = f'<w:ilvl w:val="{ilvl}"/>' if ilvl else ""
        p_pr.insert(0, parse_xml(f'<w:numPr {nsdecls("w")}>{level}<w:numId w:val="{num_id}"/></w:numPr>'))

    @staticmethod
    def _number(paragraph, num_id: str, ilvl: int) -> None:
        p_pr = paragraph._p.get_or_add_pPr()
        p_pr.append(
            parse_xml(
                f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{ilvl}"/><w:numId w:val="{num_id}"/></w:numPr>'
            )
        )

    # -- paragraphs ------------------------------------------------------------------------------------

    def para(
        self,
        text: str,
        *,
        expect: str | None = None,
        style: str | None = None,
        num: str | None = None,
        ilvl: int = 0,
        bold: bool = False,
        italic: bool = False,
        align: str | None = None,
        size: float | None = None,
        indent: bool = True,
        target=None,
    ):
        """One paragraph; `num` numbers it with that list (a numPr of its own); `expect` records the task it
        starts (the annotation of build.py without its brackets)."""
        container = target if target is not None else self.doc
        paragraph = container.add_paragraph(style=style) if style else container.add_paragraph()
        if num is not None:
            self._number(paragraph, num, ilvl)
        _runs(paragraph, text, bold=bold, italic=italic, size=size)
        if align == "center":
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        elif align != "left":
            paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
            if indent and style is None and num is None:
                paragraph.paragraph_format.first_line_indent = Cm(1)
        if expect:
            self.tasks.append(expectation(expect, text))
        return paragraph

    def title(self, type_name: str, summary: str) -> None:
        self.para(type_name, bold=True, align="center", size=15)
        self.para(summary, bold=True, align="center")
        self.para("-----", align="center")

    # -- tables ----------------------------------------------------------------------------------------

    @staticmethod
    def _borders(table, value: str) -> None:
        tbl_pr = table._tbl.tblPr
        for old in tbl_pr.findall(qn("w:tblBorders")):
            tbl_pr.remove(old)
        sides = "".join(
            f'<w:{side} w:val="{value}" w:sz="4" w:space="0" w:color="auto"/>'
            for side in ("top", "left", "bottom", "right", "insideH", "insideV")
        )
        tbl_pr.append(parse_xml(f"<w:tblBorders {nsdecls('w')}>{sides}</w:tblBorders>"))

    def _layout_table(self, left: list, right: list, widths=(7, 9.5)):
        """A borderless 1×2 table; each side is a list of (text, options) or text."""
        table = self.doc.add_table(rows=1, cols=2)
        self._borders(table, "nil")
        for cell, lines, width in zip(table.rows[0].cells, (left, right), widths, strict=True):
            cell.width = Cm(width)
            first = True
            for line in lines:
                text, options = (line, {}) if isinstance(line, str) else line
                if first:
                    paragraph = cell.paragraphs[0]
                    _runs(
                        paragraph,
                        text,
                        **{k: v for k, v in options.items() if k in ("bold", "italic", "size")},
                    )
                    if options.get("align", "center") == "center":
                        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
                    first = False
                else:
                    self.para(
                        text,
                        target=cell,
                        align=options.get("align", "center"),
                        indent=False,
                        **{k: v for k, v in options.items() if k in ("bold", "italic", "size", "style")},
                    )
        return table

    def header(self, *, superior: str | None, issuer: str, symbol: str, place_date: str) -> None:
        left = ([superior] if superior else []) + [(issuer, {"bold": True}), "*", symbol]
        right = [("ĐẢNG CỘNG SẢN VIỆT NAM", {"bold": True, "size": 15}), "", (place_date, {"italic": True})]
        self._layout_table(left, right)
        self.para("")

    def closing(
        self, *, recipients: list[str], authority: str, title: str, name: str, note: str = ""
    ) -> None:
        left = [("Nơi nhận:", {"bold": True, "italic": True, "align": "left", "size": 12})] + [
            (f"- {line}", {"align": "left", "size": 12}) for line in recipients
        ]
        right = [(authority, {"bold": True}), (title, {"bold": True})]
        right += [(note, {"italic": True})] if note else ["", ""]
        right += ["", (name, {"bold": True})]
        self._layout_table(left, right, widths=(8, 8.5))

    def landscape(self) -> None:
        """A new page in landscape orientation (the appendix after the signature)."""
        section = self.doc.add_section(WD_SECTION.NEW_PAGE)
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = Cm(29.7), Cm(21)
        section.left_margin = section.right_margin = Cm(2)

    def task_table(
        self, columns: list[str], rows: list[tuple], *, widths: list[float], group_span: str = "after_stt"
    ):
        """The appendix's task table. `rows`: ("group", label, title) for a group row (merged across the
        columns after STT, or the whole row with `group_span="row"`), or ("task", stt, content, lead, coordinating,
        time, expect) where `content` may hold several paragraphs (a list). The header row repeats on each page."""
        table = self.doc.add_table(rows=1, cols=len(columns))
        table.style = self.doc.styles["Table Grid"]
        header = table.rows[0]
        header._tr.get_or_add_trPr().append(parse_xml(f"<w:tblHeader {nsdecls('w')}/>"))
        for cell, title in zip(header.cells, columns, strict=True):
            _runs(cell.paragraphs[0], title, bold=True, size=12)
            cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
        for row_spec in rows:
            row = table.add_row()
            cells = row.cells
            if row_spec[0] == "group":
                _, label, title = row_spec
                if group_span == "row":
                    merged = cells[0].merge(cells[-1])
                    _runs(merged.paragraphs[0], f"{label}. {title}", bold=True, size=12)
                else:
                    _runs(cells[0].paragraphs[0], label, bold=True, size=12)
                    cells[0].paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
                    merged = cells[1].merge(cells[-1])
                    _runs(merged.paragraphs[0], title, bold=True, size=12)
                continue
            _, stt, content, lead, coordinating, time, expect = row_spec
            contents = content if isinstance(content, list) else [content]
            values = [stt, contents, lead, coordinating, time]
            for index, (cell, value) in enumerate(zip(cells, values, strict=True)):
                paragraphs = value if isinstance(value, list) else [value]
                for number, text in enumerate(paragraphs):
                    paragraph = cell.paragraphs[0] if number == 0 else cell.add_paragraph()
                    _runs(paragraph, text, size=12)
                    if index in (0, 4):
                        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            if expect:
                self.tasks.append(expectation(expect, contents[0], strip_mark=False))
        for row in table.rows:
            for cell, width in zip(row.cells, widths, strict=False):
                cell.width = Cm(width)
        return table

    # -- result ----------------------------------------------------------------------------------------

    def build(self) -> tuple[str, bytes, dict]:
        properties = self.doc.core_properties
        properties.author = properties.last_modified_by = "Văn phòng"
        properties.created = properties.modified = datetime.datetime(2025, 1, 1, tzinfo=datetime.UTC)
        properties.revision = 1
        buffer = io.BytesIO()
        self.doc.save(buffer)
        data = _fixed_zip_times(buffer.getvalue())
        return self.name, data, expected_document(document=self.name, meta=self.meta, tasks=self.tasks)


def _fixed_zip_times(data: bytes) -> bytes:
    """The same .docx with every entry dated 1980-01-01, so that building twice gives the same bytes."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            entry.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(entry, source.read(info.filename))
    return out.getvalue()
