"""Navigation fitted to the user's roles (UI.md), and the unread notification count."""

from django.urls import NoReverseMatch, reverse
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _

from .notifications import unread_count


def _url(name: str) -> str | None:
    try:
        return reverse(name)
    except NoReverseMatch:  # TODO(lead): remove once every page of the Web application issue exists
        return None


def _items(request) -> list[dict]:
    access = request.access
    path = request.path
    entries: list[tuple[str, str]] = []
    if access.is_staff:
        entries += [
            (_("Overview"), _url("dashboard")),
            (_("Documents"), _url("document_list")),
            (_("Plans"), _url("plan_list")),
            (_("Waiting for guidance"), _url("waiting_list")),
            (_("Reports"), _url("report_list")),
        ]
    if access.is_supervisor:
        entries.append((_("Organizations in my charge"), _url("supervision")))
    if access.has_own_organization:
        entries += [
            (_("To do"), _url("due_list")),
            (_("Submitted"), _url("submission_history")),
            (_("Period report"), _url("period_report")),
        ]
    return [{"label": label, "url": url, "active": path.startswith(url)} for label, url in entries if url]


def navigation(request):
    if not getattr(request, "user", None) or not request.user.is_authenticated:
        return {}
    return {
        "nav_items": SimpleLazyObject(lambda: _items(request)),
        "unread_notifications": SimpleLazyObject(lambda: unread_count(user=request.user)),
    }
