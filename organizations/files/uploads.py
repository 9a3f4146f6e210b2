"""Checking uploaded files by their content, not their name.

Accepted: PDF, DOCX, XLSX, JPEG, PNG. A file is accepted only when its bytes are of the type its name
claims; Office files carrying macros (vbaProject.bin) are refused. The size limit comes from settings.
"""

import zipfile
from dataclasses import dataclass

import filetype
from django.conf import settings
from django.core.exceptions import SuspiciousFileOperation, ValidationError
from django.utils.formats import number_format
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _


@dataclass(frozen=True)
class Kind:
    extension: str
    mime: str
    label: str


KINDS = {
    "pdf": Kind("pdf", "application/pdf", "PDF"),
    "docx": Kind(
        "docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "Word (DOCX)"
    ),
    "xlsx": Kind("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "Excel (XLSX)"),
    "jpg": Kind("jpg", "image/jpeg", "JPEG"),
    "jpeg": Kind("jpeg", "image/jpeg", "JPEG"),
    "png": Kind("png", "image/png", "PNG"),
}
ALLOWED_LABEL = "PDF, DOCX, XLSX, JPEG, PNG"


def max_upload_bytes() -> int:
    return settings.PLANTRACK_MAX_UPLOAD_MB * 1024 * 1024


def _office_kind(upload) -> str | None:
    """'docx' or 'xlsx' for a genuine OOXML package, None otherwise; raises for macro-enabled ones."""
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as package:
            names = set(package.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return None
    finally:
        upload.seek(0)
    if "[Content_Types].xml" not in names:
        return None
    if any(name.lower().endswith("vbaproject.bin") for name in names):
        raise ValidationError(
            _("“%(name)s” contains macros, which are not accepted.") % {"name": upload.name}
        )
    if "word/document.xml" in names:
        return "docx"
    if "xl/workbook.xml" in names:
        return "xlsx"
    return None


def sniff(upload) -> str | None:
    """The kind of the file by its bytes: one of KINDS' keys, or None."""
    upload.seek(0)
    head = upload.read(8192)
    upload.seek(0)
    if head.startswith(b"%PDF-"):
        return "pdf"
    guess = filetype.guess(head)
    if guess is not None and guess.extension in ("jpg", "png"):
        return guess.extension
    if head.startswith(b"PK\x03\x04"):
        return _office_kind(upload)
    return None


def validate_upload(upload) -> str:
    """Raise ValidationError with a message for the user unless `upload` is acceptable; return its kind."""
    limit = max_upload_bytes()
    if upload.size > limit:
        raise ValidationError(
            _("“%(name)s” is %(size)s MB; the limit is %(limit)d MB per file.")
            % {
                "name": upload.name,
                "size": number_format(upload.size / 1024 / 1024, 1),
                "limit": settings.PLANTRACK_MAX_UPLOAD_MB,
            }
        )
    if upload.size == 0:
        raise ValidationError(_("“%(name)s” is empty.") % {"name": upload.name})
    extension = upload.name.rsplit(".", 1)[-1].lower() if "." in upload.name else ""
    actual = sniff(upload)
    if actual is None:
        raise ValidationError(
            _("“%(name)s” is not a file of an accepted type (%(types)s).")
            % {"name": upload.name, "types": ALLOWED_LABEL}
        )
    claimed = KINDS.get(extension)
    if claimed is None or KINDS[actual].mime != claimed.mime:
        raise ValidationError(
            _(
                "“%(name)s” is named as %(claimed)s but its content is %(actual)s; rename it or choose the right file."
            )
            % {"name": upload.name, "claimed": extension.upper() or "?", "actual": KINDS[actual].label}
        )
    return actual


def safe_name(name: str) -> str:
    """A storage-safe version of a user's file name (the original is kept separately for display): no folder,
    only letters, digits, '-', '_' and '.', at most 150 characters with the extension kept."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    try:
        cleaned = get_valid_filename(base)
    except SuspiciousFileOperation:  # nothing usable left, or only "." / ".."
        return "file"
    if cleaned.startswith("."):  # no name left before the extension, or a hidden file's name
        cleaned = "file" + cleaned
    stem, dot, extension = cleaned.rpartition(".")
    if len(cleaned) > 150 and stem and len(extension) <= 10:
        return f"{stem[: 149 - len(extension)]}.{extension}"
    return cleaned[:150]
