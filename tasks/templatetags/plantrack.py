"""Template helpers shared by every page: state badges, deadline words, relative dates."""

import datetime

from django import template
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from tasks.models import Due
from tasks.planning.deadlines import deadline_words, due_owed_on

register = template.Library()

STATE_ICONS = {
    "waiting": "…",
    "open": "○",
    "overdue": "!",
    "submitted": "✓",
    "late": "⚠",
    "returned": "↩",
    "accepted": "✔",
    "not_applicable": "–",
}


@register.inclusion_tag("partials/state.html")
def state_badge(status: str, title: str = ""):
    """A due's state: colour, icon and word together, never colour alone (docs/domain.md §7)."""
    return {
        "status": status,
        "label": Due.Status(status).label,
        "icon": STATE_ICONS.get(status, ""),
        "title": title,
    }


@register.filter
def deadline(task) -> str:
    return deadline_words(task)


@register.simple_tag
def relative_hint(due_on: datetime.date | None, status: str = "", today=None) -> str:
    """ "còn 3 ngày", "đến hạn hôm nay", "quá hạn 5 ngày" for dues still owed; nothing otherwise."""
    if due_on is None or status in ("submitted", "late", "accepted"):
        return ""
    days = (due_on - (today or timezone.localdate())).days
    if days == 0:
        return _("due today")
    if days > 0:
        return ngettext("%(n)d day left", "%(n)d days left", days) % {"n": days}
    return ngettext("%(n)d day overdue", "%(n)d days overdue", -days) % {"n": -days}


@register.filter
def owed_on(due) -> datetime.date | None:
    """The date the organization works to now: the resubmission date once returned (issue 17 item 3)."""
    return due_owed_on(due)
