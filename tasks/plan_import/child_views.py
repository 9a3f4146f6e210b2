"""Reading a handed-in implementation plan into Plantrack (docs/domain.md §8.1): from the page of a submission
of a deliverable, the organization's own people or the parent plan's office let the plan importer read its
file (.docx, .txt, or a PDF with its text), review each task's proposed parent task (with the wording score)
and save it as a plan owned by that organization whose parent is the plan the submission answers. A file
that cannot be read stays what it was: an accepted file."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from organizations.access import Access
from plans.models import Plan
from tasks.access.selectors import submission_get_for_user
from tasks.models import Due, Submission, SubmissionFile
from tasks.plan_import.cascade import plan_propose_parent_tasks
from tasks.plan_import.child_forms import ChildPlanReviewForm, parent_field_name
from tasks.plan_import.reading import plan_parse_file
from tasks.plan_import.review import (
    ReviewTokenError,
    deadline_in_words,
    review_data,
    review_outline,
    review_save,
    review_tasks,
    review_token,
)

READABLE = (".docx", ".txt", ".pdf")


def readable_file(submission: Submission) -> SubmissionFile | None:
    """The submission's first file the plan importer reads, if any."""
    files = SubmissionFile.objects.active().filter(submission=submission).order_by("pk")
    return next((f for f in files if f.original_name.lower().endswith(READABLE)), None)


def may_read_plan(access: Access, submission: Submission) -> bool:
    """A deliverable's submission, read by the people who speak for the organization that handed it in or by
    the office of the committee whose plan it answers."""
    due = submission.due
    if due.kind != Due.Kind.DELIVERABLE or submission.withdrawn_at:
        return False
    return due.organization_id in access.own_org_ids or access.manages(due.plan.owner)


def _submission(request, pk: int) -> Submission:
    submission = submission_get_for_user(request.access, pk)
    if not may_read_plan(request.access, submission):
        raise PermissionDenied
    return submission


def _render(request, *, submission: Submission, data: dict, form, problems=(), status=200):
    rows = []
    for section in review_outline(data):
        tasks = []
        for entry in section.tasks:
            deadline = entry.task["deadline"]
            tasks.append(
                {
                    "number": entry.number,
                    "text": entry.task["text"],
                    "deadline": deadline_in_words(deadline, issuers={}),
                    "field": form[parent_field_name(entry.index)],
                    "score": entry.task.get("parent_task_score"),
                }
            )
        rows.append({"section": section, "tasks": tasks})
    context = {"submission": submission, "parent": submission.due.plan, "form": form, "sections": rows}
    context["problems"] = problems
    return render(request, "tasks/child_plan_review.html", context, status=status)


@login_required
@require_POST
def submission_read_plan(request, pk: int):
    submission = _submission(request, pk)
    stored = readable_file(submission)
    if stored is None:
        raise Http404
    parent = submission.due.plan
    try:
        with stored.file.open("rb") as handle:
            data = plan_parse_file(data=handle.read(), filename=stored.original_name)
    except Exception:  # a damaged or scanned file: several readers raise several kinds
        data = None
    if data is None or not review_tasks(data):
        messages.warning(
            request,
            _("Plantrack could not read a plan in “%(name)s”: the file stays handed in as a file.")
            % {"name": stored.original_name},
        )
        return redirect("submission_detail", pk=submission.pk)
    plan_propose_parent_tasks(data=data, parent=parent)
    initial = {
        "token": review_token(data=data, user_id=request.user.pk),
        "symbol": data["document"].get("symbol") or submission.document_symbol,
        "title": data["document"].get("title") or "",
        "period_start": parent.period_start,
        "period_end": parent.period_end,
    }
    initial |= {parent_field_name(e.index): e.task.get("parent_task") or "" for e in review_tasks(data)}
    form = ChildPlanReviewForm(initial=initial, parent=parent, task_count=len(review_tasks(data)))
    return _render(request, submission=submission, data=data, form=form)


def _taken_by_another(*, symbol: str, submission: Submission) -> bool:
    """Symbols are numbered per issuer: another organization's plan may carry the same one."""
    plans = Plan.objects.filter(document__symbol=symbol).exclude(owner_id=submission.due.organization_id)
    return plans.exists()


@login_required
@require_POST
def submission_read_plan_save(request, pk: int):
    submission = _submission(request, pk)
    try:
        data = review_data(token=request.POST.get("token", ""), user_id=request.user.pk)
    except ReviewTokenError:
        return render(request, "tasks/import_expired.html", status=400)
    parent = submission.due.plan
    entries = review_tasks(data)
    form = ChildPlanReviewForm(request.POST, parent=parent, task_count=len(entries))
    problems: list[str] = []
    if form.is_valid():
        cleaned = form.cleaned_data
        data["document"].update(symbol=cleaned["symbol"], title=cleaned["title"].strip())
        for entry in entries:
            entry.task["parent_task"] = cleaned[parent_field_name(entry.index)] or None
        data["parent"] = {"symbol": parent.document.symbol}
        if _taken_by_another(symbol=cleaned["symbol"], submission=submission):
            problems = [
                _("Another organization's plan has the symbol %(symbol)s.") % {"symbol": cleaned["symbol"]}
            ]
        else:
            result = review_save(
                data=data,
                owner=submission.due.organization,
                period=(cleaned["period_start"], cleaned["period_end"]),
                user=request.user,
            )
            if result.plan is not None:
                messages.success(
                    request,
                    _("Plan %(symbol)s saved as an implementation plan of %(parent)s.")
                    % {"symbol": result.plan.document.symbol, "parent": parent.document.symbol},
                )
                return redirect("plan_detail", pk=result.plan.pk)
            problems = result.errors
    return _render(request, submission=submission, data=data, form=form, problems=problems, status=400)
