"""The database unreachable for a moment (issue 16, item 9): a 503 page in Vietnamese that says to try again in
a moment, whether the error comes from a view or from a middleware, and the submit form keeps what was typed
and the chosen file on the server until the submission succeeds."""

import re
from html import unescape

import pytest
from django.core.files.storage import default_storage
from django.db import InterfaceError, OperationalError
from django.test import Client
from django.urls import reverse

from tasks.models import Submission, SubmissionFile
from tasks.submissions import services
from tests.uploads import pdf, pdf_bytes

pytestmark = pytest.mark.django_db

TRY_AGAIN = "Vui lòng thử lại sau giây lát"


def _client(user) -> Client:
    client = Client(raise_request_exception=False)
    client.force_login(user)
    return client


def _restarting(*args, **kwargs):
    raise OperationalError("server closed the connection unexpectedly")


@pytest.mark.parametrize("error", [OperationalError, InterfaceError])
def test_a_view_that_cannot_reach_the_database_answers_503(world, monkeypatch, error):
    def unreachable(*args, **kwargs):
        raise error("connection already closed")

    monkeypatch.setattr("tasks.access.selectors.dues_owed_by_own_organizations", unreachable)
    response = _client(world.secretary).get(reverse("due_list"))
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    body = response.content.decode()
    assert TRY_AGAIN in body and "Lỗi hệ thống" not in body
    assert f'href="{reverse("due_list")}"' in body  # a GET is simply tried again


def test_a_middleware_that_cannot_reach_the_database_answers_503(world, monkeypatch):
    client = _client(world.secretary)
    monkeypatch.setattr("django.contrib.sessions.backends.db.SessionStore.load", _restarting)
    response = client.get(reverse("due_list"))
    assert response.status_code == 503
    assert TRY_AGAIN in response.content.decode()


def test_any_other_error_is_still_a_500(world, monkeypatch):
    def broken(*args, **kwargs):
        raise ValueError("a bug")

    monkeypatch.setattr("tasks.access.selectors.dues_owed_by_own_organizations", broken)
    response = _client(world.secretary).get(reverse("due_list"))
    assert response.status_code == 500


def _kept(token: str) -> list[str]:
    folder = f"drafts/{token}"
    return default_storage.listdir(folder)[1] if default_storage.exists(folder) else []


def test_the_submit_form_keeps_what_was_typed_and_the_file_until_it_succeeds(
    world, monkeypatch, django_capture_on_commit_callbacks
):
    client = _client(world.secretary)
    url = reverse("due_submit", args=[world.due.pk])
    form = client.get(url).content.decode()
    token = re.search(r'name="draft" value="([^"]+)"', form).group(1)

    monkeypatch.setattr(services, "due_submit_and_notify", _restarting)
    data = {"text": "Đã ban hành kế hoạch số 05", "work_status": "done", "draft": token}
    failed = client.post(url, {**data, "files": [pdf("ke-hoach-05.pdf")]})
    assert failed.status_code == 503
    assert not Submission.objects.exists()
    retry = unescape(re.search(r'<a href="([^"]+)">Thử lại', failed.content.decode()).group(1))
    assert retry == f"{url}?draft={token}"
    assert any(name.endswith("ke-hoach-05.pdf") for name in _kept(token))

    # Back on the form: what was typed is there, and the file is kept (browsers cannot fill a file input).
    again = client.get(retry).content.decode()
    assert "Đã ban hành kế hoạch số 05</textarea>" in again
    assert "ke-hoach-05.pdf" in again and "vẫn được giữ lại" in again
    # Someone else's session cannot take it.
    assert "Đã ban hành kế hoạch số 05" not in _client(world.deputy).get(retry).content.decode()

    monkeypatch.undo()
    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(url, data)  # no file chosen this time: the kept one is sent
    assert done.status_code == 302
    stored = SubmissionFile.objects.get(submission__due=world.due)
    assert stored.original_name == "ke-hoach-05.pdf"
    assert stored.file.read() == pdf_bytes()
    assert Submission.objects.get(due=world.due).text == "Đã ban hành kế hoạch số 05"
    assert _kept(token) == []  # gone once the submission is saved


def test_a_refusal_of_another_field_does_not_cost_the_chosen_file(world, django_capture_on_commit_callbacks):
    client = _client(world.secretary)
    url = reverse("due_submit", args=[world.due.pk])
    token = re.search(r'name="draft" value="([^"]+)"', client.get(url).content.decode()).group(1)
    data = {"text": "Đã triển khai", "work_status": "done", "draft": token}
    refused = client.post(url, {**data, "document_symbol": "=HYPERLINK()", "files": [pdf("bien-ban.pdf")]})
    assert refused.status_code == 200
    body = refused.content.decode()
    assert "bien-ban.pdf" in body and "vẫn được giữ lại" in body
    assert "hãy chọn lại tệp" not in body
    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(url, {**data, "document_symbol": "05-KH/ĐU"})
    assert done.status_code == 302
    assert SubmissionFile.objects.get(submission__due=world.due).original_name == "bien-ban.pdf"
