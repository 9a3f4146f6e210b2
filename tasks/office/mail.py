"""The e-mail of a reminder the office sends by hand (tasks/office/services.py due_remind_now), in the daily
digest's style (tasks/reminders/mail.py), to each active person of the organization that owes the due."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from organizations.people import person_name
from tasks.models import DueAction
from tasks.notifications.services import organization_members
from tasks.reminders.mail import digest_email
from tasks.reminders.words import absolute_url


def office_reminder_email_send(*, action_id: int) -> int:
    """Send the reminder of this action to the organization's people with an address; how many were sent."""
    action = (
        DueAction.objects.select_related("due__task", "due__plan__document", "due__organization", "by")
        .filter(pk=action_id, kind=DueAction.Kind.REMINDED)
        .first()
    )
    if action is None:
        return 0
    due = action.due
    people = get_user_model().objects.filter(
        pk__in=organization_members(organization_ids=[due.organization_id])
    )
    sent = 0
    with translation.override(settings.LANGUAGE_CODE):
        for person in people.exclude(email=""):
            context = {
                "name": person_name(person),
                "due": due,
                "title": due.title,
                "sender": person_name(action.by),
                "url": absolute_url(reverse("due_detail", args=[due.pk])),
            }
            subject = _("Reminder from the committee office: %(title)s") % {"title": due.title}
            digest_email(
                subject=subject, template="tasks/email/office_reminder", context=context, to=person.email
            ).send()
            sent += 1
    return sent
