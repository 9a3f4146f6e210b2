"""What the load and fault scripts share: services of their own on loopback (a fresh PostgreSQL database, or
a private PostgreSQL cluster that may be restarted; a private Redis), the application under gunicorn as in
production (DEBUG off, static files collected, behind what looks like a TLS proxy), secretaries who log in
and submit through the real pages, and the check that nothing was lost.

Every address is 127.0.0.1; every loop is bounded in count and time. Nothing here is collected by pytest
(no test_*.py file): `make load` and .ci/run call the scripts.
"""

import asyncio
import contextlib
import hashlib
import os
import re
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parents[2]
PYTHON = sys.executable
BIN = Path(PYTHON).parent
HOST = "127.0.0.1"
PASSWORD = "plantrack-load-1"  # the generated secretaries' password
TOKEN_RE = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


STARTED = time.monotonic()


def log(message: str) -> None:
    print(f"[{time.monotonic() - STARTED:6.1f}s] {message}", flush=True)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def wait_until(check, *, timeout: float, what: str, every: float = 0.2) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with contextlib.suppress(Exception):
            if check():
                return
        time.sleep(every)
    raise RuntimeError(f"timed out after {timeout:.0f}s waiting for {what}")


def run(cmd: list[str], *, env=None, user: str | None = None, timeout: float = 600, quiet=True) -> str:
    if user and os.geteuid() == 0:
        cmd = ["runuser", "-u", user, "--", *cmd]
    done = subprocess.run(cmd, env=env, cwd=BASE_DIR, capture_output=True, text=True, timeout=timeout)
    if done.returncode != 0:
        raise RuntimeError(
            f"{' '.join(cmd)} failed ({done.returncode}):\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
        )
    if not quiet:
        print(done.stdout, end="")
    return done.stdout


# --- PostgreSQL ------------------------------------------------------------------------------------------


def _pg_bin(name: str) -> str:
    found = sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{name}"), key=lambda p: p.parts[-3])
    if found:
        return str(found[-1])
    path = shutil.which(name)
    if not path:
        raise RuntimeError(f"PostgreSQL's {name} is not installed")
    return path


class SharedDatabase:
    """A fresh database on the PostgreSQL at 127.0.0.1:5432 (or PLANTRACK_LOAD_PG=host:port), dropped after."""

    def __init__(self, name: str):
        host, _, port = os.environ.get("PLANTRACK_LOAD_PG", f"{HOST}:5432").partition(":")
        self.host, self.port, self.name = host, int(port or 5432), name

    @property
    def url(self) -> str:
        return f"postgres://postgres@{self.host}:{self.port}/{self.name}"

    def _admin(self, sql: str) -> None:
        import psycopg

        with psycopg.connect(
            host=self.host, port=self.port, user="postgres", dbname="postgres", autocommit=True
        ) as c:
            c.execute(sql)

    def create(self) -> None:
        self._admin(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')
        self._admin(f'CREATE DATABASE "{self.name}"')

    def drop(self) -> None:
        with contextlib.suppress(Exception):
            self._admin(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')


class PrivateCluster:
    """A PostgreSQL cluster of its own (initdb in a temporary folder, its own port), so that restarting it
    disturbs nobody else's tests. Run as the postgres user when this script runs as root."""

    def __init__(self, root: Path, name: str):
        self.root, self.name = root, name
        self.data = root / "pgdata"
        self.port = free_port()
        self.host = HOST
        self.user = "postgres" if os.geteuid() == 0 else None

    @property
    def url(self) -> str:
        return f"postgres://postgres@{HOST}:{self.port}/{self.name}"

    def _pg_ctl(self, *args: str, timeout: float = 120) -> None:
        run([_pg_bin("pg_ctl"), "-D", str(self.data), *args], user=self.user, timeout=timeout)

    def create(self) -> None:
        self.root.chmod(0o755)
        self.data.mkdir()
        if self.user:
            shutil.chown(self.data, self.user, self.user)
        self.data.chmod(0o700)
        run(
            [
                _pg_bin("initdb"),
                "-D",
                str(self.data),
                "-U",
                "postgres",
                "--auth=trust",
                "-E",
                "UTF8",
                "--no-locale",
            ],
            user=self.user,
        )
        options = f"-p {self.port} -c listen_addresses={HOST} -c unix_socket_directories={self.data} -c max_connections=200"
        self._pg_ctl("-o", options, "-l", str(self.data / "server.log"), "-w", "start")
        run(
            [_pg_bin("createdb"), "-h", HOST, "-p", str(self.port), "-U", "postgres", self.name],
            user=self.user,
        )

    def restart(self) -> float:
        """Restart it the way an operator would (fast shutdown: open connections are cut); seconds taken."""
        start = time.monotonic()
        # (-l again: without it the new server would write to this script's pipe and hold it open)
        self._pg_ctl("-m", "fast", "-l", str(self.data / "server.log"), "-w", "restart")
        return time.monotonic() - start

    def drop(self) -> None:
        with contextlib.suppress(Exception):
            self._pg_ctl("-m", "immediate", "-w", "stop", timeout=60)


# --- Redis -----------------------------------------------------------------------------------------------


class PrivateRedis:
    """A Redis of its own on a free loopback port, without persistence (like the CI one)."""

    def __init__(self, root: Path):
        self.port = free_port()
        self.dir = root / "redis"
        self.dir.mkdir()
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://{HOST}:{self.port}/0"

    def ping(self) -> bool:
        import redis

        try:
            return redis.Redis(host=HOST, port=self.port, socket_timeout=1).ping()
        except redis.RedisError:
            return False

    def start(self) -> None:
        exe = shutil.which("redis-server")
        if not exe:
            raise RuntimeError("redis-server is not installed")
        self.process = subprocess.Popen(
            [
                exe,
                "--bind",
                HOST,
                "--port",
                str(self.port),
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.dir),
                "--daemonize",
                "no",
                "--logfile",
                str(self.dir / "redis.log"),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wait_until(self.ping, timeout=20, what="Redis to answer")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.process.wait(10)
            if self.process.poll() is None:
                self.process.kill()
                self.process.wait(10)
        self.process = None


# --- the application -------------------------------------------------------------------------------------


def app_env(*, database_url: str, media: Path, redis_url: str = "", email_url: str = "") -> dict[str, str]:
    """Production-like settings: DEBUG off, a random key, plain HTTP on loopback behind a 'TLS proxy'."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "PLANTRACK_", "CELERY_"))}
    env.pop("REDIS_URL", None)
    env.pop("EMAIL_URL", None)
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings",
        DJANGO_DEBUG="false",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(64),
        DJANGO_ALLOWED_HOSTS=f"{HOST},localhost",
        DJANGO_SECURE_SSL_REDIRECT="false",
        PLANTRACK_MEDIA_ROOT=str(media),
        DATABASE_URL=database_url,
        PYTHONPATH=str(BASE_DIR),
    )
    if redis_url:
        env["REDIS_URL"] = redis_url
    if email_url:
        env["EMAIL_URL"] = email_url
    return env


def use_env(env: dict[str, str]) -> None:
    """Set this process up like the server (the scripts read and check the database through Django)."""
    os.environ.update(env)
    for name in ("REDIS_URL", "EMAIL_URL"):
        if name not in env:
            os.environ.pop(name, None)
    sys.path.insert(0, str(BASE_DIR))
    import logging

    import django

    django.setup()
    logging.getLogger("httpx").setLevel(logging.WARNING)  # not one line per request


def manage(*args: str, env: dict[str, str], timeout: float = 900) -> str:
    return run([PYTHON, "manage.py", *args], env=env, timeout=timeout)


def prepare_site(env: dict[str, str], *, orgs: int) -> None:
    """Migrate, collect the static files DEBUG-off pages need, and generate a bloc of `orgs` organizations
    with a secretary login each (gen_data)."""
    started = time.monotonic()
    manage("migrate", "--noinput", env=env)
    manage("collectstatic", "--noinput", env=env)
    manage("gen_data", "--orgs", str(orgs), "--secretaries", str(orgs), "--password", PASSWORD, env=env)
    log(
        f"site ready: migrated, static files collected, {orgs} organizations generated "
        f"({time.monotonic() - started:.0f}s)"
    )


@dataclass
class Secretary:
    username: str
    due_id: int
    pdf: bytes = b""

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.pdf).hexdigest()


def secretaries_owing(count: int) -> list[Secretary]:
    """One open due for each of `count` generated secretaries: a task added to the generated plan, due in a
    month, assigned to their organizations."""
    import datetime

    from django.utils import timezone

    from organizations.models import Membership
    from plans.models import Plan
    from tasks.models import Assignment, Due, Task

    plan = Plan.objects.order_by("-pk").first()
    due_on = timezone.localdate() + datetime.timedelta(days=30)
    memberships = list(
        Membership.objects.filter(user__username__startswith="gen.bithu.", role=Membership.Role.SECRETARY)
        .select_related("user", "organization")
        .order_by("user__username")[:count]
    )
    if len(memberships) < count:
        raise RuntimeError(f"gen_data made {len(memberships)} secretaries, {count} wanted")
    task = Task.objects.create(
        plan=plan,
        section=plan.sections.order_by("pk").first(),
        position=999,
        text="Báo cáo sơ kết (kiểm tra tải: nộp cùng lúc)",
        kind=Task.Kind.DATED,
        due_on=due_on,
        precision=Task.Precision.DAY,
        deadline_source=f"trước ngày {due_on:%d/%m/%Y}",
    )
    Assignment.objects.bulk_create(
        Assignment(task=task, organization=m.organization, label=m.organization.name, position=i)
        for i, m in enumerate(memberships)
    )
    dues = Due.objects.bulk_create(
        Due(task=task, plan_id=task.plan_id, organization=m.organization, period="once", due_on=due_on)
        for m in memberships
    )
    return [
        Secretary(username=m.user.username, due_id=due.pk, pdf=pdf_bytes(f"{m.organization.name} #{i}"))
        for i, (m, due) in enumerate(zip(memberships, dues, strict=True))
    ]


def pdf_bytes(label: str) -> bytes:
    """A small, valid, one-page PDF whose bytes differ for each label (so each file's digest is its own)."""
    text = label.encode("ascii", "replace").replace(b"(", b"[").replace(b")", b"]")
    stream = b"BT /F1 12 Tf 72 720 Td (" + text + b") Tj ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


class Gunicorn:
    """The application as production runs it: config.wsgi under gunicorn, sync workers."""

    def __init__(self, env: dict[str, str], root: Path, *, workers: int = 4):
        self.env, self.workers = env, workers
        self.port = free_port()
        self.log_path = root / "gunicorn.log"
        self.process: subprocess.Popen | None = None

    @property
    def base_url(self) -> str:
        return f"http://{HOST}:{self.port}"

    def start(self) -> None:
        import httpx

        self._log = open(self.log_path, "ab")  # noqa: SIM115 - closed in stop()
        self.process = subprocess.Popen(
            [
                str(BIN / "gunicorn"),
                "config.wsgi:application",
                "--bind",
                f"{HOST}:{self.port}",
                "--workers",
                str(self.workers),
                "--timeout",
                "120",
                "--graceful-timeout",
                "10",
                "--backlog",
                "2048",
                "--control-socket",
                str(self.log_path.with_name("gunicorn.ctl")),
            ],
            env=self.env,
            cwd=BASE_DIR,
            stdout=self._log,
            stderr=self._log,
            start_new_session=True,
        )
        wait_until(
            lambda: httpx.get(f"{self.base_url}/healthz/", timeout=2).status_code == 200,
            timeout=60,
            what="gunicorn to answer /healthz/",
        )
        log(f"gunicorn up: {self.workers} workers on {self.base_url}")

    def stop(self) -> None:
        if self.process is None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(20)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(10)
        self.process = None
        self._log.close()

    def log_tail(self, lines: int = 40) -> str:
        with contextlib.suppress(OSError):
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        return ""


# --- a person at a browser -------------------------------------------------------------------------------


class Browser:
    """One person's cookies and CSRF token, as a browser behind the site's TLS proxy would send them.

    The server runs with DEBUG off, so its cookies are Secure; the proxy's X-Forwarded-Proto header makes
    the request https to Django, and the cookies are kept here by hand (an HTTP client would not send
    Secure cookies over the plain loopback connection)."""

    def __init__(self, client, base_url: str):
        self.client, self.base_url = client, base_url
        self.origin = base_url.replace("http://", "https://")
        self.cookies: dict[str, str] = {}

    def _headers(self) -> dict[str, str]:
        headers = {"X-Forwarded-Proto": "https", "Origin": self.origin, "Referer": self.origin + "/"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        return headers

    def _keep(self, response) -> None:
        for header in response.headers.get_list("set-cookie"):
            jar = SimpleCookie()
            jar.load(header)
            for name, morsel in jar.items():
                if morsel["max-age"] == "0" or not morsel.value:
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value
        self.client.cookies.clear()

    async def get(self, path: str):
        response = await self.client.get(self.base_url + path, headers=self._headers())
        self._keep(response)
        return response

    async def post(self, path: str, data: dict, files=None):
        response = await self.client.post(
            self.base_url + path, data=data, files=files, headers=self._headers()
        )
        self._keep(response)
        return response

    @staticmethod
    def token(response) -> str:
        found = TOKEN_RE.search(response.text)
        if not found:
            raise RuntimeError(f"no CSRF token on {response.request.url} ({response.status_code})")
        return found.group(1)

    async def login(self, username: str, password: str = PASSWORD) -> None:
        page = await self.get("/accounts/login/")
        response = await self.post(
            "/accounts/login/",
            {"username": username, "password": password, "csrfmiddlewaretoken": self.token(page)},
        )
        if response.status_code != 302 or "sessionid" not in self.cookies:
            raise RuntimeError(f"{username} could not log in: {response.status_code} {response.text[:300]}")


@dataclass
class Attempt:
    """One POST of a submission, as its sender saw it."""

    status: int = 0
    seconds: float = 0.0
    message: str = ""
    error: str = ""  # a transport error (no HTTP answer at all)
    started: float = 0.0

    @property
    def ok(self) -> bool:
        return self.status == 302 and not self.error


def page_message(html: str) -> str:
    """The message a person reads: the page's alerts, or its heading, or its first words."""
    alerts = re.findall(r'<div class="alert[^"]*"[^>]*>(.*?)</div>', html, re.S)
    text = " ".join(alerts) or " ".join(re.findall(r"<h1[^>]*>(.*?)</h1>", html, re.S)) or html[:200]
    return " ".join(re.sub(r"<[^>]+>", " ", text).split())[:300]


async def submit(browser: Browser, secretary: Secretary, *, text: str) -> Attempt:
    """Open the submit page (fresh token) and send the form with the PDF; follow the redirect to read the
    confirmation the person sees."""
    page = await browser.get(f"/dues/{secretary.due_id}/submit/")
    if page.status_code != 200:
        return Attempt(status=page.status_code, message=page_message(page.text))
    return await send_submission(browser, secretary, token=browser.token(page), text=text)


async def send_submission(browser: Browser, secretary: Secretary, *, token: str, text: str) -> Attempt:
    attempt = Attempt(started=time.monotonic())
    try:
        response = await browser.post(
            f"/dues/{secretary.due_id}/submit/",
            {
                "csrfmiddlewaretoken": token,
                "text": text,
                "work_status": "done",
                "document_symbol": "05-BC/CB",
            },
            files={"files": (f"bao-cao-{secretary.username}.pdf", secretary.pdf, "application/pdf")},
        )
    except Exception as error:  # noqa: BLE001 - a transport failure is an outcome to report, not a crash
        attempt.seconds = time.monotonic() - attempt.started
        attempt.error = f"{type(error).__name__}: {error}"
        return attempt
    attempt.seconds = time.monotonic() - attempt.started
    attempt.status = response.status_code
    if response.status_code == 302:
        with contextlib.suppress(Exception):
            attempt.message = page_message((await browser.get(response.headers["location"])).text)
    else:
        attempt.message = page_message(response.text)
    return attempt


def percentiles(seconds: list[float]) -> dict[str, float]:
    if not seconds:
        return {"median": 0.0, "p95": 0.0, "max": 0.0}
    ordered = sorted(seconds)
    p95 = ordered[min(len(ordered) - 1, max(0, round(0.95 * len(ordered)) - 1))]
    return {"median": statistics.median(ordered), "p95": p95, "max": ordered[-1]}


# --- nothing lost ----------------------------------------------------------------------------------------


@dataclass
class Audit:
    submitted: int = 0  # dues with exactly one submission, its file on disk with the right digest
    losses: list[str] = field(default_factory=list)  # acknowledged but missing, or partial rows
    unreported: list[str] = field(default_factory=list)  # a failure told to the sender without a message
    saved_but_failed: list[str] = field(default_factory=list)  # saved, though the sender saw an error
    orphan_files: list[str] = field(default_factory=list)


def audit(secretaries: list[Secretary], outcomes: dict[str, Attempt]) -> Audit:
    """Compare what each sender was told with what the database and the disk hold."""
    from django.conf import settings
    from django.db import close_old_connections, connection

    from tasks.models import Due, Submission, SubmissionFile

    connection.close()  # the server may have been restarted since this process last asked
    close_old_connections()
    result = Audit()
    dues = Due.objects.in_bulk([s.due_id for s in secretaries])
    by_due: dict[int, list] = {}
    for sub in Submission.objects.filter(due_id__in=dues).prefetch_related("files", "submitted_by"):
        by_due.setdefault(sub.due_id, []).append(sub)
    media = Path(settings.MEDIA_ROOT)
    for secretary in secretaries:
        attempt = outcomes.get(secretary.username, Attempt(error="never sent"))
        due, subs = dues[secretary.due_id], by_due.get(secretary.due_id, [])
        who = f"{secretary.username} (due {secretary.due_id})"
        if len(subs) > 1:
            result.losses.append(f"{who}: {len(subs)} submissions for one send")
        if subs:
            sub = subs[0]
            files = list(sub.files.all())
            problems = []
            if due.state != Due.State.SUBMITTED:
                problems.append(f"due is {due.state}")
            if sub.submitted_by.username != secretary.username:
                problems.append("submitted by someone else")
            if len(files) != 1:
                problems.append(f"{len(files)} files")
            for f in files:
                path = media / f.file.name
                if f.sha256 != secretary.sha256:
                    problems.append("recorded digest differs")
                elif not path.is_file():
                    problems.append(f"file missing on disk: {f.file.name}")
                elif hashlib.sha256(path.read_bytes()).hexdigest() != secretary.sha256:
                    problems.append("file on disk differs")
            if problems:
                result.losses.append(f"{who}: " + ", ".join(problems))
            else:
                result.submitted += 1
            if not attempt.ok:
                result.saved_but_failed.append(f"{who}: told {attempt.status or attempt.error}")
        else:
            if due.state != Due.State.OPEN:
                result.losses.append(f"{who}: due is {due.state} without a submission (partial write)")
            if attempt.ok:
                result.losses.append(f"{who}: acknowledged ({attempt.message[:80]}) but nothing saved")
            elif not attempt.error and not attempt.message:
                result.unreported.append(f"{who}: {attempt.status} without a message")
    stored = {f for f in SubmissionFile.objects.values_list("file", flat=True)}
    folder = media / "submissions"
    if folder.is_dir():
        for path in folder.rglob("*"):
            if path.is_file() and str(path.relative_to(media)) not in stored:
                result.orphan_files.append(str(path.relative_to(media)))
    return result


def print_audit(result: Audit, *, sent: int) -> None:
    log(f"audit: {result.submitted}/{sent} dues hold exactly one submission with its file (SHA-256 checked)")
    for title, rows in (
        ("LOST or PARTIAL", result.losses),
        ("failure without a message", result.unreported),
        ("saved although the sender was told it failed", result.saved_but_failed),
        ("files on disk without a row (left by a failed request)", result.orphan_files),
    ):
        if rows:
            log(f"  {title}: {len(rows)}")
            for row in rows[:10]:
                log(f"    {row}")


@contextlib.contextmanager
def temporary_root(prefix: str):
    root = Path(tempfile.mkdtemp(prefix=prefix))
    try:
        yield root
    finally:
        shutil.rmtree(root, ignore_errors=True)


async def barrier_release(count: int):
    """An asyncio barrier: the returned coroutine function waits until `count` callers arrived."""
    arrived = 0
    gate = asyncio.Event()

    async def wait():
        nonlocal arrived
        arrived += 1
        if arrived >= count:
            gate.set()
        await gate.wait()

    return wait
