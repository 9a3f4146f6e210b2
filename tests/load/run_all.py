"""The load and fault checks, one after the other, each in its own process; ends with a line
'load: N passed, N failed' and a non-zero exit if any failed.

    python -m tests.load.run_all                                    # make load: 200 secretaries
    python -m tests.load.run_all --clients 30 --restart-clients 30  # CI's smaller numbers
"""

import argparse
import subprocess
import sys
import time

from tests.load.harness import BASE_DIR, PYTHON

LIMIT = 25 * 60  # seconds for any one check


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=200, help="secretaries in the load test (default 200)")
    parser.add_argument(
        "--restart-clients",
        type=int,
        default=60,
        help="secretaries submitting while PostgreSQL restarts (60)",
    )
    args = parser.parse_args(argv)
    checks = [
        (f"{args.clients} secretaries submitting at once", ["run_load", "--clients", str(args.clients)]),
        (
            "PostgreSQL restarted during the load",
            ["run_load", "--clients", str(args.restart_clients), "--restart-postgres"],
        ),
        ("Redis stopped, then back", ["run_faults", "redis"]),
        ("the worker killed in the middle of a report", ["run_faults", "worker"]),
    ]
    results = []
    for title, (script, *options) in checks:
        print(f"\n=== {title}", flush=True)
        started = time.monotonic()
        try:
            code = subprocess.run(
                [PYTHON, "-m", f"tests.load.{script}", *options], cwd=BASE_DIR, timeout=LIMIT
            ).returncode
        except subprocess.TimeoutExpired:
            print(f"did not finish within {LIMIT // 60} minutes", flush=True)
            code = -1
        results.append((title, code == 0, time.monotonic() - started))
    print("\n=== summary", flush=True)
    for title, ok, seconds in results:
        print(f"{'PASSED' if ok else 'FAILED'}  {title} ({seconds:.0f}s)")
    passed = sum(ok for _title, ok, _seconds in results)
    print(f"load: {passed} passed, {len(results) - passed} failed", flush=True)
    return 0 if passed == len(results) else 1


if __name__ == "__main__":
    sys.exit(main())
