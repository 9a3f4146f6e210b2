"""Generating dues from rules and assignments, expanding group rules, activating triggered tasks."""

import datetime

import pytest

from organizations.models import Organization
from tasks.models import Assignment, Due, Task
from tasks.planning.assignees import assignment_query, organizations_query, task_organizations
from tasks.planning.dues import (
    document_activate_tasks,
    plan_regenerate_dues,
    task_regenerate_dues,
    waiting_tasks,
)
from tests.factories import (
    AssignmentFactory,
    DocumentFactory,
    PlanFactory,
    SubmissionFactory,
    TaskFactory,
    build_org_tree,
)

pytestmark = pytest.mark.django_db

D = datetime.date
GRASSROOTS = [Organization.Kind.GRASSROOTS_COMMITTEE, Organization.Kind.GRASSROOTS_CELL]


@pytest.fixture
def tree():
    return build_org_tree(committees=2, cells=2, sub_cells=2)


@pytest.fixture
def plan(tree):
    return PlanFactory(owner=tree.upper, period_start=D(2023, 1, 1), period_end=D(2025, 12, 31))


def dues_of(task) -> set[tuple[int, str, datetime.date]]:
    return set(Due.objects.filter(task=task).values_list("organization_id", "period", "due_on"))


def assign(task, organization, scope=Assignment.Scope.ONE, kinds=()):
    return AssignmentFactory(task=task, organization=organization, scope=scope, kinds=list(kinds))


# --- regeneration --------------------------------------------------------------------------------------


def test_it_creates_one_due_per_organization_and_period(tree, plan):
    task = TaskFactory(plan=plan, dated=True, due_on=D(2023, 2, 28), assign_to=tree.cells)
    result = task_regenerate_dues(task=task)
    assert result.created == 2
    assert dues_of(task) == {(org.pk, "once", D(2023, 2, 28)) for org in tree.cells}
    assert set(Due.objects.filter(task=task).values_list("state", flat=True)) == {Due.State.OPEN}


def test_ongoing_dues_cover_every_reporting_period_for_every_organization(tree, plan):
    task = TaskFactory(plan=plan, assign_to=tree.grassroots)
    task_regenerate_dues(task=task)
    assert Due.objects.filter(task=task).count() == 4 * 6
    periods = set(Due.objects.filter(task=task, organization=tree.cells[0]).values_list("period", flat=True))
    assert periods == {"2023-H1", "2023", "2024-H1", "2024", "2025-H1", "2025"}


def test_regeneration_is_idempotent(tree, plan):
    task = TaskFactory(plan=plan, annual=True, assign_to=tree.grassroots)
    task_regenerate_dues(task=task)
    before = set(Due.objects.filter(task=task).values_list("pk", "organization_id", "period", "due_on"))
    again = task_regenerate_dues(task=task)
    assert (again.created, again.updated, again.deleted, again.kept) == (0, 0, 0, [])
    after = set(Due.objects.filter(task=task).values_list("pk", "organization_id", "period", "due_on"))
    assert after == before
    assert len(after) == 4 * 3


def test_it_moves_changed_dates_in_place(tree, plan):
    task = TaskFactory(plan=plan, annual=True, assign_to=tree.cells)
    task_regenerate_dues(task=task)
    pks = set(Due.objects.filter(task=task).values_list("pk", flat=True))
    submitted = Due.objects.filter(task=task).first()
    SubmissionFactory(due=submitted)

    task.annual_month, task.annual_day = 11, 30
    task.save()
    result = task_regenerate_dues(task=task)

    assert result.updated == 2 * 3
    assert (result.created, result.deleted) == (0, 0)
    assert set(Due.objects.filter(task=task).values_list("pk", flat=True)) == pks
    assert {d for _, _, d in dues_of(task)} == {D(2023, 11, 30), D(2024, 11, 30), D(2025, 11, 30)}
    submitted.refresh_from_db()
    assert submitted.due_on.month == 11


def test_it_deletes_obsolete_dues_without_submissions(tree, plan):
    task = TaskFactory(plan=plan, dated=True, due_on=D(2023, 2, 28))
    keep = assign(task, tree.cells[0])
    drop = assign(task, tree.cells[1])
    task_regenerate_dues(task=task)
    drop.delete()

    result = task_regenerate_dues(task=task)
    assert result.deleted == 1
    assert result.kept == []
    assert dues_of(task) == {(keep.organization_id, "once", D(2023, 2, 28))}


def test_it_never_deletes_a_due_with_a_submission_when_assignees_change(tree, plan):
    task = TaskFactory(plan=plan, dated=True, due_on=D(2023, 2, 28))
    assign(task, tree.cells[0])
    removed = assign(task, tree.cells[1])
    task_regenerate_dues(task=task)
    due = Due.objects.get(task=task, organization=tree.cells[1])
    SubmissionFactory(due=due)

    removed.delete()
    result = task_regenerate_dues(task=task)
    assert result.kept == [due.pk]
    assert result.deleted == 0
    assert Due.objects.filter(pk=due.pk).exists()


def test_it_never_deletes_a_due_with_a_submission_when_the_rule_changes(tree, plan):
    task = TaskFactory(plan=plan, dated=True, due_on=D(2023, 2, 28), assign_to=tree.cells)
    task_regenerate_dues(task=task)
    answered = Due.objects.get(task=task, organization=tree.cells[0])
    SubmissionFactory(due=answered)

    task.kind, task.due_on, task.precision = Task.Kind.ANNUAL, None, ""
    task.save()
    result = task_regenerate_dues(task=task)

    assert result.kept == [answered.pk]
    assert result.deleted == 1  # the other organization's "once" due, never answered
    assert result.created == 2 * 3
    assert Due.objects.filter(pk=answered.pk, period="once").exists()
    assert not Due.objects.filter(task=task, organization=tree.cells[1], period="once").exists()
    assert Due.objects.filter(task=task, organization=tree.cells[1]).count() == 3


def test_a_task_without_assignments_has_no_dues(plan):
    task = TaskFactory(plan=plan, annual=True)
    assert task_regenerate_dues(task=task).created == 0
    assert not Due.objects.filter(task=task).exists()


def test_plan_regeneration_covers_every_task_and_skips_waiting_ones(tree, plan):
    ongoing = TaskFactory(plan=plan, assign_to=tree.cells)
    dated = TaskFactory(plan=plan, dated=True, assign_to=tree.cells)
    waiting = TaskFactory(plan=plan, triggered=True, assign_to=tree.cells)
    other_plan_task = TaskFactory(dated=True, assign_to=tree.cells)

    total = plan_regenerate_dues(plan=plan)
    assert total.created == 2 * 6 + 2
    assert Due.objects.filter(task=ongoing).count() == 12
    assert Due.objects.filter(task=dated).count() == 2
    assert not Due.objects.filter(task=waiting).exists()
    assert not Due.objects.filter(task=other_plan_task).exists()
    assert plan_regenerate_dues(plan=plan).created == 0


# --- group rules ---------------------------------------------------------------------------------------


def pks(organizations) -> set[int]:
    return {o.pk for o in organizations}


def assignment_organizations(assignment) -> list[Organization]:
    """The organizations one assignment designates (assignment_query), in tree order."""
    return list(Organization.objects.filter(assignment_query(assignment)).order_by("path"))


def test_children_rule_stops_one_level_below(tree, plan):
    task = TaskFactory(plan=plan)
    rule = assign(task, tree.upper, Assignment.Scope.CHILDREN, GRASSROOTS)
    assert pks(assignment_organizations(rule)) == pks(tree.grassroots)
    rule.kinds = []
    rule.save()
    assert pks(assignment_organizations(rule)) == pks(tree.grassroots + tree.advisory + [tree.youth_union])


def test_subtree_rule_reaches_every_level(tree, plan):
    task = TaskFactory(plan=plan)
    rule = assign(task, tree.upper, Assignment.Scope.SUBTREE, [Organization.Kind.SUB_CELL])
    assert pks(assignment_organizations(rule)) == pks(tree.all_sub_cells)
    rule.kinds = [*GRASSROOTS, Organization.Kind.SUB_CELL]
    rule.save()
    assert pks(assignment_organizations(rule)) == pks(tree.grassroots + tree.all_sub_cells)


def test_subtree_rule_without_kinds_is_everything_below_but_not_the_anchor(tree, plan):
    task = TaskFactory(plan=plan)
    rule = assign(task, tree.committees[0], Assignment.Scope.SUBTREE)
    assert pks(assignment_organizations(rule)) == pks(tree.sub_cells[tree.committees[0].pk])


def test_one_rule_designates_the_organization_itself_whatever_its_kind(tree, plan):
    task = TaskFactory(plan=plan)
    rule = assign(task, tree.organization_board, Assignment.Scope.ONE, GRASSROOTS)
    assert assignment_organizations(rule) == [tree.organization_board]


def test_inactive_organizations_are_left_out_of_group_rules(tree, plan):
    closed = tree.cells[1]
    closed.is_active = False
    closed.save()
    task = TaskFactory(plan=plan, annual=True)
    assign(task, tree.upper, Assignment.Scope.CHILDREN, GRASSROOTS)
    assert pks(task_organizations(task)) == pks(tree.grassroots) - {closed.pk}
    task_regenerate_dues(task=task)
    assert not Due.objects.filter(task=task, organization=closed).exists()


def test_task_organizations_lists_each_organization_once_in_tree_order(tree, plan):
    task = TaskFactory(plan=plan)
    assign(task, tree.cells[0])
    assign(task, tree.upper, Assignment.Scope.CHILDREN, GRASSROOTS)
    assign(task, tree.committees[0], Assignment.Scope.SUBTREE)
    organizations = task_organizations(task)
    assert len(organizations) == len({o.pk for o in organizations})
    assert pks(organizations) == pks(tree.grassroots + tree.sub_cells[tree.committees[0].pk])
    assert [o.path for o in organizations] == sorted(o.path for o in organizations)


@pytest.mark.parametrize(
    "rules",
    [
        [],
        [("cells0", "one", [])],
        [("upper", "children", GRASSROOTS)],
        [("upper", "children", [])],
        [("upper", "subtree", [Organization.Kind.SUB_CELL])],
        [("upper", "subtree", [])],
        [("provincial", "subtree", GRASSROOTS), ("cells0", "one", []), ("committees0", "subtree", [])],
        [("organization_board", "one", []), ("committees1", "children", [Organization.Kind.SUB_CELL])],
    ],
)
def test_organizations_query_selects_exactly_task_organizations(tree, plan, rules):
    tree.cells[1].is_active = False
    tree.cells[1].save()
    anchors = {
        "upper": tree.upper,
        "provincial": tree.provincial,
        "cells0": tree.cells[0],
        "committees0": tree.committees[0],
        "committees1": tree.committees[1],
        "organization_board": tree.organization_board,
    }
    task = TaskFactory(plan=plan)
    for anchor, scope, kinds in rules:
        assign(task, anchors[anchor], scope, kinds)
    listed = pks(task_organizations(task))
    queried = set(Organization.objects.filter(organizations_query(task)).values_list("pk", flat=True))
    assert queried == listed
    assert bool(listed) == bool(rules)


def test_group_rules_follow_paths_not_a_stale_child_count(tree, plan):
    """Expansion reads the materialized path only, so a wrong numchild cannot hide organizations."""
    Organization.objects.filter(pk=tree.upper.pk).update(numchild=0)
    task = TaskFactory(plan=plan)
    assign(task, tree.upper, Assignment.Scope.CHILDREN, GRASSROOTS)
    assert pks(task_organizations(task)) == pks(tree.grassroots)


# --- triggered tasks -----------------------------------------------------------------------------------


@pytest.fixture
def waiting(tree, plan):
    return TaskFactory(
        plan=plan,
        kind=Task.Kind.TRIGGERED,
        awaited_issuer=tree.provincial,
        awaited_type="HD",
        lead_days=30,
        assign_to=tree.cells,
    )


def test_a_matching_guidance_activates_the_task_and_creates_its_dues(tree, waiting):
    task_regenerate_dues(task=waiting)
    assert not Due.objects.filter(task=waiting).exists()
    assert list(waiting_tasks(plan=waiting.plan)) == [waiting]

    guidance = DocumentFactory(symbol="12-HD/TU", issuer=tree.provincial, issued_on=D(2023, 3, 10))
    activated = document_activate_tasks(document=guidance)

    assert activated == [waiting]
    waiting.refresh_from_db()
    assert waiting.trigger_document == guidance
    assert dues_of(waiting) == {(org.pk, "once", D(2023, 4, 9)) for org in tree.cells}
    assert not waiting_tasks(plan=waiting.plan).exists()
    # A second guidance of the same kind finds nothing left to activate.
    later = DocumentFactory(symbol="13-HD/TU", issuer=tree.provincial, issued_on=D(2023, 5, 1))
    assert document_activate_tasks(document=later) == []
    waiting.refresh_from_db()
    assert waiting.trigger_document == guidance


@pytest.mark.parametrize(
    ("symbol", "issuer_attr"),
    [
        ("12-KH/TU", "provincial"),  # right issuer, wrong type
        ("12-HD/TW", "central"),  # right type, wrong issuer
        ("12-HD/ĐUK", "upper"),
        ("12-HD/TU", None),  # issuer not recorded
    ],
)
def test_a_non_matching_document_activates_nothing(tree, waiting, symbol, issuer_attr):
    issuer = getattr(tree, issuer_attr) if issuer_attr else None
    document = DocumentFactory(symbol=symbol, issuer=issuer, issued_on=D(2023, 3, 10))
    assert list(waiting_tasks(document=document)) == []
    assert document_activate_tasks(document=document) == []
    waiting.refresh_from_db()
    assert waiting.trigger_document is None
    assert not Due.objects.filter(task=waiting).exists()


def test_a_document_without_issuer_does_not_wake_tasks_that_name_no_issuer(tree, plan):
    orphan = TaskFactory(plan=plan, kind=Task.Kind.TRIGGERED, awaited_type="HD", assign_to=tree.cells)
    document = DocumentFactory(symbol="7-HD/TU", issuer=None, issued_on=D(2023, 3, 10))
    assert document_activate_tasks(document=document) == []
    orphan.refresh_from_db()
    assert orphan.trigger_document is None


def test_staff_can_link_a_document_to_chosen_tasks(tree, waiting):
    document = DocumentFactory(symbol="2-HD/BTCTU", issuer=tree.organization_board, issued_on=D(2023, 6, 1))
    assert document_activate_tasks(document=document, tasks=[waiting]) == [waiting]
    assert dues_of(waiting) == {(org.pk, "once", D(2023, 7, 1)) for org in tree.cells}
