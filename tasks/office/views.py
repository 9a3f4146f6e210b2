"""The office's actions on a due, from its page and from the matrix, and the due's comment thread
(tasks/office/services.py). Each view parses, fetches through a scoped accessor, calls one service, and
redirects, or renders the due's page again with what was typed and the errors (docs/architecture.md §4)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from organizations.http import safe_next_url
from tasks.access import selectors
from tasks.models import DueAction
from tasks.office import services
from tasks.office.forms import CommentForm, ExtendForm, MatrixActionForm, NotApplicableForm


def _office_due(request, pk: int):
    due = selectors.due_get_for_user(request.access, pk)
    if not services.office_may_act(request.access, due):
        raise PermissionDenied  # they see the due (its organization, a superior) but do not follow it up
    return due


def _page_again(request, due, **forms):
    from tasks.submissions.views import _due_page

    return _due_page(request, due, office_forms=forms)


@login_required
@require_POST
def due_remind(request, pk: int):
    due = _office_due(request, pk)
    try:
        action = services.due_remind_now(due=due, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        if action is None:
            messages.info(request, _("Already reminded today: a reminder is sent once a day at most."))
        else:
            messages.success(request, _("Reminder sent to %(org)s.") % {"org": due.organization.name})
    return redirect(safe_next_url(request, reverse("due_detail", args=[due.pk])))


@login_required
@require_POST
def due_extend(request, pk: int):
    due = _office_due(request, pk)
    form = ExtendForm(request.POST)
    if form.is_valid():
        try:
            services.due_extend(
                due=due, by=request.user, until=form.cleaned_data["until"], reason=form.cleaned_data["reason"]
            )
        except ValidationError as exc:
            form.add_error("until", exc)
    if not form.is_valid():
        return _page_again(request, due, extend_form=form)
    messages.success(
        request,
        _("New deadline for %(org)s: %(date)s.")
        % {"org": due.organization.name, "date": f"{form.cleaned_data['until']:%d/%m/%Y}"},
    )
    return redirect("due_detail", pk=due.pk)


@login_required
@require_POST
def due_not_applicable(request, pk: int):
    due = _office_due(request, pk)
    form = NotApplicableForm(request.POST)
    if form.is_valid():
        try:
            services.due_mark_not_applicable(due=due, by=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            form.add_error(None, exc)
    if not form.is_valid():
        return _page_again(request, due, not_applicable_form=form)
    messages.success(request, _("Marked not applicable for %(org)s.") % {"org": due.organization.name})
    return redirect("due_detail", pk=due.pk)


@login_required
@require_POST
def due_comment(request, pk: int):
    access = request.access
    due = selectors.due_get_for_user(access, pk)
    if not services.due_may_comment(access, due):
        raise PermissionDenied
    form = CommentForm(request.POST)
    if form.is_valid():
        from_office = services.office_may_act(access, due)
        services.due_comment_add(
            due=due, author=request.user, text=form.cleaned_data["text"], from_office=from_office
        )
        messages.success(request, _("Message sent."))
        return redirect(reverse("due_detail", args=[due.pk]) + "#thread")
    return _page_again(request, due, comment_form=form)


@login_required
@require_POST
def matrix_act(request, pk: int):
    """One action on the organizations ticked in the matrix, for one column; back to the same matrix."""
    access = request.access
    plan = selectors.plan_get_for_user(access, pk, manage=True)
    back = safe_next_url(request, reverse("matrix", args=[plan.pk]))
    form = MatrixActionForm(request.POST)
    if not form.is_valid():
        errors = [message for messages_ in form.errors.values() for message in messages_]
        messages.error(request, " ".join(errors))
        return redirect(back)
    dues = (
        selectors.dues_for_user(access)
        .filter(form.column_q(), plan=plan, organization_id__in=form.cleaned_data["organizations"])
        .select_related("task", "plan__owner", "organization")
    )
    data = form.cleaned_data
    done, skipped = services.dues_act(
        dues=list(dues),
        by=request.user,
        kind=data["kind"],
        until=data.get("until"),
        reason=data.get("reason", ""),
    )
    words = {
        DueAction.Kind.REMINDED: ngettext(
            "%(n)d organization reminded.", "%(n)d organizations reminded.", done
        ),
        DueAction.Kind.EXTENDED: ngettext(
            "Deadline extended for %(n)d organization.", "Deadline extended for %(n)d organizations.", done
        ),
        DueAction.Kind.NOT_APPLICABLE: ngettext(
            "%(n)d organization marked not applicable.", "%(n)d organizations marked not applicable.", done
        ),
    }
    messages.success(request, words[data["kind"]] % {"n": done})
    if skipped:
        messages.info(
            request,
            ngettext(
                "%(n)d left as it was: already handed in, or already reminded today.",
                "%(n)d left as they were: already handed in, or already reminded today.",
                skipped,
            )
            % {"n": skipped},
        )
    return redirect(back)
