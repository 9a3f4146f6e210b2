"""Checking the digital signatures of a PDF: who signed, when, and whether the signature still holds.

``pdf_signatures_verify(data=...)`` reads every signature with pyHanko and answers, for each one:

- ``intact``: the signed bytes are unchanged, and what was appended after the signature is only what later
  signing adds (another signature, form filling, validation data). Any other change means "changed after
  signing".
- ``trusted``: the signer's certificate chains to a trust anchor the administrator installed
  (``TrustAnchor``), or to the roots the caller passes.
- ``expired``: the signer's certificate is not valid at the moment of checking (now, or ``at``).
- ``revocation``: ``good`` when a responder (OCSP) or a revocation list (CRL), embedded in the document or
  fetched with a short timeout, says the certificate is not revoked; ``revoked``; or ``unknown`` when that
  could not be checked (no responder declared, none reachable, or checking at a past moment). Checking
  never waits on the network for long, and an unknown revocation state does not make a signature invalid.
- ``valid``: intact, trusted, not expired and not revoked.

A file that is not a PDF, or cannot be read, gives a report with that status, never an exception.
"""

import asyncio
import concurrent.futures
import datetime
import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from io import BytesIO

from asn1crypto import crl as asn1_crl
from asn1crypto import ocsp as asn1_ocsp
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from django.utils import timezone
from pyhanko.pdf_utils.decode_limits import DecodePurpose
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.ades.report import AdESIndeterminate
from pyhanko.sign.diff_analysis import ModificationLevel
from pyhanko.sign.validation import async_validate_pdf_signature
from pyhanko.sign.validation.dss import DocumentSecurityStore, NoDSSFoundError
from pyhanko.sign.validation.settings import KeyUsageConstraints
from pyhanko.sign.validation.status import SignatureCoverageLevel
from pyhanko_certvalidator import ValidationContext
from pyhanko_certvalidator.errors import InsufficientRevinfoError, RevokedError
from pyhanko_certvalidator.fetchers.aiohttp_fetchers import AIOHttpFetcherBackend
from pyhanko_certvalidator.policy_decl import REQUIRE_REVINFO, CertRevTrustPolicy
from pyhanko_certvalidator.validate import async_validate_path

from organizations.signatures import certificates

logger = logging.getLogger(__name__)

# Seconds one revocation request (OCSP, CRL) may take, and all of a signature's together.
REVOCATION_TIMEOUT = 3.0
REVOCATION_BUDGET = 8.0

# Either usage lets a certificate sign a document: a person's key usually has both, an organization's
# key (in place of the seal) sometimes only digitalSignature.
KEY_USAGE = KeyUsageConstraints(
    key_usage={"digital_signature", "non_repudiation"}, match_all_key_usages=False
)

# After a signature, a file may gain more signatures, form fields filled and validation data: nothing else.
ALLOWED_LATER_CHANGES = ModificationLevel.FORM_FILLING

# pyHanko's problem indications that still mean "a chain to a trust anchor was found": the certificate
# expired, or was revoked, which the report states on their own.
CHAIN_FOUND = {None, AdESIndeterminate.OUT_OF_BOUNDS_NO_POE, AdESIndeterminate.REVOKED_NO_POE}


class DocumentStatus(StrEnum):
    SIGNED = "signed"
    UNSIGNED = "unsigned"
    NOT_PDF = "not_pdf"
    UNREADABLE = "unreadable"


class Revocation(StrEnum):
    GOOD = "good"
    REVOKED = "revoked"
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class SignatureResult:
    """One signature of a document, as checked."""

    field_name: str
    signer: str  # the certificate subject's common name
    title: str  # its title (chức vụ), when the certificate carries one
    organization: str  # its organizational units and organization
    signed_at: datetime.datetime | None
    timestamped: bool  # signed_at comes from a trusted timestamp authority, not the signer's own clock
    intact: bool
    covers_whole_file: bool
    trusted: bool
    expired: bool
    revocation: Revocation
    certificate_subject: str = ""
    certificate_issuer: str = ""
    certificate_serial: str = ""
    certificate_not_after: datetime.datetime | None = None
    problem: str = ""  # what stopped the check, when the signature could not be read

    @property
    def revoked(self) -> bool:
        return self.revocation == Revocation.REVOKED

    @property
    def valid(self) -> bool:
        return self.intact and self.trusted and not self.expired and not self.revoked

    def as_dict(self) -> dict:
        """JSON-ready: times in ISO 8601, the verdict included."""
        return {
            "field": self.field_name,
            "signer": self.signer,
            "title": self.title,
            "organization": self.organization,
            "signed_at": self.signed_at.isoformat() if self.signed_at else None,
            "timestamped": self.timestamped,
            "intact": self.intact,
            "covers_whole_file": self.covers_whole_file,
            "trusted": self.trusted,
            "expired": self.expired,
            "revocation": str(self.revocation),
            "valid": self.valid,
            "certificate": {
                "subject": self.certificate_subject,
                "issuer": self.certificate_issuer,
                "serial": self.certificate_serial,
                "not_after": self.certificate_not_after.isoformat() if self.certificate_not_after else None,
            },
            "problem": self.problem,
        }


@dataclass(frozen=True)
class SignatureReport:
    """All the signatures of one document, in the order they were made."""

    status: DocumentStatus
    signatures: tuple[SignatureResult, ...] = field(default=())
    problem: str = ""  # why the file could not be read

    @property
    def valid(self) -> bool:
        """Signed, and every signature valid."""
        return bool(self.signatures) and all(signature.valid for signature in self.signatures)


def pdf_signatures_verify(
    *,
    data: bytes,
    trust_roots: Iterable[str | bytes | x509.Certificate] | None = None,
    at: datetime.datetime | None = None,
    revocation_timeout: float = REVOCATION_TIMEOUT,
    revocation_budget: float = REVOCATION_BUDGET,
) -> SignatureReport:
    """Check every signature of the PDF `data`.

    `trust_roots`: PEM (or DER) certificates, or certificate objects; by default the active
    ``TrustAnchor`` rows. `at`: check at that moment instead of now (then revocation is only read from the
    document, never fetched). `revocation_timeout`: seconds per revocation request; 0 fetches nothing.
    `revocation_budget`: seconds all of one signature's revocation requests may take together.
    """
    if b"%PDF-" not in data[:1024]:
        return SignatureReport(DocumentStatus.NOT_PDF, problem="no %PDF- header")
    try:
        reader = PdfFileReader(BytesIO(data), strict=False)
        embedded = list(reader.embedded_signatures)
    except Exception as error:  # pyHanko raises many kinds on a damaged file: none may reach the caller
        logger.info("unreadable PDF: %s", error)
        return SignatureReport(DocumentStatus.UNREADABLE, problem=f"{type(error).__name__}: {error}")
    if not embedded:
        return SignatureReport(DocumentStatus.UNSIGNED)

    roots = _asn1_roots(_trust_roots() if trust_roots is None else trust_roots)
    if at is not None and timezone.is_naive(at):
        at = timezone.make_aware(at)
    moment = at or timezone.now()
    fetch = at is None and revocation_timeout > 0
    revinfo = _document_revocation_info(reader)

    async def check_all() -> list[SignatureResult]:
        results = []
        for signature in embedded:
            try:
                results.append(
                    await _check(
                        signature,
                        roots=roots,
                        at=at,
                        moment=moment,
                        revinfo=revinfo,
                        fetch=fetch,
                        timeout=revocation_timeout,
                        budget=revocation_budget,
                    )
                )
            except Exception as error:  # a signature pyHanko cannot evaluate is reported, not raised
                logger.info("signature %s could not be checked: %s", signature.field_name, error)
                results.append(_unreadable_signature(signature, error))
        return results

    return SignatureReport(DocumentStatus.SIGNED, tuple(_run(check_all())))


def _run(coroutine):
    """Run pyHanko's asynchronous checks to the end, also when the caller already runs an event loop (an
    asynchronous view, a test client): then in a thread of its own."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(coroutine)
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


def _trust_roots() -> list[str]:
    from organizations.signatures.models import TrustAnchor

    return list(TrustAnchor.objects.filter(is_active=True).values_list("certificate_pem", flat=True))


def _asn1_roots(items: Iterable[str | bytes | x509.Certificate]) -> list[asn1_x509.Certificate]:
    """The roots as pyhanko-certvalidator takes them. A certificate that is not a certification authority's
    is left out, as the admin refuses it: certvalidator would otherwise trust what such a key signed."""
    return [
        asn1_x509.Certificate.load(certificate.public_bytes(serialization.Encoding.DER))
        for certificate in certificates.load_pem_certificates(items)
        if certificates.is_ca(certificate)
    ]


@dataclass(frozen=True)
class _RevocationInfo:
    certs: tuple = ()
    crls: tuple = ()
    ocsps: tuple = ()


def _document_revocation_info(reader: PdfFileReader) -> _RevocationInfo:
    """Certificates, CRLs and OCSP responses kept in the document's security store (PAdES LTV), if any."""
    try:
        dss = DocumentSecurityStore.read_dss(reader)
        return _RevocationInfo(
            certs=tuple(dss.load_certs()),
            crls=tuple(
                asn1_crl.CertificateList.load(ref.get_object().read_data(DecodePurpose.CRL))
                for ref in dss.crls
            ),
            ocsps=tuple(
                asn1_ocsp.OCSPResponse.load(ref.get_object().read_data(DecodePurpose.OCSP_RESPONSE))
                for ref in dss.ocsps
            ),
        )
    except NoDSSFoundError:
        return _RevocationInfo()
    except Exception as error:
        logger.info("unreadable document security store: %s", error)
        return _RevocationInfo()


def _context(*, roots, at, revinfo: _RevocationInfo, **kwargs) -> ValidationContext:
    return ValidationContext(
        trust_roots=roots,
        other_certs=list(revinfo.certs),
        crls=list(revinfo.crls),
        ocsps=list(revinfo.ocsps),
        moment=at,
        **kwargs,
    )


async def _check(
    signature, *, roots, at, moment, revinfo, fetch: bool, timeout: float, budget: float
) -> SignatureResult:
    # Trust and integrity: pyHanko, with no network at all (revocation is looked at separately below).
    context = _context(roots=roots, at=at, revinfo=revinfo, allow_fetching=False, revocation_mode="soft-fail")
    status = await async_validate_pdf_signature(signature, context, key_usage_settings=KEY_USAGE)

    covers_whole_file = status.coverage == SignatureCoverageLevel.ENTIRE_FILE
    later_changes_allowed = (
        status.coverage == SignatureCoverageLevel.ENTIRE_REVISION
        and status.modification_level is not None
        and status.modification_level <= ALLOWED_LATER_CHANGES
        and status.docmdp_ok is not False
    )
    intact = bool(status.intact and status.valid and (covers_whole_file or later_changes_allowed))
    trusted = status.validation_path is not None and status.trust_problem_indic in CHAIN_FOUND

    certificate = x509.load_der_x509_certificate(status.signing_cert.dump())
    expired = not (certificate.not_valid_before_utc <= moment <= certificate.not_valid_after_utc)

    if status.revoked:
        revocation = Revocation.REVOKED
    elif trusted and not expired:
        revocation = await _revocation(
            status.validation_path,
            roots=roots,
            at=at,
            revinfo=revinfo,
            fetch=fetch,
            timeout=timeout,
            budget=budget,
        )
    else:
        revocation = Revocation.UNKNOWN

    signed_at, timestamped = status.signer_reported_dt, False
    stamp = status.timestamp_validity
    if stamp is not None and stamp.intact and stamp.valid and stamp.trusted:
        signed_at, timestamped = stamp.timestamp, True
    return _result(
        signature.field_name,
        certificate,
        signed_at=signed_at,
        timestamped=timestamped,
        intact=intact,
        covers_whole_file=covers_whole_file and intact,
        trusted=trusted,
        expired=expired,
        revocation=revocation,
    )


async def _revocation(
    path, *, roots, at, revinfo, fetch: bool, timeout: float, budget: float = REVOCATION_BUDGET
) -> Revocation:
    """Ask for revocation information about every certificate of the chain: embedded in the document, or
    (when checking now) from the responders the certificates name, each request within `timeout` seconds."""
    backend = AIOHttpFetcherBackend(per_request_timeout=timeout) if fetch else None
    context = _context(
        roots=roots,
        at=at,
        revinfo=revinfo,
        allow_fetching=fetch,
        fetcher_backend=backend,
        revinfo_policy=CertRevTrustPolicy(REQUIRE_REVINFO),
    )
    try:
        await asyncio.wait_for(async_validate_path(context, path), timeout=budget)
    except RevokedError:
        return Revocation.REVOKED
    except (InsufficientRevinfoError, TimeoutError):
        return Revocation.UNKNOWN
    except Exception as error:
        logger.info("revocation could not be checked: %s", error)
        return Revocation.UNKNOWN
    finally:
        if backend is not None:
            await backend.close()
    return Revocation.GOOD


def _result(field_name: str, certificate: x509.Certificate | None, **values) -> SignatureResult:
    if certificate is None:
        return SignatureResult(field_name=field_name, signer="", title="", organization="", **values)
    names = certificates.subject_names(certificate.subject)
    return SignatureResult(
        field_name=field_name,
        signer=names.common_name,
        title=names.title,
        organization=names.organization,
        certificate_subject=certificates.subject_line(certificate),
        certificate_issuer=certificate.issuer.rfc4514_string(),
        certificate_serial=format(certificate.serial_number, "x"),
        certificate_not_after=certificate.not_valid_after_utc,
        **values,
    )


def _unreadable_signature(signature, error: Exception) -> SignatureResult:
    """A signature whose data pyHanko could not evaluate (damaged, or of a kind it does not support)."""
    try:
        certificate = x509.load_der_x509_certificate(signature.signer_cert.dump())
    except Exception:
        certificate = None
    try:
        signed_at = signature.self_reported_timestamp
    except Exception:
        signed_at = None
    return _result(
        signature.field_name,
        certificate,
        signed_at=signed_at,
        timestamped=False,
        intact=False,
        covers_whole_file=False,
        trusted=False,
        expired=False,
        revocation=Revocation.UNKNOWN,
        problem=f"{type(error).__name__}: {error}",
    )
