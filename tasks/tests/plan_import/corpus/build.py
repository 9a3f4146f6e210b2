"""Build the plan corpus: the documents and their ``.expected.json``. Run by hand after changing a plan:

    .venv/bin/python -m tasks.tests.plan_import.corpus.build          # everything
    .venv/bin/python -m tasks.tests.plan_import.corpus.build --check  # only compare the expectations

The plans are written for this corpus (the genre's layouts, our own text). Three sources:

- ``src/<name>.txt``: a plain-text plan as an office pastes or saves it, annotated. ``⟦PLACE KIND [DATE]
  [PRECISION]⟧`` stands where a task's wording starts (before its list mark, if any) and says what a careful
  reader finds; it is removed from ``<name>.txt``. ``%% key: value`` lines are metadata (level, genre,
  description) or options (``%% encoding: utf-8-sig`` or ``cp1258``, ``%% newline: crlf``), ``⟪FF⟫`` is a form feed.
- ``docx_plans.py``: Word files built with python-docx the way offices make them (numbering defined in
  numbering.xml, borderless header and signature tables, appendix task tables in a landscape section).
- ``pdf_plans.py``: HTML rendered by WeasyPrint into a PDF with a text layer, running header and page numbers.
- ``more_plans.py``: Word and PDF plans in the layouts the first ones lacked (body task tables, hanging indents).

An expectation: ``PLACE`` is the task's number (``place_of`` in ``tasks/tests/plan_import/score.py``); ``KIND`` is
``ongoing``, ``annual``, ``dated`` or ``triggered``, with ``~`` when the deadline is not explicit (nothing
written, or only a frequency ``định kỳ ...`` or a trigger ``sau khi ...`` inside a sentence); ``DATE`` is ``YYYY-MM-DD``
(dated: the last day allowed) or ``MM-DD`` (annual with a day of the year); ``PRECISION`` is ``day``,
``month``, ``quarter`` or ``year`` (a half-year is its last day at ``month`` precision, as the
interchange schema stores it). The expected ``text`` is the start of the task's
wording, taken from the source after the annotation (list mark removed).

Generated files are committed: tests read them without building. ``--check`` (and the corpus test) rebuild
only the expectations and compare them with the committed ones.
"""

import argparse
import json
import re
import sys
import unicodedata
from pathlib import Path

HERE = Path(__file__).resolve().parent
SRC = HERE / "src"

ANNOTATION = re.compile(r"⟦([^⟧]*)⟧")
DIRECTIVE = re.compile(r"^%%\s*(?P<key>[\w-]+)\s*:\s*(?P<value>.*)$")
MARK = re.compile(
    r"^\s*(?:[IVX]{1,6}\s*[.\-–/]\s*|\d{1,2}(?:\.\d{1,2})*(?:\s*[.)\-–/])?\s+|[a-zđ]\s*[.)/]\s+|[-+*•–]\s*)"
)
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
DAY = re.compile(r"^\d{2}-\d{2}$")
KINDS = ("ongoing", "annual", "dated", "triggered")
PRECISIONS = ("day", "month", "quarter", "year")
START_CHARS = 60


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def start_of(text: str, *, strip_mark: bool = True) -> str:
    """The start of a task's wording that the expected file keeps: about 60 characters, whole words."""
    text = re.sub(r"\s+", " ", nfc(text)).strip()
    if strip_mark:
        text = MARK.sub("", text, count=1)
    text = text.replace("*", "")
    if len(text) <= START_CHARS:
        return text
    cut = text.rfind(" ", 0, START_CHARS)
    return text[: cut if cut > 20 else START_CHARS].rstrip(" ,;:")


def expectation(spec: str, text: str, *, strip_mark: bool = True) -> dict:
    """One expected task from an annotation ``PLACE KIND [DATE] [PRECISION]`` and the task's wording."""
    tokens = spec.split()
    if len(tokens) < 2:
        raise ValueError(f"annotation without place and kind: ⟦{spec}⟧")
    place, kind = tokens[0], tokens[1]
    explicit = not kind.endswith("~")
    kind = kind.rstrip("~")
    if kind not in KINDS:
        raise ValueError(f"unknown kind in ⟦{spec}⟧")
    due_on = annual_day = precision = None
    for token in tokens[2:]:
        if DATE.match(token):
            due_on = token
        elif DAY.match(token):
            annual_day = token
        elif token in PRECISIONS:
            precision = token
        else:
            raise ValueError(f"unknown token {token!r} in ⟦{spec}⟧")
    if kind == "dated" and not (due_on and precision):
        raise ValueError(f"a dated task needs its date and precision: ⟦{spec}⟧")
    if kind != "dated" and due_on:
        raise ValueError(f"only a dated task has a due date: ⟦{spec}⟧")
    if annual_day and kind != "annual":
        raise ValueError(f"only an annual task has a day of the year: ⟦{spec}⟧")
    if kind == "annual" and bool(annual_day) != bool(precision):
        raise ValueError(f"an annual day goes with its precision: ⟦{spec}⟧")
    if kind in ("ongoing", "triggered") and precision:
        raise ValueError(f"no precision without a date: ⟦{spec}⟧")
    start = start_of(text, strip_mark=strip_mark)
    if len(start) < 12:
        raise ValueError(f"too little text to identify the task ⟦{spec}⟧: {start!r}")
    return {
        "place": place,
        "text": start,
        "kind": kind,
        "explicit": explicit,
        "due_on": due_on,
        "annual_day": annual_day,
        "precision": precision,
    }


def expected_document(*, document: str, meta: dict, tasks: list[dict]) -> dict:
    for key in ("level", "genre", "description"):
        if not meta.get(key):
            raise ValueError(f"{document}: metadata {key!r} is missing")
    places = [task["place"] for task in tasks]
    duplicates = {place for place in places if places.count(place) > 1}
    if duplicates:
        raise ValueError(f"{document}: places given twice: {sorted(duplicates)}")
    return {
        "document": document,
        "level": meta["level"],
        "genre": meta["genre"],
        "description": meta["description"],
        "tasks": tasks,
    }


# ------------------------------------------------------------------------------------------------------
# Plain-text plans


def cp1258(text: str) -> bytes:
    """`text` as Notepad on Vietnamese Windows saves it (Windows-1258): a letter with two marks is its base letter
    with one, then the tone as a combining mark."""
    out = bytearray()
    for ch in text:
        try:
            out += ch.encode("cp1258")
            continue
        except UnicodeEncodeError:
            pass
        parts = unicodedata.normalize("NFD", ch)
        tones = "".join(mark for mark in parts[1:] if mark in "\u0300\u0301\u0303\u0309\u0323")
        letter = unicodedata.normalize("NFC", "".join(mark for mark in parts if mark not in tones))
        out += letter.encode("cp1258") + tones.encode("cp1258")
    return bytes(out)


def txt_plan(source: Path) -> tuple[bytes, dict]:
    """(the file's bytes, its expected result) from an annotated source."""
    meta: dict = {}
    lines: list[str] = []
    tasks: list[dict] = []
    for raw in nfc(source.read_text(encoding="utf-8")).split("\n"):
        directive = DIRECTIVE.match(raw)
        if directive:
            meta[directive["key"]] = directive["value"].strip()
            continue
        for match in ANNOTATION.finditer(raw):
            following = ANNOTATION.sub("", raw[match.end() :])
            tasks.append(expectation(match.group(1), following))
        lines.append(ANNOTATION.sub("", raw).replace("⟪FF⟫", "\f"))
    while lines and not lines[-1]:
        lines.pop()
    newline = "\r\n" if meta.get("newline") == "crlf" else "\n"
    text = newline.join(lines) + newline
    encoding = meta.get("encoding", "utf-8")
    data = cp1258(text) if encoding == "cp1258" else text.encode(encoding)
    name = source.name
    return data, expected_document(document=name, meta=meta, tasks=tasks)


# ------------------------------------------------------------------------------------------------------
# Everything


def plans(*, render: bool) -> list[tuple[str, bytes | None, dict]]:
    """(file name, bytes or None when not rendering, expected) of every plan."""
    from . import docx_plans, more_plans, pdf_plans

    found = []
    for source in sorted(SRC.glob("*.txt")):
        data, expected = txt_plan(source)
        found.append((source.name, data, expected))
    for name, data, expected in docx_plans.build_all():
        found.append((name, data, expected))
    for name, data, expected in pdf_plans.build_all(render=render):
        found.append((name, data, expected))
    for name, data, expected in more_plans.build_all(render=render):
        found.append((name, data, expected))
    return found


def expected_json(expected: dict) -> str:
    return json.dumps(expected, ensure_ascii=False, indent=1) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--check", action="store_true", help="compare the expectations, write nothing")
    args = parser.parse_args(argv)
    stale = []
    for name, data, expected in plans(render=not args.check):
        target = HERE / f"{name}.expected.json"
        text = expected_json(expected)
        if args.check:
            if not target.exists() or target.read_text(encoding="utf-8") != text:
                stale.append(target.name)
            continue
        (HERE / name).write_bytes(data)
        target.write_text(text, encoding="utf-8")
        print(f"{name}: {len(expected['tasks'])} tasks")
    if stale:
        print("stale expectations: " + ", ".join(stale))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
