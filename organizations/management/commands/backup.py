from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from organizations.backup import BackupError, backup_create, default_output_dir, describe, read_manifest


class Command(BaseCommand):
    help = (
        "Back up the database and the uploaded files into one .tar.gz archive (a manifest with checksums and "
        "row counts, the database dump, the media files). Restore it with manage.py restore."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--output",
            type=Path,
            default=None,
            help="Folder to write the archive into (default: the current one).",
        )

    def handle(self, *args, output=None, **options):
        try:
            archive = backup_create(output_dir=output or default_output_dir())
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"{archive}\n{describe(read_manifest(archive))}")
