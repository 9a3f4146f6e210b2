"""Admin pages for trust anchors and organizations' signing certificates (registered by organizations.admin)."""

from django import forms
from django.conf import settings
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from organizations.signatures.models import OrganizationCertificate, TrustAnchor

PKCS12_MAX_BYTES = 64 * 1024  # a key, its certificate and a chain: a few kilobytes


def _expiry(value) -> str:
    text = date_format(timezone.localtime(value), "d/m/Y")
    return _("%(date)s (expired)") % {"date": text} if value < timezone.now() else text


@admin.register(TrustAnchor)
class TrustAnchorAdmin(admin.ModelAdmin):
    list_display = ["name", "subject", "valid_until", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["name", "subject", "fingerprint"]
    readonly_fields = ["subject", "not_after", "fingerprint", "added_at"]
    fields = ["name", "certificate_pem", "is_active", "subject", "not_after", "fingerprint", "added_at"]
    actions = ["recheck_stored_files"]

    @admin.display(description=gettext_lazy("valid until"), ordering="not_after")
    def valid_until(self, anchor: TrustAnchor) -> str:
        return _expiry(anchor.not_after)

    @admin.action(description=gettext_lazy("Check again the stored files not checked or found invalid"))
    def recheck_stored_files(self, request, queryset):
        """Files whose signer's authority was not trusted yet become valid once its anchor is installed."""
        from organizations.tasks import recheck_stored_signatures

        recheck_stored_signatures.delay()
        self.message_user(
            request,
            _(
                "The stored files not checked yet or found invalid are being checked again against the "
                "active trust anchors; their pages show the outcome."
            ),
        )


class OrganizationCertificateForm(forms.ModelForm):
    pkcs12_file = forms.FileField(
        label=gettext_lazy("PKCS#12 file (.p12, .pfx)"),
        required=False,
        help_text=gettext_lazy(
            "The organization's private key and certificate, protected by the password the server has in "
            "PLANTRACK_SIGNING_PASSWORD. The password itself is never stored here."
        ),
    )

    class Meta:
        model = OrganizationCertificate
        fields = ["organization"]

    def clean_pkcs12_file(self):
        upload = self.cleaned_data.get("pkcs12_file")
        if upload is None:
            if not self.instance.pk:
                raise ValidationError(_("Choose the organization's PKCS#12 file."))
            return None
        if not settings.PLANTRACK_SIGNING_PASSWORD:
            raise ValidationError(
                _(
                    "PLANTRACK_SIGNING_PASSWORD is not set on the server: set it, restart, then upload the file."
                )
            )
        if upload.size > PKCS12_MAX_BYTES:
            raise ValidationError(_("This file is too large to be a PKCS#12 file."))
        data = upload.read()
        self.instance.set_pkcs12(data, settings.PLANTRACK_SIGNING_PASSWORD.encode())
        if self.instance.not_after < timezone.now():
            raise ValidationError(_("This certificate has expired: it cannot sign."))
        return upload


@admin.register(OrganizationCertificate)
class OrganizationCertificateAdmin(admin.ModelAdmin):
    form = OrganizationCertificateForm
    list_display = ["organization", "subject", "valid_until", "uploaded_at"]
    search_fields = ["organization__name_folded", "organization__code", "subject"]
    autocomplete_fields = ["organization"]
    list_select_related = ["organization"]
    readonly_fields = ["subject", "not_after", "fingerprint", "uploaded_at", "uploaded_by"]

    @admin.display(description=gettext_lazy("valid until"), ordering="not_after")
    def valid_until(self, record: OrganizationCertificate) -> str:
        return _expiry(record.not_after)

    def save_model(self, request, obj, form, change):
        if form.cleaned_data.get("pkcs12_file") is not None:
            obj.uploaded_by = request.user
        super().save_model(request, obj, form, change)
