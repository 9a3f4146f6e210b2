"""Documents, plans, their section tree and their reporting calendar."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from organizations.files.stored import stored_under
from organizations.models import Organization
from organizations.signatures.models import SignatureChecked
from organizations.text import fold
from organizations.withdrawal.base import Withdrawable
from plans import periods, symbols


class Document(Withdrawable):
    """A registered document (văn bản): number and symbol, type, issuer, date, summary.

    Never deleted: a document registered by mistake is withdrawn (organizations/withdrawal/base.py), and its
    symbol is then free to be registered again.
    """

    TYPE_CHOICES = [
        (code, f"{code} – {symbols.TYPE_NAMES[code][0].capitalize()}") for code in symbols.TYPE_CODES
    ]

    symbol = models.CharField(_("number and symbol"), max_length=64, db_index=True)
    number = models.CharField(_("number"), max_length=16)
    doc_type = models.CharField(_("type"), max_length=8, choices=TYPE_CHOICES, db_index=True)
    issuer_code = models.CharField(_("issuer code"), max_length=32)
    issuer = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="documents",
        verbose_name=_("issuing body"),
    )
    issued_on = models.DateField(_("issued on"), null=True, blank=True)
    # The committee whose office registered the document: only that office edits or withdraws it, and a
    # symbol is unique within its register only, so a superior's document is registered by each committee
    # that needs it without one blocking another (plans/selectors.py). Empty for rows older than the rule.
    registered_by = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="registered_documents",
        verbose_name=_("registered by"),
    )
    title = models.TextField(_("summary"), blank=True)
    stated_type = models.CharField(
        _("type as written"),
        max_length=8,
        choices=TYPE_CHOICES,
        blank=True,
        help_text=_(
            "The type word written before the symbol in the source, when it differs from the symbol."
        ),
    )
    # The type word the document is cited by when its code stands for two ("quy định" for a QĐ, which
    # otherwise reads "quyết định"): shown as written, never replaced by the code's first name.
    type_word = models.CharField(_("type word as written"), max_length=40, blank=True, editable=False)
    search_text = models.TextField(editable=False, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["-issued_on", "symbol"]
        # Only among documents in force: a withdrawn one does not block registering its symbol again.
        constraints = [
            models.UniqueConstraint(
                fields=["registered_by", "symbol", "issued_on"],
                condition=models.Q(withdrawn_at__isnull=True),
                name="document_unique_registered_symbol_date",
            ),
            # NULL dates are distinct in a unique index: an undated symbol needs its own constraint.
            models.UniqueConstraint(
                fields=["registered_by", "symbol"],
                condition=models.Q(issued_on__isnull=True, withdrawn_at__isnull=True),
                name="document_unique_registered_undated_symbol",
            ),
        ]

    def __str__(self) -> str:
        if self.issued_on:
            return f"{self.symbol} ({self.issued_on:%d/%m/%Y})"
        return self.symbol

    def save(self, *args, **kwargs):
        parsed = symbols.parse_symbol(self.symbol)
        self.symbol = str(parsed)
        self.number, self.doc_type, self.issuer_code = parsed.number, parsed.type, parsed.issuer
        stated = self.stated_type
        if (
            not self.type_word
            and stated
            and stated != self.doc_type
            and symbols.types_agree(stated, self.doc_type)
        ):
            self.type_word = symbols.TYPE_NAMES[stated][0]  # registered as "QĐi – Quy định"
        self.search_text = fold(f"{self.symbol} {self.title}")
        super().save(*args, **kwargs)

    @property
    def warning(self) -> str:
        """The stated-type problem, worded in the reader's language when it is read (never stored)."""
        return symbols.type_mismatch_warning(self.symbol, self.stated_type or None) or ""

    @property
    def type_name(self) -> str:
        """The document's type in words, as it is written: "quy định" for 213-QĐ/TW, "quyết định" for a QĐ
        cited without its word."""
        return self.type_word or symbols.TYPE_NAMES.get(self.doc_type, ("",))[0]


@stored_under("documents", owner="document_id")
def attachment_path(instance: "DocumentAttachment", filename: str) -> str:
    return f"documents/{instance.document_id}/{filename}"


class DocumentAttachment(Withdrawable, SignatureChecked):
    document = models.ForeignKey(
        Document, on_delete=models.PROTECT, related_name="attachments", verbose_name=_("document")
    )
    file = models.FileField(_("file"), upload_to=attachment_path, max_length=255)
    original_name = models.CharField(_("file name"), max_length=255)
    size = models.PositiveBigIntegerField(_("size"), default=0)
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("attached file")
        verbose_name_plural = _("attached files")

    def __str__(self) -> str:
        return self.original_name


class Plan(models.Model):
    """A plan (kế hoạch): a KH document with a section tree, tasks and a reporting calendar."""

    document = models.OneToOneField(
        Document, on_delete=models.PROTECT, related_name="plan", verbose_name=_("document")
    )
    owner = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        related_name="plans",
        verbose_name=_("issuing committee"),
        help_text=_("The committee whose plan this is; its office follows the plan."),
    )
    title = models.TextField(_("title"))
    place = models.CharField(_("place"), max_length=120, blank=True)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("plan implemented"),
        help_text=_(
            "The higher plan that this plan implements, for plans written by subordinate organizations."
        ),
    )
    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"))
    preamble = models.TextField(_("preamble"), blank=True)
    recipients = models.JSONField(_("recipients"), default=list, blank=True)
    signature_authority = models.CharField(_("signing authority"), max_length=120, blank=True)
    signature_title = models.CharField(_("signer's title"), max_length=120, blank=True)
    signature_name = models.CharField(_("signer's name"), max_length=120, blank=True)
    # The periodic reports' counterpart of Task.requires_signed_pdf (docs/domain.md §8.4).
    reports_require_signed_pdf = models.BooleanField(
        _("periodic reports require a signed PDF"),
        default=False,
        help_text=_("A periodic report without a PDF with a valid digital signature is refused."),
    )
    warnings = models.JSONField(_("warnings"), default=list, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("plan")
        verbose_name_plural = _("plans")
        ordering = ["-period_start", "document__symbol"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(period_end__gte=models.F("period_start")), name="plan_period_ordered"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.document.symbol} – {self.title[:80]}"

    @property
    def symbol(self) -> str:
        return self.document.symbol

    def years(self) -> range:
        return range(self.period_start.year, self.period_end.year + 1)

    def clean(self):
        super().clean()
        error = (
            self.period_start
            and self.period_end
            and periods.plan_period_error(self.period_start, self.period_end)
        )
        if error:
            raise ValidationError({"period_end": error})


class PlanReference(models.Model):
    """A document cited by a plan, as written there (symbol and type word), linked to the register."""

    class Role(models.TextChoices):
        IMPLEMENTS = "implements", _("Implements")
        BASIS = "basis", _("Basis")
        CITED = "cited", _("Cited")

    plan = models.ForeignKey(
        Plan, on_delete=models.CASCADE, related_name="references", verbose_name=_("plan")
    )
    document = models.ForeignKey(
        Document, on_delete=models.PROTECT, related_name="cited_by", verbose_name=_("document")
    )
    role = models.CharField(_("role"), max_length=16, choices=Role.choices)
    position = models.PositiveIntegerField(_("order"), default=0)
    written_as = models.CharField(_("written as"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("plan reference")
        verbose_name_plural = _("plan references")
        ordering = ["plan", "role", "position"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "document", "role"], name="planreference_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.plan.symbol} → {self.document.symbol} ({self.get_role_display()})"


class Section(models.Model):
    """A numbered heading of a plan (I, II, 1, 2.1 ...) with its own text."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="sections", verbose_name=_("plan"))
    parent = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("parent section"),
    )
    position = models.PositiveIntegerField(_("order"), default=0)
    label = models.CharField(_("number"), max_length=16)
    title = models.TextField(_("heading"))
    text = models.TextField(_("text"), blank=True)

    class Meta:
        verbose_name = _("section")
        verbose_name_plural = _("sections")
        ordering = ["plan", "position"]

    def __str__(self) -> str:
        return f"{self.label}. {self.title[:60]}"


class ReportingPeriod(models.Model):
    """A recurring report date of a plan: by default a half-year report on 15/6 and an annual one on 15/12."""

    class Kind(models.TextChoices):
        HALF_YEAR = periods.HALF_YEAR, _("Half-year")
        ANNUAL = periods.ANNUAL, _("Annual")
        QUARTER = periods.QUARTER, _("Quarterly")

    plan = models.ForeignKey(
        Plan, on_delete=models.CASCADE, related_name="reporting_periods", verbose_name=_("plan")
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    month = models.PositiveSmallIntegerField(_("month"))
    day = models.PositiveSmallIntegerField(_("day"))

    class Meta:
        verbose_name = _("reporting period")
        verbose_name_plural = _("reporting periods")
        ordering = ["plan", "month", "day"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "month", "day"], name="reportingperiod_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.day:02d}/{self.month:02d}"

    def on(self, year: int) -> datetime.date:
        """This period's date in `year`; 29/02 falls back to 28/02 outside leap years."""
        try:
            return datetime.date(year, self.month, self.day)
        except ValueError:
            return datetime.date(year, self.month, 28)

    def label_for(self, year: int) -> str:
        """The key of the due this date makes in `year` (plans.periods)."""
        return periods.due_period_key(kind=self.kind, year=year, month=self.month)
