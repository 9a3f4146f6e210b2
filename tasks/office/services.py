"""The office's follow-up of a due (docs/domain.md, "office actions on an obligation"): remind now (a one-off
reminder, logged, never twice the same day), extend the deadline for one organization (with a reason),
mark it "không áp dụng" (with a reason), and the comment thread between the office and the organization,
each notified to the other side. Every write here is audited: the due's own fields by the audit trail
(tasks/apps.py), each action by its DueAction row."""

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from organizations.access import Access
from tasks.access.selectors import can_review, can_submit
from tasks.models import Due, DueAction, DueComment, Notification
from tasks.monitoring.journal import counted, journal_record
from tasks.notifications.services import committee_staff, notify, organization_members
from tasks.reminders.policy import OWING_STATES

REASON_MAX = 1000
COMMENT_MAX = 4000
LATEST_EXTENSION_YEARS = 10  # no deadline is moved further than this from today


def office_may_act(access: Access, due: Due) -> bool:
    """The office staff of the committee whose plan it is (those who review it) act on a due."""
    return can_review(access, due)


def due_may_comment(access: Access, due: Due) -> bool:
    """The thread is between the office and the organization that owes the due: both write in it."""
    return can_review(access, due) or can_submit(access, due)


def _owing(due: Due) -> None:
    if due.state not in OWING_STATES:
        raise ValidationError(
            _("Only an item still to hand in (not yet submitted, or returned) can be acted on.")
        )


def _reason(reason: str) -> str:
    reason = " ".join((reason or "").split())
    if not reason:
        raise ValidationError(_("Give the reason."))
    if len(reason) > REASON_MAX:
        raise ValidationError(_("The reason is too long (at most %(n)d characters).") % {"n": REASON_MAX})
    return reason


def _notify_organization(due: Due, kind: str, message: str = "") -> int:
    members = organization_members(organization_ids=[due.organization_id])
    return notify(members, kind=kind, due=due, task=due.task, message=message)


def due_remind_now(*, due: Due, by, today: datetime.date | None = None) -> DueAction | None:
    """A one-off reminder to the organization's people, now: in the app, and by e-mail from a Celery worker.
    None when this due was already reminded today (the row's unique constraint is the claim)."""
    _owing(due)
    day = today or timezone.localdate()
    try:
        with transaction.atomic():
            action = DueAction.objects.create(due=due, kind=DueAction.Kind.REMINDED, by=by, day=day)
    except IntegrityError:
        return None
    _notify_organization(due, Notification.Kind.REMINDED)
    from tasks.tasks import send_office_reminder

    transaction.on_commit(lambda: send_office_reminder.delay(action.pk))
    return action


def due_extend(
    *, due: Due, by, until: datetime.date, reason: str, today: datetime.date | None = None
) -> DueAction:
    """A later deadline for this organization only, with the reason; the organization is told."""
    _owing(due)
    reason = _reason(reason)
    today = today or timezone.localdate()
    if due.due_on is not None and until <= due.due_on:
        raise ValidationError(
            _("The new deadline must be after the current one (%(date)s).")
            % {"date": f"{due.due_on:%d/%m/%Y}"}
        )
    if until < today or until.year > today.year + LATEST_EXTENSION_YEARS:
        raise ValidationError(_("Choose a new deadline from today on, within ten years."))
    before, counted_before = due.due_on, counted(due)
    due.due_on = until
    due.save(update_fields=["due_on"])
    journal_record(due, counted_before)
    action = DueAction.objects.create(
        due=due,
        kind=DueAction.Kind.EXTENDED,
        by=by,
        day=today,
        reason=reason,
        due_on_before=before,
        due_on_after=until,
    )
    _notify_organization(due, Notification.Kind.EXTENDED, reason)
    return action


def due_mark_not_applicable(*, due: Due, by, reason: str, today: datetime.date | None = None) -> DueAction:
    """This organization does not owe this item ("không áp dụng"), with the reason; it is told."""
    _owing(due)
    reason = _reason(reason)
    before, counted_before = due.due_on, counted(due)
    due.state = Due.State.NOT_APPLICABLE
    due.save(update_fields=["state"])
    journal_record(due, counted_before)
    action = DueAction.objects.create(
        due=due,
        kind=DueAction.Kind.NOT_APPLICABLE,
        by=by,
        day=today or timezone.localdate(),
        reason=reason,
        due_on_before=before,
    )
    _notify_organization(due, Notification.Kind.NOT_APPLICABLE, reason)
    return action


def due_comment_add(*, due: Due, author, text: str, from_office: bool) -> DueComment:
    """A message in the due's thread; the other side is told (the office's staff, or the organization's
    people), never the author."""
    text = (text or "").strip()
    if not text:
        raise ValidationError(_("Write the message."))
    if len(text) > COMMENT_MAX:
        raise ValidationError(_("The message is too long (at most %(n)d characters).") % {"n": COMMENT_MAX})
    comment = DueComment.objects.create(due=due, author=author, from_office=from_office, text=text)
    if from_office:
        readers = organization_members(organization_ids=[due.organization_id])
    else:
        readers = committee_staff(committee=due.plan.owner)
    notify(
        [uid for uid in readers if uid != author.pk], kind=Notification.Kind.COMMENT, due=due, task=due.task
    )
    return comment


ACTIONS = {
    DueAction.Kind.REMINDED: lambda due, by, until, reason: due_remind_now(due=due, by=by),
    DueAction.Kind.EXTENDED: lambda due, by, until, reason: due_extend(
        due=due, by=by, until=until, reason=reason
    ),
    DueAction.Kind.NOT_APPLICABLE: lambda due, by, until, reason: due_mark_not_applicable(
        due=due, by=by, reason=reason
    ),
}


def dues_act(*, dues, by, kind: str, until: datetime.date | None = None, reason: str = "") -> tuple[int, int]:
    """One action on several dues at once (from the matrix): (how many were done, how many were skipped
    because the action does not apply to them, or they were reminded today already)."""
    done = skipped = 0
    for due in dues:
        try:
            with transaction.atomic():
                result = ACTIONS[kind](due, by, until, reason)
        except ValidationError:
            result = None
        if result is None:
            skipped += 1
        else:
            done += 1
    return done, skipped
