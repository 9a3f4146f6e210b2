"""Submitting for a due through the web form: who may, what is stored, errors, resubmission, size limits."""

import datetime
import os
import re
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from tasks.models import Due, Notification, Review, Submission, SubmissionFile
from tasks.submissions.services import submission_review
from tests.factories import submit_due
from tests.uploads import pdf, pdf_bytes, upload

pytestmark = pytest.mark.django_db

HCM = ZoneInfo("Asia/Ho_Chi_Minh")


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(datetime.datetime(2023, 2, 20, 10, 0, tzinfo=HCM), tick=False):
        yield


def submit(client, user, due, **data):
    client.force_login(user)
    data.setdefault("work_status", Submission.WorkStatus.DONE)
    return client.post(reverse("due_submit", args=[due.pk]), data)


def stored_files(settings) -> list[str]:
    root = settings.MEDIA_ROOT
    return (
        [os.path.join(d, f) for d, _dirs, files in os.walk(root) for f in files]
        if os.path.exists(root)
        else []
    )


# --- who may submit -------------------------------------------------------------------------------------


def test_the_secretary_submits_text_and_a_pdf(client, world):
    response = submit(client, world.secretary, world.due, text="Đã ban hành kế hoạch", files=[pdf()])
    assert response.status_code == 302
    assert response.url == reverse("due_detail", args=[world.due.pk])
    submission = Submission.objects.get(due=world.due)
    assert (submission.version, submission.text, submission.submitted_by) == (
        1,
        "Đã ban hành kế hoạch",
        world.secretary,
    )
    assert submission.work_status == Submission.WorkStatus.DONE
    assert Due.objects.get(pk=world.due.pk).state == Due.State.SUBMITTED
    (stored,) = submission.files.all()
    assert stored.original_name == "ke-hoach.pdf"
    assert stored.content_type == "application/pdf"
    page = client.get(response.url).content.decode()
    assert "Đã nộp: lần nộp 1 đã được gửi Văn phòng cấp ủy xem xét." in page


@pytest.mark.parametrize("role", ["clerk", "deputy"])
def test_clerks_and_deputies_speak_for_the_organization(client, world, role):
    response = submit(client, getattr(world, role), world.due, text="Văn thư nộp thay")
    assert response.status_code == 302
    assert Submission.objects.get(due=world.due).submitted_by == getattr(world, role)


def test_the_form_page_is_shown_to_the_secretary(client, world):
    client.force_login(world.secretary)
    response = client.get(reverse("due_submit", args=[world.due.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="files"' in html and "multiple" in html
    assert 'accept=".pdf,.docx,.xlsx,.jpg,.jpeg,.png"' in html
    assert "data-confirm=" in html
    assert "05-KH/ĐU" in html  # the document-number help text


def test_a_sibling_secretary_gets_404(client, world):
    client.force_login(world.sibling)
    assert client.get(reverse("due_submit", args=[world.due.pk])).status_code == 404
    assert submit(client, world.sibling, world.due, text="x").status_code == 404
    assert not Submission.objects.exists()


def test_an_outsider_gets_404(client, world):
    assert submit(client, world.outsider_secretary, world.due, text="x").status_code == 404
    assert not Submission.objects.exists()


def test_office_staff_may_see_but_not_submit(client, world):
    assert submit(client, world.staff, world.due, text="x").status_code == 403
    assert not Submission.objects.exists()


def test_anonymous_is_sent_to_log_in(client, world):
    for response in (
        client.get(reverse("due_submit", args=[world.due.pk])),
        client.post(reverse("due_submit", args=[world.due.pk]), {"text": "x"}),
    ):
        assert response.status_code == 302
        assert response.url.startswith(reverse("login"))
    assert not Submission.objects.exists()


def test_the_csrf_check_still_applies(world):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    strict.force_login(world.secretary)
    response = strict.post(reverse("due_submit", args=[world.due.pk]), {"text": "x", "work_status": "done"})
    assert response.status_code == 403
    assert not Submission.objects.exists()


# --- errors ---------------------------------------------------------------------------------------------


def test_neither_text_nor_file_is_refused(client, world):
    response = submit(client, world.secretary, world.due, text="   ")
    assert response.status_code == 200
    assert "Nhập nội dung hoặc đính kèm ít nhất một tệp." in response.content.decode()
    assert not Submission.objects.exists()


def test_what_was_typed_is_kept_on_error(client, world):
    response = submit(
        client,
        world.secretary,
        world.due,
        text="Nội dung dài đã soạn kỹ",
        document_symbol="05-KH/ĐU",
        files=[upload("virus.pdf", b"MZ\x90\x00" + b"\x00" * 100)],
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Nội dung dài đã soạn kỹ</textarea>" in html
    assert 'value="05-KH/ĐU"' in html
    (done_radio,) = re.findall(r'<input[^>]*name="work_status"[^>]*value="done"[^>]*>', html)
    assert "checked" in done_radio
    assert "hãy chọn lại tệp trước khi gửi" in html
    assert "virus.pdf" in html
    assert not Submission.objects.exists()


def test_script_in_the_text_is_stored_as_typed_and_shown_escaped(client, world):
    script = "<script>alert('x')</script> & <b>đậm</b>"
    submit(client, world.secretary, world.due, text=script)
    assert Submission.objects.get(due=world.due).text == script
    html = client.get(reverse("due_detail", args=[world.due.pk])).content.decode()
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &amp; &lt;b&gt;đậm&lt;/b&gt;" in html


def test_submitting_twice_while_waiting_for_review_adds_nothing(client, world):
    submit(client, world.secretary, world.due, text="v1")
    response = submit(client, world.secretary, world.due, text="v2")
    assert response.status_code == 302
    assert Submission.objects.filter(due=world.due).count() == 1
    page = client.get(response.url).content.decode()
    assert "Mục này đã được nộp; chỉ có thể nộp lại khi bị trả lại." in page
    assert 'name="work_status"' not in page


def test_an_accepted_due_cannot_be_submitted_again(client, world):
    submission = submit_due(world.due, world.secretary, text="v1")
    submission_review(submission=submission, reviewer=world.staff, decision=Review.Decision.ACCEPTED)
    assert submit(client, world.secretary, world.due, text="v2").status_code == 302
    assert Submission.objects.filter(due=world.due).count() == 1


# --- resubmission ---------------------------------------------------------------------------------------


def test_resubmission_after_a_return_keeps_every_version(client, world):
    submit(client, world.secretary, world.due, text="Bản 1", files=[pdf("ban-1.pdf")])
    first = Submission.objects.get(due=world.due)
    submission_review(
        submission=first, reviewer=world.staff, decision=Review.Decision.RETURNED, reason="Thiếu chữ ký"
    )
    page = client.get(reverse("due_detail", args=[world.due.pk])).content.decode()
    assert "Thiếu chữ ký" in page and ">Nộp lại</button>" in page

    response = submit(client, world.secretary, world.due, text="Bản 2", files=[pdf("ban-2.pdf")])
    assert response.status_code == 302
    versions = list(Submission.objects.filter(due=world.due).order_by("version"))
    assert [(v.version, v.text) for v in versions] == [(1, "Bản 1"), (2, "Bản 2")]
    assert [f.original_name for v in versions for f in v.files.all()] == ["ban-1.pdf", "ban-2.pdf"]
    assert versions[0].review.reason == "Thiếu chữ ký"
    assert Due.objects.get(pk=world.due.pk).state == Due.State.SUBMITTED
    page = client.get(response.url).content.decode()
    assert "Đã nộp lại: lần nộp 2" in page
    assert "Bản 1" in page and "Bản 2" in page and "Thiếu chữ ký" in page


# --- files ----------------------------------------------------------------------------------------------


def test_several_files_at_once(client, world):
    from tests.uploads import docx_bytes, png_bytes

    files = [
        pdf("ke-hoach.pdf"),
        upload("bien-ban.docx", docx_bytes(), "application/octet-stream"),
        upload("anh.png", png_bytes(), "image/png"),
    ]
    assert submit(client, world.secretary, world.due, files=files).status_code == 302
    stored = SubmissionFile.objects.filter(submission__due=world.due).order_by("pk")
    assert [(f.original_name, f.content_type) for f in stored] == [
        ("ke-hoach.pdf", "application/pdf"),
        ("bien-ban.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        ("anh.png", "image/png"),
    ]


def test_a_file_is_stored_under_a_safe_name_and_keeps_its_own(client, world, settings):
    name = "Kế hoạch <số 05> & phụ lục.pdf"
    submit(client, world.secretary, world.due, files=[pdf(name)])
    stored = SubmissionFile.objects.get(submission__due=world.due)
    assert stored.original_name == name
    base = os.path.basename(stored.file.name)
    assert base == "Kế_hoạch_số_05__phụ_lục.pdf"
    assert stored.file.path.startswith(str(settings.MEDIA_ROOT))
    page = client.get(reverse("due_detail", args=[world.due.pk])).content.decode()
    assert "Kế hoạch &lt;số 05&gt; &amp; phụ lục.pdf" in page


def test_a_request_over_the_total_limit_is_refused_with_a_message(client, world, settings):
    """A huge upload is refused before it is written anywhere, with the form and what was typed."""
    settings.PLANTRACK_MAX_UPLOAD_MB = 1  # 1 MB per file, 6 MB for the whole request
    big = upload("ho-so-scan.pdf", pdf_bytes() + b"\x00" * (7 * 1024 * 1024))
    response = submit(client, world.secretary, world.due, text="Nội dung giữ lại", files=[big])
    assert response.status_code == 413
    html = response.content.decode()
    assert "Tổng dung lượng các tệp là 7 MB; mỗi lần nộp tối đa 6 MB" in html
    assert "Nội dung giữ lại</textarea>" in html
    assert not Submission.objects.exists()
    assert stored_files(settings) == []


def test_the_upload_limit_is_checked_per_file(client, world, settings):
    settings.PLANTRACK_MAX_UPLOAD_MB = 1
    big = upload("bao-cao.pdf", pdf_bytes() + b"\x00" * (1024 * 1024 + 10))
    response = submit(client, world.secretary, world.due, text="x", files=[big])
    assert response.status_code == 200
    assert "bao-cao.pdf" in response.content.decode()
    assert "“bao-cao.pdf” nặng 1,0 MB; mỗi tệp tối đa 1 MB." in response.content.decode()
    assert not Submission.objects.exists()


def test_the_committee_office_is_told(client, world):
    submit(client, world.secretary, world.due, text="x")
    notes = Notification.objects.filter(kind=Notification.Kind.RECEIVED)
    assert {n.recipient for n in notes} == {world.staff, world.board}
    assert all(n.due_id == world.due.pk for n in notes)
