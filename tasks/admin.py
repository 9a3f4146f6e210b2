from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from organizations.withdrawal.admin import NoDeleteMixin, WithdrawnFilter, withdraw_action
from tasks.models import (
    Assignment,
    Due,
    Reminder,
    ReminderDigest,
    ReminderPolicy,
    Review,
    Submission,
    SubmissionFile,
    Task,
    TaskUnit,
)


class TaskUnitInline(admin.TabularInline):
    model = TaskUnit
    extra = 0
    autocomplete_fields = ["organization"]


class AssignmentInline(admin.TabularInline):
    model = Assignment
    extra = 0
    autocomplete_fields = ["organization"]


@admin.register(Task)
class TaskAdmin(admin.ModelAdmin):
    list_display = ["short_text", "plan", "section", "kind", "kind_explicit", "due_on", "trigger_document"]
    list_filter = ["kind", "kind_explicit", "precision", "plan"]
    search_fields = ["number", "text", "short_title"]
    list_select_related = ["plan__document", "section", "trigger_document"]
    autocomplete_fields = ["awaited_issuer", "trigger_document"]
    raw_id_fields = ["section"]
    inlines = [TaskUnitInline, AssignmentInline]

    @admin.display(description=_("task"))
    def short_text(self, obj):
        return obj.label


@admin.register(Due)
class DueAdmin(admin.ModelAdmin):
    list_display = ["organization", "task", "period", "due_on", "state", "first_submitted_at"]
    list_filter = ["state", "period", "task__kind", "task__plan"]
    search_fields = ["organization__name_folded", "task__text"]
    list_select_related = ["organization", "task"]
    raw_id_fields = ["task", "organization"]
    date_hierarchy = "due_on"


class SubmissionFileInline(NoDeleteMixin, admin.TabularInline):
    model = SubmissionFile
    extra = 0
    readonly_fields = ["original_name", "content_type", "size", "sha256", "withdrawn_at", "withdrawal_reason"]


def _withdraw_submission(*, obj, user, reason):
    from tasks.submissions.services import submission_withdraw

    submission_withdraw(submission=obj, user=user, reason=reason)


@admin.register(Submission)
class SubmissionAdmin(NoDeleteMixin, admin.ModelAdmin):
    """Versions are never deleted: withdrawn, through the same rules as on the pages."""

    list_display = ["due", "version", "work_status", "submitted_by", "submitted_at", "withdrawn_at"]
    list_filter = [WithdrawnFilter, "work_status", "due__state"]
    readonly_fields = ["withdrawn_at", "withdrawn_by", "withdrawal_reason"]
    actions = [withdraw_action(_withdraw_submission)]
    search_fields = ["due__organization__name_folded", "text", "document_symbol"]
    list_select_related = ["due__organization", "due__task", "submitted_by"]
    raw_id_fields = ["due"]
    inlines = [SubmissionFileInline]


@admin.register(Review)
class ReviewAdmin(admin.ModelAdmin):
    list_display = ["submission", "decision", "reviewer", "reviewed_at"]
    list_filter = ["decision"]
    search_fields = ["reason", "submission__due__organization__name_folded"]
    list_select_related = ["submission__due__organization", "submission__due__task", "reviewer"]
    raw_id_fields = ["submission"]


@admin.register(ReminderPolicy)
class ReminderPolicyAdmin(admin.ModelAdmin):
    list_display = ["plan", "is_active", "days_before", "on_due_date", "overdue_every", "escalate_after"]
    list_select_related = ["plan__document"]
    raw_id_fields = ["plan"]


@admin.register(Reminder)
class ReminderAdmin(admin.ModelAdmin):
    """The reminder log: read it, never edit it (the scan and the sender own these rows)."""

    list_display = ["recipient", "due", "kind", "offset", "occurs_on", "claimed_on", "state", "sent_at"]
    list_filter = ["state", "kind", "claimed_on"]
    search_fields = ["recipient__username", "recipient__email", "due__organization__name_folded"]
    list_select_related = ["recipient", "due__organization", "due__task"]
    date_hierarchy = "claimed_on"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ReminderDigest)
class ReminderDigestAdmin(admin.ModelAdmin):
    list_display = ["recipient", "kind", "day", "state", "email", "item_count", "attempts", "sent_at"]
    list_filter = ["state", "kind", "day"]
    search_fields = ["recipient__username", "email"]
    list_select_related = ["recipient"]
    readonly_fields = ["last_error"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
