"""The journal of due changes (docs/architecture.md, "Totals kept current on write"): one row per change of
what a due counts as — its state, its first submission, its date — written in the transaction that makes the
change. Remembered bloc-wide totals (tasks/monitoring/remembered.py) read the few rows written since they were
counted and apply them, instead of counting the bloc again. Kept in its sub-package and imported by
tasks/models.py, which keeps the app label."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tasks.models import Due


class DueChange(models.Model):
    """A due moved from (before_state, before_submitted_at, before_due_on) to (state, submitted_at, due_on).

    Rows older than a day are deleted by the recount that no longer needs them (journal.journal_prune)."""

    due = models.ForeignKey(Due, on_delete=models.CASCADE, related_name="+", verbose_name=_("due"))
    at = models.DateTimeField(_("at"), default=timezone.now, db_index=True)
    before_state = models.CharField(_("state before"), max_length=16, choices=Due.State.choices)
    before_submitted_at = models.DateTimeField(_("first submitted before"), null=True, blank=True)
    before_due_on = models.DateField(_("due date before"), null=True, blank=True)
    state = models.CharField(_("state"), max_length=16, choices=Due.State.choices)
    submitted_at = models.DateTimeField(_("first submitted"), null=True, blank=True)
    due_on = models.DateField(_("due date"), null=True, blank=True)

    class Meta:
        verbose_name = _("due change")
        verbose_name_plural = _("due changes")
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"{self.due_id}: {self.before_state} → {self.state}"
