"""Obligations: what each organization owes under a plan (docs/domain.md §6, "Obligations").

Three kinds, all stored as dues (`Due.kind`):
- deliverable: a task with a deadline of its own (dated; triggered, once its guidance is linked; annual with
  its own day) owed by each grassroots organization it is addressed to, on the dates its rule gives;
- periodic report: one per grassroots organization the plan addresses, per reporting period of the plan,
  naming no task: every task that applies to the organization is a line of it;
- own work: a task whose lead or carrying-out unit is the committee itself (then its Văn phòng) or one of its
  bodies (advisory bodies, mass organizations): one progress due per reporting period for that body, or the
  task's own deadline when it has one.

Ongoing tasks, and annual tasks without a day of their own, are never obligations of their own: they are
lines of the periodic report.
"""

import datetime
from dataclasses import dataclass

from django.utils.translation import gettext as _

from organizations.models import Organization
from organizations.text import fold
from plans.models import Plan
from plans.periods import period_words, reports_before
from tasks.planning.assignees import task_organizations
from tasks.planning.deadlines import DueSpec, due_specs, reporting_periods

BODY_KINDS = (Organization.Kind.ADVISORY, Organization.Kind.MASS)
DELIVERABLE, REPORT, OWN = "deliverable", "report", "own"  # tasks.models.Due.Kind


@dataclass(frozen=True)
class Obligation:
    kind: str
    task_id: int | None
    organization_id: int
    period: str
    due_on: datetime.date

    @property
    def key(self) -> tuple:
        return obligation_key(self.kind, self.task_id, self.organization_id, self.period)


def obligation_key(kind: str, task_id: int | None, organization_id: int, period: str) -> tuple:
    return (kind, task_id, organization_id, period)


def has_own_deadline(task) -> bool:
    """Whether a task is a deliverable for the organizations it is addressed to (docs/domain.md §6)."""
    if task.kind in ("dated", "triggered"):
        return True
    return task.kind == "annual" and bool(task.annual_month and task.annual_day)


def report_specs(plan: Plan) -> list[DueSpec]:
    """The plan's reporting periods within its life, in date order: one report (or own-work progress) each;
    none on a year that ended before the plan began (an annual report dated in January reports on the year
    before, plans.periods.due_period_key)."""
    specs = []
    for year in plan.years():
        for period in reporting_periods(plan):
            when, key = period.on(year), period.label_for(year)
            if plan.period_start <= when <= plan.period_end and not reports_before(key, plan.period_start):
                specs.append(DueSpec(key, when))
    return sorted(specs, key=lambda spec: spec.due_on)


def committee_office(committee: Organization) -> Organization:
    """Where the committee's own work is owed: its Văn phòng, else the committee itself."""
    bodies = Organization.objects.filter(
        path__startswith=committee.path, depth=committee.depth + 1, kind=Organization.Kind.ADVISORY
    )
    for body in bodies.order_by("path"):
        if fold(body.name).startswith("van phong"):
            return body
    return committee


@dataclass
class Parties:
    bodies: list[Organization]  # the committee's own bodies that carry the task (own work)
    grassroots: list[Organization]  # the other organizations it is addressed to


def task_parties(task, *, committee: Organization, office: Organization) -> Parties:
    """Who a task binds: the committee's bodies named as its lead or among its assignees, and the rest of its
    assignees. The committee itself is its office."""
    leads = [unit.organization for unit in task.units.all() if unit.role == "lead" and unit.organization_id]
    bodies: dict[int, Organization] = {}
    grassroots: dict[int, Organization] = {}

    def place(org: Organization, *, lead: bool) -> None:
        if org.pk == committee.pk:
            bodies.setdefault(office.pk, office)
        elif org.kind in BODY_KINDS:
            bodies.setdefault(org.pk, org)
        elif not lead:  # a lead outside the committee and its bodies owes nothing for leading
            grassroots.setdefault(org.pk, org)

    for org in leads:
        place(org, lead=True)
    for org in task_organizations(task):
        place(org, lead=False)
    return Parties(list(bodies.values()), list(grassroots.values()))


def plan_obligations(*, plan: Plan) -> list[Obligation]:
    """Every obligation of the plan, as the rules above make them."""
    committee = plan.owner
    office = committee_office(committee)
    reports = report_specs(plan)
    wanted: dict[tuple, Obligation] = {}
    addressed: dict[int, Organization] = {}

    def add(kind, task_id, org, spec):
        obligation = Obligation(kind, task_id, org.pk, spec.period, spec.due_on)
        wanted.setdefault(obligation.key, obligation)

    tasks = plan.tasks.select_related("plan", "trigger_document").prefetch_related(
        "plan__reporting_periods", "units__organization"
    )
    for task in tasks.order_by("position", "pk"):
        parties = task_parties(task, committee=committee, office=office)
        # A body owes a task with a deadline of its own by that deadline, any other task each reporting period.
        own_specs = due_specs(task, plan) if has_own_deadline(task) else reports
        for body in parties.bodies:
            for spec in own_specs:
                add(OWN, task.pk, body, spec)
        for org in parties.grassroots:
            addressed.setdefault(org.pk, org)
            if has_own_deadline(task):
                for spec in due_specs(task, plan):
                    add(DELIVERABLE, task.pk, org, spec)
    for org in addressed.values():
        for spec in reports:
            add(REPORT, None, org, spec)
    return list(wanted.values())


def report_title(period: str) -> str:
    """ "Báo cáo kết quả thực hiện năm 2023", "... 6 tháng đầu năm 2024"."""
    words = period_words(period)
    return _("Implementation report, %(period)s") % {"period": words[:1].lower() + words[1:]}


def due_title(due) -> str:
    """How an obligation is named wherever it is shown (`Due.title`)."""
    if due.task_id is None:
        return report_title(due.period)
    return due.task.label


def due_named(due) -> str:
    """`due_title` where the obligation is named out of its plan's context (notifications, their workbook):
    a periodic report's words alone ("Báo cáo kết quả thực hiện năm 2024") do not say whose plan asks for it,
    so the plan's symbol follows (docs/domain.md, "Obligations")."""
    if due.task_id is None:
        return f"{due_title(due)} – {due.plan.document.symbol}"
    return due_title(due)
