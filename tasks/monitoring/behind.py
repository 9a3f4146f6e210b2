"""The dashboard's bloc-wide figures (docs/domain.md §7): how many obligations fall due this week, are overdue
and wait for review, and the organizations most behind, kept current with the journal of due changes
(tasks/monitoring/journal.py) rather than counted again after every submission.

The ranking keeps MARGIN organizations more than it shows. After changes, the organizations they touched and
those kept are ranked again in the database (a query on their dues only); the ranking is still exact if
every organization shown is ahead of the last one kept when counted, since no organization left out has
changed since (`_still_exact`). Otherwise it is counted again.
"""

import datetime

from django.db.models import Case, Count, F, OuterRef, Q, QuerySet, Subquery, Value, When

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


def _ranked_again(pairs: Q, *, today: datetime.date) -> list[dict]:
    """`_ranked` for a few (organization, plan) pairs, every one the user sees (kept from the count, or
    touched by a due of `grassroots_dues`): the dues of those pairs are counted first, and only then is each
    organization's name and end looked up, by its key; joining the organizations to the dues would make the
    database read all of them. The same rows in the same order as `_ranked`."""
    open_past = Q(state=Due.State.OPEN, due_on__lt=today)
    review = Q(state=Due.State.SUBMITTED)
    organization = Organization.objects.filter(pk=OuterRef("organization_id")).order_by()
    rows = (
        Due.objects.filter(pairs)
        .exclude(kind=Due.Kind.OWN)
        .filter(open_past | review)
        .values("organization_id", "plan_id")
        .annotate(open_past=Count("pk", filter=open_past), to_review=Count("pk", filter=review))
        .annotate(
            name=Subquery(organization.values("name")),
            ended_on=Subquery(organization.values("ended_on")),
            symbol=Subquery(
                Plan.objects.filter(pk=OuterRef("plan_id")).order_by().values("document__symbol")
            ),
        )
        # An ended organization's open dues are not overdue (`conditions`).
        .annotate(overdue=Case(When(ended_on__isnull=False, then=Value(0)), default=F("open_past")))
        .filter(Q(overdue__gt=0) | Q(to_review__gt=0))
        .order_by("-overdue", "-to_review", "name", "organization_id", "plan_id")
    )
    return [
        {
            "organization_id": row["organization_id"],
            "organization__name": row["name"],
            "plan_id": row["plan_id"],
            "plan__document__symbol": row["symbol"],
            "overdue": row["overdue"],
            "to_review": row["to_review"],
        }
        for row in rows
    ]


def _pair(row: dict) -> tuple[int, int]:
    return row["organization_id"], row["plan_id"]


def _still_exact(kept: list[dict], boundary: dict | None, touched: set, limit: int) -> bool:
    """Whether the first `limit` of `kept` (ranked again in the database) are the first of the whole bloc.
    Every organization left out when counting is unchanged and ranks after `boundary`, the last one kept:
    if that one is unchanged too, the database ranked it among `kept`, and `limit` must come before it;
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
        touched = set()
        for change in changes:
            is_current = change.fields["organization__ended_on"] is None
            before, after = flags(change.before, is_current), flags(change.after, is_current)
            for name, was, now in zip(("due_soon", "overdue", "to_review"), before, after, strict=True):
                counts[name] += now - was
            if before[1:] != after[1:]:
                touched.add((change.fields["organization_id"], change.fields["plan_id"]))
        if min(counts.values()) < 0:
            return None
        kept = figures["by_organization"]
        if touched:
            pairs = touched | {_pair(row) for row in kept}
            where = Q(pk__in=[])
            for organization_id, plan_id in sorted(pairs):
                where |= Q(organization_id=organization_id, plan_id=plan_id)
            kept = _ranked_again(where, today=today)
            if not _still_exact(kept, figures["boundary"], touched, limit):
                return None
        return {**figures, "counts": counts, "by_organization": kept}

    journal = Journal(
        members=lambda: dues, fields=("organization_id", "plan_id", "organization__ended_on"), apply=apply
    )
    figures = remembered(key=key, compute=compute, journal=journal, day=today)
    return {"counts": figures["counts"], "by_organization": figures["by_organization"][:limit]}
