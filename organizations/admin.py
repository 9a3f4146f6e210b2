from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from treebeard.admin import TreeAdmin
from treebeard.forms import movenodeform_factory

from organizations.audit.trail import Action, audit_bulk
from organizations.models import Membership, Organization, Supervision


def _audit_move(organization: Organization, before_path: str) -> None:
    """treebeard moves a node (and its subtree) with SQL updates, which send no signal: record the move."""
    organization.refresh_from_db(fields=["path", "depth"])
    if organization.path != before_path:
        audit_bulk(
            objects=[organization],
            action=Action.UPDATE,
            changes_for=lambda org: {"path": [before_path, org.path]},
        )


def _ended(obj) -> bool:
    """An organization a reorganization ended is kept read-only (docs/domain.md, "Reorganizations")."""
    organization = obj if isinstance(obj, Organization) else getattr(obj, "organization", None)
    return organization is not None and organization.ended_on is not None


class _CurrentOrganizationsOnly:
    """No new role in (or follow-up of) an ended organization: it is not offered, and refused if posted."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "organization":
            kwargs["queryset"] = Organization.objects.filter(ended_on__isnull=True)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def has_change_permission(self, request, obj=None):
        return not _ended(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return not _ended(obj) and super().has_delete_permission(request, obj)


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]

    # `obj` is the organization of the page: an ended one's people are shown, never changed.
    def has_add_permission(self, request, obj=None):
        return not _ended(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return not _ended(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return not _ended(obj) and super().has_delete_permission(request, obj)


@admin.register(Organization)
class OrganizationAdmin(TreeAdmin):
    form = movenodeform_factory(Organization)
    list_display = ["name", "code", "kind", "is_active", "ended_on", "successors"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name", "name_folded", "code", "short_name"]
    readonly_fields = ["ended_on", "successors"]
    inlines = [MembershipInline]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("successions__successor")

    @admin.display(description=_("successors"))
    def successors(self, obj) -> str:
        return ", ".join(succession.successor.name for succession in obj.successions.all()) or "—"

    def has_change_permission(self, request, obj=None):
        return not _ended(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return not _ended(obj) and super().has_delete_permission(request, obj)

    def save_form(self, request, form, change):
        before = form.instance.path if change else None
        saved = super().save_form(request, form, change)  # the move form moves the node here
        if change:
            _audit_move(saved, before)
        return saved

    def move_node(self, request):
        node_id = request.POST.get("node", "")
        node = Organization.objects.filter(pk=int(node_id)).first() if node_id.isdigit() else None
        response = super().move_node(request)
        if node is not None:
            _audit_move(node, node.path)
        return response


@admin.register(Membership)
class MembershipAdmin(_CurrentOrganizationsOnly, admin.ModelAdmin):
    list_display = ["user", "organization", "role", "is_active"]
    list_filter = ["role", "is_active", "organization__kind"]
    search_fields = ["user__username", "user__last_name", "user__first_name", "organization__name_folded"]
    autocomplete_fields = ["user", "organization"]
    list_select_related = ["user", "organization"]


@admin.register(Supervision)
class SupervisionAdmin(_CurrentOrganizationsOnly, admin.ModelAdmin):
    list_display = ["member", "organization", "starts_on", "ends_on"]
    search_fields = ["member__username", "member__last_name", "organization__name_folded"]
    autocomplete_fields = ["member", "organization"]
    list_select_related = ["member", "organization"]


# Trust anchors and organizations' signing certificates register themselves on import.
from organizations.signatures import admin as _signatures_admin  # noqa: E402, F401
