"""Checking a file's signatures as it is stored, and reading the outcome back for the pages.

Every PDF that enters Plantrack (a submitted file, a document's attachment, an issued report) is checked by
the service that stores it, with `signature_check_upload` or `signature_check_data`; `signature_record`
puts the outcome on the file's row (``SignatureChecked``): a status word and, as JSON, one
``SignatureResult.as_dict()`` per signature. `signature_lines` reads it back as lines in the reader's
language, when the page is shown.

Inside a request no revocation responder may hold the page: each request to one gets
REQUEST_REVOCATION_TIMEOUT seconds, all of a signature's together REQUEST_REVOCATION_BUDGET, and the line then
says revocation could not be checked. A PDF over INLINE_MAX_BYTES is stored "not checked yet" and checked by
a Celery task once the row is committed (`signature_check_later`). `stored_files_recheck` checks stored
files again, for instance once the administrator has installed a trust anchor (manage.py
recheck_signatures, or the action of the trust anchors' admin page).
"""

import datetime
import logging
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from django.apps import apps
from django.db import transaction
from django.utils import timezone
from django.utils.text import capfirst

from organizations.signatures import display
from organizations.signatures.models import SignatureChecked, SignatureStatus
from organizations.signatures.verification import (
    REVOCATION_BUDGET,
    REVOCATION_TIMEOUT,
    DocumentStatus,
    Revocation,
    SignatureReport,
    SignatureResult,
)

logger = logging.getLogger(__name__)

REQUEST_REVOCATION_TIMEOUT = 1.0
REQUEST_REVOCATION_BUDGET = 2.0
INLINE_MAX_BYTES = 8 * 1024 * 1024
PDF_HEADER = b"%PDF-"
_CACHE = "_plantrack_signature_check"  # an upload's check, kept on it: a form and a service share one


@dataclass(frozen=True)
class SignatureCheck:
    status: str  # SignatureStatus
    report: dict
    checked_at: datetime.datetime | None

    @property
    def valid(self) -> bool:
        return self.status == SignatureStatus.VALID

    @property
    def fields(self) -> dict:
        """The values of a ``SignatureChecked`` row's columns."""
        return {
            "signature_status": self.status,
            "signature_report": self.report,
            "signature_checked_at": self.checked_at,
        }

    def problems(self) -> list[str]:
        """Why this file is not a validly signed PDF, in the reader's language (nothing when it is)."""
        if self.status == SignatureStatus.UNSIGNED:
            return [str(display.UNSIGNED)]
        if self.status == SignatureStatus.NOT_PDF:
            return [str(SignatureStatus.NOT_PDF.label).lower()]
        if self.status == SignatureStatus.NOT_CHECKED:
            return [str(SignatureStatus.NOT_CHECKED.label).lower()]
        if self.status != SignatureStatus.INVALID:
            return []
        report = stored_report(self.report)
        if report.status != DocumentStatus.SIGNED:
            return [str(display.UNREADABLE)]
        found = []
        for result in report.signatures:
            if not result.valid:
                found += [state for state in display.signature_states(result) if state not in _NOT_PROBLEMS]
        return list(dict.fromkeys(found))


_NOT_PROBLEMS = {str(display.VALID), str(display.REVOCATION_UNKNOWN)}
NOT_PDF = SignatureCheck(SignatureStatus.NOT_PDF, {}, None)
NOT_CHECKED = SignatureCheck(SignatureStatus.NOT_CHECKED, {}, None)


def _check(report: SignatureReport) -> SignatureCheck:
    if report.status == DocumentStatus.UNSIGNED:
        status = SignatureStatus.UNSIGNED
    elif report.status == DocumentStatus.NOT_PDF:
        status = SignatureStatus.NOT_PDF
    else:
        status = SignatureStatus.VALID if report.valid else SignatureStatus.INVALID
    data = {
        "status": str(report.status),
        "problem": report.problem,
        "signatures": [result.as_dict() for result in report.signatures],
    }
    return SignatureCheck(status, data, timezone.now())


def signature_check_data(*, data: bytes, in_request: bool = True) -> SignatureCheck:
    """Check the signatures of `data` against the installed trust anchors. In a request, revocation
    responders get a second at most (see the module's docstring)."""
    from organizations.signatures.verification import pdf_signatures_verify

    if PDF_HEADER not in data[:1024]:
        return NOT_PDF
    timing = (
        {"revocation_timeout": REQUEST_REVOCATION_TIMEOUT, "revocation_budget": REQUEST_REVOCATION_BUDGET}
        if in_request
        else {"revocation_timeout": REVOCATION_TIMEOUT, "revocation_budget": REVOCATION_BUDGET}
    )
    return _check(pdf_signatures_verify(data=data, **timing))


def signature_check_upload(*, upload, force: bool = False) -> SignatureCheck:
    """The check of an uploaded file, made once and kept on the upload. A PDF over INLINE_MAX_BYTES is
    left "not checked yet" for a Celery task, unless `force` (a due that requires a signed PDF)."""
    cached = getattr(upload, _CACHE, None)
    if cached is not None:
        return cached
    upload.seek(0)
    head = upload.read(1024)
    upload.seek(0)
    if PDF_HEADER not in head:
        check = NOT_PDF
    elif upload.size > INLINE_MAX_BYTES and not force:
        return NOT_CHECKED
    else:
        data = upload.read()
        upload.seek(0)
        check = signature_check_data(data=data)
    setattr(upload, _CACHE, check)
    return check


def signature_record(*, instance: SignatureChecked, check: SignatureCheck) -> None:
    """Put `check` on `instance` (not saved)."""
    for name, value in check.fields.items():
        setattr(instance, name, value)


def signature_check_later(*, instance: SignatureChecked) -> None:
    """Check `instance`'s file in a Celery task once the transaction commits, if it was left unchecked."""
    if instance.signature_status != SignatureStatus.NOT_CHECKED:
        return
    label, pk = instance._meta.label, instance.pk

    def queue():
        from organizations.tasks import recheck_file_signatures

        try:
            recheck_file_signatures.delay(label, pk)
        except Exception:  # the broker is down: manage.py recheck_signatures checks it later
            logger.exception("signature check of %s %s could not be queued", label, pk)

    transaction.on_commit(queue)


def stored_file_recheck(*, instance: SignatureChecked, in_request: bool = False) -> SignatureCheck:
    """Check the file stored on `instance` again, and save the outcome."""
    field_file = getattr(instance, instance.SIGNED_FILE_FIELD)
    if not field_file:
        return NOT_CHECKED
    with field_file.open("rb") as handle:
        data = handle.read()
    check = signature_check_data(data=data, in_request=in_request)
    signature_record(instance=instance, check=check)
    type(instance).objects.filter(pk=instance.pk).update(**check.fields)
    return check


def signature_checked_models() -> list[type[SignatureChecked]]:
    return [model for model in apps.get_models() if issubclass(model, SignatureChecked)]


RECHECKED_BY_DEFAULT = (SignatureStatus.NOT_CHECKED, SignatureStatus.INVALID)


def stored_files_recheck(*, statuses: Iterable[str] = RECHECKED_BY_DEFAULT) -> Counter:
    """Check again the stored files whose status is one of `statuses`, in every model that keeps one;
    returns how many files ended in each status. Files are read one at a time."""
    outcome = Counter()
    for model in signature_checked_models():
        rows = model._base_manager.filter(signature_status__in=list(statuses)).order_by("pk")
        for instance in rows.iterator(chunk_size=200):
            try:
                outcome[stored_file_recheck(instance=instance).status] += 1
            except OSError as error:  # a file missing from storage: said, not fatal for the others
                logger.warning("%s %s: %s", model._meta.label, instance.pk, error)
                outcome["missing"] += 1
    return outcome


# --- reading back ---------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Badge:
    text: str
    level: str  # a Bootstrap colour: success, danger, warning, secondary


@dataclass(frozen=True)
class SignatureLine:
    """ "Digitally signed: <signer> – <role> – <time>" (`text`, empty for a file without signature), then
    its states as badges."""

    text: str
    states: tuple[Badge, ...]
    valid: bool

    @property
    def icon(self) -> str:
        """✔ for a valid signature, ⚠ for anything wrong, nothing for a file not checked yet."""
        if self.valid:
            return "✔"
        return "⚠" if self.text or self.states[0].level != "secondary" else ""

    def __str__(self) -> str:
        states = ", ".join(badge.text for badge in self.states)
        return f"{self.text} – {states}" if self.text else capfirst(states)


def _moment(value: str | None) -> datetime.datetime | None:
    return datetime.datetime.fromisoformat(value) if value else None


def _result(data: dict) -> SignatureResult:
    certificate = data.get("certificate") or {}
    return SignatureResult(
        field_name=data.get("field", ""),
        signer=data.get("signer", ""),
        title=data.get("title", ""),
        organization=data.get("organization", ""),
        signed_at=_moment(data.get("signed_at")),
        timestamped=bool(data.get("timestamped")),
        intact=bool(data.get("intact")),
        covers_whole_file=bool(data.get("covers_whole_file")),
        trusted=bool(data.get("trusted")),
        expired=bool(data.get("expired")),
        revocation=Revocation(data.get("revocation", Revocation.UNKNOWN)),
        certificate_subject=certificate.get("subject", ""),
        certificate_issuer=certificate.get("issuer", ""),
        certificate_serial=certificate.get("serial", ""),
        certificate_not_after=_moment(certificate.get("not_after")),
        problem=data.get("problem", ""),
    )


def stored_report(report: dict) -> SignatureReport:
    """The ``SignatureReport`` a row's JSON was made from."""
    return SignatureReport(
        DocumentStatus(report.get("status", DocumentStatus.UNREADABLE)),
        tuple(_result(item) for item in report.get("signatures", ())),
        report.get("problem", ""),
    )


def _badges(result: SignatureResult) -> tuple[Badge, ...]:
    levels = {
        str(display.VALID): "success",
        str(display.CHANGED): "danger",
        str(display.REVOKED): "danger",
        str(display.UNTRUSTED): "warning",
        str(display.EXPIRED): "warning",
        str(display.REVOCATION_UNKNOWN): "secondary",
    }
    return tuple(Badge(state, levels.get(state, "warning")) for state in display.signature_states(result))


def signature_lines(*, status: str, report: dict) -> list[SignatureLine]:
    """A stored check in words: one line per signature; one badge for a PDF without signature, one that
    could not be read or one not checked yet; nothing for a file that is not a PDF."""
    if status == SignatureStatus.NOT_PDF:
        return []
    if status == SignatureStatus.NOT_CHECKED:
        return [SignatureLine("", (Badge(str(SignatureStatus.NOT_CHECKED.label), "secondary"),), False)]
    if status == SignatureStatus.UNSIGNED:
        return [SignatureLine("", (Badge(capfirst(str(display.UNSIGNED)), "warning"),), False)]
    parsed = stored_report(report)
    if parsed.status != DocumentStatus.SIGNED:
        return [SignatureLine("", (Badge(capfirst(str(display.UNREADABLE)), "danger"),), False)]
    return [
        SignatureLine(
            display.signature_line_head(result),
            _badges(result),
            result.valid,
        )
        for result in parsed.signatures
    ]
