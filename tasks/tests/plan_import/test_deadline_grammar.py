"""Every deadline wording issue 15 lists (tasks/plan_import/reading/deadlines.py), read from a task of a plan:
each date form after each lead word, at the end, in the middle and at the start of the sentence (explicit
wherever it stands), split by a line break, in parentheses; ranges, days of every year, six-monthly
reporting, triggers in every form, and years that are no deadline."""

import pytest

from tasks.plan_import.reading import plan_parse
from tasks.plan_import.reading.deadlines import half_year_warning

PLAN = "II. NHIỆM VỤ\n1. Công tác tổ chức\n"

# (form, last day allowed, precision, last day when "trước" leads it)
FORMS = [
    ("30/6/2024", "2024-06-30", "day", "2024-06-30"),
    ("30-6-2024", "2024-06-30", "day", "2024-06-30"),
    ("30.6.2024", "2024-06-30", "day", "2024-06-30"),
    ("ngày 30/6/2024", "2024-06-30", "day", "2024-06-30"),
    ("ngày 30 tháng 6 năm 2024", "2024-06-30", "day", "2024-06-30"),
    ("16h00 ngày 05/7/2024", "2024-07-05", "day", "2024-07-05"),
    ("tháng 6/2024", "2024-06-30", "month", "2024-05-31"),
    ("tháng 6-2024", "2024-06-30", "month", "2024-05-31"),
    ("tháng 6 năm 2024", "2024-06-30", "month", "2024-05-31"),
    ("quý II/2024", "2024-06-30", "quarter", "2024-03-31"),
    ("Quý 2 năm 2024", "2024-06-30", "quarter", "2024-03-31"),
    ("6 tháng đầu năm 2024", "2024-06-30", "month", "2023-12-31"),
    ("6 tháng cuối năm 2024", "2024-12-31", "month", "2024-06-30"),
    ("năm 2025", "2025-12-31", "year", "2024-12-31"),
]
LEADS = ["trước", "chậm nhất", "xong trước", "hoàn thành trong", "vào", "trong"]
PLACES = {
    "end": "- Rà soát, bổ sung quy hoạch cán bộ, {wording}.",
    "middle": "- Rà soát, bổ sung quy hoạch cán bộ {wording}, báo cáo kết quả về Ban Thường vụ.",
    "start": "- {Wording}, rà soát, bổ sung quy hoạch cán bộ của các chi bộ.",
}


def task_of(line: str) -> tuple[dict, list[str]]:
    """The deadline of the one task `line` is, and the plan's warnings."""
    result = plan_parse(text=PLAN + line)
    (task,) = result["sections"][0]["sections"][0]["tasks"]
    return task["deadline"], result["warnings"]


def read(line: str) -> tuple:
    deadline, _warnings = task_of(line)
    date = deadline["due_on"] if deadline["kind"] == "dated" else deadline.get("annual_day")
    return deadline["kind"], date, deadline["precision"], deadline["explicit"]


def _cases():
    for form, due, precision, before in FORMS:
        for lead in LEADS:
            if precision == "day" and "trong" in lead:
                continue  # "trong 30/6/2024" is not how a day is written
            expected = before if "trước" in lead else due
            for place, template in PLACES.items():
                wording = f"{lead} {form}"
                line = template.format(wording=wording, Wording=wording[0].upper() + wording[1:])
                yield pytest.param(line, ("dated", expected, precision, True), id=f"{lead}|{form}|{place}")


@pytest.mark.parametrize(("line", "expected"), list(_cases()))
def test_each_date_form_after_each_lead_word_wherever_it_stands(line, expected):
    assert read(line) == expected


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        # a day, a month, a quarter, a half and a year written in parentheses, with or without a lead word
        ("- Tổng kết công tác kiểm tra (30/6/2024).", ("dated", "2024-06-30", "day", True)),
        (
            "- Tổng kết công tác kiểm tra (hoàn thành trong tháng 6/2024).",
            ("dated", "2024-06-30", "month", True),
        ),
        ("- Tổng kết công tác kiểm tra (Quý 2 năm 2024).", ("dated", "2024-06-30", "quarter", True)),
        ("- Tổng kết công tác kiểm tra (6 tháng cuối năm 2024).", ("dated", "2024-12-31", "month", True)),
        ("- Tổng kết công tác kiểm tra (năm 2025).", ("dated", "2025-12-31", "year", True)),
        # the chi bộ's meeting of a month
        (
            "- Quán triệt nghị quyết trong kỳ sinh hoạt chi bộ tháng 3/2023.",
            ("dated", "2023-03-31", "month", True),
        ),
        # a date split by a line break
        ("- Gửi báo cáo về Đảng ủy trước ngày\n30/6/2024.", ("dated", "2024-06-30", "day", True)),
        (
            "- Gửi báo cáo về Đảng ủy chậm nhất ngày 15\ntháng 12 năm 2025.",
            ("dated", "2025-12-15", "day", True),
        ),
        ("- Gửi báo cáo về Đảng ủy trong quý\nII/2024.", ("dated", "2024-06-30", "quarter", True)),
        # ranges: the end counts
        (
            "- Tổ chức đợt sinh hoạt chính trị từ ngày 01/9/2024 đến hết ngày 30/9/2024.",
            ("dated", "2024-09-30", "day", True),
        ),
        (
            "- Tổ chức đợt sinh hoạt chính trị từ tháng 4 đến hết tháng 6/2024.",
            ("dated", "2024-06-30", "month", True),
        ),
        ("- Tổ chức đợt sinh hoạt chính trị từ nay đến hết năm 2025.", ("dated", "2025-12-31", "year", True)),
        (
            "- Tổ chức đợt sinh hoạt chính trị (từ quý I đến hết quý III/2024).",
            ("dated", "2024-09-30", "quarter", True),
        ),
        # periods in parentheses or after a time label: the start of a month, a range of quarters or years
        ("- Gửi bản đăng ký về chi ủy (đầu tháng 7/2025).", ("dated", "2025-07-31", "month", True)),
        ("- Học tập chuyên đề (cuối quý II/2025).", ("dated", "2025-06-30", "quarter", True)),
        (
            "- Xây dựng mô hình.\nThời gian: Quý III/2025 – Quý IV/2025.",
            ("dated", "2025-12-31", "quarter", True),
        ),
        ("- Số hóa hồ sơ đảng viên (năm 2025 - 2026).", ("dated", "2026-12-31", "year", True)),
        ("- Phủ sóng 5G.\n(Thời gian: giai đoạn 2025 - 2027)", ("dated", "2027-12-31", "year", True)),
        ("- Tổng kết nghị quyết của Đại hội (2020 - 2025).", ("ongoing", None, None, False)),
        # annual with a fixed day
        ("- Báo cáo kết quả về Tỉnh ủy trước 15/12 hằng năm.", ("annual", "12-15", "day", True)),
        ("- Báo cáo kết quả về Tỉnh ủy chậm nhất ngày 15/01 hằng năm.", ("annual", "01-15", "day", True)),
        ("- Báo cáo kết quả về Tỉnh ủy (Quý I hằng năm).", ("annual", "03-31", "quarter", True)),
        ("- Hằng năm, tổ chức đối thoại với doanh nghiệp vào tháng 10.", ("annual", "10-31", "month", True)),
    ],
)
def test_other_forms(line, expected):
    assert read(line) == expected


@pytest.mark.parametrize(
    ("line", "explicit"),
    [
        ("- Báo cáo kết quả thực hiện (định kỳ 6 tháng).", True),
        ("- Báo cáo kết quả thực hiện (6 tháng một lần).", True),
        ("- Định kỳ 6 tháng báo cáo kết quả thực hiện về Ban Thường vụ.", False),
        ("- Tổ chức giao ban, 6 tháng một lần báo cáo Ban Thường vụ.", False),
    ],
)
def test_six_monthly_reporting_is_a_half_year_period_of_the_plan_with_a_warning(line, explicit):
    deadline, warnings = task_of(line)
    assert (deadline["kind"], deadline["due_on"], deadline["explicit"]) == ("ongoing", None, explicit)
    assert half_year_warning(deadline["source"]) in warnings


@pytest.mark.parametrize(
    ("line", "trigger", "explicit"),
    [
        ("- Sửa đổi quy chế làm việc (sau khi Tỉnh ủy có hướng dẫn).", "Tỉnh ủy có hướng dẫn", True),
        ("- Sửa đổi quy chế làm việc sau khi Tỉnh ủy có hướng dẫn.", "Tỉnh ủy có hướng dẫn", False),
        (
            "- Sáp nhập các cơ quan tham mưu (khi có hướng dẫn của cấp trên).",
            "có hướng dẫn của cấp trên",
            True,
        ),
        (
            "- Sáp nhập các cơ quan tham mưu khi có hướng dẫn của cấp trên.",
            "có hướng dẫn của cấp trên",
            False,
        ),
        (
            "- Ban hành quy chế (sau khi Trung ương ban hành quy định khung).",
            "Trung ương ban hành quy định khung",
            True,
        ),
        (
            "- Ban hành quy chế làm việc sau khi Trung ương ban hành quy định khung.",
            "Trung ương ban hành quy định khung",
            False,
        ),
        (
            "- Kiện toàn cấp ủy (sau khi có quyết định thành lập Đảng bộ xã).",
            "có quyết định thành lập Đảng bộ xã",
            True,
        ),
        (
            "- Kiện toàn cấp ủy lâm thời sau khi có quyết định thành lập Đảng bộ xã.",
            "có quyết định thành lập Đảng bộ xã",
            False,
        ),
        ("- Bổ sung quy chế (ngay sau khi có hướng dẫn của Đảng ủy).", "có hướng dẫn của Đảng ủy", True),
        (
            "- Thành lập tổ tuyên truyền (khi được cấp có thẩm quyền phê duyệt).",
            "được cấp có thẩm quyền phê duyệt",
            True,
        ),
        (
            "- Xây dựng đề án vị trí việc làm (theo hướng dẫn của Ban Tổ chức Tỉnh ủy).",
            "hướng dẫn của Ban Tổ chức Tỉnh ủy",
            True,
        ),
        (
            "- Xây dựng đề án vị trí việc làm.\nThời gian: theo hướng dẫn của Ban Tổ chức Tỉnh ủy.",
            "hướng dẫn của Ban Tổ chức Tỉnh ủy",
            True,
        ),
    ],
)
def test_triggers_in_every_form(line, trigger, explicit):
    deadline, _warnings = task_of(line)
    assert (deadline["kind"], deadline["trigger"], deadline["explicit"]) == ("triggered", trigger, explicit)


@pytest.mark.parametrize(
    "line",
    [
        "- Xây dựng quy hoạch cấp ủy nhiệm kỳ 2025 - 2030.",
        "- Giới thiệu nhân sự ban chấp hành nhiệm kỳ 2025-2030 theo quy định.",
        "- Thực hiện Nghị quyết số 21-NQ/TW năm 2022 của Ban Chấp hành Trung ương.",
        "- Quán triệt Chỉ thị số 35-CT/TW, ngày 14/6/2024 của Bộ Chính trị.",
        "- Đánh giá kết quả thực hiện chính sách giai đoạn 2021 - 2025.",
    ],
)
def test_years_that_are_not_deadlines(line):
    assert read(line) == ("ongoing", None, None, False)
