"""Forms of the plan import: the document (a .docx or .txt file, or pasted text) and the review of what was
read from it (tasks/plan_import/review.py)."""

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.formats import number_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from organizations.files.uploads import max_upload_bytes, sniff
from organizations.params import BoundedFormMixin
from plans import symbols
from plans.forms import tree_choices
from plans.models import Plan
from plans.periods import plan_period_error
from tasks.access.selectors import plans_managed_by
from tasks.models import Task
from tasks.plan_import.reading import PlanReadError, characters_check, document_read
from tasks.plan_import.reading.tables import DocumentText

DATE_WIDGET = {"format": "%d/%m/%Y", "attrs": {"placeholder": "dd/mm/yyyy", "inputmode": "numeric"}}


def _owner_field(field: forms.ModelChoiceField, committees) -> None:
    field.queryset = committees.order_by("path")
    rows = list(field.queryset)
    field.choices = tree_choices(rows, blank="---------" if len(rows) != 1 else None)


class PlanSourceForm(forms.Form):
    """Step 1: the plan's document (or its text) and the committee whose plan it is."""

    document = forms.FileField(
        label=_("Plan document"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ".docx,.pdf,.txt"}),
    )
    text = forms.CharField(
        label=_("Or paste the plan's text"),
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 10, "spellcheck": "false"}),
        help_text=_("From “Số …-KH/…” to the signature, as in the document: one paragraph per line."),
    )
    owner = forms.ModelChoiceField(
        queryset=None,
        label=_("Issuing committee"),
        help_text=_(
            "The committee whose plan it is: its units and organizations are matched to the names in the text."
        ),
    )

    def __init__(self, *args, committees, **kwargs):
        super().__init__(*args, **kwargs)
        _owner_field(self.fields["owner"], committees)
        if not self.is_bound and len(self.fields["owner"].choices) == 1:
            self.initial.setdefault("owner", self.fields["owner"].choices[0][0])
        self.fields["document"].help_text = gettext(
            "A Word file (.docx), a PDF with its text, or a text file (.txt), at most %(limit)d MB."
        ) % {"limit": settings.PLANTRACK_MAX_UPLOAD_MB}

    def clean_document(self):
        upload = self.cleaned_data.get("document")
        if not upload:
            return None
        name = upload.name
        if upload.size > max_upload_bytes():
            raise ValidationError(
                gettext("“%(name)s” is %(size)s MB; the limit is %(limit)d MB per file.")
                % {
                    "name": name,
                    "size": number_format(upload.size / 1024 / 1024, 1),
                    "limit": settings.PLANTRACK_MAX_UPLOAD_MB,
                }
            )
        extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
        if extension == "doc":
            raise ValidationError(
                gettext("“%(name)s” is an old Word file (.doc): open it in Word and save it as .docx.")
                % {"name": name}
            )
        if extension not in ("docx", "pdf", "txt"):
            raise ValidationError(
                gettext(
                    "Upload the plan as a Word file (.docx), a PDF or a text file (.txt); “%(name)s” is none of "
                    "them."
                )
                % {"name": name}
            )
        if extension == "docx" and sniff(upload) != "docx":  # raises for a macro-enabled file
            raise ValidationError(
                gettext("“%(name)s” is named .docx but is not a Word document.") % {"name": name}
            )
        upload.seek(0)
        try:
            return document_read(data=upload.read(), filename=name)
        except PlanReadError as error:
            raise ValidationError(error.message) from error

    def clean_text(self):
        text = self.cleaned_data.get("text") or ""
        try:
            return characters_check(text, name=gettext("The pasted text"))
        except PlanReadError as error:
            raise ValidationError(error.message) from error

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        document, text = cleaned.get("document"), (cleaned.get("text") or "").strip()
        if document is not None and text:
            raise ValidationError(gettext("Upload a file or paste the text, not both."), code="both")
        source = document if document is not None else DocumentText(text=text)
        if not source.text.strip() and not source.tables:
            raise ValidationError(gettext("Upload the plan's document or paste its text."), code="empty")
        cleaned["source"] = source
        return cleaned


class PlanReviewForm(BoundedFormMixin, forms.Form):
    """Step 2, the plan itself: what the text says of it, and what only the person knows (owner, period)."""

    token = forms.CharField(widget=forms.HiddenInput)
    symbol = forms.CharField(
        label=_("Number and symbol"),
        max_length=60,
        help_text=_("As in “Số 62-KH/ĐUK”: number-TYPE/ISSUER."),
    )
    issued_on = forms.DateField(
        label=_("Date of issue"),
        required=False,
        widget=forms.DateInput(**DATE_WIDGET),
        help_text=_("dd/mm/yyyy; leave empty when the copy you have is undated."),
    )
    title = forms.CharField(label=_("Title"), widget=forms.Textarea(attrs={"rows": 2}))
    owner = forms.ModelChoiceField(queryset=None, label=_("Issuing committee"))
    period_start = forms.DateField(
        label=_("Period starts"),
        widget=forms.DateInput(**DATE_WIDGET),
        help_text=_("Dues are generated for the plan's period."),
    )
    period_end = forms.DateField(label=_("Period until"), widget=forms.DateInput(**DATE_WIDGET))
    update_existing = forms.BooleanField(
        label=_("Update the existing plan"),
        required=False,
        help_text=_(
            "Its tasks are updated in place: what was submitted is kept; tasks no longer in the text are "
            "removed unless something was submitted for them."
        ),
    )

    def __init__(self, *args, committees, access, **kwargs):
        super().__init__(*args, **kwargs)
        self.access = access
        _owner_field(self.fields["owner"], committees)
        self.existing: Plan | None = None

    def clean_symbol(self):
        try:
            return str(symbols.parse_symbol(self.cleaned_data["symbol"]))
        except symbols.SymbolError as error:
            raise ValidationError(str(error)) from error

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("period_start"), cleaned.get("period_end")
        if start and end and end < start:
            self.add_error("period_end", gettext("The period ends before it starts."))
        elif start and end and plan_period_error(start, end):
            self.add_error("period_end", plan_period_error(start, end))
        symbol = cleaned.get("symbol")
        if symbol:
            self.existing = plans_managed_by(self.access).filter(document__symbol=symbol).first()
            if self.existing is None and Plan.objects.filter(document__symbol=symbol).exists():
                self.add_error(
                    "symbol",
                    gettext(
                        "Another committee's plan has the number %(symbol)s; check the number and symbol."
                    )
                    % {"symbol": symbol},
                )
            elif self.existing is not None and not cleaned.get("update_existing"):
                self.add_error(
                    "update_existing",
                    gettext(
                        "Plan %(symbol)s is already in Plantrack. Tick “Update the existing plan” to update it "
                        "from this text, or correct the number and symbol."
                    )
                    % {"symbol": symbol},
                )
        return cleaned


class TaskReviewForm(BoundedFormMixin, forms.Form):
    """Step 2, one task: its wording, its deadline rule and who leads, coordinates and carries it out. The
    review page explains the fields once, above the tasks (their help would repeat on every task)."""

    text = forms.CharField(label=_("Task"), widget=forms.Textarea(attrs={"rows": 3}))
    kind = forms.ChoiceField(label=_("Deadline kind"), choices=Task.Kind.choices)
    due_on = forms.DateField(label=_("Due date"), required=False, widget=forms.DateInput(**DATE_WIDGET))
    precision = forms.ChoiceField(
        label=_("Precision"), required=False, choices=[("", "---------"), *Task.Precision.choices]
    )
    trigger = forms.CharField(label=_("Awaited"), required=False, max_length=255)
    lead = forms.CharField(label=_("Lead"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    coordinating = forms.CharField(
        label=_("Coordinating"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    assignees = forms.CharField(
        label=_("Carrying out"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Boxes as tall as what they hold, so that a long task or list can be read without scrolling it.
        for name, per_line in (("text", 130), ("lead", 45), ("coordinating", 45), ("assignees", 45)):
            value = str(self[name].value() or "")
            height = sum(1 + len(line) // per_line for line in value.splitlines() or [""])
            self.fields[name].widget.attrs["rows"] = max(2, min(height, 12))

    def clean(self):
        cleaned = super().clean()
        kind = cleaned.get("kind")
        if kind == Task.Kind.DATED:
            if not cleaned.get("due_on") and "due_on" not in self.errors:
                self.add_error("due_on", gettext("A dated task needs its due date."))
            if not cleaned.get("precision"):
                self.add_error(
                    "precision", gettext("Say whether the date is a day, a month, a quarter or a year.")
                )
        if kind == Task.Kind.TRIGGERED and not (cleaned.get("trigger") or "").strip():
            self.add_error("trigger", gettext("Say what the task waits for, e.g. “Tỉnh ủy có hướng dẫn”."))
        return cleaned


def task_review_formset(count: int):
    """A formset of exactly `count` task forms: a count changed in the browser is refused."""
    return forms.formset_factory(
        TaskReviewForm, extra=0, min_num=count, max_num=count, validate_min=True, validate_max=True
    )
