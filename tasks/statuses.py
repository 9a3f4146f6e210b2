"""Due statuses as database filters, and reporting periods in words.

A due's status (waiting, open, overdue, submitted, late, returned, accepted) is computed from its stored state
and its dates (tasks.deadlines.due_status). Lists filter and count by status in the database, so the same rules
are written here once as Q objects; tests check that both agree.
"""

import datetime

from django.db.models import Count, DateField, F, Q, QuerySet
from django.db.models.functions import TruncDate
from django.utils import timezone
from django.utils.translation import gettext as _

from .deadlines import ONCE
from .models import Due

# Statuses still owed by the organization: what "to do" means.
OWED = ("waiting", "open", "overdue", "returned")


def with_submitted_day(queryset: QuerySet[Due]) -> QuerySet[Due]:
    """Annotate the committee's calendar day of the first submission (lateness is judged by that day)."""
    return queryset.annotate(
        submitted_day=TruncDate(
            "first_submitted_at", tzinfo=timezone.get_default_timezone(), output_field=DateField()
        )
    )


def status_q(status: str, today: datetime.date) -> Q:
    """Dues showing `status` on `today`; the queryset must come through `with_submitted_day`."""
    late = Q(state=Due.State.SUBMITTED, submitted_day__gt=F("due_on"))
    conditions = {
        "waiting": Q(state=Due.State.OPEN, due_on__isnull=True),
        "open": Q(state=Due.State.OPEN, due_on__gte=today),
        "overdue": Q(state=Due.State.OPEN, due_on__lt=today),
        "submitted": Q(state=Due.State.SUBMITTED) & ~late,
        "late": late,
        "returned": Q(state=Due.State.RETURNED),
        "accepted": Q(state=Due.State.ACCEPTED),
    }
    if status == "owed":
        return Q(state__in=[Due.State.OPEN, Due.State.RETURNED])
    return conditions[status]


def status_counts(queryset: QuerySet[Due], today: datetime.date) -> dict[str, int]:
    """How many dues show each status, and how many are owed, in one query."""
    queryset = with_submitted_day(queryset)
    names = [*Due.Status.values, "owed"]
    return queryset.aggregate(**{name: Count("pk", filter=status_q(name, today)) for name in names})


def period_words(period: str) -> str:
    """'2024-H1' → "6 tháng đầu năm 2024", '2024' → "Năm 2024", 'once' → "Một lần"."""
    if period == ONCE:
        return _("One-off")
    year, _sep, part = period.partition("-")
    if not part:
        return _("Year %(year)s") % {"year": year}
    if part == "H1":
        return _("First half of %(year)s") % {"year": year}
    if part == "H2":
        return _("Second half of %(year)s") % {"year": year}
    if part.startswith("Q") and part[1:] in ("1", "2", "3", "4"):
        return _("Quarter %(quarter)s/%(year)s") % {
            "quarter": ("I", "II", "III", "IV")[int(part[1:]) - 1],
            "year": year,
        }
    return period
