"""The administrator's reorganization page: upload a file, read its preview, apply it; then move people.

Only a superuser sees these pages (404 for anyone else, docs/architecture.md §4). Applying runs the same
service as manage.py reorganize.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from organizations.access import get_or_404
from organizations.http import require_superuser
from organizations.models import Membership, Organization, Reorganization
from organizations.reorganization.forms import ReorganizationForm
from organizations.reorganization.operations import reorganization_apply
from organizations.reorganization.people import membership_move, people_to_move
from organizations.reorganization.reading import ReorganizationError


@login_required
def reorganization_upload(request):
    require_superuser(request)
    form = ReorganizationForm(request.POST or None, request.FILES or None)
    preview = error = None
    if request.method == "POST" and form.is_valid():
        source, confirm = form.cleaned_data["source"], form.cleaned_data["confirm"]
        try:
            outcome = reorganization_apply(source=source, user=request.user, dry_run=not confirm)
        except ReorganizationError as exc:
            # The text stays on the page (an uploaded file's too), with the line to correct.
            error = str(exc)
            form = ReorganizationForm(initial={"source": source})
        else:
            if confirm:
                messages.success(request, _("The reorganization was applied."))
                return redirect("reorganization_people", outcome.reorganization.pk)
            preview = outcome
            form = ReorganizationForm(initial={"source": source, "confirm": True})
    past = Reorganization.objects.select_related("applied_by")[:20]
    return render(
        request,
        "organizations/reorganization_upload.html",
        {"form": form, "preview": preview, "error": error, "past": past},
    )


@login_required
def reorganization_people(request, pk: int):
    require_superuser(request)
    reorganization = get_or_404(Reorganization.objects.all(), pk=pk)
    return render(
        request,
        "organizations/reorganization_people.html",
        {"reorganization": reorganization, "people": people_to_move(reorganization=reorganization)},
    )


@login_required
@require_POST
def reorganization_move_person(request, pk: int, membership_pk: int):
    require_superuser(request)
    reorganization = get_or_404(Reorganization.objects.all(), pk=pk)
    membership = get_or_404(Membership.objects.filter(is_active=False), pk=membership_pk)
    successors = Organization.objects.filter(successions_received__reorganization=reorganization).distinct()
    chosen = request.POST.get("successor", "")
    successor = get_or_404(successors, pk=int(chosen) if chosen.isdigit() else 0)
    try:
        membership_move(membership=membership, successor=successor)
    except ValueError as error:
        raise Http404 from error
    messages.success(
        request,
        _("%(person)s now works in %(organization)s.")
        % {"person": membership.user, "organization": successor},
    )
    return redirect("reorganization_people", reorganization.pk)
