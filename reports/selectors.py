"""Scoped accessors for reports: plan reports belong to the office staff of the plan's committee, an
organization's report to that organization and those above it. Anyone else gets 404."""

from django.db.models import Exists, OuterRef, Q, QuerySet

from organizations.access import Access, get_or_404
from organizations.models import Organization
from plans.models import Plan
from reports.models import Report
from tasks.models import Due


def reports_for_user(access: Access) -> QuerySet[Report]:
    if not access.is_authenticated:
        return Report.objects.none()
    if access.is_superuser:
        return Report.objects.all()
    plan_reports = Q(kind__in=Report.PLAN_KINDS) & access.managed_q("plan__owner__")
    own_reports = Q(kind=Report.Kind.ORGANIZATION) & access.org_q("organization__")
    return Report.objects.filter(plan_reports | own_reports)


def report_get_for_user(access: Access, pk: int, *, ready: bool = False) -> Report:
    """A report the user may read; with `ready`, only once its file is there (to download it)."""
    reports = reports_for_user(access)
    if ready:
        reports = reports.filter(status=Report.Status.DONE).exclude(file="")
    return get_or_404(
        reports.select_related("plan__document", "plan__owner", "organization", "created_by"), pk=pk
    )


def report_plans_for_user(access: Access) -> QuerySet[Plan]:
    """Plans the user may report on: those of the committee whose office they work in (every report),
    and those whose dues fall on organizations in their scope (their organizations' own reports)."""
    owes = Due.objects.filter(task__plan=OuterRef("pk")).filter(access.org_q("organization__"))
    return (
        Plan.objects.filter(access.managed_q("owner__") | Q(Exists(owes)))
        .select_related("document", "owner")
        .order_by("-period_start", "document__symbol")
    )


def report_organizations_for_user(access: Access) -> QuerySet[Organization]:
    """Organizations whose own report the user may ask for: every one in their scope."""
    return access.organizations().filter(is_active=True).order_by("path")
