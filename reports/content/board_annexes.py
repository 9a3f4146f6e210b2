"""The annexes a report may carry, as its author chooses them (docs/domain.md §8.3): compact, one row per
organization or per task, so that a bloc of a thousand organizations fills pages, not volumes."""

from collections import Counter

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from reports.content.answers import STATES
from reports.content.board import BoardFacts
from reports.content.board_results import organizations_tasks, state_label
from reports.content.common import Column, Table, status_label

ORGANIZATIONS, TASKS = "organizations", "tasks"


def organizations_annex(facts: BoardFacts) -> Table:
    """One row per organization: each deliverable's and the periodic report's state, then its tasks by the
    state it reported."""
    deliverables = [t for t in facts.tasks if any(o.task_id == t.pk for o in facts.obligations)]
    status: dict[tuple[int, int | None], str] = {}
    for obligation in facts.obligations:
        status[(obligation.organization_id, obligation.task_id)] = status_label(obligation.status)
    counts: dict[int, Counter] = {o.pk: Counter() for o in facts.organizations}
    for task in facts.line_tasks:  # the lines of the periodic reports, not the deliverables
        for answer in facts.answers.get(task.pk, []):
            counts.setdefault(answer.organization_id, Counter())[answer.state] += 1
    rows = []
    for i, organization in enumerate(facts.organizations, start=1):
        rows.append(
            [
                i,
                organization.name,
                *(status.get((organization.pk, task.pk), "") for task in deliverables),
                status.get((organization.pk, None), ""),
                *(counts[organization.pk][state] for state in STATES[:3]),
            ]
        )
    return Table(
        key=ORGANIZATIONS,
        title=_("What each organization handed in and reported"),
        sheet=pgettext("sheet name", "Organizations"),
        note=_("Tasks: how many tasks the organization reported at each state."),
        columns=[
            Column(pgettext("table column", "No."), 5, "int"),
            Column(_("Party organization"), 0),
            *(Column(facts.numbers[task.pk], 11) for task in deliverables),
            Column(_("Periodic report"), 11),
            *(Column(state_label(state), 9, "int") for state in STATES[:3]),
        ],
        rows=rows,
    )


def tasks_annex(facts: BoardFacts) -> Table:
    """One row per task of the periodic reports: how many organizations reported each state."""
    rows = []
    for task in organizations_tasks(facts):
        answers = facts.answers.get(task.pk, [])
        counts = Counter(a.state for a in answers)
        silent = max(len(facts.expected.get(task.pk, ())) - len(answers), 0)
        rows.append([facts.labels[task.pk], *(counts[state] for state in STATES), silent])
    return Table(
        key=TASKS,
        title=_("How far each task has got across the organizations"),
        sheet=pgettext("sheet name", "Tasks"),
        columns=[
            Column(_("Task"), 0),
            *(Column(state_label(state), 10, "int") for state in STATES),
            Column(_("Not reported"), 10, "int"),
        ],
        rows=rows,
    )


ANNEXES = {ORGANIZATIONS: organizations_annex, TASKS: tasks_annex}


def board_annexes(facts: BoardFacts, chosen: list[str]) -> list[Table]:
    return [ANNEXES[key](facts) for key in ANNEXES if key in chosen]
