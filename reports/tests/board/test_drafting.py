"""Drafting a report from the data (reports/content/board*.py): the four sections of the outline, written from
what the organizations reported and handed in for 62-KH/ĐUK in 2023, for the committee and for a cell."""

import pytest
import time_machine
from django.core.cache import cache
from django.utils import translation

from plans.periods import period_year
from reports.content.board import board_facts
from reports.content.markup import TABLE, parse_markup
from tests.board_reports_support import (
    A_ONGOING,
    B_ONGOING,
    C_ONGOING,
    RETURN_REASON,
    build_annual_report_bloc,
    cell_report,
    committee_report,
    labels,
)
from tests.reports_support import NOW, TODAY, add_cells

pytestmark = pytest.mark.django_db


@pytest.fixture
def bloc():
    cache.clear()
    with time_machine.travel(NOW, tick=False):
        yield build_annual_report_bloc()


def texts(report) -> dict[str, str]:
    return {section["key"]: section["text"] for section in report.sections}


def test_the_committee_report_has_the_four_sections_of_the_outline(bloc):
    report = committee_report(bloc)
    assert [s["heading"] for s in report.sections] == [
        "I. KẾT QUẢ THỰC HIỆN",
        "II. HẠN CHẾ, NGUYÊN NHÂN",
        "III. PHƯƠNG HƯỚNG, NHIỆM VỤ THỜI GIAN TỚI",
        "IV. ĐỀ XUẤT, KIẾN NGHỊ",
    ]
    assert report.summary == "Kết quả thực hiện Kế hoạch số 62-KH/ĐUK năm 2023"


def test_results_go_task_by_task_with_counts_and_the_answers_quoted(bloc):
    text = texts(committee_report(bloc))["results"]
    names = labels(bloc)
    ongoing = text.split(f"# {names['ongoing']}\n", 1)[1].split("\n# ", 1)[0]
    # A and C done, B not started, D silent; the fullest answers that say something, attributed.
    assert "Trong 4 tổ chức: 2 đã hoàn thành, 1 chưa triển khai, 1 chưa báo cáo." in ongoing
    assert f"- Đảng bộ Sở Tài chính: “{A_ONGOING}”" in ongoing
    assert f"- Chi bộ Sở Tư pháp: “{C_ONGOING}”" in ongoing
    assert ongoing.index("Đảng bộ Sở Tài chính") < ongoing.index(B_ONGOING)  # done before not started
    annual = text.split(f"# {names['annual']}\n", 1)[1].split("\n# ", 1)[0]
    assert "Trong 4 tổ chức: 1 đã hoàn thành, 2 đang thực hiện, 1 chưa báo cáo." in annual
    # The implementation plan (a deliverable) in the roll-out part, with who has not sent it.
    assert (
        f"- {names['dated']} (hạn 28/02/2023): 3/4 tổ chức đã gửi, 1 đã được tiếp nhận, 1 gửi chậm, "
        "1 bị trả lại để hoàn chỉnh; chưa gửi: Chi bộ Sở Ngoại vụ."
    ) in text
    assert "3/4 tổ chức đã gửi báo cáo năm 2023." in text  # A (awaiting review), B (returned since), C
    table = next(block for block in parse_markup(text) if block.kind == TABLE)
    number = names["ongoing"].split(" – ")[0]
    row = next(row for row in table.rows if row[0] == number)
    assert row[1:] == ["2", "0", "1", "0", "1"]  # done, in progress, not started, n/a, not reported


def test_shortcomings_come_from_what_is_missing_late_returned_and_not_started(bloc):
    text = texts(committee_report(bloc))["shortcomings"]
    names = labels(bloc)
    assert "- Báo cáo năm 2023: còn 1 tổ chức chưa gửi: Chi bộ Sở Ngoại vụ." in text
    assert f"- Báo cáo năm 2023 của Đảng bộ Sở Y tế bị trả lại để hoàn chỉnh ({RETURN_REASON})." in text
    assert f"- {names['ongoing']}: 1 tổ chức chưa triển khai: Đảng bộ Sở Y tế." in text
    assert "# 2. Nguyên nhân" in text and "[Bổ sung: " in text


def test_directions_list_the_tasks_still_open_and_proposals_ask_for_the_awaited_guidance(bloc):
    drafted = texts(committee_report(bloc))
    names = labels(bloc)
    assert f"- {names['ongoing']}: còn 2 tổ chức chưa hoàn thành." in drafted["directions"]
    assert f"- {names['annual']}: còn 3 tổ chức chưa hoàn thành." in drafted["directions"]
    assert (
        f"Tỉnh ủy Bình Định sớm ban hành hướng dẫn để triển khai nhiệm vụ {names['waiting']}"
        in drafted["proposals"]
    )


def test_a_cell_writes_about_its_own_work(bloc):
    report = cell_report(bloc)
    drafted = texts(report)
    names = labels(bloc)
    assert f"# {names['ongoing']}\nHoàn thành. {C_ONGOING}" in drafted["results"]
    assert "Trong 4 tổ chức" not in drafted["results"]  # no other organization's answers
    assert "(hạn 28/02/2023): đã gửi, đã được tiếp nhận (văn bản số 05-KH/CB)." in drafted["results"]
    assert "Đảng bộ Sở Y tế" not in "".join(drafted.values())
    assert (report.issuer, report.symbol_suffix, report.signature_authority) == (
        "CHI BỘ SỞ TƯ PHÁP",
        "BC/CB",
        "T/M CHI BỘ",
    )


def test_drafted_text_is_in_the_language_of_the_report(bloc):
    with translation.override("en"):
        from reports.board.services import board_report_create

        report = board_report_create(
            plan=bloc.plan,
            organization=bloc.tree.upper,
            period=period_year(2023),
            user=bloc.staff,
            today=TODAY,
            language="en",
        )
    assert report.sections[0]["heading"] == "I. IMPLEMENTATION RESULTS"


def test_the_facts_take_the_same_queries_for_many_more_organizations(bloc, django_assert_num_queries):
    def count() -> int:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as queries:
            board_facts(
                plan=bloc.plan, period=period_year(2023), issuer=bloc.tree.upper, writer="", today=TODAY
            )
        return len(queries)

    few = count()
    add_cells(bloc, 12)
    with django_assert_num_queries(few):
        facts = board_facts(
            plan=bloc.plan, period=period_year(2023), issuer=bloc.tree.upper, writer="", today=TODAY
        )
    assert len(facts.organizations) == 16


def test_tasks_are_named_by_their_number(bloc):
    names = labels(bloc)
    assert names["ongoing"].startswith("1.a – Tổ chức nghiên cứu") and names["annual"].startswith("1.c – ")
    assert f"# {names['ongoing']}\n" in texts(committee_report(bloc))["results"]


def test_tasks_no_organization_reports_on_are_listed_for_the_office_to_complete(bloc):
    from tasks.models import Task
    from tests.factories import TaskFactory

    own = TaskFactory(
        plan=bloc.plan,
        section=bloc.ongoing.section,
        position=5,
        text="Sơ kết 3 năm thực hiện, báo cáo Tỉnh ủy",
    )
    Task.objects.filter(pk=own.pk).update(number="1.e")
    text = texts(committee_report(bloc))["results"]
    assert "# 3. Các nhiệm vụ do Ban Thường vụ và các cơ quan tham mưu thực hiện" in text
    assert "- 1.e – Sơ kết 3 năm thực hiện, báo cáo Tỉnh ủy: [bổ sung kết quả]" in text
    table = next(block for block in parse_markup(text) if block.kind == TABLE)
    assert "1.e" not in [row[0] for row in table.rows]


def test_the_same_words_from_several_organizations_are_quoted_once(bloc):
    from tests.board_reports_support import hand_in_report

    same = "Đã tổ chức quán triệt Nghị quyết cho toàn thể đảng viên."
    hand_in_report(bloc, bloc.tree.cells[1], [(bloc.ongoing, "done", same)], day=19)
    hand_in_report(bloc, bloc.tree.committees[0], [], day=19)  # nothing new from A
    text = texts(committee_report(bloc))["results"]
    assert text.count(same) == 1
