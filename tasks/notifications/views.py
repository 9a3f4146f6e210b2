"""In-app notifications: the list, and marking them read."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from tasks.models import Notification
from tasks.notifications.services import mark_read


def notifications_listed(user):
    """The user's own notifications, nobody else's, the newest first: the list and its workbook
    (reports.lists) read them from here. The page has no filter."""
    return (
        Notification.objects.filter(recipient=user)
        .select_related(
            "due__plan__document", "due__organization", "due__task", "task__plan__document", "submission"
        )
        .order_by("-created_at", "-pk")
    )


@login_required
def notification_list(request):
    notes = notifications_listed(request.user)
    page = Paginator(notes, 25).get_page(request.GET.get("page"))
    return render(request, "tasks/notification_list.html", {"page": page})


@require_POST
@login_required
def notification_mark_read(request):
    mark_read(user=request.user)
    return redirect("notifications")
