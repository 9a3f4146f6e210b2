"""What every report shares: the shape of its content (sections, tables, columns), the words for statuses
and figures (a period's words are plans/periods.py's), the queries every kind runs, and the tables and
sentences more than one kind prints.

A report kind (reports/content/plan.py, compliance.py, organization.py) builds a `ReportContent` from these;
the same `ReportContent` feeds the PDF (reports/render/pdf.py) and the Excel workbook (reports/render/excel.py).

The figures come from tasks.monitoring.compliance, the computation behind the compliance matrix, with the same
plan, period and day: a report always says what the matrix said. The scope is the plan's committee (its whole
subtree), whoever asked for the report. Every query is a batch or an aggregate; none runs per row.
"""

import datetime
from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Prefetch
from django.utils import timezone
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from organizations.access import Access
from organizations.models import Organization
from plans.models import Plan, ReportingPeriod
from plans.periods import Period
from reports.content.letterhead import Letterhead
from tasks.models import Due, Task
from tasks.monitoring.statuses import STATUSES

Status = Due.Status


# --- the shape every report shares ----------------------------------------------------------------------
@dataclass(frozen=True)
class Column:
    label: str
    width: float = 0  # share of the table's width in the PDF (0: what is left over)
    format: str = "text"  # text | int | percent | date

    @property
    def numeric(self) -> bool:
        return self.format in ("int", "percent")


@dataclass
class Table:
    key: str
    title: str  # the caption, and the Excel sheet's name (shortened)
    columns: list[Column]
    rows: list[list]
    footer: list | None = None  # the totals row, if any
    sheet: str = ""  # Excel sheet name (at most 31 characters)
    note: str = ""  # a line under the caption
    excel: "Table | None" = None  # the same data one row per item, for the workbook (the PDF groups it)


@dataclass
class Section:
    heading: str
    paragraphs: list[str] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)


@dataclass
class ReportContent:
    kind: str
    plan: Plan
    period: Period
    as_of: datetime.date
    letterhead: Letterhead
    summary: str  # the line under "BÁO CÁO"
    sections: list[Section]
    annexes: list[Table]
    totals: Counter  # dues (and waiting tasks) by status: the matrix's totals
    organization: Organization | None = None

    @property
    def tables(self) -> list[Table]:
        """Every table, body first then annexes: one Excel sheet each (in its one-row-per-item form)."""
        tables = [table for section in self.sections for table in section.tables] + self.annexes
        return [table.excel or table for table in tables]

    @property
    def title(self) -> str:
        return f"{_('REPORT')} {self.summary}"


# --- words ----------------------------------------------------------------------------------------------
def status_label(status: str) -> str:
    return str(Status(status).label)


def short_date(value: datetime.date | None) -> str:
    return date_format(value, "SHORT_DATE_FORMAT") if value else ""


def grouped(value: int) -> str:
    """An integer with its thousands grouped, as a sentence prints it."""
    return number_format(value, force_grouping=True)


def percent(part: int, whole: int) -> str:
    return number_format(round(100 * part / whole, 1) if whole else 0, decimal_pos=1) + "%"


def capitalize(text: str) -> str:
    return text[:1].upper() + text[1:]


def local_day(moment: datetime.datetime | None) -> datetime.date | None:
    if moment is None:
        return None
    return timezone.localtime(moment, timezone.get_default_timezone()).date()


# --- shared queries -------------------------------------------------------------------------------------
def report_access(*, plan: Plan, organization: Organization | None = None) -> Access:
    """The scope a report is computed in: the plan's committee and everything under it (and the reported
    organization, should it lie elsewhere). The same for whoever asks, so two people get the same figures."""
    paths = [plan.owner.path] + ([organization.path] if organization is not None else [])
    kept = sorted({p for p in paths if not any(p != q and p.startswith(q) for q in paths)})
    return Access(user_id=None, scope_paths=tuple(kept), managed_paths=(plan.owner.path,))


def plan_for_report(plan: Plan) -> Plan:
    """The plan with what the wording of deadlines reads (document, owner, reporting calendar), once."""
    return (
        Plan.objects.select_related("document", "owner")
        .prefetch_related(
            Prefetch("reporting_periods", queryset=ReportingPeriod.objects.order_by("month", "day"))
        )
        .get(pk=plan.pk)
    )


def plan_tasks(plan: Plan) -> list[Task]:
    """The plan's tasks in the plan's order (every table names them through `task_numbers`)."""
    tasks = list(
        Task.objects.filter(plan=plan)
        .select_related("section", "awaited_issuer", "trigger_document")
        .order_by("position", "pk")
    )
    for task in tasks:
        task.plan = plan  # deadline_words reads the plan's calendar: already fetched
    return tasks


def task_numbers(tasks: list[Task]) -> dict[int, str]:
    """How the reports name each task: by its number from its place in the plan (docs/domain.md §4), or by
    its place in the list when it has none."""
    return {task.pk: task.number or str(i) for i, task in enumerate(tasks, start=1)}


def period_dues(*, tasks: list[Task], period: Period, organizations):
    """The dues a compliance grid counts: the plan's deliverables and periodic reports (not the own work of
    the committee's bodies, tasks.monitoring.compliance), falling in the period, of its organizations."""
    return Due.objects.filter(
        plan_id__in={task.plan_id for task in tasks},
        due_on__gte=period.start,
        due_on__lte=period.end,
        organization__in=organizations.order_by().values("pk"),
    ).exclude(kind=Due.Kind.OWN)


# --- shared tables and sentences ------------------------------------------------------------------------
def status_columns(statuses=STATUSES, *, width: float = 8) -> list[Column]:
    return [Column(status_label(status), width, "int") for status in statuses]


def status_counts(counter: Counter, statuses=STATUSES) -> list[int]:
    return [counter.get(status, 0) for status in statuses]


def dues_count(totals: Counter) -> int:
    """Dues proper: every cell but the tasks still waiting for guidance (which have no due yet)."""
    return sum(totals.values()) - totals.get(Status.WAITING, 0)


def overview_sentence(*, totals: Counter, as_of: datetime.date) -> str:
    """One sentence of figures: accepted, handed in, returned, overdue, not yet due, waiting."""
    handed_in = totals.get(Status.SUBMITTED, 0) + totals.get(Status.LATE, 0)
    return _(
        "As of %(as_of)s: %(accepted)s accepted (%(accepted_share)s), %(handed_in)s handed in and waiting "
        "for review (%(late)s of them late), %(returned)s returned, %(overdue)s overdue and not handed in, "
        "%(open)s not yet due; %(waiting)s waiting for guidance."
    ) % {
        "as_of": short_date(as_of),
        "accepted": grouped(totals.get(Status.ACCEPTED, 0)),
        "accepted_share": percent(totals.get(Status.ACCEPTED, 0), dues_count(totals)),
        "handed_in": grouped(handed_in),
        "late": grouped(totals.get(Status.LATE, 0)),
        "returned": grouped(totals.get(Status.RETURNED, 0)),
        "overdue": grouped(totals.get(Status.OVERDUE, 0)),
        "open": grouped(totals.get(Status.OPEN, 0)),
        "waiting": grouped(totals.get(Status.WAITING, 0)),
    }


def status_table(*, totals: Counter, key: str, title: str) -> Table:
    """Dues by state: number and share of each, with the total."""
    whole = sum(totals.values())
    rows = [[status_label(s), totals.get(s, 0), (totals.get(s, 0) / whole if whole else 0)] for s in STATUSES]
    return Table(
        key=key,
        title=title,
        sheet=pgettext("sheet name", "Totals"),
        columns=[Column(_("State"), 0), Column(_("Number"), 25, "int"), Column(_("Share"), 25, "percent")],
        rows=rows,
        footer=[_("Total"), whole, 1 if whole else 0],
    )


def results_report(*, summary: str, paragraphs: list[str], totals, annex: Table, **content) -> ReportContent:
    """A report whose body is one section of overall results (the paragraphs and the dues by state) with the
    detail in one annex: the compliance report and an organization's own report."""
    return ReportContent(
        summary=capitalize(summary),
        sections=[
            Section(
                _("I. OVERALL RESULTS"),
                paragraphs,
                [status_table(totals=totals, key="totals", title=_("Dues by state"))],
            )
        ],
        annexes=[annex],
        totals=totals,
        **content,
    )
