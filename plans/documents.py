"""Registering documents and their attached files.

Files reach this module already checked by organizations.files.uploads.validate_upload (content and size); they
are stored under a sanitized name, and the name the user gave is kept for display and download. A PDF's
digital signatures are checked as it is stored (organizations.signatures.stored), the outcome kept on its row.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from organizations.files.stored import forget_unless_committed
from organizations.files.uploads import safe_name
from organizations.signatures.stored import signature_check_later, signature_check_upload, signature_record
from organizations.withdrawal.base import clean_reason, mark_withdrawn
from plans import symbols
from plans.models import Document, DocumentAttachment


def document_attach_files(*, document: Document, files, user) -> list[DocumentAttachment]:
    attachments = []
    for upload in files:
        attachment = DocumentAttachment(
            document=document, original_name=upload.name[:255], size=upload.size, uploaded_by=user
        )
        signature_record(instance=attachment, check=signature_check_upload(upload=upload))
        # FileField.save() names the file from upload_to (which needs document_id) and stores it.
        attachment.file.save(safe_name(upload.name), upload, save=False)
        attachment.save()
        forget_unless_committed(attachment.file)
        signature_check_later(instance=attachment)
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


def document_withdraw_blocker(*, document: Document) -> str:
    """Why `document` cannot be withdrawn, or "" if it can: a plan's own text, or a guidance that opened
    tasks, carries work that depends on it (withdraw or relink that work first)."""
    if document.is_withdrawn:
        return _("This document has already been withdrawn.")
    if hasattr(document, "plan"):
        return _("This document is the text of a plan; the plan's tasks and dues depend on it.")
    if document.triggered_tasks.exists():
        return _("This document is the guidance that opened tasks; their due dates depend on it.")
    return ""


@transaction.atomic
def document_withdraw(*, document: Document, user, reason: str, at=None) -> Document:
    """Withdraw `document` and its files: never deleted, kept with who withdrew it, when and why."""
    document = Document.objects.select_for_update().get(pk=document.pk)
    blocker = document_withdraw_blocker(document=document)
    if blocker:
        raise ValidationError(blocker)
    reason = clean_reason(reason)
    at = at or timezone.now()
    mark_withdrawn(document, user=user, reason=reason, at=at)
    for attachment in document.attachments.active():
        mark_withdrawn(attachment, user=user, reason=reason, at=at)
    return document


@transaction.atomic
def document_attachment_withdraw(*, attachment: DocumentAttachment, user, reason: str, at=None) -> None:
    """Withdraw one attached file (attached by mistake); the document stays."""
    attachment = DocumentAttachment.objects.select_for_update().get(pk=attachment.pk)
    if attachment.is_withdrawn:
        raise ValidationError(_("This file has already been withdrawn."))
    mark_withdrawn(attachment, user=user, reason=clean_reason(reason), at=at)


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
