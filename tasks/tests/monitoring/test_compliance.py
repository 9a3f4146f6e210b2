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
from tasks.monitoring import compliance, statuses
from tasks.monitoring.compliance import Filters
from tasks.planning.deadlines import due_status
from tasks.submissions.services import due_submit, submission_review
from tests.factories import DueFactory, SupervisionFactory, UserFactory
from tests.monitoring_setup import EXPECTED, LOCAL, TODAY, build_bloc

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def frozen_time():
    cache.clear()
    with time_machine.travel(TODAY, tick=False):
        yield
    cache.clear()


@pytest.fixture
def bloc():
    return build_bloc()


def grid_of(bloc, user=None, period="2023", **kwargs):
    access = Access.for_user(user or bloc.staff)
    return compliance.compliance_grid(access=access, plan=bloc.plan, period=period_parse(period), **kwargs)


def cells_by_org(grid) -> dict[str, dict[str, str]]:
    """{organization name: {task text + period: status}}."""
    return {
        row.organization.name: {
            f"{column.task.text}|{column.period}": cell.status
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
def test_each_cell_shows_the_status_of_its_due(bloc):
    grid = grid_of(bloc)
    cells = cells_by_org(grid)
    dated = f"{bloc.dated.text}|once"
    for key, status in EXPECTED.items():
        org = getattr(bloc, key)
        assert cells[org.name][dated] == status, org.name
        assert cells[org.name][f"{bloc.soon.text}|once"] == "open"
        assert cells[org.name][f"{bloc.annual.text}|2023"] == "open"
        assert cells[org.name][f"{bloc.waiting.text}|"] == "waiting"


def test_cells_link_to_the_latest_submission_or_to_the_due(bloc):
    grid = grid_of(bloc)
    by_due = {cell.due_id: cell for row in grid.rows for cell in row.cells if cell and cell.due_id}
    d = bloc.dues["d"]
    assert by_due[d.pk].submission_id == d.submissions.order_by("-version").first().pk
    assert by_due[bloc.dues["a"].pk].submission_id is None


def test_columns_are_the_dues_falling_in_the_period_in_plan_order(bloc):
    grid = grid_of(bloc)
    assert [(c.number, c.task.text, c.period) for c in grid.columns] == [
        (1, bloc.dated.text, "once"),
        (2, bloc.soon.text, "once"),
        (3, bloc.annual.text, "2023"),
        (4, bloc.waiting.text, ""),
    ]
    first_half = grid_of(bloc, period="2023-H1")
    assert [c.task.pk for c in first_half.columns] == [bloc.dated.pk, bloc.soon.pk, bloc.waiting.pk]
    later = grid_of(bloc, period="2024")
    assert [(c.task.pk, c.period, c.due_on) for c in later.columns] == [
        (bloc.annual.pk, "2024", datetime.date(2024, 12, 15)),
        (bloc.waiting.pk, "", None),
    ]
    ranged = grid_of(bloc, period="2023-03-01..2023-03-31")
    assert [c.task.pk for c in ranged.columns] == [bloc.soon.pk, bloc.waiting.pk]


def test_totals_per_row_per_column_and_overall(bloc):
    grid = grid_of(bloc)
    dated = grid.columns[0]
    assert dated.totals == Counter(EXPECTED.values())
    assert grid.columns[1].totals == Counter(open=5)
    assert grid.columns[3].totals == Counter(waiting=5)
    assert grid.totals == Counter(EXPECTED.values()) + Counter(open=10, waiting=5)
    row_a = next(row for row in grid.rows if row.organization == bloc.a)
    assert row_a.totals == Counter(overdue=1, open=2, waiting=1)
    assert sum((row.totals for row in grid.rows), Counter()) == grid.totals
    assert grid.organizations == 5


def test_filters_narrow_the_organizations(bloc):
    cells = grid_of(bloc, filters=Filters(kind=Organization.Kind.GRASSROOTS_CELL))
    assert {row.organization for row in cells.rows} == {bloc.c, bloc.d, bloc.e}
    assert cells.columns[0].totals == Counter(late=1, returned=1, accepted=1)

    late = grid_of(bloc, filters=Filters(status="late"))
    assert [row.organization for row in late.rows] == [bloc.c]
    assert late.totals == Counter(late=1, open=2, waiting=1)

    followed = grid_of(bloc, filters=Filters(member=bloc.supervisor.pk))
    assert {row.organization for row in followed.rows} == {bloc.a, bloc.b}

    found = grid_of(bloc, filters=Filters(search="so tu phap"))  # no accents, any case
    assert [row.organization for row in found.rows] == [bloc.c]

    one = grid_of(bloc, filters=Filters(organization=bloc.d.pk))
    assert [row.organization for row in one.rows] == [bloc.d]

    waiting = grid_of(bloc, filters=Filters(status="waiting", kind=Organization.Kind.GRASSROOTS_COMMITTEE))
    assert {row.organization for row in waiting.rows} == {bloc.a, bloc.b}


def test_it_paginates_organizations_with_totals_over_every_page(bloc):
    first = grid_of(bloc, per_page=2)
    third = grid_of(bloc, per_page=2, page_number=3)
    assert len(first.rows) == 2 and len(third.rows) == 1
    assert first.page.paginator.num_pages == 3 and first.organizations == 5
    assert first.totals == third.totals == grid_of(bloc).totals
    assert [r.organization.path for r in first.rows] == sorted(r.organization.path for r in first.rows)


def test_the_grid_holds_only_organizations_in_the_users_scope(bloc):
    committee = bloc.a
    chief = UserFactory()
    from organizations.models import Membership

    Membership.objects.create(user=chief, organization=committee, role=Membership.Role.SECRETARY)
    grid = grid_of(bloc, user=chief)
    assert [row.organization for row in grid.rows] == [committee]
    assert grid.columns[0].totals == Counter(overdue=1)


def test_report_totals_equal_the_matrix(bloc):
    access = Access.for_user(bloc.board)
    columns, totals = compliance.compliance_totals(access=access, plan=bloc.plan, period=period_parse("2023"))
    grid = grid_of(bloc, user=bloc.board)
    assert totals == grid.totals
    assert [(c.key, c.totals) for c in columns] == [(c.key, c.totals) for c in grid.columns]


def test_remembered_totals_follow_a_new_submission_and_review(bloc):
    before = grid_of(bloc).columns[1].totals
    assert before == Counter(open=5)
    submission = due_submit(due=Due.objects.get(task=bloc.soon, organization=bloc.a), user=bloc.secretary)
    assert grid_of(bloc).columns[1].totals == Counter(open=4, submitted=1)
    submission_review(submission=submission, reviewer=bloc.staff, decision="accepted")
    assert grid_of(bloc).columns[1].totals == Counter(open=4, accepted=1)


def test_overdue_follows_the_calendar_without_a_change_in_data(bloc):
    assert grid_of(bloc).columns[1].totals == Counter(open=5)
    with time_machine.travel(datetime.datetime(2023, 3, 21, 8, 0, tzinfo=LOCAL), tick=False):
        assert grid_of(bloc).columns[1].totals == Counter(overdue=5)


# --- dashboard and supervision figures -------------------------------------------------------------------
def test_dashboard_counts_and_lists(bloc):
    summary = compliance.dashboard_summary(access=Access.for_user(bloc.staff))
    # Due this week: "soon" for 5; overdue: A's dated due; waiting for review: B and C.
    assert summary.counts == {"due_soon": 5, "overdue": 1, "to_review": 2}
    assert [d.pk for d in summary.overdue] == [bloc.dues["a"].pk]
    assert {d.pk for d in summary.to_review} == {bloc.dues["b"].pk, bloc.dues["c"].pk}
    assert all(d.submission_id for d in summary.to_review)
    assert len(summary.due_soon) == 5
    top = summary.by_organization[0]
    assert (top["organization_id"], top["overdue"]) == (bloc.a.pk, 1)
    assert {row["organization_id"] for row in summary.by_organization} == {bloc.a.pk, bloc.b.pk, bloc.c.pk}


def test_supervision_lists_only_the_members_organizations(bloc):
    page, followed = compliance.supervision_summary(user=bloc.supervisor)
    assert [entry.organization for entry in followed] == sorted([bloc.a, bloc.b], key=lambda o: o.path)
    entry_a = next(entry for entry in followed if entry.organization == bloc.a)
    # A owes: soon (open), three annual dues (open), and is late with the dated due.
    assert entry_a.counts == {"overdue": 1, "owed": 4, "to_review": 0, "returned": 0}
    assert [d.pk for d in entry_a.overdue] == [bloc.dues["a"].pk]
    assert len(entry_a.owed) == 2  # the two most pressing
    assert entry_a.owed[0].task_id == bloc.soon.pk
    assert page.paginator.count == 2


def test_supervision_of_someone_else_is_not_shown(bloc):
    SupervisionFactory(member=UserFactory(), organization=bloc.c)
    _page, followed = compliance.supervision_summary(user=bloc.supervisor)
    assert bloc.c not in [entry.organization for entry in followed]
