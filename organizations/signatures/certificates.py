"""Reading X.509 certificates and PKCS#12 files (cryptography): what the admin checks before it stores one.

Every parsing failure becomes a ``ValidationError`` with a sentence for the administrator, so a model's
``clean()`` and ``save()`` can use these helpers as they are.
"""

import datetime
import hashlib
from collections.abc import Iterable
from dataclasses import dataclass

from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

PEM_CERTIFICATE_BEGIN = b"-----BEGIN CERTIFICATE-----"


@dataclass(frozen=True)
class SubjectNames:
    """The parts of a certificate subject that name a signer."""

    common_name: str
    title: str
    organization: str  # units first, then the organization: "Văn phòng, Sở Tư pháp"


def subject_names(name: x509.Name) -> SubjectNames:
    def values(oid) -> list[str]:
        return [str(attribute.value).strip() for attribute in name.get_attributes_for_oid(oid)]

    organization = [
        v for v in values(NameOID.ORGANIZATIONAL_UNIT_NAME) + values(NameOID.ORGANIZATION_NAME) if v
    ]
    return SubjectNames(
        common_name=", ".join(values(NameOID.COMMON_NAME)),
        title=", ".join(values(NameOID.TITLE)),
        organization=", ".join(organization),
    )


def subject_line(certificate: x509.Certificate) -> str:
    """A readable subject: the RFC 4514 string, which keeps Vietnamese letters as they are."""
    return certificate.subject.rfc4514_string({NameOID.TITLE: "title"})


def fingerprint(certificate: x509.Certificate) -> str:
    """SHA-256 of the DER encoding, in lower-case hexadecimal."""
    return hashlib.sha256(certificate.public_bytes(serialization.Encoding.DER)).hexdigest()


def not_after(certificate: x509.Certificate) -> datetime.datetime:
    return certificate.not_valid_after_utc


def is_ca(certificate: x509.Certificate) -> bool:
    try:
        constraints = certificate.extensions.get_extension_for_class(x509.BasicConstraints).value
    except x509.ExtensionNotFound:
        return False
    return constraints.ca


def load_ca_certificate(pem: str | bytes) -> x509.Certificate:
    """The one certificate in `pem`, which must be a certification authority's (basic constraints cA)."""
    raw = pem.encode("ascii", errors="replace") if isinstance(pem, str) else pem
    raw = raw.strip()
    if raw.count(PEM_CERTIFICATE_BEGIN) != 1:
        raise ValidationError(
            _(
                "Paste exactly one certificate in PEM form, from “-----BEGIN CERTIFICATE-----” to “-----END CERTIFICATE-----”."
            ),
            code="pem",
        )
    try:
        certificate = x509.load_pem_x509_certificate(raw)
    except ValueError as error:
        raise ValidationError(
            _("This is not a readable X.509 certificate (%(error)s).") % {"error": error}, code="x509"
        ) from error
    if not is_ca(certificate):
        raise ValidationError(
            _("This certificate is not a certification authority's: it cannot be a trust anchor."),
            code="not_ca",
        )
    return certificate


def load_pem_certificates(items: Iterable[str | bytes | x509.Certificate]) -> list[x509.Certificate]:
    """Certificates from PEM texts (each may hold several) or certificate objects; raises ValueError."""
    certificates = []
    for item in items:
        if isinstance(item, x509.Certificate):
            certificates.append(item)
            continue
        raw = item.encode("ascii", errors="replace") if isinstance(item, str) else item
        if PEM_CERTIFICATE_BEGIN in raw:
            certificates.extend(x509.load_pem_x509_certificates(raw))
        else:
            certificates.append(x509.load_der_x509_certificate(raw))
    return certificates


@dataclass(frozen=True)
class SigningKey:
    certificate: x509.Certificate
    chain: tuple[x509.Certificate, ...]


def load_signing_pkcs12(data: bytes, password: bytes) -> SigningKey:
    """The certificate and chain of a PKCS#12 file that holds a private key able to sign documents."""
    try:
        loaded = pkcs12.load_pkcs12(data, password or None)
    except ValueError as error:
        raise ValidationError(
            _(
                "This PKCS#12 file cannot be opened with the password in PLANTRACK_SIGNING_PASSWORD "
                "(wrong password, or not a PKCS#12 file)."
            ),
            code="pkcs12",
        ) from error
    if loaded.key is None or loaded.cert is None:
        raise ValidationError(
            _("This PKCS#12 file must hold both the private key and its certificate."), code="incomplete"
        )
    certificate = loaded.cert.certificate
    public = certificate.public_key().public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    private = loaded.key.public_key().public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    if public != private:
        raise ValidationError(
            _("The private key in this file does not belong to its certificate."), code="mismatch"
        )
    try:
        usage = certificate.extensions.get_extension_for_class(x509.KeyUsage).value
    except x509.ExtensionNotFound:
        usage = None
    if usage is not None and not (usage.digital_signature or usage.content_commitment):
        raise ValidationError(
            _("This certificate is not allowed to sign documents (key usage)."), code="usage"
        )
    return SigningKey(certificate, tuple(extra.certificate for extra in loaded.additional_certs))
