"""manage.py reorganize FILE [--dry-run]: apply a reorganization file (README.md, "Reorganizations")."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from organizations.reorganization.operations import reorganization_apply
from organizations.reorganization.reading import ReorganizationError


class Command(BaseCommand):
    help = (
        "Apply a reorganization written as a YAML file (rename, move, merge, split, dissolve, create on an "
        "effective date) in one transaction, printing the preview. --dry-run prints it and changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--dry-run", action="store_true", help="Print the preview; apply nothing.")

    def handle(self, *args, file: Path, dry_run: bool = False, **options):
        try:
            source = file.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            raise CommandError(f"{file}: {error}") from error
        try:
            outcome = reorganization_apply(source=source, dry_run=dry_run)
        except ReorganizationError as error:
            raise CommandError(f"{file}: {error}") from error
        self.stdout.write(f"{outcome.effective_on:%Y-%m-%d}")
        for line in outcome.lines():
            self.stdout.write(f"  {line}")
        if dry_run:
            self.stdout.write(self.style.WARNING("Dry run: nothing was applied."))
        else:
            self.stdout.write(self.style.SUCCESS("Reorganization applied."))
