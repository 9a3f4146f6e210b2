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
