"""Generating dues from deadline rules and activating triggered tasks.

Regenerating is safe to repeat: it creates what is missing, moves dates that changed, and deletes a due
only when nothing was ever submitted for it.
"""

from dataclasses import dataclass, field

from auditlog.context import disable_auditlog
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext as _

from organizations.audit.trail import Action, audit_bulk, field_changes
from tasks.models import Due, Submission, Task
from tasks.planning.assignees import task_organizations
from tasks.planning.deadlines import due_specs

# The most dues one save (a task's rule, a plan's import, a guidance) may create: far above any real plan
# (a ten-year plan of 60 tasks owed half-yearly by 40 organizations makes 48,000), far below what would tie
# up the server (issue 16: unbounded periods made thousands of dues in one request).
MAX_NEW_DUES = 60_000


class TooManyDues(ValidationError):
    """The save would create more dues than MAX_NEW_DUES; nothing is written."""

    def __init__(self, count: int):
        super().__init__(
            _(
                "This would create %(count)d dues at once, more than the %(max)d one save may create: check "
                "the plan's period, the deadline rule and the assignees."
            )
            % {"count": count, "max": MAX_NEW_DUES},
            code="too_many_dues",
        )


@dataclass
class Regeneration:
    created: int = 0
    updated: int = 0
    deleted: int = 0
    kept: list[int] = field(default_factory=list)  # obsolete dues kept because they have submissions

    def __iadd__(self, other: "Regeneration") -> "Regeneration":
        self.created += other.created
        self.updated += other.updated
        self.deleted += other.deleted
        self.kept += other.kept
        return self


@transaction.atomic
def task_regenerate_dues(*, task: Task, budget: int | None = None) -> Regeneration:
    """Brings the task's dues in line with its rule; TooManyDues (nothing written) when that would create
    more than `budget` dues (MAX_NEW_DUES by default)."""
    budget = MAX_NEW_DUES if budget is None else budget
    result = Regeneration()
    specs = {spec.period: spec.due_on for spec in due_specs(task)}
    organizations = {org.pk: org for org in task_organizations(task)}
    if len(specs) * len(organizations) > budget:  # before building the pairs, the bound on the work itself
        raise TooManyDues(len(specs) * len(organizations))
    wanted = {(org_pk, period): due_on for org_pk in organizations for period, due_on in specs.items()}

    existing = (
        Due.objects.filter(task=task)
        .annotate(has_submission=Exists(Submission.objects.filter(due=OuterRef("pk"))))
        .select_related("organization")
    )
    to_update, to_delete, before = [], [], {}
    for due in existing:
        due.task = task  # the audit entries name the due by its task
        key = (due.organization_id, due.period)
        if key in wanted:
            due_on = wanted.pop(key)
            if due.due_on != due_on:
                before[due.pk] = {"due_on": due.due_on}
                due.due_on = due_on
                to_update.append(due)
        elif due.has_submission:
            result.kept.append(due.pk)
        else:
            to_delete.append(due)
    # Bulk writes send no signals: each one writes its audit entries itself.
    if to_delete:
        audit_bulk(objects=to_delete, action=Action.DELETE)
        with disable_auditlog():
            deleted = Due.objects.filter(pk__in=[due.pk for due in to_delete]).delete()
        result.deleted = deleted[1].get("tasks.Due", 0)
    if to_update:
        Due.objects.bulk_update(to_update, ["due_on"], batch_size=500)
        audit_bulk(
            objects=to_update,
            action=Action.UPDATE,
            changes_for=lambda due: field_changes(due, before[due.pk]),
        )
        result.updated = len(to_update)
    new = [
        Due(task=task, organization=organizations[org_id], period=period, due_on=due_on)
        for (org_id, period), due_on in wanted.items()
    ]
    Due.objects.bulk_create(new, batch_size=500, ignore_conflicts=True)
    if new:
        # With ignore_conflicts the rows come back without their keys: read back those just made.
        created = [
            due
            for due in Due.objects.filter(task=task).select_related("organization")
            if (due.organization_id, due.period) in wanted
        ]
        for due in created:
            due.task = task
        audit_bulk(objects=created, action=Action.CREATE)
    result.created = len(new)
    return result


@transaction.atomic
def plan_regenerate_dues(*, plan) -> Regeneration:
    """Every task's dues; TooManyDues (nothing written) past MAX_NEW_DUES created in all."""
    total = Regeneration()
    for task in plan.tasks.select_related("plan", "trigger_document").prefetch_related(
        "plan__reporting_periods"
    ):
        total += task_regenerate_dues(task=task, budget=MAX_NEW_DUES - total.created)
    return total


def waiting_tasks(*, plan=None, document=None):
    """Triggered tasks still waiting; with `document`, those that this document answers."""
    tasks = Task.objects.filter(kind=Task.Kind.TRIGGERED, trigger_document__isnull=True)
    if plan is not None:
        tasks = tasks.filter(plan=plan)
    if document is not None:
        if document.issuer_id is None:
            # A document of unknown issuer answers nothing (filtering on None would match tasks awaiting no one).
            return tasks.none()
        tasks = tasks.filter(awaited_issuer_id=document.issuer_id, awaited_type=document.doc_type)
    return tasks


@transaction.atomic
def document_activate_tasks(*, document, tasks=None) -> list[Task]:
    """Link `document` as the guidance that the given (or every matching) waiting task awaits, and create
    their dues. Returns the tasks activated."""
    candidates = list(tasks if tasks is not None else waiting_tasks(document=document))
    activated = []
    for task in candidates:
        task.trigger_document = document
        task.save(update_fields=["trigger_document"])
        task_regenerate_dues(task=task)
        activated.append(task)
    return activated
