"""Tasks with their deadline rules, the units that carry them out, dues, submissions and reviews."""

import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from organizations.files.stored import stored_under
from organizations.models import Organization, SignatureChecked
from organizations.withdrawal.base import Withdrawable
from plans import periods
from plans.models import Document, Plan, Section
from tasks.planning.numbering import (
    NUMBER_MAX_LENGTH,
    SHORT_TITLE_FIELD_LENGTH,
    derived_short_title,
    parent_task_field,
    task_label,
)
from tasks.reorganization.transfer import Transferable


class Task(models.Model):
    class Kind(models.TextChoices):
        ONGOING = "ongoing", _("Ongoing")
        ANNUAL = "annual", _("Annual")
        DATED = "dated", _("Dated")
        TRIGGERED = "triggered", _("Triggered")

    class Precision(models.TextChoices):
        DAY = "day", _("Day")
        MONTH = "month", _("Month")
        QUARTER = "quarter", _("Quarter")
        YEAR = "year", _("Year")

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="tasks", verbose_name=_("plan"))
    section = models.ForeignKey(
        Section, on_delete=models.CASCADE, related_name="tasks", verbose_name=_("section")
    )
    position = models.PositiveIntegerField(_("order"), default=0)
    # From the task's place, set by tasks.planning.numbering.plan_number_tasks (docs/domain.md §4).
    number = models.CharField(_("number"), max_length=NUMBER_MAX_LENGTH, blank=True, editable=False)
    text = models.TextField(_("task"))
    short_title = models.CharField(
        _("short title"),
        max_length=SHORT_TITLE_FIELD_LENGTH,
        blank=True,
        help_text=_(
            "How the task is named on every page, e-mail and report. Leave empty for its first words."
        ),
    )

    # The deadline rule: exactly one kind, with the fields that kind uses (checked in clean()).
    kind = models.CharField(_("deadline kind"), max_length=16, choices=Kind.choices, default=Kind.ONGOING)
    kind_explicit = models.BooleanField(
        _("deadline written in the plan"),
        default=True,
        help_text=_("Unticked when the kind was inferred because the plan states no deadline: review it."),
    )
    deadline_source = models.CharField(_("deadline wording"), max_length=255, blank=True)
    due_on = models.DateField(
        _("due date"), null=True, blank=True, help_text=_("Dated tasks: the last day allowed.")
    )
    precision = models.CharField(_("precision"), max_length=8, choices=Precision.choices, blank=True)
    annual_month = models.PositiveSmallIntegerField(
        _("annual due month"),
        null=True,
        blank=True,
        help_text=_("Annual tasks: leave empty for the plan's annual report date."),
    )
    annual_day = models.PositiveSmallIntegerField(_("annual due day"), null=True, blank=True)
    trigger_text = models.CharField(_("awaited"), max_length=255, blank=True)
    awaited_issuer = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="awaited_by",
        verbose_name=_("awaited issuer"),
    )
    awaited_type = models.CharField(
        _("awaited document type"), max_length=8, choices=Document.TYPE_CHOICES, blank=True
    )
    lead_days = models.PositiveIntegerField(
        _("days after the guidance"),
        default=30,
        help_text=_("Triggered tasks fall due this many days after the awaited document's date."),
    )
    trigger_document = models.ForeignKey(
        Document,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="triggered_tasks",
        verbose_name=_("guidance received"),
    )
    requires_signed_pdf = models.BooleanField(
        _("requires a signed PDF"), default=False, help_text=_("Unsigned or invalid PDFs are refused.")
    )
    parent_task = parent_task_field()  # docs/domain.md §8.1

    class Meta:
        verbose_name = _("task")
        verbose_name_plural = _("tasks")
        ordering = ["plan", "position"]
        indexes = [models.Index(fields=["plan", "kind"])]

    def __str__(self) -> str:
        return self.label

    @property
    def title(self) -> str:
        """The short title: as the office typed it, else the first words of the text."""
        return self.short_title or derived_short_title(self.text)

    @property
    def label(self) -> str:
        """How a task is named: its number, then its short title ("II.2.3.a – Đổi mới nội dung")."""
        return task_label(number=self.number, title=self.title)

    def clean(self):
        from tasks.planning.deadlines import validate_rule

        validate_rule(self)


class TaskUnit(models.Model):
    """A unit named by a task as lead (chủ trì) or coordinating (phối hợp); the name is kept as written."""

    class Role(models.TextChoices):
        LEAD = "lead", _("Lead")
        COORDINATING = "coordinating", _("Coordinating")

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="units", verbose_name=_("task"))
    role = models.CharField(_("role"), max_length=16, choices=Role.choices)
    name = models.CharField(_("name as written"), max_length=255)
    organization = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="task_units",
        verbose_name=_("organization"),
    )
    position = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("task unit")
        verbose_name_plural = _("task units")
        ordering = ["task", "role", "position"]

    def __str__(self) -> str:
        return f"{self.get_role_display()}: {self.name}"


class Assignment(models.Model):
    """Who must carry a task out: one organization, or a group rule expanded to organizations."""

    class Scope(models.TextChoices):
        ONE = "one", _("This organization")
        CHILDREN = "children", _("Organizations directly under")
        SUBTREE = "subtree", _("Every organization under")

    task = models.ForeignKey(
        Task, on_delete=models.CASCADE, related_name="assignments", verbose_name=_("task")
    )
    label = models.CharField(_("as written"), max_length=255)
    scope = models.CharField(_("scope"), max_length=16, choices=Scope.choices, default=Scope.ONE)
    organization = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        related_name="assignments",
        verbose_name=_("organization"),
        help_text=_("The organization itself, or the anchor of the group rule."),
    )
    kinds = models.JSONField(
        _("kinds"), default=list, blank=True, help_text=_("Group rules: only organizations of these kinds.")
    )
    position = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        ordering = ["task", "position"]

    def __str__(self) -> str:
        return self.label


class Due(Transferable):
    """One obligation (docs/domain.md §6, obligations): a deliverable (a task with its own deadline, owed by
    an organization it is addressed to), a periodic report (one per organization and reporting period of the
    plan, naming no task) or own work (a task of the committee's own bodies, per reporting period).

    Only the workflow state is stored; overdue and late are computed from the dates. A triggered task has
    no dues until its awaited document is linked: "waiting" is shown for it, never stored.
    """

    class Kind(models.TextChoices):
        DELIVERABLE = "deliverable", _("Deliverable")
        REPORT = "report", _("Periodic report")
        OWN = "own", _("Own work")

    class State(models.TextChoices):
        OPEN = "open", _("Not yet due")
        SUBMITTED = "submitted", _("Submitted")
        RETURNED = "returned", _("Returned")
        ACCEPTED = "accepted", _("Accepted")
        NOT_APPLICABLE = "not_applicable", _("Not applicable")

    class Status(models.TextChoices):
        """What a person sees: the stored state refined by the dates."""

        WAITING = "waiting", _("Waiting for guidance")
        OPEN = "open", _("Not yet due")
        OVERDUE = "overdue", _("Overdue")
        SUBMITTED = "submitted", _("Submitted")
        LATE = "late", _("Submitted late")
        RETURNED = "returned", _("Returned")
        ACCEPTED = "accepted", _("Accepted")
        NOT_APPLICABLE = "not_applicable", _("Not applicable")

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="dues", verbose_name=_("plan"))
    kind = models.CharField(
        _("obligation"), max_length=16, choices=Kind.choices, default=Kind.DELIVERABLE, db_index=True
    )
    task = models.ForeignKey(
        Task, on_delete=models.CASCADE, null=True, blank=True, related_name="dues", verbose_name=_("task")
    )
    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="dues", verbose_name=_("organization")
    )
    period = models.CharField(
        _("period"), max_length=16, help_text=_("2023, 2023-H1, 2023-Q1, or 'once' for a single due.")
    )
    due_on = models.DateField(_("due date"), null=True, blank=True, db_index=True)
    state = models.CharField(
        _("state"), max_length=16, choices=State.choices, default=State.OPEN, db_index=True
    )
    first_submitted_at = models.DateTimeField(_("first submitted at"), null=True, blank=True)
    resubmit_on = models.DateField(_("resubmit by"), null=True, blank=True)  # see deadlines.due_owed_on
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("due")
        verbose_name_plural = _("dues")
        ordering = ["due_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["task", "organization", "period"],
                condition=models.Q(task__isnull=False),
                name="due_unique_period",
            ),
            models.UniqueConstraint(
                fields=["plan", "organization", "period"],
                condition=models.Q(kind="report"),
                name="due_unique_report",
            ),
            models.CheckConstraint(
                condition=models.Q(kind="report", task__isnull=True)
                | (~models.Q(kind="report") & models.Q(task__isnull=False)),
                name="due_task_unless_report",
            ),
        ]
        indexes = [
            models.Index(fields=["organization", "due_on"]),
            models.Index(fields=["state", "due_on"]),
            models.Index(fields=["plan", "kind"]),
            models.Index(fields=["plan", "due_on"]),  # the years a plan's dues fall in (plan_due_years)
        ]

    def __str__(self) -> str:
        # The period in words ("Một lần", not "once"): the audit trail keeps this as the entry's subject.
        return f"{self.organization} – {self.title} – {periods.period_words(self.period)}"

    def save(self, *args, **kwargs):
        # A task's due belongs to the task's plan: callers that name the task need not name the plan too.
        if self.plan_id is None and self.task_id is not None:
            self.plan_id = Task.objects.filter(pk=self.task_id).values_list("plan_id", flat=True).get()
        super().save(*args, **kwargs)

    @property
    def title(self) -> str:
        """How the obligation is named: its task's label, or the report's words ("Báo cáo kết quả thực hiện
        năm 2023")."""
        from tasks.planning.obligations import due_title

        return due_title(self)

    @property
    def named(self) -> str:
        """`title`, with the plan's symbol after a periodic report's words (tasks.planning.obligations)."""
        from tasks.planning.obligations import due_named

        return due_named(self)

    @property
    def requires_signed_pdf(self) -> bool:
        """A validly signed PDF must come with it: its task says so, or, for a periodic report, its plan."""
        if self.task_id:
            return self.task.requires_signed_pdf
        return self.kind == self.Kind.REPORT and self.plan.reports_require_signed_pdf

    @property
    def organization_then(self) -> str:
        """Who owed it, named as on its due date ("... (nay là ...)" when renamed since; docs/domain.md,
        "Reorganizations"). Lists read their names with ``names_prefetch``: no query per row."""
        return self.organization.name_then(self.due_on)

    @property
    def status(self) -> str:
        return self.status_on(timezone.localdate())

    def status_on(self, today: datetime.date) -> str:
        from tasks.planning.deadlines import due_status

        return due_status(
            state=self.state, due_on=self.due_on, first_submitted_at=self.first_submitted_at, today=today
        )


class Submission(Withdrawable):
    """One version of what an organization hands in for a due. Versions are never overwritten, nor deleted:
    a version sent by mistake is withdrawn (submissions.submission_withdraw)."""

    class WorkStatus(models.TextChoices):
        NOT_STARTED = "not_started", _("Not started")
        IN_PROGRESS = "in_progress", _("In progress")
        DONE = "done", _("Done")

    due = models.ForeignKey(Due, on_delete=models.PROTECT, related_name="submissions", verbose_name=_("due"))
    # With a context: Django's own "version" (its password hashers') is translated as itself.
    version = models.PositiveIntegerField(pgettext_lazy("submission", "version"))
    text = models.TextField(_("content"), blank=True)
    work_status = models.CharField(
        _("state of the work"), max_length=16, choices=WorkStatus.choices, default=WorkStatus.IN_PROGRESS
    )
    document_symbol = models.CharField(
        _("document number"),
        max_length=64,
        blank=True,
        help_text=_("The number of the submitted document, e.g. 05-KH/ĐU."),
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        related_name="submissions",
        verbose_name=_("submitted by"),
    )
    submitted_at = models.DateTimeField(_("submitted at"), default=timezone.now)

    class Meta:
        verbose_name = _("submission")
        verbose_name_plural = _("submissions")
        ordering = ["due", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["due", "version"], name="submission_unique_version"),
        ]

    def __str__(self) -> str:
        return f"{self.due} – v{self.version}"


@stored_under("submissions", owner="submission__due_id")
def submission_file_path(instance: "SubmissionFile", filename: str) -> str:
    return f"submissions/{instance.submission.due_id}/{instance.submission.version}/{filename}"


class SubmissionFile(Withdrawable, SignatureChecked):
    submission = models.ForeignKey(
        Submission, on_delete=models.PROTECT, related_name="files", verbose_name=_("submission")
    )
    file = models.FileField(_("file"), upload_to=submission_file_path, max_length=255)
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("content type"), max_length=120, blank=True)
    size = models.PositiveBigIntegerField(_("size"), default=0)
    sha256 = models.CharField(max_length=64, blank=True)

    class Meta:
        verbose_name = _("submitted file")
        verbose_name_plural = _("submitted files")

    def __str__(self) -> str:
        return self.original_name


class ReportLine(models.Model):
    """One task's line of a periodic report (docs/domain.md §6, obligations): the state of the work and a
    short result. Lines without a submission are the organization's draft of the report, not yet handed in;
    a submitted version keeps its own lines."""

    class State(models.TextChoices):
        NOT_STARTED = "not_started", _("Not started")
        IN_PROGRESS = "in_progress", _("In progress")
        DONE = "done", _("Done")
        NOT_APPLICABLE = "not_applicable", _("Not applicable")

    due = models.ForeignKey(Due, on_delete=models.CASCADE, related_name="report_lines", verbose_name=_("due"))
    submission = models.ForeignKey(
        Submission,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="lines",
        verbose_name=_("submission"),
    )
    task = models.ForeignKey(
        Task, on_delete=models.CASCADE, related_name="report_lines", verbose_name=_("task")
    )
    state = models.CharField(_("state of the work"), max_length=16, choices=State.choices, blank=True)
    result = models.TextField(_("result"), blank=True)
    figure = models.CharField(_("figures"), max_length=120, blank=True)

    class Meta:
        verbose_name = _("report line")
        verbose_name_plural = _("report lines")
        ordering = ["due", "task__position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["submission", "task"],
                condition=models.Q(submission__isnull=False),
                name="reportline_unique_in_version",
            ),
            models.UniqueConstraint(
                fields=["due", "task"],
                condition=models.Q(submission__isnull=True),
                name="reportline_unique_draft",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.due_id} – {self.task_id} – {self.state}"


class Review(models.Model):
    class Decision(models.TextChoices):
        ACCEPTED = "accepted", _("Accepted")
        RETURNED = "returned", _("Returned")

    submission = models.OneToOneField(
        Submission, on_delete=models.PROTECT, related_name="review", verbose_name=_("submission")
    )
    decision = models.CharField(_("decision"), max_length=16, choices=Decision.choices)
    reason = models.TextField(_("reason"), blank=True)
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        related_name="reviews",
        verbose_name=_("reviewer"),
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), default=timezone.now)

    class Meta:
        verbose_name = _("review")
        verbose_name_plural = _("reviews")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(decision="returned") | ~models.Q(reason=""),
                name="review_return_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.submission} – {self.get_decision_display()}"


class Notification(models.Model):
    """An in-app notice to one person. The wording is rendered at display time, in the reader's language."""

    class Kind(models.TextChoices):
        RETURNED = "returned", _("Submission returned")
        RECEIVED = "received", _("Submission received")
        ACCEPTED = "accepted", _("Submission accepted")
        ACTIVATED = "activated", _("Task activated")
        REMINDER = "reminder", _("Deadline reminder")
        REMINDED = "office_reminder", _("Reminded by the office")
        EXTENDED = "extended", _("Deadline extended")
        NOT_APPLICABLE = "not_applicable", _("Marked not applicable")
        COMMENT = "comment", _("Comment")

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notifications",
        verbose_name=_("recipient"),
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    due = models.ForeignKey(
        Due, on_delete=models.CASCADE, null=True, blank=True, related_name="+", verbose_name=_("due")
    )
    task = models.ForeignKey(
        Task, on_delete=models.CASCADE, null=True, blank=True, related_name="+", verbose_name=_("task")
    )
    submission = models.ForeignKey(
        Submission,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("submission"),
    )
    message = models.TextField(_("message"), blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now, db_index=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["recipient", "read_at"])]

    def __str__(self) -> str:
        return f"{self.recipient} – {self.get_kind_display()}"

    @property
    def subject(self) -> str:
        """What the notice is about: its due named with its plan, else the task it opens, else nothing."""
        if self.due_id:
            return self.due.named
        return self.task.label if self.task_id else ""


# The reminder models live in tasks/reminders/models.py (size limit); imported here so that `tasks.models`
# names every model of the app, as migrations and the audit trail expect.
from tasks.reminders.models import (  # noqa: E402
    DEFAULT_DAYS_BEFORE,
    DEFAULT_ESCALATE_AFTER,
    DEFAULT_OVERDUE_EVERY,
    Reminder,
    ReminderDigest,
    ReminderPolicy,
    default_days_before,
)

__all__ = [
    "DEFAULT_DAYS_BEFORE",
    "DEFAULT_ESCALATE_AFTER",
    "DEFAULT_OVERDUE_EVERY",
    "Assignment",
    "Due",
    "Notification",
    "PlanReading",
    "Reminder",
    "ReminderDigest",
    "ReminderPolicy",
    "ReportLine",
    "Review",
    "Submission",
    "SubmissionFile",
    "Task",
    "TaskUnit",
    "default_days_before",
]

# Models kept in their sub-packages (the app label stays tasks): the office's follow-up of a due, a person's
# calendar feed, the journal of due changes, a plan read in the background.
from tasks.calendar.models import CalendarFeed  # noqa: E402, F401
from tasks.monitoring.models import DueChange  # noqa: E402, F401
from tasks.office.models import DueAction, DueComment  # noqa: E402, F401
from tasks.plan_import.models import PlanReading  # noqa: E402
