"""The periodic report's pages (tasks/submissions/report_lines.py): the organization fills its report in,
line by line, saves it as a draft and hands it in as a whole; the office and the Ban Tổ chức read, per task,
what every organization answered."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from organizations.files.limits import limit_request_size, request_too_large
from plans.periods import period_words
from tasks.access import selectors
from tasks.models import Due
from tasks.submissions.report_forms import SAVE, SUBMIT, ReportForm
from tasks.submissions.report_lines import (
    report_initial,
    report_save_draft,
    report_submit,
    report_tasks,
    task_answers,
)
from tasks.submissions.services import SUBMITTABLE, TransitionError


def _render(request, due, form, *, source="", status=200):
    return render(
        request,
        "tasks/report_form.html",
        {"due": due, "plan": due.plan, "form": form, "source": source, "today": timezone.localdate()},
        status=status,
    )


@login_required
@limit_request_size
def report_form(request, pk: int):
    access = request.access
    due = selectors.due_get_for_user(access, pk)
    if due.kind != Due.Kind.REPORT:
        raise Http404
    if not selectors.can_submit(access, due):
        raise PermissionDenied
    if due.state not in SUBMITTABLE:
        messages.info(
            request, _("This report has been handed in: it can be written again only if it is returned.")
        )
        return redirect("due_detail", pk=due.pk)
    tasks = report_tasks(due=due)
    if request.method != "POST":
        initial, source = report_initial(due=due)
        form = ReportForm(tasks=tasks, initial_lines=initial, requires_signed_pdf=due.requires_signed_pdf)
        return _render(request, due, form, source=source)
    action = SUBMIT if request.POST.get("action") == SUBMIT else SAVE
    too_large = request_too_large(request)
    form = ReportForm(
        request.POST,
        request.FILES,
        tasks=tasks,
        action=action,
        request_too_large=too_large,
        requires_signed_pdf=due.requires_signed_pdf,
    )
    if not form.is_valid():
        return _render(request, due, form, status=413 if too_large else 200)
    if action == SAVE:
        report_save_draft(due=due, lines=form.lines())
        messages.success(request, _("Draft saved. You can complete it and send it later."))
        return redirect("report_form", pk=due.pk)
    try:
        report_submit(
            due=due,
            user=request.user,
            lines=form.lines(),
            text=form.cleaned_data["text"],
            document_symbol=form.cleaned_data["document_symbol"],
            files=form.cleaned_data["files"],
        )
    except (ValidationError, TransitionError) as exc:
        messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
        return _render(request, due, form, status=409)
    messages.success(request, _("Report sent."))
    return redirect("due_detail", pk=due.pk)


@login_required
def task_report_answers(request, plan_pk: int, pk: int):
    """Organizations × state, with their results, for one task and one reporting period (office staff)."""
    task = selectors.task_get_for_user(request.access, pk, manage=True)
    if task.plan_id != plan_pk:
        raise Http404
    periods = list(
        Due.objects.filter(plan_id=plan_pk, kind=Due.Kind.REPORT)
        .order_by("due_on")
        .values_list("period", flat=True)
        .distinct()
    )
    periods = list(dict.fromkeys(periods))
    period = request.GET.get("period", "")
    if period not in periods:
        period = periods[0] if periods else ""
    return render(
        request,
        "tasks/task_answers.html",
        {
            "task": task,
            "plan": task.plan,
            "periods": [(p, period_words(p)) for p in periods],
            "period": period,
            "answers": task_answers(task=task, period=period) if period else [],
        },
    )
