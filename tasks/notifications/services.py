"""In-app notifications: who is told what when a submission moves or a task opens."""

from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils import timezone

from organizations.models import Membership, Organization
from tasks.models import Due, Notification, Submission, Task

User = get_user_model()


def organization_members(*, organization_ids) -> list[int]:
    """Users who speak for these organizations (not their office staff)."""
    return list(
        Membership.objects.filter(organization_id__in=organization_ids, is_active=True, user__is_active=True)
        .values_list("user_id", flat=True)
        .distinct()
    )


def committee_staff(*, committee: Organization) -> list[int]:
    """Members of the advisory bodies that serve `committee`: its office staff."""
    return list(
        Membership.objects.filter(
            organization__path__startswith=committee.path,
            organization__depth=committee.depth + 1,
            organization__kind__in=Organization.SERVING_KINDS,
            is_active=True,
            user__is_active=True,
        )
        .values_list("user_id", flat=True)
        .distinct()
    )


def _send(user_ids, **fields) -> int:
    now = timezone.now()
    notes = [Notification(recipient_id=uid, created_at=now, **fields) for uid in sorted(set(user_ids))]
    Notification.objects.bulk_create(notes)
    return len(notes)


def notify(user_ids, **fields) -> int:
    """One notification to each of these users (the office's actions and comments, tasks/office/)."""
    return _send(user_ids, **fields)


def notify_submission_received(*, submission: Submission) -> int:
    due = submission.due
    return _send(
        committee_staff(committee=due.plan.owner),
        kind=Notification.Kind.RECEIVED,
        due=due,
        task=due.task,
        submission=submission,
    )


def notify_submission_reviewed(*, submission: Submission, returned: bool, reason: str = "") -> int:
    due = submission.due
    return _send(
        organization_members(organization_ids=[due.organization_id]),
        kind=Notification.Kind.RETURNED if returned else Notification.Kind.ACCEPTED,
        due=due,
        task=due.task,
        submission=submission,
        message=reason,
    )


def notify_task_activated(*, task: Task) -> int:
    org_ids = Due.objects.filter(task=task).values_list("organization_id", flat=True)
    return _send(organization_members(organization_ids=org_ids), kind=Notification.Kind.ACTIVATED, task=task)


def unread_count(*, user) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


def mark_read(*, user, ids=None) -> int:
    condition = Q(recipient=user, read_at__isnull=True)
    if ids is not None:
        condition &= Q(pk__in=ids)
    return Notification.objects.filter(condition).update(read_at=timezone.now())
