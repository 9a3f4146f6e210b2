"""manage.py backup and restore: a round trip gives back every row of every table and every file's bytes.

Runs on the database the suite runs on: SQLite in ``make test``, PostgreSQL when DATABASE_URL points there
(pg_dump/pg_restore then work on pytest-django's test database, through connection.settings_dict).
"""

import json
import shutil
import tarfile
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import connection

from organizations.backup import MANIFEST, database_is_empty, read_manifest
from plans.documents import document_save
from tasks.submissions.services import submission_review
from tests.factories import DocumentFactory
from tests.require import require
from tests.uploads import docx_bytes, pdf, png_bytes, upload

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _pg_tools():
    if connection.vendor == "postgresql":
        require(
            shutil.which("pg_dump") is not None and shutil.which("pg_restore") is not None,
            "pg_dump and pg_restore (postgresql-client) are not on PATH",
        )


def _data(world):
    """On top of the world: a submission (two files), its review, a document with a file, and the audit
    entries."""
    from tasks.submissions.services import due_submit

    submission = due_submit(
        due=world.due,
        user=world.secretary,
        text="Báo cáo kết quả – có dấu tiếng Việt",
        files=[pdf("bao-cao.pdf"), upload("anh.png", png_bytes(), "image/png")],
    )
    submission_review(
        submission=submission, reviewer=world.staff, decision="returned", reason="Bổ sung số liệu"
    )
    due_submit(
        due=world.due,
        user=world.secretary,
        files=[
            upload(
                "ke-hoach.docx",
                docx_bytes(),
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            )
        ],
    )
    document = DocumentFactory(symbol="12-HD/TU", issuer=world.provincial)
    document_save(document=document, files=[pdf("huong-dan.pdf")], user=world.staff)


def _rows() -> dict[str, list[dict]]:
    """Every row of every table Django knows, as values, in primary-key order."""
    rows = {}
    for model in apps.get_models(include_auto_created=True):
        if model._meta.proxy or not model._meta.managed:
            continue
        rows[model._meta.label] = list(model._base_manager.order_by("pk").values())
    return rows


def _files() -> dict[str, bytes]:
    root = Path(settings.MEDIA_ROOT)
    return {
        path.relative_to(root).as_posix(): path.read_bytes() for path in root.rglob("*") if path.is_file()
    }


def _wipe() -> None:
    call_command("flush", interactive=False, verbosity=0)
    shutil.rmtree(settings.MEDIA_ROOT)


def test_a_round_trip_gives_back_every_row_and_every_file(world, tmp_path):
    _data(world)
    rows, files = _rows(), _files()
    assert len(files) == 4
    assert rows["tasks.Submission"] and rows["auditlog.LogEntry"] and rows["plans.DocumentAttachment"]

    call_command("backup", output=tmp_path / "out", verbosity=0)
    [archive] = (tmp_path / "out").glob("plantrack-backup-*.tar.gz")
    manifest = read_manifest(archive)
    assert manifest["vendor"] == connection.vendor
    assert "tasks" in manifest["migrations"] and "0001_initial" in manifest["migrations"]["tasks"]
    assert manifest["row_counts"]["tasks_submission"] == 2
    assert {entry["path"] for entry in manifest["files"]} == set(files)

    _wipe()
    assert _files() == {}
    assert not apps.get_model("tasks", "Submission").objects.exists()

    call_command("restore", str(archive), verbosity=0)

    assert _rows() == rows
    assert _files() == files


def test_restore_refuses_a_database_that_holds_data_unless_forced(world, tmp_path):
    _data(world)
    call_command("backup", output=tmp_path, verbosity=0)
    [archive] = tmp_path.glob("*.tar.gz")
    rows, files = _rows(), _files()

    world.due.task.text = "Sửa sau khi sao lưu"
    world.due.task.save()
    with pytest.raises(CommandError, match="--force"):
        call_command("restore", str(archive), verbosity=0)
    assert _rows() != rows  # untouched

    stray = Path(settings.MEDIA_ROOT) / "submissions" / "stray.txt"
    stray.write_bytes(b"not in the archive")
    call_command("restore", str(archive), force=True, verbosity=0)
    assert _rows() == rows
    # The files of the archive are back; a file it does not hold is left in place, not deleted.
    assert _files() == {**files, "submissions/stray.txt": b"not in the archive"}


def test_restore_refuses_a_media_folder_that_holds_files(world, tmp_path):
    _data(world)
    call_command("backup", output=tmp_path, verbosity=0)
    [archive] = tmp_path.glob("*.tar.gz")
    call_command("flush", interactive=False, verbosity=0)
    assert database_is_empty()
    with pytest.raises(CommandError, match="media folder"):
        call_command("restore", str(archive), verbosity=0)
    assert database_is_empty()


def test_a_damaged_archive_is_refused_before_anything_is_touched(world, tmp_path):
    _data(world)
    call_command("backup", output=tmp_path / "good", verbosity=0)
    [archive] = (tmp_path / "good").glob("*.tar.gz")
    # Same manifest, but one file's bytes changed on the way.
    damaged = tmp_path / "damaged.tar.gz"
    with tarfile.open(archive) as source, tarfile.open(damaged, "w:gz") as target:
        for member in source.getmembers():
            data = source.extractfile(member).read()
            if member.name.endswith(".pdf"):
                data = data[:-1] + b"!"
            member.size = len(data)
            import io

            target.addfile(member, io.BytesIO(data))
    _wipe()
    with pytest.raises(CommandError, match="damaged"):
        call_command("restore", str(damaged), verbosity=0)
    assert database_is_empty()
    assert _files() == {}


def test_an_archive_with_a_path_outside_is_refused(tmp_path):
    import io

    evil = tmp_path / "evil.tar.gz"
    manifest = {
        "format": "plantrack-backup",
        "format_version": 1,
        "created_at": "2024-01-01T00:00:00+00:00",
        "vendor": connection.vendor,
        "database": {"file": "database.sqlite3", "size": 0, "sha256": ""},
        "migrations": {},
        "row_counts": {},
        "files": [],
    }
    with tarfile.open(evil, "w:gz") as tar:
        for name, data in ((MANIFEST, json.dumps(manifest).encode()), ("../escaped.txt", b"x")):
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    with pytest.raises(CommandError, match="unsafe"):
        call_command("restore", str(evil), verbosity=0)
    assert not (tmp_path.parent / "escaped.txt").exists()


def test_it_is_not_an_archive(tmp_path):
    bogus = tmp_path / "bogus.tar.gz"
    bogus.write_bytes(b"not a tar")
    with pytest.raises(CommandError, match="not a Plantrack backup"):
        call_command("restore", str(bogus), verbosity=0)
