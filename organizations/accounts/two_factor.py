"""Two-step verification: a time-based one-time password (TOTP, django-otp) after the password.

Anyone may switch it on from the account menu; a superuser must. What a signed-in session still owes is worked
out once, when the user signs in, and kept in the session (so ordinary pages cost no extra query):
- ``VERIFY``: the user has a confirmed device and has not typed a code in this session yet;
- ``SETUP``: a superuser without a device, who must set one up before anything else;
- ``DONE``: nothing owed.
SecondFactorMiddleware sends a session that owes something to the page that settles it, and nowhere else.
"""

import base64
import io
import math
from importlib import import_module
from urllib.parse import urlencode

import django_otp
import qrcode
import qrcode.image.svg
from django.conf import settings
from django.contrib import auth
from django.contrib.auth.signals import user_logged_in
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

SESSION_KEY = "plantrack_second_factor"
VERIFY = "verify"
SETUP = "setup"
DONE = "done"


def second_factor_owed(*, user) -> str:
    """What `user`, just signed in with a password, still owes: VERIFY, SETUP or DONE."""
    if TOTPDevice.objects.filter(user=user, confirmed=True).exists():
        return VERIFY
    if user.is_superuser:
        return SETUP
    return DONE


def second_factor_remember(*, request, user) -> str:
    owed = second_factor_owed(user=user)
    request.session[SESSION_KEY] = owed
    return owed


def second_factor_pending(*, request) -> str:
    """What the signed-in session still owes (DONE for anyone else)."""
    user = request.user
    if not user.is_authenticated:
        return DONE
    owed = request.session.get(SESSION_KEY)
    if owed is None:  # a session opened before two-step verification existed
        owed = second_factor_remember(request=request, user=user)
    if owed == VERIFY and user.is_verified():
        return DONE
    return owed


def _on_login(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        second_factor_remember(request=request, user=user)


def connect() -> None:
    """Called by the app's ready(): every way in (the login page, the admin's, a test's force_login) goes
    through django.contrib.auth.login, which sends user_logged_in."""
    user_logged_in.connect(_on_login, dispatch_uid="plantrack_second_factor")


def totp_device_get_confirmed(*, user) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()


def totp_device_start(*, user) -> TOTPDevice:
    """The device being set up: the one already shown to the user (the QR code stays the same when the page is
    reloaded), or a new one with a fresh secret."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="Plantrack", confirmed=False)
    return device


def totp_device_confirm(*, request, device: TOTPDevice, token: str) -> bool:
    """Switch two-step verification on when `token` is the code the user's app shows for `device`; the session
    counts as verified at once."""
    if not device.verify_token(token):
        return False
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    TOTPDevice.objects.filter(user=device.user, confirmed=False).delete()
    # Sessions opened with the password alone (someone who knew it, a forgotten computer) end now, as they do
    # when the password changes; this one goes on under a new key.
    request.session.cycle_key()
    sessions_end_others(request=request, user=device.user)
    django_otp.login(request, device)
    request.session[SESSION_KEY] = DONE
    return True


def sessions_end_others(*, request, user) -> int:
    """Ends every session of `user` but the request's own; returns how many ended.

    Sessions live in the database (the default engine, or cached_db): each is read to find whose it is, which
    is fine for an action a person takes once."""
    from django.contrib.sessions.models import Session

    engine = import_module(settings.SESSION_ENGINE)
    current = request.session.session_key
    theirs = [
        session.session_key
        for session in Session.objects.filter(expire_date__gt=timezone.now())
        .exclude(session_key=current)
        .iterator()
        if str(session.get_decoded().get(auth.SESSION_KEY)) == str(user.pk)
    ]
    for key in theirs:
        engine.SessionStore(session_key=key).delete()
    return len(theirs)


def totp_device_verify(*, request, token: str) -> bool:
    """Accept the signed-in user's code for this session."""
    device = totp_device_get_confirmed(user=request.user)
    if device is None or not device.verify_token(token):
        return False
    django_otp.login(request, device)
    request.session[SESSION_KEY] = DONE
    return True


def totp_device_remove(*, request, token: str) -> bool:
    """Switch two-step verification off (not for superusers), on a current code."""
    user = request.user
    device = totp_device_get_confirmed(user=user)
    if user.is_superuser or device is None or not device.verify_token(token):
        return False
    TOTPDevice.objects.filter(user=user).delete()
    request.session.pop(django_otp.DEVICE_ID_SESSION_KEY, None)
    request.session[SESSION_KEY] = DONE
    return True


def totp_wait_seconds(device: TOTPDevice | None) -> int:
    """Seconds before `device` accepts another code after repeated wrong ones (django-otp's throttling)."""
    if device is None:
        return 0
    allowed, data = device.verify_is_allowed()
    if allowed or not data or "locked_until" not in data:
        return 0
    return max(1, math.ceil((data["locked_until"] - timezone.now()).total_seconds()))


def secret_for_typing(device: TOTPDevice) -> str:
    """The secret in base32, in groups of four, for apps where it is typed instead of scanned."""
    secret = base64.b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def qr_code_data_uri(*, text: str) -> str:
    """`text` as a QR code: an SVG image in a data: URI (made here, no outside service; allowed by the CSP)."""
    image = qrcode.make(text, image_factory=qrcode.image.svg.SvgPathImage, box_size=8, border=2)
    buffer = io.BytesIO()
    image.save(buffer)
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


class SecondFactorMiddleware:
    """A signed-in session that still owes a code (or, for a superuser, a device) reaches only the page that
    settles it, the logout and the language switch; every other request, the admin's included, is sent there."""

    EXEMPT_NAMES = ("logout", "set_language", "healthz")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        owed = second_factor_pending(request=request)
        if owed != DONE:
            target = reverse("two_factor_verify" if owed == VERIFY else "two_factor_setup")
            exempt = {target, *(reverse(name) for name in self.EXEMPT_NAMES)}
            if request.path_info not in exempt:
                return self._send_to(request, target)
        return self.get_response(request)

    @staticmethod
    def _send_to(request, target: str):
        url = (
            f"{target}?{urlencode({'next': request.get_full_path()})}" if request.method == "GET" else target
        )
        if request.headers.get("HX-Request"):
            response = HttpResponse(status=204)
            response["HX-Redirect"] = url
            return response
        return redirect(url)
