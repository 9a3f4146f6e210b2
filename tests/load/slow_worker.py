"""A Celery worker whose report generation takes PLANTRACK_LOAD_SLOW_REPORT seconds longer, so that a fault
test can kill it in the middle of a report. Everything else is the real worker (config.celery's app, the
real tasks); the delay is added in this process before the pool forks, so every pool process has it.

    python -m tests.load.slow_worker worker --pool prefork --concurrency 1 ...
"""

import os
import sys
import time


def main() -> None:
    import django

    django.setup()
    from reports import generation

    delay = float(os.environ.get("PLANTRACK_LOAD_SLOW_REPORT", "0") or 0)
    render = generation.report_render

    def slow_render(**kwargs):
        # Pass every argument through: the renderer's signature grows (the signer came with issue 19).
        time.sleep(delay)
        return render(**kwargs)

    generation.report_render = slow_render

    from config.celery import app

    app.worker_main(sys.argv[1:])


if __name__ == "__main__":
    main()
