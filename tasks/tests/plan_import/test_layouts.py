"""Layouts the plan reader learnt from plans written apart from it (issue 15): "1/" and "a/" marks, an item's
"- Thời gian: ..." and "- Cơ quan chủ trì: ..." lines, a deadline in parentheses on a line of its own, parts
"A.", "B." above the roman headings, task tables in the body of a Word or PDF plan, a row broken across a PDF
page, a PDF list with a hanging indent; and the importer's score on the whole corpus."""

import pytest

from tasks.plan_import.reading import plan_parse, plan_parse_file
from tasks.tests.plan_import import score
from tasks.tests.plan_import.score import CORPUS

HEADER = "ĐẢNG ỦY XÃ AN HÒA\nSố 05-KH/ĐU\n\nKẾ HOẠCH\nthực hiện nhiệm vụ năm 2025\n\n"


def tasks_of(result: dict) -> list[tuple[str, str, str, str | None]]:
    """(place, start of the text, kind, due date or day of the year) of every task, in reading order."""
    return [
        (task["place"], task["text"][:30], task["kind"], task["date"])
        for task in score.importer_tasks(result)
    ]


def test_slash_marks_number_and_letter_the_items():
    result = plan_parse(
        text=HEADER + "I/ NHIỆM VỤ\n1/ Công tác tư tưởng\na/ Quán triệt nghị quyết trong tháng 3/2025.\n"
        "b/ Tuyên truyền trên loa truyền thanh (thường xuyên).\n2/ Rà soát đảng viên trước 30/6/2025.\n"
    )
    assert tasks_of(result) == [
        ("I.1.a", "Quán triệt nghị quyết trong th", "dated", "2025-03-31"),
        ("I.1.b", "Tuyên truyền trên loa truyền t", "ongoing", None),
        ("I.2", "Rà soát đảng viên trước 30/6/2", "dated", "2025-06-30"),
    ]


def test_a_slash_after_a_roman_numeral_or_a_number_without_a_space_is_no_mark():
    result = plan_parse(text=HEADER + "II. NHIỆM VỤ\n1. Tổ chức\n- Gửi báo cáo trong quý\nII/2025.\n")
    assert tasks_of(result) == [("II.1", "Gửi báo cáo trong quý II/2025.", "dated", "2025-06-30")]


def test_the_details_under_an_item_are_not_tasks_and_give_its_units_and_deadline():
    result = plan_parse(
        text=HEADER + "II. NHIỆM VỤ\n1. Quán triệt Nghị quyết đến cán bộ chủ chốt.\n"
        "- Cơ quan chủ trì: Ban Tuyên giáo Đảng ủy.\n- Cơ quan phối hợp: Văn phòng Đảng ủy.\n"
        "- Thời gian hoàn thành: tháng 3/2025.\n- Địa điểm: Hội trường xã.\n"
        "2. Kiện toàn Ban Chỉ đạo.\n+ Thời gian: sau khi Huyện ủy có hướng dẫn.\n"
    )
    (first, second) = [task for section in result["sections"][0]["sections"] for task in section["tasks"]]
    assert first["text"].startswith("Quán triệt Nghị quyết") and "Địa điểm: Hội trường xã." in first["text"]
    assert (first["deadline"]["due_on"], first["lead"]) == ("2025-03-31", ["Ban Tuyên giáo Đảng ủy"])
    assert (second["deadline"]["kind"], second["deadline"]["explicit"]) == ("triggered", True)


def test_a_deadline_in_parentheses_on_its_own_line_belongs_to_the_item_above_and_ends_it():
    result = plan_parse(
        text=HEADER
        + "II. NHIỆM VỤ\n1. Hạ tầng\nPhủ sóng 5G đến trung tâm các xã.\n(Thời gian: giai đoạn 2025 - 2027)\n"
        "Số hóa hồ sơ lưu trữ của Đảng ủy, xong trước quý IV/2025.\nTuyên truyền về chuyển đổi số.\n"
        "(Thực hiện thường xuyên)\n"
    )
    assert tasks_of(result) == [
        ("II.1.a", "Phủ sóng 5G đến trung tâm các ", "dated", "2027-12-31"),
        ("II.1.b", "Số hóa hồ sơ lưu trữ của Đảng ", "dated", "2025-09-30"),
        ("II.1.c", "Tuyên truyền về chuyển đổi số.", "ongoing", None),
    ]
    assert result["sections"][0]["sections"][0]["tasks"][2]["deadline"]["explicit"] is True


def test_a_parenthesis_that_runs_on_the_sentence_stays_in_it():
    result = plan_parse(
        text=HEADER + "II. NHIỆM VỤ\n1. Tổ chức\n- Phân công đảng ủy viên phụ trách\n(thường xuyên).\n"
    )
    (task,) = result["sections"][0]["sections"][0]["tasks"]
    assert task["text"] == "Phân công đảng ủy viên phụ trách (thường xuyên)."


def test_parts_a_b_c_stand_above_the_roman_headings():
    result = plan_parse(
        text=HEADER + "A. MỤC TIÊU\nPhấn đấu có 100 doanh nghiệp.\nB. NHIỆM VỤ, GIẢI PHÁP\nI. Tuyên truyền\n"
        "1. Quán triệt nghị quyết trước ngày 30/4/2025.\nII. Môi trường kinh doanh\n"
        "1. Rà soát thủ tục hành chính trong quý III/2025.\nC. TỔ CHỨC THỰC HIỆN\n"
        "1. Các chi bộ xây dựng kế hoạch trước 15/4/2025.\n"
    )
    assert [section["label"] for section in result["sections"]] == ["A", "B", "C"]
    assert (
        result["sections"][0]["tasks"] == []
        and result["sections"][0]["text"] == "Phấn đấu có 100 doanh nghiệp."
    )
    assert [place for place, *_ in tasks_of(result)] == ["B.I.1", "B.II.1", "C.1"]


def test_a_capital_letter_before_a_sentence_is_no_part():
    result = plan_parse(
        text=HEADER + "II. NHIỆM VỤ\n1. Tổ chức\n- Quán triệt nghị quyết.\nA. Nguyễn Văn Bình phụ trách.\n"
    )
    assert [section["label"] for section in result["sections"]] == ["II"]


@pytest.fixture(scope="module")
def ward_plan():
    name = "dang-uy-phuong-kh-08-kiem-tra-giam-sat.docx"
    return plan_parse_file(data=(CORPUS / name).read_bytes(), filename=name)


def test_a_word_table_in_the_body_is_read_into_the_section_it_stands_under(ward_plan):
    assert [section["label"] for section in ward_plan["sections"]] == [
        "I",
        "II",
        "III",
    ]  # no appendix section
    first, second = ward_plan["sections"][1]["sections"]
    assert (first["title"], [s["label"] for s in first["sections"]]) == (
        "Kiểm tra, giám sát của Đảng ủy",
        ["1", "2", "3"],
    )
    assert first["tasks"] == [] and len(second["sections"]) == 3
    check = first["sections"][1]["tasks"][0]
    assert check["text"].startswith("Giám sát việc thực hiện Quy định số 08-QĐi/TW")
    assert (check["deadline"]["due_on"], check["deadline"]["precision"]) == ("2024-09-30", "month")
    assert second["sections"][2]["tasks"][0]["deadline"]["kind"] == "triggered"


@pytest.fixture(scope="module")
def cell_plan():
    name = "chi-bo-truong-thcs-kh-01-cong-tac-nam.pdf"
    return plan_parse_file(data=(CORPUS / name).read_bytes(), filename=name)


def test_a_pdf_table_in_the_body_is_read_into_its_section_and_a_row_broken_across_a_page_is_one(cell_plan):
    assert [section["label"] for section in cell_plan["sections"]] == ["I", "II", "III"]
    rows = cell_plan["sections"][1]["sections"]
    assert [section["label"] for section in rows] == [str(n) for n in range(1, 11)]
    broken = rows[7]["tasks"][0]
    assert broken["text"] == "Tổ chức kỷ niệm 43 năm Ngày Nhà giáo Việt Nam 20/11"
    assert broken["deadline"]["due_on"] == "2025-11-30"
    assert broken["lead"] == ["Công đoàn", "Chi đoàn"]
    assert rows[6]["tasks"][0]["text"] == "Lãnh đạo thực hiện kế hoạch năm học 2025 - 2026 của Nhà trường"


def test_a_pdf_list_with_a_hanging_indent_keeps_each_item_whole():
    name = "thanh-uy-kh-74-tong-ket-nghi-quyet.pdf"
    result = plan_parse_file(data=(CORPUS / name).read_bytes(), filename=name)
    texts = [task["text"] for _, task in _walk(result["sections"])]
    assert (
        "Ủy ban nhân dân các phường, xã chủ trì tổng hợp số liệu về quy hoạch, chỉnh trang đô thị, hạ tầng kỹ thuật "
        "theo đề cương của Ban Tuyên giáo Thành ủy, hoàn thành trong Quý III/2025."
    ) in texts
    assert len(texts) == 6


def _walk(sections, path=()):
    for section in sections:
        here = (*path, section["label"])
        for task in section["tasks"]:
            yield here, task
        yield from _walk(section["sections"], here)


def test_the_importer_reads_at_least_95_percent_of_the_corpus_right():
    scores = score.score_corpus()
    right = sum(s.right for s in scores)
    total = sum(s.denominator for s in scores)
    assert len(scores) >= 12 and not any(s.error for s in scores)
    assert right / total >= 0.95, [(s.name, s.score) for s in scores if s.score < 1]


DATED = "ĐẢNG ỦY XÃ AN HÒA\nSố 05-KH/ĐU\nAn Hòa, ngày {date}\n\nKẾ HOẠCH\ntổ chức đại hội chi bộ\n\n"


def test_a_timetable_line_starts_with_its_deadline_and_a_colon():
    result = plan_parse(
        text=DATED.format(date="12 tháng 02 năm 2025") + "III. TIẾN ĐỘ\n- Tháng 3/2025: Đảng ủy chọn chi bộ "
        "làm đại hội điểm.\n- Quý II/2025: Các chi bộ tiến hành đại hội.\n- Nội dung: chuẩn bị văn kiện.\n"
    )
    assert [(kind, date) for _, _, kind, date in tasks_of(result)] == [
        ("dated", "2025-03-31"),
        ("dated", "2025-06-30"),
        ("ongoing", None),
    ]
    assert result["sections"][0]["tasks"][0]["deadline"]["explicit"] is True


@pytest.mark.parametrize(
    ("date", "line", "due"),
    [
        ("12 tháng 02 năm 2025", "- Trước ngày 15/4: Các chi bộ gửi dự thảo văn kiện.", "2025-04-15"),
        ("20 tháng 12 năm 2024", "- Các chi bộ gửi báo cáo trước ngày 15/01.", "2025-01-15"),
        ("12 tháng 02 năm 2025", "- Các chi bộ tiến hành đại hội trong tháng 5.", "2025-05-31"),
        ("12 tháng 02 năm 2025", "- Các chi bộ gửi văn kiện trước tháng 5.", "2025-04-30"),
    ],
)
def test_a_day_without_its_year_is_read_in_the_plans_year_with_a_warning(date, line, due):
    result = plan_parse(text=DATED.format(date=date) + "III. TIẾN ĐỘ\n" + line + "\n")
    deadline = result["sections"][0]["tasks"][0]["deadline"]
    assert (deadline["kind"], deadline["due_on"], deadline["explicit"]) == ("dated", due, True)
    assert "yearless" not in deadline
    assert any(deadline["source"] in warning for warning in result["warnings"])


def test_a_day_without_its_year_in_a_plan_without_a_date_is_left_to_set():
    result = plan_parse(text=HEADER + "III. TIẾN ĐỘ\n- Trước ngày 15/4: Các chi bộ gửi dự thảo văn kiện.\n")
    deadline = result["sections"][0]["tasks"][0]["deadline"]
    assert (deadline["kind"], deadline["due_on"]) == ("ongoing", None) and "yearless" not in deadline
    assert any("15/4" in warning for warning in result["warnings"])


def test_an_stt_column_numbered_by_word_gives_each_row_its_number():
    name = "dang-uy-khoi-ctr-07-ton-giao.docx"
    result = plan_parse_file(data=(CORPUS / name).read_bytes(), filename=name)
    appendix = result["sections"][-1]
    assert appendix["label"] == "PL"
    assert [
        (group["label"], [row["label"] for row in group["sections"]]) for group in appendix["sections"]
    ] == [
        ("I", ["1", "2", "3"]),
        ("II", ["1", "2", "3"]),
    ]
    second = appendix["sections"][0]["sections"][1]["tasks"][0]
    assert second["text"] == (
        "Biên soạn tài liệu tuyên truyền về chính sách tôn giáo\nPhát hành đến các chi bộ trực thuộc."
    )
    assert second["deadline"]["due_on"] == "2025-08-31"
