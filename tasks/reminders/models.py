"""The reminder models (tasks/reminders/), kept beside tasks/models.py, which imports them so that they keep
the app label `tasks` (docs/architecture.md §2: models stay at the top of their app; this module only keeps
tasks/models.py under the size limit)."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from plans.models import Plan

# --- Reminders (tasks/reminders/) ----------------------------------------------------------------------------------

DEFAULT_DAYS_BEFORE = (7, 1)
DEFAULT_OVERDUE_EVERY = 7
DEFAULT_ESCALATE_AFTER = 7


def default_days_before() -> list[int]:
    return list(DEFAULT_DAYS_BEFORE)


class ReminderPolicy(models.Model):
    """When the dues of one plan are reminded. A plan without a policy row uses the defaults below."""

    plan = models.OneToOneField(
        Plan, on_delete=models.CASCADE, related_name="reminder_policy", verbose_name=_("plan")
    )
    is_active = models.BooleanField(_("send reminders"), default=True)
    days_before = models.JSONField(
        _("days before the due date"),
        default=default_days_before,
        blank=True,
        help_text=_("Remind this many days before each due date, e.g. 7, 1."),
    )
    on_due_date = models.BooleanField(_("remind on the due date"), default=True)
    overdue_every = models.PositiveSmallIntegerField(
        _("while overdue, every (days)"),
        default=DEFAULT_OVERDUE_EVERY,
        help_text=_("0: no reminder after the due date."),
    )
    escalate_after = models.PositiveSmallIntegerField(
        _("escalate after (days overdue)"),
        default=DEFAULT_ESCALATE_AFTER,
        help_text=_(
            "Tell the committee member in charge and the committee office once a due is this many days "
            "overdue. 0: never."
        ),
    )

    class Meta:
        verbose_name = _("reminder policy")
        verbose_name_plural = _("reminder policies")

    def __str__(self) -> str:
        return str(self.plan)

    def clean(self):
        from django.core.exceptions import ValidationError

        days = self.days_before
        if not isinstance(days, list) or not all(isinstance(d, int) and 1 <= d <= 365 for d in days):
            raise ValidationError({"days_before": _("Give whole numbers of days from 1 to 365.")})
        self.days_before = sorted(set(days), reverse=True)


class Reminder(models.Model):
    """One reminder owed to one person: this due, this kind, this day. The unique constraint is the claim:
    a second scan (or a second worker) cannot insert the same row, so nothing is sent twice."""

    class Kind(models.TextChoices):
        BEFORE = "before", _("Before the due date")
        DUE_DAY = "due_day", _("On the due date")
        OVERDUE = "overdue", _("Overdue")
        ESCALATION = "escalation", _("Escalation")

    class State(models.TextChoices):
        PENDING = "pending", _("Waiting to be sent")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Sending failed, will be retried")
        CANCELLED = "cancelled", _("Not sent: already handed in")

    # Few indexes, for a table that takes hundreds of thousands of rows in one scan: the unique constraint
    # (due first) and the (recipient, day) index already serve lookups by due and by recipient.
    due = models.ForeignKey(
        "tasks.Due", on_delete=models.CASCADE, related_name="reminders", verbose_name=_("due"), db_index=False
    )
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="reminders",
        verbose_name=_("recipient"),
        db_index=False,
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    offset = models.SmallIntegerField(
        _("days from the due date"), help_text=_("Negative: before the due date.")
    )
    occurs_on = models.DateField(_("owed on"))
    claimed_on = models.DateField(_("scan day"))
    claim = models.UUIDField(_("claimed by scan"), null=True, blank=True, editable=False)
    state = models.CharField(_("state"), max_length=16, choices=State.choices, default=State.PENDING)
    digest = models.ForeignKey(
        "ReminderDigest",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reminders",
        verbose_name=_("e-mail"),
        db_index=False,
    )
    notified_at = models.DateTimeField(_("notified in the app at"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        ordering = ["-claimed_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["due", "recipient", "kind", "occurs_on"], name="reminder_claimed_once"
            ),
        ]
        indexes = [
            models.Index(fields=["recipient", "claimed_on"]),
            models.Index(fields=["state", "claimed_on"]),
        ]

    def __str__(self) -> str:
        return f"{self.recipient_id} – {self.due_id} – {self.kind} {self.occurs_on}"


class ReminderDigest(models.Model):
    """One e-mail to one person for one day (daily reminders) or one week (tasks waiting for guidance).
    Marked sent only after the mail server accepted it."""

    class Kind(models.TextChoices):
        DAILY = "daily", _("Daily reminders")
        WAITING = "waiting", _("Weekly: tasks waiting for guidance")

    class State(models.TextChoices):
        PENDING = "pending", _("Waiting to be sent")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Sending failed, will be retried")
        EMPTY = "empty", _("Nothing left to send")

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="reminder_digests",
        verbose_name=_("recipient"),
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, default=Kind.DAILY)
    day = models.DateField(
        _("day"), help_text=_("The scan day; for the weekly digest, the Monday of its week.")
    )
    state = models.CharField(_("state"), max_length=16, choices=State.choices, default=State.PENDING)
    claim = models.UUIDField(_("claimed by scan"), null=True, blank=True, editable=False)
    email = models.EmailField(_("sent to"), blank=True)
    item_count = models.PositiveIntegerField(_("items"), default=0)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        verbose_name = _("reminder e-mail")
        verbose_name_plural = _("reminder e-mails")
        ordering = ["-day", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["recipient", "kind", "day"], name="reminder_digest_once_a_day"),
        ]
        indexes = [models.Index(fields=["state", "day"])]

    def __str__(self) -> str:
        return f"{self.recipient_id} – {self.kind} {self.day}"
