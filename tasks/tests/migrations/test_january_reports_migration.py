"""tasks/migrations/0019: the yearly reports of a plan whose annual report falls in January take the year they
report on (plans.periods.due_period_key), keeping their rows and submissions; nothing else moves."""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from plans.models import ReportingPeriod
from tasks.models import Due, Submission, TaskUnit
from tasks.planning.dues import plan_regenerate_dues
from tests.factories import PlanFactory, TaskFactory

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("tasks", "0018_due_change_journal")]
D = datetime.date


def _migrate(targets) -> None:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)


def _latest():
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


def _keys(plan):
    return set(
        Due.objects.filter(plan=plan).values_list("pk", "kind", "task_id", "organization_id", "period")
    )


def test_reports_dated_in_january_move_to_the_year_they_report_on_and_keep_their_submissions(world):
    january = world.plan
    january.reporting_periods.all().delete()
    ReportingPeriod.objects.create(plan=january, kind=ReportingPeriod.Kind.ANNUAL, month=1, day=20)
    # Own work of a body on every report, and an annual deliverable on its own January day, which keeps its year.
    own = TaskFactory(plan=january, assign_to=world.grassroots)
    TaskUnit.objects.create(
        task=own, role=TaskUnit.Role.LEAD, name="Ban Tổ chức", organization=world.organization_board
    )
    own_day = TaskFactory(plan=january, kind="annual", annual_month=1, annual_day=10, assign_to=[world.org])
    plan_regenerate_dues(plan=january)
    december = PlanFactory(owner=world.committee)  # the default calendar, 15/12: nothing of it moves
    TaskFactory(plan=december, assign_to=world.grassroots)
    plan_regenerate_dues(plan=december)

    report = Due.objects.get(plan=january, organization=world.org, kind=Due.Kind.REPORT, period="2023")
    Submission.objects.create(due=report, version=1, text="Năm 2023", submitted_by=world.secretary)
    now = {plan.pk: _keys(plan) for plan in (january, december)}
    try:
        _migrate(BEFORE)  # the old rule: every report keyed by the year of its date
        old = {(kind, period) for _pk, kind, _task, _org, period in _keys(january)}
        assert (Due.Kind.REPORT, "2024") in old and (Due.Kind.REPORT, "2025") in old
        assert (Due.Kind.REPORT, "2023") not in old
        assert Due.objects.get(pk=report.pk).period == "2024"
    finally:
        _migrate(_latest())

    assert {plan.pk: _keys(plan) for plan in (january, december)} == now
    assert Due.objects.get(pk=report.pk).submissions.get().text == "Năm 2023"
    assert set(Due.objects.filter(task=own_day).values_list("period", "due_on")) == {
        (str(year), D(year, 1, 10)) for year in (2023, 2024, 2025)
    }
    assert set(Due.objects.filter(task=own, kind=Due.Kind.OWN).values_list("period", flat=True)) == {
        "2023",
        "2024",
    }
    # What the migration leaves is what the rule wants: regenerating creates and deletes nothing.
    again = plan_regenerate_dues(plan=january)
    assert (again.created, again.deleted) == (0, 0)
