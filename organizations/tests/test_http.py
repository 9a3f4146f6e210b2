"""The view helpers every app shares (organizations.http)."""

import pytest
from django.http import Http404
from django.test import RequestFactory

from organizations.access import Access
from organizations.http import query_string, require_staff, safe_next_url


def request_with(access: Access, path: str = "/"):
    request = RequestFactory().get(path)
    request.access = access
    return request


def test_staff_pages_do_not_exist_for_anyone_else():
    with pytest.raises(Http404):
        require_staff(request_with(Access(user_id=1, scope_paths=("0001",))))  # a secretary
    with pytest.raises(Http404):
        require_staff(request_with(Access(user_id=None)))
    require_staff(request_with(Access(user_id=2, scope_paths=("0001",), managed_paths=("0001",))))
    require_staff(request_with(Access(user_id=3, is_superuser=True)))


def test_the_query_string_keeps_the_filters_but_not_the_page():
    request = RequestFactory().get("/plans/1/matrix/", {"period": "2024-H1", "page": "3", "status": "late"})
    assert query_string(request) == "period=2024-H1&status=late"
    assert query_string(request, "status") == "period=2024-H1"
    assert query_string(RequestFactory().get("/")) == ""


@pytest.mark.parametrize(
    ("next_value", "expected"),
    [
        ("/plans/1/matrix/?page=2", "/plans/1/matrix/?page=2"),
        ("/", "/"),
        ("https://evil.example/", "/home-default/"),
        ("//evil.example/x", "/home-default/"),
        ("/\\evil.example", "/home-default/"),
        ("http://testserver/dues/", "/home-default/"),  # a path is enough: an address is never needed
        ("home", "/home-default/"),  # redirect() would read a bare word as a view's name
        ("javascript:alert(1)", "/home-default/"),
        ("", "/home-default/"),
    ],
)
def test_next_is_followed_only_to_a_path_of_this_site(next_value, expected):
    factory = RequestFactory()
    assert safe_next_url(factory.get("/", {"next": next_value}), "/home-default/") == expected
    assert safe_next_url(factory.post("/", {"next": next_value}), "/home-default/") == expected


def test_next_from_the_form_wins_over_the_address_and_the_default_is_empty():
    request = RequestFactory().post("/x/?next=/from-query/", {"next": "/from-form/"})
    assert safe_next_url(request) == "/from-form/"
    assert safe_next_url(RequestFactory().get("/")) == ""
