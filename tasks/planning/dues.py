"""Generating dues from a plan's obligations (tasks/planning/obligations.py) and activating triggered tasks.

Regenerating is safe to repeat: it creates what is missing, moves dates that changed, and deletes a due
only when nothing was ever submitted for it.
"""

import datetime
from dataclasses import dataclass, field

from auditlog.context import disable_auditlog
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import Exists, Max, OuterRef, Q, Subquery
from django.utils.translation import gettext as _

from organizations.audit.trail import Action, audit_bulk, field_changes
from organizations.models import Organization
from tasks.models import Due, DueAction, Submission, Task
from tasks.planning.obligations import obligation_key, plan_obligations

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


def _in_existence(organization, due_on) -> bool:
    """A due is owed only while its organization exists: from its start (a reorganization created it) and
    before its end (docs/domain.md, "Reorganizations")."""
    if due_on is None:
        return organization.ended_on is None
    if organization.started_on and due_on < organization.started_on:
        return False
    return not (organization.ended_on and due_on >= organization.ended_on)


def _is_history(due) -> bool:
    """An obsolete due kept all the same: something was handed in, a reorganization passed it on, or it is
    dated before a reorganization moved or ended its organization (figures of the time before count it)."""
    if due.has_submission or due.transferred_from_id:
        return True
    reorganized_on = due.organization.reorganized_on
    return bool(reorganized_on and due.due_on and due.due_on < reorganized_on)


def _wanted(plan, since) -> dict:
    """The plan's obligations by key, those of organizations that exist on their date; with `since`, only
    those dated from that day on (or undated)."""
    obligations = [
        o for o in plan_obligations(plan=plan) if since is None or o.due_on is None or o.due_on >= since
    ]
    organizations = Organization.objects.in_bulk({o.organization_id for o in obligations})
    return {o.key: o for o in obligations if _in_existence(organizations[o.organization_id], o.due_on)}


@transaction.atomic
def plan_regenerate_dues(*, plan, budget: int | None = None, since=None) -> Regeneration:
    """Make the plan's dues what its obligations are (tasks/planning/obligations.py); TooManyDues (nothing
    written) when that would create more than `budget` dues (MAX_NEW_DUES by default). With `since` (a
    reorganization's effective date), only the dues dated from that day on (or undated) are considered."""
    budget = MAX_NEW_DUES if budget is None else budget
    result = Regeneration()
    wanted = _wanted(plan, since)
    # A deadline the office extended for one organization (tasks/office/) stays extended, unless the
    # obligation's own date moves later still.
    extended = DueAction.objects.filter(due=OuterRef("pk"), kind=DueAction.Kind.EXTENDED)
    existing = (
        Due.objects.filter(plan=plan)
        .annotate(
            has_submission=Exists(Submission.objects.filter(due=OuterRef("pk"))),
            extended_to=Subquery(extended.order_by("-at", "-pk").values("due_on_after")[:1]),
        )
        .select_related("organization", "task")
    )
    if since is not None:
        existing = existing.filter(Q(due_on__gte=since) | Q(due_on__isnull=True))
    to_update, to_delete, before = [], [], {}
    for due in existing:
        key = obligation_key(due.kind, due.task_id, due.organization_id, due.period)
        if key in wanted:
            due_on = wanted.pop(key).due_on
            if due.extended_to and due_on and due_on < due.extended_to:
                due_on = due.extended_to
            if due.due_on != due_on:
                before[due.pk] = {"due_on": due.due_on}
                due.due_on = due_on
                to_update.append(due)
        elif _is_history(due):
            result.kept.append(due.pk)
        else:
            to_delete.append(due)
    if len(wanted) > budget:  # what is left of `wanted` is what would be created; nothing is written yet
        raise TooManyDues(len(wanted))
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
        Due(
            plan=plan,
            kind=o.kind,
            task_id=o.task_id,
            organization_id=o.organization_id,
            period=o.period,
            due_on=o.due_on,
        )
        for o in wanted.values()
    ]
    Due.objects.bulk_create(new, batch_size=500, ignore_conflicts=True)
    if new:
        # With ignore_conflicts the rows come back without their keys: read back those just made.
        created = [
            due
            for due in Due.objects.filter(plan=plan).select_related("organization", "task")
            if obligation_key(due.kind, due.task_id, due.organization_id, due.period) in wanted
        ]
        audit_bulk(objects=created, action=Action.CREATE)
    result.created = len(new)
    return result


def task_regenerate_dues(*, task: Task, budget: int | None = None, since=None) -> Regeneration:
    """After a task changed (its rule, units or assignments): its plan's obligations again, since a task
    changes the deliverables, the own work and who reports (docs/domain.md §6)."""
    return plan_regenerate_dues(plan=task.plan, budget=budget, since=since)


def plan_due_years(*, plans) -> list[int]:
    """The years in which the dues of `plans` (a plan or several) fall: the periods worth offering, also
    after a plan's end (a task triggered late falls due later)."""
    plans = [plans] if hasattr(plans, "pk") else plans
    ids = [plan.pk for plan in plans]
    if not ids:
        return []
    # A skip scan of the (plan, due_on) index: the first due date, then the first of each later year, one
    # index probe per year. A DISTINCT over the years reads every due (1.7 million at 55,000 organizations).
    table = connection.ops.quote_name(Due._meta.db_table)
    marks = ", ".join(["%s"] * len(ids))
    next_year = (
        "CAST(date_trunc('year', y.d) + interval '1 year' AS date)"
        if connection.vendor == "postgresql"
        else "date(y.d, 'start of year', '+1 year')"
    )
    first = f"SELECT MIN(due_on) FROM {table} WHERE plan_id IN ({marks})"
    sql = (
        f"WITH RECURSIVE y(d) AS ({first} UNION ALL SELECT ({first} AND due_on >= {next_year}) FROM y "
        "WHERE y.d IS NOT NULL) SELECT d FROM y WHERE d IS NOT NULL"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, ids + ids)
        days = [row[0] for row in cursor.fetchall()]
    return sorted(
        {(day if isinstance(day, datetime.date) else datetime.date.fromisoformat(day)).year for day in days}
    )


def plan_last_due_on(*, plan):
    """The last due date of `plan`'s dues (None without dues)."""
    return Due.objects.filter(plan=plan).aggregate(last=Max("due_on"))["last"]


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
    activated, plans = [], {}
    for task in candidates:
        task.trigger_document = document
        task.save(update_fields=["trigger_document"])
        plans.setdefault(task.plan_id, task.plan)
        activated.append(task)
    for plan in plans.values():
        plan_regenerate_dues(plan=plan)
    return activated
