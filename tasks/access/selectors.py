"""Scoped accessors: every view reads plans, tasks, dues and submissions through these.

Anything outside the user's scope does not exist for them (404), so a secretary never learns even the
name of another organization.
"""

from django.db.models import Q, QuerySet

from organizations.access import Access, get_or_404
from organizations.models import Organization
from plans.models import Plan
from tasks.models import Due, Reminder, Submission, SubmissionFile, Task


def plans_for_user(access: Access) -> QuerySet[Plan]:
    """Plans of committees in the user's scope (their office staff, their committee members)."""
    return Plan.objects.filter(access.org_q("owner__")).select_related("document", "owner")


def plan_read_get_for_user(access: Access, pk: int) -> Plan:
    """A plan to read: those in the user's scope, and, read-only, the plans under which an organization in
    their scope owes something (a secretary reads the plan they carry out, docs/domain.md)."""
    owed = Due.objects.filter(access.org_q("organization__")).values("plan_id")
    readable = Plan.objects.filter(Q(pk__in=plans_for_user(access).values("pk")) | Q(pk__in=owed))
    return get_or_404(readable.select_related("document", "owner"), pk=pk)


def plans_managed_by(access: Access) -> QuerySet[Plan]:
    """Plans the user may edit: those of the committee whose office they work in."""
    return Plan.objects.filter(access.managed_q("owner__")).select_related("document", "owner")


def committees_managed_by(access: Access) -> QuerySet[Organization]:
    """The committees whose plans the user writes: those whose office they work in (for a superuser, every
    committee above the grassroots)."""
    if access.is_superuser:
        kinds = (Organization.Kind.CENTRAL, Organization.Kind.PROVINCIAL, Organization.Kind.UPPER)
        return Organization.objects.filter(kind__in=kinds, is_active=True)
    return Organization.objects.filter(path__in=access.managed_paths, is_active=True)


def plan_get_for_user(access: Access, pk: int, *, manage: bool = False) -> Plan:
    queryset = plans_managed_by(access) if manage else plans_for_user(access)
    return get_or_404(queryset, pk=pk)


def plan_coverage_get_for_user(access: Access, pk: int) -> Plan:
    """A plan whose children's coverage the user follows: the office staff of the committee that owns it
    (docs/domain.md §8.1); anyone else, the child plans' own organizations included, gets 404."""
    return get_or_404(plans_managed_by(access), pk=pk)


def task_get_for_user(access: Access, pk: int, *, plan: Plan | None = None, manage: bool = False) -> Task:
    plans = plans_managed_by(access) if manage else plans_for_user(access)
    queryset = Task.objects.filter(plan__in=plans).select_related("plan__document", "plan__owner", "section")
    if plan is not None:
        queryset = queryset.filter(plan=plan)
    return get_or_404(queryset, pk=pk)


def dues_for_user(access: Access) -> QuerySet[Due]:
    """Dues owed by organizations in the user's scope."""
    return Due.objects.filter(access.org_q("organization__"))


def dues_owed_by_own_organizations(access: Access) -> QuerySet[Due]:
    """What the user's own organizations owe (not their subordinate cells, which answer for themselves), and
    the own work of the committee's bodies the user belongs to."""
    own = Q(organization_id__in=access.own_org_ids)
    if access.body_org_ids:
        own |= Q(kind=Due.Kind.OWN, organization_id__in=access.body_org_ids)
    return Due.objects.filter(own)


def _dues_with_plan(dues: QuerySet[Due]) -> QuerySet[Due]:
    return dues.select_related("plan__document", "task", "plan__owner", "organization")


def due_get_for_user(access: Access, pk: int) -> Due:
    return get_or_404(_dues_with_plan(dues_for_user(access)), pk=pk)


def submission_get_for_user(access: Access, pk: int) -> Submission:
    submissions = Submission.objects.filter(access.org_q("due__organization__")).select_related(
        "due__plan__document", "due__task", "due__plan__owner", "due__organization", "submitted_by"
    )
    return get_or_404(submissions, pk=pk)


def submission_file_get_for_user(access: Access, pk: int) -> SubmissionFile:
    files = SubmissionFile.objects.filter(access.org_q("submission__due__organization__"))
    return get_or_404(files.select_related("submission__due"), pk=pk)


def can_review(access: Access, due: Due) -> bool:
    """Office staff of the committee whose plan it is accept or return what is submitted; for the plan of a
    grassroots organization (a child plan, docs/domain.md §8.1), its own people review what its sub-units
    hand in, one level down."""
    owner = due.plan.owner
    if owner.is_grassroots and owner.pk in access.own_org_ids and due.organization_id != owner.pk:
        return access.sees(due.organization)
    return access.manages(owner) and access.sees(due.organization)


def can_submit(access: Access, due: Due) -> bool:
    """Only the people who speak for the organization that owes the due submit for it: its own people, or,
    for the own work of one of the committee's bodies, that body's members (docs/domain.md §6). Nobody
    submits for an organization a reorganization ended: it is kept read-only (docs/domain.md, "Reorganizations")."""
    if due.organization.ended_on is not None:
        return False
    if due.organization_id in access.own_org_ids:
        return True
    return due.kind == Due.Kind.OWN and due.organization_id in access.body_org_ids


def reminders_for_user(access: Access) -> QuerySet[Reminder]:
    """The reminders sent (or being sent) to the user: their own history, nobody else's."""
    return Reminder.objects.filter(recipient_id=access.user_id)


def due_reminders_get_for_user(access: Access, pk: int) -> tuple[Due, QuerySet[Reminder]]:
    """A due and every reminder about it, for the office staff of the committee whose plan it is (who
    follow it up); anyone else gets 404."""
    followed = dues_for_user(access).filter(access.managed_q("plan__owner__"))
    due = get_or_404(_dues_with_plan(followed), pk=pk)
    return due, Reminder.objects.filter(due=due)


def submissions_awaiting_review(access: Access) -> QuerySet[Submission]:
    """The review queue: the latest version of every submitted due the user reviews (office staff of the
    committee whose plan it is, docs/domain.md), not yet accepted or returned, the oldest first."""
    return (
        Submission.objects.active()
        .filter(access.org_q("due__organization__"), access.managed_q("due__plan__owner__"))
        .filter(due__state=Due.State.SUBMITTED, review__isnull=True)
        .select_related("due__plan__document", "due__task", "due__organization", "submitted_by")
        .order_by("submitted_at", "pk")
    )
