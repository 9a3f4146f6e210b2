"""Task numbers and short titles (docs/domain.md §4, "Task numbers and short titles").

A task is numbered by its place: its section's number, then, when the section holds several tasks, a letter
for its place among them ("II.2.3", "II.2.3.c"). The rule works on plain values (section labels, places), not
on models, so that the data migration that numbered the existing tasks calls the very same functions
(tasks/migrations/0006_task_number_short_title.py). ``plan_number_tasks`` applies it to a stored plan; call it
wherever tasks are created or moved.

A short title is what the office typed, else the first words of the task: up to the first comma, at most 60
characters, cut between words (``derived_short_title`` says how a very short first clause runs on).
"""

import re
import string
from collections.abc import Hashable, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING

from django.db import models
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from plans.models import Plan

NUMBER_MAX_LENGTH = 32
SHORT_TITLE_MAX_LENGTH = 60  # a derived short title
SHORT_TITLE_FIELD_LENGTH = 120  # one the office types

SHORT_TITLE_MIN_CLAUSE = 25  # a shorter first clause runs on to the next comma

# Where a task's first clause ends: a comma; always at a semicolon, colon, parenthesis or sentence end.
_COMMA = re.compile(",")
_HARD_STOP = re.compile(r"[;:(]|\.(?=\s|$)")


def section_number(labels: Sequence[str]) -> str:
    """A section's number from its labels, root first: ("II", "2", "2.3") → "II.2.3".

    A label that repeats its parent's ("2.3" under "2") takes the parent's place; any other is appended
    ("a" under "II", "1" gives "II.1.a"). Trailing dots and parentheses of the written labels are dropped, and
    blank labels (an unnumbered section) add nothing.
    """
    parts: list[str] = []
    for raw in labels:
        label = (raw or "").strip().rstrip(".)").strip()
        if not label:
            continue
        if parts and label.startswith(f"{parts[-1]}."):
            parts[-1] = label
        else:
            parts.append(label)
    return ".".join(parts)


def bullet_letter(index: int) -> str:
    """The letter of the task at 0-based `index` in its section: a … z, then aa, ab …"""
    letters = ""
    index += 1
    while index > 0:
        index, rest = divmod(index - 1, 26)
        letters = string.ascii_lowercase[rest] + letters
    return letters


def task_number(*, labels: Sequence[str], index: int, count: int) -> str:
    """The number of the task at 0-based `index` among the `count` tasks of the section labelled `labels`."""
    number = section_number(labels)
    if count <= 1:
        return number
    letter = bullet_letter(index)
    return f"{number}.{letter}" if number else letter


def numbers_by_place(
    *,
    sections: Mapping[Hashable, tuple[Hashable | None, str]],
    tasks: Iterable[tuple[Hashable, Hashable]],
) -> dict[Hashable, str]:
    """Every task's number. `sections` maps a section's key to (its parent's key or None, its label);
    `tasks` gives (task key, section key) in the plan's order."""

    def labels(key) -> list[str]:
        chain, seen = [], set()
        while key is not None and key in sections and key not in seen:
            seen.add(key)
            parent, label = sections[key]
            chain.append(label)
            key = parent
        return chain[::-1]

    by_section: dict[Hashable, list[Hashable]] = {}
    for task_key, section_key in tasks:
        by_section.setdefault(section_key, []).append(task_key)
    numbers = {}
    for section_key, keys in by_section.items():
        path = labels(section_key)
        for index, task_key in enumerate(keys):
            numbers[task_key] = task_number(labels=path, index=index, count=len(keys))
    return numbers


def plan_number_tasks(*, plan: "Plan", given: Mapping[int, str] | None = None) -> int:
    """Store every task's number from its place in `plan`. Returns how many tasks changed; two queries, and
    one update when something changed.

    `given` holds numbers by task pk, as an imported file states them (a parser may know a plan's own marks).
    A section keeps the given numbers only when every task in it has one and no two are alike; otherwise
    (a task added to an exported file, say) the whole section is numbered from the places, so that a stale
    number never makes two tasks alike.
    """
    given = given or {}
    sections = {
        pk: (parent, label) for pk, parent, label in plan.sections.values_list("pk", "parent_id", "label")
    }
    tasks = list(plan.tasks.order_by("position", "pk").only("pk", "section_id", "number"))
    numbers = numbers_by_place(sections=sections, tasks=[(task.pk, task.section_id) for task in tasks])
    by_section: dict[int, list[int]] = {}
    for task in tasks:
        by_section.setdefault(task.section_id, []).append(task.pk)
    for pks in by_section.values():
        stated = [given.get(pk) or "" for pk in pks]
        if all(stated) and len(set(stated)) == len(stated):
            numbers.update(zip(pks, stated, strict=True))
    changed = []
    for task in tasks:
        if task.number != numbers[task.pk]:
            task.number = numbers[task.pk]
            changed.append(task)
    if changed:
        type(changed[0]).objects.bulk_update(changed, ["number"], batch_size=500)
    return len(changed)


def task_label(*, number: str, title: str) -> str:
    """How a task is named: its number, then its short title ("II.2.3.a – Đổi mới nội dung, phương thức")."""
    return f"{number} – {title}" if number else title


def derived_short_title(text: str, *, limit: int = SHORT_TITLE_MAX_LENGTH) -> str:
    """The first words of a task's text: up to its first comma, at most `limit` characters, cut between
    words with "…" when longer. A first clause shorter than 25 characters ("Chỉ đạo, hướng dẫn ...") runs
    on to the next comma, so that the many tasks opening with the same verb do not all read alike; a
    semicolon, colon, parenthesis or sentence end always stops it."""
    line = " ".join((text or "").strip().split("\n", 1)[0].split())
    hard = _HARD_STOP.search(line)
    end = hard.start() if hard and hard.start() > 0 else len(line)
    for comma in _COMMA.finditer(line, 0, end):
        if comma.start() >= SHORT_TITLE_MIN_CLAUSE:
            end = comma.start()
            break
    head = line[:end].rstrip(" .;:,–-")
    if len(head) <= limit:
        return head
    cut = head[: limit + 1].rsplit(" ", 1)[0] if " " in head[:limit] else head[:limit]
    return cut[:limit].rstrip(" ,;:–-") + "…"


def parent_task_field() -> models.ForeignKey:
    """``Task.parent_task``: in a child plan, the task of the plan it implements that this task carries out,
    named by its number in the interchange format (docs/domain.md §8.1); cleared if that task goes. Declared
    here so that tasks/models.py stays within its size (docs/architecture.md §2)."""
    return models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="child_tasks",
        verbose_name=_("parent task carried out"),
        help_text=_("The task of the higher plan that this task carries out."),
    )
