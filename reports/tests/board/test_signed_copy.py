"""An issued report signed outside Plantrack with a person's own token and uploaded back (reports/board/
signed_copy.py, docs/domain.md §8.4): accepted when it is the issued PDF with valid signatures added, then the
version's PDF (shown with its signature, handed in, attached in the register); refused with the reason
otherwise. As the committee's office staff (owner), a grassroots secretary (member, owner of her own report)
and another bloc's staff (outsider); certificates made at run time."""

import hashlib

import pytest
import time_machine
from django.core.cache import cache
from django.urls import reverse

from organizations.signatures.models import SignatureStatus
from organizations.signatures.verification import pdf_signatures_verify
from organizations.tests.signatures.test_verification import _replace_page_text
from reports.board.issuing import board_report_issue
from reports.tests.test_reports_signing import stamp, words
from tests.board_reports_support import NOW, committee_report, own_report, report_2023, speaker
from tests.signatures_support import install_signers, pdf_upload, signature_lines, signed

pytestmark = pytest.mark.django_db

SIGNER = "Đã ký số: Nguyễn Văn A – Bí thư Chi bộ Sở Tư pháp – 20/12/2023 09:00"


@pytest.fixture
def states(world):
    cache.clear()
    with time_machine.travel(NOW, tick=False):
        yield report_2023(world)


@pytest.fixture
def signers(states):
    return install_signers()


def issued_pdf(client, report, version: int = 1) -> bytes:
    response = client.get(reverse("board_version_file", args=[report.pk, version, "pdf"]))
    assert response.status_code == 200
    return b"".join(response.streaming_content)


def upload_back(client, report, data: bytes, version: int = 1):
    return client.post(
        reverse("board_version_signed", args=[report.pk, version]), {"file": pdf_upload(data, "bao-cao.pdf")}
    )


def test_the_committee_report_signed_with_a_token_becomes_the_issued_pdf(client, world, signers):
    report = committee_report(world)
    version = board_report_issue(report=report, user=world.staff)
    assert version.signature_status == SignatureStatus.UNSIGNED  # no organization key installed
    client.force_login(world.staff)
    edit = reverse("board_report_edit", args=[report.pk])
    page = client.get(edit).content.decode()
    assert signature_lines(page) == ["Không có chữ ký số"]
    assert "Ký phiên bản 1 bằng chữ ký số của người có thẩm quyền" in page

    issued = issued_pdf(client, report)
    by_token = signed(signers.secretary, issued)
    response = upload_back(client, report, by_token)

    assert response.status_code == 302 and response["Location"] == edit
    version.refresh_from_db()
    assert issued_pdf(client, report) == by_token
    assert version.pdf_sha256 == hashlib.sha256(by_token).hexdigest()
    with version.original_pdf.open("rb") as handle:
        assert handle.read() == issued
    assert (version.signature_status, version.signed_uploaded_by) == (SignatureStatus.VALID, world.staff)
    [line] = signature_lines(client.get(edit).content.decode())
    assert line == f"{SIGNER} – hợp lệ, chưa kiểm tra được thu hồi"
    # The register keeps the PDF as issued and the signed one beside it.
    report.refresh_from_db()
    attachments = report.document.attachments.order_by("pk")
    assert [a.signature_status for a in attachments] == [SignatureStatus.UNSIGNED, SignatureStatus.VALID]
    assert pdf_signatures_verify(data=attachments.last().file.read()).valid


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            lambda issued, s: signed(s.secretary, _replace_page_text(issued, b"Forged")),
            "nội dung khác với tệp hệ thống đã phát hành",
        ),
        (lambda issued, s: signed(s.stranger, issued), "chứng thư không do tổ chức được tin cậy cấp"),
        (lambda issued, s: issued, "nội dung khác với tệp hệ thống đã phát hành"),
    ],
    ids=["changed", "untrusted", "not-signed"],
)
def test_a_copy_that_is_not_the_issued_pdf_validly_signed_is_refused(client, world, signers, change, message):
    report = committee_report(world)
    board_report_issue(report=report, user=world.staff)
    client.force_login(world.staff)
    issued = issued_pdf(client, report)

    response = upload_back(client, report, change(issued, signers))

    assert response.status_code == 400
    assert message in response.content.decode()
    version = report.versions.get()
    assert not version.original_pdf and version.signature_status == SignatureStatus.UNSIGNED
    assert issued_pdf(client, report) == issued
    report.refresh_from_db()
    assert report.document.attachments.count() == 1


def test_the_secretary_signs_her_own_report_then_hands_the_signed_pdf_in(client, world, signers):
    report = own_report(world, world.sibling_org)
    board_report_issue(report=report, user=world.sibling)
    client.force_login(world.sibling)
    by_token = signed(signers.secretary, issued_pdf(client, report))
    assert upload_back(client, report, by_token).status_code == 302

    assert client.post(reverse("board_report_hand_in", args=[report.pk, 1])).status_code == 302
    version = report.versions.get()
    handed_in = version.submission.files.get()
    assert handed_in.sha256 == hashlib.sha256(by_token).hexdigest()
    assert handed_in.signature_status == SignatureStatus.VALID
    # What was handed in stays what the office received.
    again = upload_back(client, report, signed(signers.secretary, by_token))
    assert again.status_code == 400 and "đã được nộp" in again.content.decode()
    assert "Ký phiên bản 1" not in client.get(reverse("board_report_edit", args=[report.pk])).content.decode()


def test_only_the_reports_owners_upload_a_signed_copy(client, world, signers):
    report = committee_report(world)
    board_report_issue(report=report, user=world.staff)
    own = own_report(world, world.cell)
    board_report_issue(report=own, user=speaker(world.cell))
    client.force_login(world.staff)
    issued = issued_pdf(client, report)

    for user, target in (
        (world.secretary, report),  # a grassroots secretary: not the committee's report
        (world.outsider_staff, report),  # another bloc's office
        (world.staff, own),  # the office does not sign a cell's own report
    ):
        client.force_login(user)
        assert upload_back(client, target, signed(signers.secretary, issued)).status_code == 404
    assert not report.versions.get().original_pdf and not own.versions.get().original_pdf


def test_issued_with_the_committees_key_then_signed_by_the_secretary_both_signatures_hold(
    client, world, signers, settings
):
    from organizations.models import OrganizationCertificate
    from organizations.tests.signatures import pki

    settings.PLANTRACK_SIGNING_PASSWORD = pki.PASSWORD.decode()
    holder = pki.issue(signers.trusted, common_name="Đảng ủy Khối", organization="Đảng ủy Khối")
    record = OrganizationCertificate(organization=world.committee)
    record.set_pkcs12(holder.pkcs12(), pki.PASSWORD)
    record.save()
    report = committee_report(world)
    version = board_report_issue(report=report, user=world.staff)
    assert version.signature_status == SignatureStatus.VALID  # checked as it was issued
    # The committee's stamp sits in the signature block: under "BÍ THƯ", over the signer's name, right column.
    issued = version.pdf.read()
    index, (x1, y1, x2, y2), height = stamp(issued)
    page_words = words(issued, index + 1)
    [title] = [w for w in page_words if w[0] == "THƯ" and w[1] > 300]
    [name] = [w for w in page_words if w[0] == "Hòa"]  # "Nguyễn Đặng Thị Thu Hòa"
    assert title[4] <= height - y2 + 1 and height - y1 <= name[2] + 1
    assert x1 <= title[1] and title[3] <= x2 and x1 <= name[1] and name[3] <= x2 and x1 > 280
    client.force_login(world.staff)

    assert (
        upload_back(client, report, signed(signers.secretary, issued_pdf(client, report))).status_code == 302
    )

    version.refresh_from_db()
    assert [s["signer"] for s in version.signature_report["signatures"]] == ["Đảng ủy Khối", "Nguyễn Văn A"]
    assert version.signature_status == SignatureStatus.VALID
    lines = signature_lines(client.get(reverse("board_report_edit", args=[report.pk])).content.decode())
    assert [line.split(" – ")[0] for line in lines] == ["Đã ký số: Đảng ủy Khối", "Đã ký số: Nguyễn Văn A"]
