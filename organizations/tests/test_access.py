"""Who sees what: the scope built from memberships, and the scoped selectors every view uses."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import Http404

from organizations.access import Access, _minimal_prefixes, get_or_404
from organizations.models import Membership, Organization
from tasks.access import selectors
from tests.factories import (
    DueFactory,
    PlanFactory,
    SupervisionFactory,
    TaskFactory,
    UserFactory,
    build_org_tree,
    make_member,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def tree():
    return build_org_tree(committees=2, cells=2, sub_cells=2)


def visible_ids(access):
    return set(access.organizations().values_list("pk", flat=True))


def test_it_grants_a_secretary_their_organization_and_its_subtree_only(tree):
    committee = tree.committees[0]
    user = make_member(committee)
    access = Access.for_user(user)

    expected = {committee.pk, *(c.pk for c in tree.sub_cells[committee.pk])}
    assert visible_ids(access) == expected
    assert access.own_org_ids == {committee.pk}
    assert not access.is_staff
    assert access.has_own_organization
    assert not access.sees(tree.committees[1])
    assert not access.sees(tree.upper)


def test_it_grants_advisory_staff_the_subtree_of_the_committee_they_serve(tree):
    user = make_member(tree.office, role=Membership.Role.SPECIALIST)
    access = Access.for_user(user)

    bloc = set(Organization.objects.filter(path__startswith=tree.upper.path).values_list("pk", flat=True))
    assert visible_ids(access) == bloc
    assert access.is_staff
    assert access.manages(tree.cells[0])
    assert not access.manages(tree.provincial)
    assert not access.has_own_organization


def test_a_committee_member_sees_the_bloc_but_does_not_manage_it(tree):
    user = make_member(tree.upper, role=Membership.Role.COMMITTEE_MEMBER)
    SupervisionFactory(member=user, organization=tree.committees[0])
    access = Access.for_user(user)

    assert access.sees(tree.cells[1])
    assert not access.is_staff
    assert access.is_supervisor
    assert access.supervised_org_ids == {tree.committees[0].pk}


def test_inactive_memberships_and_anonymous_users_see_nothing(tree):
    user = make_member(tree.cells[0])
    Membership.objects.filter(user=user).update(is_active=False)

    assert visible_ids(Access.for_user(user)) == set()
    assert visible_ids(Access.for_user(AnonymousUser())) == set()


def test_a_superuser_sees_everything(tree):
    admin = UserFactory(is_superuser=True, is_staff=True)
    access = Access.for_user(admin)
    assert visible_ids(access) == set(Organization.objects.values_list("pk", flat=True))
    assert access.is_staff


def test_it_builds_the_scope_in_two_queries(tree, django_assert_num_queries):
    user = make_member(tree.committees[0])
    Membership.objects.create(user=user, organization=tree.cells[0], role=Membership.Role.CLERK)
    with django_assert_num_queries(2):
        Access.for_user(user)


def test_nested_scopes_collapse_to_the_shortest_prefix():
    assert _minimal_prefixes(["00010002", "0001", "00010003", "0002"]) == ("0001", "0002")


def test_selectors_hide_other_organizations_dues_behind_404(tree):
    own, sibling = tree.cells
    plan = PlanFactory(owner=tree.upper, document__issuer=tree.upper)
    task = TaskFactory(plan=plan, dated=True)
    own_due = DueFactory(task=task, organization=own)
    other_due = DueFactory(task=task, organization=sibling)
    access = Access.for_user(make_member(own))

    assert selectors.due_get_for_user(access, own_due.pk) == own_due
    with pytest.raises(Http404):
        selectors.due_get_for_user(access, other_due.pk)
    assert list(selectors.dues_owed_by_own_organizations(access)) == [own_due]
    with pytest.raises(Http404):
        selectors.plan_get_for_user(access, plan.pk)


def test_get_or_404_fetches_within_the_scope_and_hides_the_rest(tree, django_assert_num_queries):
    own, sibling = tree.cells
    access = Access.for_user(make_member(own))
    scoped = access.organizations()
    with django_assert_num_queries(1):
        assert get_or_404(scoped, pk=own.pk) == own
    for outside in ({"pk": sibling.pk}, {"pk": 0}, {"code": own.code, "pk": sibling.pk}):
        with pytest.raises(Http404):
            get_or_404(scoped, **outside)


def test_only_the_owing_organization_submits_and_only_the_committee_office_reviews(tree):
    plan = PlanFactory(owner=tree.upper, document__issuer=tree.upper)
    due = DueFactory(task=TaskFactory(plan=plan, dated=True), organization=tree.cells[0])
    secretary = Access.for_user(make_member(tree.cells[0]))
    office = Access.for_user(make_member(tree.office, role=Membership.Role.SPECIALIST))
    sibling = Access.for_user(make_member(tree.cells[1]))
    member = Access.for_user(make_member(tree.upper, role=Membership.Role.COMMITTEE_MEMBER))

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
