"""Submitting for a due, reviewing what was submitted, withdrawing a version, and telling people about it.

Every state change of a due goes through here. ``due_submit``, ``submission_review`` and
``submission_withdraw`` move the due; ``due_submit_and_notify`` and ``submission_review_and_notify`` are what
the pages call: the move and its in-app notifications, written in one transaction (the notifications are rows
of the same database, so a move that is rolled back tells nobody). The period report, which submits every due
of a reporting period at once, is in tasks/submissions/period_report.py.
"""

import datetime
import hashlib
from collections.abc import Iterable
from functools import partial

from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Max, Min
from django.utils import timezone
from django.utils.translation import gettext as _

from organizations.audit.trail import audited_at
from organizations.files.stored import forget_unless_committed
from organizations.files.uploads import safe_name
from organizations.signatures.stored import signature_check_later
from organizations.withdrawal.base import clean_reason, mark_withdrawn
from tasks.models import Due, Review, Submission, SubmissionFile
from tasks.monitoring.journal import counted, journal_record
from tasks.notifications.mail import review_mail_send
from tasks.notifications.services import notify_submission_received, notify_submission_reviewed
from tasks.submissions.signatures import signed_pdf_refusals, upload_signature_fields

# The one place that says which state a due may move to from which. From "submitted", "returned" is a review
# that returns it, or the withdrawal of a resubmission (back to the return it answered); "open" is only the
# withdrawal of the one version there was (submission_withdraw).
TRANSITIONS: dict[str, set[str]] = {
    Due.State.OPEN: {Due.State.SUBMITTED},
    Due.State.RETURNED: {Due.State.SUBMITTED},
    Due.State.SUBMITTED: {Due.State.ACCEPTED, Due.State.RETURNED, Due.State.OPEN},
    Due.State.ACCEPTED: set(),
}
# The states from which a version can be handed in (a first submission, or a resubmission after a return).
SUBMITTABLE = (Due.State.OPEN, Due.State.RETURNED)
RESUBMIT_DAYS = 7  # a returned version: the corrected one is owed a week later unless the reviewer says


def resubmit_default(*, at: datetime.datetime | None = None) -> datetime.date:
    """The resubmission date a return proposes: RESUBMIT_DAYS after the (local) day of the return."""
    return timezone.localdate(at or timezone.now()) + datetime.timedelta(days=RESUBMIT_DAYS)


class TransitionError(ValidationError):
    pass


def _move(due: Due, target: str) -> None:
    if target not in TRANSITIONS.get(due.state, set()):
        raise TransitionError(
            _("This due is “%(state)s”; it cannot become “%(target)s”.")
            % {"state": Due.State(due.state).label, "target": Due.State(target).label}
        )
    due.state = target


@audited_at
@transaction.atomic
def due_submit(
    *,
    due: Due,
    user,
    text: str = "",
    work_status: str = Submission.WorkStatus.IN_PROGRESS,
    document_symbol: str = "",
    files=(),
    at=None,
) -> Submission:
    """Hand in a new version for `due` (first submission, or resubmission after a return). Each PDF's
    signatures are checked as it is stored; a due requiring a signed PDF refuses files without one."""
    original, due = due, Due.objects.select_for_update().get(pk=due.pk)
    before = counted(due)
    at = at or timezone.now()
    _move(due, Due.State.SUBMITTED)
    required = original.requires_signed_pdf
    refusals = signed_pdf_refusals(required=required, uploads=files)
    if refusals:
        raise ValidationError({"files": refusals})
    version = (due.submissions.aggregate(last=Max("version"))["last"] or 0) + 1
    submission = Submission.objects.create(
        due=due,
        version=version,
        text=text,
        work_status=work_status,
        document_symbol=document_symbol,
        submitted_by=user,
        submitted_at=at,
    )
    for upload in files:
        digest = hashlib.sha256()
        for chunk in upload.chunks():
            digest.update(chunk)
        upload.seek(0)
        stored = SubmissionFile.objects.create(
            submission=submission,
            # Stored under a sanitized name, copied (never moved) so one upload may serve several dues;
            # the name the user gave is kept for display and download.
            file=File(upload, name=safe_name(upload.name)),
            original_name=upload.name,
            content_type=getattr(upload, "content_type", "") or "",
            size=upload.size,
            sha256=digest.hexdigest(),
            **upload_signature_fields(upload=upload, required=required),
        )
        forget_unless_committed(stored.file)
        signature_check_later(instance=stored)
    if due.first_submitted_at is None:
        due.first_submitted_at = at
    due.save(update_fields=["state", "first_submitted_at"])
    journal_record(due, before)
    _sync(original, due)
    return submission


@audited_at
@transaction.atomic
def submission_review(
    *, submission: Submission, reviewer, decision: str, reason: str = "", at=None, resubmit_on=None
) -> Review:
    """Accept the latest version of a due, or return it with a reason and the day the corrected version is
    owed (`resubmit_on`, by default RESUBMIT_DAYS after the return)."""
    if decision not in Review.Decision.values:
        raise ValueError(f"unknown review decision {decision!r}")
    due = Due.objects.select_for_update().get(pk=submission.due_id)
    latest = due.submissions.active().order_by("-version").first()
    if latest is None or latest.pk != submission.pk:
        raise TransitionError(_("Only the latest version can be reviewed."))
    if Review.objects.filter(submission=submission).exists():
        raise TransitionError(_("This version has already been reviewed."))
    reason = (reason or "").strip()
    if decision == Review.Decision.RETURNED and not reason:
        raise ValidationError({"reason": _("Give the reason for returning it.")})
    before = counted(due)
    _move(due, Due.State.ACCEPTED if decision == Review.Decision.ACCEPTED else Due.State.RETURNED)
    review = Review.objects.create(
        submission=submission,
        decision=decision,
        reason=reason,
        reviewer=reviewer,
        reviewed_at=at or timezone.now(),
    )
    if decision == Review.Decision.RETURNED:
        due.resubmit_on = resubmit_on or resubmit_default(at=review.reviewed_at)
    due.save(update_fields=["state", "resubmit_on"])
    journal_record(due, before)
    if Submission.due.is_cached(submission):
        _sync(submission.due, due)
    return review


@transaction.atomic
def due_submit_and_notify(
    *,
    due: Due,
    user: AbstractBaseUser,
    text: str = "",
    work_status: str = Submission.WorkStatus.IN_PROGRESS,
    document_symbol: str = "",
    files: Iterable[UploadedFile] = (),
    at: datetime.datetime | None = None,
) -> Submission:
    """Hand in a new version for `due` and tell the office staff of the committee whose plan it is."""
    submission = due_submit(
        due=due,
        user=user,
        text=text,
        work_status=work_status,
        document_symbol=document_symbol,
        files=files,
        at=at,
    )
    notify_submission_received(submission=submission)
    return submission


@transaction.atomic
def submission_review_and_notify(
    *,
    submission: Submission,
    reviewer: AbstractBaseUser,
    decision: str,
    reason: str = "",
    at: datetime.datetime | None = None,
    resubmit_on: datetime.date | None = None,
) -> Review:
    """Accept or return the latest version of a due and tell the members of the organization that owes it."""
    review = submission_review(
        submission=submission,
        reviewer=reviewer,
        decision=decision,
        reason=reason,
        at=at,
        resubmit_on=resubmit_on,
    )
    notify_submission_reviewed(
        submission=submission, returned=decision == Review.Decision.RETURNED, reason=review.reason
    )
    transaction.on_commit(partial(review_mail_send, review_id=review.pk))  # the e-mail, once it holds
    return review


def submission_withdrawable(*, submission: Submission, access) -> bool:
    """Whether `access`'s user may withdraw `submission` from its page: the person who sent it, still speaking
    for the organization, while it is the latest version and nobody has reviewed it."""
    from tasks.access.selectors import can_submit

    return (
        submission.withdrawn_at is None
        and submission.submitted_by_id is not None
        and submission.submitted_by_id == access.user_id
        and can_submit(access, submission.due)
        and submission.due.state == Due.State.SUBMITTED
        and not Review.objects.filter(submission=submission).exists()
        and not submission.due.submissions.active().filter(version__gt=submission.version).exists()
    )


@audited_at
@transaction.atomic
def submission_withdraw(*, submission: Submission, user, reason: str, at=None) -> Submission:
    """Withdraw a version sent by mistake, with its files: kept, marked with who, when and why, but no longer
    counted. Withdrawing the version waiting for review puts the due back as it was before it was sent: open,
    or returned (with the return it answered) for a resubmission. A reviewed latest version cannot be
    withdrawn (its review decided the due's state); an earlier, reviewed one can (from the admin)."""
    due = Due.objects.select_for_update().get(pk=submission.due_id)
    original, submission = submission, Submission.objects.select_for_update().get(pk=submission.pk)
    if submission.withdrawn_at is not None:
        raise TransitionError(_("This version has already been withdrawn."))
    reason = clean_reason(reason)
    at = at or timezone.now()
    remaining = due.submissions.active().exclude(pk=submission.pk)
    latest = not remaining.filter(version__gt=submission.version).exists()
    if latest:
        if Review.objects.filter(submission=submission).exists():
            raise TransitionError(
                _("A reviewed version cannot be withdrawn: its review decided the state of this item.")
            )
        before = counted(due)
        _move(due, Due.State.RETURNED if remaining.exists() else Due.State.OPEN)
        # Lateness is measured from the first version still standing.
        due.first_submitted_at = remaining.aggregate(first=Min("submitted_at"))["first"]
        due.save(update_fields=["state", "first_submitted_at"])
        journal_record(due, before)
    mark_withdrawn(submission, user=user, reason=reason, at=at)
    for attached in submission.files.active():
        mark_withdrawn(attached, user=user, reason=reason, at=at)
    original.withdrawn_at, original.withdrawn_by, original.withdrawal_reason = (
        at,
        submission.withdrawn_by,
        reason,
    )
    if Submission.due.is_cached(original):
        _sync(original.due, due)
    return submission


def _sync(stale: Due, fresh: Due) -> None:
    """Let the caller's copy of a due see the state just saved, so a view can render it without a reload."""
    if stale is not fresh:
        stale.state, stale.first_submitted_at = fresh.state, fresh.first_submitted_at
        stale.resubmit_on = fresh.resubmit_on


def submissions_accept_many(
    *, submissions: Iterable[Submission], reviewer: AbstractBaseUser
) -> tuple[int, int]:
    """Accept several submissions from the review queue, each in its own transaction (and notified) through
    ``submission_review_and_notify``; one reviewed meanwhile by someone else is skipped, not an error for the
    rest. Returns (accepted, skipped)."""
    accepted = skipped = 0
    for submission in submissions:
        try:
            submission_review_and_notify(
                submission=submission, reviewer=reviewer, decision=Review.Decision.ACCEPTED
            )
        except TransitionError:
            skipped += 1
        else:
            accepted += 1
    return accepted, skipped
