"""What a report says, as plain data: the letterhead, the body's sections and tables, and the annexes.

Three reports, each one function:
- `plan_report_data`: how a plan was carried out over a period: totals by deadline kind and status, every
  task with its lead unit and its statuses across the organizations, the organizations late or missing,
  the accepted submissions with their document numbers;
- `compliance_report_data`: each organization's dues counted by status;
- `organization_report_data`: one organization's own dues, one row each.

The figures come from tasks.monitoring.compliance, the computation behind the compliance matrix, with the same plan,
period and day: a report always says what the matrix said. The scope is the plan's committee (its whole
subtree), whoever asked for the report. Every query is a batch or an aggregate; none runs per row.

The same `ReportContent` feeds the PDF (reports/render/pdf.py) and the Excel workbook (reports/render/excel.py).
"""

import datetime
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db.models import Case, Count, IntegerField, OuterRef, Prefetch, Subquery, Value, When
from django.utils import timezone
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from organizations.access import Access
from organizations.models import Membership, Organization
from plans.models import Plan, ReportingPeriod
from tasks.models import Due, Review, Submission, Task, TaskUnit
from tasks.monitoring import compliance
from tasks.monitoring.compliance import Filters, Period
from tasks.monitoring.statuses import STATUSES, period_words, status_expression
from tasks.planning.deadlines import ONCE, deadline_words

Status = Due.Status
BEHIND = (Status.OVERDUE.value, Status.LATE.value, Status.RETURNED.value)


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
class Letterhead:
    superior: str  # top left, capitals: "ĐẢNG BỘ TỈNH BÌNH ĐỊNH"
    issuer: str  # top left, bold capitals: "ĐẢNG ỦY KHỐI CÁC CƠ QUAN TỈNH"
    issuer_name: str  # the same in a sentence: "Ban Thường vụ Đảng ủy Khối các cơ quan tỉnh"
    symbol_suffix: str  # "BC/ĐUK": the number before it is left blank for the clerk
    place: str
    issued_on: datetime.date
    signature_authority: str  # "T/M BAN THƯỜNG VỤ"
    signature_title: str  # "BÍ THƯ"
    signature_name: str
    recipients: list[str]

    @property
    def issuer_lines(self) -> list[str]:
        return balanced_lines(self.issuer)

    @property
    def superior_lines(self) -> list[str]:
        return balanced_lines(self.superior)

    @property
    def place_date(self) -> str:
        """ "Quy Nhơn, ngày 05 tháng 02 năm 2024": days under 10 and months 1 and 2 take a leading zero
        (Hướng dẫn 36-HD/VPTW)."""
        day, month = self.issued_on.day, self.issued_on.month
        return _("%(place)s, %(day)s/%(month)s/%(year)s") % {
            "place": self.place,
            "day": f"{day:02d}",
            "month": f"{month:02d}" if month <= 2 else str(month),
            "year": self.issued_on.year,
        }

    @property
    def recipient_lines(self) -> list[str]:
        """ "- Tỉnh ủy (b/c)," ... "- Lưu Văn phòng.": a dash before each, a comma after, a full stop last."""
        lines = [r.strip().rstrip(",.;") for r in self.recipients if r.strip()]
        return [f"- {line}{'.' if i == len(lines) - 1 else ','}" for i, line in enumerate(lines)]


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


def period_phrase(period: Period) -> str:
    """The period inside a sentence: "năm 2023", "6 tháng đầu năm 2023", "từ ngày 01/03/2023 đến ngày ..."."""
    key = period.key
    if key.isdigit():
        return _("in %(year)s") % {"year": key}
    if key.endswith("-H1"):
        return _("in the first half of %(year)s") % {"year": key[:4]}
    if key.endswith("-H2"):
        return _("in the second half of %(year)s") % {"year": key[:4]}
    return _("from %(start)s to %(end)s") % {"start": _date(period.start), "end": _date(period.end)}


def _date(value: datetime.date | None) -> str:
    return date_format(value, "SHORT_DATE_FORMAT") if value else ""


def _int(value: int) -> str:
    return number_format(value, force_grouping=True)


def _percent(part: int, whole: int) -> str:
    return number_format(round(100 * part / whole, 1) if whole else 0, decimal_pos=1) + "%"


def _capitalize(text: str) -> str:
    return text[:1].upper() + text[1:]


def _local_day(moment: datetime.datetime | None) -> datetime.date | None:
    if moment is None:
        return None
    return timezone.localtime(moment, timezone.get_default_timezone()).date()


# --- the letterhead -------------------------------------------------------------------------------------
def balanced_lines(text: str, *, width: int = 24) -> list[str]:
    """A name too long for the letterhead's column, cut at the space that gives two lines of nearly equal
    length ("ĐẢNG ỦY KHỐI / CÁC CƠ QUAN TỈNH") rather than a lone last word."""
    if len(text) <= width or " " not in text:
        return [text]
    spaces = [i for i, ch in enumerate(text) if ch == " "]
    cut = min(spaces, key=lambda i: max(i, len(text) - i - 1))
    return [text[:cut], text[cut + 1 :]]


_PARTY_BODY_OF = (
    # A committee (cấp ủy) writes in the name of its Party organization (đảng bộ) one level up.
    ("Tỉnh ủy ", "Đảng bộ tỉnh "),
    ("Thành ủy ", "Đảng bộ thành phố "),
    ("Huyện ủy ", "Đảng bộ huyện "),
    ("Thị ủy ", "Đảng bộ thị xã "),
    ("Đảng ủy ", "Đảng bộ "),
)


def party_organization_name(organization: Organization | None) -> str:
    """The Party organization a committee belongs to, as the superior line names it: "Tỉnh ủy Bình Định"
    → "Đảng bộ tỉnh Bình Định", "Đảng ủy Khối các cơ quan tỉnh" → "Đảng bộ Khối các cơ quan tỉnh"."""
    if organization is None:
        return ""
    for committee, body in _PARTY_BODY_OF:
        if organization.name.startswith(committee):
            return body + organization.name[len(committee) :]
    return organization.name


def issuing_body_name(organization: Organization) -> str:
    """Who issues: a đảng bộ writes as its committee (Đảng bộ Sở Y tế → Đảng ủy Sở Y tế); a chi bộ or a
    committee writes under its own name."""
    if organization.name.startswith("Đảng bộ "):
        return "Đảng ủy " + organization.name[len("Đảng bộ ") :]
    return organization.name


def _parent(organization: Organization) -> Organization | None:
    if organization.depth <= 1:
        return None
    return Organization.objects.filter(path=organization.path[: -organization.steplen]).first()


def plan_letterhead(*, plan: Plan, as_of: datetime.date) -> Letterhead:
    owner = plan.owner
    parent = _parent(owner)
    recipients = []
    if parent is not None:
        recipients.append(_("%(committee)s (for reporting)") % {"committee": parent.name})
    recipients += [_("Members of the Standing Committee"), _("Office files")]
    return Letterhead(
        superior=party_organization_name(parent).upper(),
        issuer=issuing_body_name(owner).upper(),
        issuer_name=_("the Standing Committee of %(committee)s") % {"committee": issuing_body_name(owner)},
        symbol_suffix=f"BC/{plan.document.issuer_code}",
        place=plan.place or _("Quy Nhơn"),
        issued_on=as_of,
        signature_authority=plan.signature_authority or _("ON BEHALF OF THE STANDING COMMITTEE"),
        signature_title=plan.signature_title or _("SECRETARY"),
        signature_name=plan.signature_name,
        recipients=recipients,
    )


def organization_letterhead(*, plan: Plan, organization: Organization, as_of: datetime.date) -> Letterhead:
    parent = _parent(organization)
    is_committee = organization.name.startswith(("Đảng bộ ", "Đảng ủy "))
    secretary = (
        Membership.objects.filter(
            organization=organization, role=Membership.Role.SECRETARY, is_active=True, user__is_active=True
        )
        .select_related("user")
        .order_by("pk")
        .first()
    )
    recipients = []
    if parent is not None:
        recipients.append(_("%(committee)s (for reporting)") % {"committee": parent.name})
    recipients.append(pgettext("recipients", "Files"))
    return Letterhead(
        superior=party_organization_name(parent).upper(),
        issuer=issuing_body_name(organization).upper(),
        issuer_name=issuing_body_name(organization),
        symbol_suffix="BC/ĐU" if is_committee else "BC/CB",
        place=plan.place or _("Quy Nhơn"),
        issued_on=as_of,
        signature_authority=(
            _("ON BEHALF OF THE PARTY COMMITTEE") if is_committee else _("ON BEHALF OF THE PARTY CELL")
        ),
        signature_title=_("SECRETARY"),
        signature_name=secretary.user.get_full_name() if secretary else "",
        recipients=recipients,
    )


# --- shared queries -------------------------------------------------------------------------------------
def report_access(*, plan: Plan, organization: Organization | None = None) -> Access:
    """The scope a report is computed in: the plan's committee and everything under it (and the reported
    organization, should it lie elsewhere). The same for whoever asks, so two people get the same figures."""
    paths = [plan.owner.path] + ([organization.path] if organization is not None else [])
    kept = sorted({p for p in paths if not any(p != q and p.startswith(q) for q in paths)})
    return Access(user_id=None, scope_paths=tuple(kept), managed_paths=(plan.owner.path,))


def _plan_for_report(plan: Plan) -> Plan:
    """The plan with what the wording of deadlines reads (document, owner, reporting calendar), once."""
    return (
        Plan.objects.select_related("document", "owner")
        .prefetch_related(
            Prefetch("reporting_periods", queryset=ReportingPeriod.objects.order_by("month", "day"))
        )
        .get(pk=plan.pk)
    )


def _tasks(plan: Plan) -> list[Task]:
    tasks = list(
        Task.objects.filter(plan=plan)
        .select_related("section", "awaited_issuer", "trigger_document")
        .order_by("position", "pk")
    )
    for task in tasks:
        task.plan = plan  # deadline_words reads the plan's calendar: already fetched
    return tasks


def _lead_units(task_ids: list[int]) -> dict[int, str]:
    leads: dict[int, list[str]] = defaultdict(list)
    for task_id, name in (
        TaskUnit.objects.filter(task_id__in=task_ids, role=TaskUnit.Role.LEAD)
        .order_by("task_id", "position", "pk")
        .values_list("task_id", "name")
    ):
        leads[task_id].append(name)
    return {task_id: "; ".join(names) for task_id, names in leads.items()}


def _period_dues(*, tasks: list[Task], period: Period, organizations):
    """The dues a compliance grid counts: the plan's, falling in the period, of its organizations."""
    return Due.objects.filter(
        task_id__in=[task.pk for task in tasks],
        due_on__gte=period.start,
        due_on__lte=period.end,
        organization__in=organizations.order_by().values("pk"),
    )


def _status_columns(statuses=STATUSES, *, width: float = 8) -> list[Column]:
    return [Column(status_label(status), width, "int") for status in statuses]


def _counts(counter: Counter, statuses=STATUSES) -> list[int]:
    return [counter.get(status, 0) for status in statuses]


def _overview(*, totals: Counter, as_of: datetime.date) -> str:
    """One sentence of figures: accepted, handed in, returned, overdue, not yet due, waiting."""
    handed_in = totals.get(Status.SUBMITTED, 0) + totals.get(Status.LATE, 0)
    return _(
        "As of %(as_of)s: %(accepted)s accepted (%(accepted_share)s), %(handed_in)s handed in and waiting "
        "for review (%(late)s of them late), %(returned)s returned, %(overdue)s overdue and not handed in, "
        "%(open)s not yet due; %(waiting)s waiting for guidance."
    ) % {
        "as_of": _date(as_of),
        "accepted": _int(totals.get(Status.ACCEPTED, 0)),
        "accepted_share": _percent(totals.get(Status.ACCEPTED, 0), _dues_count(totals)),
        "handed_in": _int(handed_in),
        "late": _int(totals.get(Status.LATE, 0)),
        "returned": _int(totals.get(Status.RETURNED, 0)),
        "overdue": _int(totals.get(Status.OVERDUE, 0)),
        "open": _int(totals.get(Status.OPEN, 0)),
        "waiting": _int(totals.get(Status.WAITING, 0)),
    }


def _dues_count(totals: Counter) -> int:
    """Dues proper: every cell but the tasks still waiting for guidance (which have no due yet)."""
    return sum(totals.values()) - totals.get(Status.WAITING, 0)


def _status_table(*, totals: Counter, key: str, title: str) -> Table:
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


# --- (a) implementation of a plan -----------------------------------------------------------------------
def plan_report_data(*, plan: Plan, period: Period, today: datetime.date) -> ReportContent:
    plan = _plan_for_report(plan)
    access = report_access(plan=plan)
    grid = compliance.compliance_grid(access=access, plan=plan, period=period, today=today, with_rows=False)
    shape = compliance.plan_shape(plan=plan)
    organizations = compliance.compliance_organizations(
        access=access, plan=plan, period=period, shape=shape, filters=Filters(), today=today
    )
    tasks = _tasks(plan)
    number = {task.pk: i for i, task in enumerate(tasks, start=1)}
    leads = _lead_units([task.pk for task in tasks])

    per_task: dict[int, Counter] = defaultdict(Counter)
    by_kind: dict[str, Counter] = defaultdict(Counter)
    for column in grid.columns:
        per_task[column.task.pk].update(column.totals)
        by_kind[column.task.kind].update(column.totals)
    totals = Counter(grid.totals)
    dues_total = sum(totals.values())

    kind_rows = [
        [str(label), *_counts(by_kind[kind]), sum(by_kind[kind].values())]
        for kind, label in Task.Kind.choices
    ]
    by_kind_table = Table(
        key="by_kind",
        title=_("Dues by deadline kind and state"),
        sheet=pgettext("sheet name", "By deadline kind"),
        columns=[Column(_("Deadline kind"), 0), *_status_columns(), Column(_("Total"), 8, "int")],
        rows=kind_rows,
        footer=[_("Total"), *_counts(totals), dues_total],
    )

    task_rows = []
    for task in tasks:
        counts = per_task.get(task.pk, Counter())
        task_rows.append(
            [
                number[task.pk],
                task.text,
                deadline_words(task),
                leads.get(task.pk, ""),
                *_counts(counts),
                sum(counts.values()),
            ]
        )
    tasks_table = Table(
        key="tasks",
        title=_("Each task and its state across the organizations"),
        sheet=pgettext("sheet name", "Tasks"),
        columns=[
            Column(pgettext("table column", "No."), 4, "int"),
            Column(_("Task"), 0),
            Column(_("Deadline"), 11),
            Column(_("Lead unit"), 11),
            *_status_columns(width=5),
            Column(_("Total"), 5, "int"),
        ],
        rows=task_rows,
        footer=["", _("Total"), "", "", *_counts(totals), dues_total],
    )

    # Organizations late or missing: one query over the dues behind, grouped here.
    dues = _period_dues(tasks=tasks, period=period, organizations=organizations)
    behind: dict[int, dict] = {}
    for org_id, name, path, task_id, status, count in (
        dues.annotate(shown=status_expression(today=today))
        .filter(shown__in=BEHIND)
        .values("organization_id", "organization__name", "organization__path", "task_id", "shown")
        .annotate(count=Count("pk"))
        .values_list(
            "organization_id", "organization__name", "organization__path", "task_id", "shown", "count"
        )
        .order_by()
    ):
        entry = behind.setdefault(org_id, {"name": name, "path": path, "counts": Counter(), "overdue": set()})
        entry["counts"][status] += count
        if status == Status.OVERDUE:
            entry["overdue"].add(number[task_id])
    ranked = sorted(
        behind.values(),
        key=lambda e: (
            -e["counts"][Status.OVERDUE],
            -e["counts"][Status.RETURNED],
            -e["counts"][Status.LATE],
            e["path"],
        ),
    )
    behind_rows = [
        [
            i,
            entry["name"],
            entry["counts"][Status.OVERDUE],
            entry["counts"][Status.RETURNED],
            entry["counts"][Status.LATE],
            ", ".join(str(n) for n in sorted(entry["overdue"])),
        ]
        for i, entry in enumerate(ranked, start=1)
    ]
    behind_table = Table(
        key="behind",
        title=_("Organizations late or missing"),
        sheet=pgettext("sheet name", "Late or missing"),
        note=_("Overdue: not handed in after the due date. Tasks are numbered as in Annex 1."),
        columns=[
            Column(pgettext("table column", "No."), 5, "int"),
            Column(_("Party organization"), 0),
            Column(status_label(Status.OVERDUE), 10, "int"),
            Column(status_label(Status.RETURNED), 10, "int"),
            Column(status_label(Status.LATE), 10, "int"),
            Column(_("Overdue tasks (No.)"), 22),
        ],
        rows=behind_rows,
        footer=[
            "",
            _("Total"),
            totals.get(Status.OVERDUE, 0),
            totals.get(Status.RETURNED, 0),
            totals.get(Status.LATE, 0),
            "",
        ],
    )

    # Accepted submissions: the accepted version of each accepted due, with its document number.
    accepted = (
        Review.objects.filter(
            decision=Review.Decision.ACCEPTED,
            submission__due__in=dues.filter(state=Due.State.ACCEPTED).values("pk"),
        )
        .order_by(
            "submission__due__organization__path", "submission__due__due_on", "submission__due__task_id"
        )
        .values_list(
            "submission__due__organization__name",
            "submission__due__organization__path",
            "submission__due__task_id",
            "submission__due__period",
            "submission__due__due_on",
            "submission__document_symbol",
            "submission__submitted_at",
            "reviewed_at",
        )
    )
    accepted_rows, grouped, no_number = [], {}, _("no number")
    for i, (name, path, task_id, due_period, due_on, symbol, sent, seen) in enumerate(accepted, start=1):
        accepted_rows.append(
            [
                i,
                name,
                number[task_id],
                period_words(due_period),
                due_on,
                symbol,
                _local_day(sent),
                _local_day(seen),
            ]
        )
        entry = grouped.setdefault(path, {"name": name, "items": []})
        when = "" if due_period in (ONCE, period.key) else f" ({period_words(due_period)})"
        entry["items"].append(f"{number[task_id]}{when}: {symbol or no_number}")
    accepted_detail = Table(
        key="accepted",
        title=_("Accepted submissions"),
        sheet=pgettext("sheet name", "Accepted"),
        note=_("Tasks are numbered as in Annex 1."),
        columns=[
            Column(pgettext("table column", "No."), 6, "int"),
            Column(_("Party organization"), 0),
            Column(_("Task No."), 7, "int"),
            Column(_("Period"), 14),
            Column(_("Due date"), 10, "date"),
            Column(_("Document number"), 14),
            Column(_("Handed in on"), 10, "date"),
            Column(_("Accepted on"), 10, "date"),
        ],
        rows=accepted_rows,
    )
    # The PDF lists them by organization, one row each: a bloc of a thousand organizations accepts tens of
    # thousands of submissions a year, which would run to hundreds of pages one row each.
    accepted_table = Table(
        key="accepted_by_organization",
        title=_("Accepted submissions"),
        note=_(
            "Each accepted submission as “task number (period): document number”; tasks are numbered as in Annex 1."
        ),
        columns=[
            Column(pgettext("table column", "No."), 5, "int"),
            Column(_("Party organization"), 30),
            Column(_("Accepted"), 9, "int"),
            Column(_("Tasks and document numbers"), 0),
        ],
        rows=[
            [i, entry["name"], len(entry["items"]), "; ".join(entry["items"])]
            for i, entry in enumerate(grouped.values(), start=1)
        ],
        footer=["", _("Total"), len(accepted_rows), ""],
        excel=accepted_detail,
    )

    phrase = period_phrase(period)
    overview = [
        _(
            "Plan %(symbol)s has %(tasks)s tasks carried out by %(organizations)s Party organizations. "
            "%(period)s, %(dues)s dues fell due."
        )
        % {
            "symbol": plan.document.symbol,
            "tasks": _int(len(tasks)),
            "organizations": _int(grid.organizations),
            "period": _capitalize(phrase),
            "dues": _int(_dues_count(totals)),
        },
        _overview(totals=totals, as_of=today),
    ]
    late_orgs = sum(1 for e in behind.values() if e["counts"][Status.OVERDUE])
    behind_text = [
        _(
            "%(missing)s Party organizations have overdue dues not handed in, %(behind)s in all are late, "
            "missing or returned (Annex 2). %(accepted)s submissions were accepted (Annex 3)."
        )
        % {
            "missing": _int(late_orgs),
            "behind": _int(len(behind)),
            "accepted": _int(len(accepted_rows)),
        }
    ]
    return ReportContent(
        kind="plan",
        plan=plan,
        period=period,
        as_of=today,
        letterhead=plan_letterhead(plan=plan, as_of=today),
        summary=_capitalize(
            _("results of carrying out Plan %(symbol)s %(period)s")
            % {"symbol": plan.document.symbol, "period": phrase}
        ),
        sections=[
            Section(_("I. OVERALL RESULTS"), overview, [by_kind_table]),
            Section(
                _("II. TASKS"),
                [_("The state of each task across the organizations is set out in Annex 1.")],
            ),
            Section(_("III. ORGANIZATIONS LATE OR MISSING"), behind_text),
        ],
        annexes=[tasks_table, behind_table, accepted_table],
        totals=totals,
    )


# --- (b) compliance by organization ---------------------------------------------------------------------
def compliance_report_data(*, plan: Plan, period: Period, today: datetime.date) -> ReportContent:
    plan = _plan_for_report(plan)
    access = report_access(plan=plan)
    grid = compliance.compliance_grid(access=access, plan=plan, period=period, today=today, with_rows=False)
    shape = compliance.plan_shape(plan=plan)
    organizations = compliance.compliance_organizations(
        access=access, plan=plan, period=period, shape=shape, filters=Filters(), today=today
    )
    dues = _period_dues(tasks=shape.tasks, period=period, organizations=organizations)
    counts: dict[int, Counter] = defaultdict(Counter)
    for org_id, status, count in compliance.status_tally(dues, by=["organization_id"], today=today):
        counts[org_id][status] += count
    waiting = shape.waiting_tasks
    flags = {
        f"t{task.pk}": Case(
            When(shape.designation[task.pk], then=Value(1)), default=Value(0), output_field=IntegerField()
        )
        for task in waiting
    }
    rows, totals = [], Counter()
    for i, org in enumerate(organizations.values("pk", "name", **flags), start=1):
        counter = Counter(counts.get(org["pk"], Counter()))
        waiting_here = sum(org[key] for key in flags)
        if waiting_here:
            counter[Status.WAITING] += waiting_here
        totals.update(counter)
        owed = _dues_count(counter)
        rows.append(
            [
                i,
                org["name"],
                *_counts(counter),
                sum(counter.values()),
                counter[Status.ACCEPTED] / owed if owed else 0,
            ]
        )
    whole, owed = sum(totals.values()), _dues_count(totals)
    table = Table(
        key="organizations",
        title=_("Dues of each Party organization by state"),
        sheet=pgettext("sheet name", "Organizations"),
        columns=[
            Column(pgettext("table column", "No."), 5, "int"),
            Column(_("Party organization"), 0),
            *_status_columns(width=6),
            Column(_("Total"), 6, "int"),
            Column(_("Accepted share"), 8, "percent"),
        ],
        rows=rows,
        footer=["", _("Total"), *_counts(totals), whole, totals[Status.ACCEPTED] / owed if owed else 0],
    )
    grid_totals = Counter(grid.totals)
    phrase = period_phrase(period)
    paragraphs = [
        _(
            "%(period)s, %(organizations)s Party organizations carry out Plan %(symbol)s; %(dues)s dues fell due."
        )
        % {
            "period": _capitalize(phrase),
            "organizations": _int(grid.organizations),
            "symbol": plan.document.symbol,
            "dues": _int(_dues_count(grid_totals)),
        },
        _overview(totals=grid_totals, as_of=today),
        _("Each organization's figures are set out in Annex 1."),
    ]
    return _results_report(
        kind="compliance",
        plan=plan,
        period=period,
        as_of=today,
        letterhead=plan_letterhead(plan=plan, as_of=today),
        summary=_("compliance of the Party organizations with Plan %(symbol)s %(period)s")
        % {"symbol": plan.document.symbol, "period": phrase},
        paragraphs=paragraphs,
        totals=grid_totals,
        annex=table,
    )


def _results_report(*, summary: str, paragraphs: list[str], totals, annex: Table, **content) -> ReportContent:
    """A report whose body is one section of overall results (the paragraphs and the dues by state) with the
    detail in one annex: the compliance report and an organization's own report."""
    return ReportContent(
        summary=_capitalize(summary),
        sections=[
            Section(
                _("I. OVERALL RESULTS"),
                paragraphs,
                [_status_table(totals=totals, key="totals", title=_("Dues by state"))],
            )
        ],
        annexes=[annex],
        totals=totals,
        **content,
    )


# --- (c) an organization's own report -------------------------------------------------------------------
def organization_report_data(
    *, plan: Plan, period: Period, organization: Organization, today: datetime.date
) -> ReportContent:
    plan = _plan_for_report(plan)
    access = report_access(plan=plan, organization=organization)
    filters = Filters(organization=organization.pk)
    grid = compliance.compliance_grid(
        access=access, plan=plan, period=period, filters=filters, today=today, with_rows=False
    )
    shape = compliance.plan_shape(plan=plan)
    organizations = compliance.compliance_organizations(
        access=access, plan=plan, period=period, shape=shape, filters=filters, today=today
    )
    tasks = _tasks(plan)
    by_pk = {task.pk: task for task in tasks}
    number = {task.pk: i for i, task in enumerate(tasks, start=1)}
    latest = Submission.objects.active().filter(due=OuterRef("pk")).order_by("-version").values("pk")[:1]
    dues = list(
        _period_dues(tasks=tasks, period=period, organizations=organizations)
        .annotate(
            shown=status_expression(today=today),
            latest_id=Subquery(latest, output_field=IntegerField()),
        )
        .order_by("due_on", "task__position", "task_id", "pk")
        .values_list("task_id", "period", "due_on", "shown", "latest_id")
    )
    submissions = {
        s.pk: s
        for s in Submission.objects.filter(pk__in=[d[4] for d in dues if d[4]])
        .select_related("review")
        .only(
            "pk",
            "document_symbol",
            "submitted_at",
            "review__decision",
            "review__reason",
            "review__reviewed_at",
        )
    }
    rows = []
    for task_id, due_period, due_on, status, latest_id in dues:
        submission = submissions.get(latest_id)
        review = getattr(submission, "review", None) if submission else None
        rows.append(
            [
                number[task_id],
                by_pk[task_id].text,
                period_words(due_period),
                due_on,
                status_label(status),
                _local_day(submission.submitted_at) if submission else None,
                submission.document_symbol if submission else "",
                review.reason if review is not None and review.decision == Review.Decision.RETURNED else "",
            ]
        )
    for column in grid.columns:
        if column.period == "" and column.totals.get(Status.WAITING):
            rows.append(
                [
                    number[column.task.pk],
                    by_pk[column.task.pk].text,
                    deadline_words(by_pk[column.task.pk]),
                    None,
                    status_label(Status.WAITING),
                    None,
                    "",
                    "",
                ]
            )
    table = Table(
        key="dues",
        title=_("Dues of %(organization)s") % {"organization": organization.name},
        sheet=pgettext("sheet name", "Dues"),
        note=_("Tasks are numbered as in the plan's list of tasks."),
        columns=[
            Column(_("Task No."), 6, "int"),
            Column(_("Task"), 0),
            Column(_("Period"), 12),
            Column(_("Due date"), 9, "date"),
            Column(_("State"), 10),
            Column(_("Handed in on"), 9, "date"),
            Column(_("Document number"), 11),
            Column(_("Reason returned"), 14),
        ],
        rows=rows,
    )
    totals = Counter(grid.totals)
    phrase = period_phrase(period)
    paragraphs = [
        _("%(period)s, %(organization)s owed %(dues)s dues under Plan %(symbol)s of %(committee)s.")
        % {
            "period": _capitalize(phrase),
            "organization": organization.name,
            "dues": _int(_dues_count(totals)),
            "symbol": plan.document.symbol,
            "committee": plan.owner.name,
        },
        _overview(totals=totals, as_of=today),
        _("Each due is set out in Annex 1."),
    ]
    return _results_report(
        kind="organization",
        plan=plan,
        period=period,
        as_of=today,
        letterhead=organization_letterhead(plan=plan, organization=organization, as_of=today),
        summary=_("results of carrying out Plan %(symbol)s %(period)s")
        % {"symbol": plan.document.symbol, "period": phrase},
        paragraphs=paragraphs,
        totals=totals,
        annex=table,
        organization=organization,
    )


def report_data(
    *, kind: str, plan: Plan, period: Period, today: datetime.date, organization: Organization | None = None
) -> ReportContent:
    if kind == "plan":
        return plan_report_data(plan=plan, period=period, today=today)
    if kind == "compliance":
        return compliance_report_data(plan=plan, period=period, today=today)
    if kind == "organization":
        if organization is None:
            raise ValueError("an organization's report needs the organization")
        return organization_report_data(plan=plan, period=period, organization=organization, today=today)
    raise ValueError(f"unknown report kind {kind!r}")
