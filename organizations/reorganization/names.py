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
    if day is None:
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
