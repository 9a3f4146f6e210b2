"""Uploaded files whose row was never committed are deleted at the end of the request.

A FileField writes its file to storage when the row is saved, before the transaction commits. When the
transaction then rolls back — an error later in the request, the database restarting under it, a form that
fails as a whole — the row is gone but the file stays on disk, where no page can reach it.

The services that store uploads call ``forget_unless_committed(fieldfile)``. ``StoredFilesMiddleware``
collects those files for the request; a file is confirmed when its transaction commits (``on_commit``).
Once the request's transaction is over, a file left unconfirmed is deleted — but only after the database
says no row refers to it, so a committed file is never deleted, even if the confirmation did not run (an
earlier commit hook failed, or tests that never commit). If the database cannot answer, the file is kept.
Outside a request (commands, Celery) nothing is collected.

What the database could not answer for (it was down when the request failed) stays on disk:
``manage.py delete_orphan_files`` (``orphan_files_sweep``) deletes the uploaded files no row names, once they
are older than any request could be.
"""

import contextvars
import datetime
import itertools
import logging
import os
import time
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import DatabaseError, connection, transaction
from django.db.models.fields.files import FieldFile

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class _Written:
    storage: object
    name: str
    model: type
    field: str


_pending: contextvars.ContextVar[dict[str, _Written] | None] = contextvars.ContextVar(
    "plantrack_uncommitted_files", default=None
)


def forget_unless_committed(file: FieldFile) -> None:
    """Delete `file` from storage at the end of the request unless the row that names it is committed."""
    pending = _pending.get()
    if pending is None or not file.name:
        return
    pending[file.name] = _Written(file.storage, file.name, type(file.instance), file.field.name)
    transaction.on_commit(lambda name=file.name: pending.pop(name, None))


def _referenced(written: _Written) -> bool:
    query = written.model._base_manager.filter(**{written.field: written.name})
    try:
        return query.exists()
    except DatabaseError:
        # The request's connection broke (the database restarted under it): ask once more on a new one.
        if connection.in_atomic_block:
            raise
        connection.close_if_unusable_or_obsolete()
        return query.exists()


def delete_uncommitted(pending: dict[str, _Written]) -> list[str]:
    """Delete the files of `pending` that no committed row names; returns their names."""
    deleted = []
    for written in pending.values():
        try:
            if _referenced(written):
                continue
        except DatabaseError:
            logger.warning("kept %s: the database could not say whether a row names it", written.name)
            continue
        written.storage.delete(written.name)
        deleted.append(written.name)
    if deleted:
        logger.info("deleted %d file(s) whose rows were rolled back: %s", len(deleted), ", ".join(deleted))
    return deleted


class StoredFilesMiddleware:
    """Outside the view's transaction (ATOMIC_REQUESTS): by the time the view returns or raises, its
    transaction has committed or rolled back."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        pending: dict[str, _Written] = {}
        token = _pending.set(pending)
        try:
            return self.get_response(request)
        finally:
            _pending.reset(token)
            if pending:
                delete_uncommitted(pending)


# --- the sweep: files no row names, left by a request the database could not answer -------------------------
@dataclass(frozen=True)
class Swept:
    folder: str  # under MEDIA_ROOT: <folder>/<owner id>/...
    model: str  # app_label.Model
    owner: str  # the lookup of the owner id the folder is named after


# The folders that tasks.models.submission_file_path and plans.models.attachment_path write to.
SWEPT = (
    Swept("submissions", "tasks.SubmissionFile", "submission__due_id"),
    Swept("documents", "plans.DocumentAttachment", "document_id"),
)
OWNERS_PER_QUERY = 500


@dataclass
class SweepResult:
    checked: int = 0
    orphans: list[str] = field(default_factory=list)


def orphan_files_sweep(*, older_than: datetime.timedelta, dry_run: bool = False) -> SweepResult:
    """Delete the uploaded files that no row names and that are older than `older_than` (a request still
    writing its rows is never that old). One query per OWNERS_PER_QUERY folders, through the owner's index,
    so only one batch of names is held at a time. With `dry_run`, only list them. The media folder is read
    directly: uploads are stored on the local file system (PLANTRACK_MEDIA_ROOT)."""
    from django.apps import apps

    media = Path(settings.MEDIA_ROOT)
    cutoff = time.time() - older_than.total_seconds()
    result = SweepResult()
    for swept in SWEPT:
        model = apps.get_model(swept.model)
        root = media / swept.folder
        if not root.is_dir():
            continue
        with os.scandir(root) as entries:
            owners = (entry for entry in entries if entry.is_dir() and entry.name.isdigit())
            while batch := list(itertools.islice(owners, OWNERS_PER_QUERY)):
                _sweep_batch(swept, model, batch, media=media, cutoff=cutoff, dry_run=dry_run, result=result)
    return result


def _sweep_batch(swept, model, batch, *, media: Path, cutoff: float, dry_run: bool, result: SweepResult):
    named = set(
        model._base_manager.filter(**{f"{swept.owner}__in": [int(entry.name) for entry in batch]})
        .values_list("file", flat=True)
        .iterator()
    )
    for owner in batch:
        for path in Path(owner.path).rglob("*"):
            if not path.is_file():
                continue
            result.checked += 1
            name = path.relative_to(media).as_posix()
            if name in named or path.stat().st_mtime > cutoff:
                continue
            result.orphans.append(name)
            if not dry_run:
                path.unlink()
