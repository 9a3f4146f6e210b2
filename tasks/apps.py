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
        # A due's period reads in words in its history ("Năm 2027", not "2027"; "Một lần", not "once").
        from organizations.audit.trail import words_for
        from plans.periods import period_words

        words_for(Due, "period", period_words)

        # A reorganization's successors carry on the open dues (tasks/reorganization/obligations.py).
        from organizations.reorganization.signals import reorganized
        from tasks.reorganization.obligations import obligations_carry_on

        reorganized.connect(obligations_carry_on, dispatch_uid="tasks.obligations_carry_on")
