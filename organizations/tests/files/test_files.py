"""Submitted files: checked by their content, not their name; downloaded only by those who may see them."""

from urllib.parse import unquote

import pytest
from django.urls import reverse

from tasks.models import Submission, SubmissionFile
from tests.factories import submit_due
from tests.uploads import docx_bytes, exe_bytes, pdf, pdf_bytes, png_bytes, upload

pytestmark = pytest.mark.django_db


def post_file(client, world, file, text=""):
    client.force_login(world.secretary)
    return client.post(
        reverse("due_submit", args=[world.due.pk]), {"text": text, "work_status": "done", "files": [file]}
    )


# --- what is accepted -----------------------------------------------------------------------------------


def test_a_real_pdf_is_accepted(client, world):
    assert post_file(client, world, pdf("bao-cao.pdf")).status_code == 302
    stored = SubmissionFile.objects.get()
    with stored.file.open("rb") as handle:
        assert handle.read() == pdf_bytes()
    assert stored.size == len(pdf_bytes())
    assert len(stored.sha256) == 64


def test_a_real_png_and_a_real_docx_are_accepted(client, world):
    client.force_login(world.secretary)
    response = client.post(
        reverse("due_submit", args=[world.due.pk]),
        {
            "work_status": "done",
            "files": [upload("anh.png", png_bytes(), "image/png"), upload("bien-ban.docx", docx_bytes())],
        },
    )
    assert response.status_code == 302
    assert SubmissionFile.objects.count() == 2


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("chuong-trinh.pdf", exe_bytes(), "“chuong-trinh.pdf” không thuộc loại tệp được chấp nhận"),
        ("anh-chup.pdf", png_bytes(), "“anh-chup.pdf” có tên đuôi PDF nhưng nội dung là PNG"),
        ("bao-cao.docx", docx_bytes(macros=True), "“bao-cao.docx” có chứa macro, không được chấp nhận."),
        ("ghi-chu.txt", b"%PDF-1.4 but named txt", "“ghi-chu.txt” có tên đuôi TXT nhưng nội dung là PDF"),
    ],
    ids=["exe-renamed-pdf", "png-renamed-pdf", "docx-with-macros", "pdf-renamed-txt"],
)
def test_a_file_whose_content_is_not_what_it_claims_is_refused(client, world, name, content, message):
    response = post_file(client, world, upload(name, content), text="Nội dung")
    assert response.status_code == 200
    html = response.content.decode()
    assert message in html
    assert "Nội dung</textarea>" in html
    assert not Submission.objects.exists()
    assert not SubmissionFile.objects.exists()


def test_a_file_over_the_limit_is_refused(client, world, settings):
    settings.PLANTRACK_MAX_UPLOAD_MB = 1
    big = upload("ho-so.pdf", pdf_bytes() + b"\x00" * (2 * 1024 * 1024))
    response = post_file(client, world, big, text="x")
    assert response.status_code == 200
    assert "“ho-so.pdf” nặng" in response.content.decode()
    assert "mỗi tệp tối đa 1 MB" in response.content.decode()
    assert not Submission.objects.exists()


def test_one_bad_file_refuses_the_whole_submission_and_names_it(client, world):
    client.force_login(world.secretary)
    response = client.post(
        reverse("due_submit", args=[world.due.pk]),
        {"work_status": "done", "files": [pdf("tot.pdf"), upload("xau.pdf", exe_bytes())]},
    )
    html = response.content.decode()
    assert "“xau.pdf”" in html and "“tot.pdf”" not in html
    assert not SubmissionFile.objects.exists()


def test_too_many_files_are_refused(client, world):
    client.force_login(world.secretary)
    files = [pdf(f"tep-{i}.pdf") for i in range(11)]
    response = client.post(
        reverse("due_submit", args=[world.due.pk]), {"work_status": "done", "files": files}
    )
    assert "Đính kèm tối đa 10 tệp." in response.content.decode()
    assert not SubmissionFile.objects.exists()


# --- downloads ------------------------------------------------------------------------------------------


@pytest.fixture
def stored(world):
    submission = submit_due(world.due, world.secretary, files=[pdf("Kế hoạch số 05.pdf")])
    return submission.files.get()


def download(client, user, stored):
    client.force_login(user)
    return client.get(reverse("submission_file", args=[stored.pk]))


@pytest.mark.parametrize("who", ["secretary", "clerk", "deputy", "staff", "board"])
def test_those_who_may_see_it_download_it_with_its_own_name(client, world, stored, who):
    response = download(client, getattr(world, who), stored)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == pdf_bytes()
    disposition = unquote(response["Content-Disposition"])
    assert disposition.startswith("attachment;")
    assert "Kế hoạch số 05.pdf" in disposition
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize("who", ["sibling", "outsider_secretary"])
def test_anyone_else_gets_404(client, world, stored, who):
    assert download(client, getattr(world, who), stored).status_code == 404


def test_anonymous_is_sent_to_log_in(client, stored):
    response = client.get(reverse("submission_file", args=[stored.pk]))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_a_missing_file_on_disk_is_404_not_500(client, world, stored):
    stored.file.storage.delete(stored.file.name)
    assert download(client, world.secretary, stored).status_code == 404
