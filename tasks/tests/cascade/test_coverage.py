"""Coverage of 62-KH/ĐUK by its children's plans (tasks/cascade/coverage.py)."""

from tasks.cascade.coverage import plan_coverage
from tasks.tests.cascade.support import two_child_plans
from tests.world import add_cells


def test_each_organization_row_shows_the_child_tasks_carrying_each_parent_task_out(world):
    finance, health = two_child_plans(world)
    coverage = plan_coverage(plan=world.plan)
    rows = {row.organization: row for row in coverage.rows}
    assert list(rows) == world.grassroots  # the grassroots organizations, in tree order
    assert [task.number for task in coverage.tasks] == [task.number for task in world.tasks]
    assert rows[world.org].plan == finance and rows[world.sibling_org].plan == health
    assert rows[world.cell].plan is None and rows[world.cell].cells == [[], [], [], []]
    assert rows[world.org].cells == [["I.a"], ["I.b"], ["II"], []]
    assert rows[world.sibling_org].cells == [["I.a"], [], [], []]
    assert coverage.counts == [2, 1, 1, 0] and coverage.with_plan == 2


def test_a_child_deadline_after_the_parent_one_is_flagged(world):
    two_child_plans(world)
    rows = {row.organization: row for row in plan_coverage(plan=world.plan).rows}
    assert rows[world.org].late[1] == [True]
    assert any(
        "I.b" in warning and "15/03/2023" in warning and "28/02/2023" in warning
        for warning in rows[world.org].warnings
    )
    assert not any("15/03" in warning for warning in rows[world.sibling_org].warnings)


def test_a_parent_task_addressed_to_the_organization_but_not_taken_up_is_flagged(world):
    two_child_plans(world)
    rows = {row.organization: row for row in plan_coverage(plan=world.plan).rows}
    (missed,) = [w for w in rows[world.sibling_org].warnings]
    for task in (world.dated, world.annual, world.waiting):
        assert task.number in missed
    assert world.ongoing.number not in missed
    assert not rows[world.cell].warnings  # no plan yet: its row says so, nothing more


def test_coverage_runs_a_fixed_number_of_queries(world, django_assert_num_queries):
    two_child_plans(world)
    with django_assert_num_queries(6):
        small = plan_coverage(plan=world.plan)
    add_cells(world, 15)
    with django_assert_num_queries(6):
        large = plan_coverage(plan=world.plan)
    assert len(large.rows) == len(small.rows) + 15
