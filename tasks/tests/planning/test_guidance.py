"""Tasks waiting for a guidance, and registering the guidance that opens them."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from organizations.models import Membership
from plans.models import Document
from tasks.models import Assignment, Due, Notification, Task
from tasks.planning.dues import document_activate_tasks
from tests.factories import DocumentFactory, PlanFactory, SectionFactory, TaskFactory, make_member
from tests.uploads import pdf_bytes
from tests.world import login_url_for, owed_by_the_grassroots

pytestmark = pytest.mark.django_db


@pytest.fixture
def waiting(world):
    """The world, its waiting task and one more awaiting the Tỉnh ủy's guidance (HD), two awaiting something
    else, and a task of the other bloc awaiting the same guidance."""
    section = SectionFactory(plan=world.plan, position=3, label="2.2", title="Quy chế làm việc")
    world.matching = [
        world.waiting,
        TaskFactory(
            plan=world.plan,
            section=section,
            triggered=True,
            awaited_issuer=world.provincial,
            text="Ban hành quy chế mẫu",
            lead_days=31,
        ),
    ]
    owed_by_the_grassroots(world.matching[1], world.committee)
    # Waits for a different type (KH) and for another issuer (Trung ương): not pre-selected.
    world.other_type = TaskFactory(
        plan=world.plan,
        section=section,
        triggered=True,
        awaited_issuer=world.provincial,
        awaited_type="KH",
        text="Chờ KH",
    )
    world.other_issuer = TaskFactory(
        plan=world.plan,
        section=section,
        triggered=True,
        awaited_issuer=world.central,
        text="Chờ hướng dẫn Trung ương",
    )
    # A task of the other bloc waiting for the same guidance: never shown to our office.
    other_office_plan = PlanFactory(owner=world.outsider_committee)
    world.foreign = TaskFactory(
        plan=other_office_plan, triggered=True, awaited_issuer=world.provincial, text="Nhiệm vụ khối khác"
    )
    # Those told when a task opens: the secretaries, deputies and clerks of every grassroots organization
    # (the cell's secretary is added here).
    world.told = [world.secretary, world.deputy, world.clerk, world.sibling, make_member(world.cell)]
    return world


def _form(world, **overrides):
    data = {
        "symbol": "12-HD/TU",
        "issued_on": "01/03/2023",
        "issuer": str(world.provincial.pk),
        "title": "Hướng dẫn quy chế làm việc mẫu của cấp ủy cơ sở",
        "tasks": [str(task.pk) for task in world.matching],
    }
    data.update(overrides)
    return data


# --- access -----------------------------------------------------------------------------------------
def test_it_redirects_anonymous_to_login(client, world, waiting):
    for url in (reverse("waiting_list"), reverse("guidance_register")):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"] == login_url_for(url)


def test_a_secretary_cannot_see_or_register(client, world, waiting):
    client.force_login(world.secretary)
    assert client.get(reverse("waiting_list")).status_code == 404
    assert client.get(reverse("guidance_register")).status_code == 404
    assert client.post(reverse("guidance_register"), _form(world)).status_code == 404
    assert not Document.objects.filter(symbol="12-HD/TU").exists()


def test_an_outsider_neither_sees_nor_opens_another_blocs_tasks(client, world, waiting):
    client.force_login(world.outsider_staff)
    listed = {task.pk for task in client.get(reverse("waiting_list")).context["page"].object_list}
    assert listed == {world.foreign.pk}
    response = client.post(reverse("guidance_register"), _form(world))
    assert response.status_code == 200  # the form again: those tasks are not choices for them
    assert "Hãy chọn một lựa chọn hợp lệ" in response.content.decode()
    assert not Document.objects.filter(symbol="12-HD/TU").exists()
    assert not Task.objects.filter(trigger_document__isnull=False).exists()


# --- the waiting list -------------------------------------------------------------------------------
def test_waiting_list_groups_tasks_by_plan_with_what_each_awaits(client, world, waiting):
    client.force_login(world.staff)
    response = client.get(reverse("waiting_list"))
    body = response.content.decode()
    assert response.status_code == 200
    assert response.context["page"].paginator.count == 4
    assert {t.pk for t in response.context["page"].object_list} == {
        *(t.pk for t in world.matching),
        world.other_type.pk,
        world.other_issuer.pk,
    }
    assert "62-KH/ĐUK" in body
    assert "HD – Hướng dẫn" in body and "Tỉnh ủy Bình Định" in body and "Ban Chấp hành Trung ương" in body
    filtered = client.get(reverse("waiting_list"), {"issuer": world.central.pk})
    assert [t.pk for t in filtered.context["page"].object_list] == [world.other_issuer.pk]


def test_waiting_list_empty_state(client, world):
    guidance = DocumentFactory(
        symbol="12-HD/TU", issuer=world.provincial, issued_on=datetime.date(2023, 3, 1)
    )
    document_activate_tasks(document=guidance, tasks=[world.waiting])  # the world's one waiting task
    client.force_login(world.staff)
    body = client.get(reverse("waiting_list")).content.decode()
    assert "Không có nhiệm vụ nào đang chờ hướng dẫn" in body


@pytest.mark.parametrize("size", [3, 30])
def test_waiting_list_query_count_does_not_grow(client, world, django_assert_num_queries, size):
    section = SectionFactory(plan=world.plan)
    for i in range(size):
        task = TaskFactory(plan=world.plan, section=section, triggered=True, awaited_issuer=world.provincial)
        Assignment.objects.create(task=task, organization=world.grassroots[i % 3], label="x")
    client.force_login(world.staff)
    client.get(reverse("waiting_list"))
    # savepoint, session, user, memberships, supervisions, issuers, count, page, assignments, unread, release
    with django_assert_num_queries(11):
        client.get(reverse("waiting_list"))


# --- registering the guidance ----------------------------------------------------------------------
def test_register_form_preselects_the_tasks_awaiting_this_issuer_and_type(client, world, waiting):
    client.force_login(world.staff)
    response = client.get(reverse("guidance_register"), {"issuer": world.provincial.pk, "type": "HD"})
    body = response.content.decode()
    assert response.context["selected"] == {str(task.pk) for task in world.matching}
    for task in world.matching:
        assert f'value="{task.pk}" id="guidance-task-{task.pk}" checked' in body
    for task in (world.other_type, world.other_issuer):
        assert f'value="{task.pk}" id="guidance-task-{task.pk}">' in body
    assert f'id="guidance-task-{world.foreign.pk}"' not in body
    assert "data-confirm=" in body  # confirmed before saving


def test_the_task_list_is_refreshed_by_htmx_from_the_typed_symbol(client, world, waiting):
    client.force_login(world.staff)
    response = client.get(
        reverse("guidance_register"),
        {"issuer": world.central.pk, "symbol": "3 - HD/TW"},
        HTTP_HX_REQUEST="true",
    )
    body = response.content.decode()
    assert "<html" not in body
    assert response.context["selected"] == {str(world.other_issuer.pk)}
    assert f'id="guidance-task-{world.other_issuer.pk}" checked' in body


def test_registering_the_guidance_opens_the_tasks_and_notifies(client, world, waiting):
    client.force_login(world.staff)
    response = client.post(
        reverse("guidance_register"),
        {**_form(world), "files": [SimpleUploadedFile("huong-dan-12.pdf", pdf_bytes())]},
        follow=True,
    )
    document = Document.objects.get(symbol="12-HD/TU")
    assert document.issuer == world.provincial
    assert document.doc_type == "HD"
    assert document.attachments.get().original_name == "huong-dan-12.pdf"
    grassroots = world.grassroots
    for task in world.matching:
        task.refresh_from_db()
        assert task.trigger_document == document
        dues = Due.objects.filter(task=task)
        assert set(dues.values_list("organization_id", flat=True)) == {org.pk for org in grassroots}
        assert set(dues.values_list("due_on", flat=True)) == {
            datetime.date(2023, 3, 1) + datetime.timedelta(task.lead_days)
        }
    # Tasks not chosen stay waiting.
    for task in (world.other_type, world.other_issuer, world.foreign):
        task.refresh_from_db()
        assert task.trigger_document is None
        assert not Due.objects.filter(task=task).exists()
    notes = Notification.objects.filter(kind=Notification.Kind.ACTIVATED)
    assert notes.count() == len(world.told) * 2
    assert set(notes.values_list("recipient_id", flat=True)) == {user.pk for user in world.told}
    assert not notes.filter(recipient=world.staff).exists()
    body = response.content.decode()
    assert response.redirect_chain[-1][0] == reverse("plan_detail", args=[world.plan.pk])
    assert "12-HD/TU" in body and "2 nhiệm vụ" in body and f"{len(grassroots) * 2} kỳ hạn" in body


def test_registering_without_a_task_or_date_is_refused_with_the_typed_values_kept(client, world, waiting):
    client.force_login(world.staff)
    response = client.post(reverse("guidance_register"), _form(world, tasks=[], issued_on=""))
    body = response.content.decode()
    assert response.status_code == 200
    assert "Chọn ít nhất một nhiệm vụ đang chờ" in body
    assert 'value="12-HD/TU"' in body
    assert not Document.objects.filter(symbol="12-HD/TU").exists()
    assert not Due.objects.filter(task__kind=Task.Kind.TRIGGERED).exists()


def test_an_office_member_of_the_bloc_is_staff(world, waiting):
    # Guard for the fixture: the owner manages the bloc, the member and outsider do not.
    from organizations.access import Access

    assert Access.for_user(world.staff).manages(world.committee)
    assert not Access.for_user(world.secretary).is_staff
    assert not Access.for_user(world.outsider_staff).manages(world.committee)
    assert Membership.objects.filter(user=world.staff, organization=world.office).exists()


def test_a_chosen_file_is_kept_on_the_server_until_the_form_succeeds(
    client, world, waiting, settings, tmp_path
):
    """Issue 17 item 1: a form error never loses the file chosen; it is attached when the form succeeds."""
    settings.MEDIA_ROOT = tmp_path
    client.force_login(world.staff)
    upload = SimpleUploadedFile("huong-dan-12.pdf", pdf_bytes(), content_type="application/pdf")
    refused = client.post(reverse("guidance_register"), {**_form(world, tasks=[]), "files": [upload]})
    body = refused.content.decode()
    assert refused.status_code == 200 and "huong-dan-12.pdf" in body
    token = refused.context["kept"][0]["token"]
    assert f'name="kept_files" value="{token}"' in body and list(tmp_path.glob("kept/*/*"))

    # Someone else's session cannot claim the token.
    other = type(client)()
    other.force_login(make_member(world.office, Membership.Role.SPECIALIST, username="vanphong2"))
    theirs = other.post(reverse("guidance_register"), {**_form(world, tasks=[]), "kept_files": token})
    assert theirs.context["kept"] == [] and "huong-dan-12.pdf" not in theirs.content.decode()

    done = client.post(reverse("guidance_register"), {**_form(world), "kept_files": token})
    assert done.status_code == 302
    document = Document.objects.get(symbol="12-HD/TU")
    assert [a.original_name for a in document.attachments.all()] == ["huong-dan-12.pdf"]
    assert not list(tmp_path.glob("kept/*/*"))  # attached, then forgotten
