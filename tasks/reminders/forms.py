"""The reminder policy form of a plan (office staff)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from organizations.params import BoundedFormMixin
from tasks.models import ReminderPolicy


class ReminderPolicyForm(BoundedFormMixin, forms.ModelForm):
    days_before = forms.CharField(
        label=_("Days before the due date"),
        required=False,
        max_length=60,
        help_text=_(
            "Whole numbers of days separated by commas, e.g. 7, 1. Leave empty for no reminder before."
        ),
    )

    class Meta:
        model = ReminderPolicy
        fields = ["is_active", "days_before", "on_due_date", "overdue_every", "escalate_after"]
        widgets = {
            "overdue_every": forms.NumberInput(attrs={"min": 0, "max": 365}),
            "escalate_after": forms.NumberInput(attrs={"min": 0, "max": 365}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial["days_before"] = ", ".join(str(d) for d in self.instance.days_before or [])

    def clean_days_before(self) -> list[int]:
        raw = self.cleaned_data["days_before"].replace(";", ",")
        days = []
        for part in (p.strip() for p in raw.split(",")):
            if not part:
                continue
            if not part.isdigit() or not 1 <= int(part) <= 365:
                raise forms.ValidationError(
                    _("“%(value)s” is not a number of days from 1 to 365.") % {"value": part}
                )
            days.append(int(part))
        return sorted(set(days), reverse=True)

    def clean_overdue_every(self) -> int:
        value = self.cleaned_data["overdue_every"]
        if value > 365:
            raise forms.ValidationError(_("At most 365 days."))
        return value

    def clean_escalate_after(self) -> int:
        value = self.cleaned_data["escalate_after"]
        if value > 365:
            raise forms.ValidationError(_("At most 365 days."))
        return value
