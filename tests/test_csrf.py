"""Every POST needs its CSRF token: a POST without one, to any URL of the application, is refused with 403
before anything is written, for a signed-in person and for a visitor alike; with the token the same client
gets through (so the 403 is the token's doing, not the URL's)."""

import pytest
from django.middleware.csrf import get_token
from django.test import Client
from django.urls import reverse

from tests.fuzz_support import database_fingerprint, fuzz_targets, url_for, url_names

pytestmark = pytest.mark.django_db

ALL_URLS = sorted(url_names())
# Data a form would send, so that only the missing token can explain a refusal.
PLAUSIBLE = {
    "text": "Đã triển khai.",
    "work_status": "done",
    "reason": "Thiếu chữ ký.",
    "decision": "accepted",
}


@pytest.fixture
def world(world):
    return fuzz_targets(world)


def _client(user=None) -> Client:
    client = Client(enforce_csrf_checks=True, raise_request_exception=False)
    if user is not None:
        client.force_login(user)
    return client


@pytest.mark.parametrize("name", ALL_URLS)
@pytest.mark.parametrize("who", ["staff", "secretary", None])
def test_a_post_without_its_token_is_refused(world, name, who):
    client = _client(getattr(world, who) if who else None)
    url = url_for(name, world)
    before = database_fingerprint()
    response = client.post(url, PLAUSIBLE)
    assert _refused(response, who), f"POST {url} without a CSRF token as {who}: {response.status_code}"
    assert database_fingerprint() == before, f"POST {url} without a CSRF token wrote something"
    # A wrong token is no better than none.
    client.cookies["csrftoken"] = "x" * 32
    response = client.post(url, {**PLAUSIBLE, "csrfmiddlewaretoken": "y" * 32})
    assert _refused(response, who), f"POST {url} with a forged CSRF token as {who}: {response.status_code}"
    assert database_fingerprint() == before


def _refused(response, who) -> bool:
    """403; a visitor may instead be sent to the login page first (the upload views check the token only
    once the sign-in check has passed, so that no file is read for a visitor)."""
    if response.status_code == 403:
        return True
    return who is None and response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_htmx_posts_carry_the_token_in_a_header(world):
    """htmx requests send the token in X-CSRFToken (base.html's hx-headers): without it, 403; with it, the
    request is served."""
    client = _client(world.secretary)
    page = client.get(reverse("notifications"))
    assert page.status_code == 200
    token = page.context["csrf_token"] if page.context else get_token(page.wsgi_request)
    assert f'"X-CSRFToken": "{token}"' in page.content.decode()
    url = reverse("notifications_read")
    assert client.post(url, headers={"HX-Request": "true"}).status_code == 403
    response = client.post(url, headers={"HX-Request": "true", "X-CSRFToken": str(token)})
    assert response.status_code in (200, 302), response.status_code


def test_a_form_post_with_its_token_gets_through(world):
    """The control: the secretary's submission with the token from the page is accepted."""
    client = _client(world.secretary)
    url = url_for("due_submit", world)
    page = client.get(url)
    token = page.context["csrf_token"]
    response = client.post(url, {**PLAUSIBLE, "csrfmiddlewaretoken": str(token)})
    assert response.status_code == 302, response.status_code
    world.due.refresh_from_db()
    assert world.due.state == "submitted"
