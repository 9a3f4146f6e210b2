"""The grassroots secretary's pages: what the organization owes, submitting, history, the period report.

Clerks, deputies and committee members of an organization speak for it like its secretary
(tasks.access.selectors.can_submit: any membership of the organization itself).
"""

import functools

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Case, IntegerField, Min, Prefetch, Value, When
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect

from organizations.models import Organization
from plans.models import Plan
from tasks.access import selectors
from tasks.access.history import can_see_due_history, due_history
from tasks.models import Due, Review, Submission, SubmissionFile
from tasks.monitoring.statuses import period_words, status_counts, status_q
from tasks.notifications.services import notify_submission_received
from tasks.planning.deadlines import ONCE
from tasks.submissions import services as submissions
from tasks.submissions.forms import (
    PeriodReportForm,
    RequestSizeLimit,
    SubmissionForm,
    max_request_bytes,
    request_too_large_message,
)
from tasks.submissions.services import TransitionError

PAGE_SIZE = 30
SUBMITTABLE = (Due.State.OPEN, Due.State.RETURNED)


def limit_request_size(view):
    """Install RequestSizeLimit before anything reads the body, then check CSRF as usual.

    CsrfViewMiddleware reads request.POST, which would store every uploaded file first; so the view is
    exempted from the middleware and protected by csrf_protect once the handler is in place (the pattern
    Django documents for custom upload handlers).
    """
    protected = csrf_protect(view)

    @functools.wraps(view)
    @csrf_exempt
    def wrapper(request, *args, **kwargs):
        request.size_limit = None
        if request.method == "POST":
            request.size_limit = RequestSizeLimit(request, limit=max_request_bytes())
            request.upload_handlers.insert(0, request.size_limit)
        return protected(request, *args, **kwargs)

    return wrapper


def _too_large(request) -> str:
    """The message for a request over the size limit; reads the body first (that is when the limit is seen)."""
    request.POST  # noqa: B018 - parses the body through RequestSizeLimit
    handler = getattr(request, "size_limit", None)
    return request_too_large_message(handler) if handler is not None and handler.too_large else ""


def _own_dues(access):
    return selectors.dues_owed_by_own_organizations(access)


# --- what the organization owes ----------------------------------------------------------------------


def _int_or_none(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


@login_required
def due_list(request):
    access = request.access
    today = timezone.localdate()
    status = request.GET.get("status", "")
    if status not in (*Due.Status.values, "owed"):
        status = ""
    year = _int_or_none(request.GET.get("year"))
    plan_id = _int_or_none(request.GET.get("plan"))

    owed = _own_dues(access)
    scoped = owed
    if year:
        scoped = scoped.filter(due_on__year=year)
    if plan_id:
        scoped = scoped.filter(task__plan_id=plan_id)
    counts = status_counts(scoped, today)

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
    dues = dues.select_related("task__plan__document", "organization")
    page = Paginator(dues, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [{"due": due, "status": due.status_on(today)} for due in page.object_list]

    years = [d.year for d in owed.dates("due_on", "year", order="DESC")]
    plans = Plan.objects.filter(pk__in=owed.values("task__plan_id")).select_related("document")
    filters = {"status": status, "year": year or "", "plan": plan_id or ""}
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
        .prefetch_related(Prefetch("files", queryset=SubmissionFile.objects.active().order_by("pk")))
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


def _due_page(request, due: Due, *, form=None, template="tasks/due_detail.html", status=200):
    access = request.access
    versions = list(_versions(due))
    may_submit = selectors.can_submit(access, due) and due.state in SUBMITTABLE
    if may_submit and form is None:
        form = SubmissionForm()
    return render(
        request,
        template,
        {
            "due": due,
            "task": due.task,
            "plan": due.task.plan,
            "status": due.status,
            "versions": versions,
            "returned_review": _latest_return(versions) if due.state == Due.State.RETURNED else None,
            "may_submit": may_submit,
            "may_review": selectors.can_review(access, due),
            "form": form if may_submit else None,
            "history": due_history(due=due) if can_see_due_history(access, due) else None,
            "withdrawable": _withdrawable(access, due, versions),
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
        return _due_page(request, due, template="tasks/due_submit.html")

    too_large = _too_large(request)
    form = SubmissionForm(request.POST, request.FILES, request_too_large=too_large)
    if not form.is_valid():
        return _due_page(
            request, due, form=form, template="tasks/due_submit.html", status=413 if too_large else 200
        )
    resubmission = due.state == Due.State.RETURNED
    try:
        with transaction.atomic():
            submission = due_submit_and_notify(due=due, user=request.user, data=form.cleaned_data)
    except TransitionError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("due_detail", pk=due.pk)
    if resubmission:
        msg = _("Resubmitted: version %(version)d was sent to the committee office for review.")
    else:
        msg = _("Submitted: version %(version)d was sent to the committee office for review.")
    messages.success(request, msg % {"version": submission.version})
    return redirect("due_detail", pk=due.pk)


def due_submit_and_notify(*, due: Due, user, data: dict) -> Submission:
    submission = submissions.due_submit(
        due=due,
        user=user,
        text=data["text"],
        work_status=data["work_status"],
        document_symbol=data["document_symbol"],
        files=data["files"],
    )
    notify_submission_received(submission=submission)
    return submission


# --- history -------------------------------------------------------------------------------------------


@login_required
def submission_history(request):
    access = request.access
    year = _int_or_none(request.GET.get("year"))
    outcome = request.GET.get("outcome", "")
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
        submissions.select_related("due__task__plan__document", "due__organization", "submitted_by", "review")
        .prefetch_related(Prefetch("files", queryset=SubmissionFile.objects.active().order_by("pk")))
        .order_by("-submitted_at", "-pk")
    )
    page = Paginator(submissions, PAGE_SIZE).get_page(request.GET.get("page"))
    filters = {"year": year or "", "outcome": outcome}
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


def _report_periods(owed):
    """Reporting periods with something still to answer, earliest first."""
    rows = (
        owed.filter(state__in=SUBMITTABLE)
        .exclude(period=ONCE)
        .values("period")
        .annotate(first=Min("due_on"))
        .order_by("first", "period")
    )
    return [row["period"] for row in rows]


@login_required
@limit_request_size
def period_report(request):
    access = request.access
    organizations = list(Organization.objects.filter(pk__in=access.own_org_ids).order_by("name"))
    org_id = _int_or_none(request.GET.get("organization"))
    organization = next(
        (o for o in organizations if o.pk == org_id), organizations[0] if organizations else None
    )
    owed = _own_dues(access).filter(organization=organization) if organization else Due.objects.none()
    periods = _report_periods(owed)
    period = request.GET.get("period", "")
    if period not in periods:
        period = periods[0] if periods else ""
    dues = (
        owed.filter(period=period, state__in=SUBMITTABLE)
        .select_related("task__plan__document", "task__section", "organization")
        .order_by("task__plan__document__symbol", "task__position", "pk")
        if period
        else Due.objects.none()
    )
    dues = list(dues)
    context = {
        "organizations": organizations,
        "organization": organization,
        "periods": [(p, period_words(p)) for p in periods],
        "period": period,
        "period_label": period_words(period) if period else "",
        "today": timezone.localdate(),
    }
    if request.method != "POST":
        context["form"] = PeriodReportForm(dues=dues) if dues else None
        return render(request, "tasks/period_report.html", context)

    too_large = _too_large(request)
    # The dues answered are those shown when the form was opened; a due answered meanwhile elsewhere
    # makes the whole report fail rather than be answered twice.
    posted_ids = {_int_or_none(v) for v in request.POST.getlist("due")}
    shown = {due.pk for due in dues}
    form = PeriodReportForm(request.POST, request.FILES, dues=dues, request_too_large=too_large)
    context["form"] = form
    if posted_ids != shown:
        messages.error(
            request,
            _(
                "The items of this period changed while you were writing (one was answered or reopened). Check them and send again."
            ),
        )
        form.is_valid()  # shows what was typed against the current list
        return render(request, "tasks/period_report.html", context, status=409)
    if not form.is_valid():
        return render(request, "tasks/period_report.html", context, status=413 if too_large else 200)
    errors: dict[int, str] = {}
    try:
        with transaction.atomic():
            for due, text, work_status in form.answers():
                try:
                    due_submit_and_notify(
                        due=due,
                        user=request.user,
                        data={
                            "text": text,
                            "work_status": work_status,
                            "document_symbol": form.cleaned_data["document_symbol"],
                            "files": form.cleaned_data["files"],
                        },
                    )
                except ValidationError as exc:
                    errors[due.pk] = " ".join(exc.messages)
            if errors:
                raise _Rollback
    except _Rollback:
        # The rows are rolled back; the files already written go at the end of the request
        # (organizations.files.stored).
        for due_pk, message in errors.items():
            form.add_error(f"text_{due_pk}", message)
        messages.error(request, _("Nothing was submitted: correct the items marked below and send again."))
        return render(request, "tasks/period_report.html", context, status=409)
    messages.success(
        request,
        _("Period report sent: %(count)d items submitted for %(period)s.")
        % {"count": len(dues), "period": context["period_label"]},
    )
    return redirect("submission_history")


class _Rollback(Exception):
    """Undo every submission of a period report when one of them fails."""


urlpatterns = [
    path("dues/", due_list, name="due_list"),
    path("dues/<int:pk>/", due_detail, name="due_detail"),
    path("dues/<int:pk>/submit/", due_submit, name="due_submit"),
    path("submitted/", submission_history, name="submission_history"),
    path("period-report/", period_report, name="period_report"),
]
