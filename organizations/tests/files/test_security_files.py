"""Uploaded files: never at a public URL; every download (document attachments, submitted files, reports) goes
through organizations.files.downloads after the view's access check, streamed by Django or handed to the web server;
uploads are judged by their bytes, with names made safe."""

import datetime
from urllib.parse import quote

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from organizations.files.downloads import attachment_disposition, download_name
from organizations.files.uploads import safe_name
from plans.models import DocumentAttachment
from reports.models import Report
from tasks.models import Submission, SubmissionFile
from tests.factories import make_member, submit_due
from tests.uploads import docx_bytes, exe_bytes, pdf, pdf_bytes, upload

pytestmark = pytest.mark.django_db

NAME = "Kế hoạch số 05 – Đảng ủy.pdf"


def _document_attachment(world):
    document = world.plan.document
    attachment = DocumentAttachment(document=document, original_name=NAME, size=len(pdf_bytes()))
    attachment.file.save(safe_name(NAME), ContentFile(pdf_bytes()), save=False)
    attachment.save()
    url = reverse("document_attachment", args=[document.pk, attachment.pk])
    # The plan's secretaries read its document (issue 17, item 14); a chi bộ trực thuộc that owes nothing itself does not.
    return url, attachment.file, world.staff, make_member(world.sub_cell, username="bithu.nganSach")


def _submission_file(world):
    submission = submit_due(world.due, world.secretary, files=[pdf(NAME)])
    stored = submission.files.get()
    return reverse("submission_file", args=[stored.pk]), stored.file, world.secretary, world.sibling


def _report(world):
    report = Report(
        kind=Report.Kind.PLAN,
        plan=world.plan,
        period="2023",
        period_start=datetime.date(2023, 1, 1),
        period_end=datetime.date(2023, 12, 31),
        as_of=datetime.date(2023, 12, 20),
        status=Report.Status.DONE,
        created_by=world.staff,
    )
    report.save()
    report.file.save("bao-cao.pdf", ContentFile(pdf_bytes()), save=True)
    return reverse("report_download", args=[report.pk]), report.file, world.staff, world.secretary


KINDS = {"document": _document_attachment, "submission": _submission_file, "report": _report}


@pytest.fixture(params=sorted(KINDS))
def download(request, world):
    """(url, stored file, a user who may download it, a member of the bloc who may not)."""
    return KINDS[request.param](world)


def test_the_rightful_user_gets_the_file_streamed_by_django(client, download):
    url, stored, owner, _member = download
    client.force_login(owner)
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == pdf_bytes()
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment; filename=")
    assert "private" in response["Cache-Control"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "X-Accel-Redirect" not in response


@pytest.mark.parametrize("who", ["member", "outsider_secretary"])
def test_a_member_of_another_role_and_an_outsider_get_404(client, world, download, who):
    url, _stored, _owner, member = download
    client.force_login(member if who == "member" else world.outsider_secretary)
    assert client.get(url).status_code == 404


def test_anonymous_is_sent_to_log_in(client, download):
    url = download[0]
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next={quote(url)}"


def test_with_x_accel_redirect_nginx_sends_the_file(client, download, settings):
    settings.PLANTRACK_SENDFILE = "x-accel-redirect"
    settings.PLANTRACK_SENDFILE_PREFIX = "/protected/"
    url, stored, owner, _member = download
    client.force_login(owner)
    response = client.get(url)
    assert response.status_code == 200
    assert response["X-Accel-Redirect"] == "/protected/" + quote(stored.name)
    assert response.content == b""
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")


def test_with_x_accel_redirect_an_outsider_still_gets_404_and_no_header(client, world, download, settings):
    settings.PLANTRACK_SENDFILE = "x-accel-redirect"
    client.force_login(world.outsider_secretary)
    response = client.get(download[0])
    assert response.status_code == 404
    assert "X-Accel-Redirect" not in response


def test_x_accel_redirect_percent_encodes_vietnamese_stored_names(client, world, settings):
    settings.PLANTRACK_SENDFILE = "x-accel-redirect"
    settings.PLANTRACK_SENDFILE_PREFIX = "internal-files"  # slashes added where missing
    url, stored, owner, _member = _document_attachment(world)
    assert "ế" in stored.name  # safe_name keeps letters: the header must not carry them raw
    client.force_login(owner)
    header = client.get(url)["X-Accel-Redirect"]
    assert header.isascii()
    assert header == "/internal-files/" + quote(stored.name)
    assert "%E1%BA%BF" in header


def test_with_x_sendfile_the_header_is_the_absolute_path(client, download, settings):
    settings.PLANTRACK_SENDFILE = "x-sendfile"
    url, stored, owner, _member = download
    client.force_login(owner)
    response = client.get(url)
    assert response.status_code == 200
    assert response["X-Sendfile"] == quote(stored.path)
    assert response.content == b""


@pytest.mark.parametrize("mode", ["", "x-accel-redirect"])
def test_a_file_missing_on_disk_is_404_in_every_mode(client, download, settings, mode):
    settings.PLANTRACK_SENDFILE = mode
    url, stored, owner, _member = download
    stored.storage.delete(stored.name)
    client.force_login(owner)
    assert client.get(url).status_code == 404


def test_the_media_folder_has_no_public_url(client, world, download):
    url, stored, owner, _member = download
    client.force_login(owner)
    assert stored.storage.exists(stored.name)
    for public in (f"/media/{stored.name}", f"/{stored.name}", f"/static/../media/{stored.name}"):
        assert client.get(public).status_code == 404, public


# --- the name the browser saves ---------------------------------------------------------------------------


def test_a_vietnamese_name_is_sent_rfc_5987_encoded_with_an_ascii_fallback(client, world):
    url, _stored, owner, _member = _document_attachment(world)
    client.force_login(owner)
    disposition = client.get(url)["Content-Disposition"]
    assert disposition == (
        "attachment; filename=\"Ke hoach so 05  Dang uy.pdf\"; filename*=utf-8''" + quote(NAME, safe="")
    )


@pytest.mark.parametrize(
    ("given", "saved"),
    [
        ("bao-cao.pdf", "bao-cao.pdf"),
        ("C:\\Users\\x\\Báo cáo.pdf", "Báo cáo.pdf"),
        ("../../etc/passwd", "passwd"),
        ("a\r\nSet-Cookie: x=1.pdf", "aSet-Cookie: x=1.pdf"),
        ("", "file"),
    ],
)
def test_the_download_name_has_no_folder_and_no_control_character(given, saved):
    assert download_name(given) == saved
    assert "\n" not in attachment_disposition(given) and "\r" not in attachment_disposition(given)


def test_a_quote_in_an_ascii_name_cannot_break_the_header():
    assert (
        attachment_disposition('bao "cao".pdf')
        == "attachment; filename=\"bao _cao_.pdf\"; filename*=utf-8''bao%20%22cao%22.pdf"
    )


# --- uploads: judged by their bytes ------------------------------------------------------------------------


def xlsx_bytes(*, macros: bool = False) -> bytes:
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        package.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        package.writestr("xl/workbook.xml", '<?xml version="1.0"?><workbook/>')
        if macros:
            package.writestr("xl/vbaProject.bin", b"\x00macro")
    return buffer.getvalue()


def post_files(client, world, *files):
    client.force_login(world.secretary)
    return client.post(
        reverse("due_submit", args=[world.due.pk]),
        {"text": "Nội dung", "work_status": "done", "files": files},
    )


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("bao-cao.pdf", exe_bytes(), "“bao-cao.pdf” không thuộc loại tệp được chấp nhận"),
        ("bao-cao.docx", exe_bytes(), "“bao-cao.docx” không thuộc loại tệp được chấp nhận"),
        ("bao-cao.docm", docx_bytes(macros=True), "“bao-cao.docm” có chứa macro, không được chấp nhận."),
        ("so-lieu.xlsm", xlsx_bytes(macros=True), "“so-lieu.xlsm” có chứa macro, không được chấp nhận."),
        ("so-lieu.xlsx", xlsx_bytes(macros=True), "“so-lieu.xlsx” có chứa macro, không được chấp nhận."),
        ("bao-cao.docm", docx_bytes(), "“bao-cao.docm” có tên đuôi DOCM nhưng nội dung là Word (DOCX)"),
        ("bao-cao.exe", exe_bytes(), "“bao-cao.exe” không thuộc loại tệp được chấp nhận"),
    ],
    ids=["exe-as-pdf", "exe-as-docx", "docm", "xlsm", "xlsm-renamed-xlsx", "clean-docm", "exe"],
)
def test_executables_and_macro_enabled_office_files_are_refused(client, world, name, content, message):
    response = post_files(client, world, upload(name, content))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Submission.objects.exists() and not SubmissionFile.objects.exists()


def test_a_clean_xlsx_is_accepted(client, world):
    response = post_files(client, world, upload("so-lieu.xlsx", xlsx_bytes()))
    assert response.status_code == 302
    assert SubmissionFile.objects.get().original_name == "so-lieu.xlsx"


def test_a_name_with_script_characters_is_stored_safely_and_shown_as_text(client, world):
    evil = '<img src=x onerror=alert(1)>"bao cao".pdf'  # no slash: the browser's multipart would cut there
    response = post_files(client, world, upload(evil, pdf_bytes()))
    assert response.status_code == 302
    stored = SubmissionFile.objects.get()
    folder, _, stored_name = stored.file.name.rpartition("/")
    assert folder == f"submissions/{world.due.pk}/1"
    assert set(stored_name) <= set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.")
    assert stored_name.endswith(".pdf")
    page = client.get(reverse("submission_detail", args=[stored.submission.pk])).content.decode()
    assert stored.original_name == evil  # kept as typed, for display and download only
    assert "<img src=x" not in page
    assert "&lt;img src=x onerror=alert(1)&gt;&quot;bao cao&quot;.pdf" in page


@pytest.mark.parametrize(
    ("given", "stored"),
    [
        ("../../settings.py", "settings.py"),
        ("..\\..\\Windows\\win.ini", "win.ini"),
        ("/etc/passwd", "passwd"),
        ("..", "file"),
        ("../..", "file"),
        ("<>.pdf", "file.pdf"),
        ('bao cao "quy 1" <b>.pdf', "bao_cao_quy_1_b.pdf"),
        ("Kế hoạch 62.pdf", "Kế_hoạch_62.pdf"),
        ("a" * 300 + ".docx", "a" * 145 + ".docx"),
    ],
)
def test_safe_name_keeps_no_folder_and_no_special_character(given, stored):
    assert safe_name(given) == stored
    assert len(safe_name(given)) <= 150
