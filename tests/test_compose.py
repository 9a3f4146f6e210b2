"""docker-compose.yml, Dockerfile and .env.example: no Docker engine runs here, so check what can be checked
without one, and run the web health check against a real gunicorn with production settings."""

import http.client
import os
import re
import select
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml

from tests.require import require
from tests.settings_support import SETTINGS_VARIABLES

ROOT = Path(__file__).resolve().parent.parent
APP_SERVICES = ("migrate", "web", "worker", "beat")
LONG_RUNNING = ("postgres", "redis", "web", "worker", "beat")


@pytest.fixture(scope="module")
def compose() -> dict:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def services(compose) -> dict:
    return compose["services"]


def test_it_defines_the_database_the_broker_and_the_three_processes(services):
    assert set(services) == {"postgres", "redis", "migrate", "web", "worker", "beat"}
    assert services["postgres"]["image"] == "postgres:16"
    assert services["redis"]["image"] == "redis:7"
    assert services["web"]["command"][0] == "gunicorn"
    assert "config.wsgi" in services["web"]["command"]
    assert services["worker"]["command"][:4] == ["celery", "-A", "config", "worker"]
    assert services["beat"]["command"][:4] == ["celery", "-A", "config", "beat"]
    assert services["migrate"]["command"] == ["python", "manage.py", "migrate", "--noinput"]


def test_the_application_image_is_built_once_and_shared(services):
    assert [name for name, service in services.items() if "build" in service] == ["migrate"]
    assert {services[name]["image"] for name in APP_SERVICES} == {"plantrack"}


def test_every_application_service_gets_the_same_variables(services):
    environments = [services[name]["environment"] for name in APP_SERVICES]
    assert all(environment == environments[0] for environment in environments)
    environment = environments[0]
    missing = sorted(SETTINGS_VARIABLES - set(environment))
    assert missing == [], f"docker-compose.yml does not pass {missing} to the containers"
    assert environment["DJANGO_DEBUG"] == "false"
    assert environment["DATABASE_URL"].startswith("postgres://plantrack:")
    assert environment["DATABASE_URL"].endswith("@postgres:5432/plantrack")
    assert environment["REDIS_URL"] == "redis://redis:6379/0"
    # The secrets have no default: compose refuses to start until .env gives them.
    assert environment["DJANGO_SECRET_KEY"].startswith("${DJANGO_SECRET_KEY:?")
    assert "${POSTGRES_PASSWORD:?" in environment["DATABASE_URL"]
    assert services["postgres"]["environment"]["POSTGRES_PASSWORD"].startswith("${POSTGRES_PASSWORD:?")


def test_every_long_running_service_has_a_health_check(services):
    for name in LONG_RUNNING:
        check = services[name].get("healthcheck", {})
        assert check.get("test"), f"{name} has no health check"
        assert not check.get("disable"), name
    assert "pg_isready" in services["postgres"]["healthcheck"]["test"]
    assert services["redis"]["healthcheck"]["test"] == ["CMD", "redis-cli", "ping"]
    assert "http://127.0.0.1:8000/healthz/" in " ".join(services["web"]["healthcheck"]["test"])
    assert "inspect ping" in " ".join(services["worker"]["healthcheck"]["test"])
    assert "ping()" in " ".join(services["beat"]["healthcheck"]["test"])
    # The one-shot migration exits; it must not be restarted in a loop.
    assert services["migrate"]["restart"] == "no"


def test_processes_start_only_when_what_they_need_is_ready(services):
    ready = {"condition": "service_healthy"}
    assert services["migrate"]["depends_on"] == {"postgres": ready}
    for name in ("web", "worker", "beat"):
        assert services[name]["depends_on"] == {
            "postgres": ready,
            "redis": ready,
            "migrate": {"condition": "service_completed_successfully"},
        }


def test_uploads_and_the_database_live_in_named_volumes(compose, services):
    assert {"media", "postgres-data"} <= set(compose["volumes"])
    assert "postgres-data:/var/lib/postgresql/data" in services["postgres"]["volumes"]
    media_root = services["web"]["environment"]["PLANTRACK_MEDIA_ROOT"]
    for name in ("web", "worker"):
        assert f"media:{media_root}" in services[name]["volumes"]


def test_env_example_documents_every_variable_compose_reads():
    compose_text = (ROOT / "docker-compose.yml").read_text(encoding="utf-8")
    env_example = (ROOT / ".env.example").read_text(encoding="utf-8")
    interpolated = set(re.findall(r"\$\{([A-Z][A-Z0-9_]*)", compose_text))
    assert {"DJANGO_SECRET_KEY", "POSTGRES_PASSWORD", "PORT"} <= interpolated
    assert [name for name in sorted(interpolated) if not re.search(rf"^{name}=", env_example, re.M)] == []


def test_env_example_is_committed_and_env_is_not():
    gitignore = (ROOT / ".gitignore").read_text(encoding="utf-8").split()
    assert ".env" in gitignore
    assert not any(pattern in gitignore for pattern in (".env*", ".env.example", "*.mo"))
    assert ".env" in (ROOT / ".dockerignore").read_text(encoding="utf-8").split()


def test_the_dockerfile_builds_a_non_root_image_with_what_weasyprint_needs():
    dockerfile = (ROOT / "Dockerfile").read_text(encoding="utf-8")
    assert "FROM python:3.11-slim-bookworm" in dockerfile
    for package in ("libpango-1.0-0", "libpangoft2-1.0-0", "fonts-dejavu-core", "gettext"):
        assert package in dockerfile
    assert "pip install ." in dockerfile
    assert "collectstatic --noinput" in dockerfile
    users = re.findall(r"^USER (\S+)", dockerfile, re.M)
    assert users and users[-1] not in ("root", "0")
    assert re.search(r'^CMD \["gunicorn", "config.wsgi"\]', dockerfile, re.M)
    # The build-time key must pass the settings' own rules, or collectstatic fails the build.
    key = re.search(r"DJANGO_SECRET_KEY=(\S+)", dockerfile)[1]
    assert len(key) >= 50 and not key.startswith("django-insecure-")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_for_line(process: subprocess.Popen, needle: str, timeout: float) -> str:
    """Read gunicorn's log until `needle` appears (no fixed sleep: returns as soon as it is ready)."""
    seen = ""
    deadline = time.monotonic() + timeout
    while needle not in seen:
        remaining = deadline - time.monotonic()
        if remaining <= 0 or process.poll() is not None:
            pytest.fail(f"gunicorn did not start:\n{seen}")
        ready, _, _ = select.select([process.stderr], [], [], remaining)
        if ready:
            seen += os.read(process.stderr.fileno(), 4096).decode(errors="replace")
    return seen


@pytest.fixture
def production_gunicorn(tmp_path):
    """gunicorn serving config.wsgi with production settings (HTTPS redirect on, one allowed host)."""
    port = _free_port()
    env = {name: value for name, value in os.environ.items() if name not in SETTINGS_VARIABLES}
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings",
        DJANGO_DEBUG="false",
        DJANGO_SECRET_KEY="p7Qw2-eR9tY4uI1oP6aS3dF8gH5jK0lZ7xC2vB9nM4qW1eR6tY3u",
        DJANGO_ALLOWED_HOSTS="plantrack.example.vn,www.plantrack.example.vn",
        DATABASE_URL=f"sqlite:///{tmp_path / 'healthz.sqlite3'}",
    )
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "config.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "1"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        _wait_for_line(process, "Booting worker", timeout=60)
        yield port, env
    finally:
        process.terminate()
        process.wait(timeout=30)


def test_the_web_health_check_passes_against_gunicorn_in_production_mode(services, production_gunicorn):
    port, env = production_gunicorn
    command = services["web"]["healthcheck"]["test"]
    assert command[:3] == ["CMD", "python", "-c"]
    probe = command[3].replace("127.0.0.1:8000", f"127.0.0.1:{port}")
    result = subprocess.run(
        [sys.executable, "-c", probe], env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr

    # Without the proxy's header the same request is redirected to HTTPS: the probe's header is needed.
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    connection.request("GET", "/healthz/", headers={"Host": "plantrack.example.vn"})
    assert connection.getresponse().status == 301
    connection.close()


def _compose_cli() -> list[str] | None:
    """Docker Compose v2 (`docker compose`) or Debian's docker-compose; both check a file without an engine."""
    docker = shutil.which("docker")
    if docker and subprocess.run([docker, "compose", "version"], capture_output=True).returncode == 0:
        return [docker, "compose"]
    legacy = shutil.which("docker-compose")
    return [legacy] if legacy else None


def test_docker_compose_itself_accepts_the_file_and_demands_the_secrets(tmp_path):
    cli = _compose_cli()
    require(cli is not None, "no Docker Compose command line (apt-get install docker-compose)")
    env_file = tmp_path / ".env"
    env_file.write_text(
        (ROOT / ".env.example")
        .read_text(encoding="utf-8")
        .replace(
            "DJANGO_SECRET_KEY=\n", "DJANGO_SECRET_KEY=x8Kq2-Lm4Np6Rs8Tu0Vw2Xy4Za6Bc8De0Fg2Hi4Jk6Lm8No0\n"
        )
        .replace("POSTGRES_PASSWORD=\n", "POSTGRES_PASSWORD=s3cret\n"),
        encoding="utf-8",
    )
    base = [*cli, "--project-directory", str(tmp_path), "-f", str(ROOT / "docker-compose.yml")]
    ignored = {*SETTINGS_VARIABLES, "POSTGRES_PASSWORD", "PORT"}  # the shell would override .env
    env = {name: value for name, value in os.environ.items() if name not in ignored}

    result = subprocess.run(
        [*base, "--env-file", str(env_file), "config"], capture_output=True, text=True, env=env, timeout=120
    )
    assert result.returncode == 0, result.stderr
    resolved = yaml.safe_load(result.stdout)
    web = resolved["services"]["web"]["environment"]
    assert web["DATABASE_URL"] == "postgres://plantrack:s3cret@postgres:5432/plantrack"
    assert web["PLANTRACK_FROM_EMAIL"] == "Plantrack <plantrack@localhost>"  # quotes of .env removed

    env_file.write_text("DJANGO_ALLOWED_HOSTS=plantrack.example.vn\n", encoding="utf-8")
    missing = subprocess.run(
        [*base, "--env-file", str(env_file), "config"], capture_output=True, text=True, env=env, timeout=120
    )
    assert missing.returncode != 0
    assert "set POSTGRES_PASSWORD in .env" in missing.stderr or "set DJANGO_SECRET_KEY" in missing.stderr
