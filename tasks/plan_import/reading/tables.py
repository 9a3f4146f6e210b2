"""Task tables: a plan's tasks laid out as STT | Nội dung | Cơ quan chủ trì | Cơ quan phối hợp | Thời gian, as
offices put them in an appendix (Phụ lục) of a Word or PDF file.

The columns are recognised by their header, wherever they stand; a header row repeated on each page is read
once; a row that holds only a roman numeral or a letter and a title (merged across the other columns or not)
opens a group; every other row with content is a task: its number from the STT column, its text from the
content column (several paragraphs kept, one a line), its lead and coordinating units and its deadline from
their columns. A table in an appendix becomes a section ``PL`` (its groups subsections, each task a section
numbered by its STT), so that a task of group II numbered 4 is ``PL.II.4``. A table that stands in the body,
under a heading, is marked in the text by an anchor line (``anchor``) and read into the section it stands in:
the third row of a table under "1." of part II is ``II.1.3``.
"""

import re
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from tasks.plan_import.reading.deadlines import column_deadline, find_wordings, inferred
from tasks.plan_import.reading.text import fold, strip_end

_ROLES = (
    ("number", re.compile(r"^(?:stt|tt|so tt|so thu tu)$")),
    ("coordinating", re.compile(r"phoi hop")),
    (
        "lead",
        re.compile(
            r"chu tri|(?:co quan|don vi|nguoi|bo phan|luc luong|ca nhan) (?:thuc hien|chiu trach nhiem|phu trach)"
            r"|phan cong"
        ),
    ),
    ("time", re.compile(r"thoi gian|thoi han|tien do|^han\b|moc")),
    ("content", re.compile(r"noi dung|nhiem vu|cong viec|ten (?:de an|van ban)|^viec")),
)
_GROUP_LABEL = re.compile(r"^(?P<label>[IVX]{1,6}|[A-ZĐ])\s*[.\-–):]?$")
_GROUP_TEXT = re.compile(r"^(?P<label>[IVX]{1,6}|[A-ZĐ])\s*[.\-–):]\s+(?P<title>\S.*)$", re.S)
_STT = re.compile(r"^(?P<label>\d{1,3}(?:\.\d{1,3})*)\s*[.)]?$")
# The line that stands for a task table where it stood in the body: a private-use character and its index.
_ANCHOR = "\ue000"
_ANCHOR_LINE = re.compile(_ANCHOR + r"(?P<index>\d{1,4})")


def anchor(index: int) -> str:
    """The text line that stands for the task table `index` where it stood in the body."""
    return f"{_ANCHOR}{index}"


def anchor_index(line: str, count: int) -> int | None:
    """The index of the task table `line` stands for (when there are `count` tables), else None."""
    match = _ANCHOR_LINE.fullmatch(line.strip()) if _ANCHOR in line else None
    index = int(match["index"]) if match else None
    return index if index is not None and index < count else None


@dataclass
class TableRow:
    kind: str  # "group" or "task"
    label: str
    text: str
    lead: list[str] = field(default_factory=list)
    coordinating: list[str] = field(default_factory=list)
    time: str = ""


@dataclass
class TaskTable:
    heading: list[str]
    rows: list[TableRow]


@dataclass
class DocumentText:
    """What a file reader returns: the text, one paragraph a line, and the task tables read beside it."""

    text: str
    tables: list[TaskTable] = field(default_factory=list)


def _roles(header: list[str]) -> dict[str, int]:
    roles: dict[str, int] = {}
    for index, cell in enumerate(header):
        folded = re.sub(r"\s+", " ", fold(cell or "")).strip(" .:")
        for role, pattern in _ROLES:
            if role not in roles and pattern.search(folded):
                roles[role] = index
                break
    return roles


def _names(cell: str) -> list[str]:
    pieces = re.split(r"\s*[;\n]\s*", cell or "")
    return [strip_end(piece) for piece in pieces if strip_end(piece)]


def task_table(rows: list[list[str | None]], *, heading: list[str] | None = None) -> TaskTable | None:
    """The table of tasks in `rows` (each a list of cell texts, paragraphs one a line; None for a cell merged
    into the one before), or None when it is not one (a layout table, a table of figures)."""
    header_at = next((i for i, row in enumerate(rows[:3]) if _is_task_header(row)), None)
    if header_at is None:
        return None
    header = rows[header_at]
    roles = _roles(header)
    signature = [fold(cell or "").strip() for cell in header]
    table = TaskTable(heading=list(heading or []), rows=[])
    for row in rows[header_at + 1 :]:
        cells = [(cell or "").strip() for cell in row]
        if [fold(cell) for cell in cells] == signature or all(re.fullmatch(r"[\d()\s.]*", c) for c in cells):
            continue  # the header repeated on a new page, or the row of column numbers under it
        entry = _row(cells, roles)
        if entry is None:
            continue
        if entry.kind == "task" and not entry.label and table.rows and table.rows[-1].kind == "task":
            table.rows[-1].text += "\n" + entry.text  # a row broken across a page
            continue
        table.rows.append(entry)
    return table if any(entry.kind == "task" for entry in table.rows) else None


def table_continue(table: TaskTable, more: TaskTable) -> None:
    """`more` (the same table on the next page) added to `table`; a first row without its number is the end
    of the row broken across the page."""
    rows = list(more.rows)
    if rows and rows[0].kind == "task" and not rows[0].label and table.rows and table.rows[-1].kind == "task":
        last, rest = table.rows[-1], rows.pop(0)
        joiner = "\n" if last.text.rstrip()[-1:] in ".;:!?" else " "
        last.text = joiner.join(part for part in (last.text, rest.text) if part)
        last.lead += [name for name in rest.lead if name not in last.lead]
        last.coordinating += [name for name in rest.coordinating if name not in last.coordinating]
        last.time = " ".join(part for part in (last.time, rest.time) if part)
    table.rows.extend(rows)


def _is_task_header(row: list[str | None]) -> bool:
    roles = _roles([cell or "" for cell in row])
    return "content" in roles and ("lead" in roles or "time" in roles)


def _cell(cells: list[str], roles: dict[str, int], role: str) -> str:
    index = roles.get(role)
    return cells[index] if index is not None and index < len(cells) else ""


def _row(cells: list[str], roles: dict[str, int]) -> TableRow | None:
    filled = [cell for cell in cells if cell]
    if not filled:
        return None
    number, content = _cell(cells, roles, "number"), _cell(cells, roles, "content")
    others = [_cell(cells, roles, role) for role in ("lead", "coordinating", "time")]
    if len(filled) == 1:
        group = _GROUP_TEXT.match(filled[0])
        if group:
            return TableRow("group", group["label"], strip_end(group["title"]))
    if _GROUP_LABEL.match(number) and not any(others):
        title = content or next((cell for cell in cells if cell and cell != number), "")
        return TableRow("group", _GROUP_LABEL.match(number)["label"], strip_end(title))
    stt = _STT.match(number)
    if not content and not (stt and any(others)):
        return None  # (a numbered row without content is one whose content went on to the next page)
    return TableRow(
        "task",
        stt["label"] if stt else "",
        content,
        lead=_names(others[0]),
        coordinating=_names(others[1]),
        time=re.sub(r"\s+", " ", others[2]).strip(),
    )


def table_section(table: TaskTable, reader) -> dict:
    """The table as a section ``PL`` of the plan; `reader` (reading/parse.py) records warnings and references."""
    root = {
        "label": "PL",
        "title": table.heading[0] if table.heading else "PHỤ LỤC",
        "text": "\n".join(table.heading[1:]),
        "sections": [],
        "tasks": [],
    }
    table_into(table, root, reader)
    return root


def table_into(table: TaskTable, section: dict, reader) -> None:
    """The table's groups and tasks added to `section` (its sections and tasks)."""
    group = section
    for entry in table.rows:
        if entry.kind == "group":
            group = {"label": entry.label, "title": entry.text, "text": "", "sections": [], "tasks": []}
            section["sections"].append(group)
            continue
        if not entry.text:
            continue  # a numbered row whose content never came
        reader.references.scan(entry.text)
        task = _task(entry, reader)
        if entry.label:
            group["sections"].append(
                {"label": entry.label, "title": "", "text": "", "sections": [], "tasks": [task]}
            )
        else:
            group["tasks"].append(task)


def _task(entry: TableRow, reader) -> dict:
    task = reader.task(entry.text, None, None, None)
    wording = column_deadline(entry.time) if entry.time else None
    if wording is not None:
        if wording.warning:
            reader.warn(wording.warning)
        task["deadline"] = dict(wording.deadline)
    elif entry.time:
        task["deadline"] = {**inferred(), "source": entry.time}
        reader.warn(
            _("Could not read the deadline “%(wording)s”; the task was recorded as ongoing.")
            % {"wording": entry.time}
        )
    elif not find_wordings(entry.text):
        task["deadline"] = inferred()
    if entry.lead:
        task["lead"] = entry.lead
    if entry.coordinating:
        task["coordinating"] = entry.coordinating
    return task
