"""How well the plan importer reads the plans of the corpus: ``python -m tasks.tests.plan_import.score`` (``make
import-score``).

The corpus (``tasks/tests/plan_import/corpus/``) holds plans written the way other committees write them, as
.txt, .docx and .pdf, each beside ``<file>.expected.json``: the tasks a careful reader finds in it, in order.
Each expected task gives

- ``place``: its number from its place in the plan (see ``place_of`` below), e.g. ``II.2.3.c``, ``PL.I.4``;
- ``text``: the start of its wording, enough to identify it;
- ``kind``: ``ongoing``, ``annual``, ``dated`` or ``triggered``;
- ``due_on`` (dated: the last day the wording allows, ISO) and ``annual_day`` (annual with a day of the year:
  ``MM-DD``); the "date" compared below is ``due_on`` for a dated task, ``annual_day`` for an annual one, and
  nothing for the other kinds;
- ``precision``: ``day``, ``month``, ``quarter`` or ``year`` for dated and annual-with-a-day tasks, null
  otherwise; a half-year (``6 tháng đầu/cuối năm``) is its last day at ``month`` precision, as the schema's
  enum has no half (the wording stays in the deadline's ``source``);
- ``explicit``: false when nothing in the plan states the deadline, or when its only wording is a frequency
  (``định kỳ 6 tháng``, ``mỗi quý một lần``) or a trigger (``sau khi ...``) inside a running sentence (the
  parser's rule), true otherwise (a deadline inherited from a heading or an introducing bullet is written).

Scoring rule
- An importer task is paired with an expected task when its wording (NFC, whitespace collapsed, ``*`` of
  emphasis dropped, curly quotes made straight) starts with the expected start. Pairs keep the order of both
  lists (the longest such pairing).
- A task is *read right* when it is paired and its place, kind, date and precision all equal the expected
  ones. ``explicit`` is reported but not scored.
- Score of a plan = tasks read right / (expected tasks + importer tasks paired with none). An invented task
  (a goal, a heading or a purpose read as a task) costs as much as a missed one; a plan whose file the
  importer cannot read scores 0.
- The overall score adds up the numerators and the denominators over all plans (each task weighs the same).
"""

import argparse
import json
import os
import re
import sys
import traceback
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

# The importer under test (tasks/plan_import/reading/).
from tasks.plan_import.reading import plan_parse_file

CORPUS = Path(__file__).resolve().parent / "corpus"
SUFFIX = ".expected.json"
KINDS = ("ongoing", "annual", "dated", "triggered")
PRECISIONS = ("day", "month", "quarter", "year", None)
FIELDS = ("place", "kind", "date", "precision")

# ------------------------------------------------------------------------------------------------------
# Reading the importer's result


def normalize_text(text: str) -> str:
    text = unicodedata.normalize("NFC", text or "")
    text = text.replace("*", "")
    text = text.translate(str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'", "\u00a0": " "}))
    return re.sub(r"\s+", " ", text).strip()


def _letter(index: int) -> str:
    """a, b, ..., z, aa, ab ...: the letter of the index-th task of a section (from 0)."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("a") + rest) + letters
    return letters


def place_of(labels: list[str], index: int, count: int) -> str:
    """The task's number: its section labels joined by dots, then its letter when the section holds more than
    one task. A dotted label repeats its parent ("2" then "2.3"): the parent is left out, so the third task of
    section 2.3 of part II is ``II.2.3.c``, not ``II.2.2.3.c``."""
    parts: list[str] = []
    for label in labels:
        label = label.strip().rstrip(".-–):")
        if not label:
            continue
        if parts and "." in label and label.startswith(parts[-1] + "."):
            parts[-1] = label
        else:
            parts.append(label)
    place = ".".join(parts)
    if count > 1:
        place = f"{place}.{_letter(index)}" if place else _letter(index)
    return place


def canonical_place(place: str) -> str:
    """A place as compared: no spaces, no trailing punctuation, a dotted label not repeating its parent."""
    return place_of(re.sub(r"\s+", "", place or "").split("."), 0, 1)


def importer_tasks(result: dict) -> list[dict]:
    """The importer's tasks in reading order, each with the place the scorer gives it."""
    found: list[dict] = []

    def walk(sections: list[dict], labels: list[str]) -> None:
        for section in sections or []:
            here = [*labels, str(section.get("label") or "")]
            tasks = section.get("tasks") or []
            for index, task in enumerate(tasks):
                deadline = task.get("deadline") or {}
                kind = deadline.get("kind")
                date = None
                if kind == "dated":
                    date = deadline.get("due_on")
                elif kind == "annual":
                    date = deadline.get("annual_day")
                found.append(
                    {
                        "place": task.get("number") or place_of(here, index, len(tasks)),
                        "text": task.get("text") or "",
                        "kind": kind,
                        "date": date,
                        "precision": deadline.get("precision") if kind in ("dated", "annual") else None,
                        "explicit": deadline.get("explicit"),
                    }
                )
            walk(section.get("sections") or [], here)

    walk(result.get("sections") or [], [])
    return found


def expected_tasks(expected: dict) -> list[dict]:
    tasks = []
    for task in expected["tasks"]:
        kind = task["kind"]
        date = task.get("due_on") if kind == "dated" else task.get("annual_day") if kind == "annual" else None
        tasks.append(
            {
                "place": task["place"],
                "text": task["text"],
                "kind": kind,
                "date": date,
                "precision": task.get("precision") if kind in ("dated", "annual") else None,
                "explicit": task.get("explicit"),
            }
        )
    return tasks


# ------------------------------------------------------------------------------------------------------
# Comparing


@dataclass
class Mismatch:
    kind: str  # "missing", "extra", "wrong" (then `fields` says which), or "explicit" (reported, not scored)
    expected: dict | None
    actual: dict | None
    fields: tuple[str, ...] = ()


@dataclass
class PlanScore:
    name: str
    expected: int = 0
    extra: int = 0
    right: int = 0
    explicit_wrong: int = 0
    mismatches: list[Mismatch] = field(default_factory=list)
    error: str | None = None

    @property
    def denominator(self) -> int:
        return self.expected + self.extra

    @property
    def score(self) -> float:
        return self.right / self.denominator if self.denominator else 1.0


def _pairs(expected: list[dict], actual: list[dict]) -> list[tuple[int, int]]:
    """The longest order-keeping pairing of expected and importer tasks whose wording starts alike."""
    starts = [normalize_text(task["text"]) for task in expected]
    texts = [normalize_text(task["text"]) for task in actual]
    n, m = len(starts), len(texts)
    best = [[0] * (m + 1) for _ in range(n + 1)]
    for i in range(n - 1, -1, -1):
        for j in range(m - 1, -1, -1):
            if starts[i] and texts[j].startswith(starts[i]):
                best[i][j] = 1 + best[i + 1][j + 1]
            else:
                best[i][j] = max(best[i + 1][j], best[i][j + 1])
    pairs, i, j = [], 0, 0
    while i < n and j < m:
        if starts[i] and texts[j].startswith(starts[i]) and best[i][j] == 1 + best[i + 1][j + 1]:
            pairs.append((i, j))
            i, j = i + 1, j + 1
        elif best[i + 1][j] >= best[i][j + 1]:
            i += 1
        else:
            j += 1
    return pairs


def compare(*, name: str, expected: list[dict], actual: list[dict]) -> PlanScore:
    """Score one plan: `expected` and `actual` as `expected_tasks` and `importer_tasks` give them."""
    score = PlanScore(name=name, expected=len(expected))
    pairs = _pairs(expected, actual)
    paired_expected = {i for i, _ in pairs}
    paired_actual = {j for _, j in pairs}
    for i, j in pairs:
        want, got = expected[i], actual[j]
        wrong = tuple(
            key
            for key in FIELDS
            if (
                canonical_place(want[key]) != canonical_place(got[key])
                if key == "place"
                else want[key] != got[key]
            )
        )
        if wrong:
            score.mismatches.append(Mismatch("wrong", want, got, wrong))
        else:
            score.right += 1
        if want.get("explicit") is not None and want["explicit"] != got.get("explicit"):
            score.explicit_wrong += 1
            score.mismatches.append(Mismatch("explicit", want, got))
    for i, want in enumerate(expected):
        if i not in paired_expected:
            score.mismatches.append(Mismatch("missing", want, None))
    for j, got in enumerate(actual):
        if j not in paired_actual:
            score.extra += 1
            score.mismatches.append(Mismatch("extra", None, got))
    return score


def score_file(path: Path, expected: dict) -> PlanScore:
    want = expected_tasks(expected)
    try:
        result = plan_parse_file(data=path.read_bytes(), filename=path.name)
        got = importer_tasks(result)
    except Exception:  # the score must go on over the other plans, and say what broke
        score = PlanScore(name=path.name, expected=len(want))
        score.error = traceback.format_exc(limit=3).strip().splitlines()[-1]
        score.mismatches = [Mismatch("missing", task, None) for task in want]
        return score
    return compare(name=path.name, expected=want, actual=got)


def corpus_files(corpus: Path = CORPUS) -> list[tuple[Path, Path]]:
    """(document, expected file) of every plan of the corpus, by name."""
    pairs = []
    for expected in sorted(corpus.glob(f"*{SUFFIX}")):
        document = expected.with_name(expected.name[: -len(SUFFIX)])
        pairs.append((document, expected))
    return pairs


# ------------------------------------------------------------------------------------------------------
# Printing


def _deadline(task: dict) -> str:
    return " ".join(str(v) for v in (task["kind"], task["date"], task["precision"]) if v)


def _task_line(task: dict) -> str:
    # A file read as the wrong kind yields bytes as text: keep the terminal readable.
    text = "".join(ch if ch.isprintable() else "�" for ch in normalize_text(task["text"]))
    text = text[:80] + ("…" if len(text) > 80 else "")
    return f"[{task['place']}] {_deadline(task)} | {text}"


def tally(scores: list[PlanScore]) -> dict[str, int]:
    """How many tasks went wrong in each way, over `scores`: missing, extra, each field, explicit."""
    counts: dict[str, int] = {}
    for score in scores:
        for mismatch in score.mismatches:
            for key in mismatch.fields or (mismatch.kind,):
                counts[key] = counts.get(key, 0) + 1
    return dict(sorted(counts.items(), key=lambda item: -item[1]))


def report(scores: list[PlanScore], *, verbose: bool, out=sys.stdout) -> None:
    width = max([len(s.name) for s in scores] + [8])
    print(f"{'plan':<{width}}  right / (expected + extra)   score  explicit≠", file=out)
    for s in scores:
        line = f"{s.name:<{width}}  {s.right:>5} / ({s.expected:>8} + {s.extra:>5})  {s.score:6.1%}  {s.explicit_wrong:>5}"
        if s.error:
            line += f"  importer failed: {s.error}"
        print(line, file=out)
    right = sum(s.right for s in scores)
    expected = sum(s.expected for s in scores)
    extra = sum(s.extra for s in scores)
    overall = right / (expected + extra) if expected + extra else 1.0
    explicit = sum(s.explicit_wrong for s in scores)
    print(
        f"{'overall':<{width}}  {right:>5} / ({expected:>8} + {extra:>5})  {overall:6.1%}  {explicit:>5}",
        file=out,
    )
    counts = tally(scores)
    print("tasks wrong by: " + (", ".join(f"{k} {v}" for k, v in counts.items()) or "nothing"), file=out)
    if not verbose:
        return
    for s in scores:
        if not s.mismatches:
            continue
        print(f"\n== {s.name}", file=out)
        for m in s.mismatches:
            if m.kind == "missing":
                print(f"  missing  {_task_line(m.expected)}", file=out)
            elif m.kind == "extra":
                print(f"  extra    {_task_line(m.actual)}", file=out)
            elif m.kind == "explicit":
                print(
                    f"  explicit want {m.expected['explicit']} got {m.actual['explicit']} | {_task_line(m.expected)}",
                    file=out,
                )
            else:
                got = {key: m.actual[key] for key in m.fields}
                print(f"  wrong    {_task_line(m.expected)}\n             got {got}", file=out)


def score_corpus(corpus: Path = CORPUS, only: list[str] | None = None) -> list[PlanScore]:
    scores = []
    for document, expected_path in corpus_files(corpus):
        if only and not any(word in document.name for word in only):
            continue
        expected = json.loads(expected_path.read_text(encoding="utf-8"))
        scores.append(score_file(document, expected))
    return scores


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Score the plan importer on the plan corpus.")
    parser.add_argument("plans", nargs="*", help="only the plans whose file name contains one of these")
    parser.add_argument("-q", "--quiet", action="store_true", help="scores only, without the mismatches")
    args = parser.parse_args(argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()  # the importer's messages go through Django's translation
    report(score_corpus(only=args.plans), verbose=not args.quiet)
    return 0


if __name__ == "__main__":
    sys.exit(main())
