"""The deadlines as a month calendar, and as a personal iCalendar feed at a secret address
(tasks/calendar/events.py, ics.py)."""

import calendar
import datetime

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from organizations.access import Access, get_or_404
from tasks.calendar import services
from tasks.calendar.events import calendar_events
from tasks.calendar.ics import calendar_ics
from tasks.models import CalendarFeed

FEED_PAST = datetime.timedelta(days=366)
FEED_FUTURE = datetime.timedelta(days=2 * 366)


def _month(value: str, today: datetime.date) -> datetime.date:
    """The first day of the month asked for ("2026-03"), this month when the value is not one."""
    try:
        year, month = (int(part) for part in value.split("-"))
        if 2000 <= year <= 2100 and 1 <= month <= 12:
            return datetime.date(year, month, 1)
    except ValueError:
        pass
    return today.replace(day=1)


def _shift(first: datetime.date, months: int) -> datetime.date:
    index = first.year * 12 + first.month - 1 + months
    return datetime.date(index // 12, index % 12 + 1, 1)


@login_required
def calendar_month(request):
    today = timezone.localdate()
    first = _month(request.GET.get("month", ""), today)
    weeks = calendar.Calendar(firstweekday=0).monthdatescalendar(first.year, first.month)
    events = calendar_events(access=request.access, start=weeks[0][0], end=weeks[-1][-1], today=today)
    by_day: dict[datetime.date, list] = {}
    for event in events:
        by_day.setdefault(event.day, []).append(event)
    feed = CalendarFeed.objects.filter(user=request.user).first()
    return render(
        request,
        "tasks/calendar.html",
        {
            "first": first,
            "today": today,
            "weeks": [[(day, by_day.get(day, [])) for day in week] for week in weeks],
            "month_events": [e for e in events if e.day.month == first.month and e.day.year == first.year],
            "previous": f"{_shift(first, -1):%Y-%m}",
            "next": f"{_shift(first, 1):%Y-%m}",
            "this_month": f"{today:%Y-%m}",
            "feed_url": request.build_absolute_uri(reverse("calendar_feed", args=[feed.token]))
            if feed
            else "",
        },
    )


@login_required
@require_POST
def calendar_feed_manage(request):
    if request.POST.get("action") == "revoke":
        services.calendar_feed_revoke(user=request.user)
        messages.success(
            request, _("The calendar address is revoked: calendars subscribed to it get nothing more.")
        )
    else:
        services.calendar_feed_renew(user=request.user)
        messages.success(
            request,
            _(
                "A new calendar address is ready; any earlier one no longer works. Copy it into your calendar."
            ),
        )
    return redirect(reverse("calendar") + "#feed")


@require_GET
def calendar_feed(request, token: str):
    """The feed, read by calendar programs without signing in: the secret address is the key."""
    feed = get_or_404(CalendarFeed.objects.select_related("user").filter(user__is_active=True), token=token)
    today = timezone.localdate()
    access = Access.for_user(feed.user)
    events = calendar_events(access=access, start=today - FEED_PAST, end=today + FEED_FUTURE, today=today)
    body = calendar_ics(events=events, name=_("Plantrack deadlines"), base_url=settings.PLANTRACK_BASE_URL)
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="plantrack.ics"'
    response["Cache-Control"] = "private, max-age=900"
    return response
