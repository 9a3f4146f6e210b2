"""Section I of the report, "Kết quả thực hiện" (docs/domain.md §8.3): how the plan was rolled out (the
deliverables asked for, the implementation plans first), then task by task, by number, what the organizations
reported: how many have done it, are doing it, have not started, with the most substantive results quoted and
attributed. Written in the markup of reports/content/markup.py."""

from collections import Counter

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from plans.periods import period_phrase
from reports.content.answers import DONE, IN_PROGRESS, NOT_APPLICABLE, NOT_STARTED, STATES, Answer
from reports.content.common import capitalize
from reports.content.letterhead import issuing_body_name
from reports.content.markup import one_line, table_markup
from tasks.models import Due

QUOTES_PER_TASK = 3
QUOTE_LIMIT = 300  # characters of an answer quoted
MIN_QUOTED = 15  # an answer shorter than this says nothing worth quoting ("Đã thực hiện.")
NAMES_LIMIT = 8  # organizations named in a sentence before "and N others"
HANDED_IN = (Due.Status.SUBMITTED, Due.Status.LATE, Due.Status.ACCEPTED)


def state_label(state: str) -> str:
    """The state of a task's work, as a periodic report's line says it (docs/domain.md §6)."""
    return {
        DONE: pgettext("work state", "Completed"),
        IN_PROGRESS: pgettext("work state", "In progress"),
        NOT_STARTED: pgettext("work state", "Not started"),
        NOT_APPLICABLE: pgettext("work state", "Not applicable"),
    }[state]


def names(items: list[str], *, limit: int = NAMES_LIMIT) -> str:
    """ "A, B, C" or "A, B, C and 5 other organizations"."""
    if len(items) <= limit:
        return ", ".join(items)
    return _("%(names)s and %(n)s other organizations") % {
        "names": ", ".join(items[:limit]),
        "n": len(items) - limit,
    }


def quote(text: str, *, limit: int = QUOTE_LIMIT) -> str:
    text = one_line(text)
    if len(text) > limit:
        text = text[:limit].rsplit(" ", 1)[0].rstrip(" ,.;:") + "…"
    return text


def substantive(answers: list[Answer], *, count: int = QUOTES_PER_TASK) -> list[Answer]:
    """The answers most worth quoting: work done before work in progress, then those that give figures,
    then the fuller ones; answers too short to say anything are left out."""
    candidates = [a for a in answers if len(one_line(a.result)) >= MIN_QUOTED]

    def weight(answer: Answer) -> tuple:
        text = answer.result + " " + answer.figures
        return (answer.state == DONE, sum(ch.isdigit() for ch in text) > 0, len(text))

    chosen, seen = [], set()
    for answer in sorted(candidates, key=weight, reverse=True):
        said = one_line(answer.result).casefold()
        if said not in seen:  # the same words from several organizations are quoted once
            chosen.append(answer)
            seen.add(said)
    return chosen[:count]


def plan_reference(facts) -> str:
    """ "Kế hoạch số 62-KH/ĐUK ngày 15/02/2023 của Ban Thường vụ Đảng ủy Khối các cơ quan tỉnh"; the committee
    left out when it is the one writing (it is named as the subject of the sentence)."""
    document = facts.plan.document
    words = {"symbol": document.symbol}
    if document.issued_on:
        words["date"] = date_format(document.issued_on, "SHORT_DATE_FORMAT")
    if facts.is_committee:
        if document.issued_on:
            return _("Plan No. %(symbol)s of %(date)s") % words
        return _("Plan No. %(symbol)s") % words
    words["committee"] = _("the Standing Committee of %(committee)s") % {"committee": _committee_name(facts)}
    if document.issued_on:
        return _("Plan No. %(symbol)s of %(date)s of %(committee)s") % words
    return _("Plan No. %(symbol)s of %(committee)s") % words


def _committee_name(facts) -> str:
    return issuing_body_name(facts.plan.owner)


# --- 1. rolling the plan out: the deliverables ----------------------------------------------------------------
def deliverable_line(label: str, obligations: list, *, own: bool) -> str:
    """One deliverable task: who has handed it in and who has not (or, in an organization's own report,
    whether it has)."""
    due_on = min((o.due_on for o in obligations if o.due_on), default=None)
    head = label + (
        _(" (due %(date)s)") % {"date": date_format(due_on, "SHORT_DATE_FORMAT")} if due_on else ""
    )
    counts = Counter(o.status for o in obligations)
    if own:
        return f"- {head}: {_own_deliverable(obligations[0])}"
    handed = sum(counts[s] for s in HANDED_IN) + counts[Due.Status.RETURNED]
    parts = [
        _("%(handed)s of %(owed)s organizations have handed it in")
        % {"handed": handed, "owed": len(obligations)}
    ]
    for status, words in (
        (Due.Status.ACCEPTED, _("%(n)s accepted")),
        (Due.Status.LATE, _("%(n)s handed in late")),
        (Due.Status.RETURNED, _("%(n)s returned to be completed")),
    ):
        if counts[status]:
            parts.append(words % {"n": counts[status]})
    line = f"- {head}: " + ", ".join(parts)
    missing = [o.organization for o in obligations if o.status == Due.Status.OVERDUE]
    if missing:
        line += _("; not yet handed in: %(names)s") % {"names": names(missing)}
    return line + "."


def _own_deliverable(obligation) -> str:
    words = {
        Due.Status.ACCEPTED: _("handed in and accepted"),
        Due.Status.SUBMITTED: _("handed in, awaiting review"),
        Due.Status.LATE: _("handed in after the deadline"),
        Due.Status.RETURNED: _("returned to be completed"),
        Due.Status.OVERDUE: _("not yet handed in, overdue"),
        Due.Status.OPEN: _("not yet due"),
    }
    text = words.get(obligation.status, "")
    if obligation.document_symbol:
        text += _(" (document No. %(symbol)s)") % {"symbol": obligation.document_symbol}
    return text + "."


def rollout_lines(facts) -> list[str]:
    own = not facts.is_committee
    intro = _("Carrying out %(plan)s, %(writer)s has %(action)s. The results %(period)s are as follows:") % {
        "plan": plan_reference(facts),
        "period": period_phrase(facts.period),
        "writer": facts.writer,
        "action": _("rolled the plan out in its organization")
        if own
        else _("led and directed the Party organizations under it in carrying it out"),
    }
    lines = [_("# 1. Leadership, direction and roll-out"), intro]
    by_task: dict[int, list] = {}
    for obligation in facts.obligations:
        if obligation.is_deliverable and (not own or obligation.organization_id == facts.issuer.pk):
            by_task.setdefault(obligation.task_id, []).append(obligation)
    for task in facts.tasks:
        if task.pk in by_task:
            lines.append(deliverable_line(facts.labels[task.pk], by_task[task.pk], own=own))
    return lines


# --- 2. task by task ------------------------------------------------------------------------------------------
def counts_sentence(answers: list[Answer], expected: int) -> str:
    counts = Counter(a.state for a in answers)
    words = {
        DONE: _("%(n)s completed"),
        IN_PROGRESS: _("%(n)s in progress"),
        NOT_STARTED: _("%(n)s not started"),
        NOT_APPLICABLE: _("%(n)s not applicable"),
    }
    parts = [words[state] % {"n": counts[state]} for state in STATES if counts[state]]
    silent = max(expected - len(answers), 0)
    if silent:
        parts.append(_("%(n)s have not reported") % {"n": silent})
    return _("Of %(total)s organizations: %(parts)s.") % {
        "total": max(expected, len(answers)),
        "parts": ", ".join(parts),
    }


def task_lines(facts, task) -> list[str]:
    """One task: its label as a sub-heading, what the organizations reported (in an organization's own report,
    its own answer first, then its sub-units'), and the answers most worth quoting."""
    lines = [f"# {facts.labels[task.pk]}"]
    expected = facts.expected.get(task.pk, set())
    if facts.is_committee:
        answers = facts.answers.get(task.pk, [])
    else:
        own = facts.own_answer(task.pk)
        if own is None:
            lines.append(_("Not reported on yet."))
        else:
            result = one_line(own.result)
            lines.append(f"{state_label(own.state)}." + (f" {capitalize(result)}" if result else ""))
        answers, expected = facts.others(task.pk), expected - {facts.issuer.pk}
        if not answers and not expected:
            return lines
    if not answers:
        lines.append(_("No organization has reported on this task yet."))
        return lines
    lines.append(counts_sentence(answers, len(expected)))
    return lines + [f"- {a.organization}: “{quote(a.result)}”" for a in substantive(answers)]


def reported_tasks(facts) -> list:
    """The tasks section I goes through one by one: those the organizations carry out (for an organization, those
    it or the organizations under it carry out)."""
    return organizations_tasks(facts)


def committee_tasks_lines(facts) -> list[str]:
    """The tasks no organization reports on (the Standing Committee's, its bodies'): one line each, for the
    office to complete from what the bodies in charge did."""
    tasks = [t for t in facts.line_tasks if t not in organizations_tasks(facts)]
    if not tasks:
        return []
    lines = [_("# 3. Tasks carried out by the Standing Committee and its advisory bodies")]
    return lines + [f"- {facts.labels[task.pk]}: " + _("[to complete]") for task in tasks]


def figures_table(facts) -> str:
    """Per task, how many organizations are at each state, and how many have not reported."""
    header = [_("Task"), *(state_label(state) for state in STATES), _("Not reported")]
    rows = [header]
    for task in organizations_tasks(facts):
        answers = facts.answers.get(task.pk, [])
        counts = Counter(a.state for a in answers)
        silent = max(len(facts.expected.get(task.pk, ())) - len(answers), 0)
        rows.append([facts.numbers[task.pk], *(str(counts[state]) for state in STATES), str(silent)])
    return table_markup(rows)


def organizations_tasks(facts) -> list:
    """The tasks of the periodic reports that some organization carries out or has answered."""
    return [t for t in facts.line_tasks if facts.expected.get(t.pk) or facts.answers.get(t.pk)]


def reports_sentence(facts) -> str:
    """How many organizations have handed in their periodic report: each counted once, by its latest report
    of the period."""
    latest: dict[int, object] = {}
    for obligation in facts.obligations:
        if not obligation.is_deliverable:
            latest[obligation.organization_id] = obligation  # in date order: the last one stays
    handed = sum(1 for o in latest.values() if o.status in HANDED_IN or o.status == Due.Status.RETURNED)
    return _("%(handed)s of %(owed)s organizations have handed in their report %(period)s.") % {
        "handed": handed,
        "owed": len(latest),
        "period": period_phrase(facts.period),
    }


def draft_results(facts) -> str:
    lines = rollout_lines(facts)
    lines.append(_("# 2. Results task by task"))
    if facts.is_committee:
        lines.append(reports_sentence(facts) + " " + _("The results of each task are as follows."))
        lines.append(figures_table(facts))
    for task in reported_tasks(facts):
        lines += task_lines(facts, task)
    if facts.is_committee:
        lines += committee_tasks_lines(facts)
    return "\n".join(lines)
