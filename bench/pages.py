#!/usr/bin/env python
"""Time Plantrack's main pages on synthetic blocs of 1,000 and 10,000 organizations, on SQLite and PostgreSQL.

    .venv/bin/python bench/pages.py [--orgs 1000,10000] [--database-url URL ...] [--runs 30]

For each database, one fresh database per size is made (SQLite: files in the temporary directory;
PostgreSQL: the database named in the URL, default plantrack_bench, suffixed with the size, created here and
dropped at the end), migrated, filled by `gen_data` and analysed (planner statistics, as after any bulk load).
A worker process per size then serves timing rounds: in each round the Django test Client, logged in as the
generated office staff user (the member in charge for the supervision page), requests every page once. Rounds
alternate between the sizes, so a burst of load on the machine falls on both alike. Pages:

- floor: a view of this script's own urlconf (bench/urls.py) that makes exactly one query; every page is
  compared with it, so the ratios mean the same on a fast or a slow machine;
- layout (for reference, not a target): an empty page in the application's layout, what any page costs;
- dashboard, plan (plan_detail), matrix (first page, default period), supervision.

It prints each page's median and 95th percentile, its ratio to the floor, and the 10k/1k ratio (raw, and of
the ratios to the floor). Targets: every page within 10× the floor at 1,000 organizations, and not more than
1.5× slower at 10,000 than at 1,000. Totals over the whole bloc are remembered and kept current with the
journal of due changes (tasks.monitoring.remembered, tasks.monitoring.journal), and the plan page keeps its
rendered outline under a digest of what it shows (tasks.planning.outline): timed rounds read them from the
cache. Printed apart: the first view after a submission (the journal applied) and the first view with an
empty cache ("cold"). This is a script, not a test: nothing here runs under pytest.
"""

import argparse
import contextlib
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

BASE_DIR = Path(__file__).resolve().parent.parent
DEFAULT_POSTGRES = "postgres://postgres@127.0.0.1:5432/plantrack_bench"
PAGES = ("floor", "layout", "dashboard", "plan", "matrix", "supervision")
REFERENCES = ("floor", "layout")  # measured for comparison, not pages of the application
TARGET_FLOOR, TARGET_GROWTH = 10.0, 1.5
WRITES = 5  # submissions per page for the "first view after a write" figures
WRITTEN_KINDS = ("deliverable", "report")  # in turn


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--orgs", default="1000,10000", help="Sizes of the bloc, comma-separated.")
    parser.add_argument(
        "--database-url",
        action="append",
        help="Database to run on (repeatable). Default: SQLite, then PostgreSQL at " + DEFAULT_POSTGRES,
    )
    parser.add_argument("--runs", type=int, default=30, help="Timed requests per page and size.")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--keep",
        action="store_true",
        help="Keep the databases, and reuse those a previous --keep run left (generating 55,000 takes minutes).",
    )
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    sizes = [int(size) for size in args.orgs.split(",") if size.strip()]
    if args.worker:
        return worker(orgs=sizes[0], seed=args.seed, reuse=args.keep)

    urls = args.database_url or [
        f"sqlite:///{Path(tempfile.gettempdir()) / 'plantrack-bench.sqlite3'}",
        DEFAULT_POSTGRES,
    ]
    report: dict[str, dict[int, dict]] = {}
    for url in urls:
        try:
            result = bench_database(url, sizes=sizes, runs=args.runs, seed=args.seed, keep=args.keep)
        except Unreachable as exc:
            print(f"skipped {redact(url)}: {exc}", file=sys.stderr)
            continue
        report[url] = result
    if not report:
        return 1
    print_report(report, sizes, args.runs)
    return 0


class Unreachable(Exception):
    pass


def sized(url: str, size: int) -> str:
    """The URL of the database for one size: plantrack_bench_1000, /tmp/plantrack-bench-1000.sqlite3."""
    parts = urlsplit(url)
    if url.startswith("sqlite"):
        path = Path("/" + parts.path.lstrip("/"))
        return f"sqlite:///{path.with_name(f'{path.stem}-{size}{path.suffix}')}"
    return urlunsplit(parts._replace(path=f"{parts.path}_{size}"))


def bench_database(
    url: str, *, sizes: list[int], runs: int, seed: int, keep: bool = False
) -> dict[int, dict]:
    workers: dict[int, subprocess.Popen] = {}
    try:
        for size in sizes:
            try:
                if not (keep and _exists(sized(url, size))):
                    prepare(sized(url, size))
            except Exception as exc:  # noqa: BLE001 -- a server that cannot be reached is reported, not fatal
                raise Unreachable(str(exc)) from exc
            print(f"… {engine_name(url)}: generating {size:,} organizations", file=sys.stderr, flush=True)
            workers[size] = subprocess.Popen(
                [sys.executable, __file__, "--worker", "--orgs", str(size), "--seed", str(seed)]
                + (["--keep"] if keep else []),
                env={
                    **os.environ,
                    "DATABASE_URL": sized(url, size),
                    "DJANGO_SETTINGS_MODULE": "config.settings",
                    # As deployed (docker-compose.yml): no view recounts the bloc after a write.
                    "PLANTRACK_TOTALS_REFRESH": os.environ.get("PLANTRACK_TOTALS_REFRESH", "background"),
                },
                cwd=BASE_DIR,
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                text=True,
            )
            # One generation at a time: the second waits until the first worker is ready.
            ready = _answer(workers[size])
            print(f"  {ready['dues']:,} dues in {ready['generated_seconds']} s", file=sys.stderr, flush=True)
        print(f"… {engine_name(url)}: {runs} rounds", file=sys.stderr, flush=True)
        times: dict[int, dict[str, list[float]]] = {size: {} for size in sizes}
        for _round in range(runs):
            for size, process in workers.items():
                for page, value in _ask(process, "round").items():
                    times[size].setdefault(page, []).append(value)
        results = {}
        for size, process in workers.items():
            final = _ask(process, "finish")
            final["pages"] = {
                page: {
                    "median": statistics.median(values),
                    "p95": percentile(values, 95),
                    "cold": final["cold"][page],
                    "written": final["written"][page],
                    "refreshed": final["refreshed"][page],
                    "queries": final["queries"][page],
                }
                for page, values in times[size].items()
            }
            results[size] = final
        return results
    finally:
        for process in workers.values():
            with contextlib.suppress(Exception):
                process.stdin.close()
                process.wait(timeout=60)
        for size in sizes if not keep else ():
            with contextlib.suppress(Exception):
                cleanup(sized(url, size))


def _ask(process: subprocess.Popen, command: str) -> dict:
    process.stdin.write(command + "\n")
    process.stdin.flush()
    return _answer(process)


def _answer(process: subprocess.Popen) -> dict:
    line = process.stdout.readline()
    if not line:
        raise SystemExit(f"the worker stopped (exit code {process.wait()})")
    return json.loads(line)


# --- databases -------------------------------------------------------------------------------------------
def engine_name(url: str) -> str:
    return "SQLite" if url.startswith("sqlite") else "PostgreSQL"


def redact(url: str) -> str:
    parts = urlsplit(url)
    netloc = parts.netloc.split("@")[-1]
    user = parts.username or ""
    return urlunsplit(parts._replace(netloc=f"{user}@{netloc}" if user else netloc))


def _postgres(url: str):
    """A connection to the server's maintenance database, and the bench database's name."""
    import psycopg

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    if not name:
        raise ValueError("the PostgreSQL URL names no database")
    admin = urlunsplit(parts._replace(scheme="postgresql", path="/postgres"))
    return psycopg.connect(admin, autocommit=True, connect_timeout=5), name


def prepare(url: str) -> None:
    if url.startswith("sqlite"):
        path = Path("/" + urlsplit(url).path.lstrip("/"))
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        return
    connection, name = _postgres(url)
    with connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')


def _exists(url: str) -> bool:
    if url.startswith("sqlite"):
        return Path("/" + urlsplit(url).path.lstrip("/")).exists()
    connection, name = _postgres(url)
    with connection:
        return (
            connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone() is not None
        )


def cleanup(url: str) -> None:
    if url.startswith("sqlite"):
        prepare(url)  # removes the files
        return
    connection, name = _postgres(url)
    with connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


# --- the worker: one database, one size ------------------------------------------------------------------
def worker(*, orgs: int, seed: int, reuse: bool = False) -> int:
    """Generate the data, answer "ready", then one JSON line per command read: "round" times each page
    once; "finish" measures the cold views and the query counts."""
    sys.path.insert(0, str(BASE_DIR))
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.cache import cache
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, override_settings
    from django.urls import NoReverseMatch, clear_url_caches, reverse

    from tasks.demo.generate import generate

    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    generated = (reuse and _generated_before()) or generate(orgs=orgs, seed=seed)
    generated_in = time.perf_counter() - started
    with connection.cursor() as cursor:
        # Statistics for the planner, as after any bulk load (SQLite has none until ANALYZE runs).
        cursor.execute("ANALYZE")

    users = get_user_model().objects
    staff, member = Client(), Client()
    staff.force_login(users.get(username=generated.staff_username))
    member.force_login(users.get(username=generated.supervisor_username))
    out = sys.stdout
    with override_settings(DEBUG=False, ROOT_URLCONF="bench.urls"):
        clear_url_caches()
        pages: dict[str, tuple[Client, str]] = {
            "floor": (staff, reverse("bench_floor")),
            "layout": (staff, reverse("bench_layout")),
            "dashboard": (staff, reverse("dashboard")),
            "matrix": (staff, reverse("matrix", args=[generated.plan.pk])),
            "supervision": (member, reverse("supervision")),
        }
        with contextlib.suppress(NoReverseMatch):
            pages["plan"] = (staff, reverse("plan_detail", args=[generated.plan.pk]))
        for name, (client, url) in pages.items():
            response = client.get(url)
            if response.status_code != 200:
                raise SystemExit(f"{name} {url} answered {response.status_code}")
        for _warm in range(3):
            for client, url in pages.values():
                client.get(url)
        print(
            json.dumps({"dues": generated.dues, "generated_seconds": round(generated_in, 1)}),
            file=out,
            flush=True,
        )
        for command in sys.stdin:
            command = command.strip()
            if command == "round":
                timed = {}
                for name, (client, url) in pages.items():
                    started = time.perf_counter()
                    client.get(url)
                    timed[name] = (time.perf_counter() - started) * 1000
                print(json.dumps(timed), file=out, flush=True)
            elif command == "finish":
                cold, written, refreshed, queries = {}, {}, {}, {}
                for name, (client, url) in pages.items():
                    # The first view after a submission: what a page costs when secretaries are handing in;
                    # the median of WRITES. Refreshes a previous write started are let finish first, so each
                    # view is timed alone.
                    samples = []
                    for write in range(WRITES):
                        _refreshes_done()
                        client.get(url)
                        _submit_one(generated.plan, kind=WRITTEN_KINDS[write % len(WRITTEN_KINDS)])
                        started = time.perf_counter()
                        client.get(url)
                        viewed = time.perf_counter()
                        # How long the totals it showed stay those of before the write (background refresh).
                        _refreshes_done()
                        samples.append(((viewed - started) * 1000, (time.perf_counter() - started) * 1000))
                    written[name] = statistics.median(sample[0] for sample in samples)
                    refreshed[name] = statistics.median(sample[1] for sample in samples)
                for name, (client, url) in pages.items():
                    cache.clear()
                    started = time.perf_counter()
                    client.get(url)
                    cold[name] = (time.perf_counter() - started) * 1000
                    with CaptureQueriesContext(connection) as captured:
                        client.get(url)
                    queries[name] = len(captured)
                result = {
                    "engine": connection.vendor,
                    "version": _version(connection),
                    "organizations": generated.organizations,
                    "dues": generated.dues,
                    "submissions": generated.submissions,
                    "generated_seconds": round(generated_in, 1),
                    "cold": cold,
                    "written": written,
                    "refreshed": refreshed,
                    "queries": queries,
                }
                print(json.dumps(result), file=out, flush=True)
                break
    connection.close()
    return 0


def _generated_before():
    """What a previous --keep run generated in this database, or None."""
    from django.contrib.auth import get_user_model

    from organizations.models import Organization
    from plans.models import Plan
    from tasks.demo.generate import UPPER_CODE, Generated
    from tasks.models import Due, Review, Submission

    plan = Plan.objects.filter(document__symbol="900-KH/ĐUK").first()
    if plan is None:
        return None
    upper = Organization.objects.get(code=UPPER_CODE)
    get_user_model().objects.get(username="gen.phutrach")
    return Generated(
        upper=upper,
        plan=plan,
        organizations=Organization.objects.filter(code__startswith=f"{UPPER_CODE}-cs-").count(),
        dues=Due.objects.count(),
        submissions=Submission.objects.count(),
        reviews=Review.objects.count(),
        staff_username="gen.vanphong",
        supervisor_username="gen.phutrach",
    )


def _written_failures(url: str, page: str, by_size: dict[int, dict], small: int, large: int) -> list[str]:
    """The targets, applied to the first view after a submission too (issue: the cold view is the one people
    get while secretaries are submitting)."""
    failures = []
    first = {size: result["pages"][page]["written"] for size, result in by_size.items()}
    ratio = first[small] / by_size[small]["pages"]["floor"]["median"]
    if ratio > TARGET_FLOOR:
        failures.append(f"{engine_name(url)} {page} after a submission: {ratio:.1f}× the floor at {small:,}")
    if len(by_size) > 1 and first[large] > TARGET_GROWTH * first[small]:
        failures.append(
            f"{engine_name(url)} {page} after a submission: {first[large] / first[small]:.2f}× slower at "
            f"{large:,} than at {small:,}"
        )
    return failures


def _refreshes_done() -> None:
    """Wait for the background counts of remembered totals (tasks/monitoring/remembered.py) under way."""
    import threading

    for thread in threading.enumerate():
        if thread.name == "plantrack-totals":
            thread.join()


def _submit_one(plan, *, kind: str) -> None:
    """One grassroots organization's secretary hands in an open obligation of `kind` of the plan, through
    the service the submission page uses (the due, its version, and the journal of due changes the
    remembered totals apply). Each size is given the same kinds in the same order: a deliverable changes the
    counts the plan page shows in its outline, a periodic report does not, so the mix must not differ."""
    from organizations.models import Membership
    from tasks.models import Due
    from tasks.submissions.services import due_submit

    secretaries = Membership.objects.filter(role=Membership.Role.SECRETARY).select_related("user")
    # Organizations with a secretary first; once a --keep database has none left with an open obligation of
    # this kind, any organization's, handed in under a secretary's name (the service records who sent it).
    open_dues = Due.objects.filter(plan=plan, state=Due.State.OPEN, kind=kind).select_related("task")
    due = (
        open_dues.filter(organization_id__in=secretaries.values("organization_id")).order_by("pk").first()
        or open_dues.order_by("pk").first()
    )
    secretary = secretaries.filter(organization_id=due.organization_id).first() or secretaries.first()
    user = secretary.user
    due_submit(due=due, user=user, text="Báo cáo (benchmark)")


def _version(connection) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT sqlite_version()" if connection.vendor == "sqlite" else "SHOW server_version")
        return str(cursor.fetchone()[0]).split(" ")[0]


def percentile(values: list[float], pct: float) -> float:
    """Nearest-rank percentile."""
    ordered = sorted(values)
    rank = max(1, min(len(ordered), round(pct / 100 * len(ordered) + 0.5)))
    return ordered[rank - 1]


# --- the report ------------------------------------------------------------------------------------------
def print_report(report: dict[str, dict[int, dict]], sizes: list[int], runs: int) -> None:
    print(
        f"Plantrack page benchmark · {time.strftime('%Y-%m-%d')} · Python {platform.python_version()} · "
        f"{os.cpu_count()} CPU · {runs} rounds per size, interleaved (Django test Client, logged in)"
    )
    failures = []
    small, large = min(sizes), max(sizes)
    for url, by_size in report.items():
        first = next(iter(by_size.values()))
        print(f"\n{engine_name(url)} {first['version']}")
        for size, result in by_size.items():
            print(
                f"  {size:,} organizations: {result['dues']:,} dues, {result['submissions']:,} submissions "
                f"(gen_data {result['generated_seconds']} s)"
            )
        header = f"  {'page':<12}"
        for size in by_size:
            header += f" | {f'{size:,} orgs: median':>20} {'p95':>9} {'×floor':>7} {'queries':>7}"
        if len(by_size) > 1:
            header += f" | {'growth':>7} {'of ×floor':>9}"
        print(header)
        for page in PAGES:
            if not all(page in result["pages"] for result in by_size.values()):
                continue
            line = f"  {page:<12}"
            ratios = {}
            for size, result in by_size.items():
                figures = result["pages"][page]
                ratios[size] = figures["median"] / result["pages"]["floor"]["median"]
                line += (
                    f" | {figures['median']:>17.2f} ms {figures['p95']:>6.2f} ms {ratios[size]:>6.1f}× "
                    f"{figures['queries']:>7}"
                )
                if page not in REFERENCES and size == small and ratios[size] > TARGET_FLOOR:
                    failures.append(f"{engine_name(url)} {page}: {ratios[size]:.1f}× the floor at {size:,}")
            if len(by_size) > 1:
                growth = by_size[large]["pages"][page]["median"] / by_size[small]["pages"][page]["median"]
                line += f" | {growth:>6.2f}× {ratios[large] / ratios[small]:>8.2f}×"
                if page not in REFERENCES and growth > TARGET_GROWTH:
                    failures.append(
                        f"{engine_name(url)} {page}: {growth:.2f}× slower at {large:,} than at {small:,}"
                    )
            print(line)
            if page not in REFERENCES:
                failures += _written_failures(url, page, by_size, small, large)
        cold = "; ".join(
            f"{size:,}: "
            + ", ".join(
                f"{page} {result['pages'][page]['cold']:.0f} ms" for page in PAGES if page not in REFERENCES
            )
            for size, result in by_size.items()
        )
        print(f"  first view with an empty cache (totals counted, plan outline rendered): {cold}")
        written = "; ".join(
            f"{size:,}: "
            + ", ".join(
                f"{page} {result['pages'][page]['written']:.0f} ms"
                for page in PAGES
                if page not in REFERENCES
            )
            for size, result in by_size.items()
        )
        print(
            f"  first view after a submission, median of {WRITES} (the cache kept, the data changed): {written}"
        )
        refreshed = "; ".join(
            f"{size:,}: "
            + ", ".join(
                f"{page} {result['pages'][page]['refreshed'] / 1000:.1f} s"
                for page in PAGES
                if page not in REFERENCES
            )
            for size, result in by_size.items()
        )
        print(f"  totals up to date again (background refresh) after: {refreshed}")
    print()
    print(
        f"Targets: every page within {TARGET_FLOOR:g}× the floor at {small:,} organizations, and at most "
        f"{TARGET_GROWTH:g}× slower at {large:,} than at {small:,}."
    )
    print("All met." if not failures else "Not met: " + "; ".join(failures) + ".")


if __name__ == "__main__":
    sys.exit(main())
