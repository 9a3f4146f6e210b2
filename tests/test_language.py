"""The interface is Vietnamese unless the person chooses English."""

import pytest

pytestmark = pytest.mark.django_db


def test_it_answers_in_vietnamese_whatever_the_browser_prefers(client):
    response = client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert response.status_code == 200
    body = response.content.decode()
    assert 'lang="vi"' in body
    assert "Đăng nhập" in body


def test_the_language_chosen_in_the_footer_sticks(client):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/accounts/login/"})
    assert response.status_code == 302
    body = client.get("/accounts/login/").content.decode()
    assert 'lang="en"' in body
    assert "Log in" in body


def test_an_unknown_language_cookie_falls_back_to_vietnamese(client):
    client.cookies["django_language"] = "fr"
    assert 'lang="vi"' in client.get("/accounts/login/").content.decode()
