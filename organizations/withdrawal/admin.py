"""Admin support for withdrawn-not-deleted models: a "withdraw" action that asks for a reason, and no delete.

The action calls the model's own withdrawal service, so the admin follows the same rules (and leaves the
same audit entries) as the pages do.
"""

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.exceptions import ValidationError
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from organizations.withdrawal.forms import WithdrawalForm


class WithdrawnFilter(admin.SimpleListFilter):
    title = gettext_lazy("withdrawn")
    parameter_name = "withdrawn"

    def lookups(self, request, model_admin):
        return [("no", _("In force")), ("yes", _("Withdrawn"))]

    def queryset(self, request, queryset):
        if self.value() == "no":
            return queryset.filter(withdrawn_at__isnull=True)
        if self.value() == "yes":
            return queryset.filter(withdrawn_at__isnull=False)
        return queryset


WITHDRAW_SELECTED = gettext_lazy("Withdraw the selected %(verbose_name_plural)s")


def withdraw_action(withdraw, *, description=WITHDRAW_SELECTED):
    """An admin action that withdraws each selected row through `withdraw(obj=..., user=..., reason=...)`."""

    def action(modeladmin, request, queryset):
        form = WithdrawalForm(request.POST if "reason" in request.POST else None)
        if form.is_bound and form.is_valid():
            done, refused = 0, []
            for obj in queryset:
                try:
                    withdraw(obj=obj, user=request.user, reason=form.cleaned_data["reason"])
                except ValidationError as exc:
                    refused.append(f"{obj}: {' '.join(exc.messages)}")
                else:
                    done += 1
            if done:
                modeladmin.message_user(
                    request, _("%(count)d withdrawn.") % {"count": done}, messages.SUCCESS
                )
            for message in refused:
                modeladmin.message_user(request, message, messages.ERROR)
            return None
        opts = modeladmin.model._meta
        return TemplateResponse(
            request,
            "admin/withdraw_selected.html",
            {
                **modeladmin.admin_site.each_context(request),
                "title": _("Withdraw"),
                "opts": opts,
                "queryset": queryset,
                "form": form,
                "action_name": action.__name__,
                "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
                "media": modeladmin.media,
            },
        )

    action.__name__ = "withdraw_selected"
    action.short_description = description
    action.allowed_permissions = ("change",)
    return action


class NoDeleteMixin:
    """Rows of this model are withdrawn, never deleted: not from the admin either."""

    def has_delete_permission(self, request, obj=None):
        return False
