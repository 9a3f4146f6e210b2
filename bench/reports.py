#!/usr/bin/env python
"""Time and peak memory of the annual PDF report (plan implementation) for blocs of 150 and 1,000 organizations.

    .venv/bin/python bench/reports.py [--orgs 150,1000] [--year 2023] [--kind plan] [--format pdf]

For each size a fresh SQLite database is made under the temporary directory, migrated and filled by
`manage.py gen_data --orgs N` (a plan 900-KH/ĐUK with dues and submissions in every state); then a new
process (so that its peak memory is the report's alone) builds the report of the year, as of 20/12 of that
year, exactly as the Celery task does (reports.generation.report_build), and reports:

- total seconds, split into the data (queries and Python: reports.content), the HTML (Django templates) and
  WeasyPrint (layout and PDF writing), and the share of the time spent outside WeasyPrint;
- the peak resident memory of the process (ru_maxrss), the number of pages and the file's size.

Targets: 1,000 organizations in under 60 seconds and under 1 GB. This is a script, not a test.
"""

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
TARGET_SECONDS, TARGET_MB = 60.0, 1024.0
SYMBOL = "900-KH/ĐUK"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--orgs", default="150,1000", help="Sizes of the bloc, comma-separated.")
    parser.add_argument("--year", type=int, default=2023)
    parser.add_argument("--kind", default="plan", choices=["plan", "compliance"])
    parser.add_argument("--format", default="pdf", choices=["pdf", "xlsx"])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--save", help="Folder to keep each report in (report-N.pdf), to look at.")
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    sizes = [int(size) for size in args.orgs.split(",") if size.strip()]
    if args.worker:
        return worker(year=args.year, kind=args.kind, fmt=args.format, save=args.save)

    python = sys.executable
    results = []
    for size in sizes:
        with tempfile.TemporaryDirectory(prefix="plantrack-bench-reports-") as folder:
            env = {
                **os.environ,
                "DATABASE_URL": f"sqlite:///{Path(folder) / 'bench.sqlite3'}",
                "PLANTRACK_MEDIA_ROOT": str(Path(folder) / "media"),
            }
            env.pop("REDIS_URL", None)
            manage = [python, str(BASE_DIR / "manage.py")]
            subprocess.run([*manage, "migrate", "-v0"], env=env, check=True, cwd=BASE_DIR)
            started = time.perf_counter()
            subprocess.run(
                [
                    *manage,
                    "gen_data",
                    "--orgs",
                    str(size),
                    "--seed",
                    str(args.seed),
                    "--plan-symbol",
                    SYMBOL,
                    "--today",
                    f"{args.year}-12-20",
                ],
                env=env,
                check=True,
                cwd=BASE_DIR,
                stdout=subprocess.DEVNULL,
            )
            generated = time.perf_counter() - started
            out = subprocess.run(
                [
                    python,
                    __file__,
                    "--worker",
                    "--year",
                    str(args.year),
                    "--kind",
                    args.kind,
                    "--format",
                    args.format,
                    *(
                        ["--save", str(Path(args.save).resolve() / f"report-{size}.{args.format}")]
                        if args.save
                        else []
                    ),
                ],
                env=env,
                check=True,
                cwd=BASE_DIR,
                capture_output=True,
                text=True,
            ).stdout
            result = json.loads(out.strip().splitlines()[-1])
            result.update(orgs=size, generated_seconds=round(generated, 1))
            results.append(result)
            print(json.dumps(result, ensure_ascii=False), flush=True)

    print()
    print(
        f"Annual {args.kind} report, {args.format.upper()}, {args.year}, as of 20/12 (SQLite, {sys.platform}):"
    )
    print(
        "| organizations | dues | pages | total s | data s | HTML s | WeasyPrint s | outside WeasyPrint | peak MB |"
    )
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    ok = True
    for r in results:
        print(
            f"| {r['orgs']:,} | {r['dues']:,} | {r['pages']} | {r['total']:.1f} | {r['data']:.1f} | "
            f"{r['html']:.1f} | {r['weasyprint']:.1f} | {r['outside_share']:.0%} | {r['peak_mb']:.0f} |"
        )
        if r["orgs"] >= 1000:
            ok = ok and r["total"] < TARGET_SECONDS and r["peak_mb"] < TARGET_MB
    print(
        f"\nTarget (1,000 organizations): under {TARGET_SECONDS:.0f} s and {TARGET_MB:.0f} MB: {'met' if ok else 'MISSED'}"
    )
    return 0 if ok else 1


def worker(*, year: int, kind: str, fmt: str, save: str | None = None) -> int:
    """Build one report in this process and print its figures as one JSON line."""
    sys.path.insert(0, str(BASE_DIR))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    import datetime

    import weasyprint
    from django.template import loader
    from django.utils import translation

    from plans.models import Plan
    from plans.periods import period_year
    from reports.content import kinds as report_data_module
    from reports.generation import report_build
    from tasks.models import Due

    spent = {"data": 0.0, "html": 0.0, "weasyprint": 0.0}

    def timed(key, function):
        def wrapper(*args, **kwargs):
            started = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                spent[key] += time.perf_counter() - started

        return wrapper

    # Time each stage where it happens, without changing what runs.
    weasyprint.HTML.write_pdf = timed("weasyprint", weasyprint.HTML.write_pdf)
    import reports.generation as generation
    import reports.render.pdf as pdf

    generation.report_data = timed("data", report_data_module.report_data)
    pdf.render_to_string = timed("html", loader.render_to_string)

    plan = Plan.objects.select_related("document", "owner").get(document__symbol=SYMBOL)
    period = period_year(year)
    today = datetime.date(year, 12, 20)
    dues = Due.objects.filter(plan=plan, due_on__year=year).count()
    with translation.override("vi"):
        started = time.perf_counter()
        content = report_build(kind=kind, plan=plan, period=period, fmt=fmt, today=today)
        total = time.perf_counter() - started
    if save:
        Path(save).parent.mkdir(parents=True, exist_ok=True)
        Path(save).write_bytes(content)
    pages = 0
    if fmt == "pdf":
        import io

        from pypdf import PdfReader

        pages = len(PdfReader(io.BytesIO(content)).pages)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        json.dumps(
            {
                "dues": dues,
                "pages": pages,
                "bytes": len(content),
                "total": round(total, 2),
                "data": round(spent["data"], 2),
                "html": round(spent["html"], 2),
                "weasyprint": round(spent["weasyprint"], 2),
                "outside_share": round((total - spent["weasyprint"]) / total, 3) if total else 0,
                "peak_mb": round(peak_mb, 1),
            }
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
