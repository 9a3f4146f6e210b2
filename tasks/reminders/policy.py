"""Reminder policies and the reminder owed on a day (docs/domain.md).

A plan's policy (``ReminderPolicy``, or the default) says, for each due still owed (open or returned), the
latest reminder due on or before a day:

- before the date: the nearest "N days before" already reached (7, then 1 by default);
- on the date: "due today"; if that day was missed (downtime), it is caught up while the due is overdue;
- overdue: every ``overdue_every`` days (the latest such day only: one reminder, not a backlog);
- escalation: from ``escalate_after`` days overdue, the committee member in charge and the plan owner's
  office staff are told, with the same rhythm.

A "before" reminder is never sent for a due whose date has passed: the due-date or overdue reminder has
taken its place. Submitted and accepted dues are owed nothing; a returned due is owed again.
"""

import datetime
from dataclasses import dataclass

from tasks.models import (
    DEFAULT_DAYS_BEFORE,
    DEFAULT_ESCALATE_AFTER,
    DEFAULT_OVERDUE_EVERY,
    Due,
    Reminder,
    ReminderPolicy,
)

OWING_STATES = (Due.State.OPEN, Due.State.RETURNED)


@dataclass(frozen=True)
class Policy:
    active: bool = True
    days_before: tuple[int, ...] = DEFAULT_DAYS_BEFORE
    on_due_date: bool = True
    overdue_every: int = DEFAULT_OVERDUE_EVERY
    escalate_after: int = DEFAULT_ESCALATE_AFTER

    @classmethod
    def from_row(cls, row: ReminderPolicy | None) -> "Policy":
        if row is None:
            return cls()
        days = tuple(sorted({int(d) for d in (row.days_before or []) if int(d) > 0}, reverse=True))
        return cls(
            active=row.is_active,
            days_before=days,
            on_due_date=row.on_due_date,
            overdue_every=row.overdue_every,
            escalate_after=row.escalate_after,
        )


DEFAULT_POLICY = Policy()


@dataclass(frozen=True)
class Occurrence:
    kind: str
    occurs_on: datetime.date
    offset: int  # days from the due date: negative before it


def _at(due_on: datetime.date, kind: str, days: int) -> Occurrence:
    return Occurrence(kind, due_on + datetime.timedelta(days=days), days)


def reminder_occurrence(*, due_on: datetime.date, today: datetime.date, policy: Policy) -> Occurrence | None:
    """The latest reminder owed to the owing organization on or before `today`, or None."""
    if not policy.active:
        return None
    left = (due_on - today).days
    if left > 0:
        reached = [days for days in policy.days_before if days >= left]
        return _at(due_on, Reminder.Kind.BEFORE, -min(reached)) if reached else None
    if left == 0:
        if policy.on_due_date:
            return _at(due_on, Reminder.Kind.DUE_DAY, 0)
        return _at(due_on, Reminder.Kind.BEFORE, -min(policy.days_before)) if policy.days_before else None
    overdue = -left
    every = policy.overdue_every
    if every and overdue >= every:
        return _at(due_on, Reminder.Kind.OVERDUE, overdue // every * every)
    if policy.on_due_date:
        # The due-date reminder was missed (the scan did not run that day): catch it up. A "before" one
        # would be stale now, so it never is.
        return _at(due_on, Reminder.Kind.DUE_DAY, 0)
    return None


def escalation_occurrence(
    *, due_on: datetime.date, today: datetime.date, policy: Policy
) -> Occurrence | None:
    """The latest escalation owed on or before `today`: from `escalate_after` days overdue, then with the
    overdue rhythm."""
    if not policy.active or not policy.escalate_after:
        return None
    overdue = (today - due_on).days
    if overdue < policy.escalate_after:
        return None
    extra = 0
    if policy.overdue_every:
        extra = (overdue - policy.escalate_after) // policy.overdue_every * policy.overdue_every
    return _at(due_on, Reminder.Kind.ESCALATION, policy.escalate_after + extra)


class PlanPolicies:
    """Every plan's policy, loaded once per scan; a plan without one has the default."""

    def __init__(self):
        self._by_plan = {row.plan_id: Policy.from_row(row) for row in ReminderPolicy.objects.all()}
        lead = [max(p.days_before) for p in self._by_plan.values() if p.active and p.days_before]
        self.max_before = max([*lead, max(DEFAULT_POLICY.days_before)])

    def get(self, plan_id: int) -> Policy:
        return self._by_plan.get(plan_id, DEFAULT_POLICY)
