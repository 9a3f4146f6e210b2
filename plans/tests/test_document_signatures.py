"""A document's attached PDFs have their signatures checked as they are stored, and the document page shows
one line per signature. As the office staff who keep the register (owner), a grassroots secretary (member)
and another world's staff (outsider)."""

import datetime
import io
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from organizations.signatures.models import SignatureStatus
from organizations.tests.signatures import pki
from plans.documents import document_save
from plans.models import DocumentAttachment
from tests.signatures_support import install_signers, pdf_upload, signature_lines, signed, tampered

pytestmark = pytest.mark.django_db

HEAD = "Đã ký số: Nguyễn Văn A – Bí thư Chi bộ Sở Tư pháp – 05/01/2023 08:30"


@pytest.fixture(autouse=True)
def _today():
    moment = datetime.datetime(2023, 1, 5, 8, 30, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))
    with time_machine.travel(moment, tick=False):
        yield


def test_the_document_page_shows_each_files_signatures(client, world):
    signers = install_signers()
    document = world.plan.document  # 62-KH/ĐUK, issued by the committee on 05/01/2023
    files = [
        pdf_upload(signed(signers.secretary), "ky-so.pdf"),
        pdf_upload(tampered(signed(signers.secretary)), "da-sua.pdf"),
        pdf_upload(pki.simple_pdf(), "chua-ky.pdf"),
    ]
    document_save(document=document, files=files, user=world.staff)

    statuses = dict(DocumentAttachment.objects.values_list("original_name", "signature_status"))
    assert statuses == {
        "ky-so.pdf": SignatureStatus.VALID,
        "da-sua.pdf": SignatureStatus.INVALID,
        "chua-ky.pdf": SignatureStatus.UNSIGNED,
    }
    client.force_login(world.staff)
    response = client.get(reverse("document_detail", args=[document.pk]))
    assert response.status_code == 200
    valid, changed, unsigned = signature_lines(response.content.decode())
    assert valid == f"{HEAD} – hợp lệ, chưa kiểm tra được thu hồi"
    assert changed.startswith(f"{HEAD} – đã bị sửa sau khi ký")
    assert unsigned == "Không có chữ ký số"

    # The plan's secretaries read its document with the files' signatures (issue 17, item 14).
    client.force_login(world.secretary)
    assert signature_lines(client.get(reverse("document_detail", args=[document.pk])).content.decode())[
        2
    ] == ("Không có chữ ký số")
    client.force_login(world.outsider_staff)
    assert client.get(reverse("document_detail", args=[document.pk])).status_code == 404


def test_files_are_checked_again_once_the_authority_is_installed(world):
    from django.core.management import call_command

    from organizations.models import TrustAnchor

    signers = install_signers()
    TrustAnchor.objects.all().delete()  # the signer's authority is not installed yet
    document = world.plan.document  # 62-KH/ĐUK, issued by the committee on 05/01/2023
    document_save(document=document, files=[pdf_upload(signed(signers.secretary))], user=world.staff)
    attachment = DocumentAttachment.objects.get()
    assert attachment.signature_status == SignatureStatus.INVALID
    assert attachment.signature_report["signatures"][0]["trusted"] is False

    TrustAnchor.objects.create(name="Test root", certificate_pem=signers.trusted.pem.decode())
    out = io.StringIO()
    call_command("recheck_signatures", stdout=out)

    attachment.refresh_from_db()
    assert attachment.signature_status == SignatureStatus.VALID
    assert attachment.signature_report["signatures"][0]["trusted"] is True
    assert "1 file(s) checked (valid: 1)" in out.getvalue()


def test_the_trust_anchors_admin_checks_stored_files_again(admin_client, world):
    from organizations.models import TrustAnchor

    signers = install_signers()
    anchor = TrustAnchor.objects.get()
    anchor.is_active = False
    anchor.save()
    document = world.plan.document  # 62-KH/ĐUK, issued by the committee on 05/01/2023
    document_save(document=document, files=[pdf_upload(signed(signers.secretary))], user=world.staff)
    assert DocumentAttachment.objects.get().signature_status == SignatureStatus.INVALID
    TrustAnchor.objects.filter(pk=anchor.pk).update(is_active=True)

    response = admin_client.post(
        reverse("admin:organizations_trustanchor_changelist"),
        {"action": "recheck_stored_files", "_selected_action": [anchor.pk]},
        follow=True,
    )

    assert "Đang kiểm tra lại các tệp đã lưu" in response.content.decode()
    assert DocumentAttachment.objects.get().signature_status == SignatureStatus.VALID


def test_a_large_pdf_is_checked_after_the_request(world, monkeypatch, django_capture_on_commit_callbacks):
    from organizations.signatures import stored

    signers = install_signers()
    monkeypatch.setattr(stored, "INLINE_MAX_BYTES", 100)
    document = world.plan.document  # 62-KH/ĐUK, issued by the committee on 05/01/2023
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        document_save(document=document, files=[pdf_upload(signed(signers.secretary))], user=world.staff)
    assert DocumentAttachment.objects.get().signature_status == SignatureStatus.NOT_CHECKED

    for callback in callbacks:
        callback()  # the Celery task, run in the test's process

    assert DocumentAttachment.objects.get().signature_status == SignatureStatus.VALID
