"""An organization's own report on a plan (the organization writes it to its superior): overall results in
the body, and in the annex each of its dues, one row each, with what it handed in and why it was returned."""

import datetime
from collections import Counter

from django.db.models import IntegerField, OuterRef, Subquery
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from organizations.models import Organization
from plans.models import Plan
from plans.periods import Period, period_phrase, period_words
from reports.content import signatures
from reports.content.common import (
    Column,
    ReportContent,
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
    results_report,
    status_label,
    task_numbers,
)
from reports.content.letterhead import organization_letterhead
from tasks.models import Review, Submission, Task
from tasks.monitoring import compliance
from tasks.monitoring.compliance import Filters
from tasks.monitoring.statuses import status_expression
from tasks.planning.deadlines import deadline_words
from tasks.planning.obligations import report_title


def organization_report_data(
    *, plan: Plan, period: Period, organization: Organization, today: datetime.date
) -> ReportContent:
    plan = plan_for_report(plan)
    access = report_access(plan=plan, organization=organization)
    filters = Filters(organization=organization.pk)
    grid = compliance.compliance_grid(
        access=access, plan=plan, period=period, filters=filters, today=today, with_rows=False
    )
    shape = compliance.plan_shape(plan=plan)
    organizations = compliance.compliance_organizations(
        access=access, plan=plan, period=period, shape=shape, filters=filters, today=today
    )
    tasks = plan_tasks(plan)
    dues = period_dues(tasks=tasks, period=period, organizations=organizations)
    rows = due_rows(tasks=tasks, dues=dues, today=today) + waiting_rows(tasks=tasks, grid=grid)
    totals = Counter(grid.totals)
    phrase = period_phrase(period)
    paragraphs = [
        _("%(period)s, %(organization)s owed %(dues)s dues under Plan %(symbol)s of %(committee)s.")
        % {
            "period": capitalize(phrase),
            "organization": organization.name,
            "dues": grouped(dues_count(totals)),
            "symbol": plan.document.symbol,
            "committee": plan.owner.name,
        },
        overview_sentence(totals=totals, as_of=today),
        _("Each due is set out in Annex 1."),
    ]
    return results_report(
        kind="organization",
        plan=plan,
        period=period,
        as_of=today,
        letterhead=organization_letterhead(plan=plan, organization=organization, as_of=today),
        summary=_("results of carrying out Plan %(symbol)s %(period)s")
        % {"symbol": plan.document.symbol, "period": phrase},
        paragraphs=paragraphs,
        totals=totals,
        annex=dues_table(organization=organization, rows=rows),
        organization=organization,
    )


def due_rows(*, tasks: list[Task], dues, today: datetime.date) -> list[list]:
    """One row per due in date order: its task, period, state, and its latest submission (when handed in,
    the document number, the reason it was returned). Two queries whatever the number of dues."""
    by_pk = {task.pk: task for task in tasks}
    number = task_numbers(tasks)
    latest = Submission.objects.active().filter(due=OuterRef("pk")).order_by("-version").values("pk")[:1]
    dues = list(
        dues.annotate(
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
        .annotate(**signatures.signature_flags())
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
                number[task_id] if task_id else "",
                by_pk[task_id].text if task_id else report_title(due_period),
                period_words(due_period),
                due_on,
                status_label(status),
                local_day(submission.submitted_at) if submission else None,
                submission.document_symbol if submission else "",
                review.reason if review is not None and review.decision == Review.Decision.RETURNED else "",
                signatures.signature_word_of(submission),  # for the workbook only (dues_table)
            ]
        )
    return rows


def waiting_rows(*, tasks: list[Task], grid: compliance.Grid) -> list[list]:
    """One row per task still waiting for guidance (no due yet), its deadline in words."""
    by_pk = {task.pk: task for task in tasks}
    number = task_numbers(tasks)
    return [
        [
            number[column.task.pk],
            by_pk[column.task.pk].text,
            deadline_words(by_pk[column.task.pk]),
            None,
            status_label(Status.WAITING),
            None,
            "",
            "",
            "",
        ]
        for column in grid.columns
        if column.period == "" and column.totals.get(Status.WAITING)
    ]


def dues_table(*, organization: Organization, rows: list[list]) -> Table:
    """The dues, their last value (the signature of the latest version) in the workbook only."""
    table = Table(
        key="dues",
        title=_("Dues of %(organization)s") % {"organization": organization.name},
        sheet=pgettext("sheet name", "Dues"),
        note=_("Tasks are numbered as in the plan's list of tasks."),
        columns=[
            Column(_("Task No."), 8),
            Column(_("Task"), 0),
            Column(_("Period"), 12),
            Column(_("Due date"), 9, "date"),
            Column(_("State"), 10),
            Column(_("Handed in on"), 9, "date"),
            Column(_("Document number"), 11),
            Column(_("Reason returned"), 14),
        ],
        rows=[row[:-1] for row in rows],
    )
    table.excel = signatures.with_signature_column(table, [row[-1] for row in rows])
    return table
