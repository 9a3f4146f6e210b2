"""Files chosen on a form that failed: kept on the server (in this session only) until the form succeeds, so
nobody chooses them again (the product brief: bad input loses nothing typed; docs/architecture.md §4).

A kept file lives under `kept/<token>/` in the default storage and is named in the session by its token; the
form sends the tokens back as ticked boxes (untick one to drop it)."""

import uuid

from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile

from organizations.files.uploads import safe_name

SESSION_KEY = "kept_uploads"


def uploads_keep(*, session, files) -> list[dict]:
    """Store `files` (checked uploads) for this session; their entries (token, path, name, content type)."""
    entries = []
    for upload in files:
        token = uuid.uuid4().hex
        upload.seek(0)
        path = default_storage.save(f"kept/{token}/{safe_name(upload.name)}", upload)
        entries.append({"token": token, "path": path, "name": upload.name, "type": upload.content_type or ""})
    session[SESSION_KEY] = [*session.get(SESSION_KEY, []), *entries]
    return entries


def uploads_kept(*, session, tokens) -> list[dict]:
    """The entries of this session named by `tokens` (anyone else's tokens name nothing)."""
    wanted = set(tokens)
    return [entry for entry in session.get(SESSION_KEY, []) if entry["token"] in wanted]


def uploads_open(entries) -> list[SimpleUploadedFile]:
    """The kept files as uploads again, for the service that attaches them."""
    opened = []
    for entry in entries:
        with default_storage.open(entry["path"], "rb") as stored:
            opened.append(SimpleUploadedFile(entry["name"], stored.read(), entry["type"]))
    return opened


def uploads_forget(*, session, entries) -> None:
    """Delete the kept files once attached (or dropped) and forget them in the session."""
    tokens = {entry["token"] for entry in entries}
    for entry in entries:
        default_storage.delete(entry["path"])
    session[SESSION_KEY] = [e for e in session.get(SESSION_KEY, []) if e["token"] not in tokens]
