"""The grassroots secretary's pages: what the organization owes, submitting, history, the period report.

Clerks, deputies and committee members of an organization speak for it like its secretary
(tasks.access.selectors.can_submit: any membership of the organization itself).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Case, IntegerField, Prefetch, Value, When
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from organizations.audit.trail import history_wanted
from organizations.files.limits import limit_request_size, request_too_large
from organizations.params import id_param, year_param
from organizations.reorganization.names import names_prefetch
from plans.models import Plan
from tasks.access import selectors
from tasks.access.history import can_see_due_history, due_history
from tasks.models import Due, ReportLine, Review, Submission, SubmissionFile
from tasks.monitoring.statuses import status_counts, status_q
from tasks.office.context import due_office_context
from tasks.submissions import drafts
from tasks.submissions import services as submissions
from tasks.submissions.forms import (
    SubmissionForm,
)
from tasks.submissions.services import SUBMITTABLE, TransitionError

PAGE_SIZE = 30


def _own_dues(access):
    return selectors.dues_owed_by_own_organizations(access)


# --- what the organization owes ----------------------------------------------------------------------


def due_list_filtered(access, params, today):
    """The to-do list with its filters (status, year, plan) as the page and its workbook apply them: the dues
    of the year and plan (for the counts), those listed in their order, and the filters read."""
    status = params.get("status", "")
    if status not in (*Due.Status.values, "owed"):
        status = ""
    year = year_param(params.get("year"))
    plan_id = id_param(params.get("plan"))
    scoped = _own_dues(access)
    if year:
        scoped = scoped.filter(due_on__year=year)
    if plan_id:
        scoped = scoped.filter(plan_id=plan_id)
    dues = scoped
    if status:
        dues = dues.filter(status_q(status, today))
    # What still needs doing first (returned, overdue, open), then the rest; each group by date.
    dues = dues.annotate(
        rank=Case(
            When(state=Due.State.RETURNED, then=Value(0)),
            When(state=Due.State.OPEN, due_on__lt=today, then=Value(1)),
            When(state=Due.State.OPEN, then=Value(2)),
            When(state=Due.State.SUBMITTED, then=Value(3)),
            default=Value(4),
            output_field=IntegerField(),
        )
    ).order_by("rank", "due_on", "task__position", "pk")
    dues = dues.select_related("plan__document", "task", "organization")
    return scoped, dues, {"status": status, "year": year or "", "plan": plan_id or ""}


@login_required
def due_list(request):
    access = request.access
    today = timezone.localdate()
    scoped, dues, filters = due_list_filtered(access, request.GET, today)
    counts = status_counts(scoped, today)
    owed = _own_dues(access)
    page = Paginator(dues, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [{"due": due, "status": due.status_on(today)} for due in page.object_list]

    years = [d.year for d in owed.dates("due_on", "year", order="DESC")]
    plans = Plan.objects.filter(pk__in=owed.values("plan_id")).select_related("document")
    return render(
        request,
        "tasks/due_list.html",
        {
            "page": page,
            "rows": rows,
            "counts": counts,
            "total": sum(counts[s] for s in Due.Status.values),
            "status_choices": [(value, label, counts[value]) for value, label in Due.Status.choices],
            "years": years,
            "plans": plans,
            "filters": filters,
            "filtered": any(filters.values()),
            "query_string": urlencode({k: v for k, v in filters.items() if v}),
            "several_orgs": len(access.own_org_ids) > 1,
            "today": today,
        },
    )


def _versions(due: Due):
    return (
        Submission.objects.active()
        .filter(due=due)
        .select_related("submitted_by", "review__reviewer")
        .prefetch_related(
            Prefetch("files", queryset=SubmissionFile.objects.active().order_by("pk")),
            Prefetch(
                "lines", queryset=ReportLine.objects.select_related("task").order_by("task__position", "pk")
            ),
        )
        .order_by("-version")
    )


def _latest_return(versions) -> Review | None:
    latest = versions[0] if versions else None
    review = getattr(latest, "review", None) if latest is not None else None
    return review if review is not None and review.decision == Review.Decision.RETURNED else None


def _withdrawable(access, due: Due, versions) -> Submission | None:
    """The latest version, if the person looking sent it and may still withdraw it."""
    latest = versions[0] if versions else None
    if latest is None or latest.submitted_by_id != access.user_id:
        return None
    latest.due = due
    return latest if submissions.submission_withdrawable(submission=latest, access=access) else None


def _due_page(
    request,
    due: Due,
    *,
    form=None,
    template="tasks/due_detail.html",
    status=200,
    draft=None,
    office_forms=None,
):
    access = request.access
    versions = list(_versions(due))
    may_submit = selectors.can_submit(access, due) and due.state in SUBMITTABLE
    if may_submit and form is None:
        form = SubmissionForm(due=due)
    return render(
        request,
        template,
        {
            "due": due,
            "task": due.task,
            "plan": due.plan,
            "status": due.status,
            "versions": versions,
            "returned_review": _latest_return(versions) if due.state == Due.State.RETURNED else None,
            "may_submit": may_submit,
            "may_review": selectors.can_review(access, due),
            "form": form if may_submit else None,
            "history": due_history(due=due, full=history_wanted(request))
            if can_see_due_history(access, due)
            else None,
            "withdrawable": _withdrawable(access, due, versions),
            # What was typed and chosen is kept on the server under this token (tasks/submissions/drafts.py).
            "draft": draft,
            "draft_token": draft.token if draft else drafts.draft_token(),
            **due_office_context(access, due, office_forms),
        },
        status=status,
    )


@login_required
def due_detail(request, pk: int):
    due = selectors.due_get_for_user(request.access, pk)
    return _due_page(request, due)


@login_required
@limit_request_size
def due_submit(request, pk: int):
    access = request.access
    due = selectors.due_get_for_user(access, pk)
    if not selectors.can_submit(access, due):
        # They may see the due (office staff, a superior organization) but do not speak for its organization.
        raise PermissionDenied
    if due.state not in SUBMITTABLE:
        messages.info(
            request, _("This item has already been submitted; you can resubmit only if it is returned.")
        )
        return redirect("due_detail", pk=due.pk)
    if request.method != "POST":
        draft = drafts.draft_load(token=request.GET.get(drafts.FIELD), user_id=request.user.pk, due_id=due.pk)
        form = SubmissionForm(initial=draft.fields, due=due) if draft else None
        return _due_page(request, due, form=form, template="tasks/due_submit.html", draft=draft)

    too_large = request_too_large(request)
    token = request.POST.get(drafts.FIELD)
    draft = drafts.draft_load(token=token, user_id=request.user.pk, due_id=due.pk)
    files = request.FILES
    if draft is not None and draft.files and not too_large and not request.FILES.getlist("files"):
        files = draft.uploads()  # the files chosen before an attempt that failed
    form = SubmissionForm(request.POST, files, request_too_large=too_large, due=due)
    valid = form.is_valid()
    # Kept on the server until the submission is saved: neither a refusal of another field nor a failure
    # from here on costs the files chosen (drafts.py).
    if valid or (form.cleaned_data.get("files") and "files" not in form.errors):
        token = drafts.draft_keep(
            token=token,
            user_id=request.user.pk,
            due_id=due.pk,
            data=form.cleaned_data,
            uploads=form.cleaned_data["files"],
        )
        draft = drafts.draft_load(token=token, user_id=request.user.pk, due_id=due.pk)
    if not valid:
        status = 413 if too_large else 200
        return _due_page(
            request, due, form=form, template="tasks/due_submit.html", status=status, draft=draft
        )
    request.retry_url = f"{reverse('due_submit', args=[due.pk])}?{urlencode({drafts.FIELD: token})}"
    resubmission = due.state == Due.State.RETURNED
    try:
        submission = submissions.due_submit_and_notify(
            due=due,
            user=request.user,
            text=form.cleaned_data["text"],
            work_status=form.cleaned_data["work_status"],
            document_symbol=form.cleaned_data["document_symbol"],
            files=form.cleaned_data["files"],
        )
    except TransitionError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("due_detail", pk=due.pk)
    if resubmission:
        msg = _("Resubmitted: version %(version)d was sent to the committee office for review.")
    else:
        msg = _("Submitted: version %(version)d was sent to the committee office for review.")
    transaction.on_commit(lambda: drafts.draft_delete(token=token))
    messages.success(request, msg % {"version": submission.version})
    return redirect("due_detail", pk=due.pk)


# --- history -------------------------------------------------------------------------------------------


def submissions_filtered(access, params):
    """The organization's submissions with the filters of its list (year, review outcome), newest first, as
    the page and its workbook apply them; and the filters read."""
    year = year_param(params.get("year"))
    outcome = params.get("outcome", "")
    submissions = Submission.objects.active().filter(due__organization_id__in=access.own_org_ids)
    if year:
        submissions = submissions.filter(submitted_at__year=year)
    if outcome == "pending":
        submissions = submissions.filter(review__isnull=True)
    elif outcome in Review.Decision.values:
        submissions = submissions.filter(review__decision=outcome)
    else:
        outcome = ""
    submissions = (
        submissions.select_related(
            "due__plan__document", "due__task", "due__organization", "submitted_by", "review"
        )
        .prefetch_related(Prefetch("files", queryset=SubmissionFile.objects.active().order_by("pk")))
        .order_by("-submitted_at", "-pk")
    )
    return submissions, {"year": year or "", "outcome": outcome}


@login_required
def submission_history(request):
    access = request.access
    submissions, filters = submissions_filtered(access, request.GET)
    page = Paginator(submissions, PAGE_SIZE).get_page(request.GET.get("page"))
    names_prefetch((s.due.organization, s.due.due_on) for s in page.object_list)  # Due.organization_then
    years = [
        d.year
        for d in Submission.objects.active()
        .filter(due__organization_id__in=access.own_org_ids)
        .dates("submitted_at", "year", order="DESC")
    ]
    return render(
        request,
        "tasks/submission_history.html",
        {
            "page": page,
            "filters": filters,
            "filtered": any(filters.values()),
            "years": years,
            "outcomes": [("pending", _("Waiting for review")), *Review.Decision.choices],
            "query_string": urlencode({k: v for k, v in filters.items() if v}),
            "several_orgs": len(access.own_org_ids) > 1,
        },
    )


# --- the period report ---------------------------------------------------------------------------------


@login_required
def period_report(request):
    """The menu's "Báo cáo kỳ": the earliest periodic report the person's organizations still owe, filled in
    line by line on its own page (tasks/submissions/report_views.py, docs/domain.md §6)."""
    due = (
        _own_dues(request.access)
        .filter(kind=Due.Kind.REPORT, state__in=SUBMITTABLE)
        .order_by("due_on", "organization__name", "pk")
        .first()
    )
    if due is None:
        messages.info(request, _("Your organization has no periodic report to write now."))
        return redirect("due_list")
    return redirect("report_form", pk=due.pk)
