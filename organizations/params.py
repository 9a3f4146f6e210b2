"""The one bounded parser for numbers and dates a request brings: query parameters and form fields.

A number or a date typed by a person (or forged in an address) is only ever used inside these bounds, so
that no year outside the calendar, no id wider than a database integer and no count of days that would
carry a date past year 9999 reaches a query or a date computation (issue: out-of-range input gave server
errors). Query parameters out of bounds are ignored, as an unknown filter is; form fields out of bounds get
a clear message (docs/architecture.md §2: bad input is refused with a message, nothing typed is lost).
"""

import datetime
import re

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.utils.translation import gettext_lazy as _

# The years a plan, a document, a due or a filter may name: Party documents of the past century to well
# past any plan's horizon.
MIN_YEAR = 1900
MAX_YEAR = 2100
MIN_DATE = datetime.date(MIN_YEAR, 1, 1)
MAX_DATE = datetime.date(MAX_YEAR, 12, 31)
# A primary key (BigAutoField) and any other count fit in a signed 64-bit database integer.
MAX_ID = 2**63 - 1
# A number of days between two dates of a plan (a triggered task's lead time, a reminder's interval).
MAX_DAYS = 3660

_DIGITS = re.compile(r"[0-9]{1,19}")
# Invisible characters a pasted value may carry (zero-width spaces and joiners, the byte-order mark).
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff"))


def int_param(value, *, minimum: int = 0, maximum: int = MAX_ID) -> int | None:
    """An integer written in ASCII digits within [minimum, maximum], else None (nothing else is a number
    here: no sign, no exponent, no digits of other scripts)."""
    if not isinstance(value, str):
        return None
    text = value.translate(_INVISIBLE).strip()
    if not _DIGITS.fullmatch(text):
        return None
    number = int(text)
    return number if minimum <= number <= maximum else None


def id_param(value) -> int | None:
    """An object's id from a query string: a positive database integer, else None."""
    return int_param(value, minimum=1, maximum=MAX_ID)


def year_param(value) -> int | None:
    """A year from a query string, within [MIN_YEAR, MAX_YEAR], else None."""
    return int_param(value, minimum=MIN_YEAR, maximum=MAX_YEAR)


def validate_date_in_bounds(value: datetime.date) -> None:
    if isinstance(value, datetime.datetime):
        value = value.date()
    if value is not None and not MIN_DATE <= value <= MAX_DATE:
        raise ValidationError(
            _("Enter a date between %(start)s and %(end)s.") % {"start": MIN_YEAR, "end": MAX_YEAR},
            code="date_out_of_bounds",
        )


def bound_fields(fields) -> None:
    """Bounds every date and number field of a form: dates within MIN_YEAR..MAX_YEAR, numbers within a
    database integer unless the form set a narrower maximum."""
    for field in fields.values():
        if isinstance(field, forms.DateField | forms.DateTimeField):
            if validate_date_in_bounds not in field.validators:
                field.validators.append(validate_date_in_bounds)
        elif isinstance(field, forms.IntegerField) and field.max_value is None:
            field.max_value = MAX_ID
            field.validators.append(MaxValueValidator(MAX_ID))


class BoundedFormMixin:
    """Put first among a form's bases: every date and number field it has once built is bounded."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        bound_fields(self.fields)
