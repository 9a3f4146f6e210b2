"""In-app notifications: the list, and marking them read."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from tasks.models import Notification
from tasks.notifications.services import mark_read


@login_required
def notification_list(request):
    notes = (
        Notification.objects.filter(recipient=request.user)
        .select_related("due__organization", "due__task", "task__plan__document", "submission")
        .order_by("-created_at", "-pk")
    )
    page = Paginator(notes, 25).get_page(request.GET.get("page"))
    return render(request, "tasks/notification_list.html", {"page": page})


@require_POST
@login_required
def notification_mark_read(request):
    mark_read(user=request.user)
    return redirect("notifications")
