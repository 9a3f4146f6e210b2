"""Faults around Redis and the Celery worker, with the real processes on loopback: gunicorn and a Celery
worker using a Redis of their own (REDIS_URL), PostgreSQL, and an SMTP sink that counts the e-mails.

    python -m tests.load.run_faults             # both
    python -m tests.load.run_faults redis       # Redis stopped, then back
    python -m tests.load.run_faults worker      # the worker killed (SIGKILL) in the middle of a report

redis: with Redis down the pages still work and a secretary can still submit; a report asked for then ends
  "failed" with a clear error (it could not be queued) instead of waiting for ever; the daily reminder scan
  cannot be queued either. Redis back (empty, as after a crash): the worker reconnects by itself, a new
  report is generated, the reminder scan runs and sends its e-mails; running it again, and `send_reminders`
  twice, sends nothing more (one e-mail per person per day).
worker: report generation is slowed down (tests/load/slow_worker.py) and the worker's pool process is
  killed with SIGKILL while a report is "being generated": the report is generated again by a new pool
  process (acks_late + reject_on_worker_lost) and ends "ready", or ends "failed"; never stays in progress.
  Then the whole worker (main process and pool) is killed: nothing is left to retry before Redis's
  visibility timeout, and the report is marked failed by the stale-report sweep beat runs every 5 minutes
  (reports.generation.report_fail_stale), checked at the moment it applies; a later redelivery leaves it so.
"""

import argparse
import asyncio
import contextlib
import datetime
import email
import email.policy
import os
import re
import signal
import subprocess
import sys
import threading
import time
import traceback
from pathlib import Path

import httpx

from tests.load.harness import (
    BASE_DIR,
    PYTHON,
    Browser,
    Gunicorn,
    PrivateRedis,
    SharedDatabase,
    app_env,
    log,
    manage,
    prepare_site,
    secretaries_owing,
    submit,
    temporary_root,
    use_env,
    wait_until,
)

ORGS = 20
SLOW_REPORT = 8  # seconds added to each report's generation in the worker


class SmtpSink:
    """Counts the e-mails the application sends (aiosmtpd on loopback)."""

    def __init__(self):
        from aiosmtpd.controller import Controller

        from tests.load.harness import free_port

        self.port = free_port()
        self.messages: list[tuple[list[str], str]] = []
        self._lock = threading.Lock()
        self.controller = Controller(self, hostname="127.0.0.1", port=self.port)

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        with self._lock:
            self.messages.append((sorted(envelope.rcpt_tos), " ".join(str(message["subject"] or "").split())))
        return "250 2.0.0 OK"

    @property
    def count(self) -> int:
        with self._lock:
            return len(self.messages)

    @property
    def url(self) -> str:
        return f"smtp://127.0.0.1:{self.port}"


class Worker:
    """A Celery worker (prefork, one pool process), started as its own process group."""

    def __init__(self, env: dict[str, str], root: Path, name: str):
        self.env = {**env, "PLANTRACK_LOAD_SLOW_REPORT": str(SLOW_REPORT)}
        self.log_path = root / f"worker-{name}.log"
        self.name = name
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        from config.celery import app

        self._log = open(self.log_path, "ab")  # noqa: SIM115 - closed in stop()
        self.process = subprocess.Popen(
            [
                PYTHON,
                "-m",
                "tests.load.slow_worker",
                "worker",
                "--pool",
                "prefork",
                "--concurrency",
                "1",
                "--loglevel",
                "INFO",
                "--without-gossip",
                "--without-mingle",
                "-n",
                f"{self.name}@%h",
            ],
            env=self.env,
            cwd=BASE_DIR,
            stdout=self._log,
            stderr=self._log,
            start_new_session=True,
        )
        wait_until(
            lambda: bool(app.control.ping(timeout=1.0)), timeout=60, what=f"worker {self.name} to answer"
        )
        log(f"worker {self.name} up (pid {self.process.pid})")

    def pool_pids(self) -> list[int]:
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        return [int(p) for p in children.read_text().split()] if children.exists() else []

    def kill(self) -> None:
        """SIGKILL the main process and its pool: what a lost machine or the OOM killer does."""
        if self.process is not None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(10)

    def stop(self) -> None:
        if self.process is None:
            return
        if self.process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(20)
            except subprocess.TimeoutExpired:
                self.kill()
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)  # pool processes left behind, if any
        self.process = None
        self._log.close()

    def log_tail(self, lines: int = 30) -> str:
        with contextlib.suppress(OSError):
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        return ""


class Site:
    """The running application, as office staff and a secretary use it (each call: its own event loop)."""

    def __init__(self, base_url: str):
        self.base_url = base_url

    def _run(self, coro_fn):
        async def go():
            async with httpx.AsyncClient(timeout=60) as client:
                return await coro_fn(Browser(client, self.base_url))

        return asyncio.run(go())

    def pages_as_staff(self, paths: list[str]) -> dict[str, int]:
        async def go(browser):
            await browser.login("gen.vanphong")
            return {path: (await browser.get(path)).status_code for path in paths}

        return self._run(go)

    def ask_for_report(self) -> tuple[int, int, float]:
        """Office staff ask for the plan's report (PDF) through the report page: (status, report id, seconds)."""

        from plans.models import Plan

        plan = Plan.objects.order_by("-pk").first()

        async def go(browser):
            await browser.login("gen.vanphong")
            page = await browser.get("/reports/")
            periods = re.findall(r'<option value="(\d{4})"', page.text)
            data = {
                "csrfmiddlewaretoken": browser.token(page),
                "kind": "plan",
                "plan": str(plan.pk),
                "period": periods[0] if periods else str(datetime.date.today().year),
                "format": "pdf",
            }
            started = time.monotonic()
            response = await browser.post("/reports/", data)
            took = time.monotonic() - started
            found = re.search(r"/reports/(\d+)/", response.headers.get("location", ""))
            return response.status_code, int(found.group(1)) if found else 0, took

        return self._run(go)

    def submit_as(self, secretary) -> object:
        async def go(browser):
            await browser.login(secretary.username)
            return await submit(browser, secretary, text="Nộp khi Redis ngừng.")

        return self._run(go)


def report_state(report_id: int) -> tuple[str, str]:
    from django.db import connection

    from reports.models import Report

    connection.close()
    report = Report.objects.get(pk=report_id)
    return report.status, report.error


def wait_report(report_id: int, *, until, timeout: float) -> tuple[str, str]:
    state = ("", "")

    def check():
        nonlocal state
        state = report_state(report_id)
        return until(state[0])

    with contextlib.suppress(RuntimeError):
        wait_until(check, timeout=timeout, what=f"report {report_id}", every=0.3)
    return state


def give_emails() -> int:
    from django.contrib.auth import get_user_model
    from django.db.models import Value
    from django.db.models.functions import Concat

    return (
        get_user_model()
        .objects.filter(username__startswith="gen.")
        .update(email=Concat("username", Value("@example.test")))
    )


# --- Redis -------------------------------------------------------------------------------------------------


def redis_scenario(*, env, root, redis: PrivateRedis, site: Site, sink: SmtpSink, secretaries) -> list[str]:
    from django.utils import timezone
    from kombu.exceptions import OperationalError

    from tasks.models import Reminder, ReminderDigest
    from tasks.tasks import reminders_daily_scan

    failed: list[str] = []

    def check(condition: bool, message: str) -> None:
        log(("ok: " if condition else "FAILED: ") + message)
        if not condition:
            failed.append(message)

    pages = ["/", "/dashboard/", "/plans/", "/reports/", "/dues/"]
    status, report_id, _took = site.ask_for_report()
    done = wait_report(report_id, until=lambda s: s in ("done", "failed"), timeout=90)
    check(
        status == 302 and done[0] == "done", f"with Redis up, a report is generated by the worker ({done[0]})"
    )

    log("stopping Redis")
    redis.stop()
    try:
        served = site.pages_as_staff(pages)
        check(
            all(code in (200, 302) for code in served.values()),
            f"with Redis down the pages are served: {served}",
        )
        attempt = site.submit_as(secretaries[0])
        check(attempt.ok, f"with Redis down a secretary submits ({attempt.status} {attempt.message[:80]})")
        status, report_id, took = site.ask_for_report()
        state = wait_report(report_id, until=lambda s: s == "failed", timeout=30)
        check(
            status == 302 and state[0] == "failed" and bool(state[1]) and took < 10,
            f"with Redis down a report asked for ends failed with a clear error in {took:.1f}s: {state[1][:120]!r}",
        )
        try:
            scan(reminders_daily_scan)
            queued = True
        except OperationalError:
            queued = False
        check(
            not queued and not Reminder.objects.exists(),
            "with Redis down the reminder scan is not queued, nothing claimed",
        )
    finally:
        log("starting Redis again (empty)")
        redis.start()

    from config.celery import app

    with contextlib.suppress(RuntimeError):
        wait_until(lambda: bool(app.control.ping(timeout=1.0)), timeout=90, what="the worker to reconnect")
    check(bool(app.control.ping(timeout=2.0)), "the worker reconnected to Redis by itself")
    status, report_id, _took = site.ask_for_report()
    state = wait_report(report_id, until=lambda s: s in ("done", "failed"), timeout=90)
    check(
        state[0] == "done",
        f"reports resume: a report asked for after Redis returned is generated ({state[0]})",
    )

    today = timezone.localdate().isoformat()
    scan(reminders_daily_scan, today)
    first = settled(sink)
    people = {tuple(to) for to, _subject in sink.messages}
    claimed = Reminder.objects.count()
    check(
        first > 0 and len(people) == first,
        f"reminders resume: the scan run by the worker sent {first} e-mails, one per person ({claimed} reminders)",
    )
    scan(reminders_daily_scan, today)
    manage("send_reminders", "--today", today, env=env)
    manage("send_reminders", "--today", today, env=env)
    total = settled(sink)
    sent = ReminderDigest.objects.filter(state=ReminderDigest.State.SENT).count()
    distinct = len({(tuple(to), subject) for to, subject in sink.messages})
    check(
        Reminder.objects.count() == claimed and total == sent and distinct == total,
        f"nothing sent twice: the scan again and send_reminders twice claimed "
        f"{Reminder.objects.count() - claimed} more reminders; {total} e-mails "
        f"in all, one per digest ({sent}: the daily ones and this week's 'waiting for guidance' one), "
        f"no two alike",
    )
    return failed


def scan(task, *args) -> None:
    """Queue the daily scan as beat does. No result is asked for: the e-mails and rows are what count (and
    with Redis down, subscribing to a result would retry for 20 seconds before failing)."""
    task.apply_async(args, ignore_result=True)


def settled(sink: SmtpSink, *, quiet: float = 4.0, limit: float = 90.0) -> int:
    """The number of e-mails once none has arrived for `quiet` seconds (at most `limit` seconds)."""
    deadline = time.monotonic() + limit
    last, since = sink.count, time.monotonic()
    while time.monotonic() < deadline:
        time.sleep(0.5)
        if sink.count != last:
            last, since = sink.count, time.monotonic()
        elif last and time.monotonic() - since >= quiet:
            break
    return sink.count


# --- the worker killed ---------------------------------------------------------------------------------


def worker_scenario(*, env, root, site: Site) -> list[str]:
    from django.conf import settings
    from django.utils import timezone

    from reports.generation import report_fail_stale, report_run
    from reports.models import Report

    failed: list[str] = []

    def check(condition: bool, message: str) -> None:
        log(("ok: " if condition else "FAILED: ") + message)
        if not condition:
            failed.append(message)

    worker = Worker(env, root, "kill-pool")
    worker.start()
    try:
        _status, report_id, _took = site.ask_for_report()
        running = wait_report(report_id, until=lambda s: s == "running", timeout=60)
        pids = worker.pool_pids()
        check(
            running[0] == "running" and len(pids) == 1,
            f"report {report_id} is being generated by pool process {pids}",
        )
        time.sleep(2)  # well inside the slowed generation
        for pid in pids:
            os.kill(pid, signal.SIGKILL)
        log(f"pool process {pids} killed with SIGKILL")
        state = wait_report(report_id, until=lambda s: s in ("done", "failed"), timeout=SLOW_REPORT * 4 + 60)
        check(
            state[0] in ("done", "failed"),
            f"after its pool process was killed the report ends {state[0]!r} (retried by a new pool process "
            f"if 'done'){': ' + state[1][:100] if state[1] else ''}",
        )
    finally:
        if failed:
            log("worker's log:\n" + worker.log_tail())
        worker.stop()

    worker = Worker(env, root, "kill-all")
    worker.start()
    try:
        _status, report_id, _took = site.ask_for_report()
        running = wait_report(report_id, until=lambda s: s == "running", timeout=60)
        time.sleep(2)
        worker.kill()
        log("whole worker killed with SIGKILL (main process and pool)")
    finally:
        worker.stop()
    replacement = Worker(env, root, "replacement")
    replacement.start()
    try:
        time.sleep(SLOW_REPORT + 2)
        state = report_state(report_id)
        log(
            f"with no worker left to retry it, report {report_id} is {state[0]!r} until the stale sweep applies"
        )
        report = Report.objects.get(pk=report_id)
        limit = datetime.timedelta(seconds=(settings.CELERY_TASK_TIME_LIMIT or 1800) + 300)
        early = report_fail_stale(now=report.started_at + limit - datetime.timedelta(seconds=5))
        swept = report_fail_stale(now=report.started_at + limit + datetime.timedelta(seconds=1))
        state = report_state(report_id)
        check(
            state[0] == "done" or (early == 0 and swept >= 1 and state[0] == "failed"),
            f"a report whose worker died is marked failed once the time limit is past "
            f"({limit.total_seconds() / 60:.0f} min): {state[0]!r}, {state[1][:90]!r}",
        )
        again = report_run(report_id=report_id)
        check(again == state[0], f"a late redelivery of its task leaves it {again!r}")
        _status, fresh, _took = site.ask_for_report()
        fresh_state = wait_report(
            fresh, until=lambda s: s in ("done", "failed"), timeout=SLOW_REPORT * 3 + 60
        )
        check(fresh_state[0] == "done", f"a new worker generates the next report ({fresh_state[0]})")
        stuck = Report.objects.filter(status__in=Report.UNFINISHED).count()
        check(stuck == 0, f"no report left in progress ({stuck}) at {timezone.now():%H:%M:%S}")
    finally:
        if failed:
            log("worker's log:\n" + replacement.log_tail())
        replacement.stop()
    return failed


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("scenarios", nargs="*", help="redis, worker (default: both)")
    args = parser.parse_args(argv)
    scenarios = args.scenarios or ["redis", "worker"]
    if set(scenarios) - {"redis", "worker"}:
        parser.error(f"unknown scenario: {sorted(set(scenarios) - {'redis', 'worker'})}")
    failed: list[str] = []
    with temporary_root("plantrack-faults-") as root:
        database = SharedDatabase(f"plantrack_faults_{os.getpid()}")
        redis = PrivateRedis(root)
        sink = SmtpSink()
        sink.controller.start()
        server = worker = None
        try:
            redis.start()
            database.create()
            env = app_env(
                database_url=database.url, media=root / "media", redis_url=redis.url, email_url=sink.url
            )
            prepare_site(env, orgs=ORGS)
            use_env(env)
            give_emails()
            secretaries = secretaries_owing(ORGS)
            server = Gunicorn(env, root, workers=2)
            server.start()
            site = Site(server.base_url)
            if "redis" in scenarios:
                log("--- Redis stopped and started again")
                worker = Worker(env, root, "redis")
                worker.start()
                try:
                    failed += redis_scenario(
                        env=env, root=root, redis=redis, site=site, sink=sink, secretaries=secretaries
                    )
                finally:
                    if failed:
                        log("worker's log:\n" + worker.log_tail())
                    worker.stop()
            if "worker" in scenarios:
                log("--- the worker killed in the middle of a report")
                failed += worker_scenario(env=env, root=root, site=site)
        except Exception as error:  # noqa: BLE001 - reported as a failure with its cause
            traceback.print_exc()
            failed.append(f"{type(error).__name__}: {error}")
            log(f"FAILED: {type(error).__name__}: {error}")
            if server is not None:
                log("gunicorn's log:\n" + server.log_tail())
        finally:
            if server is not None:
                server.stop()
            redis.stop()
            sink.controller.stop()
            database.drop()
    log("OK: Redis and worker faults" if not failed else f"FAILED: {len(failed)} checks")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
