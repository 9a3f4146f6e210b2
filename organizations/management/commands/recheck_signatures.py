from django.core.management.base import BaseCommand

from organizations.signatures.models import SignatureStatus
from organizations.signatures.stored import RECHECKED_BY_DEFAULT, stored_files_recheck


class Command(BaseCommand):
    help = (
        "Check again the digital signatures of stored files (submissions, documents' attachments, issued "
        "reports) and keep the outcome on each file: by default the files not checked yet and those found "
        "invalid, as after a trust anchor was added in the admin."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--status",
            action="append",
            choices=SignatureStatus.values,
            help="check the files in this state (may be repeated; default: not_checked and invalid)",
        )
        parser.add_argument("--all", action="store_true", help="check every stored file")

    def handle(self, *args, status: list[str] | None, all: bool, **options):
        statuses = SignatureStatus.values if all else (status or RECHECKED_BY_DEFAULT)
        outcome = stored_files_recheck(statuses=statuses)
        total = sum(outcome.values())
        details = ", ".join(f"{key}: {count}" for key, count in sorted(outcome.items())) or "none"
        self.stdout.write(f"{total} file(s) checked ({details})")
