"""Writing a report before it is issued (docs/domain.md §8.3): drafting it from the data, with its header,
recipients and signature prefilled from the plan and the committee (or the organization); saving what staff
edit; drafting one section again from fresh data without touching the others.

An edit to a report already issued starts its next version: the issued ones stay as they were
(reports/board/issuing.py).
"""

import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from organizations.models import Organization
from plans.models import Plan
from plans.periods import Period, period_parse, period_phrase
from reports.content.board import SECTION_KEYS, board_facts, draft_section, draft_sections, report_writer
from reports.content.common import capitalize
from reports.content.letterhead import Letterhead, organization_letterhead, plan_letterhead
from reports.models import BoardReport

# The fields of a report that staff edit in the browser, besides the sections' texts.
EDITABLE = (
    "superior",
    "issuer",
    "number",
    "symbol_suffix",
    "place",
    "issued_on",
    "summary",
    "recipients",
    "signature_authority",
    "signature_title",
    "signature_name",
    "annexes",
)


def report_kind(period: Period) -> str:
    if period.key.isdigit():
        return BoardReport.Kind.ANNUAL
    if period.key.endswith(("-H1", "-H2")):
        return BoardReport.Kind.HALF_YEAR
    return BoardReport.Kind.CUSTOM


def prefilled_letterhead(*, plan: Plan, organization: Organization, as_of: datetime.date) -> Letterhead:
    """The header and closing a new report starts from: the plan's place and signature and the recipients
    of its committee's reports (the plan's own list when it has one), or the organization's."""
    if organization.pk != plan.owner_id:
        return organization_letterhead(plan=plan, organization=organization, as_of=as_of)
    letterhead = plan_letterhead(plan=plan, as_of=as_of)
    if plan.recipients:
        letterhead.recipients = [str(line) for line in plan.recipients]
    return letterhead


def report_summary(*, plan: Plan, period: Period) -> str:
    return capitalize(
        _("results of carrying out Plan %(symbol)s %(period)s")
        % {"symbol": plan.document.symbol, "period": period_phrase(period)}
    )


def report_facts(report: BoardReport, *, today: datetime.date | None = None):
    """What the report is drafted from, with overdue and late judged on `today` (by default the day it is
    drafted: the figures are those of the day, as the matrix's)."""
    return board_facts(
        plan=report.plan,
        period=period_parse(report.period),
        issuer=report.organization,
        writer=report_writer(plan=report.plan, organization=report.organization),
        today=today or timezone.localdate(),
    )


def board_report_draft(
    *,
    plan: Plan,
    organization: Organization,
    period: Period,
    today: datetime.date,
    language: str | None = None,
    user=None,
) -> BoardReport:
    """A new report drafted from the data of `today` (its date until staff change it), not saved yet (the
    command line renders one without keeping it)."""
    language = language or translation.get_language() or settings.LANGUAGE_CODE
    with translation.override(language):
        letterhead = prefilled_letterhead(plan=plan, organization=organization, as_of=today)
        report = BoardReport(
            plan=plan,
            organization=organization,
            kind=report_kind(period),
            period=period.key,
            period_start=period.start,
            period_end=period.end,
            language=language,
            superior=letterhead.superior,
            issuer=letterhead.issuer,
            symbol_suffix=letterhead.symbol_suffix,
            place=letterhead.place,
            issued_on=today,
            summary=report_summary(plan=plan, period=period),
            recipients="\n".join(letterhead.recipients),
            signature_authority=letterhead.signature_authority,
            signature_title=letterhead.signature_title,
            signature_name=letterhead.signature_name,
            created_by=user,
            updated_by=user,
        )
        report.sections = draft_sections(report_facts(report, today=today))
    return report


@transaction.atomic
def board_report_create(
    *,
    plan: Plan,
    organization: Organization,
    period: Period,
    user,
    today: datetime.date,
    language: str | None = None,
) -> BoardReport:
    """A new report, drafted from the data and kept. Whether `user` may write for `organization` is the
    caller's business (reports.selectors.board_report_writers)."""
    report = board_report_draft(
        plan=plan, organization=organization, period=period, today=today, language=language, user=user
    )
    report.save()
    return report


def _next_version(report: BoardReport) -> None:
    """An edit to an issued report is the start of its next version."""
    if report.state == BoardReport.State.ISSUED:
        report.state = BoardReport.State.DRAFT


@transaction.atomic
def board_report_save(*, report: BoardReport, user, fields: dict, texts: dict[str, str]) -> BoardReport:
    """Store what staff edited: any of EDITABLE in `fields`, and each section's text in `texts` (by key).
    A section missing from `texts` keeps its text. Nothing changed, nothing is written."""
    report = BoardReport.objects.select_for_update().get(pk=report.pk)
    before = _editable_state(report)
    for name, value in fields.items():
        if name not in EDITABLE:
            raise ValueError(f"{name!r} is not an editable field of a report")
        setattr(report, name, value)
    for section in report.sections:
        if section["key"] in texts:
            section["text"] = texts[section["key"]].replace("\r\n", "\n").strip()
    if _editable_state(report) == before:
        return report  # saved unchanged: an issued report stays issued
    _next_version(report)
    report.updated_by = user
    report.save()
    return report


def _editable_state(report: BoardReport) -> tuple:
    return (*(str(getattr(report, name)) for name in EDITABLE), repr(report.sections))


@transaction.atomic
def board_report_redraft(
    *, report: BoardReport, key: str, user, today: datetime.date | None = None
) -> BoardReport:
    """Draft one section again from the data of `today` (by default, today); the other sections, the header
    and the closing stay as they are."""
    if key not in SECTION_KEYS:
        raise ValueError(f"unknown section {key!r}")
    report = (
        BoardReport.objects.select_for_update(of=("self",))
        .select_related("plan", "organization")
        .get(pk=report.pk)
    )
    with translation.override(report.language):
        text = draft_section(key, report_facts(report, today=today))
    for section in report.sections:
        if section["key"] == key:
            section["text"] = text
    _next_version(report)
    report.updated_by = user
    report.save()
    return report
