"""Password reset by e-mail: throttled by the address that asks and by the account asked for, the e-mail sent
by a Celery worker (organizations/tasks.py), in Plantrack's own templates (docs/architecture.md §2)."""

import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from organizations.models import PasswordResetRequest

WINDOW = datetime.timedelta(hours=1)
PER_ADDRESS = 5  # resets one computer may ask for in WINDOW
PER_ACCOUNT = 3  # resets one e-mail address may be sent in WINDOW
KEPT = datetime.timedelta(days=1)


def password_reset_throttled(
    *, address: str | None, email: str, now: datetime.datetime | None = None
) -> bool:
    """Whether this address, or this e-mail address, asked for too many resets within the last hour."""
    since = (now or timezone.now()) - WINDOW
    recent = PasswordResetRequest.objects.filter(created_at__gte=since)
    if address and recent.filter(address=address).count() >= PER_ADDRESS:
        return True
    return recent.filter(email=email.strip().lower()).count() >= PER_ACCOUNT


def password_reset_record(*, address: str | None, email: str, now: datetime.datetime | None = None) -> None:
    """Count one reset asked for, and forget those older than a day."""
    now = now or timezone.now()
    PasswordResetRequest.objects.filter(created_at__lt=now - KEPT).delete()
    PasswordResetRequest.objects.create(address=address or None, email=email.strip().lower(), created_at=now)


def password_reset_email_send(*, user_id: int, base_url: str) -> bool:
    """Send the reset link to one active user with a usable password; False when there is nobody to send to.
    The link is made here, in the worker, so that no token waits in the queue."""
    user = get_user_model().objects.filter(pk=user_id, is_active=True).first()
    if user is None or not user.has_usable_password() or not user.email:
        return False
    link = base_url.rstrip("/") + reverse(
        "password_reset_confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    context = {"user": user, "link": link, "hours": settings.PASSWORD_RESET_TIMEOUT // 3600}
    with translation.override(settings.LANGUAGE_CODE):
        subject = render_to_string("registration/password_reset_subject.txt", context).strip()
        message = EmailMultiAlternatives(
            subject=" ".join(subject.split()),
            body=render_to_string("registration/password_reset_email.txt", context),
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[user.email],
        )
        message.attach_alternative(
            render_to_string("registration/password_reset_email.html", context), "text/html"
        )
    message.send()
    return True
