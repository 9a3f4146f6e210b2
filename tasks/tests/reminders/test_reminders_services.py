"""Reminders with the real services: Redis, a Celery worker and beat started here, an SMTP server (aiosmtpd)
that receives the mail, and two scans running at once in separate processes.

Other processes must see this session's test database, so these tests commit their data (transactional
database) and share the database by URL: PostgreSQL's test database as it is, or, on SQLite (whose test
database lives in memory), a file copy of it that the connection is switched to for this module.
"""

import datetime
import os
import re
import sqlite3
import subprocess
import sys
import time
import urllib.parse
import uuid
from dataclasses import dataclass
from pathlib import Path

import pytest
from celery import Celery
from django.db import connection
from django.utils import timezone

from organizations.models import Membership
from tasks.models import Due, Reminder, ReminderDigest
from tests.factories import TaskFactory, make_member
from tests.reminders_support import DUE_ON, SmtpSink, reminder_scenario
from tests.require import require
from tests.world import add_cells

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]

ROOT = Path(__file__).resolve().parents[3]
START_TIMEOUT = 40
WAIT = 30
QUEUE = f"plantrack-test-{uuid.uuid4().hex[:12]}"


def _redis_test_url() -> str:
    """REDIS_URL's server (or PLANTRACK_TEST_REDIS_URL), database 11: the queue is this run's own anyway
    (tests/reminders_celery.py), the separate database keeps the application's keys out of sight."""
    explicit = os.environ.get("PLANTRACK_TEST_REDIS_URL")
    if explicit:
        return explicit
    base = urllib.parse.urlsplit(os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/0")
    return urllib.parse.urlunsplit((base.scheme, base.netloc, "/11", "", ""))


def wait_until(predicate, *, timeout: float = WAIT, what: str = "condition") -> None:
    """Poll another process's work (a worker, a subprocess) until `predicate()` holds."""
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout}s waiting for {what}")
        time.sleep(0.05)


# --- the shared database, the SMTP server, Redis, the worker ---------------------------------------------


@pytest.fixture(scope="module")
def shared_database(django_db_setup, django_db_blocker, tmp_path_factory):
    """A DATABASE_URL for other processes, naming this session's test database."""
    settings_dict = connection.settings_dict
    with django_db_blocker.unblock():
        if connection.vendor == "postgresql":
            user = urllib.parse.quote(settings_dict.get("USER") or "", safe="")
            password = urllib.parse.quote(settings_dict.get("PASSWORD") or "", safe="")
            credentials = f"{user}:{password}@" if password else (f"{user}@" if user else "")
            host = settings_dict.get("HOST") or "127.0.0.1"
            port = settings_dict.get("PORT") or 5432
            yield f"postgres://{credentials}{host}:{port}/{settings_dict['NAME']}"
            return
        require(connection.vendor == "sqlite", f"no way to share a {connection.vendor} test database")
        if not connection.is_in_memory_db():
            yield f"sqlite:///{settings_dict['NAME']}"
            return
        # Copy the migrated in-memory test database to a file and work on the file for this module. The
        # in-memory connection is kept aside (closing it would destroy that database) and put back after.
        path = tmp_path_factory.mktemp("services") / "reminders.sqlite3"
        connection.ensure_connection()
        memory = connection.connection
        with sqlite3.connect(path) as copy:
            memory.backup(copy)
        copy.close()
        old_name = settings_dict["NAME"]
        connection.connection = None
        settings_dict["NAME"] = str(path)
        try:
            yield f"sqlite:///{path}"
        finally:
            connection.close()
            settings_dict["NAME"] = old_name
            connection.connection = memory


@pytest.fixture(scope="module")
def module_sink():
    sink = SmtpSink().start()
    yield sink
    sink.stop()


@pytest.fixture
def sink(module_sink):
    module_sink.clear()
    yield module_sink
    module_sink.clear()


@pytest.fixture(scope="module")
def redis_url():
    import redis

    url = _redis_test_url()
    try:
        client = redis.Redis.from_url(url, socket_connect_timeout=2)
        client.ping()
    except Exception as exc:  # noqa: BLE001 - any failure means: no usable Redis
        require(False, f"Redis is not answering at {url}: {exc}")
    yield url
    client.delete(QUEUE)
    client.close()


def _environment(*, database_url: str, email_url: str, redis_url: str | None = None) -> dict[str, str]:
    env = {
        k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_URL", "REDIS_URL", "EMAIL_URL"))
    }
    env.update(DATABASE_URL=database_url, EMAIL_URL=email_url, DJANGO_SETTINGS_MODULE="config.settings")
    if redis_url:
        env.update(REDIS_URL=redis_url, PLANTRACK_TEST_QUEUE=QUEUE)
    return env


@dataclass
class Services:
    sink: SmtpSink
    client: Celery
    env: dict[str, str]
    log: Path

    def run(self, name: str, *args):
        return self.client.send_task(f"tasks.tasks.{name}", args=list(args), queue=QUEUE)

    def output(self) -> str:
        return self.log.read_text(errors="replace")


def _start(command: list[str], *, env, log: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "celery", *command],
        cwd=ROOT,
        env=env,
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=5)


@pytest.fixture(scope="module")
def worker(shared_database, redis_url, module_sink, tmp_path_factory):
    """A real worker (two processes, so two tasks really run at once) on the shared test database."""
    require(
        subprocess.run([sys.executable, "-m", "celery", "--version"], capture_output=True).returncode == 0,
        "celery is not installed",
    )
    env = _environment(database_url=shared_database, email_url=module_sink.email_url(), redis_url=redis_url)
    log = tmp_path_factory.mktemp("worker") / "worker.log"
    name = f"reminders-test-{uuid.uuid4().hex[:8]}@%h"
    process = _start(
        [
            "-A",
            "tests.reminders_celery",
            "worker",
            "--pool=prefork",
            "--concurrency=2",
            "--loglevel=INFO",
            "-n",
            name,
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
        ],
        env=env,
        log=log,
    )
    client = Celery("plantrack-test-client", broker=redis_url, backend=redis_url)
    try:
        wait_until(
            lambda: process.poll() is not None or "ready." in log.read_text(errors="replace"),
            timeout=START_TIMEOUT,
            what="the Celery worker to start",
        )
        assert process.poll() is None, f"the worker stopped:\n{log.read_text(errors='replace')}"
        yield Services(sink=module_sink, client=client, env=env, log=log)
    finally:
        _stop(process)
        client.close()


# --- scenarios -----------------------------------------------------------------------------------------


def many_organizations(world, count: int, *, due_on: datetime.date = DUE_ON) -> list[str]:
    """`count` organizations (the world's Sở Tài chính and more cells), each owing one due on `due_on` and
    with a secretary, deputy and clerk. Returns every address that should be reminded."""
    task = reminder_scenario(world, due_on=due_on).task
    addresses = ["bithu@example.org", "phobithu@example.org", "vanthu@example.org"]
    roles = (Membership.Role.SECRETARY, Membership.Role.DEPUTY, Membership.Role.CLERK)
    for i, org in enumerate(add_cells(world, count - 1)):
        Due.objects.create(task=task, organization=org, period="once", due_on=due_on)
        for role in roles:
            user = make_member(org, role, username=f"{role}{i:03d}", email=f"{role}{i:03d}@example.org")
            addresses.append(user.email)
    return sorted(addresses)


def received(sink: SmtpSink) -> list[str]:
    return sorted(address for mail in sink.messages for address in mail.to)


# --- tests -------------------------------------------------------------------------------------------------


def test_two_scans_on_the_worker_at_once_send_each_digest_once(worker, sink, world):
    expected = many_organizations(world, 15)
    today = (DUE_ON - datetime.timedelta(days=7)).isoformat()
    first, second = worker.run("reminders_daily_scan", today), worker.run("reminders_daily_scan", today)
    results = [first.get(timeout=WAIT), second.get(timeout=WAIT)]
    for send in [send_id for result in results for send_id in result["sends"]]:
        worker.client.AsyncResult(send).get(timeout=WAIT)
    assert sum(result["claimed"] for result in results) == len(expected) == 45
    assert received(sink) == expected  # every address exactly once
    assert Reminder.objects.count() == 45
    assert set(Reminder.objects.values_list("state", flat=True)) == {Reminder.State.SENT}
    assert ReminderDigest.objects.filter(state=ReminderDigest.State.SENT).count() == 45
    assert all("còn 7 ngày" in mail.text for mail in sink.messages)


def test_two_send_reminders_processes_at_once_send_nothing_twice(shared_database, sink, world):
    expected = many_organizations(world, 10)
    env = _environment(database_url=shared_database, email_url=sink.email_url())
    today = (DUE_ON + datetime.timedelta(days=7)).isoformat()
    command = [sys.executable, "manage.py", "send_reminders", "--today", today]
    processes = [
        subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        for _ in range(2)
    ]
    outputs = [process.communicate(timeout=120) for process in processes]
    assert [process.returncode for process in processes] == [0, 0], outputs
    claimed = [int(re.search(r"(\d+) lượt nhắc mới", out).group(1)) for out, _err in outputs]
    # 30 members of organizations overdue, the member in charge of the first organization, and the
    # committee's staff (its office and its Ban Tổ chức) for all 10 dues.
    assert sum(claimed) == Reminder.objects.count() == 30 + 1 + 2 * 10
    assert received(sink) == sorted(
        [*expected, "phutrach@example.org", "vanphong@example.org", "bantochuc@example.org"]
    )
    assert len(sink.to("vanphong@example.org")) == 1
    (office,) = sink.to("vanphong@example.org")
    assert office.text.count("quá hạn 7 ngày") == 10


def test_the_worker_retries_a_refused_send_and_records_it_sent_only_after_success(worker, sink, world):
    reminder_scenario(world)
    sink.refuse = 1000  # a mail server turning everything away until told otherwise
    result = worker.run("reminders_daily_scan", (DUE_ON - datetime.timedelta(days=1)).isoformat()).get(
        timeout=WAIT
    )
    assert result["claimed"] == 3
    # Every digest tried and refused, and at least one already retried by the worker.
    assert sink.wait_for(refused=4, timeout=WAIT)
    wait_until(
        lambda: (
            ReminderDigest.objects.filter(state=ReminderDigest.State.FAILED, attempts__gte=1).count() == 3
        ),
        what="the failures to be recorded",
    )
    assert sink.messages == []
    assert not ReminderDigest.objects.filter(state=ReminderDigest.State.SENT).exists()
    assert not Reminder.objects.filter(state=Reminder.State.SENT).exists()
    assert not Reminder.objects.filter(sent_at__isnull=False).exists()
    assert "451" in ReminderDigest.objects.first().last_error
    sink.refuse = 0  # the server is back: the next retries go through
    for send in result["sends"]:
        assert worker.client.AsyncResult(send).get(timeout=WAIT)["sent"] is True
    assert received(sink) == ["bithu@example.org", "phobithu@example.org", "vanthu@example.org"]
    digests = ReminderDigest.objects.all()
    assert {d.state for d in digests} == {ReminderDigest.State.SENT}
    assert all(d.attempts >= 2 and d.last_error == "" for d in digests)
    assert set(Reminder.objects.values_list("state", flat=True)) == {Reminder.State.SENT}


def test_beat_runs_the_daily_scan_and_the_weekly_digest_on_the_worker(worker, sink, tmp_path, world):
    today = timezone.localdate()
    due = reminder_scenario(world, due_on=today + datetime.timedelta(days=1))
    TaskFactory(plan=due.task.plan, triggered=True, text="Sơ kết theo hướng dẫn của Tỉnh ủy")
    log = tmp_path / "beat.log"
    beat = _start(
        [
            "-A",
            "tests.reminders_celery",
            "beat",
            "--loglevel=INFO",
            "--max-interval=1",
            "-s",
            str(tmp_path / "celerybeat-schedule"),
            "--pidfile",
            str(tmp_path / "beat.pid"),
        ],
        env={**worker.env, "PLANTRACK_TEST_BEAT_EVERY": "1"},
        log=log,
    )
    try:
        arrived = sink.wait_for(messages=5, timeout=WAIT)
        assert arrived, f"beat:\n{log.read_text(errors='replace')}\nworker:\n{worker.output()[-3000:]}"
        # Beat keeps sending both tasks every second; nothing more may arrive.
        assert not sink.wait_for(messages=6, timeout=3)
    finally:
        _stop(beat)
    assert "reminders-daily-scan" in log.read_text() and "waiting-weekly-digest" in log.read_text()
    assert received(sink) == [
        "bantochuc@example.org",  # the weekly digest goes to the committee's staff: the Ban Tổ chức too
        "bithu@example.org",
        "phobithu@example.org",
        "vanphong@example.org",
        "vanthu@example.org",
    ]
    (office,) = sink.to("vanphong@example.org")
    assert "Sơ kết theo hướng dẫn của Tỉnh ủy" in office.text
    assert "còn 1 ngày" in sink.to("bithu@example.org")[0].text
