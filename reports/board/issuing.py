"""Issuing a report (docs/domain.md §8.3): it gets its number, is registered as a BC document in the register
(plans/documents.py, so that it can be cited and found), and the version is frozen: its text and both files,
PDF and Word, kept as they went out. An edit after that makes the next version; every version is kept. The
PDF leaves signed with the issuing organization's own key when one is installed (reports/signing.py, §8.4).

A grassroots organization's own report, once issued, can be handed in for its periodic report due as it
is: the frozen PDF becomes the file of a new version of that due (tasks/submissions/services.py).
"""

import datetime
import hashlib
import re

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from organizations.files.stored import forget_unless_committed
from organizations.signatures.stored import signature_check_data, signature_record
from plans import symbols
from plans.documents import document_save
from plans.models import Document
from reports.content.board_document import board_document
from reports.models import BoardReport, BoardReportVersion
from reports.render.docx import board_docx
from reports.render.pdf import board_layout
from reports.signing import pdf_issue
from tasks.models import Due, Submission
from tasks.submissions.services import SUBMITTABLE, due_submit_and_notify

PDF, DOCX = "pdf", "docx"
CONTENT_TYPES = {
    PDF: "application/pdf",
    DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


def next_number(*, report: BoardReport) -> str:
    """The next free number of the issuer's reports: one more than the highest registered BC document of the
    same issuing body (numbers run per type, not per year: docs/domain.md §3), two digits at least, and not
    a symbol the register already holds for that date (chi bộ share "BC/CB")."""
    issuer_code = report.symbol_suffix.partition("/")[2]
    numbers = (
        Document.objects.active()
        .filter(doc_type="BC", issuer_code=issuer_code, issuer=report.organization)
        .values_list("number", flat=True)
    )
    number = max((int(n) for n in numbers if str(n).isdigit()), default=0) + 1
    taken = {
        int(n)
        for n in Document.objects.active()
        .filter(doc_type="BC", issuer_code=issuer_code, issued_on=report.issued_on)
        .values_list("number", flat=True)
        if str(n).isdigit()
    }
    while number in taken:
        number += 1
    return f"{number:02d}"


def report_symbol(*, number: str, suffix: str) -> str:
    """ "05-BC/ĐUK", checked and normalized as the register writes symbols."""
    try:
        parsed = symbols.parse_symbol(f"{number}-{suffix}")
    except symbols.SymbolError as error:
        raise ValidationError({"number": str(error)}) from error
    if parsed.type != "BC":
        raise ValidationError({"symbol_suffix": _("A report's symbol is of type BC, e.g. BC/ĐUK.")})
    return str(parsed)


def _check_free(*, report: BoardReport, symbol: str, issued_on: datetime.date) -> None:
    """No other document in force holds the number ("7" and "07" being one number) for that type, issuer
    and date."""
    number, _sep, suffix = symbol.partition("-")
    issuer_code = suffix.partition("/")[2]
    numbers = (
        Document.objects.active()
        .filter(doc_type="BC", issuer_code=issuer_code, issued_on=issued_on)
        .exclude(pk=report.document_id)
        .values_list("number", flat=True)
    )
    if any(str(n).isdigit() and int(n) == int(number) for n in numbers):
        raise ValidationError(
            {
                "number": _("No. %(symbol)s of %(date)s is already registered for another document.")
                % {"symbol": symbol, "date": issued_on.strftime("%d/%m/%Y")}
            }
        )


def _register(*, report: BoardReport, symbol: str, pdf: bytes, filename: str, user) -> Document:
    """The report in the documents register: created at the first issue, brought up to date at the next ones,
    each version's PDF attached."""
    document = report.document or Document()
    document.symbol = symbol
    document.issuer = report.organization
    document.issued_on = report.issued_on
    document.title = f"{_('Report')} {report.summary[:1].lower()}{report.summary[1:]}"
    upload = SimpleUploadedFile(filename, pdf, content_type=CONTENT_TYPES[PDF])
    return document_save(document=document, files=[upload], user=user)


def _store(version: BoardReportVersion, field: str, data: bytes, extension: str) -> None:
    file = getattr(version, field)
    file.save(version.filename(extension), ContentFile(data), save=False)
    forget_unless_committed(file)


@transaction.atomic
def board_report_issue(
    *, report: BoardReport, user, at: datetime.datetime | None = None
) -> BoardReportVersion:
    """Issue the report as it stands: number it (the one staff gave, else the next free one), register it,
    and freeze it as its next version."""
    report = (
        BoardReport.objects.select_for_update(of=("self",))
        .select_related("plan", "organization", "document")
        .get(pk=report.pk)
    )
    if report.state == BoardReport.State.ISSUED:
        raise ValidationError(
            _("This version has already been issued. Edit the report to make a new version.")
        )
    number = (report.number or "").strip() or next_number(report=report)
    if not re.fullmatch(r"\d{1,6}", number):
        raise ValidationError({"number": _("The number is written in digits, e.g. 05.")})
    symbol = report_symbol(number=f"{int(number):02d}", suffix=report.symbol_suffix)
    _check_free(report=report, symbol=symbol, issued_on=report.issued_on)
    report.number = symbol.partition("-")[0]
    version = BoardReportVersion(
        report=report,
        version=report.issued_version + 1,
        symbol=symbol,
        issued_on=report.issued_on,
        content=report_content(report),
        issued_by=user,
        issued_at=at or timezone.now(),
    )
    with translation.override(report.language):
        document = board_document(report)
        # Signed with the issuing organization's own key, in place of its seal, when it has one (§8.4).
        pdf = pdf_issue(
            document=board_layout(document), organization=report.organization, letterhead=document.letterhead
        )
        docx = board_docx(document)
    _store(version, "pdf", pdf, PDF)
    _store(version, "docx", docx, DOCX)
    version.pdf_sha256 = hashlib.sha256(pdf).hexdigest()
    signature_record(instance=version, check=signature_check_data(data=pdf))  # shown with the version
    version.docx_sha256 = hashlib.sha256(docx).hexdigest()
    version.save()
    report.document = _register(
        report=report, symbol=symbol, pdf=pdf, filename=version.filename(PDF), user=user
    )
    report.state = BoardReport.State.ISSUED
    report.issued_version = version.version
    report.updated_by = user
    report.save()
    return version


def report_content(report: BoardReport) -> dict:
    """What the version said, kept with it (its files are the document itself)."""
    return {
        "superior": report.superior,
        "issuer": report.issuer,
        "number": report.number,
        "symbol_suffix": report.symbol_suffix,
        "place": report.place,
        "issued_on": report.issued_on.isoformat(),
        "summary": report.summary,
        "sections": report.sections,
        "recipients": report.recipient_list,
        "signature": [report.signature_authority, report.signature_title, report.signature_name],
        "annexes": list(report.annexes),
    }


# --- handing an organization's own report in -----------------------------------------------------------------
def due_title(due: Due) -> str:
    """The obligation's name, as the due page shows it."""
    return due.title


def report_due(*, report: BoardReport) -> Due | None:
    """The periodic report due an organization's own report answers: the organization's obligation under
    the plan that falls in the report's period and can still be handed in (the latest one)."""
    if report.is_committee_report:
        return None
    return (
        Due.objects.filter(
            plan=report.plan,
            kind=Due.Kind.REPORT,
            organization=report.organization,
            due_on__gte=report.period_start,
            due_on__lte=report.period_end,
            state__in=SUBMITTABLE,
        )
        .order_by("-due_on", "pk")
        .first()
    )


@transaction.atomic
def board_report_hand_in(*, version: BoardReportVersion, user) -> Submission:
    """Hand the issued PDF in for the organization's periodic report due, as a new version of it, with the
    report's number; the staff above are told as for any submission."""
    version = (
        BoardReportVersion.objects.select_for_update(of=("self",))
        .select_related("report__plan")
        .get(pk=version.pk)
    )
    if version.submission_id is not None:
        raise ValidationError(_("This version has already been handed in."))
    due = report_due(report=version.report)
    if due is None:
        raise ValidationError(_("Nothing is owed for this period that this report could answer."))
    with version.pdf.open("rb") as stored:
        upload = SimpleUploadedFile(version.filename(PDF), stored.read(), content_type=CONTENT_TYPES[PDF])
    submission = due_submit_and_notify(
        due=due,
        user=user,
        text=version.report.summary,
        work_status=Submission.WorkStatus.DONE,
        document_symbol=version.symbol,
        files=[upload],
    )
    version.submission = submission
    version.save(update_fields=["submission"])
    return submission
