"""The home page: each person lands where their role works."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render


@login_required
def home(request):
    access = request.access
    for allowed, name in (
        (access.is_staff, "dashboard"),
        (access.is_supervisor, "supervision"),
        (access.has_own_organization, "due_list"),
    ):
        if allowed:
            return redirect(name)
    return render(request, "tasks/home_unassigned.html")
