from django.contrib import admin
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


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Organization)
class OrganizationAdmin(TreeAdmin):
    form = movenodeform_factory(Organization)
    list_display = ["name", "code", "kind", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name", "name_folded", "code", "short_name"]
    inlines = [MembershipInline]

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
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "organization", "role", "is_active"]
    list_filter = ["role", "is_active", "organization__kind"]
    search_fields = ["user__username", "user__last_name", "user__first_name", "organization__name_folded"]
    autocomplete_fields = ["user", "organization"]
    list_select_related = ["user", "organization"]


@admin.register(Supervision)
class SupervisionAdmin(admin.ModelAdmin):
    list_display = ["member", "organization", "starts_on", "ends_on"]
    search_fields = ["member__username", "member__last_name", "organization__name_folded"]
    autocomplete_fields = ["member", "organization"]
    list_select_related = ["member", "organization"]


# Trust anchors and organizations' signing certificates register themselves on import.
from organizations.signatures import admin as _signatures_admin  # noqa: E402, F401
