"""The pages of a report written in Plantrack (docs/domain.md §8.3): the list with the form that starts one, the
page that edits it (its header, each section, the recipients and signature; redraft a section; issue it), its
current text as PDF or Word, the files of each issued version, and handing an organization's issued report in
for its periodic report due.

The views parse, call reports.board.services / issuing and render; every report is fetched through
reports.selectors, so anyone who may not see it gets 404.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from organizations.files.downloads import attachment_disposition, protected_file_response
from reports.board import issuing
from reports.board.forms import AUTHORITIES, TITLES, BoardReportCreateForm, BoardReportForm
from reports.board.services import board_report_create, board_report_redraft, board_report_save
from reports.board.signed_copy import board_version_signed_copy_accept
from reports.content.board import SECTION_KEYS
from reports.content.board_document import board_document
from reports.forms import SignedCopyForm
from reports.models import BoardReport
from reports.render.docx import board_docx
from reports.render.pdf import board_pdf
from reports.selectors import board_report_get_for_user, board_reports_for_user, board_version_get_for_user

PAGE_SIZE = 25
FORMATS = (issuing.PDF, issuing.DOCX)


@login_required
@require_http_methods(["GET", "POST"])
def board_report_list(request):
    access = request.access
    today = timezone.localdate()
    form = BoardReportCreateForm(
        request.POST if request.method == "POST" else None, access=access, today=today
    )
    if request.method == "POST" and form.is_valid():
        report = board_report_create(
            plan=form.cleaned_data["plan"],
            organization=form.cleaned_data["organization"],
            period=form.chosen_period(),
            user=request.user,
            today=today,
            language=translation.get_language(),
        )
        messages.success(
            request, _("The report has been drafted from the data. Read it, complete it, then issue it.")
        )
        return redirect("board_report_edit", pk=report.pk)
    reports = board_reports_for_user(access).select_related("plan__document", "organization", "updated_by")
    page = Paginator(reports, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "reports/board_report_list.html",
        {"form": form, "page": page, "reports": page.object_list},
        status=400 if form.is_bound else 200,
    )


def _edit_page(request, report: BoardReport, form: BoardReportForm, *, status: int = 200, signed_form=None):
    return render(
        request,
        "reports/board_report_edit.html",
        {
            "report": report,
            "form": form,
            "versions": report.versions.select_related(
                "issued_by", "submission", "signed_uploaded_by"
            ).order_by("-version"),
            "due": issuing.report_due(report=report),
            "authorities": AUTHORITIES,
            "titles": TITLES,
            "formats": FORMATS,
            "signed_form": signed_form or SignedCopyForm(),
        },
        status=status,
    )


def _form_errors(form: BoardReportForm, error: ValidationError) -> None:
    """A refusal of the service, shown next to the field it is about (or on top)."""
    by_field = error.message_dict if hasattr(error, "error_dict") else {None: error.messages}
    for field, errors in by_field.items():
        for message in errors:
            form.add_error(field if field in form.fields else None, message)


@login_required
@require_http_methods(["GET", "POST"])
def board_report_edit(request, pk: int):
    """The report's page. One form holds everything; "Soạn lại" (redraft a section) and "Ban hành" (issue)
    are its buttons, so that what was typed is saved before either runs and nothing typed is lost."""
    report = board_report_get_for_user(request.access, pk)
    if request.method == "GET":
        return _edit_page(request, report, BoardReportForm(report=report))
    form = BoardReportForm(request.POST, report=report)
    if not form.is_valid():
        return _edit_page(request, report, form, status=400)
    fields, texts = form.fields_and_texts()
    report = board_report_save(report=report, user=request.user, fields=fields, texts=texts)
    url = reverse("board_report_edit", args=[report.pk])
    redraft = request.POST.get("redraft", "")
    if redraft in SECTION_KEYS:
        board_report_redraft(report=report, key=redraft, user=request.user)
        messages.success(
            request, _("The section has been drafted again from the data; the others are as they were.")
        )
        return redirect(f"{url}#section-{redraft}")
    if request.POST.get("action") == "issue":
        try:
            version = issuing.board_report_issue(report=report, user=request.user)
        except ValidationError as error:
            _form_errors(form, error)
            return _edit_page(request, board_report_get_for_user(request.access, pk), form, status=400)
        messages.success(
            request,
            _("Issued as No. %(symbol)s (version %(version)s) and registered in the documents register.")
            % {"symbol": version.symbol, "version": version.version},
        )
        return redirect(url)
    messages.success(request, _("Saved."))
    return redirect(url)


@login_required
@require_GET
def board_report_file(request, pk: int, fmt: str):
    """The report as it stands now, as PDF or Word (a draft: its number left blank until issued)."""
    report = board_report_get_for_user(request.access, pk)
    if fmt not in FORMATS:
        raise Http404
    with translation.override(report.language):
        document = board_document(report)
        data = board_pdf(document) if fmt == issuing.PDF else board_docx(document)
    response = HttpResponse(data, content_type=issuing.CONTENT_TYPES[fmt])
    response["Content-Disposition"] = attachment_disposition(f"du-thao-bao-cao_{report.pk}.{fmt}")
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_GET
def board_version_file(request, pk: int, version: int, fmt: str):
    """An issued version's file, as it was frozen."""
    frozen = board_version_get_for_user(request.access, report_pk=pk, version=version)
    if fmt not in FORMATS:
        raise Http404
    return protected_file_response(
        request=request,
        field_file=frozen.pdf if fmt == issuing.PDF else frozen.docx,
        filename=frozen.filename(fmt),
        content_type=issuing.CONTENT_TYPES[fmt],
    )


@login_required
@require_POST
def board_report_hand_in(request, pk: int, version: int):
    """Hand an organization's issued report in for its periodic report due, without uploading it again."""
    frozen = board_version_get_for_user(request.access, report_pk=pk, version=version)
    if frozen.report.organization_id not in request.access.own_org_ids:
        raise Http404  # only those who speak for the organization hand in for it
    try:
        submission = issuing.board_report_hand_in(version=frozen, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("Handed in: version %(version)s of “%(due)s”.")
            % {"version": submission.version, "due": issuing.due_title(submission.due)},
        )
    return redirect("board_report_edit", pk=pk)


@login_required
@require_POST
def board_version_signed_upload(request, pk: int, version: int):
    """An issued version signed outside Plantrack with a person's own token, uploaded back: it becomes the
    version's PDF once checked against the PDF issued (reports.board.signed_copy, docs/domain.md §8.4)."""
    frozen = board_version_get_for_user(request.access, report_pk=pk, version=version)
    form = SignedCopyForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            board_version_signed_copy_accept(
                version=frozen, upload=form.cleaned_data["file"], user=request.user
            )
        except ValidationError as error:
            form.add_error("file", error)
        else:
            messages.success(request, _("The signed report was checked: it is now the issued file."))
            return redirect("board_report_edit", pk=pk)
    report = frozen.report
    return _edit_page(request, report, BoardReportForm(report=report), status=400, signed_form=form)
