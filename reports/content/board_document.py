"""A report as it goes out (docs/domain.md §9): the letterhead, the type and summary, the sections as blocks of
text and tables, the closing, and the annexes chosen. The PDF (reports/render/pdf.py) and the Word file
(reports/render/docx.py) are both drawn from this one `BoardDocument`, so they say the same thing."""

import datetime
from dataclasses import dataclass

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from plans.periods import period_parse
from reports.content.board import board_facts, report_writer
from reports.content.board_annexes import board_annexes
from reports.content.common import Table
from reports.content.letterhead import Letterhead
from reports.content.markup import Block, parse_markup


@dataclass
class DocumentSection:
    heading: str
    blocks: list[Block]


@dataclass
class BoardDocument:
    letterhead: Letterhead
    summary: str
    sections: list[DocumentSection]
    annexes: list[Table]
    title: str  # the file's own title (its properties)

    @property
    def annex_reference(self) -> str:
        """The line under each annex's title: which report it belongs to."""
        return _("Attached to Report No. %(number)s, dated %(date)s, of %(issuer)s") % {
            "number": self.letterhead.symbol,
            "date": date_format(self.letterhead.issued_on, "SHORT_DATE_FORMAT"),
            "issuer": self.letterhead.issuer_name,
        }


def report_letterhead(report) -> Letterhead:
    return Letterhead(
        superior=report.superior,
        issuer=report.issuer,
        issuer_name=report_writer(plan=report.plan, organization=report.organization),
        symbol_suffix=report.symbol_suffix,
        place=report.place,
        issued_on=report.issued_on,
        signature_authority=report.signature_authority,
        signature_title=report.signature_title,
        signature_name=report.signature_name,
        recipients=report.recipient_list,
        number=report.number,
    )


def board_document(report, *, number: str | None = None, today: datetime.date | None = None) -> BoardDocument:
    """The report's current text as a document; `number` overrides the row's (the one issuing gives).
    The annexes are computed from the data of `today` (by default, today: the day the file is made)."""
    letterhead = report_letterhead(report)
    if number is not None:
        letterhead.number = number
    annexes: list[Table] = []
    if report.annexes:
        facts = board_facts(
            plan=report.plan,
            period=period_parse(report.period),
            issuer=report.organization,
            writer=letterhead.issuer_name,
            today=today or timezone.localdate(),
        )
        annexes = board_annexes(facts, report.annexes)
    return BoardDocument(
        letterhead=letterhead,
        summary=report.summary,
        sections=[
            DocumentSection(section.get("heading", ""), parse_markup(section.get("text", "")))
            for section in report.sections
        ],
        annexes=annexes,
        title=f"{_('REPORT')} {report.summary}",
    )
