"""The form behind every "Withdraw" button: a reason is required (organizations/withdrawal/base.py)."""

from django import forms
from django.utils.translation import gettext_lazy as _


class WithdrawalForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for withdrawal"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        help_text=_("Kept with the record and shown to everyone who can see it."),
    )

    def clean_reason(self):
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise forms.ValidationError(_("Give the reason for withdrawing it."))
        return reason
