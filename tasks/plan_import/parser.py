"""Reading a plan's text (kế hoạch) into the interchange format ("plantrack.plan/1", plan.schema.json).

A plain module: no database, no network. ``plan_parse(text=...)`` takes the text of a plan as the seed has it
(one paragraph a line, blank lines between paragraphs; ``tasks/plan_import/docx_text.py`` turns a .docx into the same
shape) and returns a dict that validates against the schema. Nothing is saved: a person reviews the result.

What it reads
- Header: the superior and issuing bodies (capital lines at the top), ``Số 62-KH/ĐUK`` (the plan's own
  symbol, never counted as a reference), the motto line, the place-date line (``Quy Nhơn, ngày 15 tháng 12 năm
  2023`` → ``place`` and ``document.issued_on``; null when absent), the type name (``KẾ HOẠCH``) and the
  paragraph after it: the title, whose citations are what the plan ``implements``.
- Preamble: everything between the title and the first numbered heading; its citations are the ``basis``.
- Sections from the numbering: ``I-``/``II.`` (roman), ``1.``/``2.1.`` (arabic, dots give the depth),
  ``a)`` (letters). Bullets ``-``, ``+``, ``•`` (and look-alikes) take their nesting level from the order in
  which the markers first appear in a section.
- Tasks (the granularity of the Foundation issue): in a section with bullets, each bullet is a task and its
  other paragraphs are section text; in a section without bullets or subsections, each paragraph is a task;
  a numbered item that is a single paragraph (no heading of its own, nothing under it) is one task in a
  section whose title is empty. A bullet ending with ``:`` followed by deeper bullets introduces them: it
  goes to the section text and its deadline, if any, passes to them. A purpose section (MỤC ĐÍCH, YÊU CẦU,
  also QUAN ĐIỂM, MỤC TIÊU, KINH PHÍ) holds no tasks: all of its text, subsections included, is section text.
- Lines ``Thời gian thực hiện: ...``, ``Thời hạn: ...``, ``Chủ trì: ...``, ``Phối hợp: ...``, ``Đơn vị thực
  hiện: ...`` belong to the task above them and are kept in its text on a line of their own.

Deadlines (docs/domain.md §5) and when they count as written (``explicit``)
- Explicit: a parenthetical annotation ``(thực hiện thường xuyên)``, ``(hoàn thành tháng 6/2023)``,
  ``(sau khi Tỉnh ủy có hướng dẫn)``, ``(Quý I/2024)``...; a ``Thời gian thực hiện:`` line; a dated phrase
  anywhere in the running text: ``trước ngày 28/02/2023``, ``chậm nhất (là) ngày ...``, ``hoàn thành
  (trong) tháng/quý/năm ...``, ``trong tháng 12/2024``, ``trong quý I/2024``, ``(trong) 6 tháng đầu năm
  2024``, ``trong năm 2025``.
- Not explicit (``explicit: false``, ``source`` kept): ``định kỳ hằng năm`` (annual), ``định kỳ 6 tháng``,
  ``định kỳ hằng quý`` and ``sau khi X có hướng dẫn`` when they stand inside the running sentence, because
  there they describe how the work is done more than they set its deadline. Bare ``thường xuyên`` or
  ``hằng năm`` inside a sentence ("thường xuyên thông tin", "chỉ tiêu ... hằng năm") is not a deadline at all.
- No wording: ``ongoing`` with ``explicit: false`` and ``source: null``, for staff to review.
- Kinds: thường xuyên → ongoing; hằng/hàng năm, định kỳ hằng năm → annual; ``định kỳ 6 tháng`` →
  ongoing, because an ongoing task owes a progress report at each reporting period of the plan and the
  default periods are the half-year and the year, which is what a six-monthly report is (annual would lose
  the mid-year one); ``hằng quý``/``hằng tháng`` → ongoing with a warning (no such kind); dated wordings →
  dated, due on the last day they allow, with the precision of what is written (``6 tháng đầu năm 2024`` →
  30/06/2024 at month precision, ``quý I/2024`` → 31/03/2024 quarter, ``năm 2025`` → 31/12/2025 year;
  ``trước tháng/quý/năm`` → the end of the period before); ``sau khi X ...`` → triggered, trigger ``X ...``.
- One task with two parenthetical annotations is split after the first (two tasks, the seed's 2.3); other
  conflicting wordings keep the first and add a warning. A heading's own deadline passes to its tasks that
  have none.

Units: ``Giao X chủ trì, phối hợp với A, B ...``, ``X chủ trì``, ``Chủ trì: X``, ``phối hợp với A, B``,
``Phối hợp: A, B``; lists end where the verb starts ("... và cấp ủy cơ sở thường xuyên theo dõi").
Assignees: a heading that names organizations (``3. Các đảng ủy, chi ủy, chi bộ trực thuộc Đảng ủy Khối``),
an addressee before a colon (``1. Các đồng chí Ủy viên ...: Có trách nhiệm``), a task that starts with its
subject (``Các cấp ủy cơ sở trong Khối tiếp tục ...``) and ``Đơn vị thực hiện: X``.

References: every distinct document cited anywhere, in order of first mention, normalized (``21- NQ/TW`` →
``21-NQ/TW``), with the type word written before it (``stated_type``) and the date after it (``, ngày
16/6/2022``); ``written_as`` is the citation as written, type word and date included. Two citations of one symbol with different dates are two documents; an undated citation is the
first document with that symbol. The ``basis`` leaves out a short name given in the preamble to the document just
cited (``sau đây gọi là Nghị quyết số 21-NQ/TW``); it still counts among the references. A type word that disagrees with the symbol (``Nghị quyết số 21-KL/TW``) is
flagged on the reference and in ``warnings``, never corrected.

Closing: the lines after ``Nơi nhận:`` (without the leading dash, punctuation kept) are the recipients; ``T/M ...``/``K/T ...``, the title under it and the name after the blank lines are the signature.

Text: NFC, runs of spaces collapsed. A line broken inside a sentence, by a page break (blank lines between) or
by a hard wrap, is joined to the line before: the next line starts in lower case and the line before does not
end a sentence. Lines are never dropped: what cannot be placed is quoted in a warning. The only things not
carried over are layout: bullet and numbering marks (kept as labels), the ``*`` and ``**`` of emphasis
(``(*thực hiện thường xuyên*)``), ornament lines (``*``, ``-----``) and the printed labels ``Số`` and ``Nơi
nhận:`` (the symbol line is kept as written in ``document.written_as``).
"""

import calendar
import datetime
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

from django.utils.translation import gettext as _

from organizations.text import nfc
from plans.symbols import TYPE_NAMES, SymbolError, parse_symbol, stated_type_of, type_mismatch_warning

FORMAT = "plantrack.plan/1"

# ------------------------------------------------------------------------------------------------------
# Text helpers


@lru_cache(maxsize=8192)
def _fold_char(ch: str) -> str:
    base = "".join(c for c in unicodedata.normalize("NFD", ch) if not unicodedata.combining(c))
    base = base.replace("đ", "d").replace("Đ", "D").lower()
    if len(base) == 1:
        return base
    lowered = ch.lower()
    return lowered if len(lowered) == 1 else ch


def _fold(text: str) -> str:
    """Lower case without diacritics, one character for one: positions in the result are positions in `text`."""
    return "".join(_fold_char(ch) for ch in text)


_NEWLINES = re.compile(r"\r\n|[\r\f\v\x85\u2028\u2029]")
_SPACES = re.compile(r"[ \t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]+")
_EMPHASIS = re.compile(r"(?<![\w*])(\*{1,3})(?=[^\s*])(.+?)(?<=[^\s*])\1(?![\w*])")
_ORNAMENT = re.compile(r"[*\-_=~.·•–—−]+")
_TERMINAL = ".:;!?…"


def _clean_lines(text: str) -> list[str]:
    text = nfc(text or "").lstrip("\ufeff")
    text = _NEWLINES.sub("\n", text)
    lines = []
    for raw in text.split("\n"):
        line = _SPACES.sub(" ", raw).strip()
        for _round in range(3):  # "***x***" and nested emphasis; bounded, a line of asterisks stays cheap
            previous, line = line, _EMPHASIS.sub(r"\2", line)
            if previous == line:
                break
        lines.append(line)
    return lines


def _is_ornament(line: str) -> bool:
    return bool(_ORNAMENT.fullmatch(line.replace(" ", "")))


def _is_caps(line: str) -> bool:
    letters = [ch for ch in line if ch.isalpha()]
    return (
        len(letters) >= 2 and not any(ch.islower() for ch in letters) and any(ch.isupper() for ch in letters)
    )


def _starts_lower(line: str) -> bool:
    for ch in line:
        if ch.isalpha():
            return ch.islower()
        if ch not in "\"'“‘(":
            return False
    return False


def _ends_sentence(text: str) -> bool:
    stripped = text.rstrip(" )”\"'’*")
    return bool(stripped) and stripped[-1] in _TERMINAL


def _strip_end(text: str, chars: str = " ,;.") -> str:
    return text.strip().rstrip(chars).strip()


# ------------------------------------------------------------------------------------------------------
# Line classification

_ROMAN = re.compile(r"^(?P<label>[IVX]{1,6})\s*[.\-–):]\s*(?P<rest>.*)$")
_NUMBER = re.compile(
    r"^(?P<label>\d{1,2}(?:\.\d{1,2}){1,3})\.?\s*(?P<rest>\D.*)$"  # 2.1. / 2.1 / 1.2.3.
    r"|^(?P<label1>\d{1,2})\s*[.)\-–]\s*(?P<rest1>\D.*)$"  # 1. / 1) / 1-
)
_LETTER = re.compile(r"^(?P<label>[a-zđ])\s*(?:\)|\.\s)\s*(?P<rest>\S.*)$")
_BULLET = re.compile(r"^(?P<marker>[-+•●▪◦○■□➢►✓*–—−])\s*(?P<rest>.*)$")
_BULLET_CANON = {"–": "-", "—": "-", "−": "-"}
_VALID_ROMAN = re.compile(r"^(?:X{0,3})(?:IX|IV|V?I{0,3})$")


@dataclass
class _Block:
    kind: str  # roman, number, letter, bullet, para
    label: str  # the section label, or the bullet marker
    text: str


def _classify(line: str) -> _Block:
    match = _ROMAN.match(line)
    if match and _VALID_ROMAN.match(match["label"]):
        return _Block("roman", match["label"], match["rest"].strip())
    match = _NUMBER.match(line)
    if match:
        if match["label"]:
            return _Block("number", match["label"], match["rest"].strip())
        return _Block("number", match["label1"], match["rest1"].strip())
    match = _LETTER.match(line)
    if match:
        return _Block("letter", match["label"], match["rest"].strip())
    match = _BULLET.match(line)
    if match and match["rest"].strip():
        marker = _BULLET_CANON.get(match["marker"], match["marker"])
        return _Block("bullet", marker, match["rest"].strip())
    return _Block("para", "", line)


def _is_heading_line(line: str) -> bool:
    return _classify(line).kind in ("roman", "number")


_ANNOTATION_LINE = re.compile(
    r"^(?:thoi gian|thoi han|tien do|han hoan thanh|(?:don vi|co quan)?\s*(?:chu tri|phoi hop|thuc hien)"
    r"|don vi|co quan)[^:\n]{0,30}:"
)


def _is_annotation_line(line: str) -> bool:
    return bool(_ANNOTATION_LINE.match(_fold(line)))


# ------------------------------------------------------------------------------------------------------
# Deadlines

_DATE_EXPR = (
    r"(?:ngay\s*)?(?P<dd>\d{1,2})\s*[/.\-]\s*(?P<dm>\d{1,2})\s*[/.\-]\s*(?P<dy>\d{4})(?!\d)"
    r"|ngay\s+(?P<td>\d{1,2})\s+thang\s+(?P<tm>\d{1,2})\s+nam\s+(?P<ty>\d{4})(?!\d)"
    r"|(?:6|sau)\s*thang\s+(?P<half>dau|cuoi)\s+(?:cua\s+)?nam\s*(?P<hy>\d{4})(?!\d)"
    r"|thang\s*(?P<mm>\d{1,2})\s*(?:[/.\-]\s*|\s+nam\s+|\s+)(?P<my>\d{4})(?!\d)"
    r"|quy\s*(?P<q>iv|i{1,3}|[1-4])\s*(?:[/.\-]\s*|\s+nam\s+|\s+)(?P<qy>\d{4})(?!\d)"
    r"|nam\s*(?P<yy>\d{4})(?!\d)"
)
_B = r"(?<![a-z0-9])"  # a word starts here
_ANN_PREFIX = (
    r"(?:(?:thuc hien|hoan thanh|trien khai|to chuc|xong|gui|nop|bao cao)\s+)?"
    r"(?P<prefix>(?:(?:truoc|cham nhat(?:\s+la)?|trong|vao|han(?:\s+chot)?|tu nay den(?:\s+het)?|den(?:\s+het)?"
    r"|cuoi)\s+)*)"
)
_ANN_DATED_FULL = re.compile(r"^" + _ANN_PREFIX + r"(?:" + _DATE_EXPR + r")$")
_RUN_DATED = [
    # trước ngày 28/02/2023, chậm nhất (là) (ngày) 15/3/2024, hạn chót ngày ...
    re.compile(
        _B + r"(?P<prefix>truoc|cham nhat(?:\s+la)?|han chot(?:\s+la)?|han cuoi)\s+(?:(?:vao|trong)\s+)?"
        r"(?:ngay\s*)?(?P<dd>\d{1,2})\s*[/.\-]\s*(?P<dm>\d{1,2})\s*[/.\-]\s*(?P<dy>\d{4})(?!\d)"
    ),
    # hoàn thành (trong|trước) tháng 6/2023, chậm nhất trong quý I/2024
    re.compile(
        _B
        + r"(?:hoan thanh|cham nhat(?:\s+la)?)\s+(?P<prefix>(?:(?:trong|truoc|vao|trong)\s+)?)(?:"
        + _DATE_EXPR
        + ")"
    ),
    # trong tháng 12/2024, trong quý I/2024, trong 6 tháng đầu năm 2024, trong năm 2025; trước tháng 6/2024
    re.compile(_B + r"(?P<prefix>trong|truoc)\s+(?=thang|quy|6|sau|nam)(?:" + _DATE_EXPR + ")"),
    # 6 tháng đầu năm 2024 on its own
    re.compile(
        _B + r"(?P<prefix>)(?:6|sau)\s*thang\s+(?P<half>dau|cuoi)\s+(?:cua\s+)?nam\s*(?P<hy>\d{4})(?!\d)"
    ),
]
_ANN_WORDINGS = [
    ("triggered", re.compile(_B + r"sau khi\s+(?P<trigger>\S.*?)\s*$")),
    (
        "semiannual",
        re.compile(
            _B + r"(?:thuc hien\s+)?(?:dinh ky\s+(?:6|sau)\s*thang(?:\s*(?:mot|1)\s*lan|\s*/\s*lan)?"
            r"|(?:6|sau)\s*thang\s*(?:mot|1)\s*lan)"
        ),
    ),
    ("quarterly", re.compile(_B + r"(?:thuc hien\s+)?(?:dinh ky\s+)?(?:hang\s+quy|hang\s+thang)")),
    ("ongoing", re.compile(_B + r"(?:thuc hien\s+)?thuong xuyen(?:\s*,?\s*lien tuc)?")),
    ("annual", re.compile(_B + r"(?:thuc hien\s+)?(?:dinh ky\s+)?hang\s+nam")),
]
_RUN_WORDINGS = [
    (
        "triggered",
        re.compile(_B + r"sau khi\s+(?P<trigger>[^.;()\n]{1,120}?" + _B + r"co\s+(?:van ban\s+)?huong dan)"),
    ),
    (
        "semiannual",
        re.compile(
            _B + r"(?:dinh ky\s+(?:6|sau)\s*thang(?!\s+(?:dau|cuoi))(?:\s*(?:mot|1)\s*lan)?"
            r"|(?:6|sau)\s*thang\s*(?:mot|1)\s*lan)"
        ),
    ),
    ("quarterly", re.compile(_B + r"dinh ky\s+(?:hang\s+quy|hang\s+thang)")),
    ("annual", re.compile(_B + r"dinh ky\s+hang\s+nam")),
]
_TIME_LINE = re.compile(
    r"(?:^|(?<=\n)|(?<=[.;]\s))(?:thoi gian(?:\s+(?:thuc hien|hoan thanh|trien khai))?|thoi han(?:\s+hoan thanh)?"
    r"|han hoan thanh|tien do(?:\s+thuc hien)?)\s*:\s*(?P<value>[^\n]*)"
)
_PAREN = re.compile(r"\(([^()]*)\)")
_ROMAN_QUARTERS = {"i": 1, "ii": 2, "iii": 3, "iv": 4}


def _last_day(year: int, month: int) -> datetime.date:
    return datetime.date(year, month, calendar.monthrange(year, month)[1])


def _period_end(match: re.Match) -> tuple[datetime.date, str]:
    """(last day allowed, precision) of a date expression; ValueError when it is not a real date."""
    groups = match.groupdict()
    before = "truoc" in (groups.get("prefix") or "")
    if groups.get("dd"):
        return datetime.date(int(groups["dy"]), int(groups["dm"]), int(groups["dd"])), "day"
    if groups.get("td"):
        return datetime.date(int(groups["ty"]), int(groups["tm"]), int(groups["td"])), "day"
    if groups.get("half"):
        year = int(groups["hy"])
        if groups["half"] == "dau":
            return (datetime.date(year - 1, 12, 31) if before else datetime.date(year, 6, 30)), "month"
        return (datetime.date(year, 6, 30) if before else datetime.date(year, 12, 31)), "month"
    if groups.get("mm"):
        year, month = int(groups["my"]), int(groups["mm"])
        if not 1 <= month <= 12:
            raise ValueError(month)
        if before:
            year, month = (year - 1, 12) if month == 1 else (year, month - 1)
        return _last_day(year, month), "month"
    if groups.get("q"):
        year = int(groups["qy"])
        quarter = _ROMAN_QUARTERS.get(groups["q"]) or int(groups["q"])
        if before:
            year, quarter = (year - 1, 4) if quarter == 1 else (year, quarter - 1)
        return _last_day(year, quarter * 3), "quarter"
    if groups.get("yy"):
        year = int(groups["yy"]) - (1 if before else 0)
        return datetime.date(year, 12, 31), "year"
    raise ValueError("no date")


@dataclass
class _Wording:
    start: int
    end: int
    explicit: bool
    deadline: dict
    warning: str | None = None
    paren: bool = False


def _deadline(kind: str, explicit: bool, source: str | None, **values) -> dict:
    deadline = {
        "kind": kind,
        "explicit": explicit,
        "source": source,
        "due_on": None,
        "precision": None,
        "trigger": None,
    }
    deadline.update(values)
    return deadline


def _inferred() -> dict:
    return _deadline("ongoing", False, None)


def _dated(match: re.Match, original: str, offset: int, explicit: bool) -> _Wording | None:
    source = _strip_end(original[match.start() : match.end()])
    try:
        due_on, precision = _period_end(match)
    except ValueError:
        return _Wording(
            offset + match.start(),
            offset + match.end(),
            explicit,
            _deadline("ongoing", False, source),
            _("“%(wording)s” is not a date that exists; the deadline was left for you to set.")
            % {"wording": source},
        )
    return _Wording(
        offset + match.start(),
        offset + match.end(),
        explicit,
        _deadline("dated", explicit, source, due_on=due_on.isoformat(), precision=precision),
    )


def _periodic(kind: str, match: re.Match, original: str, offset: int, explicit: bool) -> _Wording:
    source = _strip_end(original[match.start() : match.end()])
    warning = None
    if kind == "triggered":
        trigger = _strip_end(original[match.start("trigger") : match.end("trigger")])
        deadline = _deadline("triggered", explicit, source, trigger=trigger)
    elif kind == "semiannual":
        deadline = _deadline("ongoing", explicit, source)
    elif kind == "quarterly":
        deadline = _deadline("ongoing", explicit, source)
        warning = _(
            "“%(wording)s” asks for reports more often than the plan's reporting periods; the task was "
            "recorded as ongoing: set the reporting calendar of the plan to match."
        ) % {"wording": source}
    else:
        deadline = _deadline(kind, explicit, source)
    return _Wording(offset + match.start(), offset + match.end(), explicit, deadline, warning)


def _annotation_wording(content: str, offset: int) -> _Wording | None:
    """The deadline written in an annotation (a parenthesis, a ``Thời gian thực hiện:`` value), if any."""
    stripped = content.strip()
    lead = len(content) - len(content.lstrip())
    body = _strip_end(stripped, " ,;.:")
    folded = _fold(body)
    full = _ANN_DATED_FULL.match(folded)
    if full:
        return _dated(full, body, offset + lead, True)
    found: list[_Wording] = []
    for pattern in _RUN_DATED:
        for match in pattern.finditer(folded):
            found.append(_dated(match, body, offset + lead, True))
    for kind, pattern in _ANN_WORDINGS:
        match = pattern.search(folded)
        if match:
            found.append(_periodic(kind, match, body, offset + lead, True))
    found = [w for w in found if w is not None]
    return min(found, key=lambda w: w.start) if found else None


def _find_wordings(text: str) -> list[_Wording]:
    """Every deadline wording in a task's text, in order, without overlaps."""
    folded = _fold(text)
    found: list[_Wording] = []
    taken: list[tuple[int, int]] = []

    def free(start: int, end: int) -> bool:
        return all(end <= a or start >= b for a, b in taken)

    for match in _PAREN.finditer(text):
        wording = _annotation_wording(match.group(1), match.start(1))
        if wording is not None:
            wording.start, wording.end = match.start(), match.end()
            wording.paren = True
            found.append(wording)
            taken.append((match.start(), match.end()))
    for match in _TIME_LINE.finditer(folded):
        value_start = match.start("value")
        wording = _annotation_wording(text[value_start : match.end("value")], value_start)
        if wording is None:
            value = _strip_end(text[value_start : match.end("value")])
            if value:
                wording = _Wording(
                    match.start(),
                    match.end(),
                    False,
                    _deadline("ongoing", False, value),
                    _("Could not read the deadline “%(wording)s”; the task was recorded as ongoing.")
                    % {"wording": value},
                )
        if wording is not None and free(match.start(), match.end()):
            wording.start, wording.end = match.start(), match.end()
            found.append(wording)
            taken.append((match.start(), match.end()))
    for pattern in _RUN_DATED:
        for match in pattern.finditer(folded):
            if free(match.start(), match.end()):
                wording = _dated(match, text, 0, True)
                found.append(wording)
                taken.append((match.start(), match.end()))
    for kind, pattern in _RUN_WORDINGS:
        for match in pattern.finditer(folded):
            if free(match.start(), match.end()):
                found.append(_periodic(kind, match, text, 0, False))
                taken.append((match.start(), match.end()))
    return sorted(found, key=lambda w: w.start)


def deadline_parse(*, wording: str) -> dict | None:
    """The deadline rule of one wording ("Quý I/2024", "thực hiện thường xuyên"), or None; for review forms."""
    found = _annotation_wording(nfc(wording), 0)
    return found.deadline if found is not None and found.warning is None else None


def _split_on_annotations(text: str) -> list[str]:
    """One task per parenthetical deadline annotation: "A (sau khi ...). B (thường xuyên)." → two texts."""
    annotations = [w for w in _find_wordings(text) if w.paren]
    if len(annotations) < 2:
        return [text]
    parts, start = [], 0
    for wording in annotations[:-1]:
        cut = wording.end
        while cut < len(text) and text[cut] in " .;,":
            cut += 1
        piece = text[start:cut].strip()
        if piece and text[cut:].strip():
            parts.append(piece)
            start = cut
    parts.append(text[start:].strip())
    return [part for part in parts if part]


# ------------------------------------------------------------------------------------------------------
# Units

_UNIT_HEADS = [
    "ban can su",
    "ban chi dao",
    "ban",
    "uy ban",
    "ubkt",
    "ubnd",
    "van phong",
    "vp",
    "doan khoi",
    "chi doan",
    "chi hoi",
    "doan thanh nien",
    "doan",
    "dang uy",
    "dang bo",
    "dang doan",
    "chi bo",
    "chi uy",
    "cap uy",
    "to chuc dang",
    "to chuc co so dang",
    "to dang",
    "cong doan",
    "hoi",
    "mat tran",
    "so",
    "phong",
    "trung tam",
    "truong",
    "bao",
    "dai",
    "co quan",
    "don vi",
    "can bo",
    "dong chi",
    "dang vien",
    "bi thu",
    "pho bi thu",
    "thuong truc",
    "thuong vu",
    "tinh uy",
    "huyen uy",
    "thanh uy",
    "thi uy",
    "hoi dong",
    "lanh dao",
    "thu truong",
    "nguoi dung dau",
    "uy vien",
    "btc",
    "btg",
    "bch",
    "btv",
]
_UNIT_HEAD_RE = re.compile(
    r"^(?:(?:cac|moi|tung|toan the|toan bo)\s+)?(?:"
    + "|".join(sorted(_UNIT_HEADS, key=len, reverse=True))
    + r")(?![a-z])"
)
_VERB_STOPS = [
    "tiếp tục",
    "chỉ đạo",
    "có trách nhiệm",
    "chủ động",
    "thực hiện",
    "xây dựng",
    "tổ chức",
    "triển khai",
    "tham mưu",
    "rà soát",
    "hướng dẫn",
    "kiểm tra",
    "giám sát",
    "đôn đốc",
    "báo cáo",
    "tuyên truyền",
    "quán triệt",
    "nghiên cứu",
    "đề xuất",
    "sơ kết",
    "tổng kết",
    "thường xuyên",
    "định kỳ",
    "căn cứ",
    "phối hợp",
    "chủ trì",
    "lãnh đạo",
    "tập trung",
    "quan tâm",
    "nâng cao",
    "đẩy mạnh",
    "tăng cường",
    "bảo đảm",
    "đảm bảo",
    "phát huy",
    "gửi",
    "nộp",
    "bố trí",
    "cử",
    "để",
    "nhằm",
    "về việc",
    "trong việc",
    "theo(?! dõi)",
    "(?<!phân công )theo dõi",
    "tự kiểm tra",
    "tự đánh giá",
    "hoàn thành",
    "kiện toàn",
    "biên soạn",
    "tổng hợp",
    "chuẩn bị",
    "phát động",
    "củng cố",
    "lựa chọn",
    "giới thiệu",
    "phổ biến",
    "rà soát",
    "sửa đổi",
    "bổ sung",
    "được giao",
    "làm tốt",
    "kịp thời",
    "ban hành",
]
_VERB_STOP_RE = re.compile(
    r"(?<![\w])(?:" + "|".join(v if "(" in v else re.escape(v) for v in _VERB_STOPS) + r")(?![\w])"
)
_LIST_SPLIT = re.compile(r"\s*,\s*|\s+và\s+|\s+với\s+")


def _unit_head(text: str) -> re.Match | None:
    """The organization noun a phrase starts with ("Ban Tổ chức", "các cấp ủy"), None for "Ban hành"."""
    match = _UNIT_HEAD_RE.match(_fold(text))
    if not match:
        return None
    # "Ban", "Sở", "Hội"... name an organization only with a capitalized name after them or "các" before.
    rest = text[match.end() :].lstrip()
    if _fold(text).startswith(("cac ", "moi ", "tung ", "toan ")):
        return match
    head = _fold(text[: match.end()])
    named_after = rest and (rest[0].isupper() or rest[0].isdigit())
    if head in ("ban", "so", "hoi", "phong", "truong", "bao", "dai", "doan", "to dang") and not named_after:
        return None
    return match


def _cut_at_verb(text: str, start: int) -> tuple[str, bool]:
    """`text` up to the first verb after `start`; True when one was found (the list ends there)."""
    match = _VERB_STOP_RE.search(text, start)
    if match:
        return text[: match.start()].strip(), True
    return text.strip(), False


def _unit_list(text: str) -> list[str]:
    """ "Ban Tuyên giáo, Ủy ban Kiểm tra và cấp ủy cơ sở thường xuyên theo dõi" → the three units."""
    text = re.split(r"[;.:()\n]", text, maxsplit=1)[0]
    units: list[str] = []
    position = 0
    pieces = []
    for match in _LIST_SPLIT.finditer(text):
        pieces.append((text[position : match.start()], match.group(0)))
        position = match.end()
    pieces.append((text[position:], ""))
    joiner_before = ""
    for piece, separator in pieces:
        piece = piece.strip()
        if not piece:
            joiner_before = separator
            continue
        head = _unit_head(piece)
        if head is None:
            if not units:
                break
            cut, stop = _cut_at_verb(piece, 0)
            if cut:
                units[-1] = units[-1] + (joiner_before if joiner_before.strip() else ", ") + cut
            if stop or not cut:
                break
        else:
            cut, stop = _cut_at_verb(piece, head.end())
            if cut:
                units.append(cut)
            if stop:
                break
        joiner_before = separator
    return [_strip_end(unit) for unit in units if _strip_end(unit)]


_GIAO_LEAD = re.compile(r"(?<![\w])[Gg]iao\s+(?:cho\s+)?(?P<units>[^.;:()\n]{2,200}?)\s+chủ trì")
_GIAO = re.compile(r"(?<![\w])[Gg]iao\s+(?:cho\s+)?(?P<units>[^.;:()\n]{2,200})")
_SUBJECT_LEAD = re.compile(r"(?:^|(?<=[.;]\s)|(?<=\n))(?P<units>[^.;:()\n]{2,150}?)\s+chủ trì")
_LABEL_LEAD = re.compile(
    r"(?:^|(?<=\n)|(?<=[.;]\s))(?:[Đđ]ơn vị |[Cc]ơ quan )?[Cc]hủ trì\s*:\s*(?P<units>[^;\n]+)"
)
_COORD = re.compile(r"(?<![\w])[Pp]hối hợp với\s+(?P<units>[^;\n]+)")
_LABEL_COORD = re.compile(
    r"(?:^|(?<=\n)|(?<=[.;]\s)|(?<=[;,]))\s*(?:[Đđ]ơn vị |[Cc]ơ quan )?[Pp]hối hợp\s*:\s*(?P<units>[^;\n]+)"
)
_LABEL_ASSIGNEES = re.compile(r"(?:^|(?<=\n))(?:[Đđ]ơn vị|[Cc]ơ quan) thực hiện\s*:\s*(?P<units>[^;\n]+)")


def _add(target: list[str], names: list[str]) -> None:
    for name in names:
        if name and name not in target:
            target.append(name)


def _units(text: str) -> tuple[list[str], list[str], list[str]]:
    """(lead, coordinating, assignees) named in a task's text."""
    lead: list[str] = []
    coordinating: list[str] = []
    assignees: list[str] = []
    for match in _GIAO_LEAD.finditer(text):
        _add(lead, _unit_list(match["units"]) or [_strip_end(match["units"])])
    if not lead:
        for match in _SUBJECT_LEAD.finditer(text):
            candidate = match["units"].strip()
            if _unit_head(candidate):
                _add(lead, _unit_list(candidate))
    if not lead:
        # "Giao Văn phòng Đảng ủy theo dõi, đôn đốc ...": the unit given the work leads it.
        for match in _GIAO.finditer(text):
            _add(lead, _unit_list(match["units"].strip()))
    for match in _LABEL_LEAD.finditer(text):
        _add(lead, [_strip_end(name) for name in _LIST_SPLIT.split(match["units"]) if _strip_end(name)])
    for match in _COORD.finditer(text):
        _add(coordinating, _unit_list(match["units"]))
    for match in _LABEL_COORD.finditer(text):
        _add(
            coordinating, [_strip_end(name) for name in _LIST_SPLIT.split(match["units"]) if _strip_end(name)]
        )
    for match in _LABEL_ASSIGNEES.finditer(text):
        _add(
            assignees, [_strip_end(name) for name in re.split(r"\s*,\s*", match["units"]) if _strip_end(name)]
        )
    return lead, coordinating, assignees


def _addressee(text: str, *, heading: bool = False) -> str | None:
    """Who a heading or a task names as the doer: "Các cấp ủy cơ sở trong Khối tiếp tục ..." → the group."""
    text = text.strip()
    head = _unit_head(text)
    if head is None or _is_caps(text):
        return None
    colon = text.find(":")
    if colon > 0 and len(text[:colon].split()) <= 25:
        before = text[:colon].strip()
        if not _VERB_STOP_RE.search(before, head.end()):
            return _strip_end(before)
    if re.search(r"\bchủ trì\b", text[:200]):
        return None
    cut, stopped = _cut_at_verb(text, head.end())
    if stopped:
        if 1 < len(cut.split()) <= 15 and not re.search(r"[.;:()]", cut):
            return _strip_end(cut)
        return None
    # A heading with no verb at all is a name (III.3 "Các đảng ủy, chi ủy, chi bộ trực thuộc Đảng ủy Khối").
    if heading and len(text.split()) <= 20 and not re.search(r"[.;:()]", text.rstrip(".")):
        return _strip_end(text)
    return None


# ------------------------------------------------------------------------------------------------------
# References

_SYMBOL_IN_TEXT = re.compile(
    r"(?<![\w/])(?P<symbol>\d{1,5}\s*-\s*[A-Za-zĐđÐð]{1,5}\s*/\s*[A-ZĐÐ][A-Za-zĐđÐð0-9]*(?:-[A-ZĐÐ0-9][A-Za-zĐđÐð0-9]*)?)(?![\w])"
)
_DATE_AFTER = re.compile(
    r"^\s*,?\s*(?:ban hanh\s+)?ngay\s+(?:(?P<d>\d{1,2})\s*[/.\-]\s*(?P<m>\d{1,2})\s*[/.\-]\s*(?P<y>\d{4})"
    r"|(?P<d2>\d{1,2})\s+thang\s+(?P<m2>\d{1,2})\s+nam\s+(?P<y2>\d{4}))"
)
_ALIAS = re.compile(r"(?:sau day )?goi (?:tat )?la\s+[^,;()]*$")
_TYPE_WORDS = sorted({word for words in TYPE_NAMES.values() for word in words}, key=len, reverse=True)


@dataclass
class _Reference:
    symbol: str
    type: str
    issued_on: str | None
    stated_type: str | None = None
    warning: str | None = None
    written_as: str = ""


@dataclass
class _References:
    items: list[_Reference] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def scan(self, text: str, *, aliases: bool = True) -> list[int]:
        """Record the citations in `text`; return the indexes of the references it mentions, in order.

        With ``aliases=False`` a short name given to the document just cited ("(sau đây gọi là Nghị quyết
        số 21-NQ/TW)") is recorded but not returned: it is not a citation of its own.
        """
        mentioned: list[int] = []
        folded = _fold(text)
        for match in _SYMBOL_IN_TEXT.finditer(text):
            raw = match["symbol"]
            try:
                parsed = parse_symbol(raw)
            except SymbolError as error:
                warning = str(error.args[0]) if error.args else raw
                if warning not in self.warnings:
                    self.warnings.append(warning)
                continue
            symbol = str(parsed)
            before = text[max(0, match.start() - 60) : match.start()]
            before = re.split(r"[,;:()\n“”\"]", before)[-1]
            stated = stated_type_of(before) if before.strip() else None
            written_as = raw
            if stated:
                folded_before = _fold(before)
                for word in _TYPE_WORDS:
                    position = folded_before.rfind(_fold(word))
                    if position >= 0 and stated_type_of(before[position:]) == stated:
                        written_as = (before[position:] + raw).strip()
                        break
            issued_on = None
            date = _DATE_AFTER.match(folded[match.end() :])
            if date:
                # The citation as written runs to the end of its date: "Kế hoạch số 56-KH/ĐUK ngày 02/12/2022".
                written_as = (written_as + text[match.end() : match.end() + date.end()]).strip()
                day, month, year = (
                    (date["d"], date["m"], date["y"]) if date["d"] else (date["d2"], date["m2"], date["y2"])
                )
                try:
                    issued_on = datetime.date(int(year), int(month), int(day)).isoformat()
                except ValueError:
                    self.warnings.append(
                        _("The date after %(symbol)s is not a date that exists; it was left out.")
                        % {"symbol": symbol}
                    )
            index = self._merge(symbol, parsed.type, issued_on, written_as)
            reference = self.items[index]
            if stated and (reference.stated_type is None or reference.warning is None):
                warning = type_mismatch_warning(symbol, stated)
                if warning and reference.warning is None:
                    reference.stated_type, reference.warning = stated, warning
                    reference.written_as = written_as
                    if warning not in self.warnings:
                        self.warnings.append(warning)
                elif reference.stated_type is None:
                    reference.stated_type = stated
            alias = _ALIAS.search(folded[max(0, match.start() - 80) : match.start()])
            if index not in mentioned and (aliases or not alias):
                mentioned.append(index)
        return mentioned

    def _merge(self, symbol: str, doc_type: str, issued_on: str | None, written_as: str) -> int:
        same = [i for i, ref in enumerate(self.items) if ref.symbol == symbol]
        if issued_on:
            for i in same:
                if self.items[i].issued_on == issued_on:
                    return i
            for i in same:
                if self.items[i].issued_on is None:
                    self.items[i].issued_on = issued_on
                    return i
        elif same:
            dates = {self.items[i].issued_on for i in same}
            if len(dates) > 1:
                warning = _(
                    "%(symbol)s is cited without a date, and the plan cites documents of that symbol with "
                    "different dates; it was taken as the first one."
                ) % {"symbol": symbol}
                if warning not in self.warnings:
                    self.warnings.append(warning)
            return same[0]
        self.items.append(
            _Reference(symbol=symbol, type=doc_type, issued_on=issued_on, written_as=written_as)
        )
        return len(self.items) - 1

    def as_dict(self, index: int) -> dict:
        ref = self.items[index]
        return {
            "symbol": ref.symbol,
            "type": ref.type,
            "stated_type": ref.stated_type,
            "issued_on": ref.issued_on,
            "warning": ref.warning,
            "written_as": ref.written_as,
        }


# ------------------------------------------------------------------------------------------------------
# Header and closing

_SYMBOL_LINE = re.compile(r"^(?:số|so|sô)\s*:?\s*(?P<symbol>\S.*?)\s*$", re.IGNORECASE)
_PLACE_DATE = re.compile(
    r"^(?P<place>[^,\d]{2,60}),\s*ngay\s+(?P<d>\d{1,2}|[.…_ ]+)\s+thang\s+(?P<m>\d{1,2}|[.…_ ]+)\s+nam\s+(?P<y>\d{4})\s*\.?$"
)
_PREAMBLE_START = re.compile(
    r"^(?:can cu|thuc hien|trien khai|thi hanh|de |nham |qua |tren co so|theo |quan triet)"
)
_MOTTOS = {"dang cong san viet nam", "cong hoa xa hoi chu nghia viet nam", "doc lap - tu do - hanh phuc"}
_TYPE_LINES = {_fold(word): code for code, words in TYPE_NAMES.items() for word in words}
_RECIPIENTS = re.compile(r"^n[oơ]i nh[aậ]n(?!\w)\s*:?\s*(?P<rest>.*)$", re.IGNORECASE)
_AUTHORITY = re.compile(r"^(?:T/M|K/T|T/L|(?:TM|KT|TL|TUQ)(?:\.|(?=\s))|Q\.)\s*(?P<rest>.+)$")
_SIGNED_NOTE = re.compile(
    r"^[(\[]?\s*(?:da ky|đa ky|ky ten|ky, ghi ro ho ten|ky va ghi ro ho ten)[^)\]]*[)\]]?\.?$"
)
_SIGNER_TITLES = {
    "bi thu",
    "pho bi thu",
    "chu nhiem",
    "pho chu nhiem",
    "truong ban",
    "pho truong ban",
    "chanh van phong",
}


def _symbol_of_line(line: str) -> str | None:
    match = _SYMBOL_LINE.match(line)
    candidate = match["symbol"] if match else line
    try:
        return str(parse_symbol(candidate))
    except SymbolError:
        return None


def _is_motto(line: str) -> bool:
    folded = re.sub(r"\s*[-–—]\s*", " - ", _fold(line)).strip()
    return folded in _MOTTOS


def _is_signature_start(line: str) -> bool:
    match = _AUTHORITY.match(line)
    if match and _is_caps(match["rest"]):
        return True
    return _is_caps(line) and _fold(line).strip(" .") in _SIGNER_TITLES


# ------------------------------------------------------------------------------------------------------
# The parse


@dataclass
class _Node:
    kind: str
    label: str
    heading: str
    rank: int
    body: list[_Block] = field(default_factory=list)
    children: list["_Node"] = field(default_factory=list)


_NON_TASK_TITLES = ("muc dich", "yeu cau", "quan diem", "muc tieu", "kinh phi")


def _rank(block: _Block) -> int:
    if block.kind == "roman":
        return 0
    if block.kind == "number":
        return 1 + block.label.count(".")
    return 20


class _Parser:
    def __init__(self, text: str):
        self.lines = _clean_lines(text)
        self.warnings: list[str] = []
        self.references = _References()
        self.document: dict = {
            "symbol": "",
            "number": "",
            "type": "",
            "issuer": "",
            "issued_on": None,
            "title": "",
            "written_as": "",
            "issuer_name": "",
            "superior": "",
            "motto": "",
            "place_date": None,
            "type_name": "",
        }
        self.place = ""
        self.preamble = ""
        self.recipients: list[str] = []
        self.signature = {"authority": "", "title": "", "name": ""}
        self.implements: list[int] = []
        self.basis: list[int] = []
        self.sections: list[dict] = []

    def warn(self, message: str) -> None:
        if message not in self.warnings:
            self.warnings.append(message)

    def unplaced(self, line: str) -> None:
        # Not deduplicated: a line written twice is text twice.
        self.warnings.append(
            _("Could not place this line, check where it belongs: “%(line)s”") % {"line": line}
        )

    # -- header --------------------------------------------------------------------------------------

    def _place_date(self, line: str) -> bool:
        match = _PLACE_DATE.match(_fold(line))
        if not match or self.document["place_date"]:
            return False
        self.document["place_date"] = line
        self.place = _strip_end(line[: match.end("place")])
        if match["d"].isdigit() and match["m"].isdigit():
            try:
                self.document["issued_on"] = datetime.date(
                    int(match["y"]), int(match["m"]), int(match["d"])
                ).isoformat()
            except ValueError:
                self.warn(_("The date of the plan “%(line)s” is not a date that exists.") % {"line": line})
        return True

    def parse_header(self) -> int:
        lines, i, caps = self.lines, 0, []
        type_seen = False
        while i < len(lines):
            line = lines[i]
            if not line or _is_ornament(line):
                i += 1
                continue
            if not self.document["symbol"]:
                symbol = _symbol_of_line(line) if (_SYMBOL_LINE.match(line) or " " not in line) else None
                if symbol:
                    parsed = parse_symbol(symbol)
                    self.document.update(
                        symbol=symbol,
                        number=parsed.number,
                        type=parsed.type,
                        issuer=parsed.issuer,
                        written_as=line,
                    )
                    i += 1
                    continue
            if _is_motto(line):
                self.document["motto"] = "\n".join(filter(None, [self.document["motto"], line]))
                i += 1
                continue
            if self._place_date(line):
                i += 1
                continue
            folded = _fold(line).strip(" .:")
            if _is_caps(line) and folded in _TYPE_LINES:
                self.document["type_name"] = line
                if not self.document["type"]:
                    self.document["type"] = _TYPE_LINES[folded]
                type_seen = True
                i += 1
                break
            if _is_caps(line) and not _is_heading_line(line) and not _is_signature_start(line):
                caps.append(line)
                i += 1
                continue
            break
        if caps:
            self.document["issuer_name"] = caps[-1]
            self.document["superior"] = "\n".join(caps[:-1])
        if not type_seen:
            return i
        # The title: the paragraph after the type name, unless it is already the preamble or a heading.
        j = i
        while j < len(lines) and (not lines[j] or _is_ornament(lines[j])):
            j += 1
        title_lines = []
        k = j
        while k < len(lines) and lines[k] and not _is_ornament(lines[k]):
            if _is_heading_line(lines[k]) or _RECIPIENTS.match(lines[k]) or _is_signature_start(lines[k]):
                break
            if title_lines and (_ends_sentence(title_lines[-1]) or _PREAMBLE_START.match(_fold(lines[k]))):
                break  # the preamble follows the title without a blank line
            title_lines.append(lines[k])
            k += 1
        title = " ".join(title_lines)
        if title and not title.endswith(":") and not _fold(title).startswith("can cu"):
            self.document["title"] = title
            self.implements = self.references.scan(title)
            return k
        return i

    # -- body blocks ---------------------------------------------------------------------------------

    def blocks(self, lines: list[str]) -> list[_Block]:
        blocks: list[_Block] = []
        blank = False
        for line in lines:
            if not line:
                blank = True
                continue
            if _is_ornament(line):
                continue
            block = _classify(line)
            if blocks and block.kind == "para":
                previous = blocks[-1]
                if _is_annotation_line(line):
                    previous.text = (previous.text + "\n" + line) if previous.text else line
                    blank = False
                    continue
                if not previous.text and previous.kind in ("roman", "number", "letter"):
                    previous.text = line  # "II." on one line, its title on the next
                    blank = False
                    continue
                last_line = previous.text.rsplit("\n", 1)[-1]
                joins = _starts_lower(line) and not _ends_sentence(last_line)
                if not blank and not joins:
                    joins = last_line.endswith((",", "(", "“", "-", "–")) or (
                        previous.kind in ("bullet", "para") and not _ends_sentence(last_line)
                    )
                if joins:
                    previous.text = previous.text + " " + line
                    blank = False
                    continue
            blocks.append(block)
            blank = False
        return blocks

    # -- closing -------------------------------------------------------------------------------------

    def closing_start(self, start: int) -> int:
        """Where "Nơi nhận" or the signature begins: after the last numbered heading, never before."""
        lines = self.lines
        last_heading = max(
            (i for i in range(start, len(lines)) if _is_heading_line(lines[i])), default=start - 1
        )
        for i in range(last_heading + 1, len(lines)):
            line = lines[i]
            if not line:
                continue
            if _RECIPIENTS.match(line) and (
                len(line) < 20 or _RECIPIENTS.match(line)["rest"].startswith(("-", "+", "•"))
            ):
                return i
            if _AUTHORITY.match(line) and _is_signature_start(line):
                return i
            if _is_signature_start(line):
                rest = [x for x in lines[i + 1 :] if x]
                if len(rest) <= 3 and not any(_classify(x).kind != "para" for x in rest):
                    return i
        return len(lines)

    def parse_closing(self, lines: list[str]) -> None:
        mode = None
        signature_lines: list[str] = []
        for line in lines:
            if not line or _is_ornament(line):
                continue
            recipients = _RECIPIENTS.match(line)
            if recipients:
                mode = "recipients"
                rest = recipients["rest"].strip()
                if rest:
                    self._recipient(rest)
                continue
            if _is_signature_start(line) and (mode != "signature" or _AUTHORITY.match(line)):
                if mode == "signature" and signature_lines:
                    self._signature(signature_lines)
                    signature_lines = []
                mode = "signature"
                signature_lines.append(line)
                continue
            if self._place_date(line):
                continue
            if mode == "recipients":
                if _classify(line).kind == "bullet" or not self.recipients or not _starts_lower(line):
                    self._recipient(line)
                else:
                    self.recipients[-1] = self.recipients[-1] + " " + _strip_end(line)
            elif mode == "signature":
                signature_lines.append(line)
            else:
                self.unplaced(line)
        if signature_lines:
            self._signature(signature_lines)

    def _recipient(self, line: str) -> None:
        text = re.sub(r"^[-+•●▪◦○■□➢►✓*–—−]\s*", "", line).strip()
        if re.search(r"\w", text):
            self.recipients.append(text)
        elif re.search(r"\w", line):
            self.unplaced(line)

    def _signature(self, lines: list[str]) -> None:
        def put(key: str, value: str) -> None:
            if self.signature.get(key):
                self.unplaced(value)  # a second signature block: the first one stands
            else:
                self.signature[key] = value

        rest = list(lines)
        if _AUTHORITY.match(rest[0]):
            put("authority", rest.pop(0))
        if rest and _is_caps(rest[0]) and (len(rest) > 1 or _fold(rest[0]).strip(" .") in _SIGNER_TITLES):
            put("title", rest.pop(0))
        notes = [line for line in rest if _SIGNED_NOTE.match(_fold(line))]
        rest = [line for line in rest if line not in notes]
        if notes:
            put("note", " ".join(notes))
        if rest:
            put("name", rest.pop(0))
        for line in rest:
            self.unplaced(line)

    # -- sections and tasks --------------------------------------------------------------------------

    def tree(self, blocks: list[_Block]) -> list[_Node]:
        root = _Node("root", "", "", -1)
        stack = [root]
        for block in blocks:
            if block.kind in ("roman", "number", "letter"):
                rank = _rank(block)
                while stack[-1].rank >= rank:
                    stack.pop()
                node = _Node(block.kind, block.label, block.text, rank)
                stack[-1].children.append(node)
                stack.append(node)
            else:
                stack[-1].body.append(block)
        if root.body:
            # Text before the first heading that the preamble did not take (a plan without numbering).
            node = _Node("para", "", "", 0, body=root.body)
            root.children.insert(0, node)
        return root.children

    def section(self, node: _Node, purpose: bool, addressee: str | None, inherited: dict | None) -> dict:
        lone = node.kind in ("number", "letter") and not node.body and not node.children
        heading_lines = node.heading.split("\n")
        if not purpose and not lone and _fold(heading_lines[0]).lstrip(" -").startswith(_NON_TASK_TITLES):
            purpose = True
        text_parts: list[str] = []
        tasks: list[dict] = []
        if lone:
            title = ""
            if purpose:
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
            named = _addressee(heading_lines[0], heading=True) if node.kind != "roman" else None
            addressee = named or addressee
            if purpose:
                text_parts += [self.render(block) for block in node.body]
            elif any(block.kind == "bullet" for block in node.body):
                tasks += self.bullet_tasks(node.body, text_parts, addressee, inherited)
            elif node.children:
                text_parts += [block.text for block in node.body]
            else:
                for block in node.body:
                    tasks += self.tasks(block.text, addressee, inherited)
        return {
            "label": node.label,
            "title": title,
            "text": "\n".join(part for part in text_parts if part),
            "sections": [self.section(child, purpose, addressee, inherited) for child in node.children],
            "tasks": tasks,
        }

    @staticmethod
    def render(block: _Block) -> str:
        """A block as text, its mark kept: "- ...", "a) ...", "2.1. ..."."""
        if block.kind == "bullet":
            return f"{block.label} {block.text}"
        if block.kind == "letter":
            return f"{block.label}) {block.text}"
        if block.kind in ("roman", "number"):
            return f"{block.label}. {block.text}"
        return block.text

    def heading_deadline(self, heading: str) -> dict | None:
        wordings = _find_wordings(heading)
        return wordings[0].deadline if wordings and wordings[0].warning is None else None

    def bullet_tasks(self, body: list[_Block], text_parts: list[str], addressee, inherited) -> list[dict]:
        levels: list[str] = []
        for block in body:
            if block.kind == "bullet" and block.label not in levels:
                levels.append(block.label)
        tasks: list[dict] = []
        intro_deadline: dict[int, dict | None] = {}
        for index, block in enumerate(body):
            if block.kind != "bullet":
                text_parts.append(block.text)
                continue
            level = levels.index(block.label)
            following = next((b for b in body[index + 1 :] if b.kind == "bullet"), None)
            for deeper in [k for k in intro_deadline if k >= level]:
                del intro_deadline[deeper]
            own_inherited = next(
                (intro_deadline[k] for k in sorted(intro_deadline, reverse=True) if intro_deadline[k]),
                inherited,
            )
            if (
                following is not None
                and levels.index(following.label) > level
                and _strip_end(block.text, " ").endswith(":")
            ):
                text_parts.append(self.render(block))
                intro_deadline[level] = self.heading_deadline(block.text)
                continue
            tasks += self.tasks(block.text, addressee, own_inherited)
        return tasks

    def tasks(self, text: str, addressee: str | None, inherited: dict | None) -> list[dict]:
        parts = _split_on_annotations(text)
        own_subject = _addressee(text)
        result = []
        for part in parts:
            wordings = _find_wordings(part)
            for wording in wordings:
                if wording.warning:
                    self.warn(wording.warning)
            explicit = [w for w in wordings if w.explicit]
            chosen = explicit[0] if explicit else (wordings[0] if wordings else None)
            distinct = {(w.deadline["kind"], w.deadline["due_on"], w.deadline["trigger"]) for w in explicit}
            if len(distinct) > 1:
                self.warn(
                    _("“%(text)s…” has several deadlines (%(wordings)s); the first was kept.")
                    % {
                        "text": part[:60],
                        "wordings": "; ".join(w.deadline["source"] or "" for w in explicit),
                    }
                )
            if chosen is not None:
                deadline = dict(chosen.deadline)
            elif inherited is not None:
                deadline = dict(inherited)
            else:
                deadline = _inferred()
            lead, coordinating, assignees = _units(part)
            if not assignees:
                subject = own_subject if not lead or own_subject not in lead else None
                if subject:
                    assignees = [subject]
                elif addressee:
                    assignees = [addressee]
            result.append(
                {
                    "text": part,
                    "deadline": deadline,
                    "lead": lead,
                    "coordinating": coordinating,
                    "assignees": assignees,
                }
            )
        return result

    # -- everything ----------------------------------------------------------------------------------

    def run(self) -> dict:
        body_start = self.parse_header()
        closing = self.closing_start(body_start)
        body_lines = self.lines[body_start:closing]
        # Lines the header scan stopped on that are not body (e.g. a stray caps line) are in body_lines.
        blocks = self.blocks(body_lines)
        first_heading = next((i for i, b in enumerate(blocks) if b.kind in ("roman", "number")), None)
        if first_heading is None:
            # No numbering at all: the preamble runs to its first paragraph ending with a colon, if any.
            colon = next((i for i, b in enumerate(blocks) if b.text.rstrip().endswith(":")), None)
            first_heading = (colon + 1) if colon is not None else min(1, len(blocks))
            if len(blocks) > first_heading:
                self.warn(_("No numbered sections were found; the tasks were put in one unnumbered section."))
        preamble_blocks, section_blocks = blocks[:first_heading], blocks[first_heading:]
        self.preamble = "\n".join(self.render(block) for block in preamble_blocks)
        for block in preamble_blocks:
            for index in self.references.scan(block.text, aliases=False):
                if index not in self.basis:
                    self.basis.append(index)
        for block in section_blocks:
            self.references.scan(block.text)
        self.sections = [self.section(node, False, None, None) for node in self.tree(section_blocks)]
        self.parse_closing(self.lines[closing:])
        if not self.document["symbol"]:
            self.warn(_("The plan's own number and symbol (“Số ...-KH/...”) was not found."))
        if not self.document["type"]:
            self.document["type"] = "KH"
        for warning in self.references.warnings:
            self.warn(warning)
        cited = [self.references.as_dict(i) for i in range(len(self.references.items))]
        return {
            "format": FORMAT,
            "document": self.document,
            "place": self.place,
            "preamble": self.preamble,
            "implements": [cited[i] for i in self.implements],
            "basis": [cited[i] for i in self.basis],
            "references": cited,
            "sections": self.sections,
            "recipients": self.recipients,
            "signature": self.signature,
            "warnings": self.warnings,
        }


def plan_parse(*, text: str) -> dict:
    """The plan written in `text`, in the interchange format (see the module docstring for the rules)."""
    return _Parser(text).run()


def plan_text_read(*, data: bytes, filename: str = "") -> str:
    """The text of an uploaded plan: .docx through python-docx, anything else decoded as text."""
    if filename.lower().endswith(".docx") or data[:2] == b"PK":
        from tasks.plan_import.docx_text import docx_read_text

        return docx_read_text(source=data)
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Older Vietnamese Windows text files; NFC in the parser recomposes their tone marks.
        return data.decode("cp1258", errors="replace")


def plan_parse_file(*, data: bytes, filename: str = "") -> dict:
    """`plan_parse` of an uploaded .txt or .docx file."""
    return plan_parse(text=plan_text_read(data=data, filename=filename))
