"""Importing a plan from its document in the browser, for committee office staff: upload a .docx, .pdf or
.txt (or paste the text; a long one is read in the background while the page waits, background.py) → a review page showing everything read from it, every field editable → "Lưu kế hoạch"
saves it with its tasks and dues. Nothing is stored before that last step (tasks/plan_import/review.py)."""

import datetime

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from organizations.http import require_staff
from organizations.models import Organization
from tasks.access.selectors import committees_managed_by, plans_managed_by
from tasks.models import Due
from tasks.plan_import.background import reading_for_user, reading_start
from tasks.plan_import.forms import PlanReviewForm, PlanSourceForm, TaskReviewForm, task_review_formset
from tasks.plan_import.reading import plan_parse
from tasks.plan_import.reading.limits import BACKGROUND_CHARACTERS
from tasks.plan_import.review import (
    ReviewTokenError,
    deadline_in_words,
    period_guess,
    review_apply,
    review_data,
    review_deadline,
    review_outline,
    review_resolved,
    review_save,
    review_tasks,
    review_token,
)

TASKS_PREFIX = "tasks"
POLL_EVERY = "1500ms"  # htmx interval (a string: never localized as 1,5)
# Form fields the review page posts besides the tasks' own: token, the plan's fields, the management form.
PLAN_FIELDS = 20


def _date(value: str | None) -> datetime.date | None:
    return datetime.date.fromisoformat(value) if value else None


def _fits_one_request(task_count: int) -> bool:
    limit = settings.DATA_UPLOAD_MAX_NUMBER_FIELDS
    return limit is None or task_count * len(TaskReviewForm.base_fields) + PLAN_FIELDS <= limit


def _unreadable(data: dict) -> str | None:
    """Why a parsed plan cannot go to the review page, or None."""
    tasks = review_tasks(data)
    if not tasks:
        return _("No task was found in this text: is it a plan with numbered sections?")
    if not _fits_one_request(len(tasks)):
        return _(
            "This plan has %(count)d tasks, more than one review page can send back; import it with "
            "“manage.py import_plan”."
        ) % {"count": len(tasks)}
    return None


@login_required
def plan_import_upload(request):
    require_staff(request)
    committees = committees_managed_by(request.access)
    if request.method == "POST":
        form = PlanSourceForm(request.POST, request.FILES, committees=committees)
        if form.is_valid():
            document, owner = form.cleaned_data["source"], form.cleaned_data["owner"]
            if len(document.text) > BACKGROUND_CHARACTERS:
                reading = reading_start(user=request.user, owner=owner, document=document)
                return redirect("plan_import_reading", pk=reading.pk)
            data = plan_parse(text=document.text, tables=document.tables)
            problem = _unreadable(data)
            if problem is None:
                return _review_start(request, data=data, owner=owner)
            form.add_error(None, problem)
    else:
        form = PlanSourceForm(committees=committees)
    return render(request, "tasks/import_upload.html", {"form": form})


@login_required
def plan_import_reading(request, pk):
    """A long document being read in the background: the waiting page, then the review once it is read."""
    require_staff(request)
    reading = reading_for_user(user=request.user, pk=pk)
    if reading.status == reading.Status.DONE:
        problem = _unreadable(reading.result)
        if problem is None:
            return _review_start(request, data=reading.result, owner=reading.owner)
        form = PlanSourceForm(committees=committees_managed_by(request.access))
        form.add_error(None, problem)
        return render(request, "tasks/import_upload.html", {"form": form})
    return render(request, "tasks/import_reading.html", {"reading": reading, "poll_every": POLL_EVERY})


@login_required
def plan_import_reading_status(request, pk):
    """The status partial the waiting page polls; once the reading is finished it sends the page on."""
    require_staff(request)
    reading = reading_for_user(user=request.user, pk=pk)
    response = render(
        request, "tasks/partials/import_reading_status.html", {"reading": reading, "poll_every": POLL_EVERY}
    )
    if reading.status == reading.Status.DONE:
        response["HX-Redirect"] = reverse("plan_import_reading", args=[reading.pk])
    return response


def _review_start(request, *, data: dict, owner: Organization):
    """The review page for a freshly parsed plan: its names matched for `owner`, the period guessed."""
    access = request.access
    resolved, problems = review_resolved(data=data, owner=owner)
    symbol = data["document"].get("symbol") or ""
    existing = plans_managed_by(access).filter(document__symbol=symbol).first() if symbol else None
    if existing is not None:
        period = (existing.period_start, existing.period_end)
    else:
        period = period_guess(data, today=timezone.localdate())
    plan_form = PlanReviewForm(
        initial={
            "token": review_token(data=data, user_id=request.user.pk),
            "symbol": symbol,
            "issued_on": _date(data["document"].get("issued_on")),
            "title": data["document"].get("title") or "",
            "owner": owner.pk,
            "period_start": period[0],
            "period_end": period[1],
        },
        committees=committees_managed_by(access),
        access=access,
    )
    initial = []
    for entry in review_tasks(resolved):
        task, deadline = entry.task, entry.task["deadline"]
        initial.append(
            {
                "text": task["text"],
                "kind": deadline["kind"],
                "due_on": _date(deadline.get("due_on")),
                "precision": deadline.get("precision") or "",
                "trigger": deadline.get("trigger") or "",
                "lead": "\n".join(task["lead"]),
                "coordinating": "\n".join(task["coordinating"]),
                "assignees": "\n".join(task["assignees"]),
            }
        )
    formset = task_review_formset(len(initial))(initial=initial, prefix=TASKS_PREFIX)
    return _review_render(
        request,
        data=data,
        resolved=resolved,
        plan_form=plan_form,
        formset=formset,
        problems=problems,
        existing=existing,
    )


def _review_render(request, *, data, resolved, plan_form, formset, problems, existing, status=200):
    outline = review_outline(data)
    resolved_tasks = review_tasks(resolved)
    codes = {entry.task["deadline"].get("awaited_issuer") for entry in resolved_tasks} - {None}
    issuers = {org.code: org for org in Organization.objects.filter(code__in=codes)}
    forms = formset.forms
    sections = []
    for section in outline:
        rows = []
        for entry in section.tasks:
            deadline = resolved_tasks[entry.index].task["deadline"]
            form = forms[entry.index]
            if form.is_bound and form.is_valid():  # the rule as the person set it, if they changed it
                deadline = review_deadline(deadline, form.cleaned_data)
            rows.append(
                {
                    "key": entry.key,
                    "number": entry.number,
                    "form": form,
                    "parsed": entry.task,
                    "deadline": deadline,
                    "words": deadline_in_words(deadline, issuers=issuers),
                }
            )
        sections.append({"section": section, "tasks": rows})
    references = [{**ref, "date": _date(ref.get("issued_on"))} for ref in data.get("references", [])]
    return render(
        request,
        "tasks/import_review.html",
        {
            "data": data,
            "plan_form": plan_form,
            "formset": formset,
            "sections": sections,
            "task_count": len(resolved_tasks),
            "references": references,
            "flagged": [ref for ref in references if ref.get("warning")],
            "problems": problems,
            "existing": existing,
        },
        status=status,
    )


@login_required
def plan_import_review(request):
    require_staff(request)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    access = request.access
    try:
        data = review_data(token=request.POST.get("token", ""), user_id=request.user.pk)
    except ReviewTokenError:
        return render(request, "tasks/import_expired.html", status=400)
    count = len(review_tasks(data))
    committees = committees_managed_by(access)
    plan_form = PlanReviewForm(request.POST, committees=committees, access=access)
    formset = task_review_formset(count)(request.POST, prefix=TASKS_PREFIX)
    if formset.total_form_count() != count:  # one form per task read: a changed count was not our page
        return render(request, "tasks/import_expired.html", status=400)
    problems: list[str] = []
    plan_valid, tasks_valid = plan_form.is_valid(), formset.is_valid()
    owner = plan_form.cleaned_data.get("owner")
    if plan_valid and tasks_valid:
        cleaned = plan_form.cleaned_data
        edited = review_apply(
            data=data,
            symbol=cleaned["symbol"],
            issued_on=cleaned["issued_on"],
            title=cleaned["title"],
            tasks=[form.cleaned_data for form in formset.forms],
        )
        result = review_save(
            data=edited,
            owner=cleaned["owner"],
            period=(cleaned["period_start"], cleaned["period_end"]),
            user=request.user,
        )
        if result.plan is not None:
            plan = result.plan
            tasks = plan.tasks.count()
            messages.success(
                request,
                ngettext(
                    "Plan %(symbol)s saved: %(tasks)d task, %(dues)d dues.",
                    "Plan %(symbol)s saved: %(tasks)d tasks, %(dues)d dues.",
                    tasks,
                )
                % {
                    "symbol": plan.document.symbol,
                    "tasks": tasks,
                    "dues": Due.objects.filter(plan=plan).count(),
                },
            )
            if result.notes:
                messages.warning(
                    request,
                    ngettext(
                        "%(count)d assignee matched no organization: assign it on the task's page (see the "
                        "plan's warnings).",
                        "%(count)d assignees matched no organization: assign them on the tasks' pages (see the "
                        "plan's warnings).",
                        len(result.notes),
                    )
                    % {"count": len(result.notes)},
                )
            return redirect("plan_detail", pk=plan.pk)
        problems = result.errors
    resolved = data
    if owner is not None:
        resolved, first_problems = review_resolved(data=data, owner=owner)
        problems = problems or first_problems
    return _review_render(
        request,
        data=data,
        resolved=resolved,
        plan_form=plan_form,
        formset=formset,
        problems=problems,
        existing=plan_form.existing,
    )
