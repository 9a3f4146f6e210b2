"""The review queue: every submission waiting for the office's review, the oldest first; accepting several
at once (each through the submissions service, notified as from its own page)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from organizations.reorganization.names import names_prefetch
from tasks.access import selectors
from tasks.submissions import services as submissions

PAGE_SIZE = 50


@login_required
def review_queue(request):
    access = request.access
    if not access.is_staff:
        raise PermissionDenied
    queue = selectors.submissions_awaiting_review(access)
    page = Paginator(queue, PAGE_SIZE).get_page(request.GET.get("page"))
    # Each row names its organization as on the due date (Due.organization_then): one query at most.
    names_prefetch((s.due.organization, s.due.due_on) for s in page.object_list)
    return render(request, "tasks/review_queue.html", {"page": page})


def _ids(values) -> list[int]:
    return [int(value) for value in values if value.isdigit()][:PAGE_SIZE]


@require_POST
@login_required
def review_queue_accept(request):
    access = request.access
    if not access.is_staff:
        raise PermissionDenied
    ids = _ids(request.POST.getlist("submission"))
    if not ids:
        messages.error(request, _("Tick the submissions to accept first."))
        return redirect("review_queue")
    chosen = selectors.submissions_awaiting_review(access).filter(pk__in=ids)
    accepted, skipped = submissions.submissions_accept_many(submissions=list(chosen), reviewer=request.user)
    missing = len(ids) - accepted - skipped
    messages.success(
        request,
        ngettext(
            "%(n)d submission accepted; the organizations have been told.",
            "%(n)d submissions accepted; the organizations have been told.",
            accepted,
        )
        % {"n": accepted},
    )
    if skipped + missing:
        messages.warning(
            request,
            ngettext(
                "%(n)d was no longer waiting for review and was left as it is.",
                "%(n)d were no longer waiting for review and were left as they are.",
                skipped + missing,
            )
            % {"n": skipped + missing},
        )
    return redirect("review_queue")
