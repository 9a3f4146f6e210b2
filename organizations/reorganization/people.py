"""The people of organizations a reorganization ended: whom the office should move, one action each.

Ending an organization ends its memberships (organizations/reorganization/operations.py), so nobody keeps
access through it, and nobody gains access to a successor by accident: a person is moved only when the
office presses that person's button.
"""

from dataclasses import dataclass

from django.db import transaction

from organizations.models import Membership, Organization, Reorganization, Succession


@dataclass
class PersonToMove:
    membership: Membership
    successors: list[Organization]
    moved_to: list[Organization]


def people_to_move(*, reorganization: Reorganization) -> list[PersonToMove]:
    """Every membership of an organization ended by `reorganization`, with where it may go (fixed queries)."""
    successions = list(reorganization.successions.select_related("predecessor", "successor"))
    successors: dict[int, list[Organization]] = {}
    for succession in successions:
        successors.setdefault(succession.predecessor_id, []).append(succession.successor)
    ended = list(successors) or [-1]
    memberships = list(
        Membership.objects.filter(organization_id__in=ended, is_active=False)
        .select_related("user", "organization")
        .order_by("organization__path", "user__username", "role")
    )
    taken = set(
        Membership.objects.filter(
            user_id__in={m.user_id for m in memberships},
            organization_id__in={s.successor_id for s in successions},
            is_active=True,
        ).values_list("user_id", "organization_id", "role")
    )
    return [
        PersonToMove(
            membership=membership,
            successors=successors[membership.organization_id],
            moved_to=[
                org
                for org in successors[membership.organization_id]
                if (membership.user_id, org.pk, membership.role) in taken
            ],
        )
        for membership in memberships
    ]


@transaction.atomic
def membership_move(*, membership: Membership, successor: Organization) -> Membership:
    """The same role in a successor of the ended organization (refused for any other organization)."""
    if not Succession.objects.filter(predecessor_id=membership.organization_id, successor=successor).exists():
        raise ValueError("not a successor of this organization")
    moved, _created = Membership.objects.get_or_create(
        user=membership.user, organization=successor, role=membership.role
    )
    if not moved.is_active:
        moved.is_active = True
        moved.save(update_fields=["is_active"])
    return moved
