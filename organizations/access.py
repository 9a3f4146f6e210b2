"""Who may see and do what. Every view fetches its objects through a scope built here.

docs/domain.md §2 (access rule): a membership in an organization grants it and its subtree; a membership
in an advisory body grants the subtree of the committee it serves. Members of advisory bodies are the
committee's office staff: they manage the committee's plans and review what its organizations submit.

The tree is a materialized path, so "in the subtree of X" is ``path LIKE 'X%'``: one indexed condition,
whatever the size of the tree.
"""

from dataclasses import dataclass, field

from django.db.models import Q
from django.http import Http404
from django.utils import timezone

from organizations.models import Membership, Organization, Supervision


def _minimal_prefixes(paths) -> tuple[str, ...]:
    """Drop paths already covered by a shorter prefix, so conditions stay few."""
    kept: list[str] = []
    for path in sorted(set(paths), key=len):
        if not any(path.startswith(prefix) for prefix in kept):
            kept.append(path)
    return tuple(sorted(kept))


@dataclass(frozen=True)
class Access:
    user_id: int | None
    is_superuser: bool = False
    scope_paths: tuple[str, ...] = ()
    managed_paths: tuple[str, ...] = ()
    own_org_ids: frozenset[int] = field(default_factory=frozenset)
    # The committee's bodies (Văn phòng, Ban Tổ chức, Đoàn Khối...) the user belongs to: their members speak
    # for the body's own work (docs/domain.md §6), while their scope is the committee they serve.
    body_org_ids: frozenset[int] = field(default_factory=frozenset)
    supervised_org_ids: frozenset[int] = field(default_factory=frozenset)

    @classmethod
    def for_user(cls, user) -> "Access":
        if not getattr(user, "is_authenticated", False):
            return cls(user_id=None)
        memberships = (
            Membership.objects.filter(user=user, is_active=True, organization__is_active=True)
            .select_related("organization")
            .only("organization__path", "organization__kind", "organization__depth", "role")
        )
        scope, managed, own_ids, body_ids = [], [], set(), set()
        for membership in memberships:
            org = membership.organization
            if org.serves_committee:
                scope.append(org.scope_path)
                managed.append(org.scope_path)
                body_ids.add(org.pk)
            else:
                scope.append(org.path)
                own_ids.add(org.pk)
        supervised = frozenset(
            Supervision.objects.current(timezone.localdate())
            .filter(member=user)
            .values_list("organization_id", flat=True)
        )
        return cls(
            user_id=user.pk,
            is_superuser=user.is_superuser,
            scope_paths=_minimal_prefixes(scope),
            managed_paths=_minimal_prefixes(managed),
            own_org_ids=frozenset(own_ids),
            body_org_ids=frozenset(body_ids),
            supervised_org_ids=supervised,
        )

    # --- reading -------------------------------------------------------------------------------
    def org_q(self, prefix: str = "") -> Q:
        """A filter for rows whose organization (reached through `prefix`) the user may see."""
        if self.is_superuser:
            return Q()
        condition = Q(pk__in=[]) if not prefix else Q(**{f"{prefix}pk__in": []})
        for path in self.scope_paths:
            condition |= Q(**{f"{prefix}path__startswith": path})
        return condition

    def managed_q(self, prefix: str = "") -> Q:
        if self.is_superuser:
            return Q()
        condition = Q(**{f"{prefix}pk__in": []}) if prefix else Q(pk__in=[])
        for path in self.managed_paths:
            condition |= Q(**{f"{prefix}path__startswith": path})
        return condition

    def organizations(self):
        return Organization.objects.filter(self.org_q())

    def sees(self, organization: Organization) -> bool:
        return self.is_superuser or any(organization.path.startswith(p) for p in self.scope_paths)

    def manages(self, organization: Organization) -> bool:
        """Office staff of a committee that `organization` belongs to (or the committee itself)."""
        return self.is_superuser or any(organization.path.startswith(p) for p in self.managed_paths)

    # --- roles, for the home page and navigation -----------------------------------------------
    @property
    def is_authenticated(self) -> bool:
        return self.user_id is not None

    @property
    def is_staff(self) -> bool:
        return self.is_superuser or bool(self.managed_paths)

    @property
    def is_supervisor(self) -> bool:
        return bool(self.supervised_org_ids)

    @property
    def has_own_organization(self) -> bool:
        """Speaks for an organization of its own (secretary, clerk...), not only as office staff."""
        return bool(self.own_org_ids)


def get_or_404(queryset, **lookup):
    """Fetch one object from an already-scoped queryset; anything outside the scope is a 404."""
    try:
        return queryset.get(**lookup)
    except queryset.model.DoesNotExist as exc:
        raise Http404 from exc


class AccessMiddleware:
    """Builds the user's Access once per request, lazily (one query when first used)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from django.utils.functional import SimpleLazyObject

        request.access = SimpleLazyObject(lambda: Access.for_user(request.user))
        return self.get_response(request)
