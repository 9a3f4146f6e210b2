"""A person's calendar feed: made or replaced (the old address stops working at once), and revoked."""

from django.db import transaction

from tasks.models import CalendarFeed


@transaction.atomic
def calendar_feed_renew(*, user) -> CalendarFeed:
    CalendarFeed.objects.filter(user=user).delete()
    return CalendarFeed.objects.create(user=user)


def calendar_feed_revoke(*, user) -> int:
    return CalendarFeed.objects.filter(user=user).delete()[0]
