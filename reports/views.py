"""Report pages: ask for a report, follow its generation (htmx polling), download the file.

The views only parse the request, check access through reports.selectors and call reports.generation
(asking for a report) and reports.signing (a signed copy uploaded back).
A GET never writes: reports whose worker died are marked failed by beat (reports.tasks.fail_stale_reports),
not by the pages that show them (the status is polled every 1.5 s by everyone waiting for a report).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from organizations.files.downloads import protected_file_response
from reports.forms import ReportForm, SignedCopyForm
from reports.generation import CONTENT_TYPES, report_request
from reports.models import Report
from reports.selectors import report_get_for_user, reports_for_user
from reports.signing import report_may_upload_signed, report_signed_copy_accept

PAGE_SIZE = 25
POLL_EVERY = "1500ms"  # htmx interval (a string: never localized as 1,5)


@login_required
@require_http_methods(["GET", "POST"])
def report_list(request):
    access = request.access
    today = timezone.localdate()
    form = ReportForm(request.POST if request.method == "POST" else None, access=access, today=today)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        report = report_request(
            user=request.user,
            kind=data["kind"],
            plan=data["plan"],
            period=form.chosen_period(),
            organization=data.get("organization"),
            fmt=data["format"],
            today=today,
            language=translation.get_language(),
        )
        return redirect("report_detail", pk=report.pk)
    reports = reports_for_user(access).select_related("plan__document", "organization", "created_by")
    page = Paginator(reports, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "reports/report_list.html",
        {"form": form, "page": page, "reports": page.object_list, "poll_every": POLL_EVERY},
        status=400 if form.is_bound else 200,
    )


def _detail(request, report: Report, *, form=None, status: int = 200):
    may_upload = report_may_upload_signed(request.access, report)
    context = {
        "report": report,
        "poll_every": POLL_EVERY,
        "signed_form": (form or SignedCopyForm()) if may_upload else None,
    }
    return render(request, "reports/report_detail.html", context, status=status)


@login_required
def report_detail(request, pk: int):
    return _detail(request, report_get_for_user(request.access, pk))


@login_required
@require_POST
def report_signed_upload(request, pk: int):
    """The issued report signed outside Plantrack, uploaded back: kept as the issued file once checked."""
    report = report_get_for_user(request.access, pk)
    if not report_may_upload_signed(request.access, report):
        raise PermissionDenied
    form = SignedCopyForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            report_signed_copy_accept(report=report, upload=form.cleaned_data["file"], user=request.user)
        except ValidationError as error:
            form.add_error("file", error)
        else:
            messages.success(request, _("The signed report was checked: it is now the issued file."))
            return redirect("report_detail", pk=report.pk)
    return _detail(request, report, form=form, status=400)


@login_required
def report_status(request, pk: int):
    """The status partial, polled by htmx while the report is generated; it stops polling once done."""
    report = report_get_for_user(request.access, pk)
    template = (
        "reports/partials/report_row_status.html"
        if request.GET.get("row")
        else "reports/partials/report_status.html"
    )
    return render(request, template, {"report": report, "poll_every": POLL_EVERY})


@login_required
def report_download_original(request, pk: int):
    """The file as Plantrack generated it, once a signed copy was uploaded in its place."""
    report = report_get_for_user(request.access, pk, ready=True)
    stem = report.filename.rsplit(".", 1)[0]  # no original file (nothing uploaded in its place): 404
    return protected_file_response(
        request=request,
        field_file=report.original_file,
        filename=f"{stem}_original.{report.format}",
        content_type=CONTENT_TYPES[report.format],
    )


@login_required
def report_download(request, pk: int):
    report = report_get_for_user(request.access, pk, ready=True)
    return protected_file_response(
        request=request,
        field_file=report.file,
        filename=report.filename,
        content_type=CONTENT_TYPES[report.format],
    )
