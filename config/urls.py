from django.contrib import admin
from django.urls import include, path

from config.healthz import healthz

# The database unreachable anywhere in a request: the 503 page (config/unavailable.py).
handler500 = "config.unavailable.server_error"

# Uploaded files are never served from a public media URL: each download goes through a view that
# checks the user's access to the object it belongs to.
urlpatterns = [
    path("healthz/", healthz, name="healthz"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("accounts/", include("organizations.urls")),  # login (with lockout and two-step), then Django's
    path("accounts/", include("django.contrib.auth.urls")),
    path("documents/", include("plans.urls")),
    path("reports/", include("reports.urls")),
    path("reorganizations/", include("organizations.reorganization.urls")),
    path("", include("tasks.urls")),
]
