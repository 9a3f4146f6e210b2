"""The compliance matrix as an Excel workbook, with the filters of the page it was asked from (the period,
kind, state, member in charge and search of tasks.monitoring.views.MatrixFilterForm), written by the one
workbook writer (reports/render/excel.py), so every cell is text-safe (docs/architecture.md, reports)."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from organizations.models import Organization
from plans.periods import period_words
from reports.content.common import Column, Table
from reports.render.excel import render_xlsx
from tasks.access.selectors import plan_get_for_user
from tasks.models import Due
from tasks.monitoring.compliance import compliance_grid
from tasks.monitoring.statuses import STATUSES
from tasks.monitoring.views import MatrixFilterForm
from tasks.templatetags.matrix_tags import SIGNED_MARK

MAX_ROWS = 5000  # organizations in one workbook
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def matrix_cell(cell, labels: dict[str, str]) -> str:
    """A cell's state in words, marked as the page marks it when the latest version carries a valid digital
    signature (docs/domain.md §8.4)."""
    if cell is None:
        return ""
    return f"{labels[cell.status]} {SIGNED_MARK}" if cell.signed else labels[cell.status]


def matrix_table(grid) -> Table:
    """One row per organization, one column per due of the matrix (its state in words, ✍ when its latest
    version is validly signed), then the counts and how many of the row's dues are validly signed."""
    labels = {status: str(Due.Status(status).label) for status in STATUSES}
    kinds = dict(Organization.Kind.choices)
    columns = [Column(_("Organization")), Column(_("Kind of organization"))]
    # A deliverable by its task's number and period, a periodic report by its name (its period is in it).
    columns += [
        Column(
            f"{column.task.number or column.number} · {period_words(column.period)}"
            if column.task is not None
            else column.title
        )
        for column in grid.columns
    ]
    columns += [Column(labels[status], format="int") for status in STATUSES]
    columns.append(Column(f"{SIGNED_MARK} {_('Validly signed')}", format="int"))
    rows, signed_total = [], 0
    for row in grid.rows:
        cells = [matrix_cell(cell, labels) for cell in row.cells]
        counts = [row.totals.get(status, 0) for status in STATUSES]
        signed = sum(1 for cell in row.cells if cell is not None and cell.signed)
        signed_total += signed
        rows.append(
            [row.organization.name, str(kinds.get(row.organization.kind, "")), *cells, *counts, signed]
        )
    footer = [
        _("Total"),
        "",
        *["" for _column in grid.columns],
        *[grid.totals.get(s, 0) for s in STATUSES],
        signed_total,
    ]
    return Table(key="matrix", title=_("Compliance matrix"), columns=columns, rows=rows, footer=footer)


@login_required
def matrix_export(request, pk: int):
    access = request.access
    plan = plan_get_for_user(access, pk)
    today = timezone.localdate()
    form = MatrixFilterForm(request.GET or None, plan=plan, access=access, today=today)
    period = form.chosen_period()
    grid = compliance_grid(
        access=access, plan=plan, period=period, filters=form.filters(), per_page=MAX_ROWS, today=today
    )
    title = f"{_('Compliance matrix')} · {plan.document.symbol}"
    body = render_xlsx(
        tables=[matrix_table(grid)],
        title=title,
        subject=period.label,
        heading=[title, f"{period.label} · {today:%d/%m/%Y}"],
    )
    response = HttpResponse(body, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="matrix-{plan.pk}-{period.key}.xlsx"'
    return response
