"""Obligations through a reorganization: open dues pass to the successor from the effective date, what was
handed in stays where it was made, group rules follow the new tree, and past figures do not move."""

import datetime
from unittest import mock
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from organizations.models import Organization
from organizations.reorganization.operations import reorganization_apply
from plans.models import Document, Plan
from plans.periods import period_year
from reports.content.compliance import compliance_report_data
from tasks.models import Due, Submission, TaskUnit
from tasks.planning.dues import plan_regenerate_dues
from tasks.submissions.services import due_submit
from tests.factories import DocumentFactory, OrganizationFactory, PlanFactory, TaskFactory
from tests.world import hand_in_the_dated_task, report_the_first_half

pytestmark = pytest.mark.django_db

DAY = datetime.date(2025, 7, 1)
LOCAL = ZoneInfo("Asia/Ho_Chi_Minh")


def merge(world, *, dry_run=False):
    source = f"""effective: 2025-07-01
operations:
  - rename: {world.cell.code}
    name: Chi bộ Sở Tư pháp tỉnh Gia Lai
  - move: {world.sub_cell.code}
    to: {world.sibling_org.code}
  - merge: [{world.org.code}, {world.sibling_org.code}]
    into: {{code: db-tai-chinh-y-te, name: Đảng bộ Sở Tài chính - Y tế, kind: grassroots_committee, parent: {world.committee.code}}}
"""
    return reorganization_apply(source=source, dry_run=dry_run)


def rows(organization_ids=None):
    dues = (
        Due.objects.all()
        if organization_ids is None
        else Due.objects.filter(organization_id__in=organization_ids)
    )
    return sorted(
        dues.values_list("pk", "organization_id", "task_id", "period", "state", "transferred_from_id")
    )


def test_open_dues_pass_to_the_successor_from_the_effective_date(world):
    ended = [world.org.pk, world.sibling_org.pk]
    before = Due.objects.filter(organization_id__in=ended)
    past = sorted(before.filter(due_on__lt=DAY).values_list("pk", "organization_id"))
    future_keys = set(before.filter(due_on__gte=DAY).values_list("task_id", "period"))
    assert past and future_keys

    outcome = merge(world)

    merged = Organization.objects.get(code="db-tai-chinh-y-te")
    # Dated before the effective date: where they were (figures of that time count the predecessors).
    assert (
        sorted(
            Due.objects.filter(organization_id__in=ended, due_on__lt=DAY).values_list("pk", "organization_id")
        )
        == past
    )
    assert not Due.objects.filter(organization_id__in=ended, due_on__gte=DAY).exists()
    owed = Due.objects.filter(organization=merged)
    # Periodic reports (no task) pass as well as deliverables.
    assert Due.Kind.REPORT in set(owed.values_list("kind", flat=True))
    assert owed.filter(kind=Due.Kind.REPORT, task__isnull=True).exists()
    assert set(owed.values_list("task_id", "period")) == future_keys
    assert set(owed.values_list("transferred_from_id", flat=True)) == {world.org.pk}
    assert not owed.filter(due_on__lt=DAY).exists()
    # Both committees owed the same obligations: the successor owes each once.
    assert outcome.figures["dues_transferred"] == len(future_keys)
    assert outcome.figures["dues_duplicate"] == len(future_keys)


def test_handed_in_dues_and_submissions_stay_where_they_were_made(world):
    states = hand_in_the_dated_task(world)
    report_the_first_half(world, states)
    # The 2025 yearly report: a periodic report due, naming no task (docs/domain.md §6).
    late_due = Due.objects.get(plan=world.plan, kind=Due.Kind.REPORT, organization=world.org, period="2025")
    assert late_due.task_id is None
    with time_machine.travel(datetime.datetime(2025, 6, 20, 9, tzinfo=LOCAL), tick=False):
        due_submit(due=late_due, user=world.secretary, text="Đã đánh giá", document_symbol="15-BC/ĐU")
    submissions = sorted(Submission.objects.values_list("pk", "due_id", "due__organization_id"))

    merge(world)

    assert sorted(Submission.objects.values_list("pk", "due_id", "due__organization_id")) == submissions
    assert Due.objects.get(pk=late_due.pk).organization_id == world.org.pk
    merged = Organization.objects.get(code="db-tai-chinh-y-te")
    # The successor was given the sibling's open copy of the same obligation, not a second one.
    assert (
        Due.objects.get(
            plan=world.plan, kind=Due.Kind.REPORT, organization=merged, period="2025"
        ).transferred_from
        == world.sibling_org
    )


def test_a_dry_run_moves_no_due(world):
    before = rows()
    outcome = merge(world, dry_run=True)
    assert rows() == before
    assert outcome.figures["dues_transferred"] > 0


def test_regenerating_later_keeps_history_and_owes_nothing_before_the_start(world):
    merge(world)
    after = rows()
    plan_regenerate_dues(plan=world.plan)
    assert rows() == after
    merged = Organization.objects.get(code="db-tai-chinh-y-te")
    assert not Due.objects.filter(organization=merged, due_on__lt=DAY).exists()


def test_a_move_out_of_the_committee_ends_its_future_dues_there_but_keeps_its_past(world):
    cell = world.cell
    past = sorted(Due.objects.filter(organization=cell, due_on__lt=DAY).values_list("pk", flat=True))
    source = f"effective: 2025-07-01\noperations:\n  - move: {cell.code}\n    to: {world.outsider_committee.code}\n"
    outcome = reorganization_apply(source=source)
    assert sorted(Due.objects.filter(organization=cell).values_list("pk", flat=True)) == past
    assert outcome.figures["dues_removed"] > 0
    plan_regenerate_dues(plan=world.plan)
    assert sorted(Due.objects.filter(organization=cell).values_list("pk", flat=True)) == past


def test_the_plan_of_a_dissolved_committee_passes_to_its_successor(world):
    source = f"""effective: 2025-07-01
operations:
  - create: {{code: dang-bo-co-quan-dang, name: Đảng bộ các cơ quan Đảng tỉnh, kind: upper, parent: {world.provincial.code}}}
  - move: {world.office.code}
    to: dang-bo-co-quan-dang
  - move: {world.org.code}
    to: dang-bo-co-quan-dang
  - move: {world.sibling_org.code}
    to: dang-bo-co-quan-dang
  - move: {world.cell.code}
    to: dang-bo-co-quan-dang
  - dissolve: {world.committee.code}
    successor: dang-bo-co-quan-dang
"""
    before = rows([world.org.pk, world.sibling_org.pk, world.cell.pk])
    reorganization_apply(source=source)
    assert Plan.objects.get(pk=world.plan.pk).owner.code == "dang-bo-co-quan-dang"
    # The group rule now reads "the grassroots under the successor": the same three still owe the same.
    assert rows([world.org.pk, world.sibling_org.pk, world.cell.pk]) == before


def dissolution(world, successor: str) -> str:
    """Every organization under the committee moved to `successor`, then the committee dissolved into it."""
    moves = "".join(
        f"  - move: {org.code}\n    to: {successor}\n"
        for org in (world.office, world.org, world.sibling_org, world.cell)
    )
    return f"effective: 2025-07-01\noperations:\n{moves}  - dissolve: {world.committee.code}\n    successor: {successor}\n"


def test_the_register_of_a_dissolved_committee_passes_to_its_successor(client, world):
    OrganizationFactory(code="db-ke-thua", name="Đảng bộ kế thừa", kind="upper", parent=world.provincial)
    kept = DocumentFactory(symbol="21-NQ/TW", title="Nghị quyết số 21", registered_by=world.committee)
    DocumentFactory(symbol="05-CT/TW", title="Chỉ thị số 05 của Khối", registered_by=world.committee)
    reorganization_apply(source=dissolution(world, "db-ke-thua"))
    kept.refresh_from_db()
    assert kept.registered_by.code == "db-ke-thua"
    # The office, now serving the successor, finds its register as it was.
    client.force_login(world.staff)
    listing = client.get(reverse("document_list")).content.decode()
    assert "Nghị quyết số 21" in listing and "Chỉ thị số 05 của Khối" in listing


def test_a_document_the_successor_already_registered_stays_with_the_predecessor(world):
    successor = OrganizationFactory(
        code="db-ke-thua", name="Đảng bộ kế thừa", kind="upper", parent=world.provincial
    )
    DocumentFactory(symbol="05-CT/TW", title="Bản của Khối", registered_by=world.committee)
    DocumentFactory(symbol="05-CT/TW", title="Bản của đơn vị kế thừa", registered_by=successor)
    reorganization_apply(source=dissolution(world, "db-ke-thua"))
    registers = dict(Document.objects.filter(symbol="05-CT/TW").values_list("title", "registered_by_id"))
    assert registers == {"Bản của Khối": world.committee.pk, "Bản của đơn vị kế thừa": successor.pk}


def report_2023(world):
    """The 2023 compliance report as it reads on 05/01/2026: every table and its totals."""
    content = compliance_report_data(
        plan=world.plan, period=period_year(2023), today=datetime.date(2026, 1, 5)
    )
    return [table.rows for table in content.tables], [s.paragraphs for s in content.sections], content.totals


def test_the_2023_report_keeps_its_names_and_figures(world):
    states = hand_in_the_dated_task(world)
    report_the_first_half(world, states)
    before = report_2023(world)
    assert any(row[1] == "Chi bộ Sở Tư pháp" for row in before[0][-1])
    merge(world)
    assert report_2023(world) == before


def test_own_work_passes_to_the_successor_of_a_body_of_the_committee(world):
    """A body's own work (a task it leads, once per reporting period) is owed by the body that takes it over."""
    board = world.organization_board
    task = TaskFactory(plan=world.plan, assign_to=world.grassroots)
    TaskUnit.objects.create(task=task, role=TaskUnit.Role.LEAD, name="Ban Tổ chức", organization=board)
    plan_regenerate_dues(plan=world.plan)
    own = Due.objects.filter(organization=board, kind=Due.Kind.OWN)
    future = set(own.filter(due_on__gte=DAY).values_list("task_id", "period"))
    past = sorted(own.filter(due_on__lt=DAY).values_list("pk", flat=True))
    assert future and past
    source = f"""effective: 2025-07-01
operations:
  - create: {{code: btc-moi, name: Ban Tổ chức mới, kind: advisory, parent: {world.committee.code}}}
  - dissolve: {board.code}
    successor: btc-moi
"""
    reorganization_apply(source=source)
    successor = Organization.objects.get(code="btc-moi")
    moved = Due.objects.filter(organization=successor, kind=Due.Kind.OWN)
    assert set(moved.values_list("task_id", "period")) == future
    assert set(moved.values_list("transferred_from_id", flat=True)) == {board.pk}
    assert (
        sorted(Due.objects.filter(organization=board, kind=Due.Kind.OWN).values_list("pk", flat=True)) == past
    )
    plan_regenerate_dues(plan=world.plan)  # a later regeneration keeps what was passed on
    assert set(moved.values_list("task_id", "period")) == future


def test_a_plan_whose_only_change_is_its_owner_keeps_its_dues_without_regeneration(world):
    """The committee is dissolved and its plan passes on; the cell it designates moves with it: who owes what
    is unchanged, so nothing is regenerated and no due is deleted or created (docs/domain.md)."""
    committee = OrganizationFactory(parent=world.provincial, kind=Organization.Kind.UPPER, code="dk-2")
    cell = OrganizationFactory(parent=committee, code="cb-2")
    plan = PlanFactory(owner=committee)
    TaskFactory(plan=plan, assign_to=[cell])
    plan_regenerate_dues(plan=plan)
    before = sorted(Due.objects.filter(plan=plan).values_list("pk", "organization_id", "period", "state"))
    assert before
    source = f"""effective: 2025-07-01
operations:
  - create: {{code: dk-moi, name: Đảng ủy mới, kind: upper, parent: {world.provincial.code}}}
  - move: cb-2
    to: dk-moi
  - dissolve: dk-2
    successor: dk-moi
"""
    with mock.patch(
        "tasks.reorganization.obligations.plan_regenerate_dues", wraps=plan_regenerate_dues
    ) as regenerate:
        outcome = reorganization_apply(source=source)
    assert Plan.objects.get(pk=plan.pk).owner.code == "dk-moi"
    assert plan.pk not in [call.kwargs["plan"].pk for call in regenerate.call_args_list]
    assert (
        sorted(Due.objects.filter(plan=plan).values_list("pk", "organization_id", "period", "state"))
        == before
    )
    assert outcome.figures["plans_transferred"] == 1
