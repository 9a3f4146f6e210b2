"""Sections II to IV of the report (docs/domain.md §8.3): II. shortcomings and their causes, drafted from the
obligations missing, late and returned and from the tasks not started; III. the tasks ahead, those still
open; IV. proposals. What the data cannot say (the causes, the proposals) is left in brackets for staff to
write. Written in the markup of reports/content/markup.py."""

from collections import defaultdict

from django.utils.translation import gettext as _

from reports.content.answers import DONE, NOT_APPLICABLE, NOT_STARTED
from reports.content.board_results import names
from reports.content.markup import one_line
from tasks.models import Due

RETURNED_LIMIT = 10  # returned obligations listed one by one, with their reasons


def _grouped(obligations, status) -> dict[str, list[str]]:
    """Obligation title → the organizations whose obligation has `status`, in tree order."""
    grouped: dict[str, list[str]] = defaultdict(list)
    for obligation in obligations:
        if obligation.status == status:
            grouped[obligation.title].append(obligation.organization)
    return grouped


def _whose(facts, organizations: list[str]) -> str:
    """The organizations named in a line: nobody named when the organization writes about itself alone."""
    if organizations == [facts.issuer.name]:
        return ""
    return names(organizations)


def obligation_lines(facts) -> list[str]:
    lines = []
    for title, who in _grouped(facts.obligations, Due.Status.OVERDUE).items():
        whose = _whose(facts, who)
        lines.append(
            _("- %(title)s: not handed in by %(n)s organizations: %(names)s.")
            % {"title": title, "n": len(who), "names": whose}
            if whose
            else _("- %(title)s: not handed in yet, overdue.") % {"title": title}
        )
    for title, who in _grouped(facts.obligations, Due.Status.LATE).items():
        whose = _whose(facts, who)
        lines.append(
            _("- %(title)s: handed in after the deadline by %(n)s organizations: %(names)s.")
            % {"title": title, "n": len(who), "names": whose}
            if whose
            else _("- %(title)s: handed in after the deadline.") % {"title": title}
        )
    returned = [o for o in facts.obligations if o.status == Due.Status.RETURNED]
    for obligation in returned[:RETURNED_LIMIT]:
        whose = _whose(facts, [obligation.organization])
        reason = one_line(obligation.returned_reason).rstrip(" .") or "…"
        lines.append(
            _("- %(title)s of %(organization)s was returned to be completed (%(reason)s).")
            % {"title": obligation.title, "organization": whose, "reason": reason}
            if whose
            else _("- %(title)s was returned to be completed (%(reason)s).")
            % {"title": obligation.title, "reason": reason}
        )
    if len(returned) > RETURNED_LIMIT:
        lines.append(_("- %(n)s more were returned to be completed.") % {"n": len(returned) - RETURNED_LIMIT})
    return lines


def not_started_lines(facts) -> list[str]:
    lines = []
    for task in facts.line_tasks:
        who = [a.organization for a in facts.answers.get(task.pk, []) if a.state == NOT_STARTED]
        if not who:
            continue
        whose = _whose(facts, who)
        lines.append(
            _("- %(task)s: not started in %(n)s organizations: %(names)s.")
            % {"task": facts.labels[task.pk], "n": len(who), "names": whose}
            if whose
            else _("- %(task)s: not started yet.") % {"task": facts.labels[task.pk]}
        )
    return lines


def draft_shortcomings(facts) -> str:
    found = obligation_lines(facts) + not_started_lines(facts)
    lines = [_("# 1. Shortcomings")]
    lines += found or [_("[To complete: the shortcomings in carrying out the plan.]")]
    lines += [
        _("# 2. Causes"),
        _("[To complete: the objective and subjective causes of the shortcomings above.]"),
    ]
    return "\n".join(lines)


def open_tasks(facts) -> list[tuple[object, int]]:
    """(task, organizations that have not completed it) for each task still open, in the plan's order: some
    organization that carries it out has not reported it done (or, in an organization's own report, the
    organization itself has not)."""
    result = []
    for task in facts.line_tasks:
        answers = facts.answers.get(task.pk, [])
        finished = {a.organization_id for a in answers if a.state in (DONE, NOT_APPLICABLE)}
        if facts.is_committee:
            owing = facts.expected.get(task.pk, set()) | {a.organization_id for a in answers}
        else:
            owing = {facts.issuer.pk} & (
                facts.expected.get(task.pk, set()) | {a.organization_id for a in answers}
            )
        left = len(owing - finished)
        if left:
            result.append((task, left))
    return result


def draft_directions(facts) -> str:
    plan = facts.plan.document.symbol
    lines = [
        (
            _(
                "Continue to lead and direct the Party organizations in carrying out Plan No. %(plan)s, "
                "concentrating on the following tasks:"
            )
            if facts.is_committee
            else _("Continue to carry out Plan No. %(plan)s, concentrating on the following tasks:")
        )
        % {"plan": plan}
    ]
    for task, left in open_tasks(facts):
        lines.append(
            _("- %(task)s: %(n)s organizations have not completed it yet.")
            % {"task": facts.labels[task.pk], "n": left}
            if facts.is_committee
            else f"- {facts.labels[task.pk]}."
        )
    missing = sorted(
        {o.title for o in facts.obligations if o.status in (Due.Status.OVERDUE, Due.Status.RETURNED)}
    )
    if missing:
        lines.append(
            _("- Hand in what is still missing or was returned: %(titles)s.") % {"titles": "; ".join(missing)}
        )
    lines.append(_("[To complete: the other tasks of the coming period.]"))
    return "\n".join(lines)


def draft_proposals(facts) -> str:
    lines = []
    for task in facts.waiting_tasks:
        awaited = task.awaited_issuer.name if task.awaited_issuer_id else _("the superior committee")
        lines.append(
            _("- Ask %(issuer)s to issue its guidance soon, so that task %(task)s can be carried out.")
            % {"issuer": awaited, "task": facts.labels[task.pk]}
        )
    behind = [
        facts.numbers[task.pk]
        for task in facts.line_tasks
        if sum(1 for a in facts.answers.get(task.pk, []) if a.state == NOT_STARTED) >= 2
    ]
    if behind:
        lines.append(
            _("- On the tasks many organizations have not started (%(tasks)s): [to complete].")
            % {"tasks": ", ".join(behind)}
        )
    lines.append(_("[To complete: the proposals and recommendations to the superior bodies.]"))
    return "\n".join(lines)
