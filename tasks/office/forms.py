"""Forms of the office's actions on a due and of its comment thread (tasks/office/views.py)."""

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from organizations.params import BoundedFormMixin
from tasks.models import Due, DueAction
from tasks.office.services import COMMENT_MAX, REASON_MAX

DATE_INPUTS = ["%d/%m/%Y", "%Y-%m-%d"]


def _reason_field(help_text=""):
    return forms.CharField(
        label=_("Reason"),
        max_length=REASON_MAX,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Give the reason.")},
    )


class ExtendForm(BoundedFormMixin, forms.Form):
    prefix = "extend"
    until = forms.DateField(
        label=_("New deadline"),
        input_formats=DATE_INPUTS,
        widget=forms.TextInput(attrs={"placeholder": "dd/mm/yyyy", "inputmode": "numeric"}),
        error_messages={
            "required": _("Give the new deadline."),
            "invalid": _("Write the date as dd/mm/yyyy."),
        },
    )
    reason = _reason_field(_("Shown to the organization and kept in the history."))


class NotApplicableForm(forms.Form):
    prefix = "na"
    reason = _reason_field(_("Why this organization does not owe this item; shown to it."))


class CommentForm(forms.Form):
    prefix = "comment"
    text = forms.CharField(
        label=_("Message"),
        max_length=COMMENT_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Write the message.")},
    )


class MatrixActionForm(BoundedFormMixin, forms.Form):
    """One action on the organizations ticked in the matrix, for one of its obligation columns: a deliverable
    ("<task id>:<period>") or a periodic report ("0:<period>"), as the matrix keys them
    (tasks/monitoring/compliance.py Column.key)."""

    MAX_ORGANIZATIONS = 500

    kind = forms.ChoiceField(label=_("Action"), choices=DueAction.Kind.choices)
    column = forms.RegexField(
        label=_("Column"),
        regex=r"^\d{1,18}:[0-9A-Za-z-]{1,16}$",
        error_messages={"required": _("Choose the column."), "invalid": _("Choose the column.")},
    )
    until = forms.DateField(
        label=_("New deadline"),
        required=False,
        input_formats=DATE_INPUTS,
        widget=forms.TextInput(attrs={"placeholder": "dd/mm/yyyy", "inputmode": "numeric"}),
        error_messages={"invalid": _("Write the date as dd/mm/yyyy.")},
    )
    reason = forms.CharField(label=_("Reason"), required=False, max_length=REASON_MAX)

    def clean(self):
        data = super().clean()
        ids = [v for v in self.data.getlist("org") if v.isdigit() and len(v) <= 18]
        data["organizations"] = sorted({int(v) for v in ids})[: self.MAX_ORGANIZATIONS]
        if not data["organizations"]:
            self.add_error(None, _("Tick at least one organization in the matrix."))
        kind = data.get("kind")
        if kind == DueAction.Kind.EXTENDED and not data.get("until") and "until" not in self.errors:
            self.add_error("until", _("Give the new deadline."))
        needs_reason = kind in (DueAction.Kind.EXTENDED, DueAction.Kind.NOT_APPLICABLE)
        if needs_reason and not (data.get("reason") or "").strip():
            self.add_error("reason", _("Give the reason."))
        return data

    def column_q(self) -> Q:
        """The column's dues: a task's deliverables of that period, or the periodic report of that period."""
        task_id, period = self.cleaned_data["column"].split(":", 1)
        if int(task_id) == 0:
            return Q(kind=Due.Kind.REPORT, task__isnull=True, period=period)
        return Q(kind=Due.Kind.DELIVERABLE, task_id=int(task_id), period=period)
