"""Sending a digest e-mail and recording how it went: what the daily and the weekly digests share."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import timezone

from tasks.models import ReminderDigest


def digest_email(
    *, subject: str, template: str, context: dict, to: str, connection=None
) -> EmailMultiAlternatives:
    """A digest e-mail: `template`.txt as its text, `template`.html as its HTML alternative."""
    message = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string(f"{template}.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[to],
        connection=connection,
    )
    message.attach_alternative(render_to_string(f"{template}.html", context), "text/html")
    return message


def email_send(message: EmailMultiAlternatives) -> Exception | None:
    """Hand the message to the mail server; what went wrong (refused, unreachable, timed out), or None."""
    try:
        message.send()
    except Exception as exc:
        return exc
    return None


def digest_record(digest: ReminderDigest, *, outcome, failure: Exception | None, at=None) -> None:
    """Record how sending a digest went: failed with the error (for a retry), or sent with its count."""
    if failure is not None:
        digest.state = ReminderDigest.State.FAILED
        digest.last_error = f"{type(failure).__name__}: {failure}"[:2000]
        digest.save(update_fields=["state", "attempts", "last_error"])
        return
    digest.state = ReminderDigest.State.SENT
    digest.sent_at = at or timezone.now()
    digest.email = outcome.email
    digest.item_count = len(outcome.items)
    digest.last_error = ""
    digest.save(update_fields=["state", "sent_at", "email", "item_count", "attempts", "last_error"])
