"""Template helpers of the secretaries' pages: reporting periods in words."""

from django import template

from tasks.monitoring.statuses import period_words

register = template.Library()


@register.filter
def period_label(period: str) -> str:
    return period_words(period or "")
