"""What a secretary typed and chose on the submit form, kept on the server until the submission succeeds.

A request that fails half-way (the database restarting under it: config/unavailable.py answers 503 "try
again in a moment") must not cost her the files she chose: browsers never fill a file input again. So once
the form is valid, its fields and files are written under MEDIA_ROOT/drafts/<token>/ (no database needed),
the token travelling in the form itself; the 503 page links back to the form with the token, which comes
back filled in, the files kept; they are deleted once the submission is saved. A draft belongs to one user
and one due: anyone else's token is ignored. Drafts are not a stored-file folder (organizations/files/
stored.py), so the orphan sweep leaves them alone; each new draft sweeps those older than a week, judged by
the last write in their folder: another request may be writing one at that very moment, draft.json last.
"""

import contextlib
import json
import os
import re
import secrets
import time
from dataclasses import dataclass, field

from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils.datastructures import MultiValueDict

from organizations.files.uploads import safe_name

FIELD = "draft"
FOLDER = "drafts"
MAX_AGE_SECONDS = 7 * 24 * 3600
_TOKEN = re.compile(r"[A-Za-z0-9_-]{22}")
KEPT_FIELDS = ("text", "work_status", "document_symbol")


@dataclass
class Draft:
    token: str
    fields: dict = field(default_factory=dict)
    files: list[dict] = field(default_factory=list)  # {"name": as chosen, "path": in storage}

    @property
    def file_names(self) -> list[str]:
        return [item["name"] for item in self.files]

    def uploads(self) -> MultiValueDict:
        """The kept files, as the form's `files` field receives them."""
        chosen = []
        for item in self.files:
            with default_storage.open(item["path"], "rb") as stored:
                chosen.append(SimpleUploadedFile(item["name"], stored.read()))
        return MultiValueDict({"files": chosen})


def draft_token() -> str:
    return secrets.token_urlsafe(16)


def _valid(token) -> bool:
    return isinstance(token, str) and bool(_TOKEN.fullmatch(token))


def draft_load(*, token, user_id: int, due_id: int) -> Draft | None:
    """The draft `token` names, when it is this user's for this due; None otherwise."""
    if not _valid(token):
        return None
    meta = f"{FOLDER}/{token}/draft.json"
    if not default_storage.exists(meta):
        return None
    with default_storage.open(meta, "rb") as stored:
        data = json.loads(stored.read().decode("utf-8"))
    if data.get("user") != user_id or data.get("due") != due_id:
        return None
    return Draft(token=token, fields=data.get("fields", {}), files=data.get("files", []))


def draft_keep(*, token, user_id: int, due_id: int, data, uploads) -> str:
    """Writes the form's fields and files under `token` (a new token if it is not one); returns the token."""
    token = token if _valid(token) else draft_token()
    drafts_sweep()
    draft_delete(token=token)
    files = []
    for index, upload in enumerate(uploads):
        upload.seek(0)
        path = default_storage.save(f"{FOLDER}/{token}/{index:02d}-{safe_name(upload.name)}", upload)
        upload.seek(0)
        files.append({"name": upload.name, "path": path})
    meta = {
        "user": user_id,
        "due": due_id,
        "fields": {name: data.get(name, "") for name in KEPT_FIELDS},
        "files": files,
    }
    default_storage.save(
        f"{FOLDER}/{token}/draft.json",
        SimpleUploadedFile("draft.json", json.dumps(meta, ensure_ascii=False).encode("utf-8")),
    )
    return token


def draft_delete(*, token) -> None:
    """Deletes the draft's files and its folder (so that the folder of drafts holds live drafts only)."""
    if not _valid(token):
        return
    folder = f"{FOLDER}/{token}"
    try:
        _dirs, names = default_storage.listdir(folder)
    except FileNotFoundError:
        return
    for name in names:
        default_storage.delete(f"{folder}/{name}")
    # Not empty: written again meanwhile (its own retry), and kept. Storages without folders have none to remove.
    with contextlib.suppress(NotImplementedError, OSError):
        os.rmdir(default_storage.path(folder))


def _last_written(folder: str) -> float | None:
    """When anything in `folder` (the folder itself included: a file added or removed) was last written;
    None if it is gone, deleted meanwhile by the request it belongs to or by another sweep."""
    try:
        _dirs, names = default_storage.listdir(folder)
        paths = [folder, *(f"{folder}/{name}" for name in names)]
        return max(default_storage.get_modified_time(path).timestamp() for path in paths)
    except FileNotFoundError:
        return None


def drafts_sweep(*, now: float | None = None) -> int:
    """Deletes drafts not written for MAX_AGE_SECONDS (a submission never retried); returns how many. A draft
    without its draft.json yet is being written by another request, so its age is what counts, not the
    missing file (a sweep that deleted it lost a secretary's submission under load: tests/load)."""
    now = now or time.time()
    if not default_storage.exists(FOLDER):
        return 0
    tokens, _files = default_storage.listdir(FOLDER)
    swept = 0
    for token in tokens:
        written = _last_written(f"{FOLDER}/{token}")
        if written is not None and written < now - MAX_AGE_SECONDS:
            draft_delete(token=token)
            swept += 1
    return swept
