"""Signed PDFs for the tests of the pages that show signatures: a certification authority installed as a trust
anchor, another that is not, and PDFs signed, tampered with or unsigned, all made at run time
(organizations/tests/signatures/pki.py builds the keys; nothing secret is kept)."""

import re
from dataclasses import dataclass

from django.core.files.uploadedfile import SimpleUploadedFile

from organizations.models import TrustAnchor
from organizations.signatures.signing import pdf_sign
from organizations.tests.signatures import pki

SIGNATURE_BOX = (330.0, 60.0, 560.0, 130.0)
TEXT = "Ke hoach so 05-KH/DU"


@dataclass(frozen=True)
class Signers:
    trusted: pki.Authority  # installed as a trust anchor
    untrusted: pki.Authority  # a real authority, but nobody installed it
    secretary: pki.Holder  # Nguyễn Văn A, Bí thư, Chi bộ Sở Tư pháp, issued by `trusted`
    stranger: pki.Holder  # the same names, issued by `untrusted`


def install_signers() -> Signers:
    """Two authorities and a signer under each; the first authority installed as a trust anchor."""
    trusted = pki.make_authority("Plantrack Test Root CA")
    untrusted = pki.make_authority("Unknown Root CA")
    TrustAnchor.objects.create(name="Test root", certificate_pem=trusted.pem.decode())
    names = {"common_name": "Nguyễn Văn A", "title": "Bí thư", "organization": "Chi bộ Sở Tư pháp"}
    return Signers(trusted, untrusted, pki.issue(trusted, **names), pki.issue(untrusted, **names))


def signed(holder: pki.Holder, data: bytes | None = None) -> bytes:
    return pdf_sign(
        data=data if data is not None else pki.simple_pdf(TEXT),
        pkcs12=holder.pkcs12(),
        password=pki.PASSWORD,
        box=SIGNATURE_BOX,
    )


def tampered(data: bytes) -> bytes:
    """`data` with one byte of its page's text changed, in place (the signature's byte range covers it)."""
    position = data.index(b"05-KH")
    return data[:position] + b"6" + data[position + 1 :]


def pdf_upload(data: bytes, name: str = "ke-hoach.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="application/pdf")


def signature_lines(html: str) -> list[str]:
    """Each line of the signature lists of a page (templates/partials/signatures.html), as a reader sees it:
    tags removed, the icon left out, white space collapsed."""
    lines = []
    for block in re.findall(r'<ul class="[^"]*\bsignatures\b[^"]*"[^>]*>(.*?)</ul>', html, flags=re.S):
        for item in re.findall(r"<li[^>]*>(.*?)</li>", block, flags=re.S):
            text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", item)).strip()
            lines.append(text.lstrip("✔⚠").strip())
    return lines
