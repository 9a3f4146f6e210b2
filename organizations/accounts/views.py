"""Sign-in pages: the login page (password, then the code when one is owed) and two-step verification."""

from urllib.parse import urlencode

from axes.helpers import get_client_ip_address
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from organizations.accounts import reset, two_factor
from organizations.accounts.forms import LoginForm, PasswordResetForm, TokenForm
from organizations.http import safe_next_url


class LoginView(auth_views.LoginView):
    """Django's login (which gives django-axes the request it needs), then the code page when the user has
    two-step verification, or its setup page for a superuser without it."""

    form_class = LoginForm

    def form_valid(self, form):
        response = super().form_valid(form)
        owed = self.request.session.get(two_factor.SESSION_KEY)
        if owed in (two_factor.VERIFY, two_factor.SETUP):
            page = "two_factor_verify" if owed == two_factor.VERIFY else "two_factor_setup"
            return redirect(f"{reverse(page)}?{urlencode({'next': self.get_success_url()})}")
        return response


@login_required
def two_factor_verify(request):
    next_url = safe_next_url(request, reverse("home"))
    if two_factor.second_factor_pending(request=request) != two_factor.VERIFY:
        return HttpResponseRedirect(next_url)
    form = TokenForm(request.POST or None)
    device = two_factor.totp_device_get_confirmed(user=request.user)
    if request.method == "POST" and form.is_valid() and _may_try(form, device):
        if two_factor.totp_device_verify(request=request, token=form.cleaned_data["token"]):
            return HttpResponseRedirect(next_url)
        _refuse(form)
    return render(request, "organizations/two_factor_verify.html", {"form": form, "next": next_url})


@login_required
def two_factor_setup(request):
    user = request.user
    next_url = safe_next_url(request, reverse("two_factor_setup"))
    confirmed = two_factor.totp_device_get_confirmed(user=user)
    form = TokenForm(request.POST or None)
    if confirmed is not None:
        can_disable = not user.is_superuser
        if can_disable and request.method == "POST" and form.is_valid() and _may_try(form, confirmed):
            if two_factor.totp_device_remove(request=request, token=form.cleaned_data["token"]):
                messages.success(request, _("Two-step verification is off."))
                return redirect("two_factor_setup")
            _refuse(form)
        return render(
            request,
            "organizations/two_factor_setup.html",
            {"enabled": True, "form": form, "can_disable": can_disable},
        )

    device = two_factor.totp_device_start(user=user)
    if request.method == "POST" and form.is_valid() and _may_try(form, device):
        if two_factor.totp_device_confirm(request=request, device=device, token=form.cleaned_data["token"]):
            messages.success(
                request, _("Two-step verification is on: Plantrack will ask for a code each time you log in.")
            )
            return HttpResponseRedirect(next_url)
        _refuse(form)
    return render(
        request,
        "organizations/two_factor_setup.html",
        {
            "enabled": False,
            "form": form,
            "forced": two_factor.second_factor_pending(request=request) == two_factor.SETUP,
            "qr_code": two_factor.qr_code_data_uri(text=device.config_url),
            "secret": two_factor.secret_for_typing(device),
            "next": next_url,
        },
    )


def _may_try(form, device) -> bool:
    """False (with the reason on the form) while django-otp makes the user wait after wrong codes."""
    wait = two_factor.totp_wait_seconds(device)
    if wait:
        form.add_error(
            "token",
            _("Too many wrong codes: wait %(seconds)d seconds, then type the code your app shows.")
            % {"seconds": wait},
        )
    return not wait


def _refuse(form) -> None:
    form.add_error("token", _("This code is not right, or has expired: type the code your app shows now."))


class PasswordResetView(auth_views.PasswordResetView):
    """Asking for a reset link: throttled by address and by account (organizations/accounts/reset.py), the
    e-mail sent by a Celery worker. Whether an account has the address is never said."""

    form_class = PasswordResetForm
    template_name = "registration/password_reset_form.html"

    def form_valid(self, form):
        address = get_client_ip_address(self.request)
        email = form.cleaned_data["email"]
        if reset.password_reset_throttled(address=address, email=email):
            form.add_error(None, _("Too many password resets were asked for. Try again in an hour."))
            response = self.form_invalid(form)
            response.status_code = 429
            return response
        reset.password_reset_record(address=address, email=email)
        form.save(base_url=self.request.build_absolute_uri("/"))
        return HttpResponseRedirect(self.get_success_url())


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "registration/password_reset_confirm.html"
