"""The admin site: Django's, except that a superuser must have passed two-step verification in this session, and
that signing in happens on Plantrack's own login page (password, lockout and code, all in one place)."""

from urllib.parse import urlencode

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.shortcuts import redirect
from django.urls import reverse


class PlantrackAdminSite(admin.AdminSite):
    def has_permission(self, request) -> bool:
        user = request.user
        if not super().has_permission(request):
            return False
        # The middleware sends such a session to the code page first; this holds even without it.
        return not user.is_superuser or user.is_verified()

    def login(self, request, extra_context=None):
        target = request.GET.get("next") or reverse("admin:index")
        return redirect(f"{reverse('login')}?{urlencode({'next': target})}")


class PlantrackAdminConfig(AdminConfig):
    default_site = "config.admin.PlantrackAdminSite"
