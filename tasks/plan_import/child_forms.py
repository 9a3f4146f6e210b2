"""The review form of an implementation plan read from a submitted file (tasks/plan_import/child_views.py):
the plan's symbol, title and period, and for each task the parent task it carries out."""

from django import forms
from django.utils.translation import gettext_lazy as _

from organizations.params import BoundedFormMixin
from plans import symbols
from plans.models import Plan
from tasks.plan_import.forms import DATE_WIDGET


def parent_field_name(index: int) -> str:
    return f"parent_{index}"


class ChildPlanReviewForm(BoundedFormMixin, forms.Form):
    token = forms.CharField(widget=forms.HiddenInput)
    symbol = forms.CharField(label=_("Number and symbol"), max_length=60, help_text=_("As in “Số 05-KH/ĐU”."))
    title = forms.CharField(label=_("Title"), widget=forms.Textarea(attrs={"rows": 2}))
    period_start = forms.DateField(label=_("Period starts"), widget=forms.DateInput(**DATE_WIDGET))
    period_end = forms.DateField(label=_("Period until"), widget=forms.DateInput(**DATE_WIDGET))

    def __init__(self, *args, parent: Plan, task_count: int, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", _("— none of them —"))]
        choices += [(task.number, task.label[:110]) for task in parent.tasks.order_by("position", "pk")]
        for index in range(task_count):
            self.fields[parent_field_name(index)] = forms.ChoiceField(
                label=_("Carries out"), choices=choices, required=False
            )

    def clean_symbol(self):
        try:
            return str(symbols.parse_symbol(self.cleaned_data["symbol"]))
        except symbols.SymbolError as error:
            raise forms.ValidationError(str(error)) from error

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("period_start"), cleaned.get("period_end")
        if start and end and end < start:
            self.add_error("period_end", _("The plan's period ends before it starts."))
        return cleaned
