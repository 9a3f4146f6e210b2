from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from organizations.text import fold
from organizations.withdrawal.admin import NoDeleteMixin, WithdrawnFilter, withdraw_action
from plans.documents import document_attachment_withdraw, document_withdraw
from plans.models import Document, DocumentAttachment, Plan, PlanReference, ReportingPeriod, Section


class FoldedSearchMixin:
    """Admin search that ignores diacritics through a folded column."""

    folded_field = "search_text"

    def get_search_results(self, request, queryset, search_term):
        if search_term:
            return queryset.filter(**{f"{self.folded_field}__contains": fold(search_term)}), False
        return queryset, False


WITHDRAWAL_FIELDS = ["withdrawn_at", "withdrawn_by", "withdrawal_reason"]


class AttachmentInline(NoDeleteMixin, admin.TabularInline):
    model = DocumentAttachment
    extra = 0
    readonly_fields = ["size", "uploaded_at", "uploaded_by", *WITHDRAWAL_FIELDS]


@admin.register(Document)
class DocumentAdmin(NoDeleteMixin, FoldedSearchMixin, admin.ModelAdmin):
    list_display = [
        "symbol",
        "doc_type",
        "issuer_code",
        "issued_on",
        "short_title",
        "has_warning",
        "withdrawn_at",
    ]
    list_filter = [WithdrawnFilter, "doc_type", "issuer_code", ("issued_on", admin.DateFieldListFilter)]
    search_fields = ["symbol"]
    date_hierarchy = "issued_on"
    readonly_fields = [
        "number",
        "doc_type",
        "issuer_code",
        "warning",
        "created_at",
        "created_by",
        *WITHDRAWAL_FIELDS,
    ]
    autocomplete_fields = ["issuer"]
    inlines = [AttachmentInline]
    actions = [
        withdraw_action(
            lambda *, obj, user, reason: document_withdraw(document=obj, user=user, reason=reason)
        )
    ]

    @admin.display(description=_("summary"))
    def short_title(self, obj):
        return obj.title[:100]

    @admin.display(description=_("warning"), boolean=True)
    def has_warning(self, obj):
        return bool(obj.warning)


@admin.register(DocumentAttachment)
class DocumentAttachmentAdmin(NoDeleteMixin, admin.ModelAdmin):
    list_display = ["original_name", "document", "size", "uploaded_at", "withdrawn_at"]
    list_filter = [WithdrawnFilter]
    search_fields = ["original_name", "document__symbol"]
    list_select_related = ["document"]
    raw_id_fields = ["document"]
    readonly_fields = [
        "size",
        "uploaded_at",
        "uploaded_by",
        "withdrawn_at",
        "withdrawn_by",
        "withdrawal_reason",
    ]
    actions = [
        withdraw_action(
            lambda *, obj, user, reason: document_attachment_withdraw(
                attachment=obj, user=user, reason=reason
            )
        )
    ]


class ReferenceInline(admin.TabularInline):
    model = PlanReference
    extra = 0
    autocomplete_fields = ["document"]


class ReportingPeriodInline(admin.TabularInline):
    model = ReportingPeriod
    extra = 0


@admin.register(Plan)
class PlanAdmin(admin.ModelAdmin):
    list_display = ["document", "owner", "period_start", "period_end"]
    list_filter = ["owner"]
    search_fields = ["document__symbol", "title"]
    autocomplete_fields = ["document", "owner", "parent"]
    list_select_related = ["document", "owner"]
    inlines = [ReferenceInline, ReportingPeriodInline]


@admin.register(Section)
class SectionAdmin(admin.ModelAdmin):
    list_display = ["label", "title", "plan", "position"]
    list_filter = ["plan"]
    search_fields = ["title", "label"]
    list_select_related = ["plan__document"]
    raw_id_fields = ["parent"]
