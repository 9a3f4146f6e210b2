"""Tasks waiting for a guidance, and registering the guidance that opens them."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from organizations.models import Membership, Organization
from plans.models import Document
from tasks.models import Assignment, Due, Notification, Task
from tests.factories import PlanFactory, SectionFactory, TaskFactory, make_member
from tests.plans_setup import PDF_BYTES, build_bloc, login_url_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def bloc():
    bloc = build_bloc(committees=2, cells=2, sub_cells=1)
    tree, plan = bloc.tree, bloc.plan
    section = SectionFactory(plan=plan, label="2.2", title="Quy chế làm việc")
    bloc.matching = [
        TaskFactory(
            plan=plan,
            section=section,
            triggered=True,
            awaited_issuer=tree.provincial,
            text=f"Ban hành quy chế mẫu {i}",
            lead_days=30 + i,
        )
        for i in range(2)
    ]
    for task in bloc.matching:
        Assignment.objects.create(
            task=task,
            organization=tree.upper,
            scope=Assignment.Scope.CHILDREN,
            kinds=list(Organization.GRASSROOTS_KINDS),
            label="Các tổ chức cơ sở đảng",
        )
    # Waits for a different type (KH) and for another issuer (Trung ương): not pre-selected.
    bloc.other_type = TaskFactory(
        plan=plan,
        section=section,
        triggered=True,
        awaited_issuer=tree.provincial,
        awaited_type="KH",
        text="Chờ KH",
    )
    bloc.other_issuer = TaskFactory(
        plan=plan,
        section=section,
        triggered=True,
        awaited_issuer=tree.central,
        text="Chờ hướng dẫn Trung ương",
    )
    # A task of the other bloc waiting for the same guidance: never shown to our office.
    other_office_plan = PlanFactory(owner=bloc.other_upper)
    bloc.foreign = TaskFactory(
        plan=other_office_plan, triggered=True, awaited_issuer=tree.provincial, text="Nhiệm vụ khối khác"
    )
    # Every grassroots organization has a secretary (the first cell's is bloc.member).
    bloc.secretaries = [bloc.member] + [make_member(org) for org in tree.grassroots if org != tree.cells[0]]
    return bloc


def _form(bloc, **overrides):
    data = {
        "symbol": "12-HD/TU",
        "issued_on": "01/03/2023",
        "issuer": str(bloc.tree.provincial.pk),
        "title": "Hướng dẫn quy chế làm việc mẫu của cấp ủy cơ sở",
        "tasks": [str(task.pk) for task in bloc.matching],
    }
    data.update(overrides)
    return data


# --- access -----------------------------------------------------------------------------------------
def test_it_redirects_anonymous_to_login(client, bloc):
    for url in (reverse("waiting_list"), reverse("guidance_register")):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"] == login_url_for(url)


def test_a_secretary_cannot_see_or_register(client, bloc):
    client.force_login(bloc.member)
    assert client.get(reverse("waiting_list")).status_code == 404
    assert client.get(reverse("guidance_register")).status_code == 404
    assert client.post(reverse("guidance_register"), _form(bloc)).status_code == 404
    assert not Document.objects.filter(symbol="12-HD/TU").exists()


def test_an_outsider_neither_sees_nor_opens_another_blocs_tasks(client, bloc):
    client.force_login(bloc.outsider)
    listed = {task.pk for task in client.get(reverse("waiting_list")).context["page"].object_list}
    assert listed == {bloc.foreign.pk}
    response = client.post(reverse("guidance_register"), _form(bloc))
    assert response.status_code == 200  # the form again: those tasks are not choices for them
    assert "Hãy chọn một lựa chọn hợp lệ" in response.content.decode()
    assert not Document.objects.filter(symbol="12-HD/TU").exists()
    assert not Task.objects.filter(trigger_document__isnull=False).exists()


# --- the waiting list -------------------------------------------------------------------------------
def test_waiting_list_groups_tasks_by_plan_with_what_each_awaits(client, bloc):
    client.force_login(bloc.owner)
    response = client.get(reverse("waiting_list"))
    body = response.content.decode()
    assert response.status_code == 200
    assert response.context["page"].paginator.count == 4
    assert {t.pk for t in response.context["page"].object_list} == {
        *(t.pk for t in bloc.matching),
        bloc.other_type.pk,
        bloc.other_issuer.pk,
    }
    assert "62-KH/ĐUK" in body
    assert "HD – Hướng dẫn" in body and "Tỉnh ủy Bình Định" in body and "Ban Chấp hành Trung ương" in body
    filtered = client.get(reverse("waiting_list"), {"issuer": bloc.tree.central.pk})
    assert [t.pk for t in filtered.context["page"].object_list] == [bloc.other_issuer.pk]


def test_waiting_list_empty_state(client):
    bloc = build_bloc(plan=False)
    client.force_login(bloc.owner)
    body = client.get(reverse("waiting_list")).content.decode()
    assert "Không có nhiệm vụ nào đang chờ hướng dẫn" in body


@pytest.mark.parametrize("size", [3, 30])
def test_waiting_list_query_count_does_not_grow(client, django_assert_num_queries, size):
    bloc = build_bloc(plan=True)
    section = SectionFactory(plan=bloc.plan)
    for i in range(size):
        task = TaskFactory(
            plan=bloc.plan, section=section, triggered=True, awaited_issuer=bloc.tree.provincial
        )
        Assignment.objects.create(task=task, organization=bloc.tree.cells[i % 2], label="x")
    client.force_login(bloc.owner)
    client.get(reverse("waiting_list"))
    # savepoint, session, user, memberships, supervisions, issuers, count, page, assignments, unread, release
    with django_assert_num_queries(11):
        client.get(reverse("waiting_list"))


# --- registering the guidance ----------------------------------------------------------------------
def test_register_form_preselects_the_tasks_awaiting_this_issuer_and_type(client, bloc):
    client.force_login(bloc.owner)
    response = client.get(reverse("guidance_register"), {"issuer": bloc.tree.provincial.pk, "type": "HD"})
    body = response.content.decode()
    assert response.context["selected"] == {str(task.pk) for task in bloc.matching}
    for task in bloc.matching:
        assert f'value="{task.pk}" id="guidance-task-{task.pk}" checked' in body
    for task in (bloc.other_type, bloc.other_issuer):
        assert f'value="{task.pk}" id="guidance-task-{task.pk}">' in body
    assert f'id="guidance-task-{bloc.foreign.pk}"' not in body
    assert "data-confirm=" in body  # confirmed before saving


def test_the_task_list_is_refreshed_by_htmx_from_the_typed_symbol(client, bloc):
    client.force_login(bloc.owner)
    response = client.get(
        reverse("guidance_register"),
        {"issuer": bloc.tree.central.pk, "symbol": "3 - HD/TW"},
        HTTP_HX_REQUEST="true",
    )
    body = response.content.decode()
    assert "<html" not in body
    assert response.context["selected"] == {str(bloc.other_issuer.pk)}
    assert f'id="guidance-task-{bloc.other_issuer.pk}" checked' in body


def test_registering_the_guidance_opens_the_tasks_and_notifies(client, bloc):
    client.force_login(bloc.owner)
    response = client.post(
        reverse("guidance_register"),
        {**_form(bloc), "files": [SimpleUploadedFile("huong-dan-12.pdf", PDF_BYTES)]},
        follow=True,
    )
    document = Document.objects.get(symbol="12-HD/TU")
    assert document.issuer == bloc.tree.provincial
    assert document.doc_type == "HD"
    assert document.attachments.get().original_name == "huong-dan-12.pdf"
    grassroots = bloc.tree.grassroots
    for task in bloc.matching:
        task.refresh_from_db()
        assert task.trigger_document == document
        dues = Due.objects.filter(task=task)
        assert set(dues.values_list("organization_id", flat=True)) == {org.pk for org in grassroots}
        assert set(dues.values_list("due_on", flat=True)) == {
            datetime.date(2023, 3, 1) + datetime.timedelta(task.lead_days)
        }
    # Tasks not chosen stay waiting.
    for task in (bloc.other_type, bloc.other_issuer, bloc.foreign):
        task.refresh_from_db()
        assert task.trigger_document is None
        assert not Due.objects.filter(task=task).exists()
    notes = Notification.objects.filter(kind=Notification.Kind.ACTIVATED)
    assert notes.count() == len(bloc.secretaries) * 2
    assert set(notes.values_list("recipient_id", flat=True)) == {user.pk for user in bloc.secretaries}
    assert not notes.filter(recipient=bloc.owner).exists()
    body = response.content.decode()
    assert response.redirect_chain[-1][0] == reverse("plan_detail", args=[bloc.plan.pk])
    assert "12-HD/TU" in body and "2 nhiệm vụ" in body and f"{len(grassroots) * 2} kỳ hạn" in body


def test_registering_without_a_task_or_date_is_refused_with_the_typed_values_kept(client, bloc):
    client.force_login(bloc.owner)
    response = client.post(reverse("guidance_register"), _form(bloc, tasks=[], issued_on=""))
    body = response.content.decode()
    assert response.status_code == 200
    assert "Chọn ít nhất một nhiệm vụ đang chờ" in body
    assert 'value="12-HD/TU"' in body
    assert not Document.objects.filter(symbol="12-HD/TU").exists()
    assert not Due.objects.exists()


def test_an_office_member_of_the_bloc_is_staff(bloc):
    # Guard for the fixture: the owner manages the bloc, the member and outsider do not.
    from organizations.access import Access

    assert Access.for_user(bloc.owner).manages(bloc.tree.upper)
    assert not Access.for_user(bloc.member).is_staff
    assert not Access.for_user(bloc.outsider).manages(bloc.tree.upper)
    assert Membership.objects.filter(user=bloc.owner, organization=bloc.tree.office).exists()
