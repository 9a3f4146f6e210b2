"""Tasks, dues, submissions and reviews in the audit trail (see organizations/audit.py).

Notifications and reminders are messages, not records of the work, and are not audited.
"""

from auditlog.registry import auditlog


def register() -> None:
    from .models import Assignment, Due, Review, Submission, SubmissionFile, Task, TaskUnit

    for model in (Task, TaskUnit, Assignment, Due, Submission, SubmissionFile, Review):
        auditlog.register(model)
