"""The organization × obligation grid of a plan over a period, as a table for the workbook: the compliance
matrix's cells (tasks.monitoring.compliance), every organization on one sheet, one column per obligation,
each cell the obligation's state in words. Only the workbook carries it: printed, it would run to pages of
narrow columns."""

import datetime

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from organizations.reorganization.names import names_on
from plans.models import Plan
from plans.periods import ONCE, Period, period_words
from reports.content.answers import report_title
from reports.content.board import task_names
from reports.content.common import Column, Table, plan_for_report, plan_tasks, report_access, status_label
from tasks.monitoring import compliance


def column_label(column, numbers: dict[int, str]) -> str:
    """ "Báo cáo năm 2023" for a periodic report, "II.1.a" for a one-off obligation, "II.1.a – Năm 2023" for a
    task's obligation of a period."""
    if column.task is None:
        return report_title(column.period)
    number = numbers[column.task.pk]
    if column.period in ("", ONCE):
        return number
    return f"{number} – {period_words(column.period)}"


def grid_table(*, plan: Plan, period: Period, today: datetime.date) -> Table:
    plan = plan_for_report(plan)
    access = report_access(plan=plan)
    size = compliance.compliance_grid(access=access, plan=plan, period=period, today=today, with_rows=False)
    grid = compliance.compliance_grid(
        access=access, plan=plan, period=period, today=today, per_page=max(size.organizations, 1)
    )
    numbers, _labels = task_names(plan_tasks(plan))
    columns = grid.columns
    then = names_on([row.organization.pk for row in grid.rows], period.end)  # names as they were then
    return Table(
        key="grid",
        title=_("Each organization's obligations and their state"),
        sheet=pgettext("sheet name", "Organizations × obligations"),
        note=_("Columns by task number, as in the plan."),
        columns=[
            Column(pgettext("table column", "No."), 5, "int"),
            Column(_("Party organization"), 0),
            *(Column(column_label(column, numbers), 10) for column in columns),
        ],
        rows=[
            [
                i,
                then.get(row.organization.pk, row.organization.name),
                *(status_label(cell.status) if cell else "" for cell in row.cells),
            ]
            for i, row in enumerate(grid.rows, start=1)
        ],
    )
