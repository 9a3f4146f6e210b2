"""Forms of the sign-in pages: the login form, the one-time code of two-step verification."""

from django import forms
from django.contrib.auth import forms as auth_forms
from django.contrib.auth.forms import AuthenticationForm
from django.core.validators import MaxLengthValidator
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


class LoginForm(AuthenticationForm):
    """Django's login form, with the user name's length enforced: Django sets max_length after the field is
    built, so no validator checks it, and an overlong name reached django-axes, whose failure record (255
    characters) then broke on PostgreSQL with a server error."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["username"]
        field.validators.append(MaxLengthValidator(field.max_length))


class PasswordResetForm(auth_forms.PasswordResetForm):
    """Django's reset form, which sends nothing itself: each account the address belongs to gets its link
    from a Celery worker (organizations/accounts/reset.py)."""

    email = forms.EmailField(
        label=_("E-mail address"),
        max_length=254,
        help_text=_(
            "The address Plantrack writes to you at. If it belongs to an account, a link is sent there."
        ),
        widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True}),
        error_messages={
            "required": _("Type your e-mail address."),
            "invalid": _("This is not an e-mail address."),
        },
    )

    def save(self, *, base_url: str, **kwargs) -> list[int]:
        from organizations.tasks import send_password_reset

        queued = [user.pk for user in self.get_users(self.cleaned_data["email"])]
        for pk in queued:
            send_password_reset.delay(pk, base_url)
        return queued
