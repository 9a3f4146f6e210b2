"""What the organizations reported over a period, read once for the report that is drafted from it
(docs/domain.md §6, "Inside a periodic report", and §8.3): the one module through which the drafting reads
the organizations' answers and obligations, so that it does not depend on how they are stored.

- `task_answers`: per task, each organization's latest answer (a state of the work and a short result);
- `period_obligations`: every obligation of those organizations that fell due in the period, with its status
  on the report's day (accepted, handed in late, returned with its reason, overdue...).

Each reads a fixed number of queries, whatever the number of organizations.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count, IntegerField, OuterRef, Q, QuerySet, Subquery

from organizations.models import Organization
from plans.models import Plan
from plans.periods import ONCE, Period, period_words
from tasks.models import Due, ReportLine, Review, Submission, Task
from tasks.monitoring.statuses import status_expression

# The states of the work in a periodic report's line (docs/domain.md §6).
NOT_STARTED, IN_PROGRESS, DONE, NOT_APPLICABLE = "not_started", "in_progress", "done", "not_applicable"
STATES = (DONE, IN_PROGRESS, NOT_STARTED, NOT_APPLICABLE)


@dataclass(frozen=True)
class Answer:
    """What one organization reported about one task."""

    task_id: int
    organization_id: int
    organization: str  # its name
    path: str  # its place in the tree (for the tree order)
    state: str  # one of STATES
    result: str
    figures: str = ""


@dataclass(frozen=True)
class Obligation:
    """One thing an organization owed in the period and how it stands on the report's day."""

    organization_id: int
    organization: str
    path: str
    title: str  # "Báo cáo năm 2023", or a deliverable's task ("III.3.a – Xây dựng kế hoạch thực hiện")
    task_id: int | None  # the deliverable's task; None for a periodic report
    due_on: datetime.date | None
    status: str  # Due.Status
    document_symbol: str = ""  # of the latest version handed in
    returned_reason: str = ""  # why the latest version was returned, if it was

    @property
    def is_deliverable(self) -> bool:
        return self.task_id is not None


def is_deliverable_task(task: Task) -> bool:
    """A task with a deadline of its own makes a deliverable; any other is a line of the periodic report."""
    if task.kind in (Task.Kind.DATED, Task.Kind.TRIGGERED):
        return True
    return task.kind == Task.Kind.ANNUAL and bool(task.annual_month and task.annual_day)


def _period_dues(*, plan: Plan, period: Period, organizations: QuerySet[Organization]) -> QuerySet[Due]:
    # The grassroots organizations' obligations; own work of the committee's bodies is not theirs to answer.
    return Due.objects.filter(
        plan=plan,
        due_on__gte=period.start,
        due_on__lte=period.end,
        organization__in=organizations.order_by().values("pk"),
    ).exclude(kind=Due.Kind.OWN)


def owing_organizations(*, plan: Plan, period: Period) -> QuerySet[Due]:
    """The organizations that owed the plan a deliverable or a periodic report in the period (as a subquery
    of their ids): the tree as it was then, whatever a reorganization has changed since."""
    return (
        Due.objects.filter(plan=plan, due_on__gte=period.start, due_on__lte=period.end)
        .exclude(kind=Due.Kind.OWN)
        .order_by()
        .values("organization_id")
    )


def waived_reporters(*, plan: Plan, period: Period, organizations: QuerySet[Organization]) -> set[int]:
    """The organizations whose periodic reports of the period the office marked not applicable, every one of
    them: they owe no answer, so none is missing (docs/domain.md §6)."""
    owed = ~Q(state=Due.State.NOT_APPLICABLE)
    return set(
        _period_dues(plan=plan, period=period, organizations=organizations)
        .filter(kind=Due.Kind.REPORT)
        .order_by()
        .values("organization_id")
        .annotate(owed=Count("pk", filter=owed))
        .filter(owed=0)
        .values_list("organization_id", flat=True)
    )


def task_answers(
    *, plan: Plan, period: Period, organizations: QuerySet[Organization]
) -> dict[int, list[Answer]]:
    """For each task, the latest answer of each organization that gave one in the period, in tree order.

    Each version handed in for a task's due states the work (not started, in progress, done) and says what was
    done: the latest one (of the latest due of the period) is the organization's answer. Versions withdrawn do
    not count; a returned one does (it is what the organization reported, until it sends the next)."""
    rows = (
        Submission.objects.active()
        .filter(due__in=_period_dues(plan=plan, period=period, organizations=organizations))
        .order_by("due__organization__path", "due__task_id", "due__due_on", "version")
        .values_list(
            "due__task_id",
            "due__organization_id",
            "due__organization__name",
            "due__organization__path",
            "work_status",
            "text",
        )
    )
    # A periodic report answers each task on its own line (docs/domain.md §6), a deliverable in its version.
    lines = (
        ReportLine.objects.filter(
            submission__withdrawn_at__isnull=True,
            due__in=_period_dues(plan=plan, period=period, organizations=organizations),
        )
        .order_by("due__organization__path", "task_id", "due__due_on", "submission__version")
        .values_list(
            "task_id",
            "due__organization_id",
            "due__organization__name",
            "due__organization__path",
            "state",
            "result",
            "submission_id",
        )
    )
    latest: dict[tuple[int, int], Answer] = {}
    for task_id, org_id, name, path, state, text in rows:
        if task_id is not None:
            latest[(task_id, org_id)] = Answer(task_id, org_id, name, path, state, (text or "").strip())
    for task_id, org_id, name, path, state, text, submission_id in lines:
        if submission_id is not None:  # a draft is not an answer
            latest[(task_id, org_id)] = Answer(task_id, org_id, name, path, state, (text or "").strip())
    answers: dict[int, list[Answer]] = defaultdict(list)
    for answer in sorted(latest.values(), key=lambda a: a.path):
        answers[answer.task_id].append(answer)
    return dict(answers)


def period_obligations(
    *,
    plan: Plan,
    period: Period,
    organizations: QuerySet[Organization],
    tasks: dict[int, Task],
    labels: dict[int, str],
    today: datetime.date,
) -> list[Obligation]:
    """The obligations of `organizations` that fell due in the period, in tree order: each deliverable, and
    each organization's periodic report (its dues for the tasks it reports on, taken together: the report
    is as far as its least advanced part)."""
    latest = Submission.objects.active().filter(due=OuterRef("pk")).order_by("-version").values("pk")[:1]
    dues = list(
        _period_dues(plan=plan, period=period, organizations=organizations)
        .annotate(shown=status_expression(today=today), latest_id=Subquery(latest, output_field=IntegerField()))
        .order_by("organization__path", "due_on", "task__position", "pk")
        .values_list(
            "organization_id", "organization__name", "organization__path", "task_id", "period", "due_on",
            "shown", "latest_id",
        )
    )  # fmt: skip
    versions = {
        s.pk: s
        for s in Submission.objects.filter(pk__in=[d[7] for d in dues if d[7]])
        .select_related("review")
        .only("pk", "document_symbol", "review__decision", "review__reason")
    }
    obligations: list[Obligation] = []
    reports: dict[tuple[int, str], list] = {}
    for org_id, name, path, task_id, due_period, due_on, status, latest_id in dues:
        if status == Due.Status.NOT_APPLICABLE:
            continue  # the office's mark: nothing is owed (docs/domain.md §6)
        version = versions.get(latest_id)
        symbol = version.document_symbol if version else ""
        review = getattr(version, "review", None) if version else None
        reason = review.reason if review is not None and review.decision == Review.Decision.RETURNED else ""
        if task_id is not None and (due_period == ONCE or is_deliverable_task(tasks[task_id])):
            obligations.append(
                Obligation(org_id, name, path, labels[task_id], task_id, due_on, status, symbol, reason)
            )
        else:
            reports.setdefault((org_id, due_period), []).append(
                Obligation(org_id, name, path, "", None, due_on, status, symbol, reason)
            )
    for (_org, due_period), parts in reports.items():
        obligations.append(_report_obligation(parts, title=report_title(due_period)))
    return sorted(obligations, key=lambda o: (o.path, o.due_on or datetime.date.max, o.title))


# A periodic report is as far as its least advanced part: one item overdue makes the report overdue.
_REPORT_ORDER = (
    Due.Status.OVERDUE,
    Due.Status.RETURNED,
    Due.Status.LATE,
    Due.Status.SUBMITTED,
    Due.Status.OPEN,
    Due.Status.WAITING,
    Due.Status.ACCEPTED,
)


def _report_obligation(parts: list[Obligation], *, title: str) -> Obligation:
    first = min(parts, key=lambda p: _REPORT_ORDER.index(p.status))
    reason = next((p.returned_reason for p in parts if p.returned_reason), "")
    symbol = next((p.document_symbol for p in parts if p.document_symbol), "")
    return Obligation(
        first.organization_id,
        first.organization,
        first.path,
        title,
        None,
        max(p.due_on for p in parts if p.due_on) if any(p.due_on for p in parts) else None,
        first.status,
        symbol,
        reason,
    )


def report_title(period_key: str) -> str:
    """ "Báo cáo năm 2023", "Báo cáo 6 tháng đầu năm 2023" (docs/domain.md §6, "shown as")."""
    from django.utils.translation import gettext as _

    return _("Report %(period)s") % {"period": period_words(period_key).lower()}
