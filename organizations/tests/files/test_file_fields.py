"""The stored-file tracking finds the file fields in Django's app registry, not in a list of other apps' models
(organizations.files.stored.stored_file_fields): a FileField added to any installed app is found, and swept
once its upload_to declares its folder."""

import datetime
import os
import time

import pytest
from django.db import connection, models
from django.test.utils import isolate_apps

from organizations.files.stored import Folder, orphan_files_sweep, stored_file_fields, stored_under


def _found(registry=None) -> dict[tuple[str, str], Folder | None]:
    return {(s.model._meta.label, s.field): s.folder for s in stored_file_fields(registry)}


def test_every_file_field_of_the_installed_apps_is_found_with_its_folder():
    found = _found()
    assert found[("tasks.SubmissionFile", "file")] == Folder("submissions", "submission__due_id")
    assert found[("plans.DocumentAttachment", "file")] == Folder("documents", "document_id")
    # Generated reports declare no folder: found, but not swept.
    assert found[("reports.Report", "file")] is None
    assert (
        found[("reports.Report", "original_file")] is None
    )  # the generated file, once a signed copy replaced it
    # An issued board report's files are generated too, and never swept.
    assert found[("reports.BoardReportVersion", "pdf")] is None
    assert found[("reports.BoardReportVersion", "docx")] is None
    # The PDF as Plantrack issued it, kept when a copy signed with a person's token replaces it.
    assert found[("reports.BoardReportVersion", "original_pdf")] is None
    assert len(found) == 7


def minute_path(instance, filename: str) -> str:
    return f"minutes/{instance.meeting_id}/{filename}"


def _minute_model(registry_label: str):
    """A model with a FileField in an app this module names nowhere else, in an isolated registry."""

    class Minute(models.Model):
        meeting_id = models.PositiveIntegerField(db_index=True)
        file = models.FileField(upload_to=stored_under("minutes", owner="meeting_id")(minute_path))

        class Meta:
            app_label = registry_label

        def __str__(self) -> str:
            return self.file.name

    return Minute


def _annex_model(registry_label: str):
    """A second model whose files share the minutes' folder."""

    def annex_path(instance, filename: str) -> str:
        return f"minutes/{instance.meeting}/annexes/{filename}"

    class Annex(models.Model):
        meeting = models.PositiveIntegerField(db_index=True)
        scan = models.FileField(upload_to=stored_under("minutes", owner="meeting")(annex_path))

        class Meta:
            app_label = registry_label

        def __str__(self) -> str:
            return self.scan.name

    return Annex


def test_a_file_field_in_another_app_is_found_without_being_named():
    with isolate_apps("reports") as registry:
        minute = _minute_model("reports")
        found = _found(registry)
    assert found == {("reports.Minute", "file"): Folder("minutes", "meeting_id")}
    assert minute_path.stored_under == Folder("minutes", "meeting_id")  # the function itself, unchanged
    assert minute._meta.get_field("file").upload_to is minute_path


def _old_file(root, name: str, *, hours_old: float) -> str:
    path = root / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"%PDF-1.4\n")
    old = time.time() - hours_old * 3600
    os.utime(path, (old, old))
    return name


@pytest.mark.django_db(transaction=True)
def test_the_sweep_reaches_the_folder_newly_found_fields_declare(settings):
    """Files of the minutes' folder are kept when a row of either model sharing it names them."""
    with isolate_apps("reports") as registry:
        minute, annex = _minute_model("reports"), _annex_model("reports")
        with connection.schema_editor() as editor:
            editor.create_model(minute)
            editor.create_model(annex)
        try:
            minute.objects.create(meeting_id=7, file="minutes/7/bien-ban.pdf")
            annex.objects.create(meeting=7, scan="minutes/7/annexes/phu-luc.pdf")
            media = settings.MEDIA_ROOT
            kept = [
                _old_file(media, "minutes/7/bien-ban.pdf", hours_old=48),
                _old_file(media, "minutes/7/annexes/phu-luc.pdf", hours_old=48),
                _old_file(media, "minutes/8/dang-ghi.pdf", hours_old=1),  # a request may still be writing it
            ]
            lost = [
                _old_file(media, "minutes/7/ban-nhap.pdf", hours_old=48),
                _old_file(media, "minutes/8/bien-ban.pdf", hours_old=48),
            ]
            result = orphan_files_sweep(older_than=datetime.timedelta(hours=24), registry=registry)
        finally:
            with connection.schema_editor() as editor:
                editor.delete_model(annex)
                editor.delete_model(minute)
    assert sorted(result.orphans) == sorted(lost)
    assert result.checked == 5
    assert all((media / name).exists() for name in kept)
    assert not any((media / name).exists() for name in lost)
