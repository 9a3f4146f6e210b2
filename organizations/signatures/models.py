"""What the administrator installs for digital signatures (Hướng dẫn 03-HD/VPTW).

- ``TrustAnchor``: a root certificate whose chains Plantrack trusts, such as the root of the Party's and
  state's specialized certification authority. None is shipped: the administrator adds them in the admin.
- ``OrganizationCertificate``: an organization's own key (a PKCS#12 file), used in place of its seal to sign
  the documents Plantrack issues for it. The file's password is never stored: it comes from the environment
  (``PLANTRACK_SIGNING_PASSWORD``), so a copy of the database alone cannot sign.

Both keep what the admin lists (subject, expiry, fingerprint) in columns, filled from the certificate.
These models are imported by ``organizations.models``, so they belong to the ``organizations`` app.

``SignatureChecked`` is the abstract model of a stored file whose signatures were checked when it came in
(a submitted file, a document's attachment, an issued report): the outcome is kept on the file's row
(organizations.signatures.stored).
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from organizations.signatures import certificates


class TrustAnchor(models.Model):
    name = models.CharField(_("name"), max_length=200)
    certificate_pem = models.TextField(
        _("root certificate (PEM)"),
        help_text=_(
            "The certification authority's certificate, from -----BEGIN CERTIFICATE----- to -----END CERTIFICATE-----."
        ),
    )
    is_active = models.BooleanField(
        _("active"), default=True, help_text=_("Only active trust anchors are used to check signatures.")
    )
    subject = models.TextField(_("subject"), editable=False)
    not_after = models.DateTimeField(_("valid until"), editable=False)
    fingerprint = models.CharField(_("SHA-256 fingerprint"), max_length=64, unique=True, editable=False)
    added_at = models.DateTimeField(_("added at"), auto_now_add=True)

    class Meta:
        app_label = "organizations"
        verbose_name = _("trust anchor")
        verbose_name_plural = _("trust anchors")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        # Never store what is not a CA certificate, whoever saves: the columns come from the certificate.
        certificate = certificates.load_ca_certificate(self.certificate_pem)
        self.subject = certificates.subject_line(certificate)
        self.not_after = certificates.not_after(certificate)
        self.fingerprint = certificates.fingerprint(certificate)
        super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        try:
            certificate = certificates.load_ca_certificate(self.certificate_pem)
        except ValidationError as error:
            raise ValidationError({"certificate_pem": error.error_list}) from error
        same = TrustAnchor.objects.filter(fingerprint=certificates.fingerprint(certificate)).exclude(
            pk=self.pk
        )
        if same.exists():
            raise ValidationError(
                {
                    "certificate_pem": _("This certificate is already installed as “%(name)s”.")
                    % {"name": same[0].name}
                }
            )


class OrganizationCertificate(models.Model):
    organization = models.OneToOneField(
        "organizations.Organization",
        on_delete=models.CASCADE,
        related_name="signing_certificate",
        verbose_name=_("organization"),
    )
    # The PKCS#12 file as uploaded: private key and certificate, encrypted with PLANTRACK_SIGNING_PASSWORD.
    pkcs12 = models.BinaryField(_("PKCS#12 file"), editable=False)
    subject = models.TextField(_("subject"), editable=False)
    not_after = models.DateTimeField(_("valid until"), editable=False)
    fingerprint = models.CharField(_("SHA-256 fingerprint"), max_length=64, editable=False)
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("uploaded by"),
    )

    class Meta:
        app_label = "organizations"
        verbose_name = _("organization signing certificate")
        verbose_name_plural = _("organization signing certificates")

    def __str__(self) -> str:
        return str(self.organization)

    def set_pkcs12(self, data: bytes, password: bytes) -> None:
        """Keep `data` once it opens with `password` and holds a signing key; fill the listed columns."""
        key = certificates.load_signing_pkcs12(data, password)
        self.pkcs12 = bytes(data)
        self.subject = certificates.subject_line(key.certificate)
        self.not_after = certificates.not_after(key.certificate)
        self.fingerprint = certificates.fingerprint(key.certificate)


class SignatureStatus(models.TextChoices):
    """What checking a stored file's signatures found, in one word (the details are in its report)."""

    NOT_CHECKED = "not_checked", _("Not checked yet")
    NOT_PDF = "not_pdf", _("Not a PDF")
    UNSIGNED = "unsigned", _("No digital signature")
    VALID = "valid", _("Valid digital signature")
    INVALID = "invalid", _("Digital signature not valid")


class SignatureChecked(models.Model):
    """A stored file with the outcome of checking its signatures: `signature_report` holds one
    ``SignatureResult.as_dict()`` per signature (see organizations.signatures.stored)."""

    SIGNED_FILE_FIELD = "file"  # the FileField whose content is checked

    signature_status = models.CharField(
        _("digital signature"),
        max_length=16,
        choices=SignatureStatus.choices,
        default=SignatureStatus.NOT_CHECKED,
        editable=False,
    )
    signature_report = models.JSONField(_("signature check"), default=dict, blank=True, editable=False)
    signature_checked_at = models.DateTimeField(
        _("signatures checked at"), null=True, blank=True, editable=False
    )

    class Meta:
        abstract = True

    @property
    def signature_lines(self) -> list:
        """The check in words: one line per signature (organizations.signatures.stored.SignatureLine)."""
        from organizations.signatures.stored import signature_lines

        return signature_lines(status=self.signature_status, report=self.signature_report)
