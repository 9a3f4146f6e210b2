"""Sending an uploaded file to someone a view has already allowed to read it.

Uploaded files have no public URL (config/urls.py serves no MEDIA_URL): every download view fetches its
object through a scoped selector (an outsider gets 404) and then calls ``protected_file_response``.

By default Django streams the file itself (the embedded setup). Behind a web server, settings.PLANTRACK_SENDFILE
hands the transfer over to it once access is checked, so that a Python worker is not tied up for a large file:
- "x-accel-redirect" (nginx): the response carries ``X-Accel-Redirect: <PLANTRACK_SENDFILE_PREFIX><name>`` and
  an empty body; nginx serves the file from an ``internal`` location aliased to the media folder;
- "x-sendfile" (Apache mod_xsendfile, lighttpd): ``X-Sendfile: <absolute path>`` and an empty body.
Both values are percent-encoded, as nginx (since 1.5.9) and mod_xsendfile (XSendFileUnescape, on by default)
expect: stored names may hold Vietnamese letters.
"""

import mimetypes
import unicodedata
from urllib.parse import quote

from django.conf import settings
from django.http import FileResponse, Http404, HttpResponse
from django.http.response import HttpResponseBase
from django.utils.cache import patch_cache_control

ACCEL = "x-accel-redirect"
SENDFILE = "x-sendfile"


def download_name(filename: str) -> str:
    """The name the browser saves the file under: the user's own name, without folders or control characters."""
    base = (filename or "").replace("\\", "/").rsplit("/", 1)[-1]
    clean = "".join(ch for ch in base if unicodedata.category(ch)[0] != "C").strip()
    return clean or "file"


def _ascii_fallback(name: str) -> str:
    """'Kế hoạch số 05.pdf' -> 'Ke hoach so 05.pdf', for the rare client that ignores filename*."""
    decomposed = unicodedata.normalize("NFD", name.replace("đ", "d").replace("Đ", "D"))
    ascii_only = "".join(ch for ch in decomposed if ord(ch) < 128 and not unicodedata.combining(ch))
    return ascii_only.replace("\\", "_").replace('"', "_") or "file"


def attachment_disposition(filename: str) -> str:
    """Content-Disposition for a download: an ASCII name, plus the exact name RFC 5987-encoded when it is not
    ASCII (every current browser uses the latter)."""
    name = download_name(filename)
    fallback = _ascii_fallback(name)
    if fallback == name:
        return f'attachment; filename="{name}"'
    return f"attachment; filename=\"{fallback}\"; filename*=utf-8''{quote(name, safe='')}"


def protected_file_response(
    *, request, field_file, filename: str, content_type: str = ""
) -> HttpResponseBase:
    """The download of `field_file` (a FieldFile) under the user's original `filename`; 404 when it is missing.

    The caller has checked access (`request` is part of the signature so that every view calls it the same way);
    the response is never kept by a shared cache.
    """
    if not field_file:
        raise Http404
    name = download_name(filename)
    content_type = content_type or mimetypes.guess_type(name)[0] or "application/octet-stream"
    mode = settings.PLANTRACK_SENDFILE
    if mode:
        if not field_file.storage.exists(field_file.name):
            raise Http404
        response = HttpResponse(content_type=content_type)
        if mode == ACCEL:
            prefix = "/" + settings.PLANTRACK_SENDFILE_PREFIX.strip("/") + "/"
            response["X-Accel-Redirect"] = quote(prefix + field_file.name)
        else:
            response["X-Sendfile"] = quote(field_file.path)
    else:
        try:
            handle = field_file.open("rb")
        except FileNotFoundError as exc:
            raise Http404 from exc
        response = FileResponse(handle, content_type=content_type)
    response["Content-Disposition"] = attachment_disposition(name)
    patch_cache_control(response, private=True)
    return response
