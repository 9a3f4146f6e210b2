"""tasks.monitoring.compliance: statuses in SQL (equal to tasks.planning.deadlines.due_status), the grid's cells and
totals, filters, pagination, remembered totals, the dashboard and supervision figures."""

import datetime
from collections import Counter

import pytest
import time_machine
from django.core.cache import cache

from organizations.access import Access
from organizations.models import Organization
from plans.periods import period_parse
from tasks.models import Due
from tasks.monitoring import compliance, remembered, statuses
from tasks.monitoring.compliance import Filters
from tasks.planning.deadlines import due_status
from tasks.planning.obligations import report_title
from tasks.submissions.services import due_submit, submission_review
from tests.factories import DueFactory, SupervisionFactory, UserFactory
from tests.world import LOCAL, STATES, _node, add_task_due_soon, hand_in_the_dated_task

pytestmark = pytest.mark.django_db

TODAY = datetime.datetime(2023, 3, 15, 10, 0, tzinfo=LOCAL)


@pytest.fixture(autouse=True)
def frozen_time():
    cache.clear()
    with time_machine.travel(TODAY, tick=False):
        yield
    cache.clear()


@pytest.fixture
def soon(world):
    return add_task_due_soon(world)


@pytest.fixture
def states(world, soon):
    return hand_in_the_dated_task(world)


def grid_of(world, user=None, period="2023", **kwargs):
    access = Access.for_user(user or world.staff)
    return compliance.compliance_grid(access=access, plan=world.plan, period=period_parse(period), **kwargs)


def column_of(grid, task, period="once"):
    """The column of `task` (None: the periodic report) for `period`."""
    return next(c for c in grid.columns if c.task == task and c.period == period)


def cells_by_org(grid) -> dict[str, dict[str, str]]:
    """{organization name: {column title + period: status}}."""
    return {
        row.organization.name: {
            f"{column.title}|{column.period}": cell.status
            for column, cell in zip(grid.columns, row.cells, strict=True)
            if cell
        }
        for row in grid.rows
    }


# --- statuses in SQL ------------------------------------------------------------------------------------
def test_status_in_sql_equals_due_status_in_every_case():
    """Every state × dated/undated × submitted before, on, just after (local midnight) and long after."""
    due_on = datetime.date(2023, 2, 28)
    moments = [
        None,
        datetime.datetime(2023, 2, 27, 10, 0, tzinfo=LOCAL),
        datetime.datetime(2023, 2, 28, 23, 59, tzinfo=LOCAL),
        datetime.datetime(2023, 3, 1, 0, 1, tzinfo=LOCAL),  # 28/02 17:01 UTC: late by the local day
        datetime.datetime(2023, 3, 10, 8, 0, tzinfo=LOCAL),
    ]
    made = []
    for state in Due.State.values:
        for when in (due_on, datetime.date(2023, 3, 15), datetime.date(2023, 4, 1), None):
            for moment in moments:
                made.append(DueFactory(state=state, due_on=when, first_submitted_at=moment))
    today = datetime.date(2023, 3, 15)
    in_sql = dict(
        Due.objects.filter(pk__in=[d.pk for d in made])
        .annotate(status=statuses.status_expression(today=today))
        .values_list("pk", "status")
    )
    counted = Due.objects.filter(pk__in=[d.pk for d in made]).aggregate(
        **statuses.status_count_expressions(today=today, statuses=statuses.STATUSES)
    )
    expected = {
        d.pk: due_status(state=d.state, due_on=d.due_on, first_submitted_at=d.first_submitted_at, today=today)
        for d in made
    }
    assert in_sql == expected
    assert {k: v for k, v in counted.items() if v} == dict(Counter(expected.values()))
    assert set(expected.values()) == set(Due.Status.values)


# --- the grid -------------------------------------------------------------------------------------------
def test_each_cell_shows_the_status_of_its_due(world, states, soon):
    grid = grid_of(world)
    cells = cells_by_org(grid)
    dated = f"{world.dated.title}|once"
    for status in STATES:
        org = getattr(states, status)
        assert cells[org.name][dated] == status, org.name
        assert cells[org.name][f"{soon.title}|once"] == "open"
        assert cells[org.name][f"{report_title('2023')}|2023"] == "open"
        assert cells[org.name][f"{world.waiting.title}|"] == "waiting"
        assert not any(world.annual.title in key or world.ongoing.title in key for key in cells[org.name])


def test_cells_link_to_the_latest_submission_or_to_the_due(world, states):
    grid = grid_of(world)
    by_due = {cell.due_id: cell for row in grid.rows for cell in row.cells if cell and cell.due_id}
    returned = states.dues["returned"]
    assert by_due[returned.pk].submission_id == returned.submissions.order_by("-version").first().pk
    assert by_due[states.dues["overdue"].pk].submission_id is None


def test_columns_are_the_obligations_falling_in_the_period_in_the_order_they_fall_due(world, states, soon):
    grid = grid_of(world)
    assert [(c.number, c.task, c.period) for c in grid.columns] == [
        (1, world.dated, "once"),
        (2, soon, "once"),
        (3, None, "2023"),  # the yearly report, naming no task
        (4, world.waiting, ""),
    ]
    first_half = grid_of(world, period="2023-H1")
    assert [c.task for c in first_half.columns] == [world.dated, soon, world.waiting]
    later = grid_of(world, period="2024")
    assert [(c.task, c.period, c.due_on) for c in later.columns] == [
        (None, "2024", datetime.date(2024, 12, 15)),
        (world.waiting, "", None),
    ]
    ranged = grid_of(world, period="2023-03-01..2023-03-31")
    assert [c.task for c in ranged.columns] == [soon, world.waiting]


def test_totals_per_row_per_column_and_overall(world, states, soon):
    grid = grid_of(world)
    every_state = Counter(STATES)
    assert column_of(grid, world.dated).totals == every_state
    assert column_of(grid, soon).totals == Counter(open=5)
    assert column_of(grid, world.waiting, "").totals == Counter(waiting=5)
    assert column_of(grid, None, "2023").totals == Counter(open=5)
    # Five organizations: the dated task in every state, and each open on the 2023 report and the task due
    # soon, and waiting on the fourth task.
    assert grid.totals == every_state + Counter(open=2 * 5, waiting=5)
    row_a = next(row for row in grid.rows if row.organization == states.overdue)
    assert row_a.totals == Counter(overdue=1, open=2, waiting=1)
    assert sum((row.totals for row in grid.rows), Counter()) == grid.totals
    assert grid.organizations == 5


def test_filters_narrow_the_organizations(world, states):
    cells = grid_of(world, filters=Filters(kind=Organization.Kind.GRASSROOTS_CELL))
    assert {row.organization for row in cells.rows} == {states.submitted, states.late, states.accepted}
    assert column_of(cells, world.dated).totals == Counter(submitted=1, late=1, accepted=1)

    late = grid_of(world, filters=Filters(status="late"))
    assert [row.organization for row in late.rows] == [states.late]
    assert late.totals == Counter(late=1, open=2, waiting=1)

    followed = grid_of(world, filters=Filters(member=world.supervisor.pk))
    assert {row.organization for row in followed.rows} == {world.org, world.sibling_org}

    found = grid_of(world, filters=Filters(search="so tu phap"))  # no accents, any case
    assert [row.organization for row in found.rows] == [world.cell]

    one = grid_of(world, filters=Filters(organization=states.returned.pk))
    assert [row.organization for row in one.rows] == [states.returned]

    waiting = grid_of(world, filters=Filters(status="waiting", kind=Organization.Kind.GRASSROOTS_COMMITTEE))
    assert {row.organization for row in waiting.rows} == {world.org, world.sibling_org}


def test_it_paginates_organizations_with_totals_over_every_page(world, states):
    first = grid_of(world, per_page=2)
    third = grid_of(world, per_page=2, page_number=3)
    assert len(first.rows) == 2 and len(third.rows) == 1
    assert first.page.paginator.num_pages == 3 and first.organizations == 5
    assert first.totals == third.totals == grid_of(world).totals
    assert [r.organization.path for r in first.rows] == sorted(r.organization.path for r in first.rows)


def test_the_grid_holds_only_organizations_in_the_users_scope(world, states):
    grid = grid_of(world, user=world.secretary)
    assert [row.organization for row in grid.rows] == [world.org]
    assert column_of(grid, world.dated).totals == Counter(overdue=1)


def test_report_totals_equal_the_matrix(world, states):
    access = Access.for_user(world.board)
    columns, totals = compliance.compliance_totals(
        access=access, plan=world.plan, period=period_parse("2023")
    )
    grid = grid_of(world, user=world.board)
    assert totals == grid.totals
    assert [(c.key, c.totals) for c in columns] == [(c.key, c.totals) for c in grid.columns]


def test_remembered_totals_follow_a_new_submission_and_review(world, states, soon):
    before = column_of(grid_of(world), soon).totals
    assert before == Counter(open=5)
    submission = due_submit(due=Due.objects.get(task=soon, organization=world.org), user=world.secretary)
    assert column_of(grid_of(world), soon).totals == Counter(open=4, submitted=1)
    submission_review(submission=submission, reviewer=world.staff, decision="accepted")
    assert column_of(grid_of(world), soon).totals == Counter(open=4, accepted=1)


def test_in_the_background_the_first_view_after_a_write_shows_it_without_counting_the_bloc(
    world, states, soon, settings, monkeypatch
):
    """PLANTRACK_TOTALS_REFRESH = "background" (tasks/monitoring/remembered.py): the view after a submission
    or a review applies the journal of due changes to the remembered totals; nothing counts the bloc again."""
    settings.PLANTRACK_TOTALS_REFRESH = "background"
    started = []
    monkeypatch.setattr(remembered, "_start", started.append)
    assert column_of(grid_of(world), soon).totals == Counter(open=5)  # nothing remembered yet: counted inline
    counted = []
    real_summary = compliance._summary
    monkeypatch.setattr(compliance, "_summary", lambda **kw: counted.append(1) or real_summary(**kw))
    submission = due_submit(due=Due.objects.get(task=soon, organization=world.org), user=world.secretary)
    assert column_of(grid_of(world), soon).totals == Counter(open=4, submitted=1)
    submission_review(
        submission=submission, reviewer=world.staff, decision="returned", reason="Thiếu số liệu"
    )
    assert column_of(grid_of(world), soon).totals == Counter(open=4, returned=1)
    assert counted == [] and started == []


def test_in_the_background_a_new_due_is_counted_by_a_refresh(world, states, soon, settings, monkeypatch):
    """A due created (the journal holds only changes of existing dues): the view shows the totals of just
    before it, and a refresh counts them again once for the next view."""
    settings.PLANTRACK_TOTALS_REFRESH = "background"
    started = []
    monkeypatch.setattr(remembered, "_start", started.append)
    assert column_of(grid_of(world), soon).totals == Counter(open=5)
    newcomer = _node(world.committee, "Chi bộ Sở Xây dựng", Organization.Kind.GRASSROOTS_CELL)
    DueFactory(task=soon, organization=newcomer, period="once", due_on=soon.due_on)
    assert column_of(grid_of(world), soon).totals == Counter(open=5)  # the remembered totals, stale
    assert column_of(grid_of(world), soon).totals == Counter(open=5)
    assert len(started) == 1  # one refresh under way: the second view started none
    started.pop()()  # the refresh runs (in production, in its own thread)
    assert column_of(grid_of(world), soon).totals == Counter(open=6)
    assert started == []  # fresh again: nothing to refresh


def test_in_the_background_totals_past_their_freshness_are_shown_while_counted_again(
    world, states, soon, settings, monkeypatch
):
    settings.PLANTRACK_TOTALS_REFRESH = "background"
    started = []
    monkeypatch.setattr(remembered, "_start", started.append)
    grid_of(world)
    # A change the stamp does not see (a due date moved), then the freshness (600 s) runs out.
    Due.objects.filter(task=soon, organization=world.org).update(state=Due.State.ACCEPTED)
    assert column_of(grid_of(world), soon).totals == Counter(open=5)
    with time_machine.travel(datetime.datetime(2023, 3, 15, 10, 11, tzinfo=LOCAL), tick=False):
        assert column_of(grid_of(world), soon).totals == Counter(open=5)  # stale, but no view counts
        started.pop()()
        assert column_of(grid_of(world), soon).totals == Counter(open=4, accepted=1)


def test_a_failed_refresh_keeps_the_totals_and_lets_the_next_view_try_again(
    world, states, soon, settings, monkeypatch
):
    settings.PLANTRACK_TOTALS_REFRESH = "background"
    started = []
    monkeypatch.setattr(remembered, "_start", started.append)
    grid_of(world)
    # A change the journal does not hold (a bulk update), then the freshness (600 s) runs out.
    Due.objects.filter(task=soon, organization=world.org).update(state=Due.State.ACCEPTED)
    with time_machine.travel(datetime.datetime(2023, 3, 15, 10, 11, tzinfo=LOCAL), tick=False):
        with monkeypatch.context() as patched:
            patched.setattr(compliance, "_summary", lambda **kwargs: 1 / 0)
            assert column_of(grid_of(world), soon).totals == Counter(open=5)
            started.pop()()  # fails: logged, the mark cleared
        assert column_of(grid_of(world), soon).totals == Counter(open=5)
        started.pop()()
        assert column_of(grid_of(world), soon).totals == Counter(open=4, accepted=1)


def test_in_the_background_the_first_view_of_a_day_shows_the_day_before_while_counted_again(
    world, states, soon, settings, monkeypatch
):
    settings.PLANTRACK_TOTALS_REFRESH = "background"
    started = []
    monkeypatch.setattr(remembered, "_start", started.append)
    with time_machine.travel(datetime.datetime(2023, 3, 20, 10, 0, tzinfo=LOCAL), tick=False):
        assert column_of(grid_of(world), soon).totals == Counter(open=5)  # due today
    with time_machine.travel(datetime.datetime(2023, 3, 21, 8, 0, tzinfo=LOCAL), tick=False):
        assert column_of(grid_of(world), soon).totals == Counter(open=5)  # the 20th's, while counted
        assert len(started) == 1
        started.pop()()
        assert column_of(grid_of(world), soon).totals == Counter(overdue=5)
        assert started == []


def test_overdue_follows_the_calendar_without_a_change_in_data(world, states, soon):
    assert column_of(grid_of(world), soon).totals == Counter(open=5)
    with time_machine.travel(datetime.datetime(2023, 3, 21, 8, 0, tzinfo=LOCAL), tick=False):
        assert column_of(grid_of(world), soon).totals == Counter(overdue=5)


# --- dashboard and supervision figures -------------------------------------------------------------------
def test_dashboard_counts_and_lists(world, states):
    summary = compliance.dashboard_summary(access=Access.for_user(world.staff))
    # Due this week: the task due soon, for 5; overdue: the dated due never handed in; waiting for review:
    # the two handed in and not yet reviewed.
    assert summary.counts == {"due_soon": 5, "overdue": 1, "to_review": 2}
    assert [d.pk for d in summary.overdue] == [states.dues["overdue"].pk]
    assert {d.pk for d in summary.to_review} == {states.dues["submitted"].pk, states.dues["late"].pk}
    assert all(d.submission_id for d in summary.to_review)
    assert len(summary.due_soon) == 5
    top = summary.by_organization[0]
    assert (top["organization_id"], top["overdue"]) == (states.overdue.pk, 1)
    assert {row["organization_id"] for row in summary.by_organization} == {
        states.overdue.pk,
        states.submitted.pk,
        states.late.pk,
    }


def test_supervision_lists_only_the_members_organizations(world, states, soon):
    page, followed = compliance.supervision_summary(user=world.supervisor)
    assert [entry.organization for entry in followed] == sorted(
        [world.org, world.sibling_org], key=lambda o: o.path
    )
    entry_a = next(entry for entry in followed if entry.organization == world.org)
    # Sở Tài chính owes the task due soon and three yearly reports (all open), and is late with the dated due.
    assert entry_a.counts == {"overdue": 1, "owed": 1 + 3, "to_review": 0, "returned": 0}
    assert [d.pk for d in entry_a.overdue] == [states.dues["overdue"].pk]
    assert len(entry_a.owed) == 2  # the two most pressing
    assert entry_a.owed[0].task_id == soon.pk
    assert page.paginator.count == 2


def test_supervision_of_someone_else_is_not_shown(world, states):
    SupervisionFactory(member=UserFactory(), organization=world.cell)
    _page, followed = compliance.supervision_summary(user=world.supervisor)
    assert world.cell not in [entry.organization for entry in followed]
