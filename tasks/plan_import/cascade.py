"""Child plans (docs/domain.md §8.1): an organization's implementation plan is a plan whose ``parent`` is the
plan it carries out, each of its tasks pointing to the parent task it serves (``Task.parent_task``).

In the interchange format (plans/schema/plan.schema.json) the parent is ``{"symbol": "62-KH/ĐUK"}`` (a bare
symbol string, as older exports wrote it, is read too) and a task's ``parent_task`` is the number of the parent
plan's task ("II.2.3.a"). Proposing a parent task for each child task from its wording is
tasks/plan_import/similarity.py.
"""

from django.utils.translation import gettext as _

from plans.models import Plan
from tasks.models import Task
from tasks.plan_import.similarity import Candidate, ParentTaskMatcher


def parent_symbol(data: dict) -> str | None:
    """The symbol of the plan `data` implements: ``parent`` as ``{"symbol": ...}`` or as a bare string."""
    value = data.get("parent")
    if isinstance(value, dict):
        value = value.get("symbol")
    return (value or "").strip() or None


def parent_dict(plan: Plan) -> dict | None:
    """``parent`` as the interchange format writes it."""
    return {"symbol": plan.parent.document.symbol} if plan.parent_id else None


def plan_link_parent_tasks(*, plan: Plan, numbers: dict[int, str | None]) -> list[str]:
    """Point each task of the child `plan` (by primary key) to the task of its parent plan with the given
    number (None or "" unlinks it). Returns the problems, one sentence each; nothing is linked to a task of
    another plan."""
    if not numbers:
        return []
    parent_tasks = {}
    if plan.parent_id:
        parent_tasks = {task.number: task.pk for task in Task.objects.filter(plan_id=plan.parent_id)}
    errors = []
    wanted: dict[int, int | None] = {}
    for pk, number in numbers.items():
        number = (number or "").strip()
        if number and plan.parent_id is None:
            errors.append(
                _("A task names the parent task %(number)s, but the plan implements no other plan.")
                % {"number": number}
            )
            continue
        if number and number not in parent_tasks:
            errors.append(
                _("The plan %(symbol)s has no task numbered %(number)s.")
                % {"symbol": plan.parent.document.symbol, "number": number}
            )
            continue
        wanted[pk] = parent_tasks.get(number) if number else None
    if errors:
        return errors
    for task in Task.objects.filter(pk__in=wanted).only("pk", "parent_task_id"):
        if task.parent_task_id != wanted[task.pk]:  # saved one by one, so the audit trail records each
            task.parent_task_id = wanted[task.pk]
            task.save(update_fields=["parent_task"])
    return []


def parent_candidates(*, plan: Plan) -> list[Candidate]:
    """The tasks of `plan` as the matcher compares them: number, text and the headings above them."""
    sections = {section.pk: section for section in plan.sections.all()}

    def headings(section_id: int | None) -> str:
        titles = []
        while section_id is not None:
            section = sections[section_id]
            titles.append(section.title)
            section_id = section.parent_id
        return " ".join(reversed(titles))

    tasks = plan.tasks.order_by("position", "pk").only("number", "text", "section_id")
    return [
        Candidate(number=task.number, text=task.text, headings=headings(task.section_id)) for task in tasks
    ]


def _walk(sections: list[dict], headings: tuple[str, ...] = ()):
    for section in sections:
        here = (*headings, section.get("title") or "")
        for task in section.get("tasks", []):
            yield task, " ".join(here)
        yield from _walk(section.get("sections", []), here)


def plan_propose_parent_tasks(*, data: dict, parent: Plan) -> dict:
    """Make `data` (the interchange format, changed in place and returned) a child plan of `parent`: its
    ``parent``, and for each task without a ``parent_task`` the parent task proposed from its wording, with
    ``parent_task_score`` (0 to 1) saying how close the wording is."""
    data["parent"] = {"symbol": parent.document.symbol}
    matcher = ParentTaskMatcher(parent_candidates(plan=parent))
    for task, headings in _walk(data.get("sections", [])):
        if task.get("parent_task"):
            continue
        proposal = matcher.propose(task.get("text") or "", headings)
        task["parent_task"] = proposal.number
        task["parent_task_score"] = proposal.score
    return data
