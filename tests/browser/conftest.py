"""Browser tests: Playwright (sync API) driving Debian's chromium against pytest-django's live server,
with the real demo data (`manage.py load_demo`) loaded at a fixed date.

- `browser`: one headless chromium per test module. Playwright's sync API keeps an event loop running in
  the test thread, which Django's async-unsafe guard would take for async code: the guard is switched off
  (DJANGO_ALLOW_ASYNC_UNSAFE) for the module's lifetime only, and the loop is stopped at the module's end.
- `demo`: the demo data on the live server, loaded with the clock at NOW (ticking, so sessions and
  timeouts behave); the demo's own dates are 2023-2025, so every date a test checks follows from NOW.
- `site`: logs people in through the login form, each in their own browser context, and saves full-page
  screenshots to artifacts/screenshots/ (not committed).
"""

import datetime
import os
import shutil
import threading
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection

from tests.require import REQUIRE_SERVICES, require

try:
    from playwright.sync_api import expect, sync_playwright
except ImportError:  # pragma: no cover - the dev extra installs it
    if REQUIRE_SERVICES:
        raise  # CI: every browser test must run
    # (require() cannot skip a whole folder: a skip raised here skips every test module beside it.)
    pytest.skip("Python Playwright is not installed (pip install -e '.[dev]')", allow_module_level=True)

from tests.browser.site import Site  # noqa: E402 - needs Playwright

expect.set_options(timeout=10_000)  # a loaded CI machine renders the plan page slowly

# A Monday of 2026: the demo's plan period (2023-2025) is over, so its dues are overdue or late.
NOW = datetime.datetime(2026, 3, 2, 9, 30, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


@pytest.fixture(scope="module")
def browser():
    path = shutil.which("chromium")
    require(path is not None, "Debian's chromium is not installed (apt-get install chromium)")
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    playwright = sync_playwright().start()
    try:
        chromium = playwright.chromium.launch(executable_path=path, args=CHROMIUM_ARGS, headless=True)
        try:
            yield chromium
        finally:
            chromium.close()
    finally:
        playwright.stop()
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def one_request_at_a_time(live_server):
    """On SQLite the live server's threads and the test share one in-memory database (in shared-cache mode),
    where two requests at once (a page and an htmx call, or two htmx calls), each in its ATOMIC_REQUESTS
    transaction, fail with "database table is locked". Serve them one by one there; on PostgreSQL requests
    stay concurrent, as in production."""
    httpd = live_server.thread.httpd
    app = httpd.get_app()
    if connection.vendor == "sqlite":
        lock = threading.Lock()

        def serialized(environ, start_response):
            with lock:
                return app(environ, start_response)

        httpd.set_app(serialized)
    yield live_server
    httpd.set_app(app)


@pytest.fixture
def demo(browser, one_request_at_a_time):
    """The demo bloc, plan 62-KH/ĐUK and its activity, loaded on the clock of NOW (which keeps ticking)."""
    with time_machine.travel(NOW, tick=True):
        cache.clear()  # the compliance totals are cached by data stamp, which a fresh load may repeat
        # The journeys follow the 2023-2025 history in the tree of that time (the 2025 reorganization has its
        # own suites: tasks/tests/demo/test_demo_reorganization.py, tasks/tests/reorganization/).
        call_command("load_demo", "--without-reorganization", stdout=StringIO())
        yield
    cache.clear()


@pytest.fixture
def site(browser, live_server, demo):
    site = Site(browser=browser, base_url=live_server.url)
    yield site
    site.close()
    site.check_no_errors()
