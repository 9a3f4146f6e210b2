"""The dashboard's bloc-wide figures (docs/domain.md §7): how many obligations fall due this week, are overdue
and wait for review, and the organizations most behind, kept current with the journal of due changes
(tasks/monitoring/journal.py) rather than counted again after every submission.

The ranking keeps MARGIN organizations more than it shows. After changes, the counts of those kept are moved
by what the changes moved, an organization touched that was not kept is counted on its own (its dues
only), and the rows are ranked again, names in the database's order (`_ranked_again`); the ranking is still
exact if every organization shown is ahead of the last one kept when counted, since no organization left out
has changed since (`_still_exact`). Otherwise it is counted again.
"""

import datetime

from django.db.models import Count, Q, QuerySet

from organizations.access import Access
from organizations.models import Organization
from plans.models import Plan
from tasks.models import Due
from tasks.monitoring.journal import Change, Counted, Journal
from tasks.monitoring.remembered import remembered

MARGIN = 40


def _ranked(dues: QuerySet[Due], *, late: Q, review: Q, size: int | None) -> list[dict]:
    ranked = (
        dues.filter(late | review)
        .values("organization_id", "organization__name", "plan_id", "plan__document__symbol")
        .annotate(overdue=Count("pk", filter=late), to_review=Count("pk", filter=review))
        .order_by("-overdue", "-to_review", "organization__name", "organization_id", "plan_id")
    )
    return list(ranked if size is None else ranked[:size])


def _ranked_again(
    kept: list[dict], delta: dict[tuple[int, int], list[int]], *, today: datetime.date
) -> list[dict]:
    """`kept` (rows of `_ranked`) with the changes since they were counted: `delta` gives, per (organization,
    plan) touched, how much its overdue and waiting-for-review counts moved. A pair kept is moved by its delta;
    a pair touched that was not kept is counted (its dues only, no join); the rows are then put in `_ranked`'s
    order. Names are ordered by the database, whose collation Python cannot reproduce: one query over the few
    organizations shown. None if a count went below zero (the kept figures were not what the journal assumed)."""
    rows = {_pair(row): dict(row) for row in kept}
    for pair, (overdue, to_review) in delta.items():
        if pair in rows:
            rows[pair]["overdue"] += overdue
            rows[pair]["to_review"] += to_review
    outside = delta.keys() - rows.keys()
    if outside:
        open_past, review = Q(state=Due.State.OPEN, due_on__lt=today), Q(state=Due.State.SUBMITTED)
        # Every plan of every organization touched (two short IN lists); other pairs are dropped below.
        counted = (
            Due.objects.filter(
                organization_id__in=sorted({organization for organization, _plan in outside}),
                plan_id__in=sorted({plan for _organization, plan in outside}),
            )
            .exclude(kind=Due.Kind.OWN)
            .filter(open_past | review)
            .values_list("organization_id", "plan_id")
            .annotate(open_past=Count("pk", filter=open_past), to_review=Count("pk", filter=review))
            .order_by()
        )
        for organization_id, plan_id, overdue, to_review in counted:
            if (organization_id, plan_id) in outside:
                rows[organization_id, plan_id] = {
                    "organization_id": organization_id,
                    "plan_id": plan_id,
                    "overdue": overdue,
                    "to_review": to_review,
                }
    if any(row["overdue"] < 0 or row["to_review"] < 0 for row in rows.values()):
        return None
    organizations = (
        Organization.objects.filter(pk__in=sorted({organization for organization, _plan in rows}))
        .order_by("name", "pk")
        .values_list("pk", "name", "ended_on")
    )
    found = {pk: (index, name, ended_on) for index, (pk, name, ended_on) in enumerate(organizations)}
    for (organization_id, _plan), row in rows.items():
        _index, row["organization__name"], ended_on = found[organization_id]
        if ended_on is not None:  # an ended organization's open dues are not overdue (`conditions`)
            row["overdue"] = 0
    symbols = {row["plan_id"]: row["plan__document__symbol"] for row in kept}
    missing = {plan for _organization, plan in rows} - symbols.keys()
    if missing:
        symbols.update(Plan.objects.filter(pk__in=sorted(missing)).values_list("pk", "document__symbol"))
    ranked = []
    for row in rows.values():
        if row["overdue"] or row["to_review"]:
            row["plan__document__symbol"] = symbols[row["plan_id"]]
            ranked.append(row)
    ranked.sort(
        key=lambda row: (-row["overdue"], -row["to_review"], found[row["organization_id"]][0], row["plan_id"])
    )
    return ranked


def _pair(row: dict) -> tuple[int, int]:
    return row["organization_id"], row["plan_id"]


def _still_exact(kept: list[dict], boundary: dict | None, touched: set, limit: int) -> bool:
    """Whether the first `limit` of `kept` (ranked again by `_ranked_again`) are the first of the whole bloc.
    Every organization left out when counting is unchanged and ranks after `boundary`, the last one kept:
    if that one is unchanged too, it was ranked again among `kept`, and `limit` must come before it;
    if it changed, each of the first `limit` must have strictly more than it had."""
    if boundary is None:
        return True
    if _pair(boundary) not in touched:
        place = next((index for index, row in enumerate(kept) if _pair(row) == _pair(boundary)), -1)
        return place >= limit
    ahead = (boundary["overdue"], boundary["to_review"])
    return len(kept) >= limit and all((row["overdue"], row["to_review"]) > ahead for row in kept[:limit])


def conditions(today: datetime.date) -> tuple[Q, Q, Q]:
    """Due this week, overdue, waiting for review. An ended organization's open dues (dated before its end,
    so not passed on) are history, not work to chase: neither due soon nor overdue (docs/domain.md,
    "Reorganizations")."""
    week_end = today + datetime.timedelta(days=6)
    current = Q(organization__ended_on__isnull=True)
    soon = Q(state=Due.State.OPEN, due_on__gte=today, due_on__lte=week_end) & current
    late = Q(state=Due.State.OPEN, due_on__lt=today) & current
    return soon, late, Q(state=Due.State.SUBMITTED)


def grassroots_dues(access: Access) -> QuerySet[Due]:
    """The grassroots organizations' obligations the user sees: the own work of the committee's bodies is
    not ranked here (docs/domain.md §6)."""
    return Due.objects.filter(access.org_q("organization__")).exclude(kind=Due.Kind.OWN)


def bloc_figures(*, key: str, access: Access, today: datetime.date, limit: int) -> dict:
    """{"counts": {due_soon, overdue, to_review}, "by_organization": the `limit` organizations (with their
    plan) with the most overdue obligations, then the most waiting for review}, over `grassroots_dues`."""
    dues = grassroots_dues(access)
    week_end = today + datetime.timedelta(days=6)
    soon, late, review = conditions(today)

    def compute() -> dict:
        counts = dues.filter(state__in=[Due.State.OPEN, Due.State.SUBMITTED]).aggregate(
            due_soon=Count("pk", filter=soon),
            overdue=Count("pk", filter=late),
            to_review=Count("pk", filter=review),
        )
        kept = _ranked(dues, late=late, review=review, size=limit + MARGIN)
        # Every organization left out ranks after the last one kept: None when none was left out.
        boundary = dict(kept[-1]) if len(kept) == limit + MARGIN else None
        return {"counts": counts, "by_organization": kept, "boundary": boundary}

    def flags(counted: Counted, is_current: bool) -> tuple[int, int, int]:
        due_on, state = counted.due_on, counted.state
        is_open = state == Due.State.OPEN and due_on is not None and is_current
        return (
            int(is_open and today <= due_on <= week_end),
            int(is_open and due_on < today),
            int(state == Due.State.SUBMITTED),
        )

    def apply(figures: dict, changes: list[Change]) -> dict | None:
        counts = dict(figures["counts"])
        delta: dict[tuple[int, int], list[int]] = {}
        for change in changes:
            is_current = change.fields["organization__ended_on"] is None
            before, after = flags(change.before, is_current), flags(change.after, is_current)
            for name, was, now in zip(("due_soon", "overdue", "to_review"), before, after, strict=True):
                counts[name] += now - was
            if before[1:] != after[1:]:
                moved = delta.setdefault((change.fields["organization_id"], change.fields["plan_id"]), [0, 0])
                moved[0] += after[1] - before[1]
                moved[1] += after[2] - before[2]
        if min(counts.values()) < 0:
            return None
        kept = figures["by_organization"]
        if delta:
            kept = _ranked_again(kept, delta, today=today)
            if kept is None or not _still_exact(kept, figures["boundary"], set(delta), limit):
                return None
        return {**figures, "counts": counts, "by_organization": kept}

    journal = Journal(
        members=lambda: dues, fields=("organization_id", "plan_id", "organization__ended_on"), apply=apply
    )
    figures = remembered(key=key, compute=compute, journal=journal, day=today)
    return {"counts": figures["counts"], "by_organization": figures["by_organization"][:limit]}
