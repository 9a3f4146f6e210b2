"""A person's name, in Vietnamese order, the same on every page (issue 17 item 7)."""

import pytest
from django.template import Context, Template

from organizations.people import person_name, person_name_of

pytestmark = pytest.mark.django_db


def test_family_name_first():
    assert person_name_of(first_name="Dũng", last_name="Phạm Văn", username="pvd") == "Phạm Văn Dũng"


def test_an_account_without_a_name_shows_its_username():
    assert person_name_of(first_name=" ", last_name="", username="vanthu") == "vanthu"
    assert person_name(None) == ""


def test_the_template_filter_and_the_navbar_agree(client, world):
    assert Template("{% load people %}{{ u|person }}").render(Context({"u": world.staff})) == "Trần Thị Hoa"
    client.force_login(world.staff)
    html = client.get("/notifications/").content.decode()
    assert "Trần Thị Hoa" in html and "Hoa Trần Thị" not in html
