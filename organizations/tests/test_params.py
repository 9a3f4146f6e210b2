"""The one bounded parser of numbers and dates from a request (organizations/params.py)."""

import datetime

import pytest
from django import forms

from organizations.params import (
    MAX_ID,
    BoundedFormMixin,
    id_param,
    int_param,
    year_param,
)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2024", 2024),
        (" 2024 ", 2024),
        ("\u200b2024", 2024),  # a zero-width space pasted with it
        ("-1", None),
        ("0", None),
        ("10000", None),
        ("1899", None),
        ("٢٠٢٤", None),  # digits of another script
        ("²", None),  # a digit str.isdigit() accepts and int() refuses
        ("1e3", None),
        ("", None),
        (None, None),
    ],
)
def test_a_year_is_one_of_the_calendar_or_nothing(value, expected):
    assert year_param(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("1", 1),
        (str(MAX_ID), MAX_ID),
        (str(MAX_ID + 1), None),  # 9223372036854775808: wider than a database integer
        ("9" * 40, None),
        ("0", None),
        ("-5", None),
        (["1"], None),
    ],
)
def test_an_id_fits_a_database_integer(value, expected):
    assert id_param(value) == expected


def test_bounds_are_the_callers():
    assert int_param("3000000", maximum=3660) is None
    assert int_param("30", maximum=3660) == 30


class _Form(BoundedFormMixin, forms.Form):
    day = forms.DateField(input_formats=["%d/%m/%Y"])
    count = forms.IntegerField()


@pytest.mark.parametrize("day", ["20/12/9999", "01/01/0001", "31/12/1899"])
def test_a_form_refuses_a_date_outside_the_calendar_with_a_message(day):
    form = _Form({"day": day, "count": "1"})
    assert not form.is_valid()
    assert "1900" in form.errors["day"][0] and "2100" in form.errors["day"][0]


def test_a_form_keeps_dates_and_numbers_in_bounds():
    assert _Form({"day": "20/12/2024", "count": "3"}).is_valid()
    form = _Form({"day": "20/12/2024", "count": str(MAX_ID + 1)})
    assert not form.is_valid() and "count" in form.errors
    assert _Form({"day": "20/12/2024", "count": "3"}).fields["day"].clean("01/01/2100") == datetime.date(
        2100, 1, 1
    )
