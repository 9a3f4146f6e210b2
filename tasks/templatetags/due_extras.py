"""Template helpers of the secretaries' pages: reporting periods in words."""

from django import template

from plans.periods import period_words

register = template.Library()


@register.filter
def period_label(period: str) -> str:
    return period_words(period or "")
