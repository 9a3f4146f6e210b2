"""Deadline wordings (docs/domain.md §5): a grammar of lead words × date forms, not a list of phrases.

Date forms (matched on the folded text, so "Quý", "quý" and "quy" are one): a day ``30/6/2024``,
``30-6-2024``, ``30.6.2024``, ``ngày 30 tháng 6 năm 2024``, with a time before it (``16h00 ngày …``); a month
``tháng 6/2024``, ``tháng 6-2024``, ``tháng 6 năm 2024``; a quarter ``quý II/2024``, ``Quý 2 năm 2024``; a half
``6 tháng đầu/cuối năm 2024``; two months or quarters sharing their year (``tháng 8 - 9/2024``, ``quý III và
IV/2024``: the second is due); a year ``năm 2025``; a day of every year ``15/12 hằng năm``, ``tháng 01 hằng
năm``, ``Quý I hằng năm``; in a time column also a span of years ``2023 - 2025``. Whitespace inside a form may
be a line break (a date split over two lines).

Lead words: ``trước``, ``chậm nhất (là)``, ``hạn chót``, ``xong (trước)``, ``hoàn thành (trong|trước|vào)``,
``trong``, ``vào (dịp)``, ``đến (hết)``, ``từ nay đến hết``, ``dự kiến``, ``trong kỳ sinh hoạt chi bộ`` … In
running text a date is a deadline only after a lead word (``nhiệm kỳ 2025 - 2030``, ``Quy định … năm 2022``
and ``chuyên đề năm 2024`` are not), except a half-year and a day of every year, which are deadlines
wherever they stand. A range ``từ X đến (hết) Y`` is due at its end. ``trước`` before a month, quarter, half
or year means the end of the period before it; before a day, that day.

``Hằng năm, … vào tháng 10`` (a day or a month without its year, after a lead word, in a sentence that says
``hằng năm``) is a day of every year; elsewhere such a day or month (``Trước ngày 15/4: …``) is due in the
plan's year (``yearless``, made a date by tasks/plan_import/reading/structure.py, with a warning). A line of a
timetable starts with its deadline and a colon (``Tháng 3/2025: Đảng ủy chọn …``).

Annotations (a parenthesis, a ``Thời gian: …`` line or label, a time column) are read whole and are explicit: a
date with or without its lead word, ``thường xuyên``, ``hằng năm``, ``định kỳ 6 tháng``, ``6 tháng một lần``,
``sau khi X``, ``khi có hướng dẫn …``, ``theo hướng dẫn của X``; after a time label, ``giai đoạn``, ``năm`` or ``từ`` also a
span of years (``(năm 2025 - 2026)``; a bare ``(2020 - 2025)`` is a term, not a deadline). In running text ``định kỳ hằng năm``,
``định kỳ 6 tháng`` and ``(sau) khi X có hướng dẫn / ban hành … / có quyết định …`` are kept with
``explicit: false``: there they say how the work is done more than when it is due.

Kinds: dated (due on the last day allowed, at the precision written: a half-year is stored as its last day
at month precision, the wording kept in ``source``), annual (with ``annual_day`` 'MM-DD' when a day of the
year is written: a month gives its last day, a quarter the last day of its last month), ongoing (also for
``định kỳ 6 tháng``: an ongoing task reports at each of the plan's periods; a warning asks for a half-year
one), triggered (``trigger`` is what is awaited).
"""

import bisect
import calendar
import datetime
import re
from dataclasses import dataclass

from django.utils.translation import gettext as _

from tasks.plan_import.reading.text import fold, nfc, strip_end

_B = r"(?<![a-z0-9])"  # a word starts here
_E = r"(?![a-z0-9])"  # and ends here
_QUARTER = r"(?:iv|i{1,3}|[1-4])"
_YEAR_SEP = r"\s*(?:[/.\-]\s*|\s+nam\s+|\s+)"
_TIME = r"(?:(?:luc\s+)?\d{1,2}\s*(?:h|gio)\s*(?:\d{1,2}\s*(?:phut|p)?)?\s*,?\s*)?"
# "tháng 8 - 9/2024", "quý III và IV/2024": two periods sharing the year, due at the second.
_ALSO = r"\s*(?:[-–,]|va)\s*"
_EVERY_YEAR = r"\s*,?\s*(?:hang|moi)\s+nam" + _E

FORMS = (
    # a day of every year
    r"(?:ngay\s*)?(?P<ad>\d{1,2})\s*[/.\-]\s*(?P<am>\d{1,2})"
    + _EVERY_YEAR
    + r"|(?:ngay\s+)?(?P<awd>\d{1,2})\s+thang\s+(?P<awm>\d{1,2})"
    + _EVERY_YEAR
    + r"|thang\s*(?P<amm>\d{1,2})"
    + _EVERY_YEAR
    + r"|quy\s*(?P<aq>"
    + _QUARTER
    + r")"
    + _EVERY_YEAR
    # dates
    + r"|"
    + _TIME
    + r"(?:ngay\s*)?(?P<dd>\d{1,2})\s*(?P<sep>[/.\-])\s*(?P<dm>\d{1,2})\s*(?P=sep)\s*(?P<dy>\d{4})(?!\d)"
    + r"|"
    + _TIME
    + r"(?:ngay\s+)?(?P<td>\d{1,2})\s+thang\s+(?P<tm>\d{1,2})\s*,?\s+nam\s+(?P<ty>\d{4})(?!\d)"
    + r"|(?:6|sau)\s*thang\s+(?P<half>dau|cuoi)\s+(?:cua\s+)?nam\s*(?P<hy>\d{4})(?!\d)"
    + r"|thang\s*(?:\d{1,2}"
    + _ALSO
    + r"(?:thang\s*)?)?(?P<mm>\d{1,2})"
    + _YEAR_SEP
    + r"(?P<my>\d{4})(?!\d)"
    + r"|quy\s*(?:"
    + _QUARTER
    + _ALSO
    + r"(?:quy\s*)?)?(?P<q>"
    + _QUARTER
    + r")"
    + _YEAR_SEP
    + r"(?P<qy>\d{4})(?!\d)"
    + r"|nam\s*(?P<yy>\d{4})(?!\d)"
)
_FORM = re.compile(_B + r"(?:" + FORMS + r")")
_SPAN = re.compile(
    r"^(?:giai doan\s+|tu\s+(?:nam\s+)?|nam\s+)?(?P<y1>\d{4})\s*(?:[-–]|den(?:\s+het)?)\s*(?:nam\s+)?(?P<y2>\d{4})$"
)
# A lead word right before a form: the window before the form ends with it.
_LEAD = re.compile(
    _B + r"(?P<lead>(?:xong|hoan thanh|han chot|han cuoi|cham nhat|du kien|to chuc|thuc hien)?\s*(?:la\s+)?"
    r"(?:truoc|trong|vao(?:\s+dip)?|den(?:\s+het)?|tu nay den(?:\s+het)?|ky sinh hoat chi bo|sinh hoat chi bo)"
    r"|cham nhat(?:\s+la)?|han chot(?:\s+la)?|han cuoi|hoan thanh|xong|du kien(?:\s+(?:to chuc|hoan thanh))?)"
    r"\s*(?:(?:cuoi|dau|giua)\s+)?(?:ngay\s*)?$"
)
# After a form: "đến (hết)" and another form make it the start of a range, which the end replaces.
_RANGE_ON = re.compile(r"\s*(?:[-–]|den(?:\s+het)?)\s*(?:ngay\s*)?(?=\d|thang|quy|nam|6|sau)")
_BEFORE = re.compile(_B + r"truoc\s*$")
_ANN_LEAD = re.compile(
    r"^(?:(?:thuc hien|hoan thanh|trien khai|to chuc|xong|gui|nop|bao cao|du kien(?:\s+to chuc)?)\s+)?"
    r"(?:(?:truoc|cham nhat(?:\s+la)?|trong|vao(?:\s+dip)?|han(?:\s+chot)?|tu nay den(?:\s+het)?|den(?:\s+het)?"
    r"|cuoi|dau|giua|ky sinh hoat chi bo)\s+)*$"
)
_ANN_RANGE = re.compile(r"^(?:tu\s+)?(?P<first>.+?)\s*(?:[-–]|den(?:\s+het)?)\s*(?P<last>.+)$")
_TRIGGER_VERBS = (
    r"(?:co\s+(?:van ban\s+)?(?:huong dan|quyet dinh|ket luan|chi dao|y kien|chu truong|thong bao)"
    r"|ban hanh|phe duyet|chuan y|thong qua)"
)
_ANN_PERIODIC = [
    ("triggered", re.compile(r"^(?:thuc hien\s+)?(?:ngay\s+)?(?:sau khi|khi)\s+(?P<trigger>\S.*?)\s*$")),
    (
        "triggered",
        re.compile(r"^(?:thuc hien\s+)?theo\s+(?P<trigger>(?:van ban\s+)?huong dan\s+cua\s+\S.*?)\s*$"),
    ),
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
_RUN_PERIODIC = [
    (
        "triggered",
        re.compile(
            _B
            + r"(?:sau\s+)?khi\s+(?P<trigger>[^.;()\n]{0,120}?"
            + _B
            + _TRIGGER_VERBS
            + r"[^.;()\n]{0,120}?)"
            r"\s*(?=[.;()\n]|,\s|$)"
        ),
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
TIME_LINE = re.compile(
    r"(?:^|(?<=\n)|(?<=[.;]\s))(?:thoi gian(?:\s+(?:thuc hien|hoan thanh|trien khai))?|thoi han(?:\s+hoan thanh)?"
    r"|han hoan thanh|tien do(?:\s+thuc hien)?)\s*:\s*(?P<value>[^\n]*)"
)
_TIME_LABEL = re.compile(
    r"^\s*(?:thoi gian|thoi han|tien do|han hoan thanh)(?:\s+(?:thuc hien|hoan thanh|trien khai))?\s*:\s*"
)
# "Hằng năm, tổ chức ... vào tháng 10": a day or month of the year written apart from "hằng năm".
_EVERY_YEAR_WORD = re.compile(_B + r"(?:hang|moi)\s+nam" + _E)
_YEARLESS = re.compile(
    _B + r"(?:ngay\s*(?P<ad>\d{1,2})\s*[/.\-]\s*(?P<am>\d{1,2})|thang\s*(?P<amm>\d{1,2}))"
    r"(?!\s*[/.\-]?\s*\d)(?!\s*,?\s*nam\s*\d)"
)
_LEAD_IN = re.compile(r"^\s*(?P<value>[^:\n]{4,60}?)\s*:\s*\S")
_PAREN = re.compile(r"\(([^()]*)\)")
_ROMAN_QUARTERS = {"i": 1, "ii": 2, "iii": 3, "iv": 4}


@dataclass
class Wording:
    start: int
    end: int
    explicit: bool
    deadline: dict
    warning: str | None = None
    paren: bool = False


def deadline(kind: str, explicit: bool, source: str | None, **values) -> dict:
    result = {"kind": kind, "explicit": explicit, "source": source, "due_on": None, "precision": None}
    result["trigger"] = None
    result.update(values)
    return result


def inferred() -> dict:
    return deadline("ongoing", False, None)


def _last_day(year: int, month: int) -> datetime.date:
    return datetime.date(year, month, calendar.monthrange(year, month)[1])


def _quarter(value: str) -> int:
    return _ROMAN_QUARTERS.get(value) or int(value)


def _annual_day(groups: dict) -> tuple[str, str] | None:
    """('MM-DD', precision) of a day of every year; ValueError when no such day exists."""
    if groups.get("ad") or groups.get("awd"):
        day, month = (groups["ad"], groups["am"]) if groups.get("ad") else (groups["awd"], groups["awm"])
        date = datetime.date(2024, int(month), int(day))  # a leap year: 29/02 exists
        return date.strftime("%m-%d"), "day"
    if groups.get("amm"):
        return _last_day(2023, int(groups["amm"])).strftime("%m-%d"), "month"
    if groups.get("aq"):
        return _last_day(2023, _quarter(groups["aq"]) * 3).strftime("%m-%d"), "quarter"
    return None


def _period_end(groups: dict, before: bool) -> tuple[datetime.date, str]:
    """(last day allowed, precision) of a date form; ValueError when it is not a real date."""
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
        year, quarter = int(groups["qy"]), _quarter(groups["q"])
        if before:
            year, quarter = (year - 1, 4) if quarter == 1 else (year, quarter - 1)
        return _last_day(year, quarter * 3), "quarter"
    if groups.get("yy") or groups.get("y2"):
        year = int(groups.get("yy") or groups["y2"]) - (1 if before else 0)
        return datetime.date(year, 12, 31), "year"
    raise ValueError("no date")


def _impossible(source: str, start: int, end: int) -> Wording:
    return Wording(
        start,
        end,
        True,
        deadline("ongoing", False, source),
        _("“%(wording)s” is not a date that exists; the deadline was left for you to set.")
        % {"wording": source},
    )


def _dated(groups: dict, source: str, start: int, end: int, explicit: bool, before: bool) -> Wording:
    try:
        annual = _annual_day(groups)
        if annual is not None:
            found = deadline("annual", explicit, source, annual_day=annual[0], precision=annual[1])
            return Wording(start, end, explicit, found)
        due_on, precision = _period_end(groups, before)
    except ValueError:
        return _impossible(source, start, end)
    found = deadline("dated", explicit, source, due_on=due_on.isoformat(), precision=precision)
    return Wording(start, end, explicit, found)


def _periodic(kind: str, match: re.Match, original: str, offset: int, explicit: bool) -> Wording:
    source = strip_end(original[match.start() : match.end()])
    warning = None
    if kind == "triggered":
        trigger = strip_end(original[match.start("trigger") : match.end("trigger")])
        found = deadline("triggered", explicit, source, trigger=trigger)
    elif kind == "semiannual":
        found = deadline("ongoing", explicit, source)
        warning = half_year_warning(source)
    elif kind == "quarterly":
        found = deadline("ongoing", explicit, source)
        warning = _(
            "“%(wording)s” asks for reports more often than the plan's reporting periods; the task was "
            "recorded as ongoing: set the reporting calendar of the plan to match."
        ) % {"wording": source}
    else:
        found = deadline(kind, explicit, source)
    return Wording(offset + match.start(), offset + match.end(), explicit, found, warning)


def half_year_warning(wording: str) -> str:
    """What a six-monthly wording ("định kỳ 6 tháng", "6 tháng một lần") asks of the plan."""
    return _(
        "“%(wording)s” asks for a report every six months: the task was recorded as ongoing; keep a "
        "half-year reporting period in the plan's calendar (the default calendar has one)."
    ) % {"wording": wording}


def _forms(folded: str) -> list[re.Match]:
    """Every date form in `folded`, a range's start dropped (its end is what is due)."""
    matches = list(_FORM.finditer(folded))
    kept = []
    for index, match in enumerate(matches):
        following = matches[index + 1] if index + 1 < len(matches) else None
        if following is not None and not match.group("ad") and not match.group("amm"):
            bridge = _RANGE_ON.match(folded, match.end())
            if bridge is not None and bridge.end() == following.start():
                continue
        kept.append(match)
    return kept


def _lead(folded: str, start: int) -> re.Match | None:
    return _LEAD.search(folded[max(0, start - 48) : start])


def annotation_wording(content: str, offset: int, *, column: bool = False) -> Wording | None:
    """The deadline an annotation states (a parenthesis, a ``Thời gian:`` value, a time column), if any.

    `column`: the value of a table's time column, where a span of years (``Giai đoạn 2023 - 2025``) is a
    deadline too."""
    label = _TIME_LABEL.match(fold(content))
    if label is not None:  # "(Thời gian: giai đoạn 2025 - 2027)": the value of a time label
        return annotation_wording(content[label.end() :], offset + label.end(), column=True)
    stripped = content.strip()
    lead = len(content) - len(content.lstrip())
    body = strip_end(stripped, " ,;.:")
    folded = fold(body)
    start = offset + lead
    span = _SPAN.match(re.sub(r"\s+", " ", folded))
    if span and (column or folded.startswith(("giai doan", "nam ", "tu "))):
        found = deadline("dated", True, body, due_on=f"{span['y2']}-12-31", precision="year")
        return Wording(start, start + len(body), True, found)
    whole = _whole_annotation(folded, body, start, column)
    if whole is not None:
        return whole
    found = [w for w in _running_dated(folded, body, start) if w.explicit]
    for kind, pattern in _ANN_PERIODIC:
        match = pattern.search(folded)
        if match:
            found.append(_periodic(kind, match, body, start, True))
    return min(found, key=lambda w: w.start) if found else None


def _whole_annotation(folded: str, body: str, start: int, column: bool) -> Wording | None:
    """The annotation read as one deadline: lead words then one date form, or a range of two."""
    forms = list(_FORM.finditer(folded))
    if not forms or len(forms) > 2:
        return None
    last = forms[-1]
    if folded[last.end() :].strip(" ,.;"):
        return None
    prefix = folded[: forms[0].start()]
    if len(forms) == 2:
        bridge = _RANGE_ON.match(folded, forms[0].end())
        if (
            bridge is None
            or bridge.end() != last.start()
            or not re.fullmatch(r"\s*(?:tu\s*)?(?:ngay\s*)?", prefix)
        ):
            return None
        if not (prefix.strip() or "den" in folded[bridge.start() : bridge.end()] or column):
            return None  # "(03/02/1930 - 03/02/2024)": two dates, not a deadline
        return _dated(last.groupdict(), body, start, start + len(body), True, False)
    if not _ANN_LEAD.match(prefix):
        return None
    before = bool(_BEFORE.search(prefix))
    return _dated(last.groupdict(), body, start, start + len(body), True, before)


def _running_dated(folded: str, text: str, offset: int) -> list[Wording]:
    """Dates after a lead word in running text (and half-years and days of every year anywhere)."""
    found = []
    for match in _forms(folded):
        groups = match.groupdict()
        lead = _LEAD.search(folded, max(0, match.start() - 48), match.start())
        if lead is None and not (groups.get("half") or _annual_day_form(groups)):
            continue
        start = lead.start("lead") if lead else match.start()
        while start < match.start() and folded[start] == " ":
            start += 1
        source = strip_end(text[start : match.end()])
        before = bool(lead) and lead.group("lead").rstrip().endswith("truoc")
        found.append(_dated(groups, source, offset + start, offset + match.end(), True, before))
    return found


def _annual_day_form(groups: dict) -> bool:
    return bool(groups.get("ad") or groups.get("awd") or groups.get("amm") or groups.get("aq"))


class _Taken:
    """Spans already read, kept sorted: whether a new span overlaps one costs a binary search."""

    def __init__(self):
        self.starts: list[int] = []
        self.ends: list[int] = []

    def free(self, start: int, end: int) -> bool:
        index = bisect.bisect_right(self.starts, start)
        if index and self.ends[index - 1] > start:
            return False
        return not (index < len(self.starts) and self.starts[index] < end)

    def take(self, start: int, end: int) -> None:
        index = bisect.bisect_right(self.starts, start)
        self.starts.insert(index, start)
        self.ends.insert(index, end)


def find_wordings(text: str) -> list[Wording]:
    """Every deadline wording in a task's text, in order, without overlaps: annotations first."""
    folded = fold(text)
    found: list[Wording] = []
    taken = _Taken()

    def keep(wording: Wording | None) -> None:
        if wording is not None and taken.free(wording.start, wording.end):
            found.append(wording)
            taken.take(wording.start, wording.end)

    for match in _PAREN.finditer(text):
        wording = annotation_wording(match.group(1), match.start(1))
        if wording is not None:
            wording.start, wording.end, wording.paren = match.start(), match.end(), True
            keep(wording)
    for match in TIME_LINE.finditer(folded):
        keep(_time_line(text, match))
    for wording in _running_dated(folded, text, 0):
        keep(wording)
    keep(_lead_in(folded, text))
    for kind, pattern in _RUN_PERIODIC:
        for match in pattern.finditer(folded):
            keep(_periodic(kind, match, text, 0, False))
    if not any(w.explicit for w in found):
        keep(_yearly_day(folded, text) or _yearless(folded, text))
    return sorted(found, key=lambda w: w.start)


def _lead_in(folded: str, text: str) -> Wording | None:
    """ "Tháng 3/2025: Đảng ủy chọn ...": a timetable's line starts with its deadline and a colon."""
    match = _LEAD_IN.match(folded)
    if match is None:
        return None
    value = text[match.start("value") : match.end("value")]
    wording = _whole_annotation(fold(strip_end(value, " ,;.:")), strip_end(value, " ,;.:"), 0, False)
    if wording is None:
        return None
    wording.start, wording.end = match.start("value"), match.end("value")
    return wording


def _yearless(folded: str, text: str) -> Wording | None:
    """ "Trước ngày 15/4: ...", "trong tháng 5": a day or a month after a lead word, its year left to the plan
    (``yearless``: (month, day or None), which the reader turns into a date, tasks/plan_import/reading/
    structure.py)."""
    for match in _YEARLESS.finditer(folded):
        lead = _lead(folded, match.start())
        if lead is None:
            continue
        start = lead.start("lead") + max(0, match.start() - 48)
        source = strip_end(text[start : match.end()])
        month = int(match["am"] or match["amm"])
        day = int(match["ad"]) if match["ad"] else None
        if not 1 <= month <= 12 or (day is not None and not 1 <= day <= calendar.monthrange(2024, month)[1]):
            return _impossible(source, start, match.end())
        before = lead.group("lead").rstrip().endswith("truoc") and day is None
        found = deadline(
            "dated", True, source, precision="day" if day else "month", yearless=(month, day, before)
        )
        return Wording(start, match.end(), True, found)
    return None


def _yearly_day(folded: str, text: str) -> Wording | None:
    """ "Hằng năm, ... vào tháng 10" / "trước ngày 15/12 của mỗi năm": the day after a lead word, every year."""
    if _EVERY_YEAR_WORD.search(folded) is None:
        return None
    for match in _YEARLESS.finditer(folded):
        lead = _lead(folded, match.start())
        if lead is None:
            continue
        start = lead.start("lead") + max(0, match.start() - 48)
        source = strip_end(text[start : match.end()])
        try:
            day, precision = _annual_day(match.groupdict())
        except ValueError:
            return _impossible(source, start, match.end())
        found = deadline("annual", True, source, annual_day=day, precision=precision)
        return Wording(start, match.end(), True, found)
    return None


def _time_line(text: str, match: re.Match) -> Wording | None:
    value_start = match.start("value")
    wording = annotation_wording(text[value_start : match.end("value")], value_start, column=True)
    if wording is None:
        value = strip_end(text[value_start : match.end("value")])
        if not value:
            return None
        wording = Wording(
            0,
            0,
            False,
            deadline("ongoing", False, value),
            _("Could not read the deadline “%(wording)s”; the task was recorded as ongoing.")
            % {"wording": value},
        )
    wording.start, wording.end = match.start(), match.end()
    return wording


def column_deadline(value: str) -> Wording | None:
    """The deadline written in a task table's time column ("Quý IV/2023", "Hằng năm", "2023 - 2025")."""
    value = nfc(value).strip()
    if not value:
        return None
    return annotation_wording(value, 0, column=True)


def deadline_parse(*, wording: str) -> dict | None:
    """The deadline rule of one wording ("Quý I/2024", "thực hiện thường xuyên"), or None; for review forms."""
    found = annotation_wording(nfc(wording), 0)
    return found.deadline if found is not None and found.deadline["explicit"] else None


def split_on_annotations(text: str) -> list[str]:
    """One task per parenthetical deadline annotation: "A (sau khi ...). B (thường xuyên)." → two texts."""
    annotations = [w for w in find_wordings(text) if w.paren]
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
