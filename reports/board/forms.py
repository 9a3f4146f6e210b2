"""The forms of a report written in Plantrack: starting one (which plan, for whom, which period), and editing
it (header, each section's text, recipients, signature block, annexes)."""

import datetime
import re

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from organizations.access import Access
from organizations.models import Organization
from organizations.params import BoundedFormMixin
from plans import symbols
from plans.periods import Period
from reports.forms import (
    CUSTOM,
    DATE_ATTRS,
    DATE_INPUTS,
    OrganizationChoiceField,
    PlanChoiceField,
    check_dates,
    check_within_plan,
    chosen_period,
    period_choices,
)
from reports.models import BoardReport
from reports.selectors import board_report_writers, report_plans_for_user

DATE_WIDGET = forms.TextInput(attrs=DATE_ATTRS)
AUTHORITIES = ("T/M BAN THƯỜNG VỤ", "T/M ĐẢNG ỦY", "T/M CHI BỘ", "K/T BÍ THƯ")
TITLES = ("BÍ THƯ", "PHÓ BÍ THƯ")
MIN_ROWS, MAX_ROWS = 6, 30  # a section's textarea: as tall as its text, within these
MAX_SECTION = 60_000  # characters in one section: some forty pages


class BoardReportCreateForm(BoundedFormMixin, forms.Form):
    plan = PlanChoiceField(label=_("Plan"), queryset=None, empty_label=None)
    organization = OrganizationChoiceField(
        label=_("Written by"),
        queryset=None,
        empty_label=None,
        help_text=_("The committee (for its Standing Committee to sign), or your own organization."),
    )
    period = forms.ChoiceField(label=_("Period"))
    start = forms.DateField(label=_("From"), required=False, input_formats=DATE_INPUTS, widget=DATE_WIDGET)
    end = forms.DateField(label=_("To"), required=False, input_formats=DATE_INPUTS, widget=DATE_WIDGET)

    def __init__(self, data=None, *, access: Access, today: datetime.date):
        super().__init__(data)
        self.access = access
        plans = report_plans_for_user(access)
        self.fields["plan"].queryset = plans
        managed = plans.filter(access.managed_q("owner__")).values("owner_id")
        self.fields["organization"].queryset = Organization.objects.filter(
            Q(pk__in=access.own_org_ids) | Q(pk__in=managed)
        ).order_by("path")
        choices = period_choices(plans)
        self.fields["period"].choices = [*choices, (CUSTOM, _("Dates below"))]
        self.initial["period"] = (
            str(today.year) if str(today.year) in dict(choices) else (choices[0][0] if choices else CUSTOM)
        )

    def clean(self):
        data = super().clean()
        plan, organization = data.get("plan"), data.get("organization")
        check_dates(self, data)
        check_within_plan(self, plan, self.chosen_period() if not self.errors else None)
        if (
            plan is not None
            and organization is not None
            and organization not in board_report_writers(self.access, plan)
        ):
            self.add_error(
                "organization",
                _(
                    "You cannot write this plan's report for this organization: choose the committee "
                    "whose office you work in, or your own organization if it carries the plan out."
                ),
            )
        return data

    def chosen_period(self) -> Period | None:
        return chosen_period(self.cleaned_data)


class BoardReportForm(BoundedFormMixin, forms.Form):
    """Everything of a report that staff edit. Each section is a textarea of plain lines (paragraphs,
    "- " bullets, "# " sub-headings, "|" tables: reports/content/markup.py)."""

    superior = forms.CharField(label=_("Superior body"), max_length=255, required=False)
    issuer = forms.CharField(label=_("Issuing body"), max_length=255)
    number = forms.CharField(
        label=pgettext_lazy("document number", "Number"),
        max_length=6,
        required=False,
        help_text=_("Leave empty: issuing gives the next free number."),
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
    )
    symbol_suffix = forms.CharField(label=_("Type and issuer"), max_length=32, help_text=_("E.g. BC/ĐUK."))
    place = forms.CharField(label=_("Place"), max_length=120)
    issued_on = forms.DateField(
        label=_("Date"),
        input_formats=DATE_INPUTS,
        widget=forms.DateInput(
            format="%d/%m/%Y", attrs={"placeholder": "dd/mm/yyyy", "inputmode": "numeric"}
        ),
    )
    summary = forms.CharField(
        label=pgettext_lazy("document", "Summary"), widget=forms.Textarea(attrs={"rows": 2}), max_length=1000
    )
    recipients = forms.CharField(
        label=_("Recipients"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One per line, without the dash: “Tỉnh ủy Bình Định (b/c)”."),
    )
    signature_authority = forms.CharField(
        label=_("Signing authority"),
        max_length=120,
        required=False,
        help_text=_(
            "T/M (on behalf of) the collective body, or K/T (for) the secretary when a deputy signs."
        ),
        widget=forms.TextInput(attrs={"list": "authorities"}),
    )
    signature_title = forms.CharField(
        label=_("Signer's title"),
        max_length=120,
        required=False,
        widget=forms.TextInput(attrs={"list": "titles"}),
    )
    signature_name = forms.CharField(label=_("Signer's name"), max_length=120, required=False)
    annexes = forms.MultipleChoiceField(
        label=_("Annexes"),
        choices=BoardReport.Annex.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("One row per organization or per task, on landscape pages after the signature."),
    )

    def __init__(self, data=None, *, report: BoardReport):
        initial = {name: getattr(report, name) for name in self.declared_fields}
        initial.update({f"section_{s['key']}": s.get("text", "") for s in report.sections})
        super().__init__(data, initial=initial)
        self.report = report
        for section in report.sections:
            lines = len(section.get("text", "").splitlines())
            self.fields[f"section_{section['key']}"] = forms.CharField(
                label=section.get("heading", ""),
                required=False,
                max_length=MAX_SECTION,
                strip=False,
                widget=forms.Textarea(attrs={"rows": min(max(lines + 2, MIN_ROWS), MAX_ROWS)}),
            )

    @property
    def section_fields(self):
        return [self[f"section_{s['key']}"] for s in self.report.sections]

    def clean_number(self):
        number = self.cleaned_data["number"].strip()
        if number and not re.fullmatch(r"\d{1,6}", number):
            raise forms.ValidationError(_("The number is written in digits, e.g. 05."))
        return number

    def clean_symbol_suffix(self):
        suffix = self.cleaned_data["symbol_suffix"].strip()
        try:
            parsed = symbols.parse_symbol(f"1-{suffix}")
        except symbols.SymbolError as error:
            raise forms.ValidationError(_("Write the type and the issuer as in BC/ĐUK.")) from error
        if parsed.type != "BC":
            raise forms.ValidationError(_("A report's symbol is of type BC, e.g. BC/ĐUK."))
        return f"{parsed.type}/{parsed.issuer}"

    def fields_and_texts(self) -> tuple[dict, dict[str, str]]:
        """What to store: the report's fields, and each section's text by its key."""
        data = self.cleaned_data
        fields = {name: data[name] for name in self.declared_fields}
        fields["annexes"] = [key for key, _label in BoardReport.Annex.choices if key in data["annexes"]]
        fields["recipients"] = "\n".join(
            line.strip() for line in data["recipients"].splitlines() if line.strip()
        )
        texts = {s["key"]: data.get(f"section_{s['key']}", "") for s in self.report.sections}
        return fields, texts
