"""What each page of plans, tasks, dues and submissions shows of the audit trail, and to whom.

Office staff who manage the object see its history; a grassroots organization's own people see the history
of their own dues and submissions, nobody else's (organizations/audit/trail.py reads the trail).
"""

from organizations.access import Access
from organizations.audit.trail import HISTORY_LIMIT, HistoryEntry, audit_history
from plans.models import Plan
from tasks.access import selectors
from tasks.models import Assignment, Due, Review, Submission, SubmissionFile, Task, TaskUnit


def can_see_due_history(access: Access, due: Due) -> bool:
    return selectors.can_review(access, due) or selectors.can_submit(access, due)


def plan_histories(*, plan: Plan) -> tuple[list[HistoryEntry], list[HistoryEntry]]:
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
    return own, tasks


def task_history(*, task: Task) -> list[HistoryEntry]:
    return audit_history(task, task.units.all(), task.assignments.all())


def due_history(*, due: Due) -> list[HistoryEntry]:
    """The due, and every version submitted for it with its files and review."""
    return audit_history(
        due,
        Submission.objects.filter(due=due),
        SubmissionFile.objects.filter(submission__due=due),
        Review.objects.filter(submission__due=due),
    )


def submission_history(*, submission: Submission) -> list[HistoryEntry]:
    return audit_history(
        submission,
        SubmissionFile.objects.filter(submission=submission),
        Review.objects.filter(submission=submission),
    )
