"""Scoped accessors for reports: plan reports belong to the office staff of the plan's committee, an
organization's report to that organization and those above it. Anyone else gets 404."""

from django.db.models import Exists, F, OuterRef, Q, QuerySet

from organizations.access import Access, get_or_404
from organizations.models import Organization
from plans.models import Plan
from reports.models import BoardReport, BoardReportVersion, Report
from tasks.models import Due
from tasks.monitoring.compliance import plan_shape


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
    owes = Due.objects.filter(plan=OuterRef("pk")).filter(access.org_q("organization__"))
    return (
        Plan.objects.filter(access.managed_q("owner__") | Q(Exists(owes)))
        .select_related("document", "owner")
        .order_by("-period_start", "document__symbol")
    )


def report_organizations_for_user(access: Access) -> QuerySet[Organization]:
    """Organizations whose own report the user may ask for: every one in their scope."""
    return access.organizations().filter(is_active=True).order_by("path")


# --- reports written and issued in Plantrack (docs/domain.md §8.3) ---------------------------------------------
def board_reports_for_user(access: Access) -> QuerySet[BoardReport]:
    """The committee's reports belong to its office staff; an organization's own report to the people who
    speak for that organization (its secretary, its clerk), nobody else: the staff above see it once it is
    handed in."""
    if not access.is_authenticated:
        return BoardReport.objects.none()
    if access.is_superuser:
        return BoardReport.objects.all()
    committee = Q(organization=F("plan__owner")) & access.managed_q("plan__owner__")
    own = ~Q(organization=F("plan__owner")) & Q(organization_id__in=access.own_org_ids)
    return BoardReport.objects.filter(committee | own)


def board_report_get_for_user(access: Access, pk: int) -> BoardReport:
    return get_or_404(
        board_reports_for_user(access).select_related(
            "plan__document", "plan__owner", "organization", "document", "created_by", "updated_by"
        ),
        pk=pk,
    )


def board_version_get_for_user(access: Access, *, report_pk: int, version: int) -> BoardReportVersion:
    return get_or_404(
        BoardReportVersion.objects.filter(
            report__in=board_reports_for_user(access).filter(pk=report_pk)
        ).select_related("report__plan__document", "report__organization", "submission"),
        version=version,
    )


def board_report_writers(access: Access, plan: Plan) -> list[Organization]:
    """Who the user may write a report of `plan` for: its committee, if they work in its office; each of
    their own organizations that carries the plan out, or owed it a deliverable or a periodic report (one a
    reorganization has moved out of the committee since still reports on what it did: docs/domain.md §8.2)."""
    writers = []
    if access.manages(plan.owner):
        writers.append(plan.owner)
    if access.own_org_ids:
        designated = Q(pk__in=[])
        for condition in plan_shape(plan=plan).designation.values():
            designated |= condition
        owed = Due.objects.filter(plan=plan).exclude(kind=Due.Kind.OWN).order_by().values("organization_id")
        writers += list(
            Organization.objects.filter(
                (designated & Q(path__startswith=plan.owner.path)) | Q(pk__in=owed),
                pk__in=access.own_org_ids,
            )
            .exclude(pk=plan.owner_id)
            .order_by("path")
        )
    return writers
