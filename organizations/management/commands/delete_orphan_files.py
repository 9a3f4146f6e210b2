import datetime

from django.core.management.base import BaseCommand, CommandError

from organizations.files.stored import orphan_files_sweep


class Command(BaseCommand):
    help = (
        "Delete the uploaded files (submissions, document attachments: every folder a FileField declares) that "
        "no row names: those written by a request whose transaction was lost while the database was down. Only "
        "files older than --hours."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--hours",
            type=int,
            default=24,
            help="Only files older than this many hours (default 24; at least 1, so no request is still writing).",
        )
        parser.add_argument("--dry-run", action="store_true", help="List the files; delete nothing.")

    def handle(self, *args, hours: int, dry_run: bool, **options):
        if hours < 1:
            raise CommandError("--hours must be at least 1: a request may still be writing a newer file.")
        result = orphan_files_sweep(older_than=datetime.timedelta(hours=hours), dry_run=dry_run)
        for name in result.orphans:
            self.stdout.write(name)
        verb = "would be deleted" if dry_run else "deleted"
        self.stdout.write(f"{result.checked} files checked, {len(result.orphans)} without a row {verb}.")
