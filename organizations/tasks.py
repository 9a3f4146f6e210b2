"""Celery task: the weekly sweep of uploaded files no row names (organizations.files.stored)."""

import datetime

from celery import shared_task

from organizations.files.stored import orphan_files_sweep


@shared_task(ignore_result=True)
def delete_orphan_files(hours: int = 24) -> dict:
    result = orphan_files_sweep(older_than=datetime.timedelta(hours=hours))
    return {"checked": result.checked, "deleted": len(result.orphans)}
