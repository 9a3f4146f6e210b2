"""The three kinds of obligation a plan makes (tasks/planning/obligations.py, docs/domain.md §6)."""

import datetime

import pytest
from django.db import IntegrityError, transaction
from django.utils import translation

from organizations.models import Organization
from plans.models import ReportingPeriod
from tasks.models import Assignment, Due, TaskUnit
from tasks.planning.dues import plan_regenerate_dues
from tasks.planning.obligations import committee_office, plan_obligations
from tests.factories import AssignmentFactory, PlanFactory, TaskFactory
from tests.world import _node

pytestmark = pytest.mark.django_db

D = datetime.date


@pytest.fixture
def plan(world):
    return PlanFactory(owner=world.committee)


def test_the_worlds_plan_makes_deliverables_and_yearly_reports_never_a_due_per_ongoing_task(world):
    dues = Due.objects.filter(plan=world.plan)
    assert not dues.filter(task=world.ongoing).exists()
    assert not dues.filter(task=world.annual).exists()  # annual without a day of its own: a report line
    assert not dues.filter(task=world.waiting).exists()  # its guidance has not come
    for org in world.grassroots:
        owed = dues.filter(organization=org)
        assert owed.filter(kind=Due.Kind.DELIVERABLE, task=world.dated).count() == 1
        assert sorted(owed.filter(kind=Due.Kind.REPORT).values_list("period", flat=True)) == [
            "2023",
            "2024",
            "2025",
        ]
        assert owed.count() == 4  # the implementation plan and three yearly reports
    assert not dues.filter(organization=world.sub_cell).exists()


def test_a_task_led_by_a_body_of_the_committee_is_its_own_work_once_per_reporting_period(world, plan):
    task = TaskFactory(plan=plan, assign_to=world.grassroots)
    TaskUnit.objects.create(
        task=task, role=TaskUnit.Role.LEAD, name="Ban Tổ chức", organization=world.organization_board
    )
    plan_regenerate_dues(plan=plan)
    own = Due.objects.filter(plan=plan, kind=Due.Kind.OWN)
    assert set(own.values_list("organization_id", "task_id", "period")) == {
        (world.organization_board.pk, task.pk, year) for year in ("2023", "2024", "2025")
    }
    # The grassroots organizations report on it in their yearly report, and never count the body among them.
    reporters = set(
        Due.objects.filter(plan=plan, kind=Due.Kind.REPORT).values_list("organization_id", flat=True)
    )
    assert reporters == {org.pk for org in world.grassroots}


def test_the_committee_carrying_a_task_out_is_its_office(world, plan):
    task = TaskFactory(plan=plan)
    AssignmentFactory(task=task, organization=world.committee, scope=Assignment.Scope.ONE)
    assert committee_office(world.committee) == world.office
    kinds = {(o.kind, o.organization_id) for o in plan_obligations(plan=plan)}
    assert kinds == {(Due.Kind.OWN, world.office.pk)}


def test_a_mass_organization_of_the_committee_is_one_of_its_bodies(world, plan):
    youth = _node(world.committee, "Đoàn Khối các cơ quan tỉnh", Organization.Kind.MASS)
    task = TaskFactory(plan=plan, dated=True, assign_to=[youth, world.org])
    plan_regenerate_dues(plan=plan)
    assert set(Due.objects.filter(plan=plan, organization=youth).values_list("kind", flat=True)) == {
        Due.Kind.OWN
    }
    assert Due.objects.get(plan=plan, organization=world.org, task=task).kind == Due.Kind.DELIVERABLE


def test_a_report_names_no_task_and_is_named_by_its_period(world):
    report = Due.objects.get(plan=world.plan, organization=world.org, kind=Due.Kind.REPORT, period="2023")
    assert report.task is None
    assert report.due_on == D(2023, 12, 15)
    with translation.override("vi"):
        assert report.title == "Báo cáo kết quả thực hiện năm 2023"
    assert world.due.title == world.dated.label


def test_a_january_report_is_on_the_year_before_and_none_is_on_a_year_before_the_plan(world):
    world.plan.reporting_periods.all().delete()
    ReportingPeriod.objects.create(plan=world.plan, kind=ReportingPeriod.Kind.ANNUAL, month=1, day=20)
    plan_regenerate_dues(plan=world.plan)
    reports = Due.objects.filter(plan=world.plan, organization=world.org, kind=Due.Kind.REPORT)
    # The plan runs 2023–2025: 20/01/2023 would report on 2022, before the plan; 20/01/2026 is after its end.
    assert list(reports.order_by("due_on").values_list("period", "due_on")) == [
        ("2023", D(2024, 1, 20)),
        ("2024", D(2025, 1, 20)),
    ]
    with translation.override("vi"):
        assert reports.get(period="2024").title == "Báo cáo kết quả thực hiện năm 2024"


def test_the_database_refuses_a_report_with_a_task_a_deliverable_without_one_and_two_reports(world):
    with pytest.raises(IntegrityError), transaction.atomic():
        Due.objects.create(
            plan=world.plan, kind=Due.Kind.REPORT, task=world.ongoing, organization=world.org, period="x"
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        Due.objects.create(plan=world.plan, kind=Due.Kind.DELIVERABLE, organization=world.org, period="x")
    with pytest.raises(IntegrityError), transaction.atomic():
        Due.objects.create(plan=world.plan, kind=Due.Kind.REPORT, organization=world.org, period="2023")
