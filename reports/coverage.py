"""The coverage page of a plan by its children's implementation plans (docs/domain.md §8.1), for the parent
plan's office, and its Excel workbook through the one workbook writer (reports/render/excel.py). What it
shows is computed by tasks/cascade/coverage.py."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from organizations.files.downloads import attachment_disposition
from reports.content.common import Column, Table
from reports.render.excel import render_xlsx
from tasks.access.selectors import plan_coverage_get_for_user
from tasks.cascade.coverage import Coverage, plan_coverage

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@login_required
@require_GET
def plan_coverage_page(request, pk: int):
    coverage = plan_coverage(plan=plan_coverage_get_for_user(request.access, pk))
    rows = [
        {
            "row": row,
            "cells": [list(zip(*pair, strict=True)) for pair in zip(row.cells, row.late, strict=True)],
        }
        for row in coverage.rows
    ]
    return render(
        request,
        "reports/coverage.html",
        {
            "coverage": coverage,
            "plan": coverage.plan,
            "rows": rows,
            "columns": list(zip(coverage.tasks, coverage.counts, strict=True)),
        },
    )


def coverage_table(coverage: Coverage) -> Table:
    """Organizations × parent tasks: each cell the child task numbers carrying the task out."""
    columns = [
        Column(_("Organization")),
        Column(_("Implementation plan")),
        Column(_("Tasks covered"), format="int"),
    ]
    columns += [Column(task.number) for task in coverage.tasks]
    columns += [
        Column(_("Sub-units' dues handed in"), format="int"),
        Column(_("Sub-units' dues owed"), format="int"),
    ]
    columns.append(Column(_("Warnings")))
    rows = [
        [
            row.organization.name,
            row.plan.document.symbol if row.plan else _("None yet"),
            row.covered,
            *[", ".join(cell) for cell in row.cells],
            row.rollup.get("handed_in"),
            row.rollup.get("total"),
            " ".join(row.warnings),
        ]
        for row in coverage.rows
    ]
    footer = [
        _("Organizations carrying each task out"),
        coverage.with_plan,
        None,
        *coverage.counts,
        None,
        None,
        "",
    ]
    return Table(
        key="coverage", title=_("Coverage by implementation plans"), columns=columns, rows=rows, footer=footer
    )


@login_required
@require_GET
def plan_coverage_xlsx(request, pk: int):
    coverage = plan_coverage(plan=plan_coverage_get_for_user(request.access, pk))
    symbol = coverage.plan.document.symbol
    title = _("Implementation plans of %(symbol)s") % {"symbol": symbol}
    data = render_xlsx(tables=[coverage_table(coverage)], title=title, subject=symbol, heading=[title])
    response = HttpResponse(data, content_type=XLSX)
    response["Content-Disposition"] = attachment_disposition(f"bao-phu-ke-hoach_{coverage.plan.pk}.xlsx")
    response["Cache-Control"] = "private, no-store"
    return response
