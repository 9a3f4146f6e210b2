"""How far the organizations of a plan are: due statuses counted in the database, one query per plan.

The status rule is tasks.planning.deadlines.due_status, written as SQL once in tasks.monitoring.statuses, so that counting
never loads dues one by one.
"""

import datetime

from django.db.models import Count, QuerySet

from organizations.access import Access
from tasks.models import Due
from tasks.monitoring.journal import Change, Journal, tally_shift
from tasks.monitoring.remembered import remembered, scope_key
from tasks.monitoring.statuses import status_expression

# The order in which statuses are shown: what needs attention first.
STATUS_ORDER = ("overdue", "returned", "open", "waiting", "submitted", "late", "accepted")


def dues_with_status(dues: QuerySet[Due], *, today: datetime.date) -> QuerySet[Due]:
    return dues.annotate(status=status_expression(today=today))


def plan_status_counts(*, plan, access: Access, today: datetime.date) -> dict[int, dict[str, int]]:
    """{task id: {status: number of dues}} for the dues of `plan` owed by organizations the user sees.

    The count reads every due of the plan, so its cost grows with the bloc: like the matrix totals it is
    remembered, and kept current with the journal of due changes (tasks.monitoring.remembered)."""
    members = Due.objects.filter(plan=plan).filter(access.org_q("organization__"))

    def count() -> dict[int, dict[str, int]]:
        rows = (
            dues_with_status(members, today=today)
            .order_by()
            .values("task_id", "status")
            .annotate(n=Count("pk"))
        )
        counts: dict[int, dict[str, int]] = {}
        for row in rows:
            counts.setdefault(row["task_id"], {})[row["status"]] = row["n"]
        return counts

    def apply(counts: dict, changes: list[Change]) -> dict | None:
        counts = {task_id: dict(tally) for task_id, tally in counts.items()}
        for change in changes:
            tally = counts.setdefault(change.fields["task_id"], {})
            if not tally_shift(tally, change.before.status(today), change.after.status(today)):
                return None
        return counts

    return remembered(
        key=f"plan-progress:{plan.pk}:{scope_key(access)}",
        day=today,
        compute=count,
        journal=Journal(members=lambda: members, fields=("task_id",), apply=apply),
    )


def ordered_counts(counts: dict[str, int]) -> list[tuple[str, int]]:
    return [(status, counts[status]) for status in STATUS_ORDER if counts.get(status)]
