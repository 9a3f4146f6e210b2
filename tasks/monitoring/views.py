"""Watching compliance: the matrix of a plan, the staff dashboard, and the page of a committee member in
charge. The figures come from tasks.monitoring.compliance; these views only parse the request and render."""

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from organizations.http import query_string, require_staff
from organizations.models import Organization, Supervision
from organizations.params import BoundedFormMixin
from organizations.people import person_name_of
from plans import periods
from plans.periods import Period
from tasks.access.selectors import plan_get_for_user, plans_for_user
from tasks.models import Due
from tasks.monitoring import compliance, statuses
from tasks.monitoring.completion import completion_summary
from tasks.monitoring.compliance import Filters
from tasks.planning.dues import plan_due_years

MATRIX_PAGE_SIZE = 50
FOLLOWED_PAGE_SIZE = 25
DATE_INPUTS = ["%d/%m/%Y", "%Y-%m-%d"]
# Typing a date selects "Dates below" in the period list (static/js/plantrack.js).
DATE_ATTRS = {"placeholder": "dd/mm/yyyy", "inputmode": "numeric", "data-custom-period": "custom"}


class MatrixFilterForm(BoundedFormMixin, forms.Form):
    """The matrix's period and filters, read from the URL (a GET form: filters stay in the address)."""

    CUSTOM = "custom"

    period = forms.ChoiceField(label=_("Period"), required=False)
    start = forms.DateField(
        label=_("From"),
        required=False,
        input_formats=DATE_INPUTS,
        widget=forms.TextInput(attrs=DATE_ATTRS),
    )
    end = forms.DateField(
        label=_("To"),
        required=False,
        input_formats=DATE_INPUTS,
        widget=forms.TextInput(attrs=DATE_ATTRS),
    )
    kind = forms.ChoiceField(label=_("Kind of organization"), required=False)
    status = forms.ChoiceField(label=_("State"), required=False)
    member = forms.TypedChoiceField(
        label=_("Committee member in charge"), required=False, coerce=int, empty_value=None
    )
    q = forms.CharField(label=_("Organization"), required=False, max_length=100)
    org = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, data, *, plan, access, today):
        super().__init__(data)
        self.plan, self.today = plan, today
        self.periods = periods.plan_periods(plan=plan, due_years=plan_due_years(plans=plan))
        self.fields["period"].choices = [(p.key, p.label) for p in self.periods] + [
            (self.CUSTOM, _("Dates below"))
        ]
        self.fields["kind"].choices = [("", _("All kinds"))] + [
            (kind.value, kind.label)
            for kind in (
                Organization.Kind.GRASSROOTS_COMMITTEE,
                Organization.Kind.GRASSROOTS_CELL,
                Organization.Kind.SUB_COMMITTEE,
                Organization.Kind.SUB_CELL,
                Organization.Kind.ADVISORY,
                Organization.Kind.MASS,
            )
        ]
        self.fields["status"].choices = [("", _("All states"))] + list(Due.Status.choices)
        # Members in charge of organizations the user sees: names of people, never of other organizations.
        members = (
            Supervision.objects.current(today)
            .filter(access.org_q("organization__"))
            .values_list("member_id", "member__first_name", "member__last_name", "member__username")
            .distinct()
            .order_by("member__first_name", "member__last_name", "member_id")  # by given name, as in Vietnam
        )
        self.fields["member"].choices = [("", _("Anyone"))] + [
            (pk, person_name_of(first_name=first, last_name=last, username=username))
            for pk, first, last, username in members
        ]

    def clean(self):
        data = super().clean()
        if data.get("start") or data.get("end"):
            data["period"] = self.CUSTOM  # dates typed choose them (cleared by the script when a period is)
        if data.get("period") not in ("", None, self.CUSTOM):
            return data  # a year or a half-year chosen: the dates are not used
        start, end = data.get("start"), data.get("end")
        if bool(start) != bool(end):
            self.add_error(
                "end" if start else "start", _("Give both dates of the period, or choose one above.")
            )
        elif start and end and end < start:
            self.add_error("end", _("The period ends before it starts."))
        return data

    def chosen_period(self) -> Period:
        """The period asked for, or this year when nothing valid was asked."""
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        key = data.get("period")
        if key and key != self.CUSTOM:
            return periods.period_parse(key)
        if data.get("start") and data.get("end"):
            return periods.period_range(start=data["start"], end=data["end"])
        return periods.period_default(plan=self.plan, today=self.today)

    def filters(self) -> Filters:
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        return Filters(
            kind=data.get("kind") or "",
            status=data.get("status") or "",
            member=data.get("member"),
            organization=data.get("org"),
            search=(data.get("q") or "").strip(),
        )


@login_required
def matrix(request, pk: int):
    access = request.access
    plan = plan_get_for_user(access, pk)
    today = timezone.localdate()
    form = MatrixFilterForm(request.GET or None, plan=plan, access=access, today=today)
    period = form.chosen_period()
    filters = form.filters()
    grid = compliance.compliance_grid(
        access=access,
        plan=plan,
        period=period,
        filters=filters,
        page_number=request.GET.get("page"),
        per_page=MATRIX_PAGE_SIZE,
        today=today,
    )
    return render(
        request,
        "tasks/matrix.html",
        {
            "plan": plan,
            "grid": grid,
            "own_work": compliance.own_work(access=access, plan=plan, period=period, today=today),
            "form": form,
            "period": period,
            "filters": filters,
            "statuses": statuses.STATUSES,
            "query_string": query_string(request),
            "may_act": access.manages(plan.owner),
        },
    )


@login_required
def dashboard(request):
    require_staff(request)
    access = request.access
    summary = compliance.dashboard_summary(access=access)
    completion = completion_summary(access=access, today=timezone.localdate())
    plans = list(plans_for_user(access).order_by("-period_start", "pk")[:10])
    return render(
        request, "tasks/dashboard.html", {"summary": summary, "plans": plans, "completion": completion}
    )


@login_required
def supervision(request):
    access = request.access
    if not access.is_supervisor:
        raise Http404
    page, followed = compliance.supervision_summary(
        user=request.user, page_number=request.GET.get("page"), per_page=FOLLOWED_PAGE_SIZE
    )
    plans = list(plans_for_user(access).order_by("-period_start", "pk")[:10])
    return render(
        request,
        "tasks/supervision.html",
        {"page": page, "followed": followed, "plans": plans, "query_string": query_string(request)},
    )
