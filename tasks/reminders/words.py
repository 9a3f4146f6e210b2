"""Reminders in words: days left or overdue, the in-app message, the kind of a reminder, links in e-mails."""

import datetime

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from tasks.models import Reminder


def days_words(*, due_on: datetime.date, today: datetime.date) -> str:
    """ "còn 3 ngày", "đến hạn hôm nay", "quá hạn 5 ngày"."""
    days = (due_on - today).days
    if days == 0:
        return _("due today")
    if days > 0:
        return ngettext("%(n)d day left", "%(n)d days left", days) % {"n": days}
    return ngettext("%(n)d day overdue", "%(n)d days overdue", -days) % {"n": -days}


def reminder_message(
    *, task: str, organization: str, due_on: datetime.date, today: datetime.date, escalation: bool
) -> str:
    values = {
        "task": task,
        "organization": organization,
        "date": due_on.strftime("%d/%m/%Y"),
        "when": days_words(due_on=due_on, today=today),
    }
    if escalation:
        return _(
            "Overdue in an organization you follow: %(organization)s – “%(task)s”, due %(date)s (%(when)s)."
        ) % (values)
    return _("Deadline reminder: “%(task)s” – %(organization)s, due %(date)s (%(when)s).") % values


def reminder_kind_words(reminder: Reminder) -> str:
    """ "7 ngày trước hạn", "Ngày đến hạn", "Quá hạn 14 ngày", "Báo cấp trên: quá hạn 7 ngày"."""
    days = abs(reminder.offset)
    if reminder.kind == Reminder.Kind.BEFORE:
        return ngettext("%(n)d day before the due date", "%(n)d days before the due date", days) % {"n": days}
    if reminder.kind == Reminder.Kind.DUE_DAY:
        return _("On the due date")
    if reminder.kind == Reminder.Kind.OVERDUE:
        return ngettext("Overdue by %(n)d day", "Overdue by %(n)d days", days) % {"n": days}
    return ngettext("Escalation: %(n)d day overdue", "Escalation: %(n)d days overdue", days) % {"n": days}


def absolute_url(path: str) -> str:
    return f"{settings.PLANTRACK_BASE_URL}{path}"
