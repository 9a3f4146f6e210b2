"""The report on the compliance of the Party organizations with a plan (the plan's committee writes it):
overall results in the body, each organization's dues counted by status in the annex."""

import datetime
from collections import Counter, defaultdict

from django.db.models import Case, IntegerField, QuerySet, Value, When
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from organizations.reorganization.names import names_on
from plans.models import Plan
from plans.periods import Period, period_phrase
from reports.content.common import (
    Column,
    ReportContent,
    Status,
    Table,
    capitalize,
    dues_count,
    grouped,
    overview_sentence,
    period_dues,
    plan_for_report,
    report_access,
    results_report,
    status_columns,
    status_counts,
)
from reports.content.letterhead import plan_letterhead
from tasks.monitoring import compliance
from tasks.monitoring.compliance import Filters


def compliance_report_data(*, plan: Plan, period: Period, today: datetime.date) -> ReportContent:
    plan = plan_for_report(plan)
    access = report_access(plan=plan)
    grid = compliance.compliance_grid(access=access, plan=plan, period=period, today=today, with_rows=False)
    shape = compliance.plan_shape(plan=plan)
    organizations = compliance.compliance_organizations(
        access=access, plan=plan, period=period, shape=shape, filters=Filters(), today=today
    )
    totals = Counter(grid.totals)
    phrase = period_phrase(period)
    paragraphs = [
        _(
            "%(period)s, %(organizations)s Party organizations carry out Plan %(symbol)s; %(dues)s dues fell due."
        )
        % {
            "period": capitalize(phrase),
            "organizations": grouped(grid.organizations),
            "symbol": plan.document.symbol,
            "dues": grouped(dues_count(totals)),
        },
        overview_sentence(totals=totals, as_of=today),
        _("Each organization's figures are set out in Annex 1."),
    ]
    return results_report(
        kind="compliance",
        plan=plan,
        period=period,
        as_of=today,
        letterhead=plan_letterhead(plan=plan, as_of=today),
        summary=_("compliance of the Party organizations with Plan %(symbol)s %(period)s")
        % {"symbol": plan.document.symbol, "period": phrase},
        paragraphs=paragraphs,
        totals=totals,
        annex=organizations_table(
            organization_counts(shape=shape, period=period, organizations=organizations, today=today)
        ),
    )


def organization_counts(
    *, shape: compliance.PlanShape, period: Period, organizations: QuerySet, today: datetime.date
) -> list[tuple[str, Counter]]:
    """(name, dues by status) for each organization in the grid's order; the tasks still waiting for guidance
    that designate it count as "waiting" (one aggregate query and one query of the organizations)."""
    dues = period_dues(tasks=shape.tasks, period=period, organizations=organizations)
    counts: dict[int, Counter] = defaultdict(Counter)
    for org_id, status, count in compliance.status_tally(dues, by=["organization_id"], today=today):
        counts[org_id][status] += count
    flags = {
        f"t{task.pk}": Case(
            When(shape.designation[task.pk], then=Value(1)), default=Value(0), output_field=IntegerField()
        )
        for task in shape.waiting_tasks
    }
    result = []
    rows = list(organizations.values("pk", "name", **flags))
    # A report about a period names each organization as it was named then (docs/domain.md, "Reorganizations").
    then = names_on([org["pk"] for org in rows], period.end)
    for org in rows:
        counter = Counter(counts.get(org["pk"], Counter()))
        waiting_here = sum(org[key] for key in flags)
        if waiting_here:
            counter[Status.WAITING] += waiting_here
        result.append((then.get(org["pk"], org["name"]), counter))
    return result


def _accepted_share(counter: Counter) -> float:
    owed = dues_count(counter)
    return counter[Status.ACCEPTED] / owed if owed else 0


def organizations_table(counts: list[tuple[str, Counter]]) -> Table:
    totals = Counter()
    for _name, counter in counts:
        totals.update(counter)
    return Table(
        key="organizations",
        title=_("Dues of each Party organization by state"),
        sheet=pgettext("sheet name", "Organizations"),
        columns=[
            Column(pgettext("table column", "No."), 5, "int"),
            Column(_("Party organization"), 0),
            *status_columns(width=6),
            Column(_("Total"), 6, "int"),
            Column(_("Accepted share"), 8, "percent"),
        ],
        rows=[
            [i, name, *status_counts(counter), sum(counter.values()), _accepted_share(counter)]
            for i, (name, counter) in enumerate(counts, start=1)
        ],
        footer=["", _("Total"), *status_counts(totals), sum(totals.values()), _accepted_share(totals)],
    )
