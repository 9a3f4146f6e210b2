"""Names through time: the name an organization bore on a day, for pages, e-mails and reports about a date.

A rename closes the current row of ``OrganizationName`` and opens one for the new name; an organization
never renamed has no rows and is known by ``Organization.name``. ``names_on`` reads a whole list's names in
one query, so a report of a thousand rows stays one query (docs/architecture.md §2).
"""

import datetime

from django.db.models import QuerySet
from django.utils.translation import gettext as _


def _pick(rows, day: datetime.date, default: str) -> str:
    for row in rows:
        if row.covers(day):
            return row.name
    return default


def name_on(organization, day: datetime.date | None) -> str:
    """The name in force on `day`: no query when nothing has been reorganized since `day` (a rename sets
    ``reorganized_on``), one otherwise unless ``names`` were prefetched with the list."""
    if day is None or organization.reorganized_on is None or day >= organization.reorganized_on:
        return organization.name
    cache = getattr(organization, "_prefetched_objects_cache", {})
    rows = cache["names"] if "names" in cache else list(organization.names.all())
    return _pick(rows, day, organization.name)


def name_then(organization, day: datetime.date | None) -> str:
    """ "Chi bộ Sở Tư pháp (nay là Chi bộ Sở Tư pháp tỉnh Gia Lai)" when the name has changed since `day`."""
    then = name_on(organization, day)
    if then == organization.name:
        return then
    return _("%(then)s (now %(now)s)") % {"then": then, "now": organization.name}


def names_on(organization_ids, day: datetime.date | None) -> dict[int, str]:
    """{organization id: its name on `day`} for the ids given that were ever renamed (one query)."""
    from organizations.models import OrganizationName

    if day is None:
        return {}
    found: dict[int, str] = {}
    if not isinstance(organization_ids, QuerySet):  # a subquery stays one
        organization_ids = list(organization_ids)
    rows = OrganizationName.objects.filter(organization_id__in=organization_ids).order_by("valid_from")
    for row in rows:
        if row.covers(day):
            found[row.organization_id] = row.name
    return found


def names_prefetch(pairs) -> None:
    """Read, in one query, the name history of those of (organization, day) `pairs` whose name on the day
    may not be today's (reorganized since), so ``name_on`` / ``name_then`` then cost no query per row.
    Nothing is read when no organization of the list has been reorganized since its day."""
    from django.db.models import prefetch_related_objects

    needed = [
        organization
        for organization, day in pairs
        if day is not None
        and organization.reorganized_on is not None
        and day < organization.reorganized_on
        and "names" not in getattr(organization, "_prefetched_objects_cache", {})
    ]
    if needed:
        prefetch_related_objects(needed, "names")
