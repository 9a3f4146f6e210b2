"""Who sees what: the scope built from memberships, and the scoped selectors every view uses."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import Http404

from organizations.access import Access, _minimal_prefixes, get_or_404
from organizations.models import Membership, Organization
from tasks.access import selectors
from tasks.models import Due
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def visible_ids(access):
    return set(access.organizations().values_list("pk", flat=True))


def test_it_grants_a_secretary_their_organization_and_its_subtree_only(world):
    access = Access.for_user(world.secretary)

    assert visible_ids(access) == {world.org.pk, world.sub_cell.pk}
    assert access.own_org_ids == {world.org.pk}
    assert not access.is_staff
    assert access.has_own_organization
    assert not access.sees(world.sibling_org)
    assert not access.sees(world.committee)


def test_it_grants_advisory_staff_the_subtree_of_the_committee_they_serve(world):
    access = Access.for_user(world.staff)

    bloc = set(
        Organization.objects.filter(path__startswith=world.committee.path).values_list("pk", flat=True)
    )
    assert visible_ids(access) == bloc
    assert access.is_staff
    assert access.manages(world.cell)
    assert not access.manages(world.provincial)
    assert not access.manages(world.outsider_org)
    assert not access.has_own_organization


def test_a_committee_member_sees_the_bloc_but_does_not_manage_it(world):
    access = Access.for_user(world.supervisor)

    assert access.sees(world.cell)
    assert not access.is_staff
    assert access.is_supervisor
    assert access.supervised_org_ids == {world.org.pk, world.sibling_org.pk}


def test_inactive_memberships_and_anonymous_users_see_nothing(world):
    Membership.objects.filter(user=world.secretary).update(is_active=False)

    assert visible_ids(Access.for_user(world.secretary)) == set()
    assert visible_ids(Access.for_user(AnonymousUser())) == set()


def test_a_superuser_sees_everything(world):
    admin = UserFactory(is_superuser=True, is_staff=True)
    access = Access.for_user(admin)
    assert visible_ids(access) == set(Organization.objects.values_list("pk", flat=True))
    assert access.is_staff


def test_it_builds_the_scope_in_two_queries(world, django_assert_num_queries):
    Membership.objects.create(user=world.secretary, organization=world.cell, role=Membership.Role.CLERK)
    with django_assert_num_queries(2):
        Access.for_user(world.secretary)


def test_nested_scopes_collapse_to_the_shortest_prefix():
    assert _minimal_prefixes(["00010002", "0001", "00010003", "0002"]) == ("0001", "0002")


def test_selectors_hide_other_organizations_dues_behind_404(world):
    access = Access.for_user(world.secretary)

    assert selectors.due_get_for_user(access, world.due.pk) == world.due
    with pytest.raises(Http404):
        selectors.due_get_for_user(access, world.sibling_due.pk)
    owed = set(selectors.dues_owed_by_own_organizations(access))
    assert owed == set(Due.objects.filter(organization=world.org)) and world.sibling_due not in owed
    with pytest.raises(Http404):
        selectors.plan_get_for_user(access, world.plan.pk)


def test_get_or_404_fetches_within_the_scope_and_hides_the_rest(world, django_assert_num_queries):
    own, sibling = world.org, world.sibling_org
    scoped = Access.for_user(world.secretary).organizations()
    with django_assert_num_queries(1):
        assert get_or_404(scoped, pk=own.pk) == own
    for outside in ({"pk": sibling.pk}, {"pk": 0}, {"code": own.code, "pk": sibling.pk}):
        with pytest.raises(Http404):
            get_or_404(scoped, **outside)


def test_only_the_owing_organization_submits_and_only_the_committee_office_reviews(world):
    plan, due = world.plan, world.due
    secretary = Access.for_user(world.secretary)
    office = Access.for_user(world.staff)
    sibling = Access.for_user(world.sibling)
    member = Access.for_user(world.supervisor)  # of the committee, even in charge of the organization

    assert selectors.can_submit(secretary, due)
    assert not selectors.can_submit(office, due)
    assert not selectors.can_submit(member, due)
    assert not selectors.can_submit(sibling, due)
    assert selectors.can_review(office, due)
    assert not selectors.can_review(secretary, due)
    assert not selectors.can_review(member, due)
    assert selectors.plan_get_for_user(office, plan.pk, manage=True) == plan
    with pytest.raises(Http404):
        selectors.plan_get_for_user(member, plan.pk, manage=True)
