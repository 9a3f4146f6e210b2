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
are older than any request could be. It finds the file fields in Django's app registry (every FileField of
every installed model) and the folder each writes to on its upload_to function (``stored_under``): this app,
the lowest of all, names no model of the apps built on it (docs/architecture.md).
"""

import contextvars
import datetime
import itertools
import logging
import os
import time
from dataclasses import dataclass, field
from pathlib import Path

from django.apps import apps as django_apps
from django.conf import settings
from django.db import DatabaseError, connection, models, transaction
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
class Folder:
    """Where an upload_to function stores its files: ``<name>/<owner id>/...`` under MEDIA_ROOT, the owner id
    being the row's value of the lookup `owner` (e.g. "document_id")."""

    name: str
    owner: str


def stored_under(folder: str, *, owner: str):
    """Declare on an upload_to function the folder its files go to, so that the sweep finds them::

        @stored_under("documents", owner="document_id")
        def attachment_path(instance, filename): ...

    The function itself is returned unchanged (migrations keep naming it)."""

    def declare(upload_to):
        upload_to.stored_under = Folder(folder, owner)
        return upload_to

    return declare


@dataclass(frozen=True)
class StoredField:
    model: type
    field: str
    folder: Folder | None  # None: its upload_to declares no folder (stored_under), so it is not swept


def stored_file_fields(registry=None) -> list[StoredField]:
    """Every FileField of every installed model (of `registry`, by default Django's app registry), with the
    folder its upload_to declares. Nothing here names another app's model: a new FileField is found as soon
    as its app is installed, and swept once its upload_to declares its folder."""
    registry = registry or django_apps
    return [
        StoredField(model, model_field.name, getattr(model_field.upload_to, "stored_under", None))
        for model in registry.get_models()
        for model_field in model._meta.concrete_fields
        if isinstance(model_field, models.FileField)
    ]


OWNERS_PER_QUERY = 500


@dataclass
class SweepResult:
    checked: int = 0
    orphans: list[str] = field(default_factory=list)


def orphan_files_sweep(
    *, older_than: datetime.timedelta, dry_run: bool = False, registry=None
) -> SweepResult:
    """Delete the uploaded files that no row names and that are older than `older_than` (a request still
    writing its rows is never that old), in every folder a FileField declares (stored_file_fields). One query
    per field and OWNERS_PER_QUERY owner folders, through the owner's index, so only one batch of names is held
    at a time. With `dry_run`, only list them. The media folder is read directly: uploads are stored on the
    local file system (PLANTRACK_MEDIA_ROOT)."""
    media = Path(settings.MEDIA_ROOT)
    cutoff = time.time() - older_than.total_seconds()
    result = SweepResult()
    by_folder: dict[str, list[StoredField]] = {}
    for stored in stored_file_fields(registry):
        if stored.folder is not None:
            by_folder.setdefault(stored.folder.name, []).append(stored)
    for folder, fields in sorted(by_folder.items()):
        root = media / folder
        if not root.is_dir():
            continue
        with os.scandir(root) as entries:
            owners = (entry for entry in entries if entry.is_dir() and entry.name.isdigit())
            while batch := list(itertools.islice(owners, OWNERS_PER_QUERY)):
                _sweep_batch(fields, batch, media=media, cutoff=cutoff, dry_run=dry_run, result=result)
    return result


def _named(fields: list[StoredField], owner_ids: list[int]) -> set[str]:
    """The file names the rows of these owners give, in every field stored in the folder."""
    named: set[str] = set()
    for stored in fields:
        lookup = {f"{stored.folder.owner}__in": owner_ids}
        named.update(
            stored.model._base_manager.filter(**lookup).values_list(stored.field, flat=True).iterator()
        )
    return named


def _sweep_batch(fields, batch, *, media: Path, cutoff: float, dry_run: bool, result: SweepResult):
    named = _named(fields, [int(entry.name) for entry in batch])
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
