"""What each page of plans, tasks, dues and submissions shows of the audit trail, and to whom.

Office staff who manage the object see its history; a grassroots organization's own people see the history
of their own dues and submissions, nobody else's (organizations/audit/trail.py reads the trail).
"""

from organizations.access import Access
from organizations.audit.trail import HISTORY_LIMIT, SHORT_HISTORY, History, audit_history, history_shown
from plans.models import Plan
from tasks.access import selectors
from tasks.models import Assignment, Due, Review, Submission, SubmissionFile, Task, TaskUnit


def can_see_due_history(access: Access, due: Due) -> bool:
    return selectors.can_review(access, due) or selectors.can_submit(access, due)


def _limit(full: bool) -> int:
    """How many entries to read: the whole history, or one more than a short one shows (to know there is
    more)."""
    return HISTORY_LIMIT if full else SHORT_HISTORY + 1


def plan_histories(*, plan: Plan, full: bool = False) -> tuple[History, History]:
    """The plan's own history (the plan, its sections, references and reporting calendar), and that of its
    tasks with the units and organizations each names: read together, in one query."""
    entries = audit_history(
        plan,
        plan.sections.all(),
        plan.references.all(),
        plan.reporting_periods.all(),
        Task.objects.filter(plan=plan),
        TaskUnit.objects.filter(task__plan=plan),
        Assignment.objects.filter(task__plan=plan),
        limit=2 * HISTORY_LIMIT,
    )
    task_models = (Task, TaskUnit, Assignment)
    own = [entry for entry in entries if entry.model not in task_models][:HISTORY_LIMIT]
    tasks = [entry for entry in entries if entry.model in task_models][:HISTORY_LIMIT]
    return history_shown(own, full=full), history_shown(tasks, full=full)


def task_history(*, task: Task, full: bool = False) -> History:
    entries = audit_history(task, task.units.all(), task.assignments.all(), limit=_limit(full))
    return history_shown(entries, full=full)


def due_history(*, due: Due, full: bool = False) -> History:
    """The due, and every version submitted for it with its files and review."""
    entries = audit_history(
        due,
        Submission.objects.filter(due=due),
        SubmissionFile.objects.filter(submission__due=due),
        Review.objects.filter(submission__due=due),
        limit=_limit(full),
    )
    return history_shown(entries, full=full)


def submission_history(*, submission: Submission, full: bool = False) -> History:
    entries = audit_history(
        submission,
        SubmissionFile.objects.filter(submission=submission),
        Review.objects.filter(submission=submission),
        limit=_limit(full),
    )
    return history_shown(entries, full=full)
