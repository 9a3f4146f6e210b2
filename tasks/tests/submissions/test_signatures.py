"""Digital signatures of submitted PDFs, through the web pages: checked when stored, one line per signature on
the submission (review) page and the due page, and refused with the reason for a task that requires a signed
PDF. As the office staff who review (owner), the organization's secretary (member) and an outsider."""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from organizations.signatures.models import SignatureStatus
from organizations.tests.signatures import pki
from organizations.tests.signatures.test_verification import _with_crl
from tasks.models import Due, Submission, SubmissionFile
from tests.signatures_support import install_signers, pdf_upload, signature_lines, signed, tampered
from tests.uploads import docx_bytes, upload

pytestmark = pytest.mark.django_db

HCM = ZoneInfo("Asia/Ho_Chi_Minh")
HEAD = "Đã ký số: Nguyễn Văn A – Bí thư Chi bộ Sở Tư pháp – 20/02/2023 10:00"


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(datetime.datetime(2023, 2, 20, 10, 0, tzinfo=HCM), tick=False):
        yield


@pytest.fixture
def signers(db):
    return install_signers()


def submit(client, world, *files, text="Kế hoạch đã ban hành", user=None):
    client.force_login(user or world.secretary)
    data = {"work_status": Submission.WorkStatus.DONE, "text": text, "files": list(files)}
    return client.post(reverse("due_submit", args=[world.due.pk]), data)


def pages(client, world) -> dict[str, list[str]]:
    """The signature lines of the review page (as the office staff) and of the due page (as the secretary)."""
    submission = Submission.objects.get(due=world.due)
    client.force_login(world.staff)
    review = client.get(reverse("submission_detail", args=[submission.pk]))
    assert review.status_code == 200 and "Xem xét lần nộp này" in review.content.decode()
    client.force_login(world.secretary)
    due = client.get(reverse("due_detail", args=[world.due.pk]))
    assert due.status_code == 200
    return {"review": signature_lines(review.content.decode()), "due": signature_lines(due.content.decode())}


def test_a_validly_signed_pdf_shows_the_signer_and_valid(client, world, signers):
    # A revocation list in the document: revocation is checked, the line ends with "hợp lệ" alone.
    data = _with_crl(signed(signers.secretary), pki.make_crl(signers.trusted))
    assert submit(client, world, pdf_upload(data)).status_code == 302

    stored = SubmissionFile.objects.get()
    assert stored.signature_status == SignatureStatus.VALID and stored.signature_checked_at is not None
    [result] = stored.signature_report["signatures"]
    assert (result["signer"], result["intact"], result["trusted"], result["revocation"]) == (
        "Nguyễn Văn A",
        True,
        True,
        "good",
    )
    assert pages(client, world) == {"review": [f"{HEAD} – hợp lệ"], "due": [f"{HEAD} – hợp lệ"]}


def test_revocation_that_could_not_be_checked_is_said(client, world, signers):
    submit(client, world, pdf_upload(signed(signers.secretary)))

    lines = pages(client, world)
    assert lines["review"] == [f"{HEAD} – hợp lệ, chưa kiểm tra được thu hồi"]
    assert SubmissionFile.objects.get().signature_status == SignatureStatus.VALID


def test_one_byte_changed_after_signing_is_shown_as_changed(client, world, signers):
    submit(client, world, pdf_upload(tampered(signed(signers.secretary))))

    assert SubmissionFile.objects.get().signature_status == SignatureStatus.INVALID
    [line] = pages(client, world)["review"]
    assert line.startswith(HEAD) and "đã bị sửa sau khi ký" in line and "hợp lệ," not in line


def test_a_chain_to_an_authority_nobody_installed_is_untrusted(client, world, signers):
    submit(client, world, pdf_upload(signed(signers.stranger)))

    assert SubmissionFile.objects.get().signature_status == SignatureStatus.INVALID
    lines = pages(client, world)
    assert lines["review"] == lines["due"]
    [line] = lines["review"]
    assert line.startswith(f"{HEAD} – chứng thư không do tổ chức được tin cậy cấp")


def test_an_expired_certificate_is_said(client, world, signers):
    now = datetime.datetime(2023, 2, 20, 3, 0, tzinfo=datetime.UTC)
    expired = pki.issue(
        signers.trusted,
        common_name="Nguyễn Văn A",
        title="Bí thư",
        organization="Chi bộ Sở Tư pháp",
        not_before=now - datetime.timedelta(days=400),
        not_after=now - datetime.timedelta(days=1),
    )
    with time_machine.travel(now - datetime.timedelta(days=10), tick=False):
        data = signed(expired)
    submit(client, world, pdf_upload(data))

    [line] = pages(client, world)["review"]
    assert "chứng thư đã hết hạn" in line


def test_an_unsigned_pdf_says_so_and_other_files_say_nothing(client, world, signers):
    submit(client, world, pdf_upload(pki.simple_pdf()), upload("phu-luc.docx", docx_bytes(), "application/x"))

    statuses = dict(SubmissionFile.objects.values_list("original_name", "signature_status"))
    assert statuses == {"ke-hoach.pdf": SignatureStatus.UNSIGNED, "phu-luc.docx": SignatureStatus.NOT_PDF}
    assert pages(client, world) == {"review": ["Không có chữ ký số"], "due": ["Không có chữ ký số"]}


def test_an_outsider_sees_nothing_of_it(client, world, signers):
    submit(client, world, pdf_upload(signed(signers.secretary)))
    submission = Submission.objects.get()

    client.force_login(world.outsider_secretary)
    assert client.get(reverse("submission_detail", args=[submission.pk])).status_code == 404
    assert client.get(reverse("due_detail", args=[world.due.pk])).status_code == 404


# --- a task that requires a signed PDF ---------------------------------------------------------------------
@pytest.fixture
def requiring(world):
    world.dated.requires_signed_pdf = True
    world.dated.save(update_fields=["requires_signed_pdf"])
    return world


def test_the_due_page_says_a_signed_pdf_is_required(client, requiring):
    client.force_login(requiring.secretary)
    html = client.get(reverse("due_detail", args=[requiring.due.pk])).content.decode()
    assert "Yêu cầu: tệp PDF có chữ ký số hợp lệ" in html


def test_an_unsigned_pdf_is_refused_with_the_reason_and_nothing_typed_is_lost(client, requiring, signers):
    response = submit(client, requiring, pdf_upload(pki.simple_pdf()), text="Kế hoạch số 05-KH/ĐU")

    assert response.status_code == 200
    html = response.content.decode()
    assert "“ke-hoach.pdf”: không có chữ ký số. Mục này yêu cầu tệp PDF có chữ ký số hợp lệ." in html
    assert "Kế hoạch số 05-KH/ĐU" in html  # the text typed is still in the form
    assert not Submission.objects.exists() and not SubmissionFile.objects.exists()
    assert Due.objects.get(pk=requiring.due.pk).state == Due.State.OPEN


@pytest.mark.parametrize(
    ("make", "reason"),
    [
        (lambda s: tampered(signed(s.secretary)), "đã bị sửa sau khi ký"),
        (lambda s: signed(s.stranger), "chứng thư không do tổ chức được tin cậy cấp"),
    ],
)
def test_an_invalid_signature_is_refused_with_the_reason(client, requiring, signers, make, reason):
    html = submit(client, requiring, pdf_upload(make(signers))).content.decode()

    assert f"“ke-hoach.pdf”: {reason}. Mục này yêu cầu tệp PDF có chữ ký số hợp lệ." in html
    assert not Submission.objects.exists()


def test_text_alone_is_refused_for_such_a_task(client, requiring, signers):
    html = submit(client, requiring).content.decode()

    assert "Mục này yêu cầu tệp PDF có chữ ký số hợp lệ: hãy đính kèm tệp PDF đã ký số." in html
    assert not Submission.objects.exists()


def test_a_validly_signed_pdf_is_accepted_with_annexes(client, requiring, signers):
    response = submit(
        client,
        requiring,
        pdf_upload(signed(signers.secretary)),
        upload("phu-luc.docx", docx_bytes(), "application/x"),
    )

    assert response.status_code == 302
    assert Due.objects.get(pk=requiring.due.pk).state == Due.State.SUBMITTED
    assert SubmissionFile.objects.filter(signature_status=SignatureStatus.VALID).count() == 1


def test_the_service_refuses_too(requiring, signers):
    """Whatever page hands files in (the period report shares its files among dues), the service checks."""
    from django.core.exceptions import ValidationError

    from tasks.submissions.services import due_submit

    with pytest.raises(ValidationError) as refused:
        due_submit(due=requiring.due, user=requiring.secretary, files=[pdf_upload(pki.simple_pdf())])
    assert "không có chữ ký số" in " ".join(refused.value.messages)
    assert not Submission.objects.exists()


def test_the_office_sets_the_requirement_on_the_task_edit_page(client, world):
    from tasks.tests.planning.test_plan_page import _post_data

    url = reverse("task_edit", args=[world.plan.pk, world.dated.pk])
    client.force_login(world.staff)
    page = client.get(url)
    assert "Yêu cầu tệp PDF có chữ ký số" in page.content.decode()
    response = client.post(url, _post_data(page, requires_signed_pdf="on"))
    assert response.status_code == 302
    world.dated.refresh_from_db()
    assert world.dated.requires_signed_pdf

    for user in (world.secretary, world.outsider_staff, world.outsider_secretary):
        client.force_login(user)
        assert client.get(url).status_code == 404
        assert client.post(url, {"requires_signed_pdf": ""}).status_code == 404
    world.dated.refresh_from_db()
    assert world.dated.requires_signed_pdf


# --- a plan whose periodic reports require a signed PDF ----------------------------------------------------
def _annual_report(world) -> Due:
    return Due.objects.get(plan=world.plan, organization=world.org, kind=Due.Kind.REPORT, period="2023")


def _report_post(client, world, due, *files):
    from tasks.tests.submissions.test_report_form import lines

    client.force_login(world.secretary)
    data = lines(world, state="done") | {"action": "submit", "files": list(files)}
    return client.post(reverse("report_form", args=[due.pk]), data)


def test_the_office_sets_the_periodic_reports_requirement_on_the_plan_page(client, world):
    url = reverse("plan_signature_requirement", args=[world.plan.pk])
    client.force_login(world.staff)
    assert (
        'id="reports-require-signed-pdf"'
        in client.get(reverse("plan_detail", args=[world.plan.pk])).content.decode()
    )

    response = client.post(url, {"reports_require_signed_pdf": "on"})

    assert response.status_code == 302 and response["Location"] == reverse(
        "plan_detail", args=[world.plan.pk]
    )
    world.plan.refresh_from_db()
    assert world.plan.reports_require_signed_pdf
    page = client.get(reverse("plan_detail", args=[world.plan.pk])).content.decode()
    assert 'id="reports-require-signed-pdf" checked' in page
    assert _annual_report(world).requires_signed_pdf and not world.due.requires_signed_pdf  # reports only
    for user in (world.secretary, world.outsider_staff, world.outsider_secretary):
        client.force_login(user)
        assert client.post(url, {}).status_code == 404
    world.plan.refresh_from_db()
    assert world.plan.reports_require_signed_pdf
    client.force_login(world.secretary)
    assert (
        "reports-require-signed-pdf"
        not in client.get(reverse("plan_detail", args=[world.plan.pk])).content.decode()
    )
    client.force_login(world.staff)
    client.post(url, {})
    world.plan.refresh_from_db()
    assert not world.plan.reports_require_signed_pdf


def test_a_periodic_report_without_a_valid_signature_is_refused_with_the_reason(client, world, signers):
    world.plan.reports_require_signed_pdf = True
    world.plan.save(update_fields=["reports_require_signed_pdf"])
    due = _annual_report(world)
    client.force_login(world.secretary)
    assert (
        "Yêu cầu: tệp PDF có chữ ký số hợp lệ"
        in client.get(reverse("due_detail", args=[due.pk])).content.decode()
    )

    for data, reason in (
        (pki.simple_pdf(), "không có chữ ký số"),
        (tampered(signed(signers.secretary)), "đã bị sửa sau khi ký"),
    ):
        response = _report_post(client, world, due, pdf_upload(data, "bao-cao.pdf"))
        assert response.status_code == 200
        assert (
            f"“bao-cao.pdf”: {reason}. Mục này yêu cầu tệp PDF có chữ ký số hợp lệ."
            in response.content.decode()
        )
        assert not Submission.objects.filter(due=due).exists()

    assert (
        _report_post(client, world, due, pdf_upload(signed(signers.secretary), "bao-cao.pdf")).status_code
        == 302
    )
    due.refresh_from_db()
    assert due.state == Due.State.SUBMITTED
    assert SubmissionFile.objects.get(submission__due=due).signature_status == SignatureStatus.VALID


def test_without_the_plans_requirement_an_unsigned_report_is_taken(client, world, signers):
    due = _annual_report(world)
    assert _report_post(client, world, due, pdf_upload(pki.simple_pdf(), "bao-cao.pdf")).status_code == 302
    assert SubmissionFile.objects.get(submission__due=due).signature_status == SignatureStatus.UNSIGNED
