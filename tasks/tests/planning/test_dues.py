"""Generating dues from rules and assignments, expanding group rules, activating triggered tasks."""

import datetime

import pytest

from organizations.models import Organization
from tasks.models import Assignment, Due, Task
from tasks.planning.assignees import assignment_query, organizations_query, task_organizations
from tasks.planning.dues import (
    document_activate_tasks,
    plan_due_years,
    plan_regenerate_dues,
    task_regenerate_dues,
    waiting_tasks,
)
from tests.factories import (
    AssignmentFactory,
    DocumentFactory,
    DueFactory,
    PlanFactory,
    SubmissionFactory,
    TaskFactory,
)
from tests.world import add_cells

pytestmark = pytest.mark.django_db

D = datetime.date
GRASSROOTS = [Organization.Kind.GRASSROOTS_COMMITTEE, Organization.Kind.GRASSROOTS_CELL]


@pytest.fixture
def plan(world):
    """Another plan of the world's committee, with no task yet."""
    return PlanFactory(owner=world.committee, period_start=D(2023, 1, 1), period_end=D(2025, 12, 31))


@pytest.fixture
def two(world):
    """Two grassroots organizations of the world, to assign tasks to one by one."""
    return [world.org, world.cell]


def dues_of(task) -> set[tuple[int, str, datetime.date]]:
    return set(Due.objects.filter(task=task).values_list("organization_id", "period", "due_on"))


def assign(task, organization, scope=Assignment.Scope.ONE, kinds=()):
    return AssignmentFactory(task=task, organization=organization, scope=scope, kinds=list(kinds))


# --- regeneration (the obligations of docs/domain.md §6: deliverables, periodic reports) ----------------


def reports_of(plan, organization=None) -> set[tuple[int, str, datetime.date]]:
    reports = Due.objects.filter(plan=plan, kind=Due.Kind.REPORT)
    if organization is not None:
        reports = reports.filter(organization=organization)
    return set(reports.values_list("organization_id", "period", "due_on"))


YEARLY = {"2023": D(2023, 12, 15), "2024": D(2024, 12, 15), "2025": D(2025, 12, 15)}


def test_a_dated_task_is_one_deliverable_per_organization_and_each_reports_once_a_year(world, plan, two):
    task = TaskFactory(plan=plan, dated=True, due_on=D(2023, 2, 28), assign_to=two)
    result = task_regenerate_dues(task=task)
    assert result.created == 2 + 2 * 3
    assert dues_of(task) == {(org.pk, "once", D(2023, 2, 28)) for org in two}
    assert set(Due.objects.filter(task=task).values_list("kind", flat=True)) == {Due.Kind.DELIVERABLE}
    assert reports_of(plan) == {(org.pk, period, when) for org in two for period, when in YEARLY.items()}
    assert set(Due.objects.filter(plan=plan).values_list("state", flat=True)) == {Due.State.OPEN}


def test_an_ongoing_task_is_no_obligation_of_its_own_only_a_line_of_the_yearly_report(world, plan):
    task = TaskFactory(plan=plan, assign_to=world.grassroots)
    task_regenerate_dues(task=task)
    assert not Due.objects.filter(task=task).exists()
    assert Due.objects.filter(plan=plan).count() == 3 * 3
    assert reports_of(plan, world.org) == {(world.org.pk, p, when) for p, when in YEARLY.items()}


def test_a_half_year_report_in_the_plans_calendar_adds_a_report_each_june(world):
    plan = PlanFactory(owner=world.committee, reporting_periods=[("half_year", 6, 15), ("annual", 12, 15)])
    task_regenerate_dues(task=TaskFactory(plan=plan, assign_to=[world.org]))
    periods = {period for _org, period, _when in reports_of(plan)}
    assert periods == {"2023-H1", "2023", "2024-H1", "2024", "2025-H1", "2025"}


def test_an_annual_task_without_a_day_of_its_own_is_a_report_line_with_one_a_deliverable(world, plan):
    plain = TaskFactory(plan=plan, annual=True, assign_to=world.grassroots)
    own_day = TaskFactory(plan=plan, annual=True, annual_month=11, annual_day=30, assign_to=world.grassroots)
    plan_regenerate_dues(plan=plan)
    assert not Due.objects.filter(task=plain).exists()
    assert Due.objects.filter(task=own_day, kind=Due.Kind.DELIVERABLE).count() == 3 * 3


def test_regeneration_is_idempotent(world, plan):
    task = TaskFactory(plan=plan, annual=True, annual_month=11, annual_day=30, assign_to=world.grassroots)
    task_regenerate_dues(task=task)
    before = set(Due.objects.filter(plan=plan).values_list("pk", "organization_id", "period", "due_on"))
    again = task_regenerate_dues(task=task)
    assert (again.created, again.updated, again.deleted, again.kept) == (0, 0, 0, [])
    after = set(Due.objects.filter(plan=plan).values_list("pk", "organization_id", "period", "due_on"))
    assert after == before
    assert len(after) == 3 * 3 + 3 * 3  # the deliverables and the reports


def test_it_moves_changed_dates_in_place(world, plan, two):
    task = TaskFactory(plan=plan, annual=True, annual_month=11, annual_day=30, assign_to=two)
    task_regenerate_dues(task=task)
    pks = set(Due.objects.filter(task=task).values_list("pk", flat=True))
    submitted = Due.objects.filter(task=task).first()
    SubmissionFactory(due=submitted)

    task.annual_month, task.annual_day = 10, 31
    task.save()
    result = task_regenerate_dues(task=task)

    assert result.updated == 2 * 3
    assert (result.created, result.deleted) == (0, 0)
    assert set(Due.objects.filter(task=task).values_list("pk", flat=True)) == pks
    assert {d for _, _, d in dues_of(task)} == {D(2023, 10, 31), D(2024, 10, 31), D(2025, 10, 31)}
    submitted.refresh_from_db()
    assert submitted.due_on.month == 10


def test_it_deletes_obsolete_dues_without_submissions(world, plan):
    task = TaskFactory(plan=plan, dated=True, due_on=D(2023, 2, 28))
    keep = assign(task, world.org)
    drop = assign(task, world.cell)
    task_regenerate_dues(task=task)
    drop.delete()

    result = task_regenerate_dues(task=task)
    assert result.deleted == 1 + 3  # the cell's deliverable and its three reports: the plan no longer asks it
    assert result.kept == []
    assert dues_of(task) == {(keep.organization_id, "once", D(2023, 2, 28))}
    assert {org for org, _p, _d in reports_of(plan)} == {world.org.pk}


def test_it_never_deletes_a_due_with_a_submission_when_assignees_change(world, plan):
    task = TaskFactory(plan=plan, dated=True, due_on=D(2023, 2, 28))
    assign(task, world.org)
    removed = assign(task, world.cell)
    task_regenerate_dues(task=task)
    due = Due.objects.get(task=task, organization=world.cell)
    SubmissionFactory(due=due)

    removed.delete()
    result = task_regenerate_dues(task=task)
    assert result.kept == [due.pk]
    assert result.deleted == 3  # the cell's reports, never answered
    assert Due.objects.filter(pk=due.pk).exists()


def test_it_never_deletes_a_due_with_a_submission_when_the_rule_changes(world, plan, two):
    task = TaskFactory(plan=plan, dated=True, due_on=D(2023, 2, 28), assign_to=two)
    task_regenerate_dues(task=task)
    answered = Due.objects.get(task=task, organization=world.org)
    SubmissionFactory(due=answered)

    task.kind, task.due_on, task.precision = Task.Kind.ANNUAL, None, ""
    task.annual_month, task.annual_day = 11, 30
    task.save()
    result = task_regenerate_dues(task=task)

    assert result.kept == [answered.pk]
    assert result.deleted == 1  # the other organization's "once" due, never answered
    assert result.created == 2 * 3
    assert Due.objects.filter(pk=answered.pk, period="once").exists()
    assert not Due.objects.filter(task=task, organization=world.cell, period="once").exists()
    assert Due.objects.filter(task=task, organization=world.cell).count() == 3


def test_a_task_without_assignments_has_no_dues(plan):
    task = TaskFactory(plan=plan, annual=True, annual_month=11, annual_day=30)
    assert task_regenerate_dues(task=task).created == 0
    assert not Due.objects.filter(plan=plan).exists()


def test_plan_regeneration_covers_every_task_and_skips_waiting_ones(world, plan, two):
    ongoing = TaskFactory(plan=plan, assign_to=two)
    dated = TaskFactory(plan=plan, dated=True, assign_to=two)
    waiting = TaskFactory(plan=plan, triggered=True, assign_to=two)
    other_plan_task = TaskFactory(dated=True, assign_to=two)

    total = plan_regenerate_dues(plan=plan)
    assert total.created == 2 + 2 * 3
    assert not Due.objects.filter(task=ongoing).exists()
    assert Due.objects.filter(task=dated).count() == 2
    assert Due.objects.filter(plan=plan, kind=Due.Kind.REPORT).count() == 2 * 3
    assert not Due.objects.filter(task=waiting).exists()
    assert not Due.objects.filter(task=other_plan_task).exists()
    assert plan_regenerate_dues(plan=plan).created == 0


# --- group rules ---------------------------------------------------------------------------------------


def pks(organizations) -> set[int]:
    return {o.pk for o in organizations}


def assignment_organizations(assignment) -> list[Organization]:
    """The organizations one assignment designates (assignment_query), in tree order."""
    return list(Organization.objects.filter(assignment_query(assignment)).order_by("path"))


def test_children_rule_stops_one_level_below(world, plan):
    task = TaskFactory(plan=plan)
    rule = assign(task, world.committee, Assignment.Scope.CHILDREN, GRASSROOTS)
    assert pks(assignment_organizations(rule)) == pks(world.grassroots)
    rule.kinds = []
    rule.save()
    assert pks(assignment_organizations(rule)) == pks(
        world.grassroots + [world.organization_board, world.office]
    )


def test_subtree_rule_reaches_every_level(world, plan):
    task = TaskFactory(plan=plan)
    rule = assign(task, world.committee, Assignment.Scope.SUBTREE, [Organization.Kind.SUB_CELL])
    assert pks(assignment_organizations(rule)) == {world.sub_cell.pk}
    rule.kinds = [*GRASSROOTS, Organization.Kind.SUB_CELL]
    rule.save()
    assert pks(assignment_organizations(rule)) == pks(world.grassroots + [world.sub_cell])


def test_subtree_rule_without_kinds_is_everything_below_but_not_the_anchor(world, plan):
    task = TaskFactory(plan=plan)
    rule = assign(task, world.org, Assignment.Scope.SUBTREE)
    assert pks(assignment_organizations(rule)) == {world.sub_cell.pk}


def test_one_rule_designates_the_organization_itself_whatever_its_kind(world, plan):
    task = TaskFactory(plan=plan)
    rule = assign(task, world.organization_board, Assignment.Scope.ONE, GRASSROOTS)
    assert assignment_organizations(rule) == [world.organization_board]


def test_inactive_organizations_are_left_out_of_group_rules(world, plan):
    closed = world.cell
    closed.is_active = False
    closed.save()
    task = TaskFactory(plan=plan, annual=True)
    assign(task, world.committee, Assignment.Scope.CHILDREN, GRASSROOTS)
    assert pks(task_organizations(task)) == pks(world.grassroots) - {closed.pk}
    task_regenerate_dues(task=task)
    assert not Due.objects.filter(task=task, organization=closed).exists()


def test_task_organizations_lists_each_organization_once_in_tree_order(world, plan):
    task = TaskFactory(plan=plan)
    assign(task, world.cell)
    assign(task, world.committee, Assignment.Scope.CHILDREN, GRASSROOTS)
    assign(task, world.org, Assignment.Scope.SUBTREE)
    organizations = task_organizations(task)
    assert len(organizations) == len({o.pk for o in organizations})
    assert pks(organizations) == pks(world.grassroots + [world.sub_cell])
    assert [o.path for o in organizations] == sorted(o.path for o in organizations)


@pytest.mark.parametrize(
    "rules",
    [
        [],
        [("cell", "one", [])],
        [("committee", "children", GRASSROOTS)],
        [("committee", "children", [])],
        [("committee", "subtree", [Organization.Kind.SUB_CELL])],
        [("committee", "subtree", [])],
        [("provincial", "subtree", GRASSROOTS), ("cell", "one", []), ("org", "subtree", [])],
        [("organization_board", "one", []), ("org", "children", [Organization.Kind.SUB_CELL])],
    ],
)
def test_organizations_query_selects_exactly_task_organizations(world, plan, rules):
    (closed,) = add_cells(world, 1)
    closed.is_active = False
    closed.save()
    task = TaskFactory(plan=plan)
    for anchor, scope, kinds in rules:
        assign(task, getattr(world, anchor), scope, kinds)
    listed = pks(task_organizations(task))
    queried = set(Organization.objects.filter(organizations_query(task)).values_list("pk", flat=True))
    assert queried == listed
    assert bool(listed) == bool(rules)


def test_group_rules_follow_paths_not_a_stale_child_count(world, plan):
    """Expansion reads the materialized path only, so a wrong numchild cannot hide organizations."""
    Organization.objects.filter(pk=world.committee.pk).update(numchild=0)
    task = TaskFactory(plan=plan)
    assign(task, world.committee, Assignment.Scope.CHILDREN, GRASSROOTS)
    assert pks(task_organizations(task)) == pks(world.grassroots)


# --- triggered tasks -----------------------------------------------------------------------------------


@pytest.fixture
def waiting(world):
    """The world's task waiting for the Tỉnh ủy's guidance (HD), 30 days after it, owed by the grassroots."""
    return world.waiting


def test_a_matching_guidance_activates_the_task_and_creates_its_dues(world, waiting):
    task_regenerate_dues(task=waiting)
    assert not Due.objects.filter(task=waiting).exists()
    assert list(waiting_tasks(plan=waiting.plan)) == [waiting]

    guidance = DocumentFactory(symbol="12-HD/TU", issuer=world.provincial, issued_on=D(2023, 3, 10))
    activated = document_activate_tasks(document=guidance)

    assert activated == [waiting]
    waiting.refresh_from_db()
    assert waiting.trigger_document == guidance
    assert dues_of(waiting) == {(org.pk, "once", D(2023, 4, 9)) for org in world.grassroots}
    assert not waiting_tasks(plan=waiting.plan).exists()
    # A second guidance of the same kind finds nothing left to activate.
    later = DocumentFactory(symbol="13-HD/TU", issuer=world.provincial, issued_on=D(2023, 5, 1))
    assert document_activate_tasks(document=later) == []
    waiting.refresh_from_db()
    assert waiting.trigger_document == guidance


@pytest.mark.parametrize(
    ("symbol", "issuer_attr"),
    [
        ("12-KH/TU", "provincial"),  # right issuer, wrong type
        ("12-HD/TW", "central"),  # right type, wrong issuer
        ("12-HD/ĐUK", "committee"),
        ("12-HD/TU", None),  # issuer not recorded
    ],
)
def test_a_non_matching_document_activates_nothing(world, waiting, symbol, issuer_attr):
    issuer = getattr(world, issuer_attr) if issuer_attr else None
    document = DocumentFactory(symbol=symbol, issuer=issuer, issued_on=D(2023, 3, 10))
    assert list(waiting_tasks(document=document)) == []
    assert document_activate_tasks(document=document) == []
    waiting.refresh_from_db()
    assert waiting.trigger_document is None
    assert not Due.objects.filter(task=waiting).exists()


def test_a_document_without_issuer_does_not_wake_tasks_that_name_no_issuer(world, plan, two):
    orphan = TaskFactory(plan=plan, kind=Task.Kind.TRIGGERED, awaited_type="HD", assign_to=two)
    document = DocumentFactory(symbol="7-HD/TU", issuer=None, issued_on=D(2023, 3, 10))
    assert document_activate_tasks(document=document) == []
    orphan.refresh_from_db()
    assert orphan.trigger_document is None


def test_staff_can_link_a_document_to_chosen_tasks(world, waiting):
    document = DocumentFactory(symbol="2-HD/BTCTU", issuer=world.organization_board, issued_on=D(2023, 6, 1))
    assert document_activate_tasks(document=document, tasks=[waiting]) == [waiting]
    assert dues_of(waiting) == {(org.pk, "once", D(2023, 7, 1)) for org in world.grassroots}


def test_the_years_of_a_plans_dues_skip_the_years_without_any(world):
    other = PlanFactory(owner=world.committee)
    assert plan_due_years(plans=other) == []
    assert plan_due_years(plans=[]) == []
    for day in (datetime.date(2025, 12, 31), datetime.date(2028, 1, 1), datetime.date(2025, 1, 1)):
        DueFactory(plan=other, task=TaskFactory(plan=other), organization=world.org, due_on=day)
    assert plan_due_years(plans=other) == [2025, 2028]
    assert plan_due_years(plans=[world.plan]) == sorted(
        {day.year for day in Due.objects.filter(plan=world.plan).values_list("due_on", flat=True) if day}
    )
    assert plan_due_years(plans=[world.plan, other]) == sorted(
        {*plan_due_years(plans=world.plan), 2025, 2028}
    )
