"""Forms of the secretaries' pages (submitting for a due) and of the review; the periodic report's form is in
tasks/submissions/report_forms.py."""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from organizations.files.fields import MultipleFileField
from organizations.files.limits import MAX_FILES
from organizations.files.uploads import ALLOWED_LABEL, max_upload_bytes
from organizations.params import BoundedFormMixin
from tasks.models import Review, Submission
from tasks.submissions.services import resubmit_default
from tasks.submissions.signatures import signed_pdf_refusals

SIGNED_PDF_REQUIRED = _("This item requires a PDF with a valid digital signature.")

# A document's number and symbol as a secretary types it (docs/domain.md, 3): the number, then the symbol's
# parts joined by - / or . ("12-BC/ĐU", "05-KH/CB", "123/BC-UBND"). Nothing else, and never a leading
# = + - @ that a spreadsheet would run as a formula when the number is shown in a report's workbook.
DOCUMENT_NUMBER = re.compile(r"\d+\s*[-/]\s*[^\W_]+(?:\s*[-/.]\s*[^\W_]+)*")


def validate_document_number(value: str) -> None:
    if not DOCUMENT_NUMBER.fullmatch(value):
        raise ValidationError(
            _(
                "Write the document number as printed: the number, then its symbol, e.g. 12-BC/ĐU "
                "(letters, digits and - / . only)."
            ),
            code="document_number",
        )


def files_help_text() -> str:
    return _("%(types)s; at most %(size)d MB per file and %(count)d files. Hold Ctrl to choose several.") % {
        "types": ALLOWED_LABEL,
        "size": max_upload_bytes() // (1024 * 1024),
        "count": MAX_FILES,
    }


class SubmissionForm(forms.Form):
    text = forms.CharField(
        label=_("Content"),
        required=False,
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("What your organization did, or a short note about the attached files."),
    )
    work_status = forms.ChoiceField(
        label=_("State of the work"),
        choices=Submission.WorkStatus.choices,
        initial=Submission.WorkStatus.IN_PROGRESS,
        widget=forms.RadioSelect,
    )
    document_symbol = forms.CharField(
        label=_("Document number"),
        required=False,
        max_length=64,
        help_text=_("Optional: the number and symbol of the document you submit, e.g. 05-KH/ĐU."),
        validators=[validate_document_number],
    )
    files = MultipleFileField(label=_("Files"), max_files=MAX_FILES)

    def __init__(self, *args, request_too_large: str = "", due=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.request_too_large = request_too_large
        self.requires_signed_pdf = due is not None and due.requires_signed_pdf
        self.fields["files"].help_text = files_help_text()
        if self.requires_signed_pdf:
            self.fields["files"].help_text = f"{SIGNED_PDF_REQUIRED} {files_help_text()}"

    def clean(self):
        cleaned = super().clean()
        if self.request_too_large:
            self.add_error("files", self.request_too_large)
            return cleaned
        text = (cleaned.get("text") or "").strip()
        cleaned["text"] = text
        cleaned["document_symbol"] = (cleaned.get("document_symbol") or "").strip()
        if not text and not cleaned.get("files") and "files" not in self.errors:
            raise ValidationError(_("Write the content or attach at least one file."), code="empty")
        if self.requires_signed_pdf and "files" not in self.errors:
            for refusal in signed_pdf_refusals(required=True, uploads=cleaned.get("files") or ()):
                self.add_error("files", refusal)
        return cleaned


class ReviewForm(BoundedFormMixin, forms.Form):
    decision = forms.ChoiceField(choices=Review.Decision.choices, widget=forms.HiddenInput)
    reason = forms.CharField(
        label=_("Reason for returning"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required when returning: the organization sees it and corrects its submission."),
    )
    resubmit_on = forms.DateField(
        label=_("Resubmit by"),
        required=False,
        input_formats=["%d/%m/%Y", "%Y-%m-%d"],
        widget=forms.DateInput(
            format="%d/%m/%Y", attrs={"placeholder": "dd/mm/yyyy", "inputmode": "numeric"}
        ),
        help_text=_(
            "When returning: the day the corrected version is owed (a week from today unless you change it)."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["resubmit_on"].initial = resubmit_default()

    def clean(self):
        cleaned = super().clean()
        cleaned["reason"] = (cleaned.get("reason") or "").strip()
        resubmit_on = cleaned.get("resubmit_on")
        returned = cleaned.get("decision") == Review.Decision.RETURNED
        if returned and resubmit_on is not None and resubmit_on < timezone.localdate():
            self.add_error("resubmit_on", _("The resubmission date cannot be in the past."))
        if cleaned.get("decision") == Review.Decision.RETURNED and not cleaned["reason"]:
            self.add_error("reason", _("Give the reason for returning it."))
        return cleaned
