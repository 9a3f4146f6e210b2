"""What the administrator installs for digital signatures (Hướng dẫn 03-HD/VPTW).

- ``TrustAnchor``: a root certificate whose chains Plantrack trusts, such as the root of the Party's and
  state's specialized certification authority. None is shipped: the administrator adds them in the admin.
- ``OrganizationCertificate``: an organization's own key (a PKCS#12 file), used in place of its seal to sign
  the documents Plantrack issues for it. The file's password is never stored: it comes from the environment
  (``PLANTRACK_SIGNING_PASSWORD``), so a copy of the database alone cannot sign.

Both keep what the admin lists (subject, expiry, fingerprint) in columns, filled from the certificate.
These models are imported by ``organizations.models``, so they belong to the ``organizations`` app.
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
