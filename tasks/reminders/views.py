"""Reminder pages: each person's own history, what was sent about a due (office staff), and a plan's
reminder policy (office staff of the plan's committee)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from tasks.access import selectors
from tasks.models import Reminder, ReminderPolicy
from tasks.reminders.forms import ReminderPolicyForm
from tasks.reminders.words import reminder_kind_words

HISTORY_PAGE = 30
DUE_PAGE = 50


def _describe(rows) -> list[Reminder]:
    for row in rows:
        row.kind_words = reminder_kind_words(row)
    return rows


def reminders_filtered(access, params):
    """The user's own reminders (tasks.access.selectors.reminders_for_user) with the history page's state
    filter, the newest first, as the page and its workbook (reports.lists) apply it; and the state read."""
    state = params.get("state", "")
    rows = selectors.reminders_for_user(access).select_related(
        "due__plan__document", "due__task", "due__organization"
    )
    if state in Reminder.State.values:
        rows = rows.filter(state=state)
    else:
        state = ""
    return rows.order_by("-claimed_on", "-pk"), state


@login_required
def reminder_history(request):
    rows, state = reminders_filtered(request.access, request.GET)
    page = Paginator(rows, HISTORY_PAGE).get_page(request.GET.get("page"))
    _describe(page.object_list)
    return render(
        request,
        "tasks/reminder_history.html",
        {
            "page": page,
            "state": state,
            "states": Reminder.State.choices,
            "query_string": f"state={state}" if state else "",
        },
    )


def due_reminders_listed(access, pk: int):
    """A due and every reminder about it, the newest first, for the office staff who follow it up (anyone else
    gets 404): the page and its workbook (reports.lists) read them from here."""
    due, rows = selectors.due_reminders_get_for_user(access, pk)
    return due, rows.select_related("recipient", "digest").order_by(
        "-claimed_on", "recipient__last_name", "pk"
    )


@login_required
def due_reminders(request, pk: int):
    due, rows = due_reminders_listed(request.access, pk)
    page = Paginator(rows, DUE_PAGE).get_page(request.GET.get("page"))
    _describe(page.object_list)
    context = {"due": due, "page": page}
    if request.htmx:
        return render(request, "tasks/partials/due_reminders.html", context)
    return render(request, "tasks/due_reminders.html", context)


@login_required
def reminder_policy(request, pk: int):
    plan = selectors.plan_get_for_user(request.access, pk, manage=True)
    policy = ReminderPolicy.objects.filter(plan=plan).first() or ReminderPolicy(plan=plan)
    form = ReminderPolicyForm(request.POST or None, instance=policy)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Reminder settings saved."))
        return redirect("reminder_policy", pk=plan.pk)
    return render(request, "tasks/reminder_policy.html", {"plan": plan, "form": form})
