"""The plan corpus and its scorer (tasks/tests/plan_import/score.py): the expected files say something checkable, and
the comparison counts what it claims to count. Not a test of the importer's score: that is `make import-score`."""

import calendar
import copy
import datetime
import io
import json
import unicodedata

import pytest

from tasks.tests.plan_import import score
from tasks.tests.plan_import.corpus import build

CORPUS = score.CORPUS
FORMATS = (".txt", ".docx", ".pdf")
LEVELS = {"Tỉnh ủy", "Thành ủy", "Huyện ủy", "Đảng ủy Khối", "đảng ủy cơ sở", "chi bộ"}
TASK_KEYS = {"place", "text", "kind", "explicit", "due_on", "annual_day", "precision"}


def documents():
    return sorted(p for p in CORPUS.iterdir() if p.suffix in FORMATS)


def load(path):
    return json.loads(path.read_text(encoding="utf-8"))


EXPECTED = [expected for _, expected in score.corpus_files()]


# -- the corpus ---------------------------------------------------------------------------------------------


def test_every_document_has_an_expected_file_and_every_expected_file_a_document():
    expected_for = {p.name[: -len(score.SUFFIX)] for p in CORPUS.glob(f"*{score.SUFFIX}")}
    assert {p.name for p in documents()} == expected_for


def test_the_corpus_covers_the_levels_genres_and_formats_the_issue_asks_for():
    plans = [load(path) for path in EXPECTED]
    assert len(plans) >= 12
    assert {plan["level"] for plan in plans} == LEVELS
    assert {plan["genre"] for plan in plans} == {"KH", "CTr"}
    formats = [next(s for s in FORMATS if plan["document"].endswith(s)) for plan in plans]
    assert {fmt: formats.count(fmt) >= 3 for fmt in FORMATS} == {fmt: True for fmt in FORMATS}
    assert all(5 <= len(plan["tasks"]) <= 40 for plan in plans)  # a short plan has a handful of tasks
    kinds = {task["kind"] for plan in plans for task in plan["tasks"]}
    precisions = {task["precision"] for plan in plans for task in plan["tasks"]}
    assert kinds == set(score.KINDS)
    assert precisions == {"day", "month", "quarter", "year", None}


def _last_day(year, month):
    return datetime.date(year, month, calendar.monthrange(year, month)[1])


@pytest.mark.parametrize("path", EXPECTED, ids=lambda p: p.name)
def test_each_expected_file_is_well_formed(path):
    plan = load(path)
    assert plan["document"] == path.name[: -len(score.SUFFIX)]
    assert plan["level"] in LEVELS and plan["genre"] in ("KH", "CTr") and plan["description"]
    places = [task["place"] for task in plan["tasks"]]
    assert len(places) == len(set(places)), "a place is given twice"
    for task in plan["tasks"]:
        assert set(task) == TASK_KEYS, task
        assert task["text"] == unicodedata.normalize("NFC", task["text"]) and len(task["text"]) >= 12
        assert task["place"] == score.canonical_place(task["place"])
        assert task["kind"] in score.KINDS and isinstance(task["explicit"], bool)
        kind, precision = task["kind"], task["precision"]
        if kind == "dated":
            due = datetime.date.fromisoformat(task["due_on"])
            assert task["annual_day"] is None
            # The last day the wording allows: the end of the period its precision names.
            assert {
                "day": True,
                "month": due == _last_day(due.year, due.month),
                "quarter": due.month % 3 == 0 and due == _last_day(due.year, due.month),
                "year": (due.month, due.day) == (12, 31),
            }[precision], task
        elif kind == "annual":
            assert task["due_on"] is None
            if task["annual_day"] is not None:
                month, day = map(int, task["annual_day"].split("-"))
                datetime.date(2024, month, day)  # a real day of the year
                assert precision in ("day", "month", "quarter")
            else:
                assert precision is None
        else:
            assert (task["due_on"], task["annual_day"], precision) == (None, None, None), task
        if not task["explicit"]:
            assert kind in ("ongoing", "annual", "triggered")


def test_the_expected_files_are_what_the_builder_writes_from_the_sources():
    for name, _, expected in build.plans(render=False):
        assert load(CORPUS / f"{name}{score.SUFFIX}") == json.loads(build.expected_json(expected)), name


def test_an_annotation_with_a_date_that_does_not_fit_its_kind_is_refused():
    with pytest.raises(ValueError):
        build.expectation("II.1 dated", "Tổ chức hội nghị quán triệt nghị quyết")
    with pytest.raises(ValueError):
        build.expectation("II.1 ongoing 2024-06-30 day", "Tổ chức hội nghị quán triệt nghị quyết")
    assert build.expectation("II.1 annual~", "- Tổ chức hội nghị quán triệt nghị quyết")["explicit"] is False


# -- the scorer ---------------------------------------------------------------------------------------------


def as_importer_result(expected: dict) -> dict:
    """A perfect importer's result for `expected`: every task in a section of its own, numbered by `place`."""
    sections = []
    for task in expected["tasks"]:
        deadline = {"kind": task["kind"], "explicit": task["explicit"], "precision": task["precision"]}
        deadline |= {"due_on": task["due_on"], "annual_day": task["annual_day"]}
        sections.append(
            {
                "label": task["place"],
                "title": "",
                "sections": [],
                "tasks": [{"text": f"{task['text']} (nội dung còn lại).", "deadline": deadline}],
            }
        )
    return {"sections": sections}


def score_of(expected: dict, result: dict) -> score.PlanScore:
    return score.compare(
        name="plan", expected=score.expected_tasks(expected), actual=score.importer_tasks(result)
    )


@pytest.fixture(scope="module")
def plan():
    return load(CORPUS / "dang-uy-khoi-kh-85-kiem-diem-danh-gia.docx.expected.json")


def first_dated(plan) -> int:
    return next(i for i, task in enumerate(plan["tasks"]) if task["kind"] == "dated")


def test_a_perfect_result_scores_one_hundred_percent(plan):
    result = score_of(plan, as_importer_result(plan))
    assert (result.right, result.expected, result.extra, result.score) == (15, 15, 0, 1.0)
    assert result.mismatches == []


@pytest.mark.parametrize(
    ("field", "value", "wrong"),
    [
        ("kind", "ongoing", {"kind", "date", "precision"}),
        ("due_on", "2024-02-28", {"date"}),
        ("precision", "quarter", {"precision"}),
    ],
)
def test_a_wrong_deadline_costs_the_task(plan, field, value, wrong):
    result = as_importer_result(plan)
    deadline = result["sections"][first_dated(plan)]["tasks"][0]["deadline"]
    deadline[field] = value
    if field == "kind":
        deadline.update(due_on=None, precision=None)
    scored = score_of(plan, result)
    assert (scored.right, scored.score) == (14, 14 / 15)
    (mismatch,) = scored.mismatches
    assert set(mismatch.fields) == wrong


def test_a_wrong_place_costs_the_task(plan):
    result = as_importer_result(plan)
    result["sections"][1]["label"] = "PL.I.9"
    scored = score_of(plan, result)
    assert scored.right == 14 and scored.mismatches[0].fields == ("place",)


def test_a_missed_task_and_an_invented_one_each_cost_one(plan):
    result = as_importer_result(plan)
    del result["sections"][3]
    result["sections"].append(
        {
            "label": "I",
            "title": "",
            "sections": [],
            "tasks": [{"text": "Mục tiêu không phải nhiệm vụ.", "deadline": {"kind": "ongoing"}}],
        }
    )
    scored = score_of(plan, result)
    assert (scored.right, scored.expected, scored.extra) == (14, 15, 1)
    assert scored.score == 14 / 16
    assert sorted(m.kind for m in scored.mismatches) == ["extra", "missing"]


def test_two_tasks_read_as_one_lose_the_second(plan):
    result = as_importer_result(plan)
    first, second = result["sections"][0]["tasks"][0], result["sections"].pop(1)["tasks"][0]
    first["text"] += " " + second["text"]
    scored = score_of(plan, result)
    assert (scored.right, scored.extra) == (14, 0)
    assert [m.kind for m in scored.mismatches] == ["missing"]


def test_an_unreadable_file_scores_zero_and_says_why(tmp_path, plan):
    broken = tmp_path / "broken.docx"
    broken.write_bytes(b"PK\x03\x04 not a zip")
    scored = score.score_file(broken, plan)
    assert scored.score == 0 and scored.error
    assert len(scored.mismatches) == 15


def test_wording_is_compared_without_layout(plan):
    result = as_importer_result(plan)
    task = result["sections"][0]["tasks"][0]
    task["text"] = "  " + task["text"].replace(" ", "\n", 3).replace("Tổ chức", "*Tổ chức*", 1)
    assert score_of(plan, result).right == 15


def test_places_come_from_the_section_labels_and_the_bullet_letter():
    bullets = [{"text": f"Việc thứ {n}", "deadline": {"kind": "ongoing"}} for n in (1, 2, 3)]
    result = {
        "sections": [
            {
                "label": "II",
                "sections": [
                    {
                        "label": "2",
                        "sections": [{"label": "2.3", "sections": [], "tasks": bullets}],
                        "tasks": [],
                    },
                    {
                        "label": "5",
                        "sections": [],
                        "tasks": [{"text": "Một việc", "deadline": {"kind": "ongoing"}}],
                    },
                ],
                "tasks": [],
            }
        ]
    }
    places = [task["place"] for task in score.importer_tasks(result)]
    assert places == ["II.2.3.a", "II.2.3.b", "II.2.3.c", "II.5"]
    # A task that carries its own number is taken at its word.
    bullets[0]["number"] = "II.2.3.x"
    assert score.importer_tasks(result)[0]["place"] == "II.2.3.x"


def test_the_report_prints_each_plan_the_total_and_the_mismatches(plan):
    result = as_importer_result(plan)
    index = first_dated(plan)
    result["sections"][index]["tasks"][0]["deadline"]["kind"] = "annual"
    scored = score_of(copy.deepcopy(plan), result)
    out = io.StringIO()
    score.report([scored], verbose=True, out=out)
    text = out.getvalue()
    assert "overall" in text and "93.3%" in text
    assert "wrong" in text and plan["tasks"][index]["place"] in text
