"""Property tests of the plan parser: no input crashes it, and no word of the input is lost."""

import json
import unicodedata
from collections import Counter

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tasks.plan_import.reading import plan_parse
from tasks.tests.plan_import.test_parser import PLANS, SEED, assert_valid, lost_words, strings

SEED_TEXT = SEED.read_text(encoding="utf-8")
SEED_LINES = SEED_TEXT.splitlines()
FIXTURES = [SEED_TEXT] + [path.read_text(encoding="utf-8") for path in sorted(PLANS.glob("*.txt"))]

# Pieces of the genre, so that random texts reach every branch: headers, numbering, bullets, annotations,
# citations (good, spaced, mistyped, unknown types, impossible dates), units, closing blocks, odd spaces.
# fmt: off
FRAGMENTS = [
    "I- ", "II. ", "IV- ", "1. ", "2.1. ", "3.2 ", "12) ", "a) ", "đ) ", "b. ",
    "- ", "+ ", "• ", "* ", "** ", "*", "**", "(", ")", "“", "”",
    "\n", "\n\n", "\n\n\n", "\r\n", "\f", "\t", "\u00a0", "\u2028", "…", "____", "---", ":", ";", ".", ",",
    "Số 62-KH/ĐUK", "Số: 15-KH/ĐU", "62-KH/ĐUK", "21- NQ/TW", "21-KL/TW", "05-CTr/TU", "7-XYZ/TW", "1-KH/Ð",
    "Nghị quyết số ", "Kết luận số ", "Quy định ", "Chương trình hành động số ", "(sau đây gọi là ",
    ", ngày 16/6/2022", " ngày 31/02/2023", " ngày 15 tháng 12 năm 2023",
    "KẾ HOẠCH", "KẾ HOẠCH\n", "ĐẢNG CỘNG SẢN VIỆT NAM\n", "ĐẢNG ỦY KHỐI CÁC CƠ QUAN TỈNH\n",
    "Quy Nhơn, ngày 15 tháng 12 năm 2023", "Quy Nhơn, ngày … tháng 4 năm 2024",
    "MỤC ĐÍCH, YÊU CẦU", "NHIỆM VỤ, GIẢI PHÁP", "TỔ CHỨC THỰC HIỆN", "KINH PHÍ",
    "(thực hiện thường xuyên)", "(thực hiện hàng năm)", "(sau khi ", "Tỉnh ủy có hướng dẫn", "(nếu có)",
    "(hoàn thành tháng 6/2023)", "(hoàn thành tháng 13/2023)", "(quý I/2024)", "quý V/2024", "(năm 0000)",
    "Thời gian thực hiện: ", "Thời gian thực hiện: Quý I/2024", "Thời hạn: không rõ",
    "6 tháng đầu năm 2024", "trước ngày 28/02/2023", "trước ngày 29/02/2023", "chậm nhất ngày 1/1/0001",
    "trước quý I/0001", "định kỳ hằng năm", "định kỳ 6 tháng", "định kỳ hằng quý", "6 tháng một lần",
    "Giao ", "Ban Tổ chức Đảng ủy Khối", " chủ trì, phối hợp với ", "Ban Tuyên giáo, Ủy ban Kiểm tra",
    " và cấp ủy cơ sở thường xuyên theo dõi", "Chủ trì: ", "Phối hợp: ", "Đơn vị thực hiện: ",
    "Các cấp ủy cơ sở trong Khối", " tiếp tục chỉ đạo", "Các đồng chí Ủy viên: Có trách nhiệm ",
    "Nơi nhận:", "Nơi nhận:\n- Lưu VP.", "NƠI NHẬN", "T/M BAN THƯỜNG VỤ", "K/T BAN THƯỜNG VỤ", "TM CHI BỘ",
    "BÍ THƯ", "PHÓ BÍ THƯ", "(Đã ký)", "Nguyễn Văn A", "khắc", "phục", "đảng viên", "Căn cứ ",
    "e\u0301", "\u0301", "İ", "ǅ", "ﬁ", "\u200b", "\ufeff", "١٢", "\x00", "\x1c",
]
# fmt: on

text_strategy = st.lists(
    st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=8)),
    max_size=80,
).map("".join)

COMMON = {"deadline": None, "database": None, "suppress_health_check": [HealthCheck.too_slow]}


def check(text: str) -> dict:
    result = plan_parse(text=text)
    assert_valid(result)
    json.dumps(result)
    for string in strings(result):
        assert unicodedata.is_normalized("NFC", string)
    assert lost_words(text, result) == Counter()
    return result


@settings(max_examples=400, **COMMON)
@given(text_strategy)
def test_no_text_crashes_the_parser_or_loses_a_word(text):
    check(text)


@settings(max_examples=150, **COMMON)
@given(st.text(max_size=400))
def test_no_arbitrary_unicode_crashes_the_parser_or_loses_a_word(text):
    check(text)


@settings(max_examples=60, **COMMON)
@given(
    st.lists(st.integers(min_value=0, max_value=len(SEED_LINES) - 1), max_size=25),
    st.lists(
        st.tuples(st.integers(min_value=0, max_value=len(SEED_LINES)), st.sampled_from(FRAGMENTS)),
        max_size=15,
    ),
)
def test_a_damaged_seed_still_parses_and_keeps_its_words(dropped, inserted):
    lines = [line for index, line in enumerate(SEED_LINES) if index not in set(dropped)]
    for position, fragment in sorted(inserted, reverse=True):
        lines.insert(min(position, len(lines)), fragment)
    check("\n".join(lines))


@settings(max_examples=40, **COMMON)
@given(st.lists(st.integers(min_value=0, max_value=len(SEED_LINES) - 1), min_size=1, max_size=30))
def test_more_blank_lines_between_paragraphs_change_nothing(positions):
    """Where the seed has a blank line, two or three are the same paragraph break."""
    expected = plan_parse(text=SEED_TEXT)
    lines = list(SEED_LINES)
    for position in sorted(set(positions), reverse=True):
        if lines[position] == "":
            lines.insert(position, "")
    assert plan_parse(text="\n".join(lines)) == expected


@settings(max_examples=40, **COMMON)
@given(st.sampled_from(["\n", "\r\n", "\r"]), st.sampled_from(["", " ", "\t", "  \u00a0"]))
def test_line_endings_and_trailing_spaces_change_nothing(newline, trailing):
    expected = plan_parse(text=SEED_TEXT)
    text = newline.join(line + trailing for line in SEED_LINES)
    assert plan_parse(text=text) == expected


@pytest.mark.parametrize("index", range(len(FIXTURES)))
def test_a_plan_without_blank_lines_parses_the_same(index):
    """Pasted text often loses its empty lines; the fixtures hold no title or list that needs them."""
    text = FIXTURES[index]
    compact = "\n".join(line for line in text.splitlines() if line.strip())
    assert plan_parse(text=compact) == plan_parse(text=text)
