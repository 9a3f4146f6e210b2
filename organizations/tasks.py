"""Celery tasks: the weekly sweep of uploaded files no row names (organizations.files.stored), and checking
the signatures of stored files (organizations.signatures.stored)."""

import datetime
import smtplib

from celery import shared_task

from organizations.files.stored import orphan_files_sweep


@shared_task(ignore_result=True)
def delete_orphan_files(hours: int = 24) -> dict:
    result = orphan_files_sweep(older_than=datetime.timedelta(hours=hours))
    return {"checked": result.checked, "deleted": len(result.orphans)}


@shared_task(ignore_result=True)
def recheck_file_signatures(label: str, pk: int) -> dict:
    """Check the signatures of one stored file (a model keeping ``SignatureChecked``), by its model's label."""
    from django.apps import apps

    from organizations.signatures.stored import stored_file_recheck

    instance = apps.get_model(label)._base_manager.filter(pk=pk).first()
    if instance is None:
        return {"file": f"{label}:{pk}", "status": "gone"}
    return {"file": f"{label}:{pk}", "status": stored_file_recheck(instance=instance).status}


@shared_task(ignore_result=True)
def recheck_stored_signatures(statuses: list[str] | None = None) -> dict:
    """Check again every stored file not checked yet or found invalid (after a trust anchor was added)."""
    from organizations.signatures.stored import RECHECKED_BY_DEFAULT, stored_files_recheck

    return dict(stored_files_recheck(statuses=statuses or RECHECKED_BY_DEFAULT))


@shared_task(
    ignore_result=True, autoretry_for=(OSError, smtplib.SMTPException), retry_backoff=True, max_retries=5
)
def send_password_reset(user_id: int, base_url: str) -> bool:
    """E-mail one account its password reset link (organizations/accounts/reset.py)."""
    from organizations.accounts.reset import password_reset_email_send

    return password_reset_email_send(user_id=user_id, base_url=base_url)
