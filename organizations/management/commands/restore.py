from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from organizations.backup import BackupError, backup_restore, describe, migrations_differ


class Command(BaseCommand):
    help = (
        "Restore the database and the uploaded files from an archive made by manage.py backup. Every checksum "
        "is verified first; a database or media folder that already holds data is overwritten only with --force."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", type=Path, help="The .tar.gz archive made by manage.py backup.")
        parser.add_argument(
            "--force",
            action="store_true",
            help="Overwrite a database that already holds data, and the archived files already in the media folder.",
        )

    def handle(self, *args, archive, force=False, **options):
        if not archive.is_file():
            raise CommandError(f"{archive}: no such file.")
        try:
            report = backup_restore(archive=archive, force=force)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"Restored: {describe(report.manifest)}.")
        if report.left_in_place:
            self.stdout.write(
                f"{len(report.left_in_place)} files of the media folder are not in the archive and were left in "
                f"place: {', '.join(report.left_in_place[:10])}{' …' if len(report.left_in_place) > 10 else ''}"
            )
        if migrations_differ(report.manifest):
            self.stdout.write(
                "The archive predates some of this version's migrations: run manage.py migrate."
            )
