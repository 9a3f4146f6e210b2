"""Forms of the sign-in pages: the one-time code of two-step verification."""

from django import forms
from django.utils.translation import gettext_lazy as _


class TokenForm(forms.Form):
    token = forms.CharField(
        label=_("Verification code"),
        help_text=_("The 6-digit code your authenticator app shows now."),
        max_length=12,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True, "size": 8}
        ),
        error_messages={"required": _("Type the 6-digit code.")},
    )

    def clean_token(self) -> str:
        token = "".join(self.cleaned_data["token"].split())  # "123 456" as some apps show it
        if len(token) != 6 or not token.isdigit():
            raise forms.ValidationError(_("The code has 6 digits."))
        return token
