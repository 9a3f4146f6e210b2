"""Asking for a report, generating it (in a Celery task), and building a report's file directly.

A report moves queued → running → done, or failed with the error kept: generation never leaves a report
running. An exception (including Celery's soft time limit) marks it failed; a worker killed outright
(hard time limit, lost machine) cannot, so a report still unfinished once the time limit is well past is
marked failed by `report_fail_stale`, which beat runs every few minutes (reports.tasks.fail_stale_reports).
"""

import datetime
import logging
from dataclasses import dataclass

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from organizations.models import Organization
from organizations.signatures.stored import signature_check_data
from plans.models import Plan
from plans.periods import Period, period_parse
from reports.content.common import ReportContent
from reports.content.kinds import report_data
from reports.content.letterhead import Letterhead
from reports.models import Report

logger = logging.getLogger(__name__)

CONTENT_TYPES = {
    Report.Format.PDF: "application/pdf",
    Report.Format.DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    Report.Format.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


@dataclass(frozen=True)
class Heading:
    """What the command line may set in a report's letterhead: its date, its number, who signs."""

    date: datetime.date | None = None
    number: str = ""
    signer: tuple[str, ...] = ()  # (name,) or (title, name) or (authority, title, name)

    def apply(self, letterhead: Letterhead) -> None:
        if self.date is not None:
            letterhead.issued_on = self.date
        if self.number:
            letterhead.number = self.number
        if self.signer:
            *above, letterhead.signature_name = self.signer
            if above:
                *authority, letterhead.signature_title = above
                if authority:
                    letterhead.signature_authority = authority[0]


def report_render(*, content: ReportContent, fmt: str, signer: Organization | None = None) -> bytes:
    """The file of `content`; a PDF signed by `signer`'s own key when it has one (reports.signing)."""
    if fmt == Report.Format.PDF:
        from reports.signing import report_pdf_issue

        return report_pdf_issue(content=content, organization=signer)
    if fmt == Report.Format.DOCX:
        from reports.render.docx import report_docx

        return report_docx(content)
    if fmt == Report.Format.XLSX:
        from reports.content.grid import grid_table
        from reports.render.excel import report_xlsx

        extra = []
        if content.kind in Report.PLAN_KINDS:  # the whole bloc's grid: the committee's reports only
            extra.append(grid_table(plan=content.plan, period=content.period, today=content.as_of))
        return report_xlsx(content, extra_tables=extra)
    raise ValueError(f"unknown format {fmt!r}")


def report_build(
    *,
    kind: str,
    plan: Plan,
    period: Period,
    fmt: str,
    today: datetime.date,
    organization: Organization | None = None,
    heading: Heading | None = None,
) -> bytes:
    """The file of a report, computed now (the command line comes here); `heading` sets its date, number and
    signer."""
    content = report_data(kind=kind, plan=plan, period=period, organization=organization, today=today)
    if heading is not None:
        heading.apply(content.letterhead)
    return report_render(content=content, fmt=fmt)


def report_request(
    *,
    user,
    kind: str,
    plan: Plan,
    period: Period,
    fmt: str,
    organization: Organization | None = None,
    today: datetime.date | None = None,
    language: str | None = None,
) -> Report:
    """Record the request and queue its generation once the transaction commits (the row must exist
    before a worker looks for it). Access is the caller's business (reports.views checks it)."""
    report = Report.objects.create(
        kind=kind,
        plan=plan,
        period=period.key,
        period_start=period.start,
        period_end=period.end,
        organization=organization if kind == Report.Kind.ORGANIZATION else None,
        format=fmt,
        language=language or translation.get_language() or settings.LANGUAGE_CODE,
        as_of=today or timezone.localdate(),
        created_by=user if getattr(user, "is_authenticated", False) else None,
    )
    transaction.on_commit(lambda: report_enqueue(report_id=report.pk))
    return report


def report_enqueue(*, report_id: int) -> None:
    from reports.tasks import generate_report

    try:
        generate_report.delay(report_id)
    except Exception as error:  # the broker is down: say so rather than leave the report queued
        logger.exception("report %s could not be queued", report_id)
        _fail(report_id, _("The report could not be queued: %(error)s") % {"error": error})


def _fail(report_id: int, message: str) -> None:
    Report.objects.filter(pk=report_id, status__in=Report.UNFINISHED).update(
        status=Report.Status.FAILED, error=message[:2000], finished_at=timezone.now()
    )


def _progress(report_id: int, percent: int) -> None:
    Report.objects.filter(pk=report_id, status=Report.Status.RUNNING).update(progress=percent)


def report_run(*, report_id: int) -> str:
    """Generate and store the file of one report; returns its final status. Safe to call twice: a report
    already done or failed is left alone."""
    claimed = Report.objects.filter(
        pk=report_id, status__in=Report.UNFINISHED, attempts__lt=Report.MAX_ATTEMPTS
    ).update(
        status=Report.Status.RUNNING,
        started_at=timezone.now(),
        progress=5,
        error="",
        attempts=F("attempts") + 1,
    )
    if not claimed:
        # Started MAX_ATTEMPTS times already, and each time its worker died before it could say so.
        _fail(
            report_id,
            _("The report was started %(n)d times and its worker stopped each time. Ask for it again later.")
            % {"n": Report.MAX_ATTEMPTS},
        )
        return Report.objects.filter(pk=report_id).values_list("status", flat=True).first() or ""
    report = Report.objects.select_related("plan__document", "plan__owner", "organization").get(pk=report_id)
    try:
        from reports.signing import report_signer

        with translation.override(report.language):
            content = report_data(
                kind=report.kind,
                plan=report.plan,
                period=period_parse(report.period),
                organization=report.organization,
                today=report.as_of,
            )
            _progress(report_id, 40)
            data = report_render(content=content, fmt=report.format, signer=report_signer(report))
        _progress(report_id, 90)
        report.file.save(report.filename, ContentFile(data), save=False)
        Report.objects.filter(pk=report_id).update(
            file=report.file.name,
            size=len(data),
            status=Report.Status.DONE,
            progress=100,
            finished_at=timezone.now(),
            **signature_check_data(data=data, in_request=False).fields,
        )
        return Report.Status.DONE
    except Exception as error:
        logger.exception("report %s failed", report_id)
        if report.file.name:
            report.file.delete(save=False)
        _fail(report_id, f"{type(error).__name__}: {error}")
        return Report.Status.FAILED


def report_fail_stale(*, now: datetime.datetime | None = None) -> int:
    """Mark failed the reports still unfinished well after a worker would have been stopped (the Celery
    time limit plus five minutes): their worker died. Returns how many."""
    now = now or timezone.now()
    limit = datetime.timedelta(seconds=(getattr(settings, "CELERY_TASK_TIME_LIMIT", None) or 1800) + 300)
    cut = now - limit
    stale = Report.objects.filter(status__in=Report.UNFINISHED).filter(
        Q(started_at__lt=cut) | Q(started_at__isnull=True, created_at__lt=cut)
    )
    return stale.update(
        status=Report.Status.FAILED,
        error=_("The report did not finish in time: its worker stopped. Ask for it again."),
        finished_at=now,
    )
