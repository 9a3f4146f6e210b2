"""The home page sends each person where their role works; the navigation shows their pages only."""

import pytest
from django.urls import reverse

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def nav_labels(response) -> list[str]:
    return [item["label"] for item in response.context["nav_items"]]


def test_it_sends_office_staff_to_the_dashboard(client, world):
    client.force_login(world.staff)
    response = client.get(reverse("home"))
    assert response.status_code == 302 and response.url == reverse("dashboard")


def test_it_sends_a_member_in_charge_to_the_organizations_they_follow(client, world):
    client.force_login(world.supervisor)
    assert client.get(reverse("home")).url == reverse("supervision")


def test_it_sends_a_secretary_to_what_their_organization_owes(client, world):
    client.force_login(world.secretary)
    assert client.get(reverse("home")).url == reverse("due_list")


def test_a_user_without_organization_is_told_what_to_do(client, world):
    client.force_login(UserFactory())
    response = client.get(reverse("home"))
    assert response.status_code == 200
    assert "chưa thuộc tổ chức nào" in response.content.decode()


def test_anonymous_visitors_are_asked_to_log_in(client):
    response = client.get(reverse("home"))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_a_secretary_sees_only_the_secretary_pages(client, world):
    client.force_login(world.secretary)
    labels = nav_labels(client.get(reverse("due_list")))
    assert labels == ["Việc cần làm", "Đã nộp", "Báo cáo kỳ", "Báo cáo", "Nhắc hạn"]


def test_only_the_current_page_is_marked_active(client, world):
    client.force_login(world.staff)
    items = client.get(reverse("waiting_list")).context["nav_items"]
    active = [item["label"] for item in items if item["active"]]
    assert active == ["Chờ hướng dẫn"]


def test_an_unknown_page_is_a_vietnamese_404(client, world):
    client.force_login(world.secretary)
    response = client.get("/khong-co-trang-nay/")
    assert response.status_code == 404
    assert "Không tìm thấy trang" in response.content.decode()


@pytest.mark.parametrize(
    ("who", "shown", "status"),
    [("admin", True, 200), ("staff", False, 404), ("secretary", False, 404), ("outsider_staff", False, 404)],
)
def test_the_reorganizations_link_is_the_administrators_alone(request, client, world, who, shown, status):
    """The administrator finds the reorganization page in the menu; the office (owner of the plans), a
    member and an outsider neither see the link nor reach the page."""
    if who == "admin":
        client = request.getfixturevalue("admin_client")  # signed in with the second step done
    else:
        client.force_login(getattr(world, who))
    page = client.get(reverse("reorganization_upload"))
    assert page.status_code == status
    home = client.get(reverse("notifications"))
    assert ("Sắp xếp tổ chức" in nav_labels(home)) is shown
    assert (f'href="{reverse("reorganization_upload")}"' in home.content.decode()) is shown
