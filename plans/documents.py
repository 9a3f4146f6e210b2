"""Registering documents and their attached files.

Files reach this module already checked by organizations.uploads.validate_upload (content and size); they
are stored under a sanitized name, and the name the user gave is kept for display and download.
"""

from django.db import transaction

from organizations.uploads import safe_name

from . import symbols
from .models import Document, DocumentAttachment


def document_attach_files(*, document: Document, files, user) -> list[DocumentAttachment]:
    attachments = []
    for upload in files:
        attachment = DocumentAttachment(
            document=document, original_name=upload.name[:255], size=upload.size, uploaded_by=user
        )
        # FileField.save() names the file from upload_to (which needs document_id) and stores it.
        attachment.file.save(safe_name(upload.name), upload, save=False)
        attachment.save()
        attachments.append(attachment)
    return attachments


@transaction.atomic
def document_save(*, document: Document, files=(), user) -> Document:
    """Create or update `document` and attach `files`; the symbol is normalized by Document.save()."""
    if document.pk is None and document.created_by_id is None and user is not None:
        document.created_by = user
    document.save()
    document_attach_files(document=document, files=files, user=user)
    return document


def symbol_check(*, text: str, stated: str = "") -> dict:
    """What the symbol check partial shows: the normalized form, or why the text is not a symbol."""
    text = (text or "").strip()
    if not text:
        return {"empty": True}
    try:
        parsed = symbols.parse_symbol(text)
    except symbols.SymbolError as exc:
        return {"error": str(exc)}
    stated = stated if stated in symbols.TYPE_CODES else None
    return {
        "symbol": str(parsed),
        "changed": str(parsed) != text,
        "type": parsed.type,
        "type_name": symbols.TYPE_NAMES[parsed.type][0],
        "issuer": parsed.issuer,
        "warning": symbols.type_mismatch_warning(text, stated),
    }
