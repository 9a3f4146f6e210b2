"""Generated reports: what was asked for, by whom, how far the generation got, and the stored file.

A report is computed from the data of the day it was asked for (``as_of``): overdue and late are judged on
that day, so the file says what the matrix said then. Files are served only through a view that checks the
reader's access (reports.views.report_download), never from a public media URL.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from organizations.models import Organization
from organizations.signatures.models import SignatureChecked
from plans.models import Plan
from plans.periods import period_parse


def report_file_path(instance: "Report", filename: str) -> str:
    return f"reports/{instance.created_at:%Y/%m}/{filename}"


class Report(SignatureChecked):
    """A report asked for. `file` is the issued file: as generated (signed by the organization's own key
    when one is installed), or the same file signed outside Plantrack and uploaded back, when the generated
    one is kept as `original_file` (reports.signing)."""

    class Kind(models.TextChoices):
        PLAN = "plan", _("Implementation of a plan")
        COMPLIANCE = "compliance", _("Compliance by organization")
        ORGANIZATION = "organization", _("An organization's own report")

    class Format(models.TextChoices):
        PDF = "pdf", "PDF"
        XLSX = "xlsx", "Excel"

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Being generated")
        DONE = "done", _("Ready")
        FAILED = "failed", _("Failed")

    PLAN_KINDS = (Kind.PLAN, Kind.COMPLIANCE)
    UNFINISHED = (Status.QUEUED, Status.RUNNING)
    # A worker that dies while generating gives the report back to the queue (acks_late); a report whose
    # generation kills every worker that takes it is given up after this many starts.
    MAX_ATTEMPTS = 3

    kind = models.CharField(_("report"), max_length=16, choices=Kind.choices)
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="reports", verbose_name=_("plan"))
    period = models.CharField(
        _("period"), max_length=32, help_text=_("2023, 2023-H1, or 2023-01-01..2023-06-30 for dates.")
    )
    period_start = models.DateField(_("from"))
    period_end = models.DateField(_("to"))
    organization = models.ForeignKey(
        Organization,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="reports",
        verbose_name=_("organization"),
        help_text=_("Only for an organization's own report."),
    )
    format = models.CharField(_("format"), max_length=8, choices=Format.choices, default=Format.PDF)
    language = models.CharField(_("language"), max_length=8, default="vi")
    as_of = models.DateField(_("figures as of"))
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.QUEUED, db_index=True
    )
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    attempts = models.PositiveSmallIntegerField(
        _("attempts"), default=0, help_text=_("How many times a worker has started generating it.")
    )
    error = models.TextField(_("error"), blank=True)
    file = models.FileField(_("file"), upload_to=report_file_path, max_length=255, blank=True)
    size = models.PositiveBigIntegerField(_("size"), default=0)
    original_file = models.FileField(
        _("file as generated"), upload_to=report_file_path, max_length=255, blank=True, editable=False
    )
    signed_uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("signed copy uploaded by"),
    )
    signed_uploaded_at = models.DateTimeField(
        _("signed copy uploaded at"), null=True, blank=True, editable=False
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reports",
        verbose_name=_("made by"),
    )
    created_at = models.DateTimeField(_("asked for at"), auto_now_add=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind="organization", organization__isnull=False)
                | (~models.Q(kind="organization") & models.Q(organization__isnull=True)),
                name="report_organization_only_for_its_kind",
            ),
            models.CheckConstraint(
                condition=models.Q(period_end__gte=models.F("period_start")), name="report_period_ordered"
            ),
        ]
        indexes = [models.Index(fields=["plan", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} – {self.plan_id} – {self.period}"

    @property
    def is_finished(self) -> bool:
        return self.status not in self.UNFINISHED

    @property
    def period_label(self) -> str:
        try:
            return period_parse(self.period).label
        except ValueError:
            return self.period

    @property
    def filename(self) -> str:
        """The name the download is saved under: readable, ASCII only (symbols carry Đ)."""
        from organizations.text import fold

        symbol = fold(self.plan.document.symbol).upper().replace("/", "-")
        parts = ["bao-cao", self.kind, symbol, self.period.replace("..", "_")]
        if self.organization_id:
            parts.append(self.organization.code)
        return "_".join(parts) + f".{self.format}"
