"""Benchmark of a national-scale reorganization on PostgreSQL (a script, not a test).

    .venv/bin/python bench/reorganize.py              # 5,000 grassroots organizations, 210,000 dues
    .venv/bin/python bench/reorganize.py --from-template i18_bench_tpl

It builds the tree of bench/reminders.py in the database named by BENCH_DATABASE_URL (default
postgres://postgres@127.0.0.1:5432/plantrack_bench_reorg): 200 committees with an office each, 25 grassroots
organizations under each (5,000, with their secretaries, deputies, clerks and members in charge), one plan
of 20 tasks per committee, each designating the committee's 25 grassroots organizations, and the 210,000
dues over 2023-2025 that the plans' own regeneration writes for them (13 annual tasks with a deadline, a
yearly report). With ``--from-template NAME`` it copies that PostgreSQL database (an earlier run's) instead of
generating the tree, and writes its dues again. Then, effective 01/07/2024, one file: a new
committee is created, the 5,000 grassroots organizations move under it, and the 200 committees are dissolved
with it as their successor (their offices end with them, their plans pass to it). The dry run, then the
run itself, are timed in one process each, as `manage.py reorganize` runs them; the script checks that no
due changed organization or state and prints the figures for README.md.
"""

import json
import os
import resource
import subprocess
import sys
import time
import urllib.parse
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.reminders import COMMITTEES, ORGS_PER_COMMITTEE, _create_database, _generate, _setup  # noqa: E402

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/plantrack_bench_reorg"
DUES = 200_000


def reorganization_file() -> str:
    lines = [
        "effective: 2024-07-01",
        "operations:",
        "  - create: {code: dang-bo-moi, name: Đảng bộ mới, kind: upper, parent: tinh}",
    ]
    for c in range(COMMITTEES):
        for o in range(ORGS_PER_COMMITTEE):
            lines += [f"  - move: cs{c}-{o}", "    to: dang-bo-moi"]
    for c in range(COMMITTEES):
        lines += [f"  - dissolve: k{c}", "    successor: dang-bo-moi"]
    return "\n".join(lines) + "\n"


ANNUAL_TASKS = 13  # of the 20 tasks per plan: a deliverable a year each; the others are reported on


DESIGNATE = """
    INSERT INTO tasks_assignment (task_id, organization_id, scope, kinds, label, position)
    SELECT t.id, o.id, 'one', '[]'::jsonb, o.name, 0
    FROM tasks_task t
    JOIN plans_plan pl ON pl.id = t.plan_id
    JOIN organizations_organization c ON c.id = pl.owner_id
    JOIN organizations_organization o ON o.path LIKE c.path || '%%' AND o.depth = c.depth + 1
        AND o.kind = 'grassroots_cell'
"""

# States as the workflow would have left them on the scan day, as bench/reminders.py spreads them.
STATES = """
    UPDATE tasks_due SET
        state = CASE WHEN due_on >= %(day)s THEN (CASE WHEN h < 3 THEN 'submitted' ELSE 'open' END)
                     WHEN h < 5 THEN 'open' WHEN h < 6 THEN 'returned' WHEN h < 10 THEN 'submitted'
                     ELSE 'accepted' END,
        first_submitted_at = CASE WHEN due_on >= %(day)s AND h >= 3 THEN NULL
                                  WHEN due_on < %(day)s AND h < 5 THEN NULL
                                  ELSE due_on::timestamp AT TIME ZONE 'Asia/Ho_Chi_Minh' END
    FROM (SELECT id AS due_id, ((id * 7919) %% 100) AS h FROM tasks_due) AS d
    WHERE tasks_due.id = d.due_id
"""


def _dues_as_the_app_writes_them() -> None:
    """Replace the raw-SQL dues of bench/reminders.py by those the plans' own regeneration writes: each task
    designates the 25 grassroots organizations under its plan's committee (one assignment each), 13 of the 20
    tasks are annual with a deadline of their own (one deliverable a year, months spread over the year), and
    the default calendar asks each organization for a yearly report: 200 x 25 x (13 x 3 + 3) = 210,000 dues,
    written by ``plan_regenerate_dues``, so regenerating a plan after the reorganization finds its own dues
    (README.md, "Reorganization"). Then states are spread as on the scan day."""
    from django.db import connection

    from bench.reminders import SCAN_DAY
    from plans.models import Plan
    from tasks.models import Task
    from tasks.planning.dues import plan_regenerate_dues

    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE tasks_due, tasks_assignment RESTART IDENTITY CASCADE")
        cursor.execute(DESIGNATE)
    Task.objects.update(kind="ongoing", annual_month=None, annual_day=None)
    for position in range(ANNUAL_TASKS):
        Task.objects.filter(position=position).update(
            kind="annual", annual_month=1 + position % 12, annual_day=15 + position % 14
        )
    for plan in Plan.objects.select_related("owner").order_by("pk"):
        plan_regenerate_dues(plan=plan)
    with connection.cursor() as cursor:
        cursor.execute(STATES, {"day": SCAN_DAY})
        cursor.execute("ANALYZE")


def _run(dry_run: bool) -> dict:
    from django.db import connection

    from organizations.reorganization.operations import reorganization_apply
    from tasks.models import Due

    before = list(Due.objects.order_by("pk").values_list("organization_id", "state"))
    started = time.monotonic()
    outcome = reorganization_apply(source=reorganization_file(), dry_run=dry_run)
    seconds = time.monotonic() - started
    after = list(Due.objects.order_by("pk").values_list("organization_id", "state"))
    return {
        "seconds": round(seconds, 1),
        "operations": 1 + COMMITTEES * ORGS_PER_COMMITTEE + COMMITTEES,
        "dues": len(after),
        "dues_unchanged": before == after,
        "queries": len(connection.queries) if connection.queries_log else None,
        "steps": len(outcome.steps),
        "figures": outcome.figures,
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024,
    }


def _copy_database(url: str, template: str) -> None:
    import psycopg

    parts = urllib.parse.urlsplit(url)
    name = parts.path.lstrip("/")
    admin = urllib.parse.urlunsplit(
        (parts.scheme.replace("postgres", "postgresql"), parts.netloc, "/postgres", "", "")
    )
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')


def main() -> None:
    url = os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL)
    if "--run-only" in sys.argv:
        _setup(url)
        print(json.dumps(_run(dry_run=sys.argv[-1] == "dry")))
        return
    template = sys.argv[sys.argv.index("--from-template") + 1] if "--from-template" in sys.argv else None
    if template:  # a database left by an earlier run: its tree and plans, not its dues
        _copy_database(url, template)
    else:
        _create_database(url)
    _setup(url)
    from django.core.management import call_command
    from django.db import connection

    started = time.monotonic()
    if template:
        call_command("migrate", verbosity=0)
    else:
        _generate(DUES)
    _dues_as_the_app_writes_them()
    print(f"generated in {time.monotonic() - started:.0f} s")
    connection.close()
    env = {
        **os.environ,
        "BENCH_DATABASE_URL": url,
        "DJANGO_DEBUG": "false",
        "DJANGO_SECRET_KEY": "bench-" * 10,
    }
    for label in ("dry", "apply"):
        command = [sys.executable, __file__, "--run-only", label]
        out = subprocess.run(command, env=env, capture_output=True, text=True, check=True).stdout
        print(label, out.strip().splitlines()[-1])


if __name__ == "__main__":
    main()
