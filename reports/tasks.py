"""Celery task: a thin wrapper that takes a report's id and calls reports.generation.report_run.

acks_late and reject_on_worker_lost (settings) give a report whose worker died to another worker;
report_run marks the report failed on any exception, so none stays "running".
"""

from celery import shared_task

from reports.generation import report_run


# The report's row holds its outcome; no result is stored in Redis, so asking for a report never waits on the
# result backend (with Redis down, subscribing to the result retried for about 20 seconds before failing).
@shared_task(ignore_result=True)
def generate_report(report_id: int) -> dict:
    return {"report": report_id, "status": report_run(report_id=report_id)}
