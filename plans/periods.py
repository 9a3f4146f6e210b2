"""Reporting periods: the key of the period a due is owed for, the span of due dates a page or a report covers,
and their words. Every page, report and command reads them here (docs/domain.md §4, reporting calendar, and §6).

A due's period key: "2024" (a year), "2024-H1" / "2024-H2" (a half-year), "2024-Q1" … "2024-Q4" (a quarter),
"once" (a one-off task); "" is the column of a task still waiting for its guidance, which has no due yet.

A `Period` is what the compliance matrix and the reports cover: the dues whose due date falls in a year, a
half-year, or between two dates ("2024-03-01..2024-09-30").
"""

import datetime
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.utils.formats import date_format
from django.utils.translation import gettext as _

if TYPE_CHECKING:
    from plans.models import Plan

ONCE = "once"
WAITING = ""
# The kinds of a plan's reporting dates (plans.models.ReportingPeriod.Kind).
HALF_YEAR, ANNUAL, QUARTER = "half_year", "annual", "quarter"

_QUARTERS = ("I", "II", "III", "IV")
# A plan covers at most this many calendar years: a longer period is a typing slip, and every year of it
# multiplies the dues of every task by every organization (a period from 1000 to 2999 made 8,000 dues).
MAX_PLAN_YEARS = 10


def plan_period_error(start: datetime.date, end: datetime.date) -> str:
    """Why a plan cannot run from `start` to `end`, or "" when it can (docs/domain.md §4)."""
    if end < start:
        return _("The plan's period ends before it starts.")
    if end.year - start.year + 1 > MAX_PLAN_YEARS:
        return _("A plan's period covers at most %(years)d calendar years.") % {"years": MAX_PLAN_YEARS}
    return ""


# --- the period a due is owed for ---------------------------------------------------------------------
def due_period_key(*, kind: str, year: int, month: int) -> str:
    """The key of the due that a reporting date (plans.models.ReportingPeriod: its kind and month) makes in
    `year`: the year for an annual report, its half or quarter otherwise. An annual report dated in January
    reports on the year just ended ("trước ngày 15/01 năm sau"): its key is the year before (docs/domain.md,
    "Reporting calendar")."""
    if kind == ANNUAL:
        return str(year - 1 if month == 1 else year)
    if kind == HALF_YEAR:
        return f"{year}-H1" if month <= 6 else f"{year}-H2"
    return f"{year}-Q{(month - 1) // 3 + 1}"


def period_words(key: str) -> str:
    """A due's period in words: "2024-H1" → "6 tháng đầu năm 2024", "2024" → "Năm 2024", "once" → "Một lần";
    a key it does not know is shown as it is."""
    if key == WAITING:
        return _("When the guidance comes")
    if key == ONCE:
        return _("One-off")
    year, _sep, part = key.partition("-")
    if not part:
        return _("Year %(year)s") % {"year": year}
    if part == "H1":
        return _("First half of %(year)s") % {"year": year}
    if part == "H2":
        return _("Second half of %(year)s") % {"year": year}
    if part in ("Q1", "Q2", "Q3", "Q4"):
        return _("Quarter %(quarter)s/%(year)s") % {"quarter": _QUARTERS[int(part[1]) - 1], "year": year}
    return key


def reports_before(key: str, day: datetime.date) -> bool:
    """Whether the period a due's key names ended before `day`: an annual report dated in January of a plan's
    first year would report on the year before the plan (`due_period_key`)."""
    return key.isdigit() and int(key) < day.year


# --- the span of due dates a page or a report covers ----------------------------------------------------
@dataclass(frozen=True)
class Period:
    """Dues whose due date falls between `start` and `end`, both included."""

    key: str
    start: datetime.date
    end: datetime.date

    @property
    def is_range(self) -> bool:
        return ".." in self.key

    @property
    def label(self) -> str:
        if self.is_range:
            return f"{date_format(self.start, 'SHORT_DATE_FORMAT')} – {date_format(self.end, 'SHORT_DATE_FORMAT')}"
        return period_words(self.key)

    def __str__(self) -> str:
        return self.label


def period_phrase(period: Period) -> str:
    """The period inside a sentence, as reports write it: "năm 2023", "6 tháng đầu năm 2023", "từ ngày
    01/03/2023 đến ngày 30/09/2023"."""
    key = period.key
    if key.isdigit():
        return _("in %(year)s") % {"year": key}
    if key.endswith("-H1"):
        return _("in the first half of %(year)s") % {"year": key[:4]}
    if key.endswith("-H2"):
        return _("in the second half of %(year)s") % {"year": key[:4]}
    start, end = (date_format(day, "SHORT_DATE_FORMAT") for day in (period.start, period.end))
    return _("from %(start)s to %(end)s") % {"start": start, "end": end}


def period_year(year: int) -> Period:
    return Period(str(year), datetime.date(year, 1, 1), datetime.date(year, 12, 31))


def period_half(year: int, half: int) -> Period:
    if half == 1:
        return Period(f"{year}-H1", datetime.date(year, 1, 1), datetime.date(year, 6, 30))
    return Period(f"{year}-H2", datetime.date(year, 7, 1), datetime.date(year, 12, 31))


def period_range(*, start: datetime.date, end: datetime.date) -> Period:
    if end < start:
        raise ValueError("the period ends before it starts")
    return Period(f"{start.isoformat()}..{end.isoformat()}", start, end)


def period_parse(value: str) -> Period:
    """ "2024", "2024-H1", "2024-H2" or "2024-03-01..2024-09-30"; ValueError for anything else."""
    value = (value or "").strip()
    if value.isdigit() and len(value) == 4:
        return period_year(int(value))
    if len(value) == 7 and value[:4].isdigit() and value[4:] in ("-H1", "-H2"):
        return period_half(int(value[:4]), int(value[-1]))
    if ".." in value:
        start, end = value.split("..", 1)
        return period_range(start=datetime.date.fromisoformat(start), end=datetime.date.fromisoformat(end))
    raise ValueError(f"not a period: {value!r}")


def plan_periods(*, plan: "Plan", due_years=()) -> list[Period]:
    """The periods offered for a plan: each year of it and each other year in which it has dues
    (`due_years`: a triggered task may fall due after the plan's end, docs/domain.md), and each half-year."""
    periods = []
    for year in sorted(set(plan.years()) | set(due_years)):
        periods += [period_year(year), period_half(year, 1), period_half(year, 2)]
    return periods


def period_default(*, plan: "Plan", today: datetime.date) -> Period:
    """This year, kept within the plan's years."""
    years = plan.years()
    return period_year(min(max(today.year, years.start), years.stop - 1))
