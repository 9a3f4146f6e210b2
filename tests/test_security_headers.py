"""Security headers on every kind of page: the Content Security Policy (nothing inline), nosniff, the referrer
policy and framing refused; and the pages themselves carry no inline script, handler or style the CSP would
block (the browser check is in tests/browser/test_csp.py)."""

import datetime
import re

import pytest
from django.urls import reverse

from reports.models import Report
from tasks.models import Due
from tests.factories import submit_due
from tests.uploads import pdf

pytestmark = pytest.mark.django_db

EXPECTED_CSP = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "font-src": "'self'",
    "connect-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}


def csp(response) -> dict[str, str]:
    policy = response["Content-Security-Policy"]
    return dict(part.strip().split(" ", 1) for part in policy.split(";") if part.strip())


def assert_secure_headers(response, what: str) -> None:
    assert csp(response) == EXPECTED_CSP, what
    assert response["X-Content-Type-Options"] == "nosniff", what
    assert response["Referrer-Policy"] == "same-origin", what
    assert response["X-Frame-Options"] == "DENY", what
    assert response["Cross-Origin-Opener-Policy"] == "same-origin", what


INLINE = [
    (
        re.compile(r"<script\b(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>", re.I),
        "inline <script>",
    ),
    (re.compile(r"<style\b", re.I), "<style> element"),
    (re.compile(r"\sstyle\s*=", re.I), "style attribute"),
    (re.compile(r"\son[a-z]+\s*=\s*[\"']", re.I), "inline event handler"),
    (re.compile(r"\bhx-on", re.I), "hx-on attribute (an inline script)"),
    (re.compile(r"href\s*=\s*[\"']\s*javascript:", re.I), "javascript: URL"),
]


def assert_nothing_inline(response, what: str) -> None:
    html = response.content.decode()
    for pattern, label in INLINE:
        found = pattern.search(html)
        assert found is None, f"{what}: {label}: …{html[max(found.start() - 80, 0) : found.end() + 80]}…"


@pytest.fixture
def world(world):
    world.submission = submit_due(world.due, world.secretary, files=[pdf("bao-cao.pdf")])
    world.report = Report.objects.create(
        kind=Report.Kind.PLAN,
        plan=world.plan,
        period="2023",
        period_start=datetime.date(2023, 1, 1),
        period_end=datetime.date(2023, 12, 31),
        as_of=datetime.date(2023, 12, 20),
        status=Report.Status.DONE,
        created_by=world.staff,
    )
    return world


STAFF_PAGES = [
    ("home", lambda w: []),
    ("dashboard", lambda w: []),
    ("document_list", lambda w: []),
    ("document_create", lambda w: []),
    ("document_detail", lambda w: [w.plan.document.pk]),
    ("document_edit", lambda w: [w.plan.document.pk]),
    ("plan_list", lambda w: []),
    ("plan_detail", lambda w: [w.plan.pk]),
    ("matrix", lambda w: [w.plan.pk]),
    ("task_edit", lambda w: [w.plan.pk, w.dated.pk]),
    ("waiting_list", lambda w: []),
    ("submission_detail", lambda w: [w.submission.pk]),
    ("report_list", lambda w: []),
    ("report_detail", lambda w: [w.report.pk]),
    ("notifications", lambda w: []),
    ("two_factor_setup", lambda w: []),
    ("password_change", lambda w: []),
]
SECRETARY_PAGES = [
    ("home", lambda w: []),
    ("due_list", lambda w: []),
    ("due_detail", lambda w: [w.due.pk]),
    ("due_submit", lambda w: [w.due.pk]),
    ("submission_history", lambda w: []),
    (
        "report_form",
        lambda w: [Due.objects.get(plan=w.plan, organization=w.org, kind="report", period="2023").pk],
    ),
    ("submission_detail", lambda w: [w.submission.pk]),
    ("notifications", lambda w: []),
    ("two_factor_setup", lambda w: []),
    ("password_change", lambda w: []),
]


@pytest.mark.parametrize(("name", "args"), STAFF_PAGES, ids=[name for name, _ in STAFF_PAGES])
def test_every_page_of_office_staff(client, world, name, args):
    client.force_login(world.staff)
    response = client.get(reverse(name, args=args(world)), follow=True)
    assert response.status_code == 200, name
    assert_secure_headers(response, name)
    assert_nothing_inline(response, name)


@pytest.mark.parametrize(("name", "args"), SECRETARY_PAGES, ids=[name for name, _ in SECRETARY_PAGES])
def test_every_page_of_a_secretary(client, world, name, args):
    client.force_login(world.secretary)
    response = client.get(reverse(name, args=args(world)), follow=True)
    assert response.status_code == 200, name
    assert_secure_headers(response, name)
    assert_nothing_inline(response, name)


@pytest.mark.parametrize("name", ["login", "password_reset", "logout_then_login"])
def test_pages_for_visitors(client, name):
    if name == "logout_then_login":
        response = client.post(reverse("logout"), follow=True)
    else:
        response = client.get(reverse(name))
    assert response.status_code == 200
    assert_secure_headers(response, name)
    assert_nothing_inline(response, name)


def test_errors_redirects_htmx_partials_and_downloads_carry_them_too(client, world):
    client.force_login(world.staff)
    cases = {
        "404": client.get("/no-such-page/"),
        "outsider's 404": client.get(reverse("due_detail", args=[world.sibling_due.pk + 1000])),
        "redirect": client.get(reverse("home")),
        "htmx partial": client.get(
            reverse("document_symbol_check"), {"symbol": "62-KH/ĐUK"}, HTTP_HX_REQUEST="true"
        ),
        "download": client.get(reverse("submission_file", args=[world.submission.files.get().pk])),
        "admin refused": client.get("/admin/"),
    }
    client.logout()
    cases["anonymous redirect"] = client.get(reverse("dashboard"))
    for what, response in cases.items():
        assert_secure_headers(response, what)


def test_the_admin_has_them_and_nothing_inline(admin_client, admin_user):
    """A superuser's admin pages (admin_client has passed two-step verification: tests/conftest.py)."""
    for url in (
        "/admin/",
        "/admin/auth/user/",
        f"/admin/auth/user/{admin_user.pk}/change/",
        "/admin/auth/user/add/",
    ):
        response = admin_client.get(url)
        assert response.status_code == 200, url
        assert_secure_headers(response, url)
        assert_nothing_inline(response, url)
