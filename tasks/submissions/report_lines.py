"""The periodic report's lines (docs/domain.md §6, obligations): every task that applies to the organization,
each with the state of the work and a short result. A report is drafted (lines without a submission), then
handed in, returned and accepted as a whole: each version keeps its own lines.

``report_tasks`` says which tasks a report covers, ``report_initial`` what the form starts from (the draft,
else the latest version, else the previous period's report), ``report_save_draft`` and ``report_submit`` write.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction

from organizations.models import Organization
from tasks.models import Assignment, Due, ReportLine, Submission, Task
from tasks.submissions import services


@dataclass(frozen=True)
class LineValue:
    state: str = ""
    result: str = ""
    figure: str = ""


def assignment_covers(assignment: Assignment, organization: Organization) -> bool:
    """Whether `assignment` designates `organization`: tasks.planning.assignees.assignment_query, in Python."""
    anchor = assignment.organization
    if assignment.scope == Assignment.Scope.ONE:
        return anchor.pk == organization.pk
    if not organization.is_active or not organization.path.startswith(anchor.path):
        return False
    if assignment.kinds and organization.kind not in assignment.kinds:
        return False
    if assignment.scope == Assignment.Scope.CHILDREN:
        return organization.depth == anchor.depth + 1
    return organization.depth > anchor.depth


def report_tasks(*, due: Due) -> list[Task]:
    """The tasks of the report's plan that apply to its organization, in plan order (two queries)."""
    assignments = (
        Assignment.objects.filter(task__plan_id=due.plan_id).select_related("organization").order_by()
    )
    covered = {a.task_id for a in assignments if assignment_covers(a, due.organization)}
    tasks = Task.objects.filter(pk__in=covered).select_related("section").order_by("position", "pk")
    return list(tasks)


def _lines_of(lines) -> dict[int, LineValue]:
    return {line.task_id: LineValue(line.state, line.result, line.figure) for line in lines}


def report_initial(*, due: Due) -> tuple[dict[int, LineValue], str]:
    """What the form starts from, and where it comes from: "draft", "version" (the latest version handed in,
    e.g. after a return), "previous" (the organization's report of the period before), or ""."""
    draft = ReportLine.objects.filter(due=due, submission__isnull=True)
    if draft.exists():
        return _lines_of(draft), "draft"
    latest = Submission.objects.active().filter(due=due).order_by("-version").first()
    if latest is not None and latest.lines.exists():
        return _lines_of(latest.lines.all()), "version"
    previous = (
        Due.objects.filter(
            plan_id=due.plan_id,
            organization_id=due.organization_id,
            kind=Due.Kind.REPORT,
            due_on__lt=due.due_on,
        )
        .order_by("-due_on")
        .first()
    )
    if previous is not None:
        version = Submission.objects.active().filter(due=previous).order_by("-version").first()
        if version is not None:
            return _lines_of(version.lines.all()), "previous"
    return {}, ""


def _write_lines(*, due: Due, submission: Submission | None, lines: Mapping[int, LineValue]) -> None:
    ReportLine.objects.bulk_create(
        ReportLine(
            due=due, submission=submission, task_id=task_id, state=v.state, result=v.result, figure=v.figure
        )
        for task_id, v in lines.items()
    )


@transaction.atomic
def report_save_draft(*, due: Due, lines: Mapping[int, LineValue]) -> None:
    """Keep what was typed, without handing anything in."""
    ReportLine.objects.filter(due=due, submission__isnull=True).delete()
    _write_lines(due=due, submission=None, lines=lines)


def report_work_status(lines: Mapping[int, LineValue]) -> str:
    """The report as a whole: done when every applicable line is, not started when none has begun."""
    states = [v.state for v in lines.values() if v.state != ReportLine.State.NOT_APPLICABLE]
    if states and all(state == ReportLine.State.DONE for state in states):
        return Submission.WorkStatus.DONE
    if states and all(state == ReportLine.State.NOT_STARTED for state in states):
        return Submission.WorkStatus.NOT_STARTED
    return Submission.WorkStatus.IN_PROGRESS


@transaction.atomic
def report_submit(
    *,
    due: Due,
    user,
    lines: Mapping[int, LineValue],
    text: str = "",
    document_symbol: str = "",
    files: Sequence[UploadedFile] = (),
) -> Submission:
    """Hand the report in as one version with its lines (and notify, as any submission); the draft goes."""
    submission = services.due_submit_and_notify(
        due=due,
        user=user,
        text=text,
        work_status=report_work_status(lines),
        document_symbol=document_symbol,
        files=files,
    )
    ReportLine.objects.filter(due=due, submission__isnull=True).delete()
    _write_lines(due=due, submission=submission, lines=lines)
    return submission


def task_answers(*, task: Task, period: str) -> list[tuple[Organization, ReportLine]]:
    """What every organization answered for `task` in its report of `period` (the latest version handed in,
    withdrawn ones aside), in tree order: what the annual report is written from."""
    latest: dict[int, ReportLine] = {}
    lines = (
        ReportLine.objects.filter(
            task=task,
            submission__isnull=False,
            submission__withdrawn_at__isnull=True,
            due__period=period,
            due__kind=Due.Kind.REPORT,
        )
        .select_related("due__organization", "submission")
        .order_by("due__organization__path", "submission__version")
    )
    for line in lines:
        latest[line.due.organization_id] = line
    return [(line.due.organization, line) for line in latest.values()]
