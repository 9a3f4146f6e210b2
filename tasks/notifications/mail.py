"""The e-mail that goes with the in-app notice when the office returns or accepts a submission, in the
style of the reminder digests (tasks/reminders/mail.py): text and HTML, in the committee's language, one
per member of the organization with an address. Sent once the review is committed (docs/architecture.md §5)."""

import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from organizations.people import person_name
from tasks.models import Review
from tasks.notifications.services import organization_members
from tasks.planning.deadlines import due_owed_on
from tasks.reminders.mail import digest_email, email_send
from tasks.reminders.words import absolute_url, days_words

log = logging.getLogger(__name__)


def review_mail_send(*, review_id: int) -> int:
    """E-mail the members of the organization whose submission was reviewed; the number sent."""
    review = Review.objects.select_related(
        "reviewer",
        "submission__due__organization",
        "submission__due__plan__document",
        "submission__due__task",
    ).get(pk=review_id)
    due = review.submission.due
    users = (
        get_user_model()
        .objects.filter(pk__in=organization_members(organization_ids=[due.organization_id]))
        .exclude(email="")
        .order_by("pk")
    )
    sent = 0
    with translation.override(settings.LANGUAGE_CODE):
        returned = review.decision == Review.Decision.RETURNED
        owed_on = due_owed_on(due) if returned else None
        context = {
            "review": review,
            "returned": returned,
            "due": due,
            "task": due.title,
            "organization": due.organization_then,  # as named on the due date
            "plan": due.plan.document.symbol,
            "reviewer": person_name(review.reviewer) or _("the office"),
            "owed_on": owed_on,
            "when": days_words(due_on=owed_on, today=timezone.localdate()) if owed_on else "",
            "url": absolute_url(reverse("due_detail", args=[due.pk])),
        }
        subject = (
            _("Plantrack: returned – %(task)s") if returned else _("Plantrack: accepted – %(task)s")
        ) % {"task": due.title}
        for user in users:
            message = digest_email(
                subject=subject,
                template="tasks/email/review_outcome",
                context={**context, "name": person_name(user)},
                to=user.email,
            )
            failure = email_send(message)
            if failure is not None:
                log.warning("review e-mail to user %s not sent: %s", user.pk, failure)
                continue
            sent += 1
    return sent
