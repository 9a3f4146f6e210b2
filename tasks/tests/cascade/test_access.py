"""Who sees a child plan (docs/domain.md §2 and §8.1): the organization that wrote it and the people of its
sub-units who owe under it, and the parent plan's office; a sibling organization and another bloc get 404."""

import pytest
from django.urls import reverse

from tasks.models import Due
from tasks.tests.cascade.support import two_child_plans
from tests.factories import make_member


@pytest.fixture
def finance(world):
    plan, _ = two_child_plans(world)
    return plan


@pytest.mark.parametrize("who", ["secretary", "clerk", "staff", "board"])
def test_the_owner_and_the_parent_plans_office_see_the_child_plan(world, finance, client, who):
    client.force_login(getattr(world, who))
    response = client.get(reverse("plan_detail", args=[finance.pk]))
    assert response.status_code == 200
    assert "62-KH/ĐUK" in response.content.decode()  # it says which plan it implements


@pytest.mark.parametrize("who", ["sibling", "outsider_staff", "outsider_secretary"])
def test_a_sibling_and_an_outsider_get_404(world, finance, client, who):
    client.force_login(getattr(world, who))
    assert client.get(reverse("plan_detail", args=[finance.pk])).status_code == 404


def test_a_sub_unit_sees_its_own_obligation_under_the_child_plan_and_not_its_siblings(world, finance, client):
    from tasks.models import Assignment
    from tasks.planning.dues import plan_regenerate_dues

    task = finance.tasks.get(number="I.b")
    Assignment.objects.create(
        task=task, organization=world.org, scope=Assignment.Scope.CHILDREN, label="Các chi bộ trực thuộc"
    )
    plan_regenerate_dues(plan=finance)
    due = Due.objects.get(task=task, organization=world.sub_cell)
    member = make_member(world.sub_cell)
    client.force_login(member)
    assert client.get(reverse("due_detail", args=[due.pk])).status_code == 200
    assert (
        client.get(reverse("plan_detail", args=[finance.pk])).status_code == 200
    )  # read-only, what it carries out
    client.force_login(world.sibling)
    assert client.get(reverse("due_detail", args=[due.pk])).status_code == 404
    client.force_login(world.secretary)  # the Đảng bộ sees its sub-units' obligations
    assert client.get(reverse("due_detail", args=[due.pk])).status_code == 200


def test_the_coverage_of_a_child_plan_is_for_the_blocs_office_not_for_a_sibling(world, finance, client):
    client.force_login(world.staff)
    assert client.get(reverse("plan_coverage", args=[finance.pk])).status_code == 200
    client.force_login(world.sibling)
    assert client.get(reverse("plan_coverage", args=[finance.pk])).status_code == 404
