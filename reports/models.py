"""Reports: the statistics generated on request (`Report`), and the reports written and issued in Plantrack
(`BoardReport` and its frozen `BoardReportVersion`s, docs/domain.md §8.3).

A generated report records what was asked for, by whom, how far the generation got, and the stored file.

A report is computed from the data of the day it was asked for (``as_of``): overdue and late are judged on
that day, so the file says what the matrix said then. Files are served only through a view that checks the
reader's access (reports.views.report_download), never from a public media URL; so are an issued report's.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from organizations.models import Organization
from organizations.signatures.models import SignatureChecked
from plans.models import Document, Plan
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
        DOCX = "docx", "Word"
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


# --- The report the Board signs (docs/domain.md §8.3) ---------------------------------------------------------
class BoardReport(models.Model):
    """A report (báo cáo) written in Plantrack and issued: drafted from the data, edited by staff, then issued
    with a number and registered as a BC document. Not the statistics of `Report`, nor a secretary's periodic
    report as she answers it (tasks' ReportDraft): this is the document an organization signs and sends.

    `organization` is who issues it: the plan's committee (its office and Ban Tổ chức write it for the
    Standing Committee), or a grassroots organization reporting on its own work under the plan.

    The row is the version being written. Issuing freezes it as a BoardReportVersion (its text and both files);
    an edit after that starts the next version, and every issued version is kept.
    """

    class Kind(models.TextChoices):
        HALF_YEAR = "half_year", _("Half-year report")
        ANNUAL = "annual", _("Annual report")
        CUSTOM = "custom", _("Report over chosen dates")

    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        ISSUED = "issued", _("Issued")

    class Annex(models.TextChoices):
        ORGANIZATIONS = "organizations", _("Each organization: what it handed in and how far its tasks are")
        TASKS = "tasks", _("Each task: how many organizations have done it")

    plan = models.ForeignKey(
        Plan, on_delete=models.PROTECT, related_name="board_reports", verbose_name=_("plan")
    )
    organization = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        related_name="board_reports",
        verbose_name=_("issuing organization"),
    )
    kind = models.CharField(_("kind of report"), max_length=16, choices=Kind.choices)
    period = models.CharField(_("period"), max_length=32)
    period_start = models.DateField(_("from"))
    period_end = models.DateField(_("to"))
    language = models.CharField(_("language"), max_length=8, default="vi")
    state = models.CharField(_("state"), max_length=16, choices=State.choices, default=State.DRAFT)
    issued_version = models.PositiveIntegerField(
        _("versions issued"), default=0, help_text=_("0 until the report is issued.")
    )
    # The header (docs/domain.md §9).
    superior = models.CharField(_("superior body"), max_length=255, blank=True)
    issuer = models.CharField(_("issuing body"), max_length=255)
    number = models.CharField(
        _("number"), max_length=16, blank=True, help_text=_("Given when the report is issued.")
    )
    symbol_suffix = models.CharField(_("type and issuer"), max_length=32, help_text=_("E.g. BC/ĐUK."))
    place = models.CharField(_("place"), max_length=120)
    issued_on = models.DateField(_("date"))
    summary = models.TextField(_("summary"))
    # The body: [{"key", "heading", "text"}] in the order of the report's outline.
    sections = models.JSONField(_("sections"), default=list)
    recipients = models.TextField(_("recipients"), blank=True, help_text=_("One per line."))
    signature_authority = models.CharField(_("signing authority"), max_length=120, blank=True)
    signature_title = models.CharField(_("signer's title"), max_length=120, blank=True)
    signature_name = models.CharField(_("signer's name"), max_length=120, blank=True)
    annexes = models.JSONField(_("annexes"), default=list, blank=True)
    document = models.OneToOneField(
        Document,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="board_report",
        verbose_name=_("registered document"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("drafted by"),
    )
    created_at = models.DateTimeField(_("drafted at"), auto_now_add=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("last edited by"),
    )
    updated_at = models.DateTimeField(_("last edited at"), auto_now=True)

    class Meta:
        verbose_name = _("issued report")
        verbose_name_plural = _("issued reports")
        ordering = ["-period_end", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(period_end__gte=models.F("period_start")),
                name="boardreport_period_ordered",
            ),
        ]
        indexes = [models.Index(fields=["organization", "plan"])]

    def __str__(self) -> str:
        return f"{self.symbol} – {self.summary[:80]}"

    @property
    def symbol(self) -> str:
        return f"{self.number or '…'}-{self.symbol_suffix}"

    @property
    def is_committee_report(self) -> bool:
        return self.organization_id == self.plan.owner_id

    @property
    def version_in_progress(self) -> int:
        """The version the row holds: the one issued last, or the next one once edited after issuing."""
        return self.issued_version if self.state == self.State.ISSUED else self.issued_version + 1

    @property
    def recipient_list(self) -> list[str]:
        return [line.strip() for line in self.recipients.splitlines() if line.strip()]

    def section(self, key: str) -> dict | None:
        return next((s for s in self.sections if s.get("key") == key), None)


def board_version_path(instance: "BoardReportVersion", filename: str) -> str:
    return f"reports/issued/{instance.report_id}/{instance.version}/{filename}"


class BoardReportVersion(SignatureChecked):
    """One issued version of a report, frozen: what it said (`content`, the row's fields at issuing) and the
    files that went out. Never changed, never deleted; only its PDF may be replaced once, by the same PDF
    signed outside Plantrack, the PDF as issued then kept as `original_pdf` (reports.board.signed_copy)."""

    SIGNED_FILE_FIELD = "pdf"

    report = models.ForeignKey(
        BoardReport, on_delete=models.PROTECT, related_name="versions", verbose_name=_("report")
    )
    version = models.PositiveIntegerField(pgettext_lazy("issued report", "version"))
    symbol = models.CharField(_("number and symbol"), max_length=64)
    issued_on = models.DateField(_("date"))
    content = models.JSONField(_("content"))
    pdf = models.FileField(_("PDF file"), upload_to=board_version_path, max_length=255)
    docx = models.FileField(_("Word file"), upload_to=board_version_path, max_length=255)
    original_pdf = models.FileField(
        _("PDF file as issued"), upload_to=board_version_path, max_length=255, blank=True, editable=False
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
    pdf_sha256 = models.CharField(max_length=64)
    docx_sha256 = models.CharField(max_length=64)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        verbose_name=_("issued by"),
    )
    issued_at = models.DateTimeField(_("issued at"))
    submission = models.ForeignKey(
        "tasks.Submission",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("handed in as"),
        help_text=_("The version of the periodic report this file was handed in as, if it was."),
    )

    class Meta:
        verbose_name = _("issued version")
        verbose_name_plural = _("issued versions")
        ordering = ["report", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["report", "version"], name="boardreportversion_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.symbol} v{self.version}"

    def filename(self, extension: str) -> str:
        """The name a download is saved under: ASCII, the symbol and the version ("bao-cao_05-BC-DUK_v1.pdf")."""
        from organizations.text import fold

        return f"bao-cao_{fold(self.symbol).upper().replace('/', '-')}_v{self.version}.{extension}"
