"""Totals kept current on write (docs/architecture.md, monitoring): every change of what a due counts as is
written to the journal (tasks.monitoring.models.DueChange) in the transaction that makes it, and a remembered
total reads the changes written since it was counted and applies them, instead of counting the bloc again.

A total that follows the journal says so with a `Journal`: which dues it counts (`members`, a function
returning a queryset that does not depend on a due's state or date), what it needs to know of each (`fields`), and how to apply changes
(`apply`, which returns the updated total, or None when it cannot and the total must be counted again).

Which changes a total already holds is kept with it as a position (every change up to that id) and the ids
above it that it holds too. A change is only taken into the position once it is SETTLE_SECONDS old: a
transaction that wrote an earlier id may still be open, and its change must not be passed over when it
commits.
"""

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, NamedTuple

from django.db.models import QuerySet
from django.utils import timezone

from tasks.models import Due, DueChange
from tasks.planning.deadlines import due_status

SETTLE_SECONDS = 10  # longer than any transaction that writes a change stays open
JOURNAL_LIMIT = 2000  # more changes than this since a total was counted: it is counted again
KEPT = datetime.timedelta(
    days=2
)  # a remembered total is counted again at least daily (its key holds the day)


class Counted(NamedTuple):
    """What a due counts as: its state, first submission and date."""

    state: str
    submitted_at: datetime.datetime | None
    due_on: datetime.date | None

    def status(self, today: datetime.date) -> str:
        return due_status(
            state=self.state, due_on=self.due_on, first_submitted_at=self.submitted_at, today=today
        )


def counted(due: Due) -> Counted:
    return Counted(due.state, due.first_submitted_at, due.due_on)


def journal_record(due: Due, before: Counted) -> None:
    """Write the change of `due` since `before` (its `counted` before the change), if it counts differently.
    Called by every service that moves a due, after saving it, in the same transaction."""
    after = counted(due)
    if after == before:
        return
    DueChange.objects.create(
        due_id=due.pk,
        before_state=before.state,
        before_submitted_at=before.submitted_at,
        before_due_on=before.due_on,
        state=after.state,
        submitted_at=after.submitted_at,
        due_on=after.due_on,
    )


@dataclass(frozen=True)
class Change:
    """One change of a due a total counts: `fields` are the due's values the total asked for."""

    fields: dict
    before: Counted
    after: Counted


@dataclass(frozen=True)
class Journal:
    members: Callable[[], QuerySet[Due]]  # built only when there are changes to apply
    fields: tuple[str, ...]
    apply: Callable[[Any, list[Change]], Any | None]


@dataclass(frozen=True)
class Held:
    """Which changes a total holds: every one up to `position`, and `above` (ids over it)."""

    position: int
    above: frozenset[int] = frozenset()


class _Row(NamedTuple):
    pk: int
    due_id: int
    at: datetime.datetime
    before: Counted
    after: Counted


def _rows(queryset) -> list[_Row]:
    values = queryset.values_list(
        "pk",
        "due_id",
        "at",
        "before_state",
        "before_submitted_at",
        "before_due_on",
        "state",
        "submitted_at",
        "due_on",
    )
    return [_Row(r[0], r[1], r[2], Counted(*r[3:6]), Counted(*r[6:9])) for r in values]


def _settled(rows: Iterable[_Row], held: Held) -> Held:
    """What `held` plus `rows` (every visible change above its position) becomes: the position moves up to
    the newest change old enough to be sure no earlier id is still to commit."""
    rows = list(rows)
    cutoff = timezone.now() - datetime.timedelta(seconds=SETTLE_SECONDS)
    position = max([held.position, *(row.pk for row in rows if row.at < cutoff)])
    above = frozenset(row.pk for row in rows if row.pk > position) | {
        pk for pk in held.above if pk > position
    }
    return Held(position, above)


def journal_held() -> Held:
    """The changes a total counted now holds: read in the same snapshot as the count
    (remembered._snapshot)."""
    newest = _rows(DueChange.objects.order_by("-pk")[:JOURNAL_LIMIT])
    if not newest:
        return Held(0)
    oldest = min(row.pk for row in newest)
    return _settled(newest, Held(oldest - 1))


def journal_catch_up(value, held: Held, journal: Journal, newest: int | None) -> tuple[Any, Held] | None:
    """`value` with the changes written since `held`, and what it then holds; None when it must be counted
    again (too many changes, or `journal.apply` cannot apply them). `newest`: the highest id written, read
    with the data stamp, so that a total already up to date costs no query."""
    if newest is None or newest <= held.position:
        return value, held
    rows = _rows(DueChange.objects.filter(pk__gt=held.position).order_by("pk")[: JOURNAL_LIMIT + 1])
    if len(rows) > JOURNAL_LIMIT:
        return None
    fresh = [row for row in rows if row.pk not in held.above]
    if fresh:
        members = {
            values["pk"]: values
            for values in journal.members()
            .filter(pk__in={row.due_id for row in fresh})
            .order_by()
            .values("pk", *journal.fields)
        }
        changes = [
            Change(members[row.due_id], row.before, row.after) for row in fresh if row.due_id in members
        ]
        if changes:
            value = journal.apply(value, changes)
            if value is None:
                return None
    return value, _settled(rows, held)


def journal_prune() -> int:
    """Delete the changes no remembered total can still need."""
    deleted, _ = DueChange.objects.filter(at__lt=timezone.now() - KEPT).delete()
    return deleted


def tally_shift(tally: dict, before, after) -> bool:
    """Move one due from key `before` to key `after` of `tally` ({key: count}, zero counts left out); a
    None key is not counted. False when a count would fall below zero: the total no longer matches the data
    and must be counted again."""
    if before == after:
        return True
    if before is not None:
        left = tally.get(before, 0) - 1
        if left < 0:
            return False
        if left:
            tally[before] = left
        else:
            tally.pop(before, None)
    if after is not None:
        tally[after] = tally.get(after, 0) + 1
    return True
