"""What a stored file keeps of its signature check (organizations.signatures.stored): the status word, the
results as JSON read back into the same lines, the reasons a requirement refuses it, and one check per upload."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from organizations.models import TrustAnchor
from organizations.signatures import display, stored
from organizations.signatures.models import SignatureStatus
from organizations.signatures.verification import pdf_signatures_verify
from organizations.tests.signatures import pki
from organizations.tests.signatures.conftest import sign

pytestmark = pytest.mark.django_db


@pytest.fixture
def installed(authority):
    return TrustAnchor.objects.create(name="Test root", certificate_pem=authority.pem.decode())


def test_a_valid_signature_read_back_gives_the_same_line(installed, secretary):
    data = sign(pki.simple_pdf(), secretary)

    check = stored.signature_check_data(data=data)

    assert check.status == SignatureStatus.VALID and check.valid and check.problems() == []
    [result] = pdf_signatures_verify(data=data).signatures
    with translation.override("vi"):
        [line] = stored.signature_lines(status=check.status, report=check.report)
        assert str(line) == display.signature_line(result)
        assert [badge.level for badge in line.states] == ["success", "secondary"]
    assert stored.stored_report(check.report).signatures[0] == result


def test_what_a_requirement_says_of_each_state(installed, authority, secretary):
    changed = sign(pki.simple_pdf("Bao cao so 05-BC/DUK"), secretary)
    position = changed.index(b"05-BC")
    changed = changed[:position] + b"6" + changed[position + 1 :]
    stranger = pki.issue(pki.make_authority("Other CA"), common_name="Trần Văn B")

    with translation.override("vi"):
        assert stored.signature_check_data(data=pki.simple_pdf()).problems() == ["không có chữ ký số"]
        assert stored.signature_check_data(data=changed).problems() == ["đã bị sửa sau khi ký"]
        untrusted = stored.signature_check_data(data=sign(pki.simple_pdf(), stranger))
        assert untrusted.status == SignatureStatus.INVALID
        assert untrusted.problems() == ["chứng thư không do tổ chức được tin cậy cấp"]
    assert stored.signature_check_data(data=b"PK\x03\x04 not a pdf") is stored.NOT_PDF
    assert stored.signature_lines(status=SignatureStatus.NOT_PDF, report={}) == []


def test_an_upload_is_checked_once_however_many_ask(installed, secretary, monkeypatch):
    calls = []
    original = stored.signature_check_data
    monkeypatch.setattr(stored, "signature_check_data", lambda **kw: calls.append(1) or original(**kw))
    upload = SimpleUploadedFile("a.pdf", sign(pki.simple_pdf(), secretary))

    first = stored.signature_check_upload(upload=upload)
    second = stored.signature_check_upload(upload=upload, force=True)

    assert first is second and first.valid and len(calls) == 1
    assert upload.read(5) == b"%PDF-"  # left at its start for the storage that copies it


def test_a_large_pdf_is_left_for_later_unless_a_requirement_needs_it_now(installed, secretary, monkeypatch):
    monkeypatch.setattr(stored, "INLINE_MAX_BYTES", 10)
    upload = SimpleUploadedFile("a.pdf", sign(pki.simple_pdf(), secretary))

    assert stored.signature_check_upload(upload=upload) is stored.NOT_CHECKED
    assert stored.signature_check_upload(upload=upload, force=True).valid
    with translation.override("vi"):
        [line] = stored.signature_lines(status=SignatureStatus.NOT_CHECKED, report={})
        assert str(line) == "Chưa kiểm tra chữ ký số" and line.icon == ""
