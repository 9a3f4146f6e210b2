"""pdf_signatures_verify on documents signed at run time by a certification authority made for the test."""

import asyncio
import datetime
import time
from io import BytesIO

import pytest
from asn1crypto import crl as asn1_crl
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.sign.validation.dss import DocumentSecurityStore

from organizations.models import TrustAnchor
from organizations.signatures import verification
from organizations.signatures.verification import DocumentStatus, Revocation, pdf_signatures_verify
from organizations.tests.signatures import pki
from organizations.tests.signatures.conftest import sign


def _replace_page_text(data: bytes, text: bytes) -> bytes:
    """`data` with an incremental update that rewrites the first page's content stream."""
    writer = IncrementalPdfFileWriter(BytesIO(data), strict=False)
    page_ref = writer.root["/Pages"]["/Kids"].raw_get(0).reference
    page = page_ref.get_object()
    contents_ref = page.raw_get("/Contents").reference
    writer.objects[(contents_ref.generation, contents_ref.idnum)] = generic.StreamObject(
        stream_data=b"BT /F1 14 Tf 72 760 Td (" + text + b") Tj ET"
    )
    out = BytesIO()
    writer.write(out)
    return out.getvalue()


def _with_crl(data: bytes, crl: bytes) -> bytes:
    """`data` with a revocation list added to its document security store (an incremental update)."""
    buffer = BytesIO(data)
    DocumentSecurityStore.add_dss(buffer, None, crls=[asn1_crl.CertificateList.load(crl)], strict=False)
    return buffer.getvalue()


def test_a_valid_signature_names_the_signer_from_the_certificate(authority, secretary):
    before = datetime.datetime.now(datetime.UTC).replace(microsecond=0)
    signed = sign(pki.simple_pdf(), secretary)

    report = pdf_signatures_verify(data=signed, trust_roots=[authority.pem])

    assert report.status == DocumentStatus.SIGNED and report.valid
    [signature] = report.signatures
    assert (signature.signer, signature.title, signature.organization) == (
        "Nguyễn Văn A",
        "Bí thư",
        "Chi bộ Sở Tư pháp",
    )
    assert before <= signature.signed_at <= datetime.datetime.now(datetime.UTC)
    assert signature.intact and signature.covers_whole_file
    assert signature.trusted and not signature.expired
    # No responder is named in the certificate: revocation could not be checked, which does not invalidate.
    assert signature.revocation == Revocation.UNKNOWN
    assert signature.valid
    assert signature.certificate_serial == format(secretary.certificate.serial_number, "x")


def test_one_byte_changed_after_signing_is_not_intact(authority, secretary):
    signed = sign(pki.simple_pdf("Bao cao so 05-BC/DUK"), secretary)
    position = signed.index(b"Bao cao so 05")
    tampered = signed[:position] + b"X" + signed[position + 1 :]
    assert len(tampered) == len(signed)

    [signature] = pdf_signatures_verify(data=tampered, trust_roots=[authority.pem]).signatures

    assert not signature.intact and not signature.valid
    assert signature.trusted  # the certificate is still the trusted one: only the content is wrong
    assert signature.signer == "Nguyễn Văn A"


def test_content_rewritten_in_a_later_update_is_not_intact(authority, secretary):
    signed = sign(pki.simple_pdf(), secretary)
    rewritten = _replace_page_text(signed, b"Forged")
    assert rewritten.startswith(signed)  # the signed bytes themselves are untouched

    [signature] = pdf_signatures_verify(data=rewritten, trust_roots=[authority.pem]).signatures

    assert not signature.intact and not signature.covers_whole_file and not signature.valid


def test_a_chain_through_a_subordinate_authority_is_trusted_from_the_root(authority):
    # Root → specialized CA → signer: the PKCS#12 file carries the middle certificate, the signature embeds it.
    subordinate = pki.make_subordinate(authority, "Test Specialized CA")
    holder = pki.issue(
        subordinate, common_name="Phạm Văn D", title="Phó Bí thư", organization="Đảng bộ Sở Tài chính"
    )
    signed = sign(pki.simple_pdf(), holder)

    [signature] = pdf_signatures_verify(data=signed, trust_roots=[authority.pem]).signatures

    assert signature.trusted and signature.valid
    assert signature.certificate_issuer == "CN=Test Specialized CA,O=Plantrack test PKI,C=VN"

    # Without the middle certificate nothing links the signer to the root (Plantrack fetches none).
    alone = pki.Holder(holder.key, holder.certificate, ())
    [unlinked] = pdf_signatures_verify(
        data=sign(pki.simple_pdf(), alone), trust_roots=[authority.pem]
    ).signatures
    assert not unlinked.trusted


def test_a_chain_to_another_authority_is_not_trusted(authority, secretary):
    signed = sign(pki.simple_pdf(), secretary)
    stranger = pki.make_authority("Some Other Root CA")

    [signature] = pdf_signatures_verify(data=signed, trust_roots=[stranger.pem]).signatures

    assert signature.intact and not signature.trusted and not signature.valid


def test_a_certificate_signed_by_a_non_ca_is_not_trusted(secretary):
    # A self-signed end-entity certificate installed by mistake as a "root": pyHanko refuses the chain.
    impostor_root = pki.make_authority("Not a CA", ca=False)
    holder = pki.issue(impostor_root, common_name="Nguyễn Văn B")
    signed = sign(pki.simple_pdf(), holder)

    [signature] = pdf_signatures_verify(data=signed, trust_roots=[impostor_root.pem]).signatures

    assert not signature.trusted and not signature.valid


def test_an_expired_certificate_is_reported_and_invalid(authority):
    now = datetime.datetime.now(datetime.UTC)
    holder = pki.issue(
        authority,
        common_name="Trần Thị B",
        not_before=now - datetime.timedelta(days=400),
        not_after=now - datetime.timedelta(days=1),
    )
    signed = sign(pki.simple_pdf(), holder)

    [signature] = pdf_signatures_verify(data=signed, trust_roots=[authority.pem]).signatures

    assert signature.expired and not signature.valid
    assert signature.intact and signature.trusted  # the chain is the right one; only the dates are wrong

    # Checked at a moment when the certificate was still valid, the same signature holds.
    [earlier] = pdf_signatures_verify(
        data=signed, trust_roots=[authority.pem], at=now - datetime.timedelta(days=2)
    ).signatures
    assert not earlier.expired and earlier.valid


def test_a_person_then_the_organization_both_valid(authority, secretary, cell):
    by_person = sign(pki.simple_pdf(), secretary, box=(330, 140, 560, 200))
    by_both = sign(by_person, cell)

    report = pdf_signatures_verify(data=by_both, trust_roots=[authority.pem])

    assert [s.signer for s in report.signatures] == ["Nguyễn Văn A", "Chi bộ Sở Tư pháp"]
    first, second = report.signatures
    # The first signature covers its own revision; what follows is only the second signature.
    assert first.intact and not first.covers_whole_file and first.valid
    assert second.intact and second.covers_whole_file and second.valid
    assert report.valid


def test_a_document_changed_between_two_signatures_invalidates_the_first_only(authority, secretary, cell):
    by_person = sign(pki.simple_pdf(), secretary, box=(330, 140, 560, 200))
    changed_then_sealed = sign(_replace_page_text(by_person, b"Forged"), cell)

    first, second = pdf_signatures_verify(data=changed_then_sealed, trust_roots=[authority.pem]).signatures

    assert not first.intact and not first.valid
    assert second.intact and second.valid
    assert not pdf_signatures_verify(data=changed_then_sealed, trust_roots=[authority.pem]).valid


def test_an_unsigned_pdf_is_a_state_not_an_error(authority):
    report = pdf_signatures_verify(data=pki.simple_pdf(), trust_roots=[authority.pem])

    assert report.status == DocumentStatus.UNSIGNED
    assert report.signatures == () and not report.valid


@pytest.mark.parametrize(
    ("data", "status"),
    [
        (b"PK\x03\x04 a zip archive, not a PDF", DocumentStatus.NOT_PDF),
        (b"", DocumentStatus.NOT_PDF),
        (b"%PDF-1.7\n1 0 obj << /Type /Catalog garbage", DocumentStatus.UNREADABLE),
    ],
)
def test_a_non_pdf_or_corrupt_file_gives_a_clear_result(authority, data, status):
    report = pdf_signatures_verify(data=data, trust_roots=[authority.pem])

    assert report.status == status and report.signatures == () and not report.valid
    assert report.problem


def test_a_signed_pdf_cut_short_gives_a_clear_result(authority, secretary):
    signed = sign(pki.simple_pdf(), secretary)

    report = pdf_signatures_verify(data=signed[: len(signed) // 2], trust_roots=[authority.pem])

    assert not report.valid
    assert report.status in (DocumentStatus.UNREADABLE, DocumentStatus.UNSIGNED, DocumentStatus.SIGNED)
    assert all(not signature.valid for signature in report.signatures)


def test_revocation_list_in_the_document_saying_not_revoked(authority, secretary):
    signed = _with_crl(sign(pki.simple_pdf(), secretary), pki.make_crl(authority))

    [signature] = pdf_signatures_verify(data=signed, trust_roots=[authority.pem]).signatures

    assert signature.revocation == Revocation.GOOD
    assert signature.intact and signature.valid  # adding validation data after signing is allowed


def test_revocation_list_in_the_document_saying_revoked(authority, secretary):
    crl = pki.make_crl(authority, revoked=(secretary.certificate,))
    signed = _with_crl(sign(pki.simple_pdf(), secretary), crl)

    [signature] = pdf_signatures_verify(data=signed, trust_roots=[authority.pem]).signatures

    assert signature.revocation == Revocation.REVOKED and signature.revoked
    assert not signature.valid


def test_an_unreachable_responder_leaves_revocation_unknown_without_waiting(authority):
    # Port 9 (discard) on loopback: nothing listens, the connection is refused at once.
    holder = pki.issue(authority, common_name="Lê Văn C", ocsp_url="http://127.0.0.1:9/ocsp")
    signed = sign(pki.simple_pdf(), holder)

    started = time.monotonic()
    [signature] = pdf_signatures_verify(data=signed, trust_roots=[authority.pem]).signatures

    assert time.monotonic() - started < verification.REVOCATION_BUDGET
    assert signature.revocation == Revocation.UNKNOWN
    assert signature.trusted and signature.valid


@pytest.mark.django_db
def test_by_default_the_active_trust_anchors_are_used(authority, secretary):
    signed = sign(pki.simple_pdf(), secretary)
    anchor = TrustAnchor.objects.create(name="Test root", certificate_pem=authority.pem.decode())

    assert pdf_signatures_verify(data=signed).signatures[0].trusted

    anchor.is_active = False
    anchor.save()
    assert not pdf_signatures_verify(data=signed).signatures[0].trusted


def test_it_can_be_called_from_a_running_event_loop(authority, secretary):
    signed = sign(pki.simple_pdf(), secretary)

    async def from_async_code():
        return pdf_signatures_verify(data=signed, trust_roots=[authority.pem])

    assert asyncio.run(from_async_code()).valid
