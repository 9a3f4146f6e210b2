"""The administrator's reorganization pages: upload, preview, apply with confirmation, then move people.
Nobody else sees them (404), the plan's owner and members included."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from organizations.models import Membership, Organization, Reorganization
from tasks.models import Due

pytestmark = pytest.mark.django_db

URL = "/reorganizations/"


def source_for(world) -> str:
    return f"""effective: 2025-07-01
operations:
  - merge: [{world.org.code}, {world.sibling_org.code}]
    into: {{code: db-moi, name: Đảng bộ Sở Tài chính - Y tế, kind: grassroots_committee, parent: {world.committee.code}}}
"""


def test_the_urls_are_where_the_readme_says():
    assert reverse("reorganization_upload") == URL


@pytest.mark.parametrize("who", ["staff", "secretary", "outsider_staff"])
def test_nobody_but_the_administrator_sees_the_pages(client, world, who):
    client.force_login(getattr(world, who))
    assert client.get(URL).status_code == 404
    assert client.post(URL, {"source": source_for(world), "confirm": "True"}).status_code == 404
    assert not Organization.objects.filter(code="db-moi").exists()
    record = Reorganization.objects.create(effective_on="2025-07-01", source="x")
    assert client.get(reverse("reorganization_people", args=[record.pk])).status_code == 404


def test_anonymous_is_sent_to_sign_in(client, world):
    assert client.get(URL).status_code == 302


def test_upload_previews_without_applying_then_applies_on_confirmation(admin_client, world):
    dues = Due.objects.count()
    upload = SimpleUploadedFile("2025.yaml", source_for(world).encode(), content_type="application/x-yaml")
    page = admin_client.post(URL, {"file": upload})
    assert page.status_code == 200
    text = page.content.decode()
    assert "Xem trước: có hiệu lực từ 01/07/2025" in text
    assert "Nghĩa vụ còn mở chuyển cho tổ chức kế thừa" in text
    assert not Organization.objects.filter(code="db-moi").exists() and Due.objects.count() == dues
    assert page.context["form"].initial["source"] == source_for(world)  # carried to the confirmation

    done = admin_client.post(URL, {"source": source_for(world), "confirm": "True"})
    record = Reorganization.objects.get()
    assert done.status_code == 302 and done["Location"] == reverse("reorganization_people", args=[record.pk])
    assert Organization.objects.get(code="db-moi").started_on.isoformat() == "2025-07-01"


def test_an_error_names_the_line_and_keeps_the_text(admin_client, world):
    source = "effective: 2025-07-01\noperations:\n  - move: khong-co\n    to: x\n"
    page = admin_client.post(URL, {"source": source})
    text = page.content.decode()
    assert "Dòng 3: không có tổ chức nào mang mã “khong-co”." in text
    assert page.context["form"].initial["source"] == source
    assert not Reorganization.objects.exists()


def test_the_people_to_move_one_action_each(admin_client, world):
    admin_client.post(URL, {"source": source_for(world), "confirm": "True"})
    record = Reorganization.objects.get()
    merged = Organization.objects.get(code="db-moi")
    page = admin_client.get(reverse("reorganization_people", args=[record.pk]))
    people = [person.membership.user for person in page.context["people"]]
    assert set(people) == {world.secretary, world.deputy, world.clerk, world.sibling}
    # Nobody was given a role in the successor by the reorganization itself.
    assert not Membership.objects.filter(organization=merged).exists()
    moving = Membership.objects.get(user=world.secretary, organization=world.org)
    answer = admin_client.post(
        reverse("reorganization_move_person", args=[record.pk, moving.pk]), {"successor": merged.pk}
    )
    assert answer.status_code == 302
    assert Membership.objects.get(user=world.secretary, organization=merged).role == moving.role
    # Another organization than a successor is refused.
    refused = admin_client.post(
        reverse("reorganization_move_person", args=[record.pk, moving.pk]),
        {"successor": world.outsider_org.pk},
    )
    assert refused.status_code == 404


def test_the_people_page_runs_a_fixed_number_of_queries(admin_client, world, django_assert_max_num_queries):
    admin_client.post(URL, {"source": source_for(world), "confirm": "True"})
    record = Reorganization.objects.get()
    with django_assert_max_num_queries(12):
        admin_client.get(reverse("reorganization_people", args=[record.pk]))


def test_a_successor_that_is_not_a_number_is_not_found(admin_client, world):
    admin_client.post(URL, {"source": source_for(world), "confirm": "True"})
    record = Reorganization.objects.get()
    moving = Membership.objects.get(user=world.secretary, organization=world.org)
    url = reverse("reorganization_move_person", args=[record.pk, moving.pk])
    assert admin_client.post(url, {"successor": "abc"}).status_code == 404
