"""The deadlines a person follows, as calendar events (docs/domain.md): what their own organizations owe, one
event per due; for the office staff of a committee, each obligation of its plans once per date, with how many
organizations still owe it; for a committee member in charge, what the organizations they follow owe. The
month page and the iCalendar feed show the same events."""

import datetime
from dataclasses import dataclass

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from organizations.access import Access
from tasks.models import Due, Task
from tasks.planning.obligations import report_title
from tasks.reminders.policy import OWING_STATES


@dataclass(frozen=True)
class Event:
    uid: str
    day: datetime.date
    title: str
    detail: str
    path: str
    status: str = ""  # a due's status; "" for an obligation of several organizations


def _dues_events(dues, today: datetime.date, prefix: str = "") -> list[Event]:
    return [
        Event(
            uid=f"due-{due.pk}",
            day=due.due_on,
            title=due.title,
            detail=f"{prefix}{due.organization.name}",
            path=reverse("due_detail", args=[due.pk]),
            status=due.status_on(today),
        )
        for due in dues.select_related("task", "plan", "organization")
    ]


def _office_events(access: Access, start, end, exclude) -> list[Event]:
    rows = (
        Due.objects.filter(access.managed_q("plan__owner__"), access.org_q("organization__"))
        .filter(due_on__range=(start, end))
        .exclude(organization_id__in=exclude)
        .exclude(state=Due.State.NOT_APPLICABLE)
        .values("plan_id", "kind", "task_id", "period", "due_on")
        .annotate(total=Count("pk"), owing=Count("pk", filter=Q(state__in=OWING_STATES)))
        .order_by()
    )
    rows = list(rows)
    tasks = Task.objects.in_bulk({row["task_id"] for row in rows if row["task_id"]})
    events = []
    for row in rows:
        # A deliverable or own work is named by its task, a periodic report by its period (Due.title).
        task = tasks.get(row["task_id"])
        title = task.label if task is not None else report_title(row["period"])
        owing = ngettext(
            "%(owing)d of %(total)d organization still owe it",
            "%(owing)d of %(total)d organizations still owe it",
            row["total"],
        ) % {"owing": row["owing"], "total": row["total"]}
        events.append(
            Event(
                uid=f"{row['kind']}-{row['plan_id']}-{row['task_id'] or 0}-{row['period']}-{row['due_on']:%Y%m%d}",
                day=row["due_on"],
                title=title,
                detail=owing,
                path=reverse("matrix", args=[row["plan_id"]]),
            )
        )
    return events


def calendar_events(
    *, access: Access, start: datetime.date, end: datetime.date, today: datetime.date
) -> list[Event]:
    """Every event from `start` to `end` (both included), by day then title."""
    live = Due.objects.filter(due_on__range=(start, end)).exclude(state=Due.State.NOT_APPLICABLE)
    own = set(access.own_org_ids)
    events = _dues_events(live.filter(organization_id__in=own), today)
    followed = set(access.supervised_org_ids) - own
    if followed:
        events += _dues_events(live.filter(organization_id__in=followed), today, prefix=_("Followed") + ": ")
    if access.is_staff or access.is_superuser:
        events += _office_events(access, start, end, exclude=own | followed)
    return sorted(events, key=lambda event: (event.day, event.title, event.uid))
