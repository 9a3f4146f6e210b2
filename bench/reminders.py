"""Benchmark of the daily reminder scan over 1,000,000 dues on PostgreSQL (a script, not a test).

    .venv/bin/python bench/reminders.py                       # generate once, then scan
    .venv/bin/python bench/reminders.py --dues 200000         # a smaller run
    .venv/bin/python bench/reminders.py --regenerate --send   # fresh data; also time sending the digests

It creates (or reuses) the database named by BENCH_DATABASE_URL (default
postgres://postgres@127.0.0.1:5432/plantrack_bench), migrates it, and generates a national-scale tree in
bulk SQL: 200 committees above grassroots, each with an office (3 staff) and a member in charge of its
organizations, 25 grassroots organizations each (secretary, deputy, clerk), one plan of 20 tasks per
committee, and 200 dues per organization spread over 2023-2025. On the scan day (01/07/2024) most past dues
are accepted, 5% are still open (overdue) and 1% returned; the future ones are open.

Each scan runs in a fresh process, so that its peak memory (ru_maxrss: the whole process, Django included)
is the scan's alone (tracemalloc is left off: it would slow the scan it measures):
1. the first scan after the data appear: every reminder owed is new (the worst case);
2. the same day again: everything already claimed (what a double beat or a second worker costs);
3. the next day: the steady state of a daily run.
With --send, the digests of the first scan are then sent through Django's dummy e-mail backend (rendering
and bookkeeping, no network).
"""

import argparse
import datetime
import json
import os
import resource
import subprocess
import sys
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/plantrack_bench"
SCAN_DAY = datetime.date(2024, 7, 1)
COMMITTEES = 200
ORGS_PER_COMMITTEE = 25
TASKS_PER_PLAN = 20
STEP = 4  # treebeard's path step
ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def _setup(url: str) -> None:
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("DJANGO_DEBUG", "true")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def _step(n: int) -> str:
    digits = ""
    for _ in range(STEP):
        n, rest = divmod(n, len(ALPHABET))
        digits = ALPHABET[rest] + digits
    return digits


def _create_database(url: str) -> None:
    import psycopg

    parts = urllib.parse.urlsplit(url)
    name = parts.path.lstrip("/")
    admin = urllib.parse.urlunsplit(
        (parts.scheme.replace("postgres", "postgresql"), parts.netloc, "/postgres", "", "")
    )
    with psycopg.connect(admin, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{name}"')


def _generate(dues_wanted: int) -> None:
    """Bulk-generate the tree, people, plans and dues. Everything in SQL or bulk_create: a few minutes."""
    from django.core.management import call_command
    from django.db import connection

    from organizations.models import Membership, Organization, Supervision
    from plans.models import Document, Plan, Section
    from tasks.models import Due, Notification, Reminder, ReminderDigest, Task

    periods = max(1, round(dues_wanted / (COMMITTEES * ORGS_PER_COMMITTEE * TASKS_PER_PLAN)))
    started = time.monotonic()
    call_command("migrate", verbosity=0)
    with connection.cursor() as cursor:
        tables = [
            m._meta.db_table for m in (Notification, Reminder, ReminderDigest, Due, Task, Section, Plan)
        ]
        tables += [Document._meta.db_table, Supervision._meta.db_table, Membership._meta.db_table]
        tables += [Organization._meta.db_table, "auth_user"]
        cursor.execute(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE")

    orgs = [Organization(path=_step(1), depth=1, numchild=1, code="tw", name="Trung ương", kind="central")]
    orgs.append(
        Organization(
            path=_step(1) + _step(1),
            depth=2,
            numchild=COMMITTEES,
            code="tinh",
            name="Tỉnh",
            kind="provincial",
        )
    )
    for c in range(COMMITTEES):
        base = _step(1) + _step(1) + _step(c + 1)
        orgs.append(
            Organization(
                path=base,
                depth=3,
                numchild=ORGS_PER_COMMITTEE + 1,
                code=f"k{c}",
                name=f"Đảng ủy {c:03d}",
                kind="upper",
            )
        )
        orgs.append(
            Organization(
                path=base + _step(1), depth=4, code=f"vp{c}", name=f"Văn phòng {c:03d}", kind="advisory"
            )
        )
        for o in range(ORGS_PER_COMMITTEE):
            orgs.append(
                Organization(
                    path=base + _step(o + 2),
                    depth=4,
                    code=f"cs{c}-{o}",
                    name=f"Chi bộ {c:03d}-{o:02d}",
                    name_folded=f"chi bo {c:03d}-{o:02d}",
                    kind="grassroots_cell",
                )
            )
    Organization.objects.bulk_create(orgs, batch_size=5000)
    by_code = dict(Organization.objects.values_list("code", "pk"))

    with connection.cursor() as cursor:
        # 3 members per grassroots organization, 3 office staff per committee, 1 member in charge each.
        cursor.execute(
            """
            INSERT INTO auth_user (username, email, password, is_superuser, is_staff, is_active, first_name,
                                   last_name, date_joined)
            SELECT 'u' || n, 'u' || n || '@bench.example', '!', false, false, true, 'Văn', 'Nguyễn ' || n, now()
            FROM generate_series(1, %s) AS n
            """,
            [COMMITTEES * (ORGS_PER_COMMITTEE * 3 + 4)],
        )
    user_ids = list(get_user_ids())
    memberships, supervisions = [], []
    it = iter(user_ids)
    for c in range(COMMITTEES):
        for role in ("specialist", "specialist", "clerk"):
            memberships.append(Membership(user_id=next(it), organization_id=by_code[f"vp{c}"], role=role))
        in_charge = next(it)
        for o in range(ORGS_PER_COMMITTEE):
            org_id = by_code[f"cs{c}-{o}"]
            for role in ("secretary", "deputy", "clerk"):
                memberships.append(Membership(user_id=next(it), organization_id=org_id, role=role))
            supervisions.append(Supervision(member_id=in_charge, organization_id=org_id))
    Membership.objects.bulk_create(memberships, batch_size=5000)
    Supervision.objects.bulk_create(supervisions, batch_size=5000)

    documents = [
        Document(
            symbol=f"{c + 1}-KH/ĐU{c}",
            number=str(c + 1),
            doc_type="KH",
            issuer_code=f"ĐU{c}",
            issuer_id=by_code[f"k{c}"],
            issued_on=datetime.date(2023, 1, 5),
            title=f"Kế hoạch {c}",
        )
        for c in range(COMMITTEES)
    ]
    Document.objects.bulk_create(documents)
    doc_ids = dict(Document.objects.values_list("issuer_code", "pk"))
    Plan.objects.bulk_create(
        Plan(
            document_id=doc_ids[f"ĐU{c}"],
            owner_id=by_code[f"k{c}"],
            title=f"Kế hoạch thực hiện Nghị quyết, đảng ủy {c:03d}",
            period_start=datetime.date(2023, 1, 1),
            period_end=datetime.date(2025, 12, 31),
        )
        for c in range(COMMITTEES)
    )
    plans = dict(Plan.objects.values_list("owner_id", "pk"))
    Section.objects.bulk_create(
        Section(plan_id=p, position=0, label="1", title="Nhiệm vụ") for p in plans.values()
    )
    sections = dict(Section.objects.values_list("plan_id", "pk"))
    Task.objects.bulk_create(
        (
            Task(
                plan_id=plan_id,
                section_id=sections[plan_id],
                position=t,
                text=f"Nhiệm vụ {t + 1}: tổ chức quán triệt, triển khai và báo cáo kết quả thực hiện nghị quyết",
                kind="ongoing",
            )
            for plan_id in plans.values()
            for t in range(TASKS_PER_PLAN)
        ),
        batch_size=5000,
    )
    with connection.cursor() as cursor:
        due, task, org = Due._meta.db_table, Task._meta.db_table, Organization._meta.db_table
        plan = Plan._meta.db_table
        # Dates spread over the term; states as the workflow would have left them on the scan day.
        cursor.execute(
            f"""
            INSERT INTO {due} (task_id, plan_id, kind, organization_id, period, due_on, state, first_submitted_at,
                               created_at)
            SELECT task_id, plan_id, 'deliverable', org_id, period, due_on,
                   CASE WHEN due_on >= %(day)s THEN (CASE WHEN h < 3 THEN 'submitted' ELSE 'open' END)
                        WHEN h < 5 THEN 'open' WHEN h < 6 THEN 'returned' WHEN h < 10 THEN 'submitted'
                        ELSE 'accepted' END,
                   CASE WHEN due_on >= %(day)s AND h >= 3 THEN NULL WHEN due_on < %(day)s AND h < 5 THEN NULL
                        ELSE due_on::timestamp AT TIME ZONE 'Asia/Ho_Chi_Minh' END,
                   now()
            FROM (
                SELECT t.id AS task_id, t.plan_id AS plan_id, o.id AS org_id, 'p' || p AS period,
                       DATE '2023-01-10' + ((t.position * 53 + p * 109 + o.id * 7) %% 1085)::int AS due_on,
                       ((o.id * 7919 + t.id * 104729 + p * 1299709) %% 100) AS h
                FROM {org} o
                JOIN {org} c ON c.depth = 3 AND o.path LIKE c.path || '%%' AND o.depth = 4
                    AND o.kind = 'grassroots_cell'
                JOIN {plan} pl ON pl.owner_id = c.id
                JOIN {task} t ON t.plan_id = pl.id
                CROSS JOIN generate_series(0, %(periods)s - 1) AS p
            ) AS d
            """,
            {"day": SCAN_DAY, "periods": periods},
        )
        cursor.execute(f"ANALYZE {due}")
        cursor.execute("ANALYZE")
    print(f"generated {Due.objects.count():,} dues in {time.monotonic() - started:.0f} s")


def get_user_ids():
    from django.contrib.auth import get_user_model

    return get_user_model().objects.order_by("pk").values_list("pk", flat=True)


def _scan(day: datetime.date, *, send: bool) -> dict:
    """One scan (and optionally the sending), measured: run in its own process by main()."""
    from django.conf import settings
    from django.db import connection

    from tasks.models import Due
    from tasks.reminders.digests import reminder_digest_send
    from tasks.reminders.scan import reminders_scan

    settings.DEBUG = False  # as in production: no query log
    total = Due.objects.count()
    backend = _backend_pid()
    load = os.getloadavg()[0]
    cpu, db_cpu = _cpu_seconds(), _process_cpu_seconds(backend)
    started = time.monotonic()
    result = reminders_scan(today=day)
    seconds = time.monotonic() - started
    cpu, db_cpu = _cpu_seconds() - cpu, _process_cpu_seconds(backend) - db_cpu
    figures = {
        "day": day.isoformat(),
        "dues": total,
        "owed_dues_looked_at": result.dues,
        "claimed": result.claimed,
        "digests": len(result.digest_ids),
        "seconds": round(seconds, 1),
        "dues_per_second": round(total / seconds),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
        # The machine may be shared: CPU seconds of this process and of its PostgreSQL backend say what the
        # scan itself costs, whatever else runs; the load average says how crowded the machine was.
        "python_cpu_s": round(cpu, 1),
        "postgres_cpu_s": round(db_cpu, 1) if backend else None,
        "load_average": round(load, 1),
    }
    if send:
        settings.EMAIL_BACKEND = "django.core.mail.backends.dummy.EmailBackend"
        started = time.monotonic()
        for digest_id in result.digest_ids:
            reminder_digest_send(digest_id=digest_id)
        figures["send_seconds"] = round(time.monotonic() - started, 1)
        figures["peak_rss_mb_after_send"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    connection.close()
    return figures


def _cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _backend_pid() -> int | None:
    """The PostgreSQL server process serving this connection, when it runs on this machine."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    return pid if Path(f"/proc/{pid}/stat").exists() else None


def _process_cpu_seconds(pid: int | None) -> float:
    if pid is None:
        return 0.0
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime + stime


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--dues", type=int, default=1_000_000, help="how many dues to generate (about)")
    parser.add_argument("--regenerate", action="store_true", help="generate the data even if present")
    parser.add_argument(
        "--send", action="store_true", help="also send the first scan's digests (dummy backend)"
    )
    parser.add_argument("--scan-only", help=argparse.SUPPRESS)  # internal: one measured scan, JSON out
    args = parser.parse_args()
    url = os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL)
    if not url.startswith(("postgres://", "postgresql://")):
        sys.exit("BENCH_DATABASE_URL must name a PostgreSQL database")

    if args.scan_only:
        _setup(url)
        print(json.dumps(_scan(datetime.date.fromisoformat(args.scan_only), send=args.send)))
        return

    _create_database(url)
    _setup(url)
    from django.core.management import call_command
    from django.db import connection

    from tasks.models import Due, Notification, Reminder, ReminderDigest

    call_command("migrate", verbosity=0)
    if args.regenerate or abs(Due.objects.count() - args.dues) > args.dues // 10:
        _generate(args.dues)
    else:
        with connection.cursor() as cursor:
            tables = ", ".join(m._meta.db_table for m in (Notification, Reminder, ReminderDigest))
            cursor.execute(f"TRUNCATE {tables} RESTART IDENTITY")
    connection.close()

    runs = [
        ("first scan (every reminder new)", SCAN_DAY, args.send),
        ("same day again (all claimed)", SCAN_DAY, False),
        ("next day (steady state)", SCAN_DAY + datetime.timedelta(days=1), False),
    ]
    env = {**os.environ, "BENCH_DATABASE_URL": url}
    for label, day, send in runs:
        command = [sys.executable, __file__, "--scan-only", day.isoformat()] + (["--send"] if send else [])
        out = subprocess.run(command, env=env, capture_output=True, text=True, check=True).stdout
        figures = json.loads(out.strip().splitlines()[-1])
        line = ", ".join(f"{k}={v}" for k, v in figures.items())
        print(f"{label}: {line}")


if __name__ == "__main__":
    main()
