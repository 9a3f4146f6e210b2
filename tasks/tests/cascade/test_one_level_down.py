"""One level down (docs/domain.md §8.1): a chi bộ trực thuộc of Đảng bộ Sở Tài chính owes under the Đảng bộ's
own plan, hands it in there, and the Đảng bộ's people review it; a sibling đảng bộ cannot."""

import pytest
from django.urls import reverse

from tasks.access.selectors import can_review
from tasks.models import Assignment, Due
from tasks.planning.dues import plan_regenerate_dues
from tasks.submissions.services import due_submit
from tasks.tests.cascade.support import two_child_plans
from tests.factories import make_member


@pytest.fixture
def sub_cell_due(world):
    finance, _ = two_child_plans(world)
    task = finance.tasks.get(number="I.b")
    Assignment.objects.create(
        task=task, organization=world.org, scope=Assignment.Scope.CHILDREN, label="Các chi bộ trực thuộc"
    )
    plan_regenerate_dues(plan=finance)
    return Due.objects.get(task=task, organization=world.sub_cell)


def test_a_chi_bo_truc_thuoc_hands_in_to_its_dang_bo_and_is_reviewed_there(world, sub_cell_due, client):
    member = make_member(world.sub_cell)
    client.force_login(member)
    response = client.post(
        reverse("due_submit", args=[sub_cell_due.pk]),
        {"text": "Chi bộ đã xây dựng kế hoạch", "work_status": "in_progress", "document_symbol": "02-KH/CB"},
    )
    assert response.status_code == 302
    submission = sub_cell_due.submissions.get()
    client.force_login(world.secretary)  # the Đảng bộ's secretary
    response = client.post(reverse("submission_review", args=[submission.pk]), {"decision": "accepted"})
    assert response.status_code == 302
    sub_cell_due.refresh_from_db()
    assert sub_cell_due.state == Due.State.ACCEPTED


@pytest.mark.parametrize(
    "who,may", [("secretary", True), ("clerk", True), ("staff", True), ("sibling", False)]
)
def test_who_reviews_a_sub_units_hand_in(world, sub_cell_due, who, may):
    from organizations.access import Access

    assert can_review(Access.for_user(getattr(world, who)), sub_cell_due) is may


def test_the_dang_bo_does_not_review_its_own_hand_in_to_the_bloc(world):
    from organizations.access import Access

    due_submit(due=world.due, user=world.secretary, text="Kế hoạch", document_symbol="05-KH/ĐU")
    assert not can_review(Access.for_user(world.secretary), world.due)


def test_the_blocs_office_sees_the_roll_up_of_each_dang_bos_sub_units(world, sub_cell_due, client):
    due_submit(due=sub_cell_due, user=make_member(world.sub_cell), text="Đã nộp", document_symbol="02-KH/CB")
    client.force_login(world.staff)
    response = client.get(reverse("plan_coverage", args=[world.plan.pk]))
    rows = {item["row"].organization: item["row"] for item in response.context["rows"]}
    assert rows[world.org].rollup == {"total": 1, "handed_in": 1, "accepted": 0}
    assert rows[world.sibling_org].rollup == {}  # Sở Y tế's plan assigns nothing to its sub-units
