import shutil

import pytest

from tests.require import require


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    """Every test writes uploaded files to its own folder."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def world(db):
    """The bloc, its people and its plan every test starts from (tests/world.py)."""
    from tests.world import build_world

    return build_world()


@pytest.fixture
def admin_client(db, admin_user):
    """pytest-django's admin client, past two-step verification (which Plantrack requires of superusers)."""
    from django.test import Client

    from tests.security_support import pass_two_step

    client = Client()
    client.force_login(admin_user)
    pass_two_step(client, admin_user)
    return client


@pytest.fixture(autouse=True)
def _celery_in_process(request):
    """Celery tasks run in the test's own process, whatever REDIS_URL says (CI runs the suite a second time
    with Redis configured, and no worker is listening then) — except in tests marked `services`, which start
    and drive a real worker themselves."""
    if request.node.get_closest_marker("services"):
        yield
        return
    from config.celery import app

    saved = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = saved


@pytest.fixture(autouse=True)
def _default_language():
    """Every test starts in the default language: a request the test client made in English leaves English
    active in the thread (LocaleMiddleware does not undo it), and a later test would inherit it."""
    from django.utils import translation

    translation.deactivate()
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _empty_cache():
    """Remembered totals (tasks.monitoring.remembered) must not leak from one test's data to the next."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def chromium_path():
    path = shutil.which("chromium")
    require(path is not None, "Debian's chromium is not installed (apt-get install chromium)")
    return path
