"""A submission with every version of its due; accepting or returning it; downloading its files.

Office staff who may review (tasks.access.selectors.can_review) accept or return the latest unreviewed version.
The organization's own members (and anyone else whose scope covers it) see the same page read-only.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch, Q
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from organizations.audit.trail import history_wanted
from organizations.files.downloads import protected_file_response
from organizations.http import safe_next_url
from organizations.withdrawal.forms import WithdrawalForm
from tasks.access import selectors
from tasks.access.history import can_see_due_history, submission_history
from tasks.models import Due, Review, Submission, SubmissionFile
from tasks.plan_import.child_views import may_read_plan, readable_file
from tasks.submissions import services as submissions
from tasks.submissions.forms import ReviewForm
from tasks.submissions.services import TransitionError


def _queue_neighbours(access, submission: Submission) -> tuple[Submission | None, Submission | None]:
    """The previous and next submission in the user's review queue (oldest first) around this one."""
    queue = (
        selectors.submissions_awaiting_review(access)
        .exclude(pk=submission.pk)
        .select_related(None)
        .only("pk")
    )
    at = submission.submitted_at
    earlier = Q(submitted_at__lt=at) | Q(submitted_at=at, pk__lt=submission.pk)
    previous = queue.filter(earlier).order_by("-submitted_at", "-pk").first()
    following = queue.exclude(earlier).first()
    return previous, following


def _page(request, submission: Submission, *, return_form=None, status=200):
    access = request.access
    due = submission.due
    versions = list(
        Submission.objects.active()
        .filter(due=due)
        .select_related("submitted_by", "review__reviewer")
        .prefetch_related(Prefetch("files", queryset=SubmissionFile.objects.active().order_by("pk")))
        .order_by("-version")
    )
    latest = versions[0] if versions else None
    # A withdrawn version is not in the list any more; its own page still shows it, marked.
    current = next((v for v in versions if v.pk == submission.pk), submission)
    reviewable = (
        selectors.can_review(access, due)
        and latest is not None
        and current.pk == latest.pk
        and getattr(current, "review", None) is None
    )
    previous, following = _queue_neighbours(access, current) if reviewable else (None, None)
    return render(
        request,
        "tasks/submission_detail.html",
        {
            "submission": current,
            "due": due,
            "task": due.task,
            "plan": due.plan,
            "status": due.status,
            "versions": versions,
            "latest": latest,
            "reviewable": reviewable,
            "plan_file": readable_file(current) if may_read_plan(access, current) else None,
            "queue_previous": previous,
            "queue_next": following,
            "may_submit": selectors.can_submit(access, due),
            "returned_review": latest.review
            if latest is not None
            and due.state == Due.State.RETURNED
            and getattr(latest, "review", None) is not None
            else None,
            "accept_form": ReviewForm(initial={"decision": Review.Decision.ACCEPTED}) if reviewable else None,
            "return_form": (return_form or ReviewForm(initial={"decision": Review.Decision.RETURNED}))
            if reviewable
            else None,
            "next": safe_next_url(request),
            "history": submission_history(submission=current, full=history_wanted(request))
            if can_see_due_history(access, due)
            else None,
            "may_withdraw": submissions.submission_withdrawable(submission=current, access=access),
            "withdrawn_files": current.files.order_by("pk") if current.withdrawn_at else (),
        },
        status=status,
    )


@login_required
def submission_detail(request, pk: int):
    submission = selectors.submission_get_for_user(request.access, pk)
    return _page(request, submission)


@require_POST
@login_required
def submission_review(request, pk: int):
    access = request.access
    submission = selectors.submission_get_for_user(access, pk)
    if not selectors.can_review(access, submission.due):
        # They can see it (it is their organization's, or in their scope) but do not review it.
        raise PermissionDenied
    form = ReviewForm(request.POST)
    if not form.is_valid():
        return _page(request, submission, return_form=form)
    decision = form.cleaned_data["decision"]
    try:
        submissions.submission_review_and_notify(
            submission=submission,
            reviewer=request.user,
            decision=decision,
            reason=form.cleaned_data["reason"],
            resubmit_on=form.cleaned_data["resubmit_on"],
        )
    except TransitionError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("submission_detail", pk=submission.pk)
    except ValidationError as exc:
        form.add_error("reason", exc.messages[0] if exc.messages else "")
        return _page(request, submission, return_form=form)
    if decision == Review.Decision.RETURNED:
        messages.success(
            request,
            _("Returned to %(org)s with your reason; its members have been told.")
            % {"org": submission.due.organization.name},
        )
    else:
        messages.success(
            request, _("Accepted; %(org)s has been told.") % {"org": submission.due.organization.name}
        )
    return redirect(safe_next_url(request) or reverse("submission_detail", args=[submission.pk]))


@login_required
def submission_withdraw(request, pk: int):
    """The person who sent a version withdraws it before it is reviewed: confirm, give a reason."""
    access = request.access
    submission = selectors.submission_get_for_user(access, pk)
    if not submissions.submission_withdrawable(submission=submission, access=access):
        # They may see it (their organization's, or in their scope) but it is not theirs to withdraw (now).
        raise PermissionDenied
    form = WithdrawalForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            submissions.submission_withdraw(
                submission=submission, user=request.user, reason=form.cleaned_data["reason"]
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return redirect("submission_detail", pk=submission.pk)
        messages.success(request, _("Version %(version)d withdrawn.") % {"version": submission.version})
        return redirect("due_detail", pk=submission.due_id)
    return render(
        request,
        "tasks/submission_withdraw.html",
        {"submission": submission, "due": submission.due, "task": submission.due.task, "form": form},
    )


@login_required
def submission_file(request, pk: int):
    attached = selectors.submission_file_get_for_user(request.access, pk)
    return protected_file_response(
        request=request,
        field_file=attached.file,
        filename=attached.original_name,
        content_type=attached.content_type,
    )
