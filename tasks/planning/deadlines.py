"""Deadline rules: the dates a task's own deadline gives, and what state a due is in on a given day.

The rules (docs/domain.md §5); which of these dates become obligations is tasks/planning/obligations.py's:
- ongoing: no date of its own: a line of every periodic report;
- annual: one date per year of the plan, on the task's own day, else the plan's annual report date;
- dated: one due on the last day the wording allows (day, month, quarter or year precision);
- triggered: none until the awaited document is linked; then one due, ``lead_days`` after its date.
"""

import calendar
import datetime
import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from organizations.text import fold
from plans.models import Plan, ReportingPeriod
from plans.periods import ONCE

DEFAULT_ANNUAL = (12, 15)


@dataclass(frozen=True)
class DueSpec:
    period: str
    due_on: datetime.date


def end_of(precision: str, year: int, month: int = 12, day: int | None = None) -> datetime.date:
    """The last day a deadline of this precision allows: the day, or the end of its month, quarter or year."""
    if precision == "day":
        return datetime.date(year, month, day or 1)
    if precision == "month":
        return datetime.date(year, month, calendar.monthrange(year, month)[1])
    if precision == "quarter":
        last_month = ((month - 1) // 3 + 1) * 3
        return datetime.date(year, last_month, calendar.monthrange(year, last_month)[1])
    if precision == "year":
        return datetime.date(year, 12, 31)
    raise ValueError(f"unknown precision {precision!r}")


def _safe_date(year: int, month: int, day: int) -> datetime.date:
    """A yearly date; 29/02 becomes 28/02 in years without it."""
    last = calendar.monthrange(year, month)[1]
    return datetime.date(year, month, min(day, last))


def validate_rule(task) -> None:
    """Reject a deadline rule whose fields do not fit its kind."""
    errors: dict[str, str] = {}
    kind = task.kind
    if kind == "dated":
        if not task.due_on:
            errors["due_on"] = _("A dated task needs a due date.")
        elif not task.precision:
            errors["precision"] = _("Say whether the date is a day, a month, a quarter or a year.")
        elif task.precision != "day":
            expected = end_of(task.precision, task.due_on.year, task.due_on.month)
            if task.due_on != expected:
                errors["due_on"] = _(
                    "At %(precision)s precision the due date must be the last day: %(date)s."
                ) % {
                    "precision": task.get_precision_display().lower(),
                    "date": expected.strftime("%d/%m/%Y"),
                }
    else:
        if task.due_on:
            errors["due_on"] = _("Only dated tasks have a due date.")
        if task.precision:
            errors["precision"] = _("Only dated tasks have a precision.")
    if kind == "triggered":
        if not task.awaited_issuer_id:
            errors["awaited_issuer"] = _("Say whose guidance the task waits for.")
        if not task.awaited_type:
            errors["awaited_type"] = _("Say which kind of document the task waits for.")
    if kind == "annual" and bool(task.annual_month) != bool(task.annual_day):
        errors["annual_day"] = _("Give both the day and the month of the annual due date, or neither.")
    if kind != "annual" and (task.annual_month or task.annual_day):
        errors["annual_day"] = _("Only annual tasks have an annual due date.")
    if task.annual_month and task.annual_day:
        try:
            datetime.date(2024, task.annual_month, task.annual_day)
        except ValueError:
            errors["annual_day"] = _("%(day)s/%(month)s is not a date.") % {
                "day": task.annual_day,
                "month": task.annual_month,
            }
    if errors:
        raise ValidationError(errors)


def reporting_periods(plan: Plan) -> list[ReportingPeriod]:
    """The plan's reporting calendar; a plan without one reports once a year, on 15/12 (docs/domain.md §4)."""
    periods = list(plan.reporting_periods.all())
    if periods:
        return periods
    return [ReportingPeriod(plan=plan, kind=ReportingPeriod.Kind.ANNUAL, month=12, day=15)]


def annual_date(plan: Plan, task=None) -> tuple[int, int]:
    """(month, day) of a task's yearly due: its own if set, else the plan's annual report date."""
    if task is not None and task.annual_month and task.annual_day:
        return task.annual_month, task.annual_day
    for period in reporting_periods(plan):
        if period.kind == ReportingPeriod.Kind.ANNUAL:
            return period.month, period.day
    return DEFAULT_ANNUAL


def due_specs(task, plan: Plan | None = None) -> list[DueSpec]:
    """The dates `task`'s own deadline gives, in date order; none for an ongoing task, which is reported on
    in the periodic reports (tasks/planning/obligations.py)."""
    plan = plan or task.plan
    start, end = plan.period_start, plan.period_end
    specs: list[DueSpec] = []
    if task.kind == "annual":
        month, day = annual_date(plan, task)
        for year in plan.years():
            when = _safe_date(year, month, day)
            if start <= when <= end:
                specs.append(DueSpec(str(year), when))
    elif task.kind == "dated":
        if task.due_on:
            # The last day the wording allows, even if the stored date is elsewhere in the month/quarter/year.
            precision = task.precision or "day"
            when = end_of(precision, task.due_on.year, task.due_on.month, task.due_on.day)
            specs.append(DueSpec(ONCE, when))
    elif task.kind == "triggered":
        document = task.trigger_document
        if document is not None and document.issued_on:
            specs.append(DueSpec(ONCE, document.issued_on + datetime.timedelta(days=task.lead_days)))
    return sorted(specs, key=lambda spec: spec.due_on)


def due_owed_on(due) -> datetime.date | None:
    """The date an organization works to now: once returned, the resubmission date the reviewer set (a week
    after the return by default, tasks.submissions.services.RESUBMIT_DAYS); otherwise the due date."""
    if due.state == "returned" and due.resubmit_on is not None:
        return due.resubmit_on
    return due.due_on


def due_status(
    *,
    state: str,
    due_on: datetime.date | None,
    first_submitted_at: datetime.datetime | None,
    today: datetime.date,
) -> str:
    """What a person sees for a due: the stored state refined by the dates (overdue, late)."""
    from django.utils import timezone

    if due_on is None:
        # Only an open due can lack a date (a trigger not yet met); a handed-in one keeps its state.
        return "waiting" if state == "open" else state
    if state == "open":
        return "overdue" if today > due_on else "open"
    if state == "submitted" and first_submitted_at is not None:
        # Lateness is a fact about the submission: judge it by the committee's calendar day
        # (settings.TIME_ZONE), not by whichever time zone the viewer has activated.
        local = timezone.localtime(first_submitted_at, timezone.get_default_timezone())
        if local.date() > due_on:
            return "late"
    return state


_HALF = re.compile(r"(?:6|sau)\s*thang\s+(dau|cuoi)\s+(?:cua\s+)?nam")


def _half_year(task) -> str:
    """ "6 tháng đầu năm 2024", stored as 30/06/2024 at month precision, worded as the plan words it."""
    if task.precision != "month" or (task.due_on.month, task.due_on.day) not in ((6, 30), (12, 31)):
        return ""
    match = _HALF.search(fold(getattr(task, "deadline_source", "") or ""))
    if match is None or (match.group(1) == "dau") != (task.due_on.month == 6):
        return ""
    if task.due_on.month == 6:
        return _("First half of %(year)s") % {"year": task.due_on.year}
    return _("Second half of %(year)s") % {"year": task.due_on.year}


def deadline_words(task) -> str:
    """The deadline as staff read it: "Thường xuyên", "Hằng năm (hạn 15/12)", "Trước 28/02/2023"..."""
    if task.kind == "ongoing":
        return _("Ongoing")
    if task.kind == "annual":
        month, day = annual_date(task.plan, task)
        return _("Annual (due %(date)s)") % {"date": f"{day:02d}/{month:02d}"}
    if task.kind == "dated" and task.due_on:
        half = _half_year(task)
        if half:
            return half
        if task.precision == "month":
            return _("Within %(month)s") % {"month": task.due_on.strftime("%m/%Y").lstrip("0")}
        if task.precision == "quarter":
            quarter = ("I", "II", "III", "IV")[(task.due_on.month - 1) // 3]
            return _("Quarter %(quarter)s/%(year)s") % {"quarter": quarter, "year": task.due_on.year}
        if task.precision == "year":
            return _("Year %(year)s") % {"year": task.due_on.year}
        return _("Before %(date)s") % {"date": task.due_on.strftime("%d/%m/%Y")}
    if task.kind == "triggered":
        issuer = task.awaited_issuer.short_name or task.awaited_issuer.name if task.awaited_issuer else ""
        if task.trigger_document_id:
            return _("After %(issuer)s guidance %(symbol)s") % {
                "issuer": issuer,
                "symbol": task.trigger_document.symbol,
            }
        return _("Waiting for guidance from %(issuer)s") % {"issuer": issuer}
    return ""
