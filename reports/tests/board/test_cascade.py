"""A grassroots secretary's own report with the cascade (docs/domain.md §8.1, §8.3): what her chi bộ trực thuộc
reported under her implementation plan 05-KH/ĐU is read task by task on the 62-KH/ĐUK task each child task
carries out, and what they owe her and have not sent is among the shortcomings; the committee's report reads
the grassroots organizations only."""

import datetime

import pytest
import time_machine
from django.core.cache import cache

from reports.content.markup import one_line
from tasks.models import Assignment, Due
from tasks.planning.dues import plan_regenerate_dues
from tasks.submissions.report_lines import LineValue, report_submit
from tasks.tests.cascade.support import two_child_plans
from tests.board_reports_support import A_ONGOING, NOW, committee_report, labels, own_report, report_2023
from tests.factories import make_member
from tests.world import LOCAL

pytestmark = pytest.mark.django_db

SUB_ONGOING = "Chi bộ Phòng Ngân sách đã quán triệt Nghị quyết cho 15/15 đảng viên, đạt 100%."


@pytest.fixture
def states(world):
    cache.clear()
    with time_machine.travel(NOW, tick=False):
        yield report_2023(world)


@pytest.fixture
def cascade(world, states):
    """Sở Tài chính's plan 05-KH/ĐU addresses its sub-cell: I.a (carrying out II.a) is a line of the sub-cell's
    yearly report, which it hands in on 12/12/2023 as done; I.b (its implementation plan, by 15/03/2023) it
    never sends."""
    finance, _health = two_child_plans(world)
    for number in ("I.a", "I.b"):
        Assignment.objects.create(
            task=finance.tasks.get(number=number),
            organization=world.org,
            scope=Assignment.Scope.CHILDREN,
            label="Các chi bộ trực thuộc",
        )
    plan_regenerate_dues(plan=finance)
    due = Due.objects.get(plan=finance, kind=Due.Kind.REPORT, organization=world.sub_cell, period="2023")
    task = finance.tasks.get(number="I.a")
    with time_machine.travel(datetime.datetime(2023, 12, 12, 9, tzinfo=LOCAL), tick=False):
        report_submit(
            due=due, user=make_member(world.sub_cell), lines={task.pk: LineValue("done", SUB_ONGOING)}
        )
    return finance


def texts(report) -> dict[str, str]:
    return {section["key"]: section["text"] for section in report.sections}


def test_her_report_quotes_her_sub_units_on_the_parent_task(world, cascade):
    drafted = texts(own_report(world, world.org))
    names = labels(world)
    ongoing = drafted["results"].split(f"# {names['ongoing']}\n", 1)[1].split("\n# ", 1)[0]
    assert ongoing.splitlines() == [
        f"Hoàn thành. {A_ONGOING}",  # her own answer first
        "Trong 1 tổ chức: 1 đã hoàn thành.",
        f"- {world.sub_cell.name}: “{one_line(SUB_ONGOING)}”",
    ]


def test_what_her_sub_units_owe_her_and_have_not_sent_is_a_shortcoming(world, cascade):
    shortcomings = texts(own_report(world, world.org))["shortcomings"]
    line = next(line for line in shortcomings.splitlines() if "05-KH/ĐU, I.b" in line)
    assert line.endswith(f"còn 1 tổ chức chưa gửi: {world.sub_cell.name}.")


def test_the_committees_report_and_a_sibling_read_no_sub_unit(world, cascade):
    for report in (committee_report(world), own_report(world, world.sibling_org)):
        assert world.sub_cell.name not in "".join(texts(report).values())
        assert SUB_ONGOING not in "".join(texts(report).values())
