import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from organizations.signatures.verification import pdf_signatures_verify


class Command(BaseCommand):
    help = (
        "Check the digital signatures of a PDF and print them as JSON: a list with one object per signature "
        "(signer, signed_at, intact, trusted, valid, ...), empty for an unsigned file. Exits 0 whatever the "
        "verdict; the trust anchors are the active ones installed in the admin, or those given with --trust."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="the PDF to check")
        parser.add_argument(
            "--trust",
            action="append",
            default=None,
            metavar="CA.pem",
            help="a PEM file of trusted root certificates, instead of the installed ones (may be repeated)",
        )
        parser.add_argument(
            "--offline", action="store_true", help="do not ask revocation responders over the network"
        )

    def handle(self, *args, file: str, trust: list[str] | None, offline: bool, **options):
        try:
            data = Path(file).read_bytes()
            roots = None if trust is None else [Path(name).read_bytes() for name in trust]
        except OSError as error:
            raise CommandError(f"cannot read {error.filename}: {error.strerror}") from error
        kwargs = {"revocation_timeout": 0} if offline else {}
        try:
            report = pdf_signatures_verify(data=data, trust_roots=roots, **kwargs)
        except ValueError as error:  # a --trust file that holds no certificate
            raise CommandError(f"--trust: not a PEM certificate file ({error})") from error
        self.stdout.write(
            json.dumps([result.as_dict() for result in report.signatures], ensure_ascii=False, indent=2)
        )
        if not report.signatures:
            self.stderr.write(f"{file}: {report.status}" + (f" ({report.problem})" if report.problem else ""))
