"""A report on a past period is about the tree as it was then (docs/domain.md §8.2): a reorganization applied
since (the demo's of 2025 moves most grassroots organizations out of the Đảng ủy Khối) changes nothing in
what 62-KH/ĐUK's 2023 report says, and an organization moved since still writes its own; an obligation the
office marked not applicable is owed by nobody."""

import datetime
import re

import pytest
import time_machine
from django.core.cache import cache
from django.urls import reverse

from organizations.reorganization.operations import reorganization_apply
from reports.models import BoardReport
from tasks.models import Due
from tasks.office.services import due_mark_not_applicable
from tests.board_reports_support import (
    A_ONGOING,
    NOW,
    committee_report,
    labels,
    own_report,
    report_2023,
)
from tests.world import LOCAL

pytestmark = pytest.mark.django_db

LATER = datetime.datetime(2025, 8, 1, 9, 0, tzinfo=LOCAL)


@pytest.fixture
def states(world):
    cache.clear()
    with time_machine.travel(NOW, tick=False):
        yield report_2023(world)


def texts(report) -> dict[str, str]:
    return {section["key"]: section["text"] for section in report.sections}


def words(text: str) -> list[str]:
    return sorted(re.findall(r"\w+", text))


def move_out(world) -> None:
    """On 01/07/2025 Đảng bộ Sở Tài chính and Chi bộ Sở Ngoại vụ (whose 2023 report never came) pass to
    another bloc, and a new cell is created in this one."""
    source = f"""effective: 2025-07-01
operations:
  - move: {world.org.code}
    to: {world.outsider_committee.code}
  - move: chi-bo-so-ngoai-vu
    to: {world.outsider_committee.code}
  - create: {{code: chi-bo-moi, name: Chi bộ Sở Mới, kind: grassroots_cell, parent: {world.committee.code}}}
"""
    with time_machine.travel(LATER, tick=False):
        reorganization_apply(source=source)


@pytest.fixture
def ngoai_vu(states):
    states.submitted.code = "chi-bo-so-ngoai-vu"
    states.submitted.save(update_fields=["code"])
    return states.submitted


def test_a_reorganization_since_changes_nothing_in_the_committees_report_of_2023(world, states, ngoai_vu):
    before = texts(committee_report(world, today=LATER.date()))
    move_out(world)
    world.org.refresh_from_db()
    assert not world.org.path.startswith(world.committee.path)  # moved out of the bloc

    with time_machine.travel(LATER, tick=False):
        after = texts(committee_report(world, today=LATER.date()))
    # The same words; only the order of the organizations named follows today's tree.
    for key in ("results", "directions", "proposals"):
        assert after[key] == before[key]
    assert words(after["shortcomings"]) == words(before["shortcomings"])
    names = labels(world)
    ongoing = after["results"].split(f"# {names['ongoing']}\n", 1)[1]
    # Sở Tài chính's answer still counted and quoted; Sở Ngoại vụ still missing; the new cell not counted.
    assert ongoing.startswith("Trong 5 tổ chức: 2 đã hoàn thành, 1 chưa triển khai, 2 chưa báo cáo.")
    assert f"- Đảng bộ Sở Tài chính: “{A_ONGOING}”" in ongoing
    assert "Chi bộ Sở Ngoại vụ" in after["shortcomings"]
    assert "Chi bộ Sở Mới" not in "".join(after.values())


def test_an_organization_moved_since_writes_its_own_report_on_what_it_did(client, world, states, ngoai_vu):
    move_out(world)
    with time_machine.travel(LATER, tick=False):
        client.force_login(world.secretary)
        response = client.post(
            reverse("board_report_list"),
            {"plan": world.plan.pk, "organization": world.org.pk, "period": "2023"},
        )
    assert response.status_code == 302, response.content.decode()[:2000]
    report = BoardReport.objects.get(organization=world.org)
    assert f"# {labels(world)['ongoing']}\nHoàn thành. {A_ONGOING}" in texts(report)["results"]


def test_an_organization_in_another_bloc_that_never_owed_the_plan_still_cannot(client, world, states):
    client.force_login(world.outsider_secretary)
    response = client.post(
        reverse("board_report_list"),
        {"plan": world.plan.pk, "organization": world.outsider_org.pk, "period": "2023"},
    )
    assert response.status_code in (400, 404)
    assert not BoardReport.objects.exists()


def test_a_report_marked_not_applicable_is_owed_by_nobody(world, states):
    """Chi bộ Sở Ngoại vụ's 2023 report waived by the office: it is neither missing nor counted as silent."""
    due = Due.objects.get(plan=world.plan, kind=Due.Kind.REPORT, organization=states.submitted, period="2023")
    with time_machine.travel(NOW, tick=False):
        due_mark_not_applicable(due=due, by=world.staff, reason="Chi bộ đã giải thể")
        drafted = texts(committee_report(world))
    assert "- Báo cáo năm 2023: còn 1 tổ chức chưa gửi: Chi bộ Ban Dân tộc." in drafted["shortcomings"]
    assert "Chi bộ Sở Ngoại vụ" not in drafted["shortcomings"]
    ongoing = drafted["results"].split(f"# {labels(world)['ongoing']}\n", 1)[1]
    assert ongoing.startswith("Trong 4 tổ chức: 2 đã hoàn thành, 1 chưa triển khai, 1 chưa báo cáo.")
    assert "3/4 tổ chức đã gửi báo cáo năm 2023." in drafted["results"]


def test_own_report_of_a_cell_unchanged_by_the_reorganization(world, states, ngoai_vu):
    before = texts(own_report(world, world.cell, today=LATER.date()))
    move_out(world)
    with time_machine.travel(LATER, tick=False):
        after = texts(own_report(world, world.cell, today=LATER.date()))
    assert after == before
