"""Secretaries read the plan they carry out and the guidance documents their obligations depend on,
read-only, with the files (issue 17, item 14)."""

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from plans.models import DocumentAttachment
from tests.factories import DocumentFactory, TaskFactory, make_member

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    world.guidance = DocumentFactory(symbol="05-HD/TU", title="Hướng dẫn thực hiện")
    world.dated.trigger_document = world.guidance
    world.dated.save()
    world.other = DocumentFactory(symbol="09-HD/TU", title="Văn bản không liên quan")
    world.attachment = DocumentAttachment.objects.create(
        document=world.guidance,
        file=ContentFile(b"%PDF-1.4 hd", name="hd.pdf"),
        original_name="hd.pdf",
        size=11,
    )
    return world


def get(client, user, url):
    client.force_login(user)
    return client.get(url)


@pytest.mark.parametrize("who", ["secretary", "clerk"])
def test_members_read_the_plan_they_carry_out_without_edit_controls(client, world, who):
    response = get(client, getattr(world, who), reverse("plan_detail", args=[world.plan.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert world.dated.label in html
    assert reverse("task_edit", args=[world.plan.pk, world.dated.pk]) not in html
    assert reverse("matrix", args=[world.plan.pk]) not in html
    assert reverse("document_detail", args=[world.plan.document_id]) in html


def test_the_owner_staff_still_edit_the_plan(client, world):
    html = get(client, world.staff, reverse("plan_detail", args=[world.plan.pk])).content.decode()
    assert reverse("task_edit", args=[world.plan.pk, world.dated.pk]) in html


def test_an_outsider_gets_404_for_the_plan_and_its_documents(client, world):
    for url in (
        reverse("plan_detail", args=[world.plan.pk]),
        reverse("document_detail", args=[world.guidance.pk]),
        reverse("document_attachment", args=[world.guidance.pk, world.attachment.pk]),
    ):
        assert get(client, world.outsider_secretary, url).status_code == 404


def test_members_read_the_guidance_document_and_download_its_file(client, world):
    response = get(client, world.secretary, reverse("document_detail", args=[world.guidance.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "05-HD/TU" in html
    assert reverse("document_edit", args=[world.guidance.pk]) not in html
    assert reverse("document_withdraw", args=[world.guidance.pk]) not in html
    assert f'href="{reverse("document_list")}"' not in html
    download = client.get(reverse("document_attachment", args=[world.guidance.pk, world.attachment.pk]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == b"%PDF-1.4 hd"


def test_members_read_the_plans_own_document(client, world):
    assert (
        get(client, world.secretary, reverse("document_detail", args=[world.plan.document_id])).status_code
        == 200
    )


def test_members_do_not_read_unrelated_documents_nor_edit_any(client, world):
    client.force_login(world.secretary)
    assert client.get(reverse("document_detail", args=[world.other.pk])).status_code == 404
    assert client.get(reverse("document_edit", args=[world.guidance.pk])).status_code == 404
    assert client.get(reverse("document_list")).status_code == 404


def test_an_organization_with_nothing_owed_under_the_plan_cannot_read_it(client, world):
    nothing_owed = make_member(world.sub_cell, username="bithu.ngansach")
    TaskFactory(plan=world.plan, dated=True)
    assert get(client, nothing_owed, reverse("plan_detail", args=[world.plan.pk])).status_code == 404
    assert get(client, nothing_owed, reverse("document_detail", args=[world.guidance.pk])).status_code == 404
