"""Totals kept current on write (tasks/monitoring/journal.py): after every kind of change a due can go through
(submitted, late, returned, resubmitted, withdrawn, accepted, marked not applicable, its deadline extended),
each remembered total with the journal applied equals the same total counted afresh, and only a change the
journal cannot apply makes it count again."""

import dataclasses
import datetime

import pytest
import time_machine
from django.core.cache import cache
from django.utils import timezone

from organizations.access import Access
from organizations.models import Organization
from plans.periods import period_parse
from tasks.models import Due, DueChange
from tasks.monitoring import behind, completion, compliance, journal, progress, remembered
from tasks.monitoring.compliance import Filters
from tasks.office.services import due_extend, due_mark_not_applicable
from tasks.submissions.services import due_submit, submission_review, submission_withdraw
from tests.world import LOCAL, add_cells, add_task_due_soon, hand_in_the_dated_task

pytestmark = pytest.mark.django_db

TODAY = datetime.datetime(2023, 3, 15, 10, 0, tzinfo=LOCAL)


@pytest.fixture(autouse=True)
def frozen_time():
    cache.clear()
    with time_machine.travel(TODAY, tick=False):
        yield
    cache.clear()


@pytest.fixture
def states(world):
    add_task_due_soon(world)
    add_cells(world, 6)
    return hand_in_the_dated_task(world)


@pytest.fixture
def counts(monkeypatch):
    """How many times a remembered total was counted (not brought up to date from the journal)."""
    calls = []
    real = remembered._counted
    monkeypatch.setattr(remembered, "_counted", lambda *a, **kw: calls.append(1) or real(*a, **kw))
    return calls


def totals(world) -> dict:
    """Every remembered total, as the office and a grassroots secretary see them: plan page, matrix (whole and
    filtered), dashboard with a short ranking (so the kept margin is exercised), completion figures."""
    today = timezone.localdate()
    result = {}
    for user in (world.staff, world.secretary):
        access = Access.for_user(user)
        result[user.username, "plan"] = progress.plan_status_counts(
            plan=world.plan, access=access, today=today
        )
        for filters in (Filters(), Filters(kind="grassroots_cell"), Filters(search="sở")):
            grid = compliance.compliance_grid(
                access=access, plan=world.plan, period=period_parse("2023"), filters=filters, with_rows=False
            )
            result[user.username, "grid", filters] = (
                [(c.key, c.due_on, dict(c.totals)) for c in grid.columns],
                grid.organizations,
            )
        board = compliance.dashboard_summary(access=access, limit=2)
        result[user.username, "dashboard"] = (board.counts, board.by_organization)
        figures = completion.completion_summary(access=access, today=today)
        result[user.username, "completion"] = dataclasses.asdict(figures)
    return result


def counted_afresh(world) -> dict:
    """The totals counted again (they become what the next changes are applied to)."""
    cache.clear()
    return totals(world)


@pytest.mark.parametrize("margin", [behind.MARGIN, 1])
def test_every_change_is_applied_as_a_count_afresh_would_find_it(world, states, counts, monkeypatch, margin):
    """With the ranking's usual margin nothing is counted again; with a margin of one the ranking must often
    be counted again (an organization shown drops out), and is still right."""
    monkeypatch.setattr(behind, "MARGIN", margin)
    soon_dues = list(Due.objects.filter(task__due_on=datetime.date(2023, 3, 20)).order_by("pk"))
    overdue = states.dues["overdue"]
    totals(world)

    def check(label: str, *, counted_again: bool = False):
        before = len(counts)
        shown = totals(world)
        if margin > 1:
            assert (len(counts) > before) == counted_again, label
        assert shown == counted_afresh(world), label

    first = due_submit(due=soon_dues[0], user=world.secretary)  # on time
    check("submitted")
    late = due_submit(due=overdue, user=world.secretary)  # after 28/02: late
    check("submitted late")
    submission_review(submission=late, reviewer=world.staff, decision="returned", reason="Thiếu số liệu")
    check("returned")
    again = due_submit(due=Due.objects.get(pk=overdue.pk), user=world.secretary)
    check("resubmitted")
    submission_withdraw(submission=again, user=world.secretary, reason="Gửi nhầm tệp")
    check("resubmission withdrawn: returned again")
    submission_withdraw(submission=first, user=world.secretary, reason="Gửi nhầm tệp")
    check("withdrawn: open again")
    submission_review(
        submission=states.dues["submitted"].submissions.get(), reviewer=world.staff, decision="accepted"
    )
    check("accepted")
    due_mark_not_applicable(due=soon_dues[1], by=world.staff, reason="Đã giải thể")
    check("not applicable")
    due_extend(due=soon_dues[2], by=world.staff, until=datetime.date(2023, 3, 25), reason="Chờ đại hội")
    check("deadline extended: the matrix counts again, the others apply it", counted_again=True)
    assert DueChange.objects.count() == 6 + 9


def _ranking(world) -> list[tuple[str, int, int]]:
    board = compliance.dashboard_summary(access=Access.for_user(world.staff), limit=3)
    return [(row["organization__name"], row["overdue"], row["to_review"]) for row in board.by_organization]


def _moved(due: Due, state: str) -> None:
    """`due` put in `state` as a service would, its change written to the journal."""
    before = journal.counted(due)
    due.state = state
    due.save(update_fields=["state"])
    journal.journal_record(due, before)


def test_the_ranking_kept_current_orders_ties_by_name_and_leaves_ended_organizations_not_overdue(
    world, counts
):
    """The organizations most behind, brought up to date from the journal, in the order a count afresh
    gives: an organization that comes level with others takes its place among them by name (not where it
    stood before), and one that has ended, touched by a change, shows nothing overdue."""
    add_task_due_soon(world)  # every organization: the deliverable of II.b overdue, one more due soon
    soon = {due.organization_id: due for due in Due.objects.filter(task__due_on=datetime.date(2023, 3, 20))}
    for organization in (world.org, world.sibling_org):
        _moved(soon[organization.pk], Due.State.SUBMITTED)
    # Ranked by counts, then by name: "Chi bộ Sở Tư pháp" has a later id than the two "Đảng bộ".
    assert _ranking(world)[:2] == [("Đảng bộ Sở Tài chính", 1, 1), ("Đảng bộ Sở Y tế", 1, 1)]
    before = len(counts)

    _moved(soon[world.cell.pk], Due.State.SUBMITTED)  # level with the two: first by name
    shown = _ranking(world)
    assert len(counts) == before  # applied, not counted again
    assert shown[0] == ("Chi bộ Sở Tư pháp", 1, 1)
    assert shown == counted_afresh_ranking(world)

    Organization.objects.filter(pk=world.sibling_org.pk).update(ended_on=datetime.date(2023, 3, 1))
    cache.clear()
    _ranking(world)  # counted with the organization ended: kept without its overdue deliverable
    _moved(soon[world.sibling_org.pk], Due.State.OPEN)
    assert "Đảng bộ Sở Y tế" not in [name for name, *_counts in _ranking(world)]  # nothing to show: dropped
    _moved(soon[world.sibling_org.pk], Due.State.SUBMITTED)  # back: counted on its own, still ended
    shown = _ranking(world)
    assert ("Đảng bộ Sở Y tế", 0, 1) in shown
    assert shown == counted_afresh_ranking(world)


def counted_afresh_ranking(world) -> list[tuple[str, int, int]]:
    cache.clear()
    return _ranking(world)


def test_changes_settle_into_the_position_only_when_old_enough():
    """An id can be written by a transaction that commits after a later one: a change is taken into the
    position only once SETTLE_SECONDS old, and ids above it are held one by one."""
    now = timezone.now()
    row = lambda pk, seconds: journal._Row(pk, pk, now - datetime.timedelta(seconds=seconds), None, None)  # noqa: E731
    held = journal._settled([row(5, 60), row(6, 30), row(8, 2)], journal.Held(4))
    assert held == journal.Held(6, frozenset({8}))
    # 7 committed late: still above the position, so read and applied by the next view.
    held = journal._settled([row(7, 3), row(8, 2)], held)
    assert held == journal.Held(6, frozenset({7, 8}))
    with time_machine.travel(TODAY + datetime.timedelta(minutes=1), tick=False):
        assert journal._settled([row(7, 3), row(8, 2)], held) == journal.Held(8)


def test_a_change_committed_late_below_the_newest_is_still_applied(world, states):
    """The newest change is held above the position until settled, so a view reads again every change
    above it and finds one an earlier transaction committed since."""
    access, today = Access.for_user(world.staff), timezone.localdate()
    due = Due.objects.filter(task__due_on=datetime.date(2023, 3, 20), state=Due.State.OPEN).first()
    other = Due.objects.filter(task__due_on=datetime.date(2023, 3, 20), state=Due.State.OPEN).last()
    progress.plan_status_counts(plan=world.plan, access=access, today=today)
    due_submit(due=due, user=world.secretary)
    progress.plan_status_counts(plan=world.plan, access=access, today=today)  # holds the change above
    # A change with a lower id than the newest, as if its transaction had only now committed.
    newest = DueChange.objects.order_by("pk").last()
    due_submit(due=other, user=world.secretary)
    late_one = DueChange.objects.order_by("pk").last()
    DueChange.objects.filter(pk=newest.pk).update(id=late_one.pk + 1)
    DueChange.objects.filter(pk=late_one.pk).update(id=newest.pk)
    shown = progress.plan_status_counts(plan=world.plan, access=access, today=today)
    cache.clear()
    assert shown == progress.plan_status_counts(plan=world.plan, access=access, today=today)


def test_too_many_changes_are_counted_again(world, states, counts, monkeypatch):
    monkeypatch.setattr(journal, "JOURNAL_LIMIT", 1)
    access, today = Access.for_user(world.staff), timezone.localdate()
    progress.plan_status_counts(plan=world.plan, access=access, today=today)
    for due in Due.objects.filter(task__due_on=datetime.date(2023, 3, 20))[:2]:
        due_submit(due=due, user=world.secretary)
    before = len(counts)
    shown = progress.plan_status_counts(plan=world.plan, access=access, today=today)
    assert len(counts) == before + 1
    assert (
        shown[Due.objects.filter(task__due_on=datetime.date(2023, 3, 20)).first().task_id]["submitted"] == 2
    )


def test_old_changes_are_pruned(world, states):
    assert DueChange.objects.exists()  # the fixture's submissions and reviews, in February and March
    with time_machine.travel(TODAY + datetime.timedelta(days=3), tick=False):
        assert journal.journal_prune() == 6
    assert not DueChange.objects.exists()
