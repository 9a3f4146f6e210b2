"""manage.py build_report: write a report's PDF, Word or Excel file from the command line.

    manage.py build_report --plan 62-KH/ĐUK --period 2023 --format pdf --output bao-cao-2023.pdf
    manage.py build_report --plan 62-KH/DUK --half 2024-1 --org db-so-y-te --format xlsx --output y-te.xlsx
    manage.py build_report --plan 62-KH/ĐUK --from 2023-03-01 --to 2023-09-30 --kind compliance ...
    manage.py build_report --plan 62-KH/ĐUK --period 2023 --kind board --format docx --date 15/12/2023 \
        --number 05 --signer "K/T BÍ THƯ; PHÓ BÍ THƯ; Trần Văn Bình" --output bao-cao-2023.docx

Without --org it is the plan's implementation report (or --kind compliance for the organizations' table, or
--kind board for the report to sign, drafted from the data as the Board's page drafts it); with --org, that
organization's own report. The figures are those of today, or of --as-of; --date, --number and --signer set
the letterhead (the date under the Party's name, the number before the symbol, who signs).
"""

import datetime
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone, translation

from organizations.models import Organization
from organizations.text import fold
from plans import periods
from plans.models import Plan
from plans.symbols import SymbolError, normalize_symbol
from reports.board.services import board_report_draft
from reports.content.board_document import board_document
from reports.generation import Heading, report_build
from reports.models import BoardReport, Report
from reports.render.docx import board_docx
from reports.render.pdf import board_pdf

BOARD = "board"  # the report to sign (reports.models.BoardReport), drafted and rendered without being kept


def _date(value: str) -> datetime.date:
    for pattern in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return datetime.datetime.strptime(value, pattern).date()  # noqa: DTZ007 (a calendar day)
        except ValueError:
            continue
    raise CommandError(f"{value!r} is not a date (YYYY-MM-DD or DD/MM/YYYY).")


def find_plan(symbol: str) -> Plan:
    """The plan whose document has this symbol; diacritics may be left out (62-KH/DUK)."""
    try:
        wanted = normalize_symbol(symbol)
    except SymbolError:
        wanted = symbol.strip()
    plans = list(Plan.objects.select_related("document", "owner").filter(document__symbol=wanted))
    if not plans:
        folded = fold(wanted).replace(" ", "")
        plans = [
            plan
            for plan in Plan.objects.select_related("document", "owner")
            if fold(plan.document.symbol).replace(" ", "") == folded
        ]
    if not plans:
        raise CommandError(f"No plan {symbol!r}.")
    if len(plans) > 1:
        dates = ", ".join(str(plan.document) for plan in plans)
        raise CommandError(f"Several plans are numbered {symbol!r} ({dates}).")
    return plans[0]


def parse_period(options) -> periods.Period:
    given = [name for name in ("period", "half") if options[name]] + (
        ["from/to"] if options["start"] or options["end"] else []
    )
    if len(given) != 1:
        raise CommandError(
            "Give exactly one of --period YYYY, --half YYYY-1|YYYY-2, or --from DATE --to DATE."
        )
    if options["period"]:
        value = options["period"].strip()
        if not (value.isdigit() and len(value) == 4):
            raise CommandError(f"--period takes a year (YYYY), not {value!r}.")
        return periods.period_year(int(value))
    if options["half"]:
        value = options["half"].strip().upper().replace("H", "")
        year, _sep, half = value.partition("-")
        if not (year.isdigit() and len(year) == 4 and half in ("1", "2")):
            raise CommandError(f"--half takes YYYY-1 or YYYY-2, not {options['half']!r}.")
        return periods.period_half(int(year), int(half))
    if not (options["start"] and options["end"]):
        raise CommandError("--from and --to go together.")
    try:
        return periods.period_range(start=_date(options["start"]), end=_date(options["end"]))
    except ValueError as error:
        raise CommandError(str(error)) from error


class Command(BaseCommand):
    help = "Write a report (PDF or Word in the Party document format, or Excel) of a plan over a period."

    def add_arguments(self, parser):
        parser.add_argument("--plan", required=True, help="The plan's symbol, e.g. 62-KH/ĐUK.")
        parser.add_argument("--period", help="A year: 2023.")
        parser.add_argument("--half", help="A half-year: 2023-1 or 2023-2.")
        parser.add_argument("--from", dest="start", help="First day (YYYY-MM-DD or DD/MM/YYYY).")
        parser.add_argument("--to", dest="end", help="Last day (YYYY-MM-DD or DD/MM/YYYY).")
        parser.add_argument("--org", help="An organization's code: that organization's own report.")
        parser.add_argument(
            "--kind",
            choices=[Report.Kind.PLAN, Report.Kind.COMPLIANCE, BOARD],
            default=Report.Kind.PLAN,
            help="The plan's implementation (default), compliance by organization (without --org), or the report "
            "to sign drafted from the data (board: the committee's, or with --org the organization's own).",
        )
        parser.add_argument(
            "--format", choices=[f.value for f in Report.Format], help="Default: from --output."
        )
        parser.add_argument("--output", required=True, help="The file to write.")
        parser.add_argument(
            "--as-of", dest="as_of", help="Judge overdue and late on this day (default: today)."
        )
        parser.add_argument("--date", help="The report's date in its letterhead (default: --as-of).")
        parser.add_argument("--number", help="The report's number, e.g. 05 (default: left blank).")
        parser.add_argument(
            "--signer",
            help='Who signs: "NAME", "TITLE; NAME" or "AUTHORITY; TITLE; NAME" '
            '(e.g. "K/T BÍ THƯ; PHÓ BÍ THƯ; Trần Văn Bình").',
        )
        parser.add_argument(
            "--annex",
            action="append",
            choices=BoardReport.Annex.values,
            default=[],
            help="With --kind board: an annex to add (may be given twice).",
        )

    def handle(self, *args, **options):
        plan = find_plan(options["plan"])
        period = parse_period(options)
        if period.end < plan.period_start or period.start > plan.period_end:
            raise CommandError(
                f"Plan {plan.document.symbol} runs from {plan.period_start:%d/%m/%Y} to "
                f"{plan.period_end:%d/%m/%Y}: {period.label} is outside it."
            )
        output = Path(options["output"])
        fmt = options["format"] or output.suffix.lstrip(".").lower()
        if fmt not in Report.Format.values:
            raise CommandError("Give --format pdf, docx or xlsx (or an --output ending in one of them).")
        organization, kind = None, options["kind"]
        if options["org"]:
            organization = Organization.objects.filter(code=options["org"]).first()
            if organization is None:
                raise CommandError(f"No organization with the code {options['org']!r}.")
            kind = BOARD if kind == BOARD else Report.Kind.ORGANIZATION
        today = _date(options["as_of"]) if options["as_of"] else timezone.localdate()
        heading = heading_from(options)
        if kind == BOARD:
            data = board_file(
                plan=plan, period=period, organization=organization, fmt=fmt, today=today, heading=heading,
                annexes=options["annex"],
            )  # fmt: skip
        else:
            data = report_build(
                kind=kind,
                plan=plan,
                period=period,
                fmt=fmt,
                today=today,
                organization=organization,
                heading=heading,
            )
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_bytes(data)
        self.stdout.write(self.style.SUCCESS(f"Wrote {output} ({len(data):,} bytes)."))


def heading_from(options) -> Heading:
    number = (options["number"] or "").strip()
    if number and not number.isdigit():
        raise CommandError(f"--number takes the number alone, in digits (05), not {number!r}.")
    signer = tuple(part.strip() for part in (options["signer"] or "").split(";") if part.strip())
    if len(signer) > 3:
        raise CommandError('--signer takes at most three parts: "AUTHORITY; TITLE; NAME".')
    return Heading(date=_date(options["date"]) if options["date"] else None, number=number, signer=signer)


def board_file(*, plan, period, organization, fmt, today, heading: Heading, annexes) -> bytes:
    """The report to sign, drafted from the data (not kept), with the letterhead the options set."""
    if fmt == Report.Format.XLSX:
        raise CommandError("The report to sign is written as PDF or Word: give --format pdf or docx.")
    report = board_report_draft(
        plan=plan, organization=organization or plan.owner, period=period, today=today
    )
    report.annexes = list(dict.fromkeys(annexes))
    with translation.override(report.language):
        document = board_document(report, today=today)
        heading.apply(document.letterhead)
        return board_pdf(document) if fmt == Report.Format.PDF else board_docx(document)
