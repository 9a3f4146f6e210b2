from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TasksConfig(AppConfig):
    name = "tasks"
    verbose_name = _("Tasks and dues")

    def ready(self):
        # Tasks, dues, submissions and reviews are in the audit trail (organizations/audit/trail.py).
        # Notifications and reminders are messages, not records of the work, and are not audited.
        from auditlog.registry import auditlog

        from tasks.models import Assignment, Due, Review, Submission, SubmissionFile, Task, TaskUnit

        for model in (Task, TaskUnit, Assignment, Due, Submission, SubmissionFile, Review):
            auditlog.register(model)
