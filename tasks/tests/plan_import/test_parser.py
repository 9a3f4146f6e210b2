"""The plan parser (tasks/plan_import/reading/): the seed 62-KH/ĐUK and three more plans of the genre."""

import json
import re
import unicodedata
from collections import Counter
from pathlib import Path

import jsonschema
import pytest

from tasks.plan_import.reading import FORMAT, deadline_parse, plan_parse, plan_parse_file
from tasks.plan_import.reading.deadlines import half_year_warning

DATA = Path(__file__).resolve().parents[3] / "tests" / "data"
SEED = DATA / "ke-hoach-62-KH-DUK.txt"
PLANS = DATA / "plans"
REPO = Path(__file__).resolve().parents[3]

WORD = re.compile(r"[^\W_]+")
HALF_YEAR_WARNING = half_year_warning("định kỳ 6 tháng")
RECIPIENTS_LABEL = re.compile(r"^\s*(n[oơ]i nh[aậ]n)\s*:?", re.IGNORECASE | re.MULTILINE)


def strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from strings(item)


def lost_words(text: str, result: dict) -> Counter:
    """Words of `text` (every occurrence) that appear in no string of `result`.

    The printed label "Nơi nhận:" is structure, not content: its words may be consumed once per label line.
    """
    text = unicodedata.normalize("NFC", text)
    expected = Counter(WORD.findall(text))
    for match in RECIPIENTS_LABEL.finditer(re.sub(r"\r\n?|[\f\v\x85\u2028\u2029]", "\n", text)):
        expected.subtract(WORD.findall(match.group(1)))
    found = Counter(word for string in strings(result) for word in WORD.findall(string))
    return +(expected - found)


def schema() -> dict:
    # The project's copy of the interchange spec (the drift test in test_interchange.py keeps it current).
    return json.loads((REPO / "plans" / "schema" / "plan.schema.json").read_text(encoding="utf-8"))


def assert_valid(result: dict) -> None:
    validator = jsonschema.Draft202012Validator(
        schema(), format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(result)]
    assert errors == []


def walk_tasks(sections, path=()):
    for section in sections:
        here = (*path, section["label"])
        for task in section["tasks"]:
            yield here, task
        yield from walk_tasks(section["sections"], here)


def section_at(result: dict, *labels: str) -> dict:
    sections = result["sections"]
    found = None
    for label in labels:
        found = next(s for s in sections if s["label"] == label)
        sections = found["sections"]
    return found


@pytest.fixture(scope="module")
def seed_text() -> str:
    return SEED.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def seed(seed_text) -> dict:
    return plan_parse(text=seed_text)


# -- the seed: the structure the Foundation issue requires -----------------------------------------------


def test_it_writes_the_interchange_format_valid_against_the_schema(seed):
    assert seed["format"] == FORMAT
    assert_valid(seed)
    json.dumps(seed)  # plain JSON values only


def test_it_reads_the_header(seed):
    document = seed["document"]
    assert document["symbol"] == "62-KH/ĐUK"
    assert (document["number"], document["type"], document["issuer"]) == ("62", "KH", "ĐUK")
    assert document["written_as"] == "Số 62-KH/ĐUK"
    assert document["type_name"] == "KẾ HOẠCH"
    assert document["title"].startswith("thực hiện Nghị quyết số 21-NQ/TW, ngày 16/6/2022 của Ban Chấp hành")
    assert document["title"].endswith("trong giai đoạn mới")
    # The seed has no place-date line.
    assert document["place_date"] is None
    assert document["issued_on"] is None
    assert seed["place"] == ""
    assert seed["preamble"].startswith("Thực hiện Nghị quyết số 21-KL/TW, ngày 16/6/2022")
    assert seed["preamble"].endswith("cụ thể như sau:")
    assert "*" not in seed["preamble"]  # the emphasis marks of "(*sau đây gọi là ...*)"


def test_it_builds_sections_I_II_III_with_their_numbered_subsections(seed):
    tree = [(s["label"], s["title"], [c["label"] for c in s["sections"]]) for s in seed["sections"]]
    assert tree == [
        ("I", "MỤC ĐÍCH, YÊU CẦU", ["1", "2", "3"]),
        ("II", "NHIỆM VỤ, GIẢI PHÁP", ["1", "2", "3", "4", "5"]),
        ("III", "TỔ CHỨC THỰC HIỆN", ["1", "2", "3", "4", "5"]),
    ]
    assert [s["label"] for s in section_at(seed, "II", "2")["sections"]] == ["2.1", "2.2", "2.3", "2.4"]
    assert [s["label"] for s in section_at(seed, "II", "3")["sections"]] == ["3.1", "3.2", "3.3"]
    assert section_at(seed, "II", "1")["title"] == (
        "Công tác thông tin, tuyên truyền, quán triệt và triển khai Nghị quyết số 21-NQ/TW"
    )
    assert section_at(seed, "III", "3")["title"] == "Các đảng ủy, chi ủy, chi bộ trực thuộc Đảng ủy Khối"


def test_the_purpose_section_holds_no_task_and_keeps_its_text(seed):
    purpose = section_at(seed, "I")
    assert list(walk_tasks([purpose])) == []
    texts = [s["text"] for s in purpose["sections"]]
    assert texts[0].startswith("Nhằm nâng cao nhận thức cho các cấp ủy")
    assert texts[2].endswith("triển khai thực hiện kế hoạch tại chi, đảng bộ mình.")
    assert all(s["title"] == "" for s in purpose["sections"])  # lone paragraphs have no heading of their own


def test_it_finds_the_36_tasks_of_the_foundation_issue(seed):
    tasks = list(walk_tasks(seed["sections"]))
    assert len(tasks) == 36
    per_section = Counter(".".join(path) for path, _ in tasks)
    assert per_section == {
        "II.1": 3,
        "II.2.2.1": 1,
        "II.2.2.2": 3,
        "II.2.2.3": 5,
        "II.2.2.4": 2,
        "II.3.3.1": 4,
        "II.3.3.2": 4,
        "II.3.3.3": 4,
        "II.4": 2,
        "II.5": 1,
        "III.1": 1,
        "III.2": 1,
        "III.3": 2,
        "III.4": 2,
        "III.5": 1,
    }


def test_deadline_kinds_and_explicit_flags_match_the_foundation_issue(seed):
    deadlines = [task["deadline"] for _, task in walk_tasks(seed["sections"])]
    explicit = Counter(d["kind"] for d in deadlines if d["explicit"])
    assert explicit == {"ongoing": 13, "annual": 4, "triggered": 4, "dated": 2}
    inferred = [d for d in deadlines if not d["explicit"]]
    assert len(inferred) == 13
    # Only III.3's second bullet has a wording in its running sentence; the others have none at all.
    assert (
        sorted((d["kind"], d["source"]) for d in inferred)
        == [("annual", "định kỳ hàng năm")] + [("ongoing", None)] * 12
    )


def test_dated_tasks_carry_the_last_day_and_the_precision(seed):
    dated = [task for _, task in walk_tasks(seed["sections"]) if task["deadline"]["kind"] == "dated"]
    assert [
        (t["deadline"]["due_on"], t["deadline"]["precision"], t["deadline"]["source"]) for t in dated
    ] == [
        ("2023-06-30", "month", "hoàn thành tháng 6/2023"),
        ("2023-02-28", "day", "trước ngày 28/02/2023"),
    ]
    assert dated[1]["text"].endswith("gửi về Đảng ủy Khối các cơ quan tỉnh trước ngày 28/02/2023.")


def test_triggered_tasks_await_the_tinh_uy_guidance(seed):
    triggered = [task for _, task in walk_tasks(seed["sections"]) if task["deadline"]["kind"] == "triggered"]
    assert len(triggered) == 4
    for task in triggered:
        assert task["deadline"]["trigger"] == "Tỉnh ủy có hướng dẫn"
        assert task["deadline"]["source"] == "sau khi Tỉnh ủy có hướng dẫn"
        assert task["deadline"]["due_on"] is None


def test_the_bullet_with_two_annotations_is_two_tasks(seed):
    tasks = section_at(seed, "II", "2", "2.3")["tasks"]
    first, second = tasks[2], tasks[3]
    assert first["text"] == (
        "Chỉ đạo, hướng dẫn thực hiện thí điểm sinh hoạt trực tuyến đối với đảng bộ cơ sở, chi bộ có tính chất "
        "đặc thù hoặc trong hoàn cảnh đặc biệt theo hướng dẫn của cấp trên (sau khi Tỉnh ủy có hướng dẫn)."
    )
    assert first["deadline"]["kind"] == "triggered"
    assert second["text"] == (
        "Tiếp tục duy trì sinh hoạt tổ đảng đối với chi bộ có đông đảng viên (thực hiện thường xuyên)."
    )
    assert second["deadline"] == {
        "kind": "ongoing",
        "explicit": True,
        "source": "thực hiện thường xuyên",
        "due_on": None,
        "precision": None,
        "trigger": None,
    }


def test_it_joins_the_sentence_broken_by_a_page_break(seed):
    text = section_at(seed, "II", "3", "3.2")["tasks"][0]["text"]
    assert "kịp thời chấn chỉnh, khắc phục tình trạng tùy tiện" in text
    assert "\n" not in text
    assert text.endswith("(thực hiện thường xuyên).")


def test_it_keeps_a_running_sentence_wording_as_not_explicit(seed):
    task = section_at(seed, "III", "3")["tasks"][1]
    assert task["deadline"] == {
        "kind": "annual",
        "explicit": False,
        "source": "định kỳ hàng năm",
        "due_on": None,
        "precision": None,
        "trigger": None,
    }


def test_it_lists_every_cited_document_once_in_order_of_first_mention(seed):
    references = [(r["symbol"], r["issued_on"], r["type"], r["stated_type"]) for r in seed["references"]]
    assert references == [
        ("21-NQ/TW", "2022-06-16", "NQ", "NQ"),
        ("21-KL/TW", "2022-06-16", "KL", "NQ"),
        ("43-KH/TU", "2022-10-25", "KH", "KH"),
        ("56-KH/ĐUK", "2022-12-02", "KH", "KH"),
        ("18-KH/ĐUK", "2021-08-02", "KH", "KH"),
        ("36-KH/ĐUK", "2022-03-10", "KH", "KH"),
        ("21-KL/TW", "2021-10-25", "KL", "KL"),
        ("1972-QĐ/TU", "2015-06-10", "QĐ", "QĐ"),
        ("213-QĐ/TW", "2020-01-02", "QĐ", "QĐ"),
        ("58-QĐ/TW", "2022-02-08", "QĐ", "QĐ"),
        ("28-CT/TW", "2019-01-21", "CT", "CT"),
        ("05-CTr/TU", None, "CTr", "CTr"),
    ]
    assert [r["symbol"] for r in seed["implements"]] == ["21-NQ/TW"]
    assert [(r["symbol"], r["issued_on"]) for r in seed["basis"]] == [
        ("21-KL/TW", "2022-06-16"),
        ("43-KH/TU", "2022-10-25"),
    ]
    written = {(r["symbol"], r["issued_on"]): r["written_as"] for r in seed["references"]}
    assert written[("21-KL/TW", "2022-06-16")] == "Nghị quyết số 21-KL/TW, ngày 16/6/2022"
    assert written[("213-QĐ/TW", "2020-01-02")] == "Quy định 213-QĐ/TW ngày 02/01/2020"
    assert written[("05-CTr/TU", None)] == "Chương trình hành động số 05-CTr/TU"


def test_it_flags_nghi_quyet_21_KL_TW_and_nothing_else(seed):
    flagged = [r for r in seed["references"] if r["warning"]]
    assert [(r["symbol"], r["issued_on"]) for r in flagged] == [("21-KL/TW", "2022-06-16")]
    warning = flagged[0]["warning"]
    assert "21-KL/TW" in warning
    assert seed["warnings"] == [warning]
    # The Kết luận of 25/10/2021 is written as what it is.
    conclusion = next(r for r in seed["references"] if r["issued_on"] == "2021-10-25")
    assert conclusion["warning"] is None


def test_the_spaced_symbol_is_normalized_and_merged(seed, seed_text):
    assert "21- NQ/TW" in seed_text
    assert [r["symbol"] for r in seed["references"]].count("21-NQ/TW") == 1
    task = section_at(seed, "III", "3")["tasks"][0]
    assert "Nghị quyết số 21- NQ/TW" in task["text"]  # the text is kept as written


def test_it_reads_the_nine_recipients_and_the_signature(seed):
    assert seed["recipients"] == [
        "Ban Tổ chức Tỉnh ủy (b/c)",
        "Đồng chí Nguyễn Giờ - UV BTV TU",
        "Trưởng ban Tổ chức Tỉnh ủy (b/c),",
        "Các đ/c UVBCH Đảng bộ Khối,",
        "Các chi ủy, đảng ủy cơ sở trực thuộc,",
        "Các ban, UBKT, VP Đảng ủy Khối,",
        "Đoàn Khối,",
        "Website ĐUK,",
        "Lưu VP, BTC.",
    ]
    assert seed["signature"] == {
        "authority": "T/M BAN THƯỜNG VỤ",
        "title": "BÍ THƯ",
        "name": "Nguyễn Đặng Thị Thu Hòa",
    }


def test_it_names_the_units_the_text_names(seed):
    giao = section_at(seed, "III", "5")["tasks"][0]
    assert giao["lead"] == ["Ban Tổ chức Đảng ủy Khối"]
    assert giao["coordinating"] == [
        "Ban Tuyên giáo",
        "Ủy ban Kiểm tra",
        "Văn phòng Đảng ủy Khối các cơ quan tỉnh",
        "cán bộ được phân công theo dõi, phụ trách Khối",
        "cấp ủy cơ sở",
    ]
    assert giao["assignees"] == []
    cooperation = section_at(seed, "II", "2", "2.2")["tasks"][2]
    assert cooperation["lead"] == []
    assert cooperation["coordinating"] == ["Ban Tổ chức Tỉnh ủy", "các đơn vị có liên quan"]
    assert section_at(seed, "II", "1")["tasks"][0]["assignees"] == ["Các cấp ủy cơ sở trong Khối"]
    assert section_at(seed, "II", "1")["tasks"][1]["assignees"] == []  # "Chỉ đạo ..." names no doer
    assert section_at(seed, "III", "1")["tasks"][0]["assignees"] == [
        "Các đồng chí Ủy viên Ban Thường vụ Đảng ủy, Ủy viên Ban chấp hành Đảng bộ Khối"
    ]
    assert section_at(seed, "III", "2")["tasks"][0]["assignees"] == [
        "Các ban, Ủy ban Kiểm tra, Văn phòng Đảng ủy Khối các cơ quan tỉnh"
    ]
    for task in section_at(seed, "III", "3")["tasks"]:
        assert task["assignees"] == ["Các đảng ủy, chi ủy, chi bộ trực thuộc Đảng ủy Khối"]
    for task in section_at(seed, "III", "4")["tasks"]:
        assert task["assignees"] == ["Đoàn Khối các cơ quan tỉnh"]


def test_every_string_is_NFC(seed):
    for string in strings(seed):
        assert unicodedata.is_normalized("NFC", string)


def test_it_loses_no_word_of_the_seed(seed, seed_text):
    assert lost_words(seed_text, seed) == Counter()


def test_it_keeps_every_line_of_the_seed_in_some_field(seed, seed_text):
    """Each line, without its list mark and emphasis asterisks, is inside one output string, or (for the
    split bullet and the page break) its pieces are."""
    haystack = "\n".join(strings(seed))
    mark = re.compile(r"^(?:[IVX]+-|\d+(?:\.\d+)*\.|-)\s*")
    for line in seed_text.splitlines():
        line = mark.sub("", line.replace("*", "").strip())
        if not line or line == "Nơi nhận:":
            continue
        if line not in haystack:
            pieces = re.split(r"(?<=\)\.) ", line)
            assert all(piece in haystack for piece in pieces), line


def test_it_accepts_the_seed_as_a_file_in_any_usual_encoding(seed, seed_text):
    assert plan_parse_file(data=seed_text.encode("utf-8"), filename="62.txt") == seed
    assert plan_parse_file(data=b"\xef\xbb\xbf" + seed_text.encode("utf-8"), filename="62.txt") == seed
    assert plan_parse_file(data=seed_text.encode("utf-16"), filename="62.txt") == seed
    decomposed = unicodedata.normalize("NFD", seed_text).replace("\n", "\r\n")
    assert plan_parse(text=decomposed) == seed


# -- deadline wordings --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("wording", "kind", "due_on", "precision"),
    [
        ("thực hiện thường xuyên", "ongoing", None, None),
        ("Thường xuyên", "ongoing", None, None),
        ("thực hiện hằng năm", "annual", None, None),
        ("hàng năm", "annual", None, None),
        ("định kỳ hằng năm", "annual", None, None),
        ("định kỳ 6 tháng", "ongoing", None, None),
        ("trước ngày 28/02/2023", "dated", "2023-02-28", "day"),
        ("chậm nhất ngày 15/3/2024", "dated", "2024-03-15", "day"),
        ("chậm nhất là ngày 15/3/2024", "dated", "2024-03-15", "day"),
        ("ngày 15 tháng 3 năm 2024", "dated", "2024-03-15", "day"),
        ("hoàn thành tháng 6/2023", "dated", "2023-06-30", "month"),
        ("tháng 2/2024", "dated", "2024-02-29", "month"),
        ("trong tháng 12/2024", "dated", "2024-12-31", "month"),
        ("trước tháng 6/2024", "dated", "2024-05-31", "month"),
        ("Quý I/2024", "dated", "2024-03-31", "quarter"),
        ("quý 2/2024", "dated", "2024-06-30", "quarter"),
        ("trong quý IV năm 2024", "dated", "2024-12-31", "quarter"),
        ("6 tháng đầu năm 2024", "dated", "2024-06-30", "month"),
        ("6 tháng cuối năm 2024", "dated", "2024-12-31", "month"),
        ("năm 2025", "dated", "2025-12-31", "year"),
        ("hoàn thành trong năm 2025", "dated", "2025-12-31", "year"),
        ("từ nay đến hết năm 2025", "dated", "2025-12-31", "year"),
        ("sau khi Tỉnh ủy có hướng dẫn", "triggered", None, None),
    ],
)
def test_it_reads_each_deadline_wording(wording, kind, due_on, precision):
    deadline = deadline_parse(wording=wording)
    assert deadline["kind"] == kind
    assert deadline["due_on"] == due_on
    assert deadline["precision"] == precision
    assert deadline["explicit"] is True


def test_a_trigger_is_what_is_awaited():
    deadline = deadline_parse(wording="sau khi Trung ương ban hành quy định mới")
    assert deadline["trigger"] == "Trung ương ban hành quy định mới"


@pytest.mark.parametrize(
    "wording", ["nếu có", "b/c", "hoàn thành tốt nhiệm vụ chính trị", "2020-2025", "31/02/2024"]
)
def test_what_is_not_a_deadline_is_not_read_as_one(wording):
    assert deadline_parse(wording=wording) is None


def test_an_impossible_date_is_a_warning_not_a_guess():
    result = plan_parse(text="II. NHIỆM VỤ\n1. Tổng kết công tác (hoàn thành trước ngày 31/02/2024).")
    task = result["sections"][0]["sections"][0]["tasks"][0]
    assert task["deadline"]["kind"] == "ongoing"
    assert task["deadline"]["explicit"] is False
    assert any("31/02/2024" in warning for warning in result["warnings"])


# -- three more plans of the genre ----------------------------------------------------------------------


def parse_fixture(name: str) -> tuple[str, dict]:
    text = (PLANS / name).read_text(encoding="utf-8")
    return text, plan_parse(text=text)


def summary(result: dict) -> list[tuple]:
    rows = []
    for path, task in walk_tasks(result["sections"]):
        deadline = task["deadline"]
        rows.append(
            (
                ".".join(path),
                deadline["kind"],
                deadline["explicit"],
                deadline["due_on"] or deadline["trigger"] or deadline["source"],
            )
        )
    return rows


@pytest.mark.parametrize("name", sorted(p.name for p in PLANS.glob("*.txt")))
def test_every_fixture_plan_is_valid_and_loses_no_word(name):
    text, result = parse_fixture(name)
    assert_valid(result)
    assert lost_words(text, result) == Counter()


def test_a_chi_bo_plan_with_letter_items_and_time_lines():
    _, result = parse_fixture("chi-bo-phong-ngan-sach.txt")
    document = result["document"]
    assert (document["symbol"], document["issued_on"]) == ("07-KH/CB", "2024-01-15")
    assert document["superior"] == "ĐẢNG BỘ SỞ TÀI CHÍNH"
    assert document["issuer_name"] == "CHI BỘ PHÒNG NGÂN SÁCH"
    assert document["place_date"] == "Quy Nhơn, ngày 15 tháng 01 năm 2024"
    assert result["place"] == "Quy Nhơn"
    # The title runs over two lines.
    assert document["title"] == (
        "thực hiện Kế hoạch số 62-KH/ĐUK, ngày 06/01/2023 của Ban Thường vụ Đảng ủy Khối các cơ quan tỉnh "
        "về thực hiện Nghị quyết số 21-NQ/TW"
    )
    assert [r["symbol"] for r in result["implements"]] == ["62-KH/ĐUK", "21-NQ/TW"]
    assert [(r["symbol"], r["issued_on"]) for r in result["basis"]] == [
        ("62-KH/ĐUK", "2023-01-06"),
        ("12-HD/ĐUSTC", "2023-12-20"),
    ]
    purpose = section_at(result, "I")
    assert purpose["tasks"] == [] and purpose["text"].startswith("- Quán triệt sâu sắc")
    assert [s["label"] for s in section_at(result, "II", "2")["sections"]] == ["a", "b", "c", "d", "đ", "e"]
    assert summary(result) == [
        ("II.1.a", "dated", True, "2024-03-31"),
        ("II.1.b", "ongoing", True, "Thường xuyên"),
        ("II.2.a", "dated", True, "2024-06-30"),
        ("II.2.b", "dated", True, "2024-12-31"),
        ("II.2.c", "dated", True, "2025-12-31"),
        ("II.2.d", "triggered", False, "Đảng ủy Sở có hướng dẫn"),
        ("II.2.đ", "annual", True, "thực hiện hằng năm"),
        ("II.2.e", "ongoing", False, None),
        ("III.1", "ongoing", False, "định kỳ 6 tháng"),
        ("III.2", "dated", True, "2024-12-10"),
    ]
    first = section_at(result, "II", "1", "a")["tasks"][0]
    assert first["text"] == (
        "Tổ chức quán triệt Nghị quyết số 21-NQ/TW và Kế hoạch số 62-KH/ĐUK đến toàn thể đảng viên trong Chi bộ.\n"
        "Thời gian thực hiện: Quý I/2024"
    )
    assert first["deadline"]["precision"] == "quarter"
    chi_uy = section_at(result, "III", "1")["tasks"][0]
    assert (chi_uy["lead"], chi_uy["coordinating"]) == (["Chi ủy"], ["Công đoàn Phòng", "Chi đoàn Phòng"])
    assert section_at(result, "III", "2")["tasks"][0]["assignees"] == ["Các đảng viên trong Chi bộ"]
    assert result["recipients"] == ["Đảng ủy Sở Tài chính (b/c),", "Đảng viên trong Chi bộ,", "Lưu Chi bộ."]
    assert result["signature"] == {
        "authority": "T/M CHI BỘ",
        "title": "BÍ THƯ",
        "name": "Trần Văn An",
        "note": "(Đã ký)",
    }
    assert result["warnings"] == [HALF_YEAR_WARNING]


def test_a_dang_uy_plan_with_plus_and_dot_bullets_signed_before_the_recipients():
    _, result = parse_fixture("dang-uy-so-tu-phap.txt")
    assert result["document"]["symbol"] == "15-KH/ĐU"
    assert result["document"]["written_as"] == "Số: 15-KH/ĐU"
    assert result["implements"] == []
    # Two purpose sections (MỤC ĐÍCH, YÊU CẦU): text only.
    assert [(s["label"], s["tasks"]) for s in result["sections"][:2]] == [("I", []), ("II", [])]
    assert (
        section_at(result, "II")["text"] == "+ Bám sát chỉ đạo của Đảng ủy Khối; phân công rõ người, rõ việc."
    )
    # "+ Biên soạn ..., trong đó:" introduces its "•" bullets: it is section text, they are tasks.
    assert section_at(result, "III", "1")["text"] == "+ Biên soạn tài liệu sinh hoạt chuyên đề, trong đó:"
    assert summary(result) == [
        ("III.1", "dated", True, "2024-06-30"),
        ("III.1", "dated", True, "2024-06-30"),
        ("III.1", "dated", True, "2024-12-31"),
        ("III.1", "ongoing", False, "Định kỳ hằng quý"),
        ("III.2", "dated", True, "2024-05-31"),
        ("III.2", "dated", True, "2025-12-31"),
        ("III.2", "ongoing", True, "thực hiện thường xuyên"),
        ("III.3", "dated", True, "2025-01-15"),
        ("III.3", "dated", True, "2024-09-30"),
        ("III.3", "dated", True, "2024-12-31"),
        ("IV", "ongoing", False, "6 tháng một lần"),
    ]
    precisions = [task["deadline"]["precision"] for _, task in walk_tasks(result["sections"])]
    assert precisions[:3] == ["quarter", "month", "month"]
    wrapped = section_at(result, "III", "2")["tasks"][2]
    assert wrapped["text"] == "Phân công đảng ủy viên phụ trách chi bộ (thực hiện thường xuyên)."
    assert section_at(result, "III", "2")["tasks"][0]["assignees"] == ["Các chi bộ trực thuộc"]
    check = section_at(result, "III", "3")["tasks"][0]
    assert (check["lead"], check["coordinating"]) == (["Ủy ban Kiểm tra Đảng ủy"], ["các chi bộ trực thuộc"])
    assert section_at(result, "IV")["tasks"][0]["lead"] == ["Văn phòng Đảng ủy"]
    mismatch = next(r for r in result["references"] if r["symbol"] == "58-QĐ/TW")
    assert (mismatch["stated_type"], mismatch["type"]) == ("CT", "QĐ")
    assert mismatch["warning"] in result["warnings"]
    # The mismatch, "hằng quý" recorded as ongoing, and the six-monthly report asking for a half-year period.
    assert len(result["warnings"]) == 3
    assert half_year_warning("6 tháng một lần") in result["warnings"]
    assert result["signature"] == {
        "authority": "K/T BAN THƯỜNG VỤ",
        "title": "PHÓ BÍ THƯ",
        "name": "Lê Thị Bình",
    }
    assert result["recipients"] == ["Đảng ủy Khối (b/c);", "Các chi bộ trực thuộc;", "Lưu VP."]


def test_a_dang_uy_khoi_plan_with_dotted_items_and_giao_chu_tri():
    _, result = parse_fixture("dang-uy-khoi-so-ket.txt")
    document = result["document"]
    assert document["place_date"] == "Quy Nhơn, ngày … tháng 4 năm 2024"
    assert document["issued_on"] is None  # the day is left blank
    assert result["preamble"] == ""
    assert [(r["symbol"], r["stated_type"]) for r in result["implements"]] == [("05-CTr/TU", "CTr")]
    assert [r["symbol"] for r in result["references"]] == ["05-CTr/TU", "21-NQ/TW"]  # "21- NQ/TW" merged
    assert summary(result) == [
        ("II.1.1.1", "dated", True, "2024-06-30"),
        ("II.1.1.2", "dated", True, "2024-09-30"),
        ("II.2.2.1", "ongoing", True, "định kỳ 6 tháng"),
        ("II.2.2.2", "dated", True, "2024-11-20"),
        ("II.3", "dated", True, "2024-12-15"),
        ("III.1", "dated", True, "2024-05-30"),
        ("III.2", "triggered", True, "Ban Tổ chức Tỉnh ủy ban hành hướng dẫn"),
    ]
    conference = section_at(result, "II", "1", "1.1")["tasks"][0]
    assert conference["lead"] == ["Ban Tổ chức Đảng ủy Khối"]
    assert conference["coordinating"] == ["Văn phòng Đảng ủy Khối", "Ban Tuyên giáo Đảng ủy Khối"]
    assert conference["text"].endswith("Phối hợp: Văn phòng Đảng ủy Khối, Ban Tuyên giáo Đảng ủy Khối.")
    giao = section_at(result, "II", "1", "1.2")["tasks"][0]
    assert giao["lead"] == ["Ban Tuyên giáo Đảng ủy Khối"]
    assert giao["coordinating"] == ["Đoàn Khối các cơ quan tỉnh", "Công đoàn Viên chức tỉnh"]
    assert section_at(result, "II", "2", "2.1")["tasks"][0]["lead"] == ["Ủy ban Kiểm tra Đảng ủy Khối"]
    assert section_at(result, "II", "2", "2.2")["tasks"][0]["assignees"] == ["Các đảng ủy cơ sở"]
    assert section_at(result, "III", "2")["tasks"][0]["assignees"] == [
        "Ban Tổ chức",
        "Đoàn Khối các cơ quan tỉnh",
    ]
    funding = section_at(result, "IV")
    assert (funding["title"], funding["tasks"]) == ("KINH PHÍ", [])
    assert funding["text"] == "Kinh phí thực hiện từ nguồn ngân sách của Đảng ủy Khối năm 2024."
    assert result["signature"]["title"] == "PHÓ BÍ THƯ THƯỜNG TRỰC"
    assert result["warnings"] == [HALF_YEAR_WARNING]


# -- odd inputs ---------------------------------------------------------------------------------------------


def test_an_empty_text_gives_an_empty_plan_with_a_warning():
    result = plan_parse(text="")
    assert_valid(result)
    assert result["sections"] == [] and result["references"] == []
    assert len(result["warnings"]) == 1  # no symbol


def test_a_plan_without_numbering_keeps_its_bullets_as_tasks():
    text = "KẾ HOẠCH\nvề việc trực Tết\n\nChi bộ phân công như sau:\n- Trực cơ quan (trước ngày 10/02/2024).\n- Báo cáo tình hình."
    result = plan_parse(text=text)
    assert result["preamble"] == "Chi bộ phân công như sau:"
    (section,) = result["sections"]
    assert [t["deadline"]["kind"] for t in section["tasks"]] == ["dated", "ongoing"]
    assert result["warnings"][-1]  # "no numbered sections were found"
    assert lost_words(text, result) == Counter()


def test_lines_after_the_signature_are_quoted_in_a_warning():
    text = "I. NHIỆM VỤ\n1. Làm việc A.\n\nT/M CHI BỘ\nBÍ THƯ\n\nNguyễn Văn A\nGhi chú lạc chỗ\n"
    result = plan_parse(text=text)
    assert result["signature"]["name"] == "Nguyễn Văn A"
    assert any("Ghi chú lạc chỗ" in warning for warning in result["warnings"])
    assert lost_words(text, result) == Counter()
