"""Deadline day: N grassroots secretaries submit their due, with a PDF, at the same moment, against gunicorn
and PostgreSQL on loopback. Exits non-zero on any error or any lost submission.

    python -m tests.load.run_load --clients 200            # the full run (make load)
    python -m tests.load.run_load --clients 30             # CI's
    python -m tests.load.run_load --clients 60 --restart-postgres
        # fault: PostgreSQL (a private cluster) is restarted while the submissions arrive; the application
        # must recover by itself, requests caught by the restart must fail with a 5xx and a message and
        # leave nothing half-written, and each of those secretaries then submits again successfully.

Steps: a fresh database (or a private cluster), migrate, `gen_data --orgs N` (a secretary login for each
organization), one open due per secretary; gunicorn (config.wsgi, DEBUG off); every secretary logs in (CSRF
token from the login page) and opens the submit page; a barrier; all POST at once. Then every POST is
checked against the database and the disk: a redirect to the due (success) must have its Submission row
and its file with the same SHA-256; a failure must have reached its sender as an error status with a message.
"""

import argparse
import asyncio
import os
import sys
import threading
import time

import httpx

from tests.load.harness import (
    Attempt,
    Browser,
    Gunicorn,
    PrivateCluster,
    Secretary,
    SharedDatabase,
    app_env,
    audit,
    barrier_release,
    log,
    percentiles,
    prepare_site,
    print_audit,
    secretaries_owing,
    send_submission,
    submit,
    temporary_root,
    use_env,
)

LOGINS_AT_ONCE = (
    8  # signing in hashes a password (PBKDF2): spread the logins, then fire the submissions together
)
TIME_LIMIT = 900  # seconds for the whole scenario, setup aside


async def _deadline_day(base_url: str, secretaries: list[Secretary], *, restart=None) -> dict:
    """Log everyone in, open their submit pages, then submit all at once; with `restart`, call it (in a
    thread) shortly after the burst starts. Returns the attempts, and the restart's duration."""
    timeout = httpx.Timeout(180.0, connect=30.0)
    clients = [httpx.AsyncClient(timeout=timeout) for _ in secretaries]
    browsers = [Browser(client, base_url) for client in clients]
    try:
        started = time.monotonic()
        gate = asyncio.Semaphore(LOGINS_AT_ONCE)

        async def sign_in(browser: Browser, secretary: Secretary) -> str:
            async with gate:
                await browser.login(secretary.username)
                page = await browser.get(f"/dues/{secretary.due_id}/submit/")
                if page.status_code != 200:
                    raise RuntimeError(f"{secretary.username}: submit page {page.status_code}")
                return browser.token(page)

        tokens = await asyncio.gather(*(sign_in(b, s) for b, s in zip(browsers, secretaries, strict=True)))
        log(
            f"{len(secretaries)} secretaries logged in, submit pages open ({time.monotonic() - started:.1f}s)"
        )

        wait = await barrier_release(len(secretaries))
        restart_result: dict = {}

        async def fire(browser: Browser, secretary: Secretary, token: str) -> Attempt:
            await wait()
            return await send_submission(
                browser,
                secretary,
                token=token,
                text=f"Báo cáo sơ kết của {secretary.username}: đã hoàn thành.",
            )

        burst_start = time.monotonic()
        tasks = [
            asyncio.create_task(fire(b, s, t)) for b, s, t in zip(browsers, secretaries, tokens, strict=True)
        ]
        restarter = None
        if restart is not None:

            def do_restart():
                time.sleep(0.3)  # the first submissions are being written
                restart_result["at"] = time.monotonic() - burst_start
                restart_result["seconds"] = restart()

            restarter = threading.Thread(target=do_restart)
            restarter.start()
        attempts = await asyncio.gather(*tasks)
        burst = time.monotonic() - burst_start
        if restarter is not None:
            await asyncio.to_thread(restarter.join, 120)
        outcome = {
            "attempts": dict(zip((s.username for s in secretaries), attempts, strict=True)),
            "burst": burst,
            "restart": restart_result,
            "first": {},
            "after": [],
        }
        if restart is not None:
            # After the restart: whoever was refused submits again (a new page, a new token), and everyone
            # opens their list of dues. Every one of these requests must succeed.
            outcome["first"] = dict(outcome["attempts"])
            retry = [
                (b, s)
                for b, s in zip(browsers, secretaries, strict=True)
                if not outcome["attempts"][s.username].ok
            ]
            retried = await asyncio.gather(*(submit(b, s, text="Gửi lại sau sự cố.") for b, s in retry))
            for (_b, secretary), attempt in zip(retry, retried, strict=True):
                outcome["attempts"][secretary.username] = attempt
            pages = await asyncio.gather(*(b.get("/dues/") for b in browsers))
            outcome["after"] = [p.status_code for p in pages]
        return outcome
    finally:
        await asyncio.gather(*(c.aclose() for c in clients), return_exceptions=True)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--clients", type=int, default=200, help="secretaries submitting at once (default 200)"
    )
    parser.add_argument("--workers", type=int, default=4, help="gunicorn workers (default 4)")
    parser.add_argument("--restart-postgres", action="store_true", help="restart PostgreSQL during the load")
    args = parser.parse_args(argv)
    if args.clients < 1:
        parser.error("--clients must be at least 1")
    title = "PostgreSQL restarted during the load" if args.restart_postgres else "load"
    log(f"{title}: {args.clients} secretaries, gunicorn with {args.workers} workers")
    with temporary_root("plantrack-load-") as root:
        name = f"plantrack_load_{os.getpid()}"
        database = PrivateCluster(root, name) if args.restart_postgres else SharedDatabase(name)
        try:
            database.create()
            env = app_env(database_url=database.url, media=root / "media")
            prepare_site(env, orgs=args.clients)
            use_env(env)
            secretaries = secretaries_owing(args.clients)
            server = Gunicorn(env, root, workers=args.workers)
            server.start()
            try:
                outcome = asyncio.run(
                    asyncio.wait_for(
                        _deadline_day(
                            server.base_url,
                            secretaries,
                            restart=database.restart if args.restart_postgres else None,
                        ),
                        TIME_LIMIT,
                    )
                )
            finally:
                server.stop()
            failed = report(outcome, secretaries, restart=args.restart_postgres)
            if failed:
                log("gunicorn's log (last lines):\n" + server.log_tail())
            return 1 if failed else 0
        finally:
            database.drop()


def report(outcome: dict, secretaries: list[Secretary], *, restart: bool) -> list[str]:
    """Print the figures and the audit; return what failed."""
    attempts: dict[str, Attempt] = outcome["attempts"]
    first: dict[str, Attempt] = outcome["first"] or attempts
    ok = [a for a in first.values() if a.ok]
    times = percentiles([a.seconds for a in first.values() if not a.error])
    log(
        f"{len(first)} submissions sent at once: {len(ok)} accepted, {len(first) - len(ok)} refused; burst "
        f"{outcome['burst']:.1f}s; latency median {times['median']:.2f}s, 95th percentile {times['p95']:.2f}s, "
        f"max {times['max']:.2f}s"
    )
    failed: list[str] = []
    if restart:
        r = outcome["restart"]
        log(f"PostgreSQL restarted {r.get('at', 0):.1f}s into the burst, down for {r.get('seconds', 0):.1f}s")
        refused = [a for a in first.values() if not a.ok]
        statuses = sorted({a.status or a.error for a in refused}, key=str)
        log(f"caught by the restart: {len(refused)} (answers: {statuses})")
        for a in refused[:3]:
            log(f"  e.g. {a.status}: {a.message[:120]}")
        unclean = [a for a in refused if a.error or a.status < 500 or not a.message]
        if unclean:
            failed.append(
                f"{len(unclean)} requests caught by the restart did not fail cleanly (5xx with a message)"
            )
        retried_bad = [u for u, a in attempts.items() if not a.ok and first[u] is not a]
        if retried_bad:
            failed.append(
                f"{len(retried_bad)} submissions sent again after the restart failed: {retried_bad[:5]}"
            )
        bad_pages = [s for s in outcome["after"] if s != 200]
        log(
            f"after the restart: {len(outcome['after']) - len(bad_pages)}/{len(outcome['after'])} due lists served"
        )
        if bad_pages:
            failed.append(f"{len(bad_pages)} pages failed after the restart: {sorted(set(bad_pages))}")
    else:
        errors = [f"{u}: {a.status or a.error} {a.message[:100]}" for u, a in attempts.items() if not a.ok]
        if errors:
            failed.append(f"{len(errors)} errors: {errors[:5]}")
    result = audit(secretaries, attempts)
    print_audit(result, sent=len(secretaries))
    if result.losses:
        failed.append(f"{len(result.losses)} lost or partial submissions")
    if result.unreported:
        failed.append(f"{len(result.unreported)} failures not reported to their sender")
    if result.submitted != len(secretaries):
        failed.append(f"only {result.submitted} of {len(secretaries)} dues hold their submission")
    for line in failed:
        log(f"FAILED: {line}")
    if not failed:
        log(f"OK: {title_of(restart)}")
    return failed


def title_of(restart: bool) -> str:
    return "PostgreSQL restart survived, nothing lost" if restart else "zero errors, zero lost submissions"


if __name__ == "__main__":
    sys.exit(main())
