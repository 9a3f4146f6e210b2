"""The text of a .docx plan in the line structure the reader takes (tasks/plan_import/reading/parse.py).

Word keeps the numbers and bullets of automatic lists out of the text; they are rebuilt here from the
numbering definitions (``1.``, ``2.1.``, ``a)``, ``I.``, bullets as ``-``/``+``/``•``) and put back in front
of each paragraph. Headings (styles "Heading 1/2/3") that carry no number of their own get one from their
level: I, II ... for level 1, 1, 2 ... for level 2, 2.1 ... for level 3, so that the section tree can be
built; a heading that names the document type (KẾ HOẠCH) is left as it is. Every paragraph becomes one line
followed by a blank line; tables (the header and the "Nơi nhận"/signature block) are read row by row, cell by
cell (a borderless header or signature table reads in order: left cell, then right); line breaks inside a
paragraph (Shift+Enter), page breaks included, become line breaks.

Word's list counters run per list definition (w:abstractNum): a list instance (w:num) continues the
definition's numbers unless it restarts them (w:startOverride), as Word numbers them.

A table whose header names a content column and a lead or time column is a task table (reading/tables.py):
it is not read as text but returned beside it, with the lines just before it ("PHỤ LỤC", its title, "(Kèm
theo ...)") as its heading, wherever it stands (usually after the signature, in a landscape section). A task
table without such a heading in the body of the plan leaves an anchor line where it stood (reading/tables.py). The
package's directory is checked before anything is inflated (reading/limits.py).
"""

import copy
import io
import re

import docx
from django.utils.translation import gettext as _
from docx.oxml.ns import qn

from organizations.text import fold
from plans.symbols import TYPE_NAMES
from tasks.plan_import.reading.limits import PlanReadError, zip_check
from tasks.plan_import.reading.tables import DocumentText, TaskTable, anchor, task_table

_TYPE_NAMES = {fold(word) for words in TYPE_NAMES.values() for word in words}
_HAS_LABEL = re.compile(
    r"^\s*(?:[IVX]{1,6}\s*(?:[.\-–):]|/\s)|[A-HJ-UWYZĐ]\s*[.\-–)]\s|\d{1,2}(?:\.\d{1,2})*\s*[.)\-–/]?\s|[a-zđ]\s*[)/]|[-+•●▪◦○■□➢►✓*–—−])"
)


def _roman(number: int) -> str:
    values = [
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ]
    result = ""
    for value, letters in values:
        while number >= value:
            result += letters
            number -= value
    return result


def _letters(number: int) -> str:
    number = max(number, 1)
    result = ""
    while number:
        number, rest = divmod(number - 1, 26)
        result = chr(ord("a") + rest) + result
    return result


def _format(number: int, num_fmt: str) -> str:
    if num_fmt in ("upperRoman",):
        return _roman(number)
    if num_fmt in ("lowerRoman",):
        return _roman(number).lower()
    if num_fmt in ("lowerLetter",):
        return _letters(number)
    if num_fmt in ("upperLetter",):
        return _letters(number).upper()
    if num_fmt in ("none", "bullet"):
        return ""
    return str(number)


def _bullet(text: str) -> str:
    text = (text or "").strip()
    if text in ("-", "–", "—", "−", "+"):
        return "-" if text != "+" else "+"
    return "•"


class _Numbering:
    """Counters for Word's automatic numbering, rendered as the labels a reader sees."""

    def __init__(self, document):
        self.levels: dict[str, dict[int, dict]] = {}  # numId → ilvl → {fmt, text, start}
        self.abstract_of: dict[str, str] = {}  # numId → abstractNumId: the counters are the definition's
        self.restarts: set[str] = set()  # numIds that restart their definition's numbers when first used
        self.counters: dict[str, dict[int, int]] = {}
        try:
            numbering = document.part.numbering_part.element
        except (KeyError, NotImplementedError, AttributeError):
            return
        abstract: dict[str, dict[int, dict]] = {}
        for element in numbering.findall(qn("w:abstractNum")):
            levels = {}
            for lvl in element.findall(qn("w:lvl")):
                levels[int(lvl.get(qn("w:ilvl"), "0"))] = self._level(lvl)
            abstract[element.get(qn("w:abstractNumId"))] = levels
        for num in numbering.findall(qn("w:num")):
            abstract_id = num.find(qn("w:abstractNumId"))
            abstract_key = abstract_id.get(qn("w:val")) if abstract_id is not None else None
            levels = dict(abstract.get(abstract_key, {}))
            num_key = num.get(qn("w:numId"))
            self.abstract_of[num_key] = abstract_key or num_key
            for override in num.findall(qn("w:lvlOverride")):
                ilvl = int(override.get(qn("w:ilvl"), "0"))
                lvl = override.find(qn("w:lvl"))
                if lvl is not None:
                    levels[ilvl] = self._level(lvl)
                start = override.find(qn("w:startOverride"))
                if start is not None and ilvl in levels:
                    levels[ilvl] = {**levels[ilvl], "start": int(start.get(qn("w:val"), "1"))}
                    self.restarts.add(num_key)
            self.levels[num.get(qn("w:numId"))] = levels

    @staticmethod
    def _level(lvl) -> dict:
        def value(tag: str, default: str) -> str:
            element = lvl.find(qn(tag))
            return element.get(qn("w:val"), default) if element is not None else default

        return {
            "fmt": value("w:numFmt", "decimal"),
            "text": value("w:lvlText", "%1."),
            "start": int(value("w:start", "1") or 1),
        }

    def label(self, num_id: str, ilvl: int) -> str | None:
        levels = self.levels.get(num_id)
        if not levels or ilvl not in levels:
            return None
        key = self.abstract_of.get(num_id, num_id)
        if num_id in self.restarts:
            self.restarts.discard(num_id)
            self.counters[key] = {}
        counters = self.counters.setdefault(key, {})
        level = levels[ilvl]
        counters[ilvl] = counters.get(ilvl, level["start"] - 1) + 1
        for deeper in [k for k in counters if k > ilvl]:
            del counters[deeper]
        if level["fmt"] == "bullet":
            return _bullet(level["text"])
        if level["fmt"] == "none":
            return None

        def substitute(match: re.Match) -> str:
            index = int(match.group(1)) - 1
            if index not in levels:
                return ""
            number = counters.get(index, levels[index]["start"])
            return _format(number, levels[index]["fmt"])

        return re.sub(r"%(\d)", substitute, level["text"]).strip() or None


def _paragraph_text(paragraph) -> str:
    """The paragraph's text with line and page breaks as newlines (python-docx drops page breaks)."""
    parts = []
    runs = paragraph.xpath(
        "./w:r | ./w:hyperlink/w:r | ./w:ins/w:r | ./w:smartTag/w:r | ./w:sdt/w:sdtContent/w:r"
        " | ./w:fldSimple/w:r | ./w:customXml/w:r"
    )
    for run in runs:
        for child in run:
            tag = child.tag
            if tag == qn("w:t"):
                parts.append(child.text or "")
            elif tag == qn("w:tab"):
                parts.append("\t")
            elif tag in (qn("w:br"), qn("w:cr")):
                parts.append("\n")
            elif tag == qn("w:noBreakHyphen"):
                parts.append("-")
    return "".join(parts)


def _num_pr(paragraph, styles) -> tuple[str, int] | None:
    """(numId, ilvl) of a paragraph: its own numbering, else its style's (following basedOn)."""
    p_pr = paragraph.pPr
    if p_pr is not None and p_pr.numPr is not None:
        num_id = p_pr.numPr.numId
        ilvl = p_pr.numPr.ilvl
        if num_id is not None:
            return str(num_id.val), int(ilvl.val) if ilvl is not None else 0
    style_id = p_pr.pStyle.val if p_pr is not None and p_pr.pStyle is not None else None
    seen = set()
    while style_id and style_id not in seen:
        seen.add(style_id)
        style = styles.get(style_id)
        if style is None:
            break
        s_pr = style.find(qn("w:pPr"))
        num_pr = s_pr.find(qn("w:numPr")) if s_pr is not None else None
        if num_pr is not None:
            num_id = num_pr.find(qn("w:numId"))
            ilvl = num_pr.find(qn("w:ilvl"))
            if num_id is not None:
                return num_id.get(qn("w:val")), int(ilvl.get(qn("w:val"))) if ilvl is not None else 0
        based = style.find(qn("w:basedOn"))
        style_id = based.get(qn("w:val")) if based is not None else None
    return None


def _heading_level(paragraph, styles) -> int | None:
    p_pr = paragraph.pPr
    style_id = p_pr.pStyle.val if p_pr is not None and p_pr.pStyle is not None else None
    style = styles.get(style_id) if style_id else None
    name = ""
    if style is not None:
        name_element = style.find(qn("w:name"))
        name = name_element.get(qn("w:val"), "") if name_element is not None else ""
    match = re.fullmatch(r"(?i)heading\s*([1-3])", name or style_id or "")
    return int(match.group(1)) if match else None


class _Reader:
    def __init__(self, document):
        self.document = document
        self.numbering = _Numbering(document)
        self.styles = {
            style.get(qn("w:styleId")): style for style in document.styles.element.findall(qn("w:style"))
        }
        self.headings = [0, 0, 0]
        self.lines: list[str] = []
        self.tables: list[TaskTable] = []
        self.started = False

    def paragraph(self, paragraph) -> None:
        text = _paragraph_text(paragraph)
        stripped = text.strip()
        label = None
        num = _num_pr(paragraph, self.styles)
        if num is not None and num[0] != "0" and stripped:
            label = self.numbering.label(*num)
        level = _heading_level(paragraph, self.styles)
        if (
            level is not None
            and stripped
            and label is None
            and not _HAS_LABEL.match(stripped)
            and fold(stripped) not in _TYPE_NAMES
            and self._body_started()
        ):
            self.headings[level - 1] += 1
            for deeper in range(level, 3):
                self.headings[deeper] = 0
            if level == 1:
                label = f"{_roman(self.headings[0])}."
            elif level == 2:
                label = f"{self.headings[1]}."
            else:
                label = f"{self.headings[1]}.{self.headings[2]}."
        if label and not _HAS_LABEL.match(stripped):
            text = f"{label} {stripped}"
        self.lines.append(text)
        self.lines.append("")
        if not self.started and len(text.split()) >= 8 and any(ch.islower() for ch in text):
            self.started = True

    def _body_started(self) -> bool:
        """True once a sentence of running text has been read: headings before it belong to the header."""
        return self.started

    def blocks(self, parent) -> None:
        for child in parent.iterchildren():
            if child.tag == qn("w:p"):
                self.paragraph(child)
            elif child.tag == qn("w:tbl"):
                self.table(child)
            elif child.tag == qn("w:sdt"):
                content = child.find(qn("w:sdtContent"))
                if content is not None:
                    self.blocks(content)

    def table(self, table) -> None:
        saved = copy.deepcopy((self.numbering.counters, self.numbering.restarts))
        rows = [_row_cells(row, self._cell_text) for row in table.findall(qn("w:tr"))]
        found = task_table(rows)
        if found is None:  # a layout table: its paragraphs are read as text below, numbered once
            self.numbering.counters, self.numbering.restarts = saved
        if found is not None:
            found.heading = self._heading_before()
            if not found.heading and self.started:
                self.lines += [anchor(len(self.tables)), ""]  # a table in the body, under its heading
            self.tables.append(found)
            return
        for row in table.findall(qn("w:tr")):
            for cell in row.findall(qn("w:tc")):
                self.blocks(cell)
                self.lines.append("")

    def _cell_text(self, cell) -> str:
        """A table cell's paragraphs, one a line, each with the number or bullet Word gives it (an STT column
        numbered by Word holds its numbers only in numbering.xml)."""
        paragraphs = []
        for paragraph in cell.iter(qn("w:p")):
            text = _paragraph_text(paragraph).strip()
            num = _num_pr(paragraph, self.styles) if text or paragraph.pPr is not None else None
            label = self.numbering.label(*num) if num is not None and num[0] != "0" else None
            if label and not _HAS_LABEL.match(text):
                text = f"{label} {text}".strip()
            if text:
                paragraphs.append(text)
        return "\n".join(paragraphs)

    def _heading_before(self) -> list[str]:
        """The appendix's title lines just before a task table ("PHỤ LỤC", its name, "(Kèm theo ...)"), taken
        out of the text."""
        filled = [index for index, line in enumerate(self.lines) if line.strip()][-4:]
        start = next((i for i in filled if fold(self.lines[i]).strip().startswith("phu luc")), None)
        if start is None:
            return []
        heading = [line.strip() for line in self.lines[start:] if line.strip()]
        del self.lines[start:]
        return heading


def _row_cells(row, cell_text) -> list[str | None]:
    """A table row's cells by grid column: a cell merged across columns, then None for each column it
    covers; a cell continuing a vertical merge is empty."""
    cells: list[str | None] = []
    for cell in row.findall(qn("w:tc")):
        properties = cell.find(qn("w:tcPr"))
        span, continued = 1, False
        if properties is not None:
            grid_span = properties.find(qn("w:gridSpan"))
            if grid_span is not None:
                span = int(grid_span.get(qn("w:val"), "1") or 1)
            merge = properties.find(qn("w:vMerge"))
            continued = merge is not None and merge.get(qn("w:val"), "continue") == "continue"
        cells.append("" if continued else cell_text(cell))
        cells.extend([None] * (span - 1))
    return cells


def docx_read(*, source, name: str = "") -> DocumentText:
    """The text of a .docx (a path, a file object or its bytes) and its task tables."""
    if isinstance(source, bytes | bytearray):
        zip_check(bytes(source), name=name)
        source = io.BytesIO(source)
    try:
        document = docx.Document(source)
    except Exception as error:  # a damaged package: python-docx raises several kinds
        raise PlanReadError(_("“%(name)s” could not be read as a Word document.") % {"name": name}) from error
    reader = _Reader(document)
    reader.blocks(document.element.body)
    return DocumentText(text="\n".join(reader.lines), tables=reader.tables)


def docx_read_text(*, source) -> str:
    """The text of a .docx (a path, a file object or its bytes), one paragraph a line, blank lines between."""
    return docx_read(source=source).text
