"""Drafting a report from the data (reports/content/board*.py): the four sections of the outline, written from
what the organizations reported and handed in for 62-KH/ĐUK in 2023, for the committee and for a cell."""

import pytest
import time_machine
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from plans.periods import period_year
from reports.board.services import board_report_create
from reports.content.board import board_facts
from reports.content.markup import TABLE, parse_markup
from tasks.models import Task
from tests.board_reports_support import (
    A_ONGOING,
    B_ONGOING,
    C_ONGOING,
    NOW,
    RETURN_REASON,
    TODAY,
    committee_report,
    hand_in_report,
    labels,
    own_report,
    report_2023,
)
from tests.factories import TaskFactory
from tests.world import add_cells

pytestmark = pytest.mark.django_db


@pytest.fixture
def states(world):
    cache.clear()
    with time_machine.travel(NOW, tick=False):
        yield report_2023(world)


def texts(report) -> dict[str, str]:
    return {section["key"]: section["text"] for section in report.sections}


def part(text: str, label: str) -> str:
    """What section I says under one task's sub-heading."""
    return text.split(f"# {label}\n", 1)[1].split("\n# ", 1)[0]


def test_the_committee_report_has_the_four_sections_of_the_outline(world, states):
    report = committee_report(world)
    assert [s["heading"] for s in report.sections] == [
        "I. KẾT QUẢ THỰC HIỆN",
        "II. HẠN CHẾ, NGUYÊN NHÂN",
        "III. PHƯƠNG HƯỚNG, NHIỆM VỤ THỜI GIAN TỚI",
        "IV. ĐỀ XUẤT, KIẾN NGHỊ",
    ]
    assert report.summary == "Kết quả thực hiện Kế hoạch số 62-KH/ĐUK năm 2023"


def test_results_go_task_by_task_by_number_with_counts_and_the_answers_quoted(world, states):
    text = texts(committee_report(world))["results"]
    names = labels(world)
    assert names["ongoing"].startswith("II.a – Tổ chức nghiên cứu") and names["annual"].startswith(
        "II.2.1.a – "
    )
    ongoing = part(text, names["ongoing"])
    # Sở Tài chính and Sở Tư pháp done, Sở Y tế not started, two cells silent; the answers that say most, attributed.
    assert "Trong 5 tổ chức: 2 đã hoàn thành, 1 chưa triển khai, 2 chưa báo cáo." in ongoing
    assert f"- Đảng bộ Sở Tài chính: “{A_ONGOING}”" in ongoing
    assert f"- Chi bộ Sở Tư pháp: “{C_ONGOING}”" in ongoing
    assert ongoing.index("Đảng bộ Sở Tài chính") < ongoing.index(B_ONGOING)  # done before not started
    annual = part(text, names["annual"])
    assert "Trong 5 tổ chức: 1 đã hoàn thành, 2 đang thực hiện, 2 chưa báo cáo." in annual
    # The implementation plan (a deliverable) in the roll-out part, with who has not sent it.
    assert (
        f"- {names['dated']} (hạn 28/02/2023): 4/5 tổ chức đã gửi, 1 đã được tiếp nhận, 1 gửi chậm, "
        "1 bị trả lại để hoàn chỉnh; chưa gửi: Đảng bộ Sở Tài chính."
    ) in text
    assert (
        "3/5 tổ chức đã gửi báo cáo năm 2023." in text
    )  # Tài chính (awaiting review), Y tế (returned since), Tư pháp
    table = next(block for block in parse_markup(text) if block.kind == TABLE)
    row = next(row for row in table.rows if row[0] == world.ongoing.number)
    assert row[1:] == ["2", "0", "1", "0", "2"]  # done, in progress, not started, n/a, not reported


def test_shortcomings_come_from_what_is_missing_late_returned_and_not_started(world, states):
    text = texts(committee_report(world))["shortcomings"]
    names = labels(world)
    assert "- Báo cáo năm 2023: còn 2 tổ chức chưa gửi: Chi bộ Sở Ngoại vụ, Chi bộ Ban Dân tộc." in text
    assert f"- Báo cáo năm 2023 của Đảng bộ Sở Y tế bị trả lại để hoàn chỉnh ({RETURN_REASON})." in text
    assert f"- {names['dated']}: 1 tổ chức gửi chậm so với thời hạn: Chi bộ Ban Dân tộc." in text
    assert f"- {names['ongoing']}: 1 tổ chức chưa triển khai: Đảng bộ Sở Y tế." in text
    assert "# 2. Nguyên nhân" in text and "[Bổ sung: " in text


def test_directions_list_the_tasks_still_open_and_proposals_ask_for_the_awaited_guidance(world, states):
    drafted = texts(committee_report(world))
    names = labels(world)
    assert f"- {names['ongoing']}: còn 3 tổ chức chưa hoàn thành." in drafted["directions"]
    assert f"- {names['annual']}: còn 4 tổ chức chưa hoàn thành." in drafted["directions"]
    proposal = f"Tỉnh ủy Bình Định sớm ban hành hướng dẫn để triển khai nhiệm vụ {names['waiting']}"
    assert proposal.rstrip("…") in drafted["proposals"]


def test_a_cell_writes_about_its_own_work(world, states):
    report = own_report(world, world.cell)
    drafted = texts(report)
    names = labels(world)
    assert f"# {names['ongoing']}\nHoàn thành. {C_ONGOING}" in drafted["results"]
    assert "Trong 5 tổ chức" not in drafted["results"]  # no other organization's answers
    assert "(hạn 28/02/2023): đã gửi, đã được tiếp nhận (văn bản số 05-KH/CB)." in drafted["results"]
    assert "Đảng bộ Sở Y tế" not in "".join(drafted.values())
    assert (report.issuer, report.symbol_suffix, report.signature_authority) == (
        "CHI BỘ SỞ TƯ PHÁP",
        "BC/CB",
        "T/M CHI BỘ",
    )


def test_drafted_text_is_in_the_language_of_the_report(world, states):
    report = board_report_create(
        plan=world.plan,
        organization=world.committee,
        period=period_year(2023),
        user=world.staff,
        today=TODAY,
        language="en",
    )
    assert report.sections[0]["heading"] == "I. IMPLEMENTATION RESULTS"


def test_tasks_no_organization_reports_on_are_listed_for_the_office_to_complete(world, states):
    own = TaskFactory(
        plan=world.plan, section=world.sections[1], position=5, text="Sơ kết 3 năm, báo cáo Tỉnh ủy"
    )
    Task.objects.filter(pk=own.pk).update(number="II.c")
    text = texts(committee_report(world))["results"]
    assert "# 3. Các nhiệm vụ do Ban Thường vụ và các cơ quan tham mưu thực hiện" in text
    assert "- II.c – Sơ kết 3 năm, báo cáo Tỉnh ủy: [bổ sung kết quả]" in text
    table = next(block for block in parse_markup(text) if block.kind == TABLE)
    assert "II.c" not in [row[0] for row in table.rows]


def test_the_same_words_from_several_organizations_are_quoted_once(world, states):
    same = "Đã tổ chức quán triệt Nghị quyết cho toàn thể đảng viên."
    for name in ("submitted", "late"):  # Sở Ngoại vụ and Ban Dân tộc say the same
        hand_in_report(world, getattr(states, name), [(world.ongoing, "done", same)], day=19)
    assert texts(committee_report(world))["results"].count(same) == 1


def test_the_facts_take_the_same_queries_for_many_more_organizations(
    world, states, django_assert_num_queries
):
    def facts():
        return board_facts(
            plan=world.plan, period=period_year(2023), issuer=world.committee, writer="", today=TODAY
        )

    with CaptureQueriesContext(connection) as few:
        facts()
    add_cells(world, 12)
    with django_assert_num_queries(len(few)):
        assert len(facts().organizations) == 17
