"""The form that asks for a report: which report, which plan, which period (a year, a half-year or two
dates), which organization (for an organization's own report), and the file format."""

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from organizations.access import Access
from organizations.files.uploads import validate_upload
from organizations.params import BoundedFormMixin
from plans import periods
from plans.periods import Period
from reports.models import Report
from reports.selectors import report_organizations_for_user, report_plans_for_user
from tasks.planning.dues import plan_due_years, plan_last_due_on

DATE_INPUTS = ["%d/%m/%Y", "%Y-%m-%d"]
CUSTOM = "custom"
# A date of a custom period: typing it selects "Dates below" in the form's period list (static/js/plantrack.js).
DATE_ATTRS = {"placeholder": "dd/mm/yyyy", "inputmode": "numeric", "data-custom-period": CUSTOM}


def period_choices(plans) -> list[tuple[str, str]]:
    """Each year of the plans and each year in which they have dues (after a plan's end too), newest
    first, with its two halves."""
    years = {year for plan in plans for year in plan.years()} | set(plan_due_years(plans=plans))
    years = sorted(years, reverse=True)
    choices = []
    for year in years:
        choices += [
            (str(year), periods.period_year(year).label),
            (f"{year}-H1", periods.period_half(year, 1).label),
            (f"{year}-H2", periods.period_half(year, 2).label),
        ]
    return choices


def chosen_period(data: dict) -> Period | None:
    """The period a form's cleaned `data` chose: a year or half-year key, or the two dates."""
    key = data.get("period")
    if key and key != CUSTOM:
        return periods.period_parse(key)
    if data.get("start") and data.get("end"):
        return periods.period_range(start=data["start"], end=data["end"])
    return None


def check_dates(form: forms.Form, data: dict) -> None:
    """Dates typed choose "Dates below" (static/js/plantrack.js selects it as they are typed, and clears
    them when a period is chosen); then both dates, in order."""
    if data.get("start") or data.get("end"):
        data["period"] = CUSTOM
    if data.get("period") != CUSTOM:
        return
    start, end = data.get("start"), data.get("end")
    if not start:
        form.add_error("start", _("Give the first day of the period."))
    if not end:
        form.add_error("end", _("Give the last day of the period."))
    if start and end and end < start:
        form.add_error("end", _("The period ends before it starts."))


def check_within_plan(form: forms.Form, plan, period: Period | None) -> None:
    """The period meets the plan's years, or the dues it has after them."""
    if plan is None or period is None:
        return
    last = max(plan.period_end, plan_last_due_on(plan=plan) or plan.period_end)
    if period.end < plan.period_start or period.start > last:
        form.add_error(
            "period",
            _("Plan %(symbol)s runs from %(start)s to %(end)s: choose a period within it.")
            % {
                "symbol": plan.document.symbol,
                "start": plan.period_start.strftime("%d/%m/%Y"),
                "end": last.strftime("%d/%m/%Y"),
            },
        )


class PlanChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, plan) -> str:
        return f"{plan.document.symbol} – {plan.title[:90]}"


class OrganizationChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, organization) -> str:
        return organization.name


class ReportForm(BoundedFormMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Report"), choices=Report.Kind.choices, widget=forms.RadioSelect)
    plan = PlanChoiceField(label=_("Plan"), queryset=None, empty_label=None)
    period = forms.ChoiceField(
        label=_("Period"),
        help_text=_(
            "Dues whose due date falls in the period are counted. Choose “Dates below” for other dates."
        ),
    )
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
    organization = OrganizationChoiceField(
        label=_("Organization"),
        queryset=None,
        required=False,
        empty_label=_("Choose the organization"),
        help_text=_("Only for an organization's own report."),
    )
    format = forms.ChoiceField(
        label=_("File"),
        choices=[
            (Report.Format.PDF, _("PDF (to print and sign)")),
            (Report.Format.DOCX, _("Word (to finish and sign)")),
            (Report.Format.XLSX, _("Excel")),
        ],
        initial=Report.Format.PDF,
        widget=forms.RadioSelect,
    )

    def __init__(self, data=None, *, access: Access, today: datetime.date):
        super().__init__(data)
        self.access, self.today = access, today
        plans = report_plans_for_user(access)
        self.fields["plan"].queryset = plans
        self.fields["organization"].queryset = report_organizations_for_user(access)
        choices = period_choices(plans)
        self.fields["period"].choices = [*choices, (CUSTOM, _("Dates below"))]
        if not access.is_staff:
            self.fields["kind"].choices = [(Report.Kind.ORGANIZATION, Report.Kind.ORGANIZATION.label)]
        self.initial.update(
            kind=Report.Kind.PLAN if access.is_staff else Report.Kind.ORGANIZATION,
            period=str(today.year)
            if str(today.year) in dict(choices)
            else (choices[0][0] if choices else CUSTOM),
        )

    def clean(self):
        data = super().clean()
        kind, plan = data.get("kind"), data.get("plan")
        check_dates(self, data)
        check_within_plan(self, plan, self.chosen_period() if not self.errors else None)
        if kind in Report.PLAN_KINDS and plan is not None and not self.access.manages(plan.owner):
            self.add_error(
                "kind",
                _(
                    "Only the office staff of the committee that issued the plan make this report. "
                    "Choose an organization's own report."
                ),
            )
        if kind == Report.Kind.ORGANIZATION and not data.get("organization"):
            self.add_error("organization", _("Choose the organization whose report this is."))
        if kind != Report.Kind.ORGANIZATION:
            data["organization"] = None
        return data

    def chosen_period(self) -> Period | None:
        return chosen_period(self.cleaned_data)


class SignedCopyForm(forms.Form):
    """The issued report, signed outside Plantrack (with a person's own token), uploaded back."""

    file = forms.FileField(
        label=_("Signed report (PDF)"),
        help_text=_(
            "Download the report, sign it with your digital signature tool without changing it, then choose "
            "the signed file here. It is checked against the issued file and its signatures verified."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if validate_upload(upload) != "pdf":
            raise ValidationError(_("Choose the signed PDF file of the report."))
        return upload
