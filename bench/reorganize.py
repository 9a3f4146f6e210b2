"""Benchmark of a national-scale reorganization on PostgreSQL (a script, not a test).

    .venv/bin/python bench/reorganize.py              # 5,000 grassroots organizations, 200,000 dues

It builds the tree of bench/reminders.py in the database named by BENCH_DATABASE_URL (default
postgres://postgres@127.0.0.1:5432/plantrack_bench_reorg): 200 committees with an office each, 25 grassroots
organizations under each (5,000, with their secretaries, deputies, clerks and members in charge), one plan
of 20 tasks per committee and 200,000 dues over 2023-2025. Then, effective 01/07/2024, one file: a new
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


DESIGNATE = """
    INSERT INTO tasks_assignment (task_id, organization_id, scope, kinds, label, position)
    SELECT DISTINCT task_id, organization_id, 'one', '[]'::jsonb, '', 0 FROM tasks_due
    WHERE task_id IS NOT NULL
"""


def _designate() -> None:
    """Each due designated by an assignment naming its organization, as a plan's own would: without them the
    reorganization's regeneration of the plans it passes on would find every open due undesignated and
    delete it, which is not what a reorganization costs (README.md, "Reorganization")."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(DESIGNATE)
        cursor.execute("ANALYZE tasks_assignment")


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


def main() -> None:
    url = os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL)
    if "--run-only" in sys.argv:
        _setup(url)
        print(json.dumps(_run(dry_run=sys.argv[-1] == "dry")))
        return
    _create_database(url)
    _setup(url)
    from django.db import connection

    started = time.monotonic()
    _generate(DUES)
    _designate()
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
