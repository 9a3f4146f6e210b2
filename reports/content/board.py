"""Drafting the report an organization signs (docs/domain.md §8.3) from the data, section by section.

The report follows the standard outline of a báo cáo: I. results (task by task, from what the organizations
reported), II. shortcomings and their causes, III. the tasks ahead, IV. proposals. Each section is drafted
as editable text (reports/content/markup.py) by its own function, so one section can be drafted again from
fresh data without touching the others (reports.board.services.board_report_redraft).

The facts every section reads are gathered once (`board_facts`): the plan's tasks with their numbers, the
organizations that report (the committee's grassroots organizations, or an organization and those under it),
their answers per task and their obligations of the period (reports/content/answers.py).
"""

import datetime
from dataclasses import dataclass

from django.db.models import Case, IntegerField, Q, Value, When
from django.utils.translation import gettext as _

from organizations.models import Organization
from plans.models import Plan
from plans.periods import Period
from reports.content.answers import (
    Answer,
    Obligation,
    is_deliverable_task,
    owing_organizations,
    period_obligations,
    task_answers,
    waived_reporters,
)
from reports.content.board_cascade import Cascade, cascade_facts
from reports.content.common import plan_for_report, plan_tasks
from reports.content.letterhead import issuing_body_name
from tasks.models import Assignment, Task
from tasks.monitoring import compliance
from tasks.planning.obligations import BODY_KINDS

RESULTS, SHORTCOMINGS, DIRECTIONS, PROPOSALS = "results", "shortcomings", "directions", "proposals"
SECTION_KEYS = (RESULTS, SHORTCOMINGS, DIRECTIONS, PROPOSALS)


def section_headings() -> dict[str, str]:
    """The headings of the report's outline, in the language of the moment."""
    return {
        RESULTS: _("I. IMPLEMENTATION RESULTS"),
        SHORTCOMINGS: _("II. SHORTCOMINGS AND THEIR CAUSES"),
        DIRECTIONS: _("III. DIRECTIONS AND TASKS AHEAD"),
        PROPOSALS: _("IV. PROPOSALS AND RECOMMENDATIONS"),
    }


@dataclass
class BoardFacts:
    plan: Plan
    period: Period
    today: datetime.date
    issuer: Organization  # who writes: the plan's committee, or an organization on its own work
    writer: str  # the issuer in a sentence: "Ban Thường vụ Đảng ủy Khối ...", "Chi bộ Sở Tư pháp"
    organizations: list[Organization]  # those whose answers the report gathers, in tree order
    tasks: list[Task]  # the plan's tasks in order
    labels: dict[int, str]  # task id → "II.2.3.a – Đổi mới sinh hoạt chi bộ"
    numbers: dict[int, str]  # task id → "II.2.3.a"
    answers: dict[int, list[Answer]]  # task id → each organization's answer
    expected: dict[int, set[int]]  # task id → the organizations that carry it out (and so report on it)
    obligations: list[Obligation]

    @property
    def is_committee(self) -> bool:
        return self.issuer.pk == self.plan.owner_id

    @property
    def line_tasks(self) -> list[Task]:
        """Tasks reported on in the periodic reports (ongoing, annual without a day of their own)."""
        return [task for task in self.tasks if not is_deliverable_task(task)]

    @property
    def waiting_tasks(self) -> list[Task]:
        return [t for t in self.tasks if t.kind == Task.Kind.TRIGGERED and t.trigger_document_id is None]

    def own_answer(self, task_id: int) -> Answer | None:
        return next((a for a in self.answers.get(task_id, []) if a.organization_id == self.issuer.pk), None)

    def others(self, task_id: int) -> list[Answer]:
        return [a for a in self.answers.get(task_id, []) if a.organization_id != self.issuer.pk]


def report_writer(*, plan: Plan, organization: Organization) -> str:
    """Who the report speaks for, in a sentence: the Standing Committee of the plan's committee
    ("Ban Thường vụ Đảng ủy Khối các cơ quan tỉnh"), or the organization itself ("Chi bộ Sở Tư pháp")."""
    if organization.pk == plan.owner_id:
        return _("the Standing Committee of %(committee)s") % {"committee": issuing_body_name(organization)}
    return issuing_body_name(organization)


def task_names(tasks: list[Task]) -> tuple[dict[int, str], dict[int, str]]:
    """(numbers, labels) of the tasks: each task's number from its place in the plan and its label, number
    then short title ("II.2.3.a – Đổi mới sinh hoạt chi bộ", docs/domain.md §4); a task not numbered yet is
    named by its place in the list."""
    numbers, labels = {}, {}
    for place, task in enumerate(tasks, start=1):
        numbers[task.pk] = task.number or str(place)
        labels[task.pk] = task.label if task.number else f"{place} – {task.title}"
    return numbers, labels


def reporting_organizations(*, shape: compliance.PlanShape, plan: Plan, issuer: Organization, period: Period):
    """Whose answers the report gathers: for the committee, its grassroots organizations that carry out the
    plan; for an organization, itself and the organizations under it that carry it out.

    A period is about the tree as it was then (docs/domain.md §8.2), as the matrix's rows are
    (tasks.monitoring.compliance.compliance_organizations): an organization created after the period or ended
    before it is left out; one that owed the plan's dues in the period is in, even if a reorganization has
    ended it or moved it since (out of the committee's subtree too, for the committee's report)."""
    existed = (Q(started_on__isnull=True) | Q(started_on__lte=period.end)) & (
        Q(ended_on__isnull=True) | Q(ended_on__gt=period.start)
    )
    owed = Q(pk__in=owing_organizations(plan=plan, period=period))
    if issuer.pk == plan.owner_id:
        now = Q(kind__in=Organization.GRASSROOTS_KINDS, path__startswith=issuer.path)
        then = owed & ~Q(kind__in=BODY_KINDS) & ~Q(pk=plan.owner_id)
    else:
        now = Q(path__startswith=issuer.path) & (Q(pk=issuer.pk) | Q(depth__gt=issuer.depth))
        then = owed & Q(path__startswith=issuer.path)
    return Organization.objects.filter((shape.designated() & existed & now) | then).order_by("path")


def expected_by_task(
    *,
    plan: Plan,
    period: Period,
    shape: compliance.PlanShape,
    organizations,
    tasks: list[Task],
    obligations: list[Obligation],
    answers: dict[int, list[Answer]],
) -> dict[int, set[int]]:
    """Task id → the organizations that carry it out (and so report on it): those its assignments designate
    in today's tree, and those that answered it in the period.

    An organization that owed a periodic report in the period but that today's tree no longer places under
    the plan (a reorganization moved it since, docs/domain.md §8.2) carried out the tasks it answered; if it
    answered none, every task the plan addressed by a group rule to organizations of its kind. An
    organization whose periodic reports the office marked not applicable owes no answer."""
    flags = {
        f"t{task_id}": Case(When(condition, then=Value(1)), default=Value(0), output_field=IntegerField())
        for task_id, condition in shape.designation.items()
    }
    expected: dict[int, set[int]] = {task.pk: set() for task in tasks}
    kinds: dict[int, str] = {}
    for row in organizations.values("pk", "kind", **flags):
        kinds[row["pk"]] = row["kind"]
        for task_id in expected:
            if row.get(f"t{task_id}"):
                expected[task_id].add(row["pk"])
    for task_id, given in answers.items():
        expected.setdefault(task_id, set()).update(a.organization_id for a in given)
    line_tasks = {task.pk for task in tasks if not is_deliverable_task(task)}
    accounted = set().union(*(expected[task_id] for task_id in line_tasks))
    silent = {o.organization_id for o in obligations if not o.is_deliverable} - accounted
    if silent:
        rules = Assignment.objects.filter(task__plan=plan).exclude(scope=Assignment.Scope.ONE)
        for task_id, rule_kinds in rules.order_by().values_list("task_id", "kinds"):
            if task_id in line_tasks:
                expected[task_id] |= {pk for pk in silent if not rule_kinds or kinds.get(pk) in rule_kinds}
    waived = waived_reporters(plan=plan, period=period, organizations=organizations)
    return {task_id: owing - waived for task_id, owing in expected.items()}


def with_cascade(cascade: Cascade, answers, expected, obligations: list[Obligation]) -> list[Obligation]:
    """An organization's own report adds what its sub-units reported under its implementation plans, each on
    the parent task (reports/content/board_cascade.py): `answers` and `expected` completed in place (an
    organization that answered the plan itself keeps that answer), the obligations returned."""
    for task_id, given in cascade.answers.items():
        mine = answers.setdefault(task_id, [])
        answered = {a.organization_id for a in mine}
        mine += [a for a in given if a.organization_id not in answered]
        mine.sort(key=lambda a: a.path)
    for task_id, owing in cascade.expected.items():
        expected.setdefault(task_id, set()).update(owing)
    for task_id, given in cascade.answers.items():
        expected[task_id].update(a.organization_id for a in given)
    return sorted(
        obligations + cascade.obligations,
        key=lambda o: (o.path, o.due_on or datetime.date.max, o.title),
    )


def board_facts(*, plan: Plan, period: Period, issuer: Organization, writer: str, today) -> BoardFacts:
    plan = plan_for_report(plan)
    shape = compliance.plan_shape(plan=plan)
    organizations = reporting_organizations(shape=shape, plan=plan, issuer=issuer, period=period)
    tasks = plan_tasks(plan)
    numbers, labels = task_names(tasks)
    obligations = period_obligations(
        plan=plan,
        period=period,
        organizations=organizations,
        tasks={task.pk: task for task in tasks},
        labels=labels,
        today=today,
    )
    answers = task_answers(plan=plan, period=period, organizations=organizations)
    expected = expected_by_task(
        plan=plan,
        period=period,
        shape=shape,
        organizations=organizations,
        tasks=tasks,
        obligations=obligations,
        answers=answers,
    )
    if issuer.pk != plan.owner_id:
        obligations = with_cascade(
            cascade_facts(plan=plan, period=period, issuer=issuer, today=today),
            answers,
            expected,
            obligations,
        )
    return BoardFacts(
        plan=plan,
        period=period,
        today=today,
        issuer=issuer,
        writer=writer,
        organizations=list(organizations.only("pk", "name", "path", "kind", "depth")),
        tasks=tasks,
        labels=labels,
        numbers=numbers,
        answers=answers,
        expected=expected,
        obligations=obligations,
    )


def draft_section(key: str, facts: BoardFacts) -> str:
    # The section modules read BoardFacts from here: imported when drafting, not when this module loads.
    from reports.content.board_followup import draft_directions, draft_proposals, draft_shortcomings
    from reports.content.board_results import draft_results

    drafts = {
        RESULTS: draft_results,
        SHORTCOMINGS: draft_shortcomings,
        DIRECTIONS: draft_directions,
        PROPOSALS: draft_proposals,
    }
    # A label cut short ends with "…": no full stop after it.
    return drafts[key](facts).replace("….", "…")


def draft_sections(facts: BoardFacts) -> list[dict]:
    """Every section of the outline, drafted: [{"key", "heading", "text"}]."""
    headings = section_headings()
    return [{"key": key, "heading": headings[key], "text": draft_section(key, facts)} for key in SECTION_KEYS]
