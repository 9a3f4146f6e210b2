"""Uploaded files whose rows were rolled back are deleted at the end of the request; files whose rows were
committed are never deleted, even when the database cannot be asked (organizations.files.stored)."""

import datetime
import os
import time
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import DatabaseError
from django.urls import reverse

from organizations.files import stored as stored_files
from plans import views as plan_views
from plans.models import Document, DocumentAttachment
from tasks.models import Submission, SubmissionFile
from tasks.submissions import services as submission_services
from tests.uploads import pdf, pdf_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today():
    tz = ZoneInfo("Asia/Ho_Chi_Minh")
    with time_machine.travel(datetime.datetime(2023, 2, 20, 10, 0, tzinfo=tz), tick=False):
        yield


def files_on_disk(settings, *, drafts: bool = False) -> list[str]:
    """The stored files under MEDIA_ROOT; without `drafts`, not what a secretary typed and chose, which the
    submit form keeps in drafts/ until her submission commits (tasks/submissions/drafts.py)."""
    root = str(settings.MEDIA_ROOT)
    names = [os.path.relpath(os.path.join(d, f), root) for d, _s, files in os.walk(root) for f in files]
    return [name for name in names if drafts or not name.startswith("drafts/")]


def submit(client, world):
    client.force_login(world.secretary)
    return client.post(
        reverse("due_submit", args=[world.due.pk]),
        {"text": "Đã ban hành kế hoạch", "work_status": Submission.WorkStatus.DONE, "files": [pdf()]},
    )


def test_a_submission_whose_request_fails_after_the_file_is_written_leaves_no_file(
    client, world, settings, monkeypatch
):
    written = []

    def submit_then_lose_the_database(**kwargs):
        submission = original(**kwargs)
        written.extend(f.file.name for f in submission.files.all())
        assert files_on_disk(settings)  # the file is on disk before the transaction ends
        raise DatabaseError("server closed the connection unexpectedly")

    original = submission_services.due_submit_and_notify
    monkeypatch.setattr(submission_services, "due_submit_and_notify", submit_then_lose_the_database)
    client.raise_request_exception = False
    assert submit(client, world).status_code == 500
    assert written and not SubmissionFile.objects.exists()
    # The submission's own file is gone; what the secretary chose stays only in her draft, for her retry
    # (tasks/submissions/drafts.py), never under submissions/.
    assert files_on_disk(settings) == []
    # What she chose stays only in her draft, for her retry.
    assert files_on_disk(settings, drafts=True)


def test_a_committed_submission_keeps_its_file(client, world, settings, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        assert submit(client, world).status_code == 302
    (stored,) = SubmissionFile.objects.all()
    assert files_on_disk(settings) == [stored.file.name]


def test_a_committed_file_is_kept_even_when_its_confirmation_did_not_run(client, world, settings):
    # Inside the test's transaction nothing commits, so no on_commit confirmation runs: the database is asked.
    assert submit(client, world).status_code == 302
    (stored,) = SubmissionFile.objects.all()
    assert files_on_disk(settings) == [stored.file.name]


def test_a_file_is_kept_when_the_database_cannot_say_whether_a_row_names_it(
    client, world, settings, monkeypatch
):

    def unreachable(written):
        raise DatabaseError("could not connect to server")

    monkeypatch.setattr(stored_files, "_referenced", unreachable)
    assert submit(client, world).status_code == 302
    assert len(files_on_disk(settings)) == 1


def test_a_document_whose_request_fails_after_its_files_are_written_leaves_none(
    client, world, settings, monkeypatch
):
    original = plan_views.document_save

    def save_then_fail(**kwargs):
        document = original(**kwargs)
        assert document.attachments.count() == 2 and len(files_on_disk(settings)) == 2
        raise DatabaseError("could not serialize access")

    monkeypatch.setattr(plan_views, "document_save", save_then_fail)
    client.force_login(world.staff)
    client.raise_request_exception = False
    response = client.post(
        reverse("document_create"),
        {
            "symbol": "21-NQ/TW",
            "issued_on": "16/06/2022",
            "title": "Nghị quyết",
            "files": [
                SimpleUploadedFile("a.pdf", pdf_bytes(), content_type="application/pdf"),
                SimpleUploadedFile("b.pdf", pdf_bytes(), content_type="application/pdf"),
            ],
        },
    )
    assert response.status_code == 500
    assert not Document.objects.filter(symbol="21-NQ/TW").exists() and not DocumentAttachment.objects.exists()
    assert files_on_disk(settings) == []


def test_nothing_is_collected_outside_a_request(world, settings):
    """Commands and Celery tasks store files without a request: they are never deleted behind their back."""
    from tasks.submissions.services import due_submit

    submission = due_submit(due=world.due, user=world.secretary, text="x", files=[pdf()])
    SubmissionFile.objects.filter(submission=submission).delete()  # as if rolled back
    assert len(files_on_disk(settings)) == 1


# --- the sweep: files the database could not answer for -------------------------------------------------------
def _orphan(settings, name: str, *, hours_old: float) -> str:
    """A file written `hours_old` hours ago (by the frozen clock, which the sweep reads too)."""
    path = settings.MEDIA_ROOT / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(pdf_bytes())
    old = time.time() - hours_old * 3600
    os.utime(path, (old, old))
    return name


def test_the_sweep_deletes_old_files_no_row_names_and_keeps_the_rest(client, world, settings):
    assert submit(client, world).status_code == 302
    (kept,) = SubmissionFile.objects.values_list("file", flat=True)
    os.utime(settings.MEDIA_ROOT / kept, (time.time() - 90 * 3600,) * 2)  # old, but named by its row
    lost = _orphan(settings, f"submissions/{world.due.pk}/2/bao-cao.pdf", hours_old=30)
    of_no_due = _orphan(settings, "submissions/999999/1/bao-cao.pdf", hours_old=30)
    attachment = _orphan(settings, "documents/424242/nghi-quyet.pdf", hours_old=30)
    recent = _orphan(settings, f"submissions/{world.due.pk}/3/dang-ghi.pdf", hours_old=2)
    unknown = _orphan(settings, "submissions/not-a-due/x.pdf", hours_old=30)

    out = StringIO()
    call_command("delete_orphan_files", "--dry-run", stdout=out)
    assert sorted(out.getvalue().splitlines()[:-1]) == sorted([lost, of_no_due, attachment])
    assert "5 files checked, 3 without a row would be deleted." in out.getvalue()
    assert len(files_on_disk(settings)) == 6  # nothing deleted

    out = StringIO()
    call_command("delete_orphan_files", stdout=out)
    assert "3 without a row deleted." in out.getvalue()
    assert sorted(files_on_disk(settings)) == sorted([kept, recent, unknown])

    call_command("delete_orphan_files", "--hours", "1", stdout=StringIO())
    assert sorted(files_on_disk(settings)) == sorted([kept, unknown])


def test_the_sweep_refuses_to_look_at_files_a_request_may_still_be_writing():
    with pytest.raises(CommandError, match="at least 1"):
        call_command("delete_orphan_files", "--hours", "0")


def test_the_sweep_keeps_withdrawn_files(client, world, settings):
    assert submit(client, world).status_code == 302
    SubmissionFile.objects.update(withdrawn_at=datetime.datetime(2023, 2, 21, tzinfo=ZoneInfo("UTC")))
    (kept,) = SubmissionFile.objects.values_list("file", flat=True)
    os.utime(settings.MEDIA_ROOT / kept, (time.time() - 90 * 3600,) * 2)
    call_command("delete_orphan_files", stdout=StringIO())
    assert files_on_disk(settings) == [kept]


def test_beat_sweeps_every_week_through_the_celery_task(settings):
    from organizations.tasks import delete_orphan_files

    entry = settings.CELERY_BEAT_SCHEDULE["delete-orphan-files"]
    assert entry["task"] == delete_orphan_files.name
    assert entry["schedule"].day_of_week == {0}  # Sunday
    lost = _orphan(settings, "documents/77/cu.pdf", hours_old=30)
    _orphan(settings, "documents/77/moi.pdf", hours_old=1)
    delete_orphan_files.delay()  # in-process here (no REDIS_URL), on the worker in production
    assert lost not in files_on_disk(settings) and files_on_disk(settings) == ["documents/77/moi.pdf"]
