"""Carrying on obligations after a reorganization (docs/domain.md, "Reorganizations").

Connected to ``organizations.reorganization.signals.reorganized`` in ``TasksConfig.ready()``; runs inside
the reorganization's transaction. For each succession that carries obligations, in order:

- the plans the predecessor owns are the successor's to carry out (their office is the successor's);
- the documents its office registered pass to the successor's register (one already there stays put);
- each task assignment naming the predecessor (one organization, or the anchor of a group rule) gets a twin
  naming the successor (the predecessor's own is kept: it says who owed what before);
- its open dues dated on or after the effective date (or undated) with no submission pass to the successor,
  ``transferred_from`` recording where they came from; a due the successor already owes (same task and period,
  or for a periodic report same plan and period) is not duplicated (the predecessor's copy, never handed
  in, is removed, with its audit entry);
- submitted, returned and accepted dues, and every due dated before the effective date, stay where they were
  made, so figures for the time before count the predecessors.

Then every plan with a task whose group rule covers a changed part of the tree (or naming a predecessor)
is regenerated for the dates from the effective date on (``plan_regenerate_dues(since=...)``), which never
deletes a due that has a submission. All three kinds of due move (deliverables, periodic reports, own work):
a periodic report names no task (``Due.task`` is NULL), so it is the same obligation as another by its plan
and period, the others by their task and period (the constraints of ``Due``).
"""

import datetime
from collections import defaultdict

from auditlog.context import disable_auditlog
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext as _

from organizations.audit.trail import Action, audit_bulk
from organizations.models import Organization
from plans.models import Document, Plan
from tasks.models import Assignment, Due, Submission, Task, TaskUnit
from tasks.planning.dues import plan_regenerate_dues

BATCH = 2000


def _due_key(row: dict) -> tuple:
    """What makes a due the same obligation for another organization, as the constraints of ``Due`` say: a
    periodic report by its plan and period (it names no task), a deliverable or own work by its task and
    period (docs/domain.md §6)."""
    if row["kind"] == Due.Kind.REPORT:
        return (Due.Kind.REPORT, row["plan_id"], row["period"])
    return ("task", row["task_id"], row["period"])


KEY_FIELDS = ("kind", "plan_id", "task_id", "period")


def _open_dues(organization_id: int, since: datetime.date):
    return (
        Due.objects.filter(organization_id=organization_id, state=Due.State.OPEN)
        .filter(Q(due_on__gte=since) | Q(due_on__isnull=True))
        .exclude(Exists(Submission.objects.filter(due=OuterRef("pk"))))
    )


def dues_transfer(
    *, predecessor: Organization, successor: Organization, since: datetime.date
) -> tuple[int, int]:
    """Pass the predecessor's open dues from `since` on to the successor; returns (moved, duplicates removed)."""
    rows = list(_open_dues(predecessor.pk, since).values("pk", *KEY_FIELDS))
    if not rows:
        return 0, 0
    owned = {_due_key(row) for row in Due.objects.filter(organization=successor).values(*KEY_FIELDS)}
    moving = [row["pk"] for row in rows if _due_key(row) not in owned]
    duplicates = [row["pk"] for row in rows if _due_key(row) in owned]
    for start in range(0, len(moving), BATCH):
        chunk = moving[start : start + BATCH]
        Due.objects.filter(pk__in=chunk).update(organization=successor, transferred_from=predecessor)
        audit_bulk(
            objects=Due.objects.filter(pk__in=chunk).select_related("organization", "task"),
            action=Action.UPDATE,
            changes_for=lambda due: {
                "organization": [predecessor.pk, successor.pk],
                "transferred_from": [None, predecessor.pk],
            },
        )
    if duplicates:
        audit_bulk(
            objects=Due.objects.filter(pk__in=duplicates).select_related("organization", "task"),
            action=Action.DELETE,
        )
        with disable_auditlog():
            Due.objects.filter(pk__in=duplicates).delete()
    return len(moving), len(duplicates)


def _reanchor(predecessor: Organization, successor: Organization) -> list[int]:
    """Each assignment naming the predecessor gets its twin naming the successor; returns their tasks' ids.

    The predecessor's own stays as the plan wrote it: for the days before, it still says who owed what (an
    ended organization is designated only for the days it existed, tasks/planning/assignees.py).
    """
    assignments = list(Assignment.objects.filter(organization=predecessor))
    existing = {
        (a.task_id, a.scope, tuple(a.kinds or ()))
        for a in Assignment.objects.filter(
            organization=successor, task_id__in={a.task_id for a in assignments}
        )
    }
    for assignment in assignments:
        key = (assignment.task_id, assignment.scope, tuple(assignment.kinds or ()))
        if key not in existing:
            existing.add(key)
            Assignment.objects.create(
                task_id=assignment.task_id,
                label=assignment.label,
                scope=assignment.scope,
                organization=successor,
                kinds=assignment.kinds,
                position=assignment.position,
            )
    return [assignment.task_id for assignment in assignments]


def _plans_transfer(predecessor: Organization, successor: Organization) -> list[int]:
    """The predecessor's plans become the successor's; returns their ids (their own work moves with them)."""
    plans = list(Plan.objects.filter(owner=predecessor).select_related("document"))
    if plans:
        Plan.objects.filter(pk__in=[plan.pk for plan in plans]).update(owner=successor)
        audit_bulk(
            objects=plans,
            action=Action.UPDATE,
            changes_for=lambda plan: {"owner": [predecessor.pk, successor.pk]},
        )
    return [plan.pk for plan in plans]


def _register_transfer(predecessor: Organization, successor: Organization) -> int:
    """The documents the predecessor's office registered go to the successor's register, as its archive does
    (docs/domain.md §3 and §8.2): without it the successor's office would find its register empty. A document
    the successor has already registered itself (same symbol and date, still in force) stays where it is."""
    held = set(
        Document.objects.filter(registered_by=successor, withdrawn_at__isnull=True).values_list(
            "symbol", "issued_on"
        )
    )
    documents = [
        document
        for document in Document.objects.filter(registered_by=predecessor)
        if document.withdrawn_at is not None or (document.symbol, document.issued_on) not in held
    ]
    if documents:
        Document.objects.filter(pk__in=[document.pk for document in documents]).update(
            registered_by=successor
        )
        audit_bulk(
            objects=documents,
            action=Action.UPDATE,
            changes_for=lambda document: {"registered_by": [predecessor.pk, successor.pk]},
        )
    return len(documents)


def _units_transfer(predecessor: Organization, successor: Organization) -> list[int]:
    """Lead and coordinating units naming the predecessor name its successor from now on; the name as the
    plan wrote it stays (``TaskUnit.name``), so the text of the plan is unchanged. Returns their tasks' ids
    (one per unit)."""
    units = list(TaskUnit.objects.filter(organization=predecessor).select_related("task"))
    if units:
        TaskUnit.objects.filter(pk__in=[unit.pk for unit in units]).update(organization=successor)
        audit_bulk(
            objects=units,
            action=Action.UPDATE,
            changes_for=lambda unit: {"organization": [predecessor.pk, successor.pk]},
        )
    return [unit.task_id for unit in units]


def units_left(ended_ids) -> list[str]:
    """Units still naming an organization that ended with no successor taking over its work: the preview
    says which, so the office chooses another unit on the task's page (one line each)."""
    units = TaskUnit.objects.filter(organization_id__in=list(ended_ids)).select_related(
        "task__plan__document", "organization"
    )
    return [
        _("%(plan)s, task %(task)s: %(role)s “%(unit)s” ended with no successor; choose another unit.")
        % {
            "plan": unit.task.plan.document.symbol,
            "task": unit.task.number or unit.task.pk,
            "role": unit.get_role_display().lower(),
            "unit": unit.organization.name,
        }
        for unit in units.order_by("task__plan_id", "task__position", "role", "position")
    ]


def _tasks_covering(paths: list[str]) -> set[int]:
    """Tasks with a group rule whose anchor is above one of `paths` (one query)."""
    found = set()
    groups = Assignment.objects.exclude(scope="one").values_list("task_id", "organization__path")
    for task_id, anchor in groups:
        if any(path.startswith(anchor) for path in paths):
            found.add(task_id)
    return found


def obligations_carry_on(*, effective_on, successions, touched_paths, **kwargs) -> dict[str, tuple[str, int]]:
    """Receiver of ``reorganized``: the figures it returns are printed in the preview."""
    moved = duplicates = units = documents = 0
    plans_moved: set[int] = set()
    tasks_to_expand: set[int] = set()
    by_successor = defaultdict(list)
    for succession in successions:
        if succession.carries_obligations:
            by_successor[succession.successor_id].append(succession.predecessor)
    for successor_id, predecessors in by_successor.items():
        successor = Organization.objects.get(pk=successor_id)
        for predecessor in predecessors:
            plans_moved.update(_plans_transfer(predecessor, successor))
            documents += _register_transfer(predecessor, successor)
            unit_tasks = _units_transfer(predecessor, successor)
            units += len(unit_tasks)
            tasks_to_expand.update(unit_tasks)
            tasks_to_expand.update(_reanchor(predecessor, successor))
            counts = dues_transfer(predecessor=predecessor, successor=successor, since=effective_on)
            moved += counts[0]
            duplicates += counts[1]
    tasks_to_expand |= _tasks_covering(list(touched_paths))
    # A plan's obligations (deliverables, periodic reports, own work) come from all its tasks together
    # (tasks/planning/obligations.py): each plan concerned is regenerated once, from the effective date on.
    # A plan whose only change is its owner is not: who owes what under it is unchanged, and the owner's own
    # open dues have just passed to the successor with the rest (docs/domain.md, "Reorganizations").
    to_expand = set(Task.objects.filter(pk__in=tasks_to_expand).values_list("plan_id", flat=True))
    created = deleted = 0
    for plan in Plan.objects.filter(pk__in=to_expand).select_related("owner").order_by("pk"):
        result = plan_regenerate_dues(plan=plan, since=effective_on)
        created += result.created
        deleted += result.deleted
    return {
        "notes": ("", units_left(kwargs.get("ended", ()))),
        "plans_transferred": (_("Plans passed to successors"), len(plans_moved)),
        "documents_transferred": (_("Registered documents passed to successors' registers"), documents),
        "units_transferred": (_("Lead and coordinating units passed to successors"), units),
        "dues_transferred": (_("Open dues passed to successors"), moved),
        "dues_duplicate": (_("Open dues already owed by the successor"), duplicates),
        "dues_created": (_("Dues created by group rules"), created),
        "dues_removed": (_("Open dues no longer owed under the new tree"), deleted),
    }
