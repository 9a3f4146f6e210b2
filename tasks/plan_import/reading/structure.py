"""Lines → blocks → sections and tasks.

Blocks: a line starting with a mark opens a block (``I.``/``I-``/``I –``/``I/`` roman, ``1.``/``1)``/``1/``/
``1.1``/``2.1.`` arabic, ``a)``/``a.``/``a/`` letters, ``-``/``+``/``*``/``•`` and look-alike bullets); a line without
one continues the block before it when the sentence runs on (it starts in lower case, the line before ends
without a full stop, or the text is hard-wrapped and the line before reaches the wrap width), else it is a
paragraph of its own. ``Thời gian thực hiện: ...``, ``Chủ trì: ...``, ``Phối hợp: ...``, ``Địa điểm: ...``
lines, with or without a bullet before them, and a deadline in parentheses on a line of its own (``(Thực hiện
thường xuyên)``) belong to the block above them, and end its text.

Sections from the numbering: parts ``A.``, ``B.`` (a capital letter before a title in capitals), roman, then arabic (dots give the depth), then letters. Bullets take their
nesting level from the order in which the markers first appear in a section. Tasks: in a section with
bullets each bullet is a task and its other paragraphs are section text; in a section without bullets or
subsections each paragraph is a task; a numbered or lettered item that is a single paragraph (nothing under
it) is one task in a section whose title is empty. A bullet ending with ``:`` followed by deeper bullets
introduces them: it goes to the section text and its deadline, if any, passes to them; a heading's own
deadline passes to its tasks that have none. A purpose section (MỤC ĐÍCH, YÊU CẦU, QUAN ĐIỂM, MỤC TIÊU, CHỈ
TIÊU, KINH PHÍ) holds no tasks, and a paragraph that sends the reader to the appendix ("Các nhiệm vụ cụ thể
... tại Phụ lục kèm theo") is section text.
"""

import calendar
import datetime
import re
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from tasks.plan_import.reading.deadlines import (
    annotation_wording,
    find_wordings,
    inferred,
    split_on_annotations,
)
from tasks.plan_import.reading.tables import anchor_index, table_into
from tasks.plan_import.reading.text import ends_sentence, is_caps, is_ornament, starts_lower, strip_end
from tasks.plan_import.reading.text import fold as _fold
from tasks.plan_import.reading.units import addressee_of, task_units

_ROMAN = re.compile(r"^(?P<label>[IVX]{1,6})\s*(?:[.\-–):]|/(?=\s))\s*(?P<rest>.*)$")
_NUMBER = re.compile(
    r"^(?P<label>\d{1,2}(?:\.\d{1,2}){1,3})\.?\s*(?P<rest>\D.*)$"  # 2.1. / 2.1 / 1.2.3.
    r"|^(?P<label1>\d{1,2})\s*(?:[.)\-–]|/(?=\s))\s*(?P<rest1>\D.*)$"  # 1. / 1) / 1- / 1/
)
_LETTER = re.compile(r"^(?P<label>[a-zđ])\s*(?:\)|/\s|\.\s)\s*(?P<rest>\S.*)$")
_BULLET = re.compile(r"^(?P<marker>[-+•●▪◦○■□➢►✓*–—−\uf0b7\uf0a7\uf0d8])\s*(?P<rest>.*)$")
_BULLET_CANON = {"–": "-", "—": "-", "−": "-", "\uf0b7": "•", "\uf0a7": "▪", "\uf0d8": "➢"}
# "A. MỤC TIÊU", "B. NHIỆM VỤ, GIẢI PHÁP": parts above the roman headings (a capital letter, not a roman one,
# before a title in capitals).
_PART = re.compile(r"^(?P<label>[A-HJ-UWYZĐ])\s*[.\-–)]\s+(?P<rest>\S.*)$")
_VALID_ROMAN = re.compile(r"^(?:X{0,3})(?:IX|IV|V?I{0,3})$")
_ANNOTATION_LINE = re.compile(
    r"^(?:thoi gian|thoi han|tien do|han hoan thanh|(?:don vi|co quan)?\s*(?:chu tri|phoi hop|thuc hien)"
    r"|don vi|co quan|dia diem|thanh phan)[^:\n]{0,30}:"
)
_APPENDIX_POINTER = re.compile(
    r"\bphu luc\b.{0,40}\b(?:kem theo|dinh kem)\b|\b(?:kem theo|dinh kem)\b.{0,20}\bphu luc\b"
)
_NOTE = re.compile(r"\((?P<content>[^()]{3,120})\)\s*[.;]?")
_NON_TASK_TITLES = ("muc dich", "yeu cau", "quan diem", "muc tieu", "chi tieu", "kinh phi")
HEADINGS = ("part", "roman", "number", "letter")


@dataclass
class Block:
    kind: str  # roman, number, letter, bullet, para
    label: str  # the section label, or the bullet marker
    text: str


@dataclass
class Node:
    kind: str
    label: str
    heading: str
    rank: int
    body: list[Block] = field(default_factory=list)
    children: list["Node"] = field(default_factory=list)


def classify(line: str) -> Block:
    match = _ROMAN.match(line)
    if match and _VALID_ROMAN.match(match["label"]):
        return Block("roman", match["label"], match["rest"].strip())
    match = _PART.match(line)
    if match and is_caps(match["rest"]):
        return Block("part", match["label"], match["rest"].strip())
    match = _NUMBER.match(line)
    if match:
        if match["label"]:
            return Block("number", match["label"], match["rest"].strip())
        return Block("number", match["label1"], match["rest1"].strip())
    match = _LETTER.match(line)
    if match:
        return Block("letter", match["label"], match["rest"].strip())
    match = _BULLET.match(line)
    if match and match["rest"].strip():
        marker = _BULLET_CANON.get(match["marker"], match["marker"])
        return Block("bullet", marker, match["rest"].strip())
    return Block("para", "", line)


def is_heading_line(line: str) -> bool:
    return classify(line).kind in ("part", "roman", "number")


def is_annotation_line(line: str) -> bool:
    return bool(_ANNOTATION_LINE.match(_fold(line)))


def is_deadline_note(line: str) -> bool:
    """ "(Thực hiện thường xuyên)", "(Thời gian: Quý II/2024)": a deadline in parentheses on a line of its own,
    which belongs to the item above it."""
    match = _NOTE.fullmatch(line.strip())
    return match is not None and annotation_wording(match["content"], 0) is not None


def rank(block: Block) -> int:
    if block.kind == "part":
        return 0
    if block.kind == "roman":
        return 1
    if block.kind == "number":
        return 2 + block.label.count(".")
    return 20


def wrap_width(lines: list[str]) -> int | None:
    """The width a hard-wrapped text (copied from a PDF, saved with line breaks) is wrapped at, or None."""
    lengths = sorted(len(line) for line in lines if len(line) > 20)
    if len(lengths) < 8:
        return None
    width = lengths[int(len(lengths) * 0.9)]
    near = sum(1 for length in lengths if width * 0.85 <= length <= width * 1.1)
    return width if width <= 140 and near >= len(lengths) * 0.35 else None


def render(block: Block) -> str:
    """A block as text, its mark kept: "- ...", "a) ...", "2.1. ..."."""
    if block.kind == "bullet":
        return f"{block.label} {block.text}"
    if block.kind == "letter":
        return f"{block.label}) {block.text}"
    if block.kind in ("part", "roman", "number"):
        return f"{block.label}. {block.text}"
    return block.text


class _Open:
    """The block being read: its lines kept in a list, joined once (a long paragraph stays linear)."""

    def __init__(self, block: Block):
        self.block = block
        self.parts = [block.text] if block.text else []
        self.last_line = block.text
        self.detail = (
            False  # its last line is a detail ("Thời gian: ...", "(thường xuyên)"): its text has ended
        )

    def add(self, line: str, separator: str, *, detail: bool = False) -> None:
        if self.parts:
            self.parts.append(separator)
        self.parts.append(line)
        self.last_line = line
        self.detail = detail

    def close(self) -> Block:
        self.block.text = "".join(self.parts)
        return self.block


def _joins(previous: _Open, line: str, blank: bool, width: int | None) -> bool:
    """Whether `line` (a paragraph line) continues the block before it."""
    last = previous.last_line
    if previous.detail:
        return starts_lower(line) and not ends_sentence(last)  # only the detail's own value runs on
    if starts_lower(line):
        if not ends_sentence(last):
            return True
        if (
            not blank
            and last.rstrip().endswith((";", ",", ":"))
            and previous.block.kind not in ("part", "roman")
        ):
            return True  # a line break (Shift+Enter) after a semicolon inside an item
    if blank:
        return False
    if last.endswith((",", "(", "“", "-", "–")):
        return True
    if ends_sentence(last):
        return False
    if previous.block.kind in ("bullet", "para"):
        return True
    return width is not None and len(last) >= width * 0.85 and len(previous.parts) > 0


def blocks_of(lines: list[str], *, tables: int = 0) -> list[Block]:
    """The text's blocks, in order; the anchor of one of the `tables` task tables is a block of its own."""
    blocks: list[Block] = []
    current: _Open | None = None
    blank = False
    width = wrap_width(lines)
    for line in lines:
        if not line:
            blank = True
            continue
        table = anchor_index(line, tables)
        if table is not None:
            if current is not None:
                blocks.append(current.close())
            blocks.append(Block("table", str(table), ""))
            current, blank = None, True
            continue
        if is_ornament(line):
            continue
        block = classify(line)
        if current is not None and block.kind == "bullet" and is_annotation_line(block.text):
            current.add(block.text, "\n", detail=True)  # "- Thời gian thực hiện: ...": a detail, not a task
            blank = False
            continue
        if current is not None and block.kind == "para":
            if is_annotation_line(line):
                current.add(line, "\n", detail=True)
                blank = False
                continue
            if not current.parts and current.block.kind in HEADINGS:
                current.add(line, "")  # "II." on one line, its title on the next
                blank = False
                continue
            if _joins(current, line, blank, width):
                current.add(line, " ")
                blank = False
                continue
            if is_deadline_note(line):
                current.add(line, "\n", detail=True)
                blank = False
                continue
        if current is not None:
            blocks.append(current.close())
        current = _Open(block)
        blank = False
    if current is not None:
        blocks.append(current.close())
    return blocks


def is_appendix_pointer(text: str) -> bool:
    """ "Các nhiệm vụ cụ thể ... tại Phụ lục kèm theo": the tasks are elsewhere, this is not one."""
    return bool(_APPENDIX_POINTER.search(_fold(text))) and len(text) < 300


def is_purpose_title(title: str) -> bool:
    return _fold(title).lstrip(" -").startswith(_NON_TASK_TITLES)


def tree_of(blocks: list[Block]) -> list[Node]:
    root = Node("root", "", "", -1)
    stack = [root]
    for block in blocks:
        if block.kind in HEADINGS:
            block_rank = rank(block)
            while stack[-1].rank >= block_rank:
                stack.pop()
            node = Node(block.kind, block.label, block.text, block_rank)
            stack[-1].children.append(node)
            stack.append(node)
        else:
            stack[-1].body.append(block)
    if root.body:
        # Text before the first heading that the preamble did not take (a plan without numbering).
        root.children.insert(0, Node("para", "", "", 0, body=root.body))
    return root.children


class SectionReader:
    """The sections-and-tasks step of the plan reader (mixed into tasks/plan_import/reading/parse.py)."""

    def section(self, node: Node, purpose: bool, addressee: str | None, inherited: dict | None) -> dict:
        lone = node.kind in ("number", "letter") and not node.body and not node.children
        heading_lines = node.heading.split("\n")
        if not purpose and not lone and is_purpose_title(heading_lines[0]):
            purpose = True
        text_parts: list[str] = []
        tasks: list[dict] = []
        if lone:
            title = ""
            if purpose or is_appendix_pointer(node.heading):
                text_parts.append(node.heading)
            else:
                tasks += self.tasks(node.heading, addressee, inherited)
        else:
            title = heading_lines[0]
            if len(heading_lines) > 1:
                text_parts.append("\n".join(heading_lines[1:]))
            heading_deadline = self.heading_deadline(node.heading)
            if heading_deadline is not None:
                inherited = heading_deadline
            named = (
                addressee_of(heading_lines[0], heading=True) if node.kind not in ("part", "roman") else None
            )
            addressee = named or addressee
            if purpose:
                text_parts += [render(block) for block in node.body]
            elif any(block.kind == "bullet" for block in node.body):
                tasks += self.bullet_tasks(node.body, text_parts, addressee, inherited)
            elif node.children or any(block.kind == "table" for block in node.body):
                text_parts += [block.text for block in node.body]
            else:
                for block in node.body:
                    if is_appendix_pointer(block.text):
                        text_parts.append(block.text)
                    else:
                        tasks += self.tasks(block.text, addressee, inherited)
        found = {
            "label": node.label,
            "title": title,
            "text": "\n".join(part for part in text_parts if part),
            "sections": [],
            "tasks": tasks,
        }
        for block in node.body:
            if block.kind == "table" and not purpose:
                table_into(self.tables[int(block.label)], found, self)
                self.placed_tables.add(int(block.label))
        found["sections"] += [self.section(child, purpose, addressee, inherited) for child in node.children]
        return found

    @staticmethod
    def heading_deadline(heading: str) -> dict | None:
        wordings = find_wordings(heading)
        return wordings[0].deadline if wordings and wordings[0].warning is None else None

    def bullet_tasks(self, body: list[Block], text_parts: list[str], addressee, inherited) -> list[dict]:
        levels: list[str] = []
        for block in body:
            if block.kind == "bullet" and block.label not in levels:
                levels.append(block.label)
        bullets = [index for index, block in enumerate(body) if block.kind == "bullet"]
        next_bullet = {here: there for here, there in zip(bullets, bullets[1:], strict=False)}
        tasks: list[dict] = []
        intro_deadline: dict[int, dict | None] = {}
        for index, block in enumerate(body):
            if block.kind != "bullet":
                text_parts.append(block.text)
                continue
            level = levels.index(block.label)
            following = body[next_bullet[index]] if index in next_bullet else None
            for deeper in [k for k in intro_deadline if k >= level]:
                del intro_deadline[deeper]
            own_inherited = next(
                (intro_deadline[k] for k in sorted(intro_deadline, reverse=True) if intro_deadline[k]),
                inherited,
            )
            if (
                following is not None
                and levels.index(following.label) > level
                and strip_end(block.text, " ").endswith(":")
            ):
                text_parts.append(render(block))
                intro_deadline[level] = self.heading_deadline(block.text)
                continue
            tasks += self.tasks(block.text, addressee, own_inherited)
        return tasks

    def in_plan_year(self, deadline: dict) -> dict:
        """A day or month written without its year ("trước ngày 15/4"): the first one on or after the plan's
        date, with a warning; without the plan's date, left for the person to set."""
        month, day, before = deadline.pop("yearless")
        issued = self.document.get("issued_on")
        if not issued:
            self.warn(
                _(
                    "“%(wording)s” has no year and the plan's date was not found; the deadline was left for you to set."
                )
                % {"wording": deadline["source"]}
            )
            return {**inferred(), "source": deadline["source"]}
        issued_on = datetime.date.fromisoformat(str(issued))
        if before:  # "trước tháng 6": the end of May
            month = 12 if month == 1 else month - 1
        for year in (issued_on.year, issued_on.year + 1):
            last = calendar.monthrange(year, month)[1]
            due = datetime.date(year, month, min(day, last) if day else last)
            if due >= issued_on:
                break
        self.warn(
            _(
                "“%(wording)s” has no year: it was read as %(date)s, the first such day after the plan's date; check it."
            )
            % {"wording": deadline["source"], "date": due.strftime("%d/%m/%Y")}
        )
        return {**deadline, "due_on": due.isoformat()}

    def tasks(self, text: str, addressee: str | None, inherited: dict | None) -> list[dict]:
        own_subject = addressee_of(text)
        return [self.task(part, own_subject, addressee, inherited) for part in split_on_annotations(text)]

    def task(self, part: str, own_subject: str | None, addressee: str | None, inherited: dict | None) -> dict:
        wordings = find_wordings(part)
        for wording in wordings:
            if wording.warning:
                self.warn(wording.warning)
        explicit = [w for w in wordings if w.explicit]
        chosen = explicit[0] if explicit else (wordings[0] if wordings else None)
        distinct = {(w.deadline["kind"], w.deadline["due_on"], w.deadline["trigger"]) for w in explicit}
        if len(distinct) > 1:
            self.warn(
                _("“%(text)s…” has several deadlines (%(wordings)s); the first was kept.")
                % {"text": part[:60], "wordings": "; ".join(w.deadline["source"] or "" for w in explicit)}
            )
        if chosen is not None:
            deadline = dict(chosen.deadline)
        elif inherited is not None:
            deadline = dict(inherited)
        else:
            deadline = inferred()
        if "yearless" in deadline:
            deadline = self.in_plan_year(deadline)
        lead, coordinating, assignees = task_units(part)
        if not assignees:
            subject = own_subject if not lead or own_subject not in lead else None
            if subject:
                assignees = [subject]
            elif addressee:
                assignees = [addressee]
        return {
            "text": part,
            "deadline": deadline,
            "lead": lead,
            "coordinating": coordinating,
            "assignees": assignees,
        }
