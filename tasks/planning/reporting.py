"""The plan's reporting calendar as the office changes it: adding a half-year report (docs/domain.md §5,
"Obligations": reporting periods come from the plan; the office can add a half-year report on the plan's page).

Adding a reporting date regenerates the plan's dues (tasks/planning/dues.py): every grassroots organization
that reports under the plan, and every body with own work, owes one more due a year; a due with a submission
is never deleted.
"""

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from organizations.params import BoundedFormMixin
from plans.models import ReportingPeriod
from tasks.planning.deadlines import reporting_periods
from tasks.planning.dues import Regeneration, plan_regenerate_dues

HALF_YEAR_MONTHS = range(1, 7)  # a date in the first half of the year: the key is "<year>-H1" (plans.periods)


class HalfYearReportForm(BoundedFormMixin, forms.Form):
    day = forms.IntegerField(label=_("Day"), min_value=1, max_value=31, initial=15)
    month = forms.TypedChoiceField(
        label=_("Month"),
        coerce=int,
        choices=[(month, str(month)) for month in HALF_YEAR_MONTHS],
        initial=6,
    )
    confirm = forms.BooleanField(
        label=_(
            "I confirm: every organization that reports under this plan will owe a half-year report each "
            "year, on this date."
        ),
        required=True,
    )

    def clean(self):
        cleaned = super().clean()
        day, month = cleaned.get("day"), cleaned.get("month")
        if day and month:
            try:
                datetime.date(2024, month, day)  # a leap year: 29/02 is a date (ReportingPeriod.on)
            except ValueError:
                raise ValidationError(
                    gettext("%(day)s/%(month)s is not a date.") % {"day": day, "month": month},
                    code="not_a_date",
                ) from None
        return cleaned


def has_half_year_report(plan) -> bool:
    return plan.reporting_periods.filter(kind=ReportingPeriod.Kind.HALF_YEAR).exists()


@transaction.atomic
def plan_add_half_year_report(*, plan, month: int, day: int) -> Regeneration:
    """Add a half-year report on day/month to the plan's calendar and regenerate its dues. A plan without a
    calendar of its own reported yearly on 15/12 (tasks.planning.deadlines.reporting_periods): that annual date
    is written down first, so adding the half-year report keeps it."""
    if month not in HALF_YEAR_MONTHS:
        raise ValidationError(
            gettext("A half-year report falls in the first half of the year."), code="second_half"
        )
    if has_half_year_report(plan):
        raise ValidationError(gettext("This plan already has a half-year report."), code="already")
    if not plan.reporting_periods.exists():
        for period in reporting_periods(plan):  # the default, unsaved
            period.save()
    if plan.reporting_periods.filter(month=month, day=day).exists():
        raise ValidationError(gettext("The plan already reports on this date."), code="taken")
    ReportingPeriod.objects.create(plan=plan, kind=ReportingPeriod.Kind.HALF_YEAR, month=month, day=day)
    return plan_regenerate_dues(plan=plan)
