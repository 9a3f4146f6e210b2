"""The documents register: list, search, create and edit with the symbol checked as it is typed, files."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from organizations.audit.trail import (
    HISTORY_LIMIT,
    SHORT_HISTORY,
    audit_history,
    history_shown,
    history_wanted,
)
from organizations.files.downloads import protected_file_response
from organizations.files.limits import limit_request_size, request_too_large
from organizations.http import query_string, require_staff
from organizations.text import fold
from organizations.withdrawal.forms import WithdrawalForm
from plans import symbols
from plans.documents import document_save, document_withdraw, document_withdraw_blocker, symbol_check
from plans.forms import DocumentFilterForm, DocumentForm
from plans.models import Document
from plans.selectors import (
    document_attachment_get_for_user,
    document_get_for_user,
    document_read_get_for_user,
    documents_for_user,
    documents_managed_by,
    issuers_for_user,
    registering_committee,
)

PAGE_SIZE = 30


def documents_filtered(access, params):
    """The register with its filters (words, type, issuer, year) as the page and its workbook apply them
    (issue 17 item 13): the documents in their order, and the bound filter form."""
    visible = documents_for_user(access).active()
    issuer_codes = visible.order_by("issuer_code").values_list("issuer_code", flat=True).distinct()
    years = [day.year for day in visible.dates("issued_on", "year", order="DESC")]
    filters = DocumentFilterForm(params or None, issuer_codes=list(issuer_codes), years=years)
    documents = visible
    if filters.is_bound:
        filters.is_valid()
        # A filter with a value not offered (a stale year in a bookmark) is dropped; the others still apply.
        data = {"q": "", "type": "", "issuer": "", "year": None, **filters.cleaned_data}
        if data["q"]:
            # The folded phrase as typed: "dang uy" finds "Đảng ủy", not every text with "dang" and "uy".
            documents = documents.filter(search_text__contains=" ".join(fold(data["q"]).split()))
        if data["type"]:
            documents = documents.filter(doc_type=data["type"])
        if data["issuer"]:
            documents = documents.filter(issuer_code=data["issuer"])
        if data["year"]:
            documents = documents.filter(issued_on__year=data["year"])
    documents = (
        documents.select_related("issuer")
        .annotate(file_count=Count("attachments", filter=Q(attachments__withdrawn_at__isnull=True)))
        .order_by("-issued_on", "symbol", "pk")
    )
    return documents, filters


@login_required
def document_list(request):
    require_staff(request)
    documents, filters = documents_filtered(request.access, request.GET)
    page = Paginator(documents, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "plans/document_list.html",
        {
            "page": page,
            "filters": filters,
            "query_string": query_string(request),
            "filtered": any(request.GET.get(key) for key in ("q", "type", "issuer", "year")),
        },
    )


def _document_history(document, *, full: bool):
    """The document's and its files' history: the last few entries, or all of them (organizations/audit)."""
    entries = audit_history(
        document, document.attachments.all(), limit=HISTORY_LIMIT if full else SHORT_HISTORY + 1
    )
    return history_shown(entries, full=full)


@login_required
def document_detail(request, pk: int):
    # Office staff, and read-only the members of organizations whose obligations depend on it.
    document = document_read_get_for_user(request.access, pk)
    can_edit = _can_edit(request, document)
    # A withdrawn document shows the files it had; one in force, those still attached.
    attachments = document.attachments.all() if document.is_withdrawn else document.attachments.active()
    return render(
        request,
        "plans/document_detail.html",
        {
            "document": document,
            "attachments": attachments.order_by("uploaded_at", "pk"),
            "can_edit": can_edit and not document.is_withdrawn,
            "can_withdraw": can_edit and not document_withdraw_blocker(document=document),
            # The trail is for the staff who manage the document.
            "history": _document_history(document, full=history_wanted(request)) if can_edit else None,
            "misquotes": _misquotes(document),
        },
    )


def _misquotes(document) -> list:
    """The plans' citations of this document written with another symbol: a misquote linked to the
    document it means (tasks/plan_import/citations.py), shown with its words for a person to check."""
    found = []
    for reference in document.cited_by.select_related("plan__document").order_by("pk"):
        cited = symbols.cited_symbol(reference.written_as)
        if cited is not None and str(cited[0]) != document.symbol:
            found.append(reference)
    return found


def _can_edit(request, document) -> bool:
    return documents_managed_by(request.access).filter(pk=document.pk).exists()


def _document_form_view(request, *, document=None):
    issuers = issuers_for_user(request.access)
    too_large = request_too_large(request) if request.method == "POST" else ""
    form = DocumentForm(
        request.POST or None,
        request.FILES or None,
        # A new document goes in the register of the committee the staff member serves.
        instance=document or Document(registered_by=registering_committee(request.access)),
        issuers=issuers,
        request_too_large=too_large,
    )
    if request.method == "POST" and form.is_valid():
        created = document is None
        saved = document_save(
            document=form.save(commit=False), files=form.cleaned_data["files"], user=request.user
        )
        if created:
            messages.success(request, _("Document %(symbol)s registered.") % {"symbol": saved.symbol})
        else:
            messages.success(request, _("Document %(symbol)s saved.") % {"symbol": saved.symbol})
        if saved.warning:
            messages.warning(request, saved.warning)
        return redirect("document_detail", pk=saved.pk)
    symbol = form["symbol"].value() or ""
    stated = form["stated_type"].value() or ""
    return render(
        request,
        "plans/document_form.html",
        {
            "form": form,
            "document": document,
            "attachments": document.attachments.active().order_by("uploaded_at", "pk") if document else [],
            "check": symbol_check(text=symbol, stated=stated) if symbol else None,
        },
        status=413 if too_large else 200,
    )


@login_required
@limit_request_size
def document_create(request):
    require_staff(request)
    return _document_form_view(request)


@login_required
@limit_request_size
def document_edit(request, pk: int):
    require_staff(request)
    document = document_get_for_user(request.access, pk, manage=True)
    if document.is_withdrawn:
        messages.info(request, _("This document has been withdrawn; it can no longer be edited."))
        return redirect("document_detail", pk=document.pk)
    return _document_form_view(request, document=document)


@login_required
def document_withdraw_view(request, pk: int):
    """Withdraw a document registered by mistake (never deleted): confirm, give a reason."""
    require_staff(request)
    document = document_get_for_user(request.access, pk, manage=True)
    blocker = document_withdraw_blocker(document=document)
    if blocker:
        messages.error(request, blocker)
        return redirect("document_detail", pk=document.pk)
    form = WithdrawalForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            document_withdraw(document=document, user=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return redirect("document_detail", pk=document.pk)
        messages.success(request, _("Document %(symbol)s withdrawn.") % {"symbol": document.symbol})
        return redirect("document_detail", pk=document.pk)
    return render(request, "plans/document_withdraw.html", {"document": document, "form": form})


@login_required
def document_symbol_check(request):
    require_staff(request)
    check = symbol_check(text=request.GET.get("symbol", ""), stated=request.GET.get("stated_type", ""))
    if check.get("symbol"):
        check["existing"] = (
            documents_for_user(request.access)
            .active()
            .filter(symbol=check["symbol"])
            .order_by("-issued_on", "pk")[:5]
        )
    return render(request, "plans/partials/symbol_check.html", {"check": check})


@login_required
def document_attachment(request, pk: int, file_id: int):
    attachment = document_attachment_get_for_user(request.access, document_pk=pk, pk=file_id)
    return protected_file_response(
        request=request, field_file=attachment.file, filename=attachment.original_name
    )
