"""The periodic report's form (tasks/submissions/report_lines.py): one line per task, the report file."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from organizations.files.fields import MultipleFileField
from tasks.models import ReportLine
from tasks.submissions.forms import MAX_FILES, SIGNED_PDF_REQUIRED, files_help_text, validate_document_number
from tasks.submissions.report_lines import LineValue
from tasks.submissions.signatures import signed_pdf_refusals

SAVE, SUBMIT = "save", "submit"


class ReportForm(forms.Form):
    """Per task a state, a short result and optional figures; a note, the report's number and its signed
    file. Saving a draft asks for nothing; submitting asks for every state and the file."""

    text = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Optional: anything the report as a whole should say."),
    )
    document_symbol = forms.CharField(
        label=_("Document number"),
        required=False,
        max_length=64,
        help_text=_("Optional: the number and symbol of your report, e.g. 12-BC/ĐU."),
        validators=[validate_document_number],
    )
    files = MultipleFileField(label=_("Signed report file"), max_files=MAX_FILES)

    def __init__(
        self,
        *args,
        tasks,
        initial_lines=None,
        action: str = SAVE,
        request_too_large: str = "",
        requires_signed_pdf: bool = False,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.tasks = list(tasks)
        self.action = action
        self.request_too_large = request_too_large
        self.requires_signed_pdf = requires_signed_pdf  # the plan's (Due.requires_signed_pdf)
        self.fields["files"].help_text = files_help_text()
        if requires_signed_pdf:
            self.fields["files"].help_text = f"{SIGNED_PDF_REQUIRED} {files_help_text()}"
        initial_lines = initial_lines or {}
        for task in self.tasks:
            value = initial_lines.get(task.pk, LineValue())
            self.fields[f"state_{task.pk}"] = forms.ChoiceField(
                label=_("State of the work"),
                choices=[("", "—"), *ReportLine.State.choices],
                required=False,
                initial=value.state,
            )
            self.fields[f"result_{task.pk}"] = forms.CharField(
                label=_("Result"),
                required=False,
                max_length=4000,
                initial=value.result,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
            self.fields[f"figure_{task.pk}"] = forms.CharField(
                label=_("Figures"), required=False, max_length=120, initial=value.figure
            )

    @property
    def rows(self):
        """(task, state field, result field, figure field) in plan order, for the template."""
        return [
            (task, self[f"state_{task.pk}"], self[f"result_{task.pk}"], self[f"figure_{task.pk}"])
            for task in self.tasks
        ]

    def clean(self):
        cleaned = super().clean()
        if self.request_too_large:
            self.add_error("files", self.request_too_large)
            return cleaned
        if self.action != SUBMIT:
            return cleaned
        for task in self.tasks:
            if not cleaned.get(f"state_{task.pk}") and f"state_{task.pk}" not in self.errors:
                self.add_error(f"state_{task.pk}", _("Choose the state of this task."))
        if not cleaned.get("files") and "files" not in self.errors:
            self.add_error("files", _("Attach the signed report file."))
        elif self.requires_signed_pdf and "files" not in self.errors:
            for refusal in signed_pdf_refusals(required=True, uploads=cleaned["files"]):
                self.add_error("files", refusal)
        if self.errors:
            raise ValidationError(
                _("The report was not sent: complete the lines marked below."), code="incomplete"
            )
        return cleaned

    def lines(self) -> dict[int, LineValue]:
        data = self.cleaned_data
        return {
            task.pk: LineValue(
                data.get(f"state_{task.pk}") or "",
                (data.get(f"result_{task.pk}") or "").strip(),
                (data.get(f"figure_{task.pk}") or "").strip(),
            )
            for task in self.tasks
        }
