"""Own work of the committee's bodies (docs/domain.md §6; issue 16 item 10): the members of the body that owes
it hand it in, nobody else does — not the committee's other office staff, not a grassroots secretary, not
another bloc."""

import pytest
from django.urls import reverse

from organizations.access import Access
from tasks.access.selectors import dues_owed_by_own_organizations
from tasks.models import Due, Submission, TaskUnit
from tasks.planning.dues import plan_regenerate_dues
from tests.uploads import pdf

pytestmark = pytest.mark.django_db


@pytest.fixture
def own_due(world):
    TaskUnit.objects.create(
        task=world.ongoing, role=TaskUnit.Role.LEAD, name="Ban Tổ chức", organization=world.organization_board
    )
    plan_regenerate_dues(plan=world.plan)
    return Due.objects.filter(
        plan=world.plan, kind=Due.Kind.OWN, organization=world.organization_board
    ).first()


def submit(client, user, due):
    client.force_login(user)
    return client.post(
        reverse("due_submit", args=[due.pk]),
        {"text": "Đã tham mưu ban hành", "work_status": Submission.WorkStatus.DONE, "files": [pdf()]},
    )


def test_a_member_of_the_body_hands_in_its_own_work(client, world, own_due):
    assert own_due is not None
    assert own_due in dues_owed_by_own_organizations(Access.for_user(world.board))
    assert own_due not in dues_owed_by_own_organizations(Access.for_user(world.staff))
    response = submit(client, world.board, own_due)
    assert response.status_code == 302
    own_due.refresh_from_db()
    assert own_due.state == Due.State.SUBMITTED
    assert Submission.objects.get(due=own_due).submitted_by == world.board


@pytest.mark.parametrize("who", ["staff", "secretary", "outsider_staff", "outsider_secretary"])
def test_nobody_else_hands_it_in(client, world, own_due, who):
    response = submit(client, getattr(world, who), own_due)
    assert response.status_code in (403, 404)
    assert not Submission.objects.filter(due=own_due).exists()


def test_a_body_member_cannot_hand_in_a_grassroots_organizations_due(client, world):
    response = submit(client, world.board, world.due)
    assert response.status_code in (403, 404)
    assert not Submission.objects.filter(due=world.due).exists()
