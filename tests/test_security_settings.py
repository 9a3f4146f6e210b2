"""The security settings, as the environment makes them (each case in a subprocess with a clean environment):
the proxy count behind sign-in throttling, the file hand-over mode, sessions and cookies, and a production
configuration that still passes `check --deploy` with everything switched on."""

import json
import subprocess
import sys

import pytest
from django.conf import settings
from django.urls import Resolver404, resolve

from tests.settings_support import ROOT, clean_env

PRODUCTION = {
    "DJANGO_DEBUG": "false",
    "DJANGO_SECRET_KEY": "k3Jx9-vQ2_mP8rT5wZ1yB4nC7aF0hL6sD3gE9uI2oR5tY8pW1qA4zX7cV0bN3mK6",
    "DJANGO_ALLOWED_HOSTS": "plantrack.example.vn",
}

DUMP = """
import json
from django.conf import settings
print(json.dumps({
    "order": list(settings.AXES_IPWARE_META_PRECEDENCE_ORDER),
    "count": settings.AXES_IPWARE_PROXY_COUNT,
    "strict": getattr(settings, "IPWARE_STRICT", None),
    "sendfile": settings.PLANTRACK_SENDFILE,
    "prefix": settings.PLANTRACK_SENDFILE_PREFIX,
    "session_secure": settings.SESSION_COOKIE_SECURE,
    "csrf_secure": settings.CSRF_COOKIE_SECURE,
    "session_age": settings.SESSION_COOKIE_AGE,
    "browser_close": settings.SESSION_EXPIRE_AT_BROWSER_CLOSE,
    "httponly": settings.SESSION_COOKIE_HTTPONLY,
    "hsts": settings.SECURE_HSTS_SECONDS,
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


def dump(**variables: str) -> dict:
    result = run(["-c", "import django; django.setup()\n" + DUMP], **variables)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_deploy_checks_pass_with_every_security_option_switched_on():
    result = run(
        ["manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        **PRODUCTION,
        PLANTRACK_PROXY_COUNT="1",
        PLANTRACK_SENDFILE="x-accel-redirect",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_cookies_are_secure_and_sessions_short():
    values = dump(**PRODUCTION)
    assert values["session_secure"] is True and values["csrf_secure"] is True
    assert values["httponly"] is True
    assert values["session_age"] == 8 * 60 * 60
    assert values["browser_close"] is True
    assert values["hsts"] == 365 * 24 * 60 * 60


def test_by_default_the_connections_own_address_is_used_and_django_sends_files():
    values = dump()
    assert values["order"] == ["REMOTE_ADDR"]
    assert values["count"] is None
    assert values["sendfile"] == "" and values["prefix"] == "/protected/"


@pytest.mark.parametrize(("proxies", "ipware_count"), [("1", 0), ("2", 1)])
def test_behind_proxies_the_forwarded_header_is_read_from_its_right_end(proxies, ipware_count):
    values = dump(PLANTRACK_PROXY_COUNT=proxies)
    assert values["order"] == ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"]
    assert values["count"] == ipware_count  # ipware does not count the nearest proxy (REMOTE_ADDR)
    assert values["strict"] is False


def test_the_sendfile_mode_is_read_case_insensitively():
    values = dump(PLANTRACK_SENDFILE=" X-Accel-Redirect ", PLANTRACK_SENDFILE_PREFIX="/files-internal/")
    assert values["sendfile"] == "x-accel-redirect" and values["prefix"] == "/files-internal/"


@pytest.mark.parametrize(
    ("variables", "message"),
    [
        ({"PLANTRACK_PROXY_COUNT": "one"}, "PLANTRACK_PROXY_COUNT='one' is not a whole number"),
        ({"PLANTRACK_PROXY_COUNT": "-1"}, "PLANTRACK_PROXY_COUNT='-1' is not a whole number"),
        ({"PLANTRACK_SENDFILE": "nginx"}, "PLANTRACK_SENDFILE='nginx': use x-accel-redirect, x-sendfile"),
    ],
)
def test_a_malformed_value_stops_the_start(variables, message):
    result = run(["manage.py", "check"], **variables)
    assert result.returncode != 0
    assert f"ImproperlyConfigured: {message}" in result.stderr


# --- in this process -------------------------------------------------------------------------------------


def test_axes_comes_first_among_backends_and_last_among_middleware():
    assert settings.AUTHENTICATION_BACKENDS[0] == "axes.backends.AxesStandaloneBackend"
    assert settings.MIDDLEWARE[-1] == "axes.middleware.AxesMiddleware"
    auth = settings.MIDDLEWARE.index("django.contrib.auth.middleware.AuthenticationMiddleware")
    otp = settings.MIDDLEWARE.index("django_otp.middleware.OTPMiddleware")
    assert auth < otp < settings.MIDDLEWARE.index("organizations.accounts.two_factor.SecondFactorMiddleware")
    assert (settings.AXES_FAILURE_LIMIT, settings.AXES_COOLOFF_TIME.total_seconds()) == (5, 30 * 60)
    assert settings.AXES_LOCKOUT_PARAMETERS == [["username", "ip_address"]]


def test_djangos_password_validators_are_on():
    names = [validator["NAME"].rsplit(".", 1)[-1] for validator in settings.AUTH_PASSWORD_VALIDATORS]
    assert names == [
        "UserAttributeSimilarityValidator",
        "MinimumLengthValidator",
        "CommonPasswordValidator",
        "NumericPasswordValidator",
    ]


@pytest.mark.parametrize("path", ["/media/submissions/1/1/bao-cao.pdf", "/media/", "/uploads/x.pdf"])
def test_no_url_serves_the_media_folder(path):
    with pytest.raises(Resolver404):
        resolve(path)
