"""Issued reports leave signed: by the issuing organization's own key, stamped in the signature block of the
Party layout, or by a person's own token outside Plantrack, uploaded back and checked against the issued file.
As office staff (owner of the plan's reports), a grassroots secretary (member, owner of its organization's own report)
and another bloc's staff (outsider); certificates made at run time. And the workbooks' signature column."""

import datetime
import io
import re
import shutil
import subprocess

import pytest
import time_machine
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from organizations.models import OrganizationCertificate
from organizations.signatures.models import SignatureStatus
from organizations.signatures.verification import pdf_signatures_verify
from organizations.tests.signatures import pki
from organizations.tests.signatures.test_verification import _replace_page_text
from reports.models import Report
from reports.render.excel import HEADER_ROW
from tasks.models import Due
from tasks.submissions.services import due_submit, submission_review
from tests.require import require
from tests.signatures_support import install_signers, pdf_upload, signature_lines, signed
from tests.world import LOCAL, hand_in_the_dated_task, report_the_first_half

pytestmark = pytest.mark.django_db

COMMITTEE = "Đảng ủy Khối các cơ quan tỉnh"
NOW = datetime.datetime(2023, 12, 20, 9, 0, tzinfo=LOCAL)


@pytest.fixture
def states(world):
    """The world on 20/12/2023: the dated task handed in in every state, one first-half report accepted."""
    cache.clear()
    with time_machine.travel(NOW, tick=False):
        states = hand_in_the_dated_task(world)
        report_the_first_half(world, states)
        yield states


@pytest.fixture
def signers(states):
    return install_signers()


@pytest.fixture
def committee_key(world, signers, settings):
    """The committee's own key (in place of its seal), installed as the administrator does."""
    settings.PLANTRACK_SIGNING_PASSWORD = pki.PASSWORD.decode()
    holder = pki.issue(signers.trusted, common_name=COMMITTEE, organization=COMMITTEE)
    record = OrganizationCertificate(organization=world.committee)
    record.set_pkcs12(holder.pkcs12(), pki.PASSWORD)
    record.save()
    return holder


def ask(client, user, django_capture_on_commit_callbacks, **fields) -> Report:
    client.force_login(user)
    form = {"kind": "plan", "plan": fields.pop("plan"), "period": "2023", "format": "pdf", **fields}
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("report_list"), form)
    assert response.status_code == 302
    report = Report.objects.latest("pk")
    assert report.status == Report.Status.DONE, report.error
    return report


def downloaded(client, report: Report, name: str = "report_download") -> bytes:
    response = client.get(reverse(name, args=[report.pk]))
    assert response.status_code == 200
    return b"".join(response.streaming_content)


def words(data: bytes, page: int) -> list[tuple[str, float, float, float, float]]:
    """pdftotext's words of one page (from 1) with their boxes: (text, x1, top, x2, bottom), in points from
    the top-left corner."""
    found = shutil.which("pdftotext")
    require(found is not None, "poppler-utils' pdftotext is not installed (apt-get install poppler-utils)")
    html = subprocess.run(
        [found, "-bbox", "-f", str(page), "-l", str(page), "-", "-"],
        input=data,
        capture_output=True,
        check=True,
    ).stdout.decode()
    pattern = r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>'
    return [(w, float(a), float(b), float(c), float(d)) for a, b, c, d, w in re.findall(pattern, html)]


def stamp(data: bytes) -> tuple[int, tuple[float, float, float, float], float]:
    """(page index, the signature widget's rectangle, the page's height) of a signed PDF."""
    reader = PdfReader(io.BytesIO(data))
    for index, page in enumerate(reader.pages):
        for annot in page.get("/Annots", ()):
            widget = annot.get_object()
            if widget.get("/FT") == "/Sig":
                return index, tuple(float(v) for v in widget["/Rect"]), float(page.mediabox.height)
    raise AssertionError("no signature widget")


# --- signed by the committee's own key --------------------------------------------------------------------
def test_a_generated_report_is_signed_by_the_committee_in_its_signature_block(
    client, world, signers, committee_key, django_capture_on_commit_callbacks
):
    with time_machine.travel(NOW, tick=False):
        report = ask(client, world.staff, django_capture_on_commit_callbacks, plan=world.plan.pk)
        data = downloaded(client, report)
        verified = pdf_signatures_verify(data=data)

    assert verified.valid
    [signature] = verified.signatures
    assert (signature.signer, signature.intact, signature.trusted) == (COMMITTEE, True, True)
    assert report.signature_status == SignatureStatus.VALID

    # The stamp is on the page of the closing (annexes follow it), between the title and the signer's name.
    index, (x1, y1, x2, y2), height = stamp(data)
    top, bottom = height - y2, height - y1  # pdftotext measures from the top of the page
    page_words = words(data, index + 1)
    [title] = [w for w in page_words if w[0] == "THƯ" and w[1] > 300]  # "BÍ THƯ", the right column
    name = [w for w in page_words if w[0] == "Hòa"]  # "Nguyễn Đặng Thị Thu Hòa"
    authority = [w for w in page_words if w[0] == "T/M"]
    assert name and authority
    assert authority[0][2] < title[2] <= top + 1 < bottom <= name[0][2] + 1
    for word in (title, name[0], authority[0]):  # the block's lines are centred over the stamp
        assert x1 <= word[1] and word[3] <= x2
    assert x1 > 280  # the right half of the page, where the Party layout puts the signature

    client.force_login(world.staff)
    detail = client.get(reverse("report_detail", args=[report.pk])).content.decode()
    [line] = signature_lines(detail)
    assert line.startswith(f"Đã ký số: {COMMITTEE} – 20/12/2023 09:00 – hợp lệ")


def test_the_stamp_lies_within_the_signature_block_computed_from_the_layout(world, states):
    from django.utils import translation

    from plans.periods import period_year
    from reports.content.kinds import report_data
    from reports.render.pdf import report_document
    from reports.render.signature_block import signature_block

    with time_machine.travel(NOW, tick=False), translation.override("vi"):
        content = report_data(kind="plan", plan=world.plan, period=period_year(2023), today=NOW.date())
        document = report_document(content)
    block = signature_block(document)

    assert block is not None and block.page < len(document.pages) - 1  # annexes come after it
    bx1, by1, bx2, by2 = block.block
    sx1, sy1, sx2, sy2 = block.stamp
    assert bx1 < sx1 < sx2 < bx2 and by1 < sy1 < sy2 < by2
    assert sy2 - sy1 > 60  # the 25 mm left for the signature, less nothing in height


def test_without_a_key_the_report_is_issued_unsigned(
    client, world, states, django_capture_on_commit_callbacks
):
    with time_machine.travel(NOW, tick=False):
        report = ask(client, world.staff, django_capture_on_commit_callbacks, plan=world.plan.pk)

    assert report.signature_status == SignatureStatus.UNSIGNED
    assert pdf_signatures_verify(data=downloaded(client, report)).status == "unsigned"
    detail = client.get(reverse("report_detail", args=[report.pk])).content.decode()
    assert signature_lines(detail) == ["Không có chữ ký số"]
    assert "Ký bằng chữ ký số của người có thẩm quyền" in detail  # the staff may upload a signed copy


# --- signed outside Plantrack and uploaded back -----------------------------------------------------------
def upload_back(client, report, data: bytes):
    return client.post(reverse("report_signed_upload", args=[report.pk]), {"file": pdf_upload(data)})


def test_a_report_signed_with_a_token_comes_back_as_the_issued_file(
    client, world, signers, django_capture_on_commit_callbacks
):
    with time_machine.travel(NOW, tick=False):
        report = ask(client, world.staff, django_capture_on_commit_callbacks, plan=world.plan.pk)
        issued = downloaded(client, report)
        by_token = signed(signers.secretary, issued)
        response = upload_back(client, report, by_token)

    assert response.status_code == 302
    assert response["Location"] == reverse("report_detail", args=[report.pk])
    report.refresh_from_db()
    assert report.signature_status == SignatureStatus.VALID and report.signed_uploaded_by == world.staff
    assert downloaded(client, report) == by_token
    assert downloaded(client, report, "report_download_original") == issued
    detail = client.get(reverse("report_detail", args=[report.pk])).content.decode()
    assert "Đã kiểm tra báo cáo đã ký số" in detail
    assert signature_lines(detail) == [
        "Đã ký số: Nguyễn Văn A – Bí thư Chi bộ Sở Tư pháp – 20/12/2023 09:00 – hợp lệ, chưa kiểm tra được thu hồi"
    ]


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
def test_a_copy_that_is_not_the_issued_report_validly_signed_is_refused(
    client, world, signers, django_capture_on_commit_callbacks, change, message
):
    with time_machine.travel(NOW, tick=False):
        report = ask(client, world.staff, django_capture_on_commit_callbacks, plan=world.plan.pk)
        issued = downloaded(client, report)
        response = upload_back(client, report, change(issued, signers))

    assert response.status_code == 400
    assert message in response.content.decode()
    report.refresh_from_db()
    assert not report.original_file and downloaded(client, report) == issued


def test_who_may_upload_a_signed_copy(client, world, signers, django_capture_on_commit_callbacks):
    with time_machine.travel(NOW, tick=False):
        plan_report = ask(client, world.staff, django_capture_on_commit_callbacks, plan=world.plan.pk)
        issued = downloaded(client, plan_report)
        own_report = ask(
            client,
            world.secretary,
            django_capture_on_commit_callbacks,
            plan=world.plan.pk,
            kind="organization",
            organization=world.org.pk,
        )
        own_issued = downloaded(client, own_report)

        # The plan's report: a grassroots secretary and another bloc's staff do not even see it.
        for user in (world.secretary, world.outsider_staff):
            client.force_login(user)
            assert upload_back(client, plan_report, signed(signers.secretary, issued)).status_code == 404
        # Sở Tài chính's own report: its secretary signs it; the Board above sees it, and does not sign it.
        client.force_login(world.board)
        page = client.get(reverse("report_detail", args=[own_report.pk])).content.decode()
        assert "Ký bằng chữ ký số" not in page
        assert upload_back(client, own_report, signed(signers.secretary, own_issued)).status_code == 403
        client.force_login(world.outsider_staff)
        assert upload_back(client, own_report, signed(signers.secretary, own_issued)).status_code == 404
        client.force_login(world.secretary)
        assert upload_back(client, own_report, signed(signers.secretary, own_issued)).status_code == 302

    plan_report.refresh_from_db()
    own_report.refresh_from_db()
    assert not plan_report.original_file
    assert own_report.signed_uploaded_by == world.secretary


def test_a_file_that_is_not_a_pdf_is_refused_in_words(
    client, world, states, django_capture_on_commit_callbacks
):
    with time_machine.travel(NOW, tick=False):
        report = ask(client, world.staff, django_capture_on_commit_callbacks, plan=world.plan.pk)
        fake = SimpleUploadedFile("bao-cao.pdf", b"MZ" + b"\x00" * 300, content_type="application/pdf")
        response = client.post(reverse("report_signed_upload", args=[report.pk]), {"file": fake})
    assert response.status_code == 400
    assert "không thuộc loại tệp được chấp nhận" in response.content.decode()


# --- the workbooks' column ------------------------------------------------------------------------------
def test_the_workbooks_say_whether_a_version_was_validly_signed(
    client, world, signers, django_capture_on_commit_callbacks
):
    annual = Due.objects.get(plan=world.plan, kind=Due.Kind.REPORT, organization=world.org, period="2023")
    with time_machine.travel(datetime.datetime(2023, 12, 14, 9, 0, tzinfo=LOCAL), tick=False):
        submission = due_submit(
            due=annual,
            user=world.secretary,
            text="Kèm kế hoạch",
            files=[pdf_upload(signed(signers.secretary))],
        )
        submission_review(submission=submission, reviewer=world.staff, decision="accepted")

    with time_machine.travel(NOW, tick=False):
        plan_report = ask(
            client, world.staff, django_capture_on_commit_callbacks, plan=world.plan.pk, format="xlsx"
        )
        own = ask(
            client,
            world.secretary,
            django_capture_on_commit_callbacks,
            plan=world.plan.pk,
            kind="organization",
            organization=world.org.pk,
            format="xlsx",
        )
        client.force_login(world.staff)
        accepted = load_workbook(io.BytesIO(downloaded(client, plan_report)))["Đã tiếp nhận"]
        client.force_login(world.secretary)
        dues = load_workbook(io.BytesIO(downloaded(client, own)))["Nhiệm vụ của tổ chức"]

    header = [cell.value for cell in accepted[HEADER_ROW]]  # under the sheet's title block
    column = header.index("Chữ ký số")
    signatures = {
        row[5].value or row[2].value: row[column].value for row in accepted.iter_rows(min_row=HEADER_ROW + 1)
    }
    assert "Chữ ký số hợp lệ" in signatures.values()
    assert signatures.get("05-KH/CB") is None  # accepted without any file

    header = [cell.value for cell in dues[HEADER_ROW]]
    assert header[-1] == "Chữ ký số"
    values = [row[-1].value for row in dues.iter_rows(min_row=HEADER_ROW + 1)]
    assert values.count("Chữ ký số hợp lệ") == 1
    assert own.signature_status == SignatureStatus.NOT_PDF
