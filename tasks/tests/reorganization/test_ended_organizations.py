"""An organization a reorganization ended (issue 18 item 1): kept read-only in the admin and in the application
(no edits, no new role, no submission), shown as ended with its successor, and left out of the current figures
(the dashboard's due-soon and overdue counts, the reminders) while a past period's matrix still lists it."""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.cache import cache
from django.urls import reverse

from organizations.access import Access
from organizations.models import Membership, Organization
from organizations.reorganization.operations import reorganization_apply
from tasks.access import selectors
from tasks.models import Due, Submission
from tasks.monitoring.compliance import dashboard_summary
from tasks.reminders.scan import reminders_scan
from tests.world import add_cells

pytestmark = pytest.mark.django_db

LOCAL = ZoneInfo("Asia/Ho_Chi_Minh")
LATER = datetime.datetime(2025, 8, 1, 10, 0, tzinfo=LOCAL)


@pytest.fixture
def later():
    cache.clear()
    with time_machine.travel(LATER, tick=False):
        yield
    cache.clear()


def dissolve_cell(world):
    """Chi bộ Sở Tư pháp dissolved on 01/07/2025, Đảng bộ Sở Y tế its successor."""
    reorganization_apply(
        source=f"effective: 2025-07-01\noperations:\n  - dissolve: {world.cell.code}\n"
        f"    successor: {world.sibling_org.code}\n"
    )
    return Organization.objects.get(pk=world.cell.pk)


def cell_due(world) -> Due:
    return Due.objects.get(task=world.dated, organization=world.cell)


# --- the admin ------------------------------------------------------------------------------------------
def test_the_admin_shows_an_ended_organization_read_only_with_its_successor(admin_client, world, later):
    cell = dissolve_cell(world)
    url = reverse("admin:organizations_organization_change", args=[cell.pk])
    page = admin_client.get(url)
    html = page.content.decode()
    assert page.status_code == 200
    assert 'name="_save"' not in html and world.sibling_org.name in html
    assert admin_client.post(url, {"name": "Đổi tên"}).status_code == 403
    delete = reverse("admin:organizations_organization_delete", args=[cell.pk])
    assert admin_client.post(delete, {"post": "yes"}).status_code == 403
    assert Organization.objects.get(pk=cell.pk).name == world.cell.name
    # A current organization is still edited as before.
    other = admin_client.get(reverse("admin:organizations_organization_change", args=[world.org.pk]))
    assert 'name="_save"' in other.content.decode()


def test_the_admin_gives_nobody_a_new_role_in_an_ended_organization(admin_client, world, later):
    cell = dissolve_cell(world)
    before = Membership.objects.count()
    page = admin_client.post(
        reverse("admin:organizations_membership_add"),
        {
            "user": world.staff.pk,
            "organization": cell.pk,
            "role": Membership.Role.SECRETARY,
            "is_active": "on",
        },
    )
    assert page.status_code == 200 and "errorlist" in page.content.decode()
    assert Membership.objects.count() == before
    ended = Membership.objects.filter(organization=cell).first()
    if ended is not None:  # an ended role is shown, not reopened
        change = reverse("admin:organizations_membership_change", args=[ended.pk])
        assert admin_client.post(change, {"is_active": "on"}).status_code == 403


# --- the application ------------------------------------------------------------------------------------
def test_nobody_submits_for_an_ended_organization_even_with_a_role_left_in_it(client, world, later):
    due = cell_due(world)
    Due.objects.filter(pk=due.pk).update(state=Due.State.OPEN)
    dissolve_cell(world)
    # The office sees it, ended, with its successor, and no way to hand anything in.
    client.force_login(world.staff)
    html = client.get(reverse("due_detail", args=[due.pk])).content.decode()
    assert "đã kết thúc hoạt động từ ngày 01/07/2025" in html and world.sibling_org.name in html
    assert reverse("due_submit", args=[due.pk]) not in html
    # A role the reorganization did not end (written straight to the database) gives no way in either.
    Membership.objects.create(user=world.secretary, organization=world.cell, role=Membership.Role.SECRETARY)
    client.force_login(world.secretary)
    assert client.get(reverse("due_submit", args=[due.pk])).status_code in (403, 404)
    assert client.post(reverse("due_submit", args=[due.pk]), {"text": "x"}).status_code in (403, 404)
    assert not Submission.objects.filter(due=due).exists()
    # Even an access that counts it among its own organizations may not submit for it.
    speaking = Access(user_id=world.secretary.pk, own_org_ids=frozenset({world.cell.pk}))
    assert not selectors.can_submit(speaking, Due.objects.select_related("organization").get(pk=due.pk))


def test_the_dashboard_does_not_chase_an_ended_organizations_old_dues(world, later):
    due = cell_due(world)
    Due.objects.filter(pk=due.pk).update(state=Due.State.OPEN)  # dated 2023, never handed in
    before = dashboard_summary(access=_access(world))
    overdue_before = before.counts["overdue"]
    cell_overdue = Due.objects.filter(
        organization=world.cell, state=Due.State.OPEN, due_on__lt=LATER.date()
    ).count()
    dissolve_cell(world)
    cache.clear()
    after = dashboard_summary(access=_access(world))
    assert cell_overdue >= 1
    assert after.counts["overdue"] == overdue_before - cell_overdue
    assert due.pk not in {d.pk for d in after.overdue}
    assert world.cell.pk not in {row["organization_id"] for row in after.by_organization}


def test_no_reminder_is_owed_for_an_ended_organization(world, later):
    due = cell_due(world)
    Due.objects.filter(pk=due.pk).update(state=Due.State.OPEN)
    dissolve_cell(world)
    result = reminders_scan(today=LATER.date(), dry_run=True)
    assert due.pk not in {claim.due_id for claim in result.planned}


def test_a_past_periods_matrix_lists_the_ended_organization_marked_as_ended(client, world, later):
    add_cells(world, 0)
    dissolve_cell(world)
    client.force_login(world.staff)
    html = client.get(
        reverse("matrix", args=[world.plan.pk]), {"period": "2023", "kind": ""}
    ).content.decode()
    assert world.cell.name in html and "kết thúc 01/07/2025" in html


def _access(world):
    return Access.for_user(world.staff)
