"""The report on how a plan was carried out over a period (the plan's committee writes it).

Body: I. overall results (totals by deadline kind and status), II. tasks, III. organizations late or missing.
Annexes: 1. every task with its lead unit and its statuses across the organizations; 2. the organizations late
or missing; 3. the accepted submissions with their document numbers. One function per table.
"""

import datetime
from collections import Counter, defaultdict
from dataclasses import dataclass

from django.db.models import Count, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from organizations.reorganization.names import names_on
from plans.models import Plan
from plans.periods import ONCE, Period, period_phrase, period_words
from reports.content import signatures
from reports.content.common import (
    Column,
    ReportContent,
    Section,
    Status,
    Table,
    capitalize,
    dues_count,
    grouped,
    local_day,
    overview_sentence,
    period_dues,
    plan_for_report,
    plan_tasks,
    report_access,
    status_columns,
    status_counts,
    status_label,
    task_numbers,
)
from reports.content.letterhead import plan_letterhead
from tasks.models import Due, Review, Task, TaskUnit
from tasks.monitoring import compliance
from tasks.monitoring.compliance import Filters
from tasks.monitoring.statuses import status_expression
from tasks.planning.deadlines import deadline_words
from tasks.planning.obligations import REPORT, report_title

BEHIND = (Status.OVERDUE.value, Status.LATE.value, Status.RETURNED.value)


@dataclass
class PlanFacts:
    """What every table of the report reads, computed once."""

    plan: Plan
    period: Period
    today: datetime.date
    grid: compliance.Grid
    tasks: list[Task]
    number: dict[int, str]  # task id → its number in the plan (reports.content.common.task_numbers)
    dues: QuerySet  # the period's dues of the plan's organizations

    @property
    def totals(self) -> Counter:
        return Counter(self.grid.totals)


def plan_report_data(*, plan: Plan, period: Period, today: datetime.date) -> ReportContent:
    facts = plan_facts(plan=plan, period=period, today=today)
    totals = facts.totals
    behind = behind_entries(facts)
    accepted = accepted_table(facts)
    phrase = period_phrase(period)
    return ReportContent(
        kind="plan",
        plan=facts.plan,
        period=period,
        as_of=today,
        letterhead=plan_letterhead(plan=facts.plan, as_of=today),
        summary=capitalize(
            _("results of carrying out Plan %(symbol)s %(period)s")
            % {"symbol": facts.plan.document.symbol, "period": phrase}
        ),
        sections=[
            Section(_("I. OVERALL RESULTS"), overall_paragraphs(facts), [by_kind_table(facts)]),
            Section(
                _("II. TASKS"),
                [_("The state of each task across the organizations is set out in Annex 1.")],
            ),
            Section(
                _("III. ORGANIZATIONS LATE OR MISSING"),
                behind_paragraphs(behind=behind, accepted=len(accepted.excel.rows)),
            ),
        ],
        annexes=[tasks_table(facts), behind_table(facts, behind), accepted],
        totals=totals,
    )


def plan_facts(*, plan: Plan, period: Period, today: datetime.date) -> PlanFacts:
    plan = plan_for_report(plan)
    access = report_access(plan=plan)
    grid = compliance.compliance_grid(access=access, plan=plan, period=period, today=today, with_rows=False)
    shape = compliance.plan_shape(plan=plan)
    organizations = compliance.compliance_organizations(
        access=access, plan=plan, period=period, shape=shape, filters=Filters(), today=today
    )
    tasks = plan_tasks(plan)
    return PlanFacts(
        plan=plan,
        period=period,
        today=today,
        grid=grid,
        tasks=tasks,
        number=task_numbers(tasks),
        dues=period_dues(tasks=tasks, period=period, organizations=organizations),
    )


# --- the body -------------------------------------------------------------------------------------------
def overall_paragraphs(facts: PlanFacts) -> list[str]:
    totals = facts.totals
    return [
        _(
            "Plan %(symbol)s has %(tasks)s tasks carried out by %(organizations)s Party organizations. "
            "%(period)s, %(dues)s dues fell due."
        )
        % {
            "symbol": facts.plan.document.symbol,
            "tasks": grouped(len(facts.tasks)),
            "organizations": grouped(facts.grid.organizations),
            "period": capitalize(period_phrase(facts.period)),
            "dues": grouped(dues_count(totals)),
        },
        overview_sentence(totals=totals, as_of=facts.today),
    ]


def by_kind_table(facts: PlanFacts) -> Table:
    """Dues by deadline kind (once, periodic, ...) and state."""
    by_kind: dict[str, Counter] = defaultdict(Counter)
    for column in facts.grid.columns:  # a periodic report names no task: a row of its own
        by_kind[column.task.kind if column.task is not None else REPORT].update(column.totals)
    totals = facts.totals
    return Table(
        key="by_kind",
        title=_("Dues by deadline kind and state"),
        sheet=pgettext("sheet name", "By deadline kind"),
        columns=[Column(_("Deadline kind"), 0), *status_columns(), Column(_("Total"), 8, "int")],
        rows=[
            [str(label), *status_counts(by_kind[kind]), sum(by_kind[kind].values())]
            for kind, label in [*Task.Kind.choices, (REPORT, Due.Kind.REPORT.label)]
        ],
        footer=[_("Total"), *status_counts(totals), sum(totals.values())],
    )


def behind_paragraphs(*, behind: list[dict], accepted: int) -> list[str]:
    missing = sum(1 for entry in behind if entry["counts"][Status.OVERDUE])
    return [
        _(
            "%(missing)s Party organizations have overdue dues not handed in, %(behind)s in all are late, "
            "missing or returned (Annex 2). %(accepted)s submissions were accepted (Annex 3)."
        )
        % {"missing": grouped(missing), "behind": grouped(len(behind)), "accepted": grouped(accepted)}
    ]


# --- Annex 1: the tasks ---------------------------------------------------------------------------------
def lead_units(task_ids: list[int]) -> dict[int, str]:
    leads: dict[int, list[str]] = defaultdict(list)
    for task_id, name in (
        TaskUnit.objects.filter(task_id__in=task_ids, role=TaskUnit.Role.LEAD)
        .order_by("task_id", "position", "pk")
        .values_list("task_id", "name")
    ):
        leads[task_id].append(name)
    return {task_id: "; ".join(names) for task_id, names in leads.items()}


def tasks_table(facts: PlanFacts) -> Table:
    """Each task, its deadline, its lead unit and its dues by state across the organizations."""
    per_task: dict[int, Counter] = defaultdict(Counter)
    for column in facts.grid.columns:
        if column.task is not None:
            per_task[column.task.pk].update(column.totals)
    leads = lead_units([task.pk for task in facts.tasks])
    rows = []
    for task in facts.tasks:
        counts = per_task.get(task.pk, Counter())
        rows.append(
            [
                facts.number[task.pk],
                task.text,
                deadline_words(task),
                leads.get(task.pk, ""),
                *status_counts(counts),
                sum(counts.values()),
            ]
        )
    totals = facts.totals
    return Table(
        key="tasks",
        title=_("Each task and its state across the organizations"),
        sheet=pgettext("sheet name", "Tasks"),
        columns=[
            Column(pgettext("table column", "No."), 6),
            Column(_("Task"), 0),
            Column(_("Deadline"), 11),
            Column(_("Lead unit"), 11),
            *status_columns(width=5),
            Column(_("Total"), 5, "int"),
        ],
        rows=rows,
        footer=["", _("Total"), "", "", *status_counts(totals), sum(totals.values())],
    )


# --- Annex 2: organizations late or missing -------------------------------------------------------------
def names_on_period(facts: PlanFacts) -> dict[int, str]:
    """The names the plan's organizations bore at the end of the period, for those renamed since (one query)."""
    return names_on(facts.dues.order_by().values_list("organization_id", flat=True), facts.period.end)


def behind_entries(facts: PlanFacts) -> list[dict]:
    """The organizations with dues overdue, returned or late, most overdue first: one query over the dues
    behind, grouped here. Each entry: name, path, counts by status, the ids of its overdue tasks."""
    behind: dict[int, dict] = {}
    then = names_on_period(facts)
    for org_id, name, path, task_id, period, status, count in (
        facts.dues.annotate(shown=status_expression(today=facts.today))
        .filter(shown__in=BEHIND)
        .values("organization_id", "organization__name", "organization__path", "task_id", "period", "shown")
        .annotate(count=Count("pk"))
        .values_list(
            "organization_id",
            "organization__name",
            "organization__path",
            "task_id",
            "period",
            "shown",
            "count",
        )
        .order_by()
    ):
        entry = behind.setdefault(
            org_id,
            {
                "name": then.get(org_id, name),
                "path": path,
                "counts": Counter(),
                "overdue": set(),
                "reports": set(),
            },
        )
        entry["counts"][status] += count
        if status == Status.OVERDUE:
            # A periodic report names no task: it is named by its words (docs/domain.md, "Obligations").
            (entry["overdue"] if task_id is not None else entry["reports"]).add(task_id or period)
    return sorted(
        behind.values(),
        key=lambda e: (
            -e["counts"][Status.OVERDUE],
            -e["counts"][Status.RETURNED],
            -e["counts"][Status.LATE],
            e["path"],
        ),
    )


def overdue_words(facts: PlanFacts, entry: dict) -> str:
    """What an organization has overdue: the tasks by number, then its periodic reports by their words."""
    numbers = [facts.number[task.pk] for task in facts.tasks if task.pk in entry["overdue"]]
    return ", ".join(numbers + [report_title(period) for period in sorted(entry["reports"])])


def behind_table(facts: PlanFacts, behind: list[dict]) -> Table:
    totals = facts.totals
    return Table(
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
        rows=[
            [
                i,
                entry["name"],
                entry["counts"][Status.OVERDUE],
                entry["counts"][Status.RETURNED],
                entry["counts"][Status.LATE],
                overdue_words(facts, entry),
            ]
            for i, entry in enumerate(behind, start=1)
        ],
        footer=[
            "",
            _("Total"),
            totals.get(Status.OVERDUE, 0),
            totals.get(Status.RETURNED, 0),
            totals.get(Status.LATE, 0),
            "",
        ],
    )


# --- Annex 3: accepted submissions ----------------------------------------------------------------------
def accepted_submissions(facts: PlanFacts):
    """The accepted version of each accepted due, with its document number, by organization and date."""
    return (
        Review.objects.filter(
            decision=Review.Decision.ACCEPTED,
            submission__due__in=facts.dues.filter(state=Due.State.ACCEPTED).values("pk"),
        )
        .annotate(**signatures.signature_flags("submission_id"))
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
            *signatures.FLAGS,
        )
    )


def accepted_table(facts: PlanFacts) -> Table:
    """One row per organization in the PDF, one row per submission in the workbook (its `excel` table)."""
    rows, by_organization, no_number = [], {}, _("no number")
    for i, (name, path, task_id, due_period, due_on, symbol, sent, seen, *flags) in enumerate(
        accepted_submissions(facts), start=1
    ):
        number = facts.number[task_id] if task_id else report_title(due_period)  # a report names no task
        signed = signatures.signature_word(**dict(zip(signatures.FLAGS, flags, strict=True)))
        rows.append(
            [
                i,
                name,
                number,
                period_words(due_period),
                due_on,
                symbol,
                local_day(sent),
                local_day(seen),
                signed,
            ]
        )
        entry = by_organization.setdefault(path, {"name": name, "items": []})
        when = "" if due_period in (ONCE, facts.period.key) else f" ({period_words(due_period)})"
        entry["items"].append(f"{number}{when}: {symbol or no_number}")
    # The PDF lists them by organization, one row each: a bloc of a thousand organizations accepts tens of
    # thousands of submissions a year, which would run to hundreds of pages one row each.
    return Table(
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
            for i, entry in enumerate(by_organization.values(), start=1)
        ],
        footer=["", _("Total"), len(rows), ""],
        excel=accepted_detail_table(rows),
    )


def accepted_detail_table(rows: list[list]) -> Table:
    return Table(
        key="accepted",
        title=_("Accepted submissions"),
        sheet=pgettext("sheet name", "Accepted"),
        note=_("Tasks are numbered as in Annex 1."),
        columns=[
            Column(pgettext("table column", "No."), 6, "int"),
            Column(_("Party organization"), 0),
            Column(_("Task No."), 8),
            Column(_("Period"), 14),
            Column(_("Due date"), 10, "date"),
            Column(_("Document number"), 14),
            Column(_("Handed in on"), 10, "date"),
            Column(_("Accepted on"), 10, "date"),
            signatures.signature_column(),
        ],
        rows=rows,
    )
