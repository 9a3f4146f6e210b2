"""The period report (Báo cáo kỳ, docs/domain.md): one organization answers every due of a reporting period
at once, with files shared by all the answers.

``period_report_get`` says what the page shows: the organizations the person speaks for, the periods with
something still to answer, and the dues of the chosen one. ``period_report_submit`` hands them all in, with
their notifications, or none of them: when one fails, every version written is rolled back and the failures
come back per due (PeriodReportRefused); the files already written are removed at the end of the request
(organizations.files.stored).
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Min, QuerySet

from organizations.access import Access
from organizations.models import Organization
from plans.periods import ONCE
from tasks.access import selectors
from tasks.models import Due, Submission
from tasks.submissions import services
from tasks.submissions.services import SUBMITTABLE


@dataclass(frozen=True)
class PeriodReport:
    """What one period report is about: whose, which period, and the dues it answers."""

    organizations: list[Organization]  # those the person speaks for, by name
    organization: Organization | None  # the one chosen (the first by default)
    periods: list[str]  # reporting periods with something still to answer, earliest first
    period: str  # the one chosen (the earliest by default), "" when there is none
    dues: list[Due]  # what the organization still owes for it


class PeriodReportRefused(Exception):
    """Nothing was submitted: `errors` says, per due id, why its answer was refused."""

    def __init__(self, errors: dict[int, str]):
        self.errors = errors
        super().__init__("; ".join(errors.values()))


def report_periods(owed: QuerySet[Due]) -> list[str]:
    """Reporting periods with something still to answer, earliest first."""
    rows = (
        owed.filter(state__in=SUBMITTABLE)
        .exclude(period=ONCE)
        .values("period")
        .annotate(first=Min("due_on"))
        .order_by("first", "period")
    )
    return [row["period"] for row in rows]


def period_report_get(*, access: Access, organization_id: int | None, period: str) -> PeriodReport:
    """The report of `organization_id` (if the person speaks for it) for `period` (if something is still to
    answer for it); otherwise the first organization and the earliest period."""
    organizations = list(Organization.objects.filter(pk__in=access.own_org_ids).order_by("name"))
    organization = next(
        (o for o in organizations if o.pk == organization_id), organizations[0] if organizations else None
    )
    owed = (
        selectors.dues_owed_by_own_organizations(access).filter(organization=organization)
        if organization
        else Due.objects.none()
    )
    periods = report_periods(owed)
    if period not in periods:
        period = periods[0] if periods else ""
    dues = (
        owed.filter(period=period, state__in=SUBMITTABLE)
        .select_related("plan__document", "task", "task__section", "organization")
        .order_by("plan__document__symbol", "task__position", "pk")
        if period
        else Due.objects.none()
    )
    return PeriodReport(
        organizations=organizations,
        organization=organization,
        periods=periods,
        period=period,
        dues=list(dues),
    )


def period_report_submit(
    *,
    answers: Iterable[tuple[Due, str, str]],
    user: AbstractBaseUser,
    document_symbol: str = "",
    files: Sequence[UploadedFile] = (),
) -> list[Submission]:
    """Submit one version per (due, text, work status), each with the same document number and files, and
    notify as a single submission does; all or nothing (raises PeriodReportRefused)."""
    submitted: list[Submission] = []
    errors: dict[int, str] = {}
    with transaction.atomic():
        for due, text, work_status in answers:
            try:
                submitted.append(
                    services.due_submit_and_notify(
                        due=due,
                        user=user,
                        text=text,
                        work_status=work_status,
                        document_symbol=document_symbol,
                        files=files,
                    )
                )
            except ValidationError as exc:
                errors[due.pk] = " ".join(exc.messages)
        if errors:
            raise PeriodReportRefused(errors)  # leaving the block rolls every version back
    return submitted
