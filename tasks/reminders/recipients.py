"""Who is reminded: the members who speak for the owing organization, and for an escalation the committee
members in charge of it and the office staff of the committee whose plan it is."""

import datetime
from collections import defaultdict
from collections.abc import Iterable

from organizations.models import Membership, Organization, Supervision

MEMBER_ROLES = (Membership.Role.SECRETARY, Membership.Role.DEPUTY, Membership.Role.CLERK)


class Recipients:
    """Recipients by organization, loaded once per organization for the whole scan (a few queries a batch)."""

    def __init__(self, today: datetime.date):
        self.today = today
        self._members: dict[int, tuple[int, ...]] = {}
        self._paths: dict[int, str] = {}
        self._supervisors: dict[str, frozenset[int]] = {}
        self._staff: dict[int, frozenset[int]] = {}
        self._escalation: dict[tuple[int, int], tuple[int, ...]] = {}

    def load_members(self, org_ids: Iterable[int]) -> None:
        missing = {pk for pk in org_ids if pk not in self._members}
        if not missing:
            return
        found: dict[int, list[int]] = defaultdict(list)
        rows = Membership.objects.filter(
            organization_id__in=missing,
            role__in=MEMBER_ROLES,
            is_active=True,
            user__is_active=True,
            organization__is_active=True,
        ).values_list("organization_id", "user_id")
        for org_id, user_id in rows:
            found[org_id].append(user_id)
        for pk in missing:
            self._members[pk] = tuple(sorted(set(found.get(pk, ()))))

    def members(self, org_id: int) -> tuple[int, ...]:
        return self._members[org_id]

    def load_escalation(self, org_ids: Iterable[int], owner_ids: Iterable[int]) -> None:
        missing = {pk for pk in org_ids if pk not in self._paths}
        if missing:
            self._paths.update(Organization.objects.filter(pk__in=missing).values_list("pk", "path"))
        step = Organization.steplen
        wanted = set()
        for pk in org_ids:
            path = self._paths.get(pk, "")
            wanted.update(path[:end] for end in range(step, len(path) + 1, step))
        wanted -= self._supervisors.keys()
        if wanted:
            found: dict[str, set[int]] = defaultdict(set)
            rows = (
                Supervision.objects.current(self.today)
                .filter(organization__path__in=wanted)
                .values_list("organization__path", "member_id")
            )
            for path, member_id in rows:
                found[path].add(member_id)
            for path in wanted:
                self._supervisors[path] = frozenset(found.get(path, ()))
        owners = {pk for pk in owner_ids if pk not in self._staff}
        if owners:
            self._load_staff(owners)

    def _load_staff(self, owner_ids: set[int]) -> None:
        """tasks.notifications.services.committee_staff for many committees in one query: the active members of the
        advisory bodies right under each committee (its office staff)."""
        owners = dict(Organization.objects.filter(pk__in=owner_ids).values_list("path", "pk"))
        depths = {len(path) // Organization.steplen + 1 for path in owners}
        found: dict[int, set[int]] = defaultdict(set)
        rows = Membership.objects.filter(
            organization__kind__in=Organization.SERVING_KINDS,
            organization__depth__in=depths,
            is_active=True,
            user__is_active=True,
        ).values_list("organization__path", "user_id")
        for path, user_id in rows:
            owner = owners.get(path[: -Organization.steplen])
            if owner is not None:
                found[owner].add(user_id)
        for pk in owner_ids:
            self._staff[pk] = frozenset(found.get(pk, ()))

    def escalation(self, org_id: int, owner_id: int) -> tuple[int, ...]:
        """The committee members in charge of the organization (or of a unit above it inside the tree) and
        the office staff of the committee whose plan it is."""
        key = (org_id, owner_id)
        if key not in self._escalation:
            path = self._paths.get(org_id, "")
            step = Organization.steplen
            people = set(self._staff.get(owner_id, ()))
            for end in range(step, len(path) + 1, step):
                people |= self._supervisors.get(path[:end], frozenset())
            self._escalation[key] = tuple(sorted(people))
        return self._escalation[key]
