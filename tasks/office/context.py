"""What a due's page shows of the office's follow-up: the actions the office may take with their forms, what
it did already, and the comment thread, for those who take part in it (tasks/office/services.py)."""

from django.utils import timezone

from organizations.access import Access
from tasks.models import Due, DueAction
from tasks.office.forms import CommentForm, ExtendForm, NotApplicableForm
from tasks.office.services import due_may_comment, office_may_act
from tasks.reminders.policy import OWING_STATES


def due_office_context(access: Access, due: Due, forms: dict | None = None) -> dict:
    forms = forms or {}
    may_act, may_comment = office_may_act(access, due), due_may_comment(access, due)
    context = {"office_may_act": may_act, "may_comment": may_comment}
    if may_act or may_comment:
        context["office_actions"] = list(due.office_actions.select_related("by")[:20])
    if may_act:
        actions = context["office_actions"]
        context.update(
            owing=due.state in OWING_STATES,
            reminded_today=any(
                a.kind == DueAction.Kind.REMINDED and a.day == timezone.localdate() for a in actions
            ),
            extend_form=forms.get("extend_form") or ExtendForm(),
            not_applicable_form=forms.get("not_applicable_form") or NotApplicableForm(),
        )
    if may_comment:
        context["comments"] = list(due.comments.select_related("author"))
        context["comment_form"] = forms.get("comment_form") or CommentForm()
    return context
