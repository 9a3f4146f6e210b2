"""Revocation asked of a responder that answers (docs/domain.md §8.4): a test OCSP responder on the loopback
interface, run by the test, says "good" or "revoked" for the certificate the signer's certificate names it
for; pdf_signatures_verify asks it and reports what it said."""

import datetime
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.x509 import ocsp

from organizations.signatures.verification import Revocation, pdf_signatures_verify
from organizations.tests.signatures import pki
from organizations.tests.signatures.conftest import sign


class Responder:
    """An OCSP responder for `authority`, answering for the certificates it knows: revoked if in `revoked`,
    good otherwise. It signs its answers with the authority's own key, as a small CA does."""

    def __init__(self, authority: pki.Authority):
        self.authority = authority
        self.known: dict[int, x509.Certificate] = {}
        self.revoked: set[int] = set()
        self.asked = 0

    def answer(self, body: bytes) -> bytes:
        self.asked += 1
        request = ocsp.load_der_ocsp_request(body)
        certificate = self.known[request.serial_number]
        now = datetime.datetime.now(datetime.UTC)
        revoked = request.serial_number in self.revoked
        builder = ocsp.OCSPResponseBuilder().add_response(
            cert=certificate,
            issuer=self.authority.certificate,
            algorithm=hashes.SHA1(),
            cert_status=ocsp.OCSPCertStatus.REVOKED if revoked else ocsp.OCSPCertStatus.GOOD,
            this_update=now - datetime.timedelta(minutes=5),
            next_update=now + datetime.timedelta(days=1),
            revocation_time=now - datetime.timedelta(hours=1) if revoked else None,
            revocation_reason=x509.ReasonFlags.key_compromise if revoked else None,
        )
        response = builder.responder_id(ocsp.OCSPResponderEncoding.HASH, self.authority.certificate).sign(
            self.authority.key, hashes.SHA256()
        )
        return response.public_bytes(serialization.Encoding.DER)


@pytest.fixture
def responder(authority):
    state = Responder(authority)

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            body = self.rfile.read(int(self.headers["Content-Length"]))
            data = state.answer(body)
            self.send_response(200)
            self.send_header("Content-Type", "application/ocsp-response")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args):  # quiet
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    state.url = f"http://127.0.0.1:{server.server_address[1]}/ocsp"
    yield state
    server.shutdown()
    server.server_close()


def _signed_by_holder_checked_by(responder, authority, *, revoked: bool):
    holder = pki.issue(authority, common_name="Lê Văn C", ocsp_url=responder.url)
    responder.known[holder.certificate.serial_number] = holder.certificate
    if revoked:
        responder.revoked.add(holder.certificate.serial_number)
    signed = sign(pki.simple_pdf(), holder)
    [signature] = pdf_signatures_verify(data=signed, trust_roots=[authority.pem]).signatures
    return signature


def test_a_responder_that_answers_good_makes_revocation_checked(authority, responder):
    signature = _signed_by_holder_checked_by(responder, authority, revoked=False)

    assert responder.asked >= 1
    assert signature.revocation == Revocation.GOOD and signature.valid


def test_a_responder_that_answers_revoked_invalidates_the_signature(authority, responder):
    signature = _signed_by_holder_checked_by(responder, authority, revoked=True)

    assert responder.asked >= 1
    assert signature.revocation == Revocation.REVOKED and signature.revoked
    assert signature.intact and signature.trusted and not signature.valid


def test_checking_at_a_past_moment_asks_no_responder(authority, responder):
    holder = pki.issue(authority, common_name="Lê Văn C", ocsp_url=responder.url)
    responder.known[holder.certificate.serial_number] = holder.certificate
    signed = sign(pki.simple_pdf(), holder)
    moment = datetime.datetime.now(datetime.UTC) - datetime.timedelta(days=1)

    [signature] = pdf_signatures_verify(data=signed, trust_roots=[authority.pem], at=moment).signatures

    assert responder.asked == 0 and signature.revocation == Revocation.UNKNOWN
