"""The text of a PDF plan (its text layer, through pdfplumber) in the line structure the reader takes.

Words are taken in the order the file draws them (a header laid out in two columns reads left cell, then
right) and grouped into lines; a line starts a new paragraph when it is indented (the first line of a
paragraph), starts with a list mark, or follows a wider gap; other lines continue the paragraph, across a page
break too, and a line under a list mark's text (a hanging indent) continues its item. Running headers and
footers (a line near the top or bottom edge that comes back on other pages, digits aside) and page numbers
are dropped. Ruled tables are read by cell; a task table (reading/tables.py)
is returned beside the text, with the "PHỤ LỤC" lines just above it as its heading, or else an anchor line
where it stands in the body (reading/tables.py); a table continued on the next page is one table, and a row
broken across the page one row (its side rules' ends close it). A PDF without a text layer (a scan) is refused with a message that says so.
"""

import io
import re
from collections import Counter

from django.utils.translation import gettext as _

from tasks.plan_import.reading.limits import MAX_CHARACTERS, MAX_PAGES, PlanReadError, characters_check
from tasks.plan_import.reading.tables import DocumentText, anchor, anchor_index, table_continue, task_table
from tasks.plan_import.reading.text import TERMINAL, fold

_MARK = re.compile(
    r"^(?:[IVX]{1,6}\s*(?:[.\-–]|/\s)|\d{1,2}(?:\.\d{1,2})+\.?\s|\d{1,2}[.)\-]\s?|\d{1,2}/\s|[a-zđ][.)/]\s|[-+•*–]\s)"
)
_PAGE_NUMBER = re.compile(r"^(?:trang\s*)?[-–(]?\s*\d{1,4}\s*(?:/\s*\d{1,4})?\s*[-–)]?$")
_EDGE = 0.09  # the top and bottom bands of a page where running headers and footers stand


def _lines(page, tables) -> list[dict]:
    """The page's text lines outside its task tables: text, x0, top, bottom, size."""
    boxes = [table.bbox for table in tables]

    def outside(obj) -> bool:
        x = (obj.get("x0", 0) + obj.get("x1", 0)) / 2
        y = (obj.get("top", 0) + obj.get("bottom", 0)) / 2
        return not any(x0 <= x <= x1 and top <= y <= bottom for x0, top, x1, bottom in boxes)

    words = page.filter(outside).extract_words(use_text_flow=True, extra_attrs=["size"])
    lines: list[dict] = []
    for word in words:
        line = lines[-1] if lines else None
        same = (
            line is not None
            and abs(word["top"] - line["top"]) < word["size"] * 0.5
            and word["x0"] >= line["x1"] - 1
        )
        if same:
            line["words"].append(word["text"])
            line["x1"] = word["x1"]
        else:
            lines.append(
                {**{k: word[k] for k in ("x0", "x1", "top", "bottom", "size")}, "words": [word["text"]]}
            )
    for line in lines:
        line["text"] = " ".join(line.pop("words"))
    return lines


def _running(pages: list[tuple[float, list[dict]]]) -> set[str]:
    """Texts (digits folded) that stand near the top or bottom edge of more than one page."""
    seen: Counter = Counter()
    for height, lines in pages:
        keys = {_key(line["text"]) for line in lines if _at_edge(line, height)}
        seen.update(keys)
    return {key for key, count in seen.items() if count > 1}


def _key(text: str) -> str:
    return re.sub(r"\d+", "#", fold(text).strip())


def _at_edge(line: dict, height: float) -> bool:
    return line["top"] < height * _EDGE or line["bottom"] > height * (1 - _EDGE)


def _paragraphs(pages: list[tuple[float, list[dict]]]) -> list[str]:
    running = _running(pages)
    paragraphs: list[list[str]] = []
    for height, lines in pages:
        body = [
            line
            for line in lines
            if line["size"] == 1  # a table's anchor
            or not (
                _at_edge(line, height) and (_key(line["text"]) in running or _PAGE_NUMBER.match(line["text"]))
            )
        ]
        text_lines = [line for line in body if line["size"] != 1]
        left = min((line["x0"] for line in text_lines), default=0)
        right = max((line["x1"] for line in text_lines), default=0)
        previous = None
        for line in body:
            if line["size"] == 1 or (previous is not None and previous["size"] == 1):
                paragraphs.append([line["text"]])  # a table's anchor, and what follows it, stand apart
            elif not paragraphs or _starts_paragraph(line, previous, (left, right), paragraphs[-1][-1]):
                paragraphs.append([line["text"]])
            else:
                paragraphs[-1].append(line["text"])
            previous = line
    return [" ".join(parts) for parts in paragraphs]


def _starts_paragraph(line: dict, previous: dict | None, edges: tuple[float, float], last_text: str) -> bool:
    """Whether `line` opens a paragraph: `previous` is the line before on the page (None at its top), `edges`
    the page's text margins, `last_text` the last line of the paragraph being read."""
    text, size = line["text"], line["size"]
    left, right = edges
    ends = last_text.rstrip(" )”\"'*")[-1:] in TERMINAL
    if _MARK.match(text):
        return True
    if text[:1].islower() and not ends:
        return False
    if (
        previous is not None
        and not ends
        and previous["x1"] >= right - size * 2
        and line["x0"] >= previous["x0"] - 1
        and line["x0"] > left + size * 0.4
        and line["top"] - previous["bottom"] <= size * 0.9
    ):
        return False  # a hanging indent: the list mark stands out, the wrapped lines align with its text
    if line["x0"] > left + size * 0.4:
        return True
    if previous is None:
        return ends  # the first line of a page: a sentence that ended on the page before ended its paragraph
    if line["top"] - previous["bottom"] > size * 0.9:
        return True
    return previous["x1"] < right - size * 2  # the line before stopped short of the margin: a paragraph's end


def _cell(text: str | None) -> str | None:
    """A table cell's text: lines wrapped by the layout joined, a line after a full stop kept."""
    if text is None:
        return None
    out = ""
    for line in text.split("\n"):
        line = line.strip()
        if not line:
            continue
        out += ("\n" if out and out.rstrip()[-1:] in ".;!?" else " " if out else "") + line
    return out


def pdf_read(*, data: bytes, name: str) -> DocumentText:
    try:
        return _pdf_read(data, name)
    except PlanReadError:
        raise
    except Exception as error:  # a damaged file: pdfminer raises many kinds
        raise PlanReadError(_("“%(name)s” could not be read as a PDF file.") % {"name": name}) from error


def _pdf_read(data: bytes, name: str) -> DocumentText:
    import pdfplumber

    with pdfplumber.open(io.BytesIO(data)) as pdf:
        if len(pdf.pages) > MAX_PAGES:
            raise PlanReadError(
                _("“%(name)s” has %(count)d pages, more than the %(limit)d a plan may have.")
                % {"name": name, "count": len(pdf.pages), "limit": MAX_PAGES}
            )
        pages, tables, read = [], [], 0
        for page in pdf.pages:
            found = [table for table in page.find_tables(_settings(page)) if table.rows]
            before = len(tables)
            task_tables = _page_tables(found, tables)
            lines = _lines(page, task_tables)
            for index in range(before, len(tables)):  # where each new table starts, as a line of its own
                top = next(t.bbox[1] for t in task_tables if t.bbox == tables[index][2])
                at = next((i for i, line in enumerate(lines) if line["top"] > top), len(lines))
                lines.insert(
                    at, {"text": anchor(index), "x0": 0, "x1": 0, "top": top, "bottom": top, "size": 1}
                )
            pages.append((page.height, lines))
            read += sum(len(line["text"]) for line in lines)
            if read > MAX_CHARACTERS:
                break
    paragraphs = _paragraphs(pages)
    text = "\n\n".join(paragraphs)
    if not text.strip() and not tables:
        raise PlanReadError(
            _(
                "“%(name)s” has no text to read: it is a scan (pictures of the pages). Upload the Word file, "
                "or a PDF saved from Word, or paste the text."
            )
            % {"name": name}
        )
    _take_headings(paragraphs, tables)
    return DocumentText(
        text=characters_check("\n\n".join(paragraphs), name=name), tables=[entry[0] for entry in tables]
    )


def _settings(page) -> dict:
    """Table finding that closes a row broken across pages: its cells' side rules end at the page's text edge
    with no rule across, so the highest and lowest ends of the side rules count as rules."""
    sides = [edge for edge in page.edges if edge["orientation"] == "v"]
    if not sides:
        return {}
    return {"explicit_horizontal_lines": [min(e["top"] for e in sides), max(e["bottom"] for e in sides)]}


def _page_tables(found, tables: list) -> list:
    """Read the page's ruled tables into `tables` (TaskTable, its header row, the box where it starts); the
    task tables found."""
    task_tables = []
    for table in found:
        rows = [[_cell(cell) for cell in row] for row in table.extract()]
        parsed = task_table(rows)
        if parsed is None and tables and rows and len(rows[0]) == len(tables[-1][1]):
            parsed = task_table([tables[-1][1], *rows])  # continued from the page before, header not repeated
            if parsed is not None:
                table_continue(tables[-1][0], parsed)
                task_tables.append(table)
                continue
        if parsed is None:
            continue
        task_tables.append(table)
        if tables and [fold(c or "") for c in rows[0]] == [fold(c or "") for c in tables[-1][1]]:
            table_continue(tables[-1][0], parsed)  # the header repeated on the next page
        else:
            tables.append((parsed, rows[0], table.bbox))
    return task_tables


def _take_headings(paragraphs: list[str], tables: list[tuple]) -> None:
    """The appendix's "PHỤ LỤC" lines go with its table: the last such paragraph and those after it, when
    they are the end of the text (the table's anchor goes too: an appendix is a section of its own)."""
    if not tables:
        return
    for index in range(len(paragraphs) - 1, max(-1, len(paragraphs) - 6), -1):
        if fold(paragraphs[index]).strip().startswith("phu luc"):
            anchored = [anchor_index(p, len(tables)) for p in paragraphs[index:]]
            table = next((i for i in anchored if i is not None), 0)
            tables[table][0].heading = [
                p for p, i in zip(paragraphs[index:], anchored, strict=True) if i is None
            ]
            del paragraphs[index:]
            return
