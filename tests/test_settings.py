"""Settings come from the environment: embedded defaults, service URLs, and a production start that fails loudly.

Each case runs Django in a subprocess with a clean environment, because settings are read once per process.
"""

import json
import re
import subprocess
import sys

import pytest

from tests.settings_support import ROOT, SETTINGS_VARIABLES, clean_env

GOOD_KEY = "k3Jx9-vQ2_mP8rT5wZ1yB4nC7aF0hL6sD3gE9uI2oR5tY8pW1qA4zX7cV0bN3mK6"
PRODUCTION = {
    "DJANGO_DEBUG": "false",
    "DJANGO_SECRET_KEY": GOOD_KEY,
    "DJANGO_ALLOWED_HOSTS": "plantrack.example.vn",
}

# Prints the settings the cases look at, as JSON.
DUMP = """
import json
from django.conf import settings
from config.celery import app
db = settings.DATABASES["default"]
print(json.dumps({
    "DEBUG": settings.DEBUG,
    "SECRET_KEY": settings.SECRET_KEY,
    "ALLOWED_HOSTS": settings.ALLOWED_HOSTS,
    "DB_ENGINE": db["ENGINE"],
    "DB_NAME": str(db["NAME"]),
    "DB_HOST": db.get("HOST", ""),
    "DB_PORT": str(db.get("PORT", "")),
    "DB_USER": db.get("USER", ""),
    "DB_CONN_MAX_AGE": db.get("CONN_MAX_AGE", 0),
    "DB_CONN_HEALTH_CHECKS": db.get("CONN_HEALTH_CHECKS", False),
    "CELERY_BROKER_URL": settings.CELERY_BROKER_URL,
    "CELERY_TASK_ALWAYS_EAGER": settings.CELERY_TASK_ALWAYS_EAGER,
    "celery_broker": app.conf.broker_url,
    "celery_eager": app.conf.task_always_eager,
    "EMAIL_BACKEND": settings.EMAIL_BACKEND,
    "EMAIL_HOST": getattr(settings, "EMAIL_HOST", ""),
    "EMAIL_PORT": getattr(settings, "EMAIL_PORT", 0),
    "EMAIL_HOST_USER": getattr(settings, "EMAIL_HOST_USER", ""),
    "EMAIL_USE_TLS": getattr(settings, "EMAIL_USE_TLS", False),
    "DEFAULT_FROM_EMAIL": settings.DEFAULT_FROM_EMAIL,
    "MEDIA_ROOT": str(settings.MEDIA_ROOT),
    "PLANTRACK_MAX_UPLOAD_MB": settings.PLANTRACK_MAX_UPLOAD_MB,
    "SECURE_SSL_REDIRECT": settings.SECURE_SSL_REDIRECT,
    "SESSION_COOKIE_SECURE": settings.SESSION_COOKIE_SECURE,
}))
"""


def run(args: list[str], **variables: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, *args],
        cwd=ROOT,
        env=clean_env(**variables),
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
    )


def settings_with(**variables: str) -> dict:
    result = run(["-c", DUMP], **variables)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_it_passes_the_deploy_checks_with_production_variables():
    result = run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], **PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_variables_switch_on_https_hardening():
    values = settings_with(**PRODUCTION)
    assert values["DEBUG"] is False
    assert values["SECRET_KEY"] == GOOD_KEY
    assert values["ALLOWED_HOSTS"] == ["plantrack.example.vn"]
    assert values["SECURE_SSL_REDIRECT"] is True
    assert values["SESSION_COOKIE_SECURE"] is True


@pytest.mark.parametrize(
    ("key", "message"),
    [
        (None, "DJANGO_SECRET_KEY is not set"),
        ("", "DJANGO_SECRET_KEY is not set"),
        ("short-but-random-Q8z", "DJANGO_SECRET_KEY is too weak (20 characters"),
        ("a" * 60, "DJANGO_SECRET_KEY is too weak (60 characters, 1 different)"),
        ("django-insecure-" + GOOD_KEY, "DJANGO_SECRET_KEY starts with 'django-insecure-'"),
    ],
    ids=["missing", "empty", "short", "repetitive", "insecure-prefix"],
)
def test_it_refuses_to_start_in_production_without_a_strong_key(key, message):
    variables = {"DJANGO_DEBUG": "false", "DJANGO_ALLOWED_HOSTS": "plantrack.example.vn"}
    if key is not None:
        variables["DJANGO_SECRET_KEY"] = key
    result = run(["manage.py", "check"], **variables)
    assert result.returncode != 0
    assert f"django.core.exceptions.ImproperlyConfigured: {message}" in result.stderr
    assert "secrets.token_urlsafe" in result.stderr  # the message says how to make a good key


def test_it_accepts_the_development_key_while_debugging():
    values = settings_with(DJANGO_DEBUG="true")
    assert values["DEBUG"] is True
    assert values["SECRET_KEY"].startswith("django-insecure-")


@pytest.mark.parametrize("value", ["ture", "maybe"])
def test_it_rejects_a_debug_value_that_is_not_a_boolean(value):
    result = run(["manage.py", "check"], DJANGO_DEBUG=value)
    assert result.returncode != 0
    assert f"ImproperlyConfigured: DJANGO_DEBUG='{value}' is not a boolean" in result.stderr


def test_it_rejects_an_upload_limit_that_is_not_a_number():
    result = run(["manage.py", "check"], PLANTRACK_MAX_UPLOAD_MB="20MB")
    assert result.returncode != 0
    assert (
        "ImproperlyConfigured: PLANTRACK_MAX_UPLOAD_MB='20MB' is not a positive whole number" in result.stderr
    )


def test_unset_variables_give_the_embedded_default():
    values = settings_with()
    assert values["DEBUG"] is True
    assert values["DB_ENGINE"] == "django.db.backends.sqlite3"
    assert values["DB_NAME"] == str(ROOT / "db.sqlite3")
    assert values["CELERY_TASK_ALWAYS_EAGER"] is True
    assert values["celery_eager"] is True
    assert values["CELERY_BROKER_URL"] == "memory://"
    assert values["EMAIL_BACKEND"] == "django.core.mail.backends.console.EmailBackend"
    assert values["MEDIA_ROOT"] == str(ROOT / "media")
    assert values["PLANTRACK_MAX_UPLOAD_MB"] == 20
    assert values["DEFAULT_FROM_EMAIL"] == "Plantrack <plantrack@localhost>"
    assert values["SECURE_SSL_REDIRECT"] is False  # plain HTTP on loopback for `make run`


def test_it_honours_database_url():
    values = settings_with(DATABASE_URL="postgres://plantrack:s3cret@db.example.vn:5433/plantrack")
    assert values["DB_ENGINE"] == "django.db.backends.postgresql"
    assert values["DB_HOST"] == "db.example.vn"
    assert values["DB_PORT"] == "5433"
    assert values["DB_NAME"] == "plantrack"
    assert values["DB_USER"] == "plantrack"
    assert values["DB_CONN_MAX_AGE"] == 60  # persistent connections outside SQLite
    assert values["DB_CONN_HEALTH_CHECKS"] is True  # ... each checked before a request uses it (issue 16)


def test_it_honours_redis_url_for_the_celery_broker():
    values = settings_with(REDIS_URL="redis://cache.example.vn:6380/2")
    assert values["CELERY_BROKER_URL"] == "redis://cache.example.vn:6380/2"
    assert values["celery_broker"] == "redis://cache.example.vn:6380/2"
    assert values["CELERY_TASK_ALWAYS_EAGER"] is False
    assert values["celery_eager"] is False


def test_smtp_email_url_gives_the_smtp_backend():
    values = settings_with(EMAIL_URL="smtp://thongbao:matkhau@mail.example.vn:2525")
    assert values["EMAIL_BACKEND"] == "django.core.mail.backends.smtp.EmailBackend"
    assert values["EMAIL_HOST"] == "mail.example.vn"
    assert values["EMAIL_PORT"] == 2525
    assert values["EMAIL_HOST_USER"] == "thongbao"
    assert values["EMAIL_USE_TLS"] is False


def test_smtp_tls_email_url_switches_on_tls():
    values = settings_with(EMAIL_URL="smtp+tls://thongbao:matkhau@mail.example.vn:587")
    assert values["EMAIL_BACKEND"] == "django.core.mail.backends.smtp.EmailBackend"
    assert values["EMAIL_PORT"] == 587
    assert values["EMAIL_USE_TLS"] is True


def test_it_honours_the_optional_plantrack_variables(tmp_path):
    values = settings_with(
        PLANTRACK_MEDIA_ROOT=str(tmp_path / "uploads"),
        PLANTRACK_MAX_UPLOAD_MB="50",
        PLANTRACK_FROM_EMAIL="Văn phòng Đảng ủy Khối <vanphong@example.vn>",
    )
    assert values["MEDIA_ROOT"] == str(tmp_path / "uploads")
    assert values["PLANTRACK_MAX_UPLOAD_MB"] == 50
    assert values["DEFAULT_FROM_EMAIL"] == "Văn phòng Đảng ủy Khối <vanphong@example.vn>"


def test_the_variable_list_finds_what_the_settings_read():
    assert {
        "DATABASE_URL",
        "REDIS_URL",
        "EMAIL_URL",
        "DJANGO_SECRET_KEY",
        "DJANGO_DEBUG",
        "DJANGO_ALLOWED_HOSTS",
        "PLANTRACK_MEDIA_ROOT",
        "PLANTRACK_MAX_UPLOAD_MB",
        "PLANTRACK_FROM_EMAIL",
    } <= SETTINGS_VARIABLES


@pytest.mark.parametrize("name", sorted(SETTINGS_VARIABLES))
def test_the_readme_and_env_example_document_the_variable(name):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    env_example = (ROOT / ".env.example").read_text(encoding="utf-8")
    assert f"| `{name}` |" in readme, f"README.md's configuration table lacks {name}"
    assert re.search(rf"^(# )?{name}=", env_example, re.M), f".env.example lacks {name}"
