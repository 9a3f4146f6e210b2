"""plans.periods: the keys of the periods dues are owed for, the spans the matrix and the reports cover, and
their words (in Vietnamese, as every page shows them)."""

import datetime

import pytest
from django.utils import translation

from plans import periods
from plans.models import Plan, ReportingPeriod
from plans.periods import Period, period_default, period_parse, period_phrase, period_words, plan_periods


@pytest.fixture(autouse=True)
def _vietnamese():
    with translation.override("vi"):
        yield


def plan_of(start: datetime.date, end: datetime.date) -> Plan:
    return Plan(period_start=start, period_end=end)


# --- keys of the dues ---------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("kind", "month", "key"),
    [
        (ReportingPeriod.Kind.ANNUAL, 12, "2024"),
        (ReportingPeriod.Kind.ANNUAL, 2, "2024"),
        (ReportingPeriod.Kind.ANNUAL, 1, "2023"),  # dated in January: on the year just ended
        (ReportingPeriod.Kind.HALF_YEAR, 6, "2024-H1"),
        (ReportingPeriod.Kind.HALF_YEAR, 7, "2024-H2"),
        (ReportingPeriod.Kind.HALF_YEAR, 12, "2024-H2"),
        (ReportingPeriod.Kind.QUARTER, 3, "2024-Q1"),
        (ReportingPeriod.Kind.QUARTER, 4, "2024-Q2"),
        (ReportingPeriod.Kind.QUARTER, 9, "2024-Q3"),
        (ReportingPeriod.Kind.QUARTER, 12, "2024-Q4"),
    ],
)
def test_a_reporting_date_makes_the_key_of_its_year_half_or_quarter(kind, month, key):
    assert periods.due_period_key(kind=kind, year=2024, month=month) == key
    assert ReportingPeriod(kind=kind, month=month, day=15).label_for(2024) == key


def test_the_reporting_kinds_are_the_ones_the_keys_know():
    assert set(ReportingPeriod.Kind.values) == {periods.ANNUAL, periods.HALF_YEAR, periods.QUARTER}


@pytest.mark.parametrize(
    ("key", "words"),
    [
        ("2024", "Năm 2024"),
        ("2024-H1", "6 tháng đầu năm 2024"),
        ("2024-H2", "6 tháng cuối năm 2024"),
        ("2024-Q1", "Quý I/2024"),
        ("2024-Q4", "Quý IV/2024"),
        ("once", "Một lần"),
        ("", "Khi có hướng dẫn"),
        ("2024-Q5", "2024-Q5"),
        ("something", "Năm something"),
    ],
)
def test_a_due_period_in_words(key, words):
    assert period_words(key) == words


# --- spans of due dates -------------------------------------------------------------------------------------
def test_it_parses_years_halves_and_ranges():
    assert period_parse("2024") == Period("2024", datetime.date(2024, 1, 1), datetime.date(2024, 12, 31))
    assert period_parse(" 2024-H1 ").end == datetime.date(2024, 6, 30)
    assert period_parse("2024-H2").start == datetime.date(2024, 7, 1)
    ranged = period_parse("2024-03-01..2024-09-30")
    assert (ranged.start, ranged.end, ranged.is_range) == (
        datetime.date(2024, 3, 1),
        datetime.date(2024, 9, 30),
        True,
    )
    for bad in ("", "24", "2024-H3", "2024-Q1", "2024-09-30..2024-03-01", "next year"):
        with pytest.raises(ValueError):
            period_parse(bad)


def test_a_span_in_words_is_the_due_period_words_or_its_dates():
    assert period_parse("2023").label == "Năm 2023"
    assert period_parse("2023-H1").label == "6 tháng đầu năm 2023"
    assert str(period_parse("2023-H2")) == "6 tháng cuối năm 2023"
    assert period_parse("2024-03-01..2024-09-30").label == "01/03/2024 – 30/09/2024"
    assert not period_parse("2023").is_range


def test_a_span_inside_a_sentence_reads_as_reports_write_it():
    assert period_phrase(period_parse("2023")) == "năm 2023"
    assert period_phrase(period_parse("2023-H1")) == "6 tháng đầu năm 2023"
    assert period_phrase(period_parse("2023-H2")) == "6 tháng cuối năm 2023"
    assert period_phrase(period_parse("2024-03-01..2024-09-30")) == "từ ngày 01/03/2024 đến ngày 30/09/2024"


def test_it_offers_each_year_and_half_of_the_plan_and_defaults_to_this_year():
    plan = plan_of(datetime.date(2023, 1, 1), datetime.date(2025, 12, 31))
    keys = [p.key for p in plan_periods(plan=plan)]
    assert keys == [
        "2023",
        "2023-H1",
        "2023-H2",
        "2024",
        "2024-H1",
        "2024-H2",
        "2025",
        "2025-H1",
        "2025-H2",
    ]
    assert period_default(plan=plan, today=datetime.date(2023, 3, 15)).key == "2023"
    assert period_default(plan=plan, today=datetime.date(2030, 1, 1)).key == "2025"
    assert period_default(plan=plan, today=datetime.date(2020, 1, 1)).key == "2023"
