"""Models of the office's follow-up of a due (tasks/office/): what the office did about it (reminded now,
extended its deadline, marked it not applicable) and the comment thread between the office and the
organization. Kept in their sub-package and imported by tasks/models.py, which keeps the app label."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tasks.models import Due


class DueAction(models.Model):
    """One action of the committee office on one due, with who, when and why: the log of reminders sent by
    hand and the record of every deadline extension and "không áp dụng" (docs/domain.md)."""

    class Kind(models.TextChoices):
        REMINDED = "reminded", _("Reminded")
        EXTENDED = "extended", _("Deadline extended")
        NOT_APPLICABLE = "not_applicable", _("Marked not applicable")

    due = models.ForeignKey(
        Due, on_delete=models.CASCADE, related_name="office_actions", verbose_name=_("due")
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("by")
    )
    at = models.DateTimeField(_("at"), default=timezone.now)
    day = models.DateField(_("day"))
    reason = models.TextField(_("reason"), blank=True)
    due_on_before = models.DateField(_("due date before"), null=True, blank=True)
    due_on_after = models.DateField(_("due date after"), null=True, blank=True)

    class Meta:
        verbose_name = _("office action")
        verbose_name_plural = _("office actions")
        ordering = ["-at", "-pk"]
        constraints = [
            # The claim of a reminder sent by hand: never twice the same day for the same due.
            models.UniqueConstraint(
                fields=["due", "day"], condition=models.Q(kind="reminded"), name="due_reminded_once_a_day"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.due_id} – {self.kind} {self.day}"


class DueComment(models.Model):
    """One message of the thread on a due between the committee office and the organization that owes it."""

    due = models.ForeignKey(Due, on_delete=models.CASCADE, related_name="comments", verbose_name=_("due"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("author")
    )
    from_office = models.BooleanField(_("written by the office"))
    text = models.TextField(_("message"), max_length=4000)
    created_at = models.DateTimeField(_("written at"), default=timezone.now)

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.due_id} – {self.author_id} {self.created_at:%Y-%m-%d %H:%M}"
