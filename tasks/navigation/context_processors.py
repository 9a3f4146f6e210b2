"""Navigation fitted to the user's roles (docs/domain.md §1), and the unread notification count."""

from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _

from tasks.notifications.services import unread_count


def _items(request) -> list[dict]:
    access = request.access
    path = request.path
    entries: list[tuple[str, str]] = []
    if access.is_staff:
        entries += [
            (_("Overview"), reverse("dashboard")),
            (_("Documents"), reverse("document_list")),
            (_("Plans"), reverse("plan_list")),
            (_("Waiting for guidance"), reverse("waiting_list")),
            (_("Waiting for review"), reverse("review_queue")),
            (_("Reports"), reverse("report_list")),
        ]
    if access.is_supervisor:
        entries.append((_("Organizations in my charge"), reverse("supervision")))
    if access.has_own_organization:
        entries += [
            (_("To do"), reverse("due_list")),
            (_("Submitted"), reverse("submission_history")),
            (_("Period report"), reverse("period_report")),
        ]
        if not access.is_staff:  # staff reach the written reports from "Báo cáo"
            entries.append((_("Reports"), reverse("board_report_list")))
    if entries:
        # Everyone with a role receives reminders or escalations.
        entries.append((_("Reminders"), reverse("reminder_history")))
    if (
        request.user.is_superuser
    ):  # the reorganization pages are the administrator's (organizations/reorganization/)
        entries.append((_("Reorganizations"), reverse("reorganization_upload")))
    # The longest link that prefixes the path is the current page ("Chờ hướng dẫn" lives under "Kế hoạch").
    current = max((url for _label, url in entries if path.startswith(url)), key=len, default=None)
    return [{"label": label, "url": url, "active": url == current} for label, url in entries]


def navigation(request):
    if not getattr(request, "user", None) or not request.user.is_authenticated:
        return {}
    return {
        "nav_items": SimpleLazyObject(lambda: _items(request)),
        "unread_notifications": SimpleLazyObject(lambda: unread_count(user=request.user)),
    }
