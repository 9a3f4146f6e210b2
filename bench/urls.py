"""The benchmark's urlconf: the application's URLs plus a floor view, which never ships with the app."""

from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import include, path

from organizations.models import Organization


@transaction.non_atomic_requests
def floor(request):
    """The cheapest request through the same stack: exactly one query (an indexed lookup), no template."""
    first = Organization.objects.order_by("pk").values_list("pk", flat=True).first()
    return HttpResponse(f"floor {first}", content_type="text/plain")


@login_required
def layout(request):
    """For reference, not a target: an empty page in the application's layout (session, user, access,
    navigation, unread notices), what every page of the app costs before its own content."""
    return render(request, "base.html")


urlpatterns = [
    path("bench/floor/", floor, name="bench_floor"),
    path("bench/layout/", layout, name="bench_layout"),
    path("", include("config.urls")),
]
