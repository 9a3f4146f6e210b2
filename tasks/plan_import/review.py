"""Reviewing a parsed plan before it is saved: the steps between tasks/plan_import/reading/ and plan_import that the
browser import (tasks/plan_import/views.py) takes.

The parsed plan travels between the upload and the save inside the page, signed (django.core.signing) with
the id of the person importing it, so nothing is stored on the server until they confirm, and nothing the
browser sends back is trusted without its signature. What the person edits on the review page (the plan's
symbol, date, title, owner and period; each task's text, deadline, units and assignees) is applied to that
parsed plan, and only then are its names matched to organizations (tasks/plan_import/resolution.py) and the plan
saved through tasks.plan_import.save.plan_import.
"""

import copy
import datetime
import re
from dataclasses import dataclass, field
from types import SimpleNamespace

from django.core import signing
from django.utils.translation import gettext as _

from organizations.models import Organization
from plans import symbols
from plans.models import Plan
from tasks.plan_import.interchange import PlanImportError, plan_validate, section_key
from tasks.plan_import.resolution import plan_resolve
from tasks.plan_import.save import plan_import
from tasks.planning.deadlines import DEFAULT_ANNUAL, deadline_words
from tasks.planning.numbering import task_number

SALT = "plantrack.plan-import"
MAX_AGE = 24 * 60 * 60  # a review left open overnight must be started again


class ReviewTokenError(ValueError):
    """The signed plan is missing, altered, too old, or someone else's."""


def review_token(*, data: dict, user_id: int) -> str:
    return signing.dumps({"user": user_id, "plan": data}, salt=SALT, compress=True)


def review_data(*, token: str, user_id: int) -> dict:
    """The parsed plan a review page carries, checked: signed by us, for this user, recent enough."""
    try:
        payload = signing.loads(token or "", salt=SALT, max_age=MAX_AGE)
    except signing.BadSignature as error:  # SignatureExpired is a BadSignature
        raise ReviewTokenError(str(error)) from error
    if (
        not isinstance(payload, dict)
        or payload.get("user") != user_id
        or not isinstance(payload.get("plan"), dict)
    ):
        raise ReviewTokenError("not this user's plan")
    return payload["plan"]


# --------------------------------------------------------------------------------------------------------
# Reading the parsed plan for the page


@dataclass
class ReviewTask:
    index: int
    key: str  # "III.3 #1"
    task: dict
    number: str = ""  # "III.3.a": as the file states it, else from its place (tasks/planning/numbering.py)


@dataclass
class ReviewSection:
    depth: int
    key: str
    label: str
    title: str
    text: str
    tasks: list[ReviewTask] = field(default_factory=list)


def review_outline(data: dict) -> list[ReviewSection]:
    """The sections in reading order, each with its tasks numbered as the formset numbers them."""
    outline: list[ReviewSection] = []
    counter = 0

    def walk(sections, path, depth):
        nonlocal counter
        for section in sections:
            here = (*path, section["label"])
            entry = ReviewSection(
                depth=depth,
                key=section_key(here),
                label=section["label"],
                title=section.get("title") or "",
                text=section.get("text") or "",
            )
            tasks = section.get("tasks", [])
            for number, task in enumerate(tasks, start=1):
                shown = task.get("number") or task_number(labels=here, index=number - 1, count=len(tasks))
                entry.tasks.append(
                    ReviewTask(index=counter, key=f"{entry.key} #{number}", task=task, number=shown)
                )
                counter += 1
            outline.append(entry)
            walk(section.get("sections", []), here, depth + 1)

    walk(data.get("sections", []), (), 0)
    return outline


def review_tasks(data: dict) -> list[ReviewTask]:
    return [task for section in review_outline(data) for task in section.tasks]


def _strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


_TERM = re.compile(
    r"(?:nhiệm kỳ|giai đoạn)\s+(?P<start>(?:19|20)\d\d)\s*[-–]\s*(?P<end>(?:19|20)\d\d)", re.IGNORECASE
)


def period_guess(data: dict, *, today: datetime.date) -> tuple[datetime.date, datetime.date]:
    """A first guess at the plan's period, for the person to check: from the year of its date or of its
    earliest dated task to the end of the term it names ("nhiệm kỳ 2020 - 2025") or of its last dated task."""
    years = [
        datetime.date.fromisoformat(task.task["deadline"]["due_on"]).year
        for task in review_tasks(data)
        if task.task["deadline"].get("due_on")
    ]
    issued = data.get("document", {}).get("issued_on")
    start_year = min([datetime.date.fromisoformat(issued).year] if issued else years or [today.year])
    end_year = max([start_year, *years])
    for text in _strings({key: data.get(key) for key in ("document", "preamble", "sections")}):
        for match in _TERM.finditer(text):
            if int(match["start"]) <= start_year <= int(match["end"]):
                end_year = max(end_year, int(match["end"]))
    return datetime.date(start_year, 1, 1), datetime.date(end_year, 12, 31)


def review_resolved(*, data: dict, owner: Organization) -> tuple[dict, list[str]]:
    """A copy of the parsed plan with its names matched for `owner` (what the review page shows first),
    and the problems the match found."""
    resolved = copy.deepcopy(data)
    resolution = plan_resolve(data=resolved, owner=owner)
    return resolved, resolution.errors


def lines(text: str) -> list[str]:
    """One name per line, blank lines and repeats dropped."""
    result = []
    for line in (text or "").splitlines():
        line = " ".join(line.split())
        if line and line not in result:
            result.append(line)
    return result


def _iso(value: datetime.date | None) -> str | None:
    return value.isoformat() if value else None


def review_deadline(parsed: dict, values: dict) -> dict:
    """The parsed deadline if the person left it as it was; else the rule they set, as written by a person."""
    kind = values["kind"]
    if kind == "annual" and parsed.get("kind") == "annual":
        return copy.deepcopy(parsed)  # the review does not edit an annual day: the one read stands
    wanted = {
        "kind": kind,
        "due_on": _iso(values.get("due_on")) if kind == "dated" else None,
        "precision": (values.get("precision") or None) if kind == "dated" else None,
        "trigger": (values.get("trigger") or "").strip() or None if kind == "triggered" else None,
    }
    if all(parsed.get(key) == value for key, value in wanted.items()):
        return copy.deepcopy(parsed)
    return {"explicit": True, "source": None, **wanted}


def review_apply(
    *, data: dict, symbol: str, issued_on: datetime.date | None, title: str, tasks: list[dict]
) -> dict:
    """A copy of the parsed plan with the person's edits: the document's symbol, date and title, and for each
    task (in review order) its text, deadline, lead and coordinating units and assignees."""
    result = copy.deepcopy(data)
    parsed_symbol = symbols.parse_symbol(symbol)
    result["document"].update(
        symbol=str(parsed_symbol),
        number=parsed_symbol.number,
        type=parsed_symbol.type,
        issuer=parsed_symbol.issuer,
        issued_on=_iso(issued_on),
        title=title.strip(),
    )
    reviewed = review_tasks(result)
    if len(reviewed) != len(tasks):
        raise ValueError("one set of values per task")
    for entry, values in zip(reviewed, tasks, strict=True):
        task = entry.task
        task["text"] = values["text"].strip()
        task["deadline"] = review_deadline(task["deadline"], values)
        task["lead"] = lines(values.get("lead", ""))
        task["coordinating"] = lines(values.get("coordinating", ""))
        task["assignees"] = lines(values.get("assignees", ""))
    return result


@dataclass
class ReviewResult:
    plan: Plan | None
    errors: list[str]
    notes: list[str] = field(default_factory=list)


def review_save(
    *, data: dict, owner: Organization, period: tuple[datetime.date, datetime.date], user
) -> ReviewResult:
    """Match the reviewed plan's names for `owner` and save it (created, or the plan with its symbol updated
    in place), with its tasks and dues; nothing is saved when anything is wrong."""
    resolution = plan_resolve(data=data, owner=owner, period=period)
    if resolution.errors:
        return ReviewResult(plan=None, errors=resolution.errors)
    errors = plan_validate(data=data)
    if errors:
        return ReviewResult(plan=None, errors=errors)
    try:
        plan = plan_import(data=data, user=user)
    except PlanImportError as error:
        return ReviewResult(plan=None, errors=error.errors)
    return ReviewResult(plan=plan, errors=[], notes=resolution.notes)


def deadline_in_words(deadline: dict, *, issuers: dict[str, Organization]) -> str:
    """A deadline as the plan page words it ("Trước 28/02/2023", "Chờ hướng dẫn của Tỉnh ủy"), before the
    plan exists: an annual task falls on the default annual report date unless it sets its own."""
    kind = deadline.get("kind")
    if kind == "annual":
        written = deadline.get("annual_day")
        if isinstance(written, str) and len(written) == 5:
            month, day = int(written[:2]), int(written[3:])
        else:
            month = deadline.get("annual_month") or DEFAULT_ANNUAL[0]
            day = written or DEFAULT_ANNUAL[1]
        return _("Annual (due %(date)s)") % {"date": f"{day:02d}/{month:02d}"}
    due_on = deadline.get("due_on")
    issuer = issuers.get(deadline.get("awaited_issuer") or "")
    if kind == "triggered" and issuer is None:
        return _("After: %(trigger)s") % {"trigger": deadline.get("trigger") or "?"}
    task = SimpleNamespace(
        kind=kind,
        due_on=datetime.date.fromisoformat(due_on) if due_on else None,
        precision=deadline.get("precision") or "",
        awaited_issuer=issuer,
        deadline_source=deadline.get("source") or "",
        trigger_document_id=None,
    )
    return deadline_words(task) or _("No date set")
