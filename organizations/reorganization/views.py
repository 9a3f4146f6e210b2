"""The administrator's reorganization page: upload a file, read its preview, apply it; then move people.

Only a superuser sees these pages (404 for anyone else, docs/architecture.md §4). Applying runs the same
service as manage.py reorganize.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from organizations.models import Membership, Organization, Reorganization
from organizations.reorganization.forms import ReorganizationForm
from organizations.reorganization.operations import reorganization_apply
from organizations.reorganization.people import membership_move, people_to_move
from organizations.reorganization.reading import ReorganizationError


def _require_admin(request) -> None:
    if not request.user.is_superuser:
        raise Http404


@login_required
def reorganization_upload(request):
    _require_admin(request)
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
    _require_admin(request)
    reorganization = get_object_or_404(Reorganization, pk=pk)
    return render(
        request,
        "organizations/reorganization_people.html",
        {"reorganization": reorganization, "people": people_to_move(reorganization=reorganization)},
    )


@login_required
@require_POST
def reorganization_move_person(request, pk: int, membership_pk: int):
    _require_admin(request)
    reorganization = get_object_or_404(Reorganization, pk=pk)
    membership = get_object_or_404(Membership, pk=membership_pk, is_active=False)
    successors = Organization.objects.filter(successions_received__reorganization=reorganization).distinct()
    chosen = request.POST.get("successor", "")
    successor = get_object_or_404(successors, pk=int(chosen) if chosen.isdigit() else 0)
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
