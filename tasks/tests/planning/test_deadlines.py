"""Deadline rules: the dues each kind of task produces, rule validation, due status and the words shown."""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from organizations.models import Organization
from tasks.models import Due, Task
from tasks.planning.deadlines import (
    DueSpec,
    annual_date,
    deadline_words,
    due_specs,
    due_status,
    end_of,
    validate_rule,
)
from tasks.planning.obligations import report_specs
from tests.factories import DocumentFactory, DueFactory, OrganizationFactory, PlanFactory, TaskFactory

pytestmark = pytest.mark.django_db

D = datetime.date
HCM = ZoneInfo("Asia/Ho_Chi_Minh")


def specs(task) -> list[tuple[str, datetime.date]]:
    return [(spec.period, spec.due_on) for spec in due_specs(task)]


# --- ongoing: no date of its own; the plan's reporting periods (docs/domain.md §5) ----------------------


def reports(plan) -> list[tuple[str, datetime.date]]:
    """The periodic reports the plan's calendar makes (tasks/planning/obligations.py)."""
    return [(spec.period, spec.due_on) for spec in report_specs(plan)]


def test_an_ongoing_task_has_no_date_of_its_own():
    task = TaskFactory(plan=PlanFactory(period_start=D(2023, 1, 1), period_end=D(2025, 12, 31)))
    assert specs(task) == []


def test_a_plan_without_a_calendar_reports_once_a_year_on_15_december():
    plan = PlanFactory(period_start=D(2023, 1, 1), period_end=D(2025, 12, 31))
    assert reports(plan) == [("2023", D(2023, 12, 15)), ("2024", D(2024, 12, 15)), ("2025", D(2025, 12, 15))]


def test_reports_of_a_plan_crossing_years_keep_only_dates_inside_the_period():
    plan = PlanFactory(
        period_start=D(2023, 7, 1),
        period_end=D(2025, 6, 30),
        reporting_periods=[("half_year", 6, 15), ("annual", 12, 15)],
    )
    assert reports(plan) == [
        ("2023", D(2023, 12, 15)),
        ("2024-H1", D(2024, 6, 15)),
        ("2024", D(2024, 12, 15)),
        ("2025-H1", D(2025, 6, 15)),
    ]


def test_reports_include_report_dates_on_the_period_bounds():
    calendar = [("half_year", 6, 15), ("annual", 12, 15)]
    plan = PlanFactory(period_start=D(2023, 6, 15), period_end=D(2023, 12, 15), reporting_periods=calendar)
    assert reports(plan) == [("2023-H1", D(2023, 6, 15)), ("2023", D(2023, 12, 15))]
    plan = PlanFactory(period_start=D(2023, 6, 16), period_end=D(2023, 12, 14), reporting_periods=calendar)
    assert reports(plan) == []


def test_reports_follow_the_plans_own_quarterly_calendar():
    plan = PlanFactory(
        period_start=D(2024, 1, 1),
        period_end=D(2024, 12, 31),
        reporting_periods=[("quarter", 3, 31), ("quarter", 6, 30), ("quarter", 9, 30), ("quarter", 12, 31)],
    )
    assert reports(plan) == [
        ("2024-Q1", D(2024, 3, 31)),
        ("2024-Q2", D(2024, 6, 30)),
        ("2024-Q3", D(2024, 9, 30)),
        ("2024-Q4", D(2024, 12, 31)),
    ]


def test_a_report_on_29_february_falls_back_to_the_28th_outside_leap_years():
    plan = PlanFactory(
        period_start=D(2023, 1, 1), period_end=D(2025, 12, 31), reporting_periods=[("quarter", 2, 29)]
    )
    assert reports(plan) == [
        ("2023-Q1", D(2023, 2, 28)),
        ("2024-Q1", D(2024, 2, 29)),
        ("2025-Q1", D(2025, 2, 28)),
    ]


# --- annual --------------------------------------------------------------------------------------------


def test_annual_is_due_once_a_year_on_the_default_annual_report_date():
    task = TaskFactory(annual=True, plan=PlanFactory(period_start=D(2023, 1, 1), period_end=D(2025, 12, 31)))
    assert specs(task) == [("2023", D(2023, 12, 15)), ("2024", D(2024, 12, 15)), ("2025", D(2025, 12, 15))]


def test_annual_uses_the_plans_annual_report_date():
    plan = PlanFactory(
        period_start=D(2023, 1, 1),
        period_end=D(2024, 12, 31),
        reporting_periods=[("half_year", 6, 20), ("annual", 11, 30)],
    )
    task = TaskFactory(annual=True, plan=plan)
    assert annual_date(plan, task) == (11, 30)
    assert specs(task) == [("2023", D(2023, 11, 30)), ("2024", D(2024, 11, 30))]


def test_annual_uses_the_tasks_own_date_over_the_plans():
    plan = PlanFactory(
        period_start=D(2023, 1, 1), period_end=D(2024, 12, 31), reporting_periods=[("annual", 11, 30)]
    )
    task = TaskFactory(annual=True, plan=plan, annual_month=1, annual_day=31)
    assert specs(task) == [("2023", D(2023, 1, 31)), ("2024", D(2024, 1, 31))]


def test_annual_in_a_plan_crossing_years():
    plan = PlanFactory(period_start=D(2023, 7, 1), period_end=D(2025, 6, 30))
    assert specs(TaskFactory(annual=True, plan=plan)) == [
        ("2023", D(2023, 12, 15)),
        ("2024", D(2024, 12, 15)),
    ]
    own = TaskFactory(annual=True, plan=plan, annual_month=3, annual_day=31)
    assert specs(own) == [("2024", D(2024, 3, 31)), ("2025", D(2025, 3, 31))]


def test_annual_on_29_february_is_the_28th_in_non_leap_years():
    plan = PlanFactory(period_start=D(2023, 1, 1), period_end=D(2025, 12, 31))
    task = TaskFactory(annual=True, plan=plan, annual_month=2, annual_day=29)
    assert specs(task) == [("2023", D(2023, 2, 28)), ("2024", D(2024, 2, 29)), ("2025", D(2025, 2, 28))]


def test_annual_on_29_february_in_2100_which_is_not_a_leap_year():
    plan = PlanFactory(period_start=D(2099, 1, 1), period_end=D(2101, 12, 31))
    task = TaskFactory(annual=True, plan=plan, annual_month=2, annual_day=29)
    assert specs(task) == [("2099", D(2099, 2, 28)), ("2100", D(2100, 2, 28)), ("2101", D(2101, 2, 28))]


# --- dated ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("precision", "year", "month", "day", "expected"),
    [
        ("day", 2023, 2, 28, D(2023, 2, 28)),
        ("day", 2024, 2, 29, D(2024, 2, 29)),
        ("month", 2023, 6, None, D(2023, 6, 30)),
        ("month", 2023, 1, None, D(2023, 1, 31)),
        ("month", 2023, 2, None, D(2023, 2, 28)),
        ("month", 2024, 2, None, D(2024, 2, 29)),
        ("month", 2100, 2, None, D(2100, 2, 28)),
        ("month", 2000, 2, None, D(2000, 2, 29)),
        ("month", 2023, 4, None, D(2023, 4, 30)),
        ("month", 2023, 12, None, D(2023, 12, 31)),
        ("quarter", 2024, 1, None, D(2024, 3, 31)),
        ("quarter", 2024, 2, None, D(2024, 3, 31)),
        ("quarter", 2024, 3, None, D(2024, 3, 31)),
        ("quarter", 2024, 4, None, D(2024, 6, 30)),
        ("quarter", 2024, 6, None, D(2024, 6, 30)),
        ("quarter", 2024, 8, None, D(2024, 9, 30)),
        ("quarter", 2024, 10, None, D(2024, 12, 31)),
        ("quarter", 2024, 12, None, D(2024, 12, 31)),
        ("year", 2025, 1, None, D(2025, 12, 31)),
        ("year", 2025, 12, None, D(2025, 12, 31)),
    ],
)
def test_end_of_is_the_last_day_the_precision_allows(precision, year, month, day, expected):
    assert end_of(precision, year, month, day) == expected


def test_end_of_rejects_an_unknown_precision():
    with pytest.raises(ValueError):
        end_of("week", 2023, 1)


def test_quarter_end():
    assert [end_of("quarter", 2023, month) for month in (2, 4, 9, 12)] == [
        D(2023, 3, 31),
        D(2023, 6, 30),
        D(2023, 9, 30),
        D(2023, 12, 31),
    ]


@pytest.mark.parametrize(
    ("precision", "due_on"),
    [
        ("day", D(2023, 2, 28)),
        ("day", D(2024, 2, 29)),
        ("month", D(2023, 6, 30)),
        ("month", D(2023, 2, 28)),
        ("month", D(2024, 2, 29)),
        ("quarter", D(2024, 3, 31)),
        ("quarter", D(2024, 6, 30)),
        ("quarter", D(2024, 9, 30)),
        ("quarter", D(2024, 12, 31)),
        ("year", D(2025, 12, 31)),
    ],
)
def test_dated_produces_one_due_on_its_date(precision, due_on):
    task = TaskFactory(kind=Task.Kind.DATED, precision=precision, due_on=due_on)
    validate_rule(task)
    assert specs(task) == [("once", due_on)]


@pytest.mark.parametrize(
    ("precision", "stored", "expected"),
    [
        ("month", D(2023, 6, 1), D(2023, 6, 30)),
        ("month", D(2023, 2, 1), D(2023, 2, 28)),
        ("month", D(2024, 2, 10), D(2024, 2, 29)),
        ("quarter", D(2024, 7, 1), D(2024, 9, 30)),
        ("year", D(2023, 1, 1), D(2023, 12, 31)),
    ],
)
def test_dated_falls_due_on_the_last_day_even_if_stored_earlier(precision, stored, expected):
    """A rule saved without clean() (import, shell) still falls due at the end of its month/quarter/year."""
    task = TaskFactory(kind=Task.Kind.DATED, precision=precision, due_on=stored)
    assert specs(task) == [("once", expected)]


def test_dated_without_a_date_produces_nothing():
    assert specs(TaskFactory(kind=Task.Kind.DATED, precision="day", due_on=None)) == []


# --- triggered -----------------------------------------------------------------------------------------


def test_triggered_has_no_due_until_its_document_is_linked():
    task = TaskFactory(triggered=True, lead_days=30)
    assert specs(task) == []

    guidance = DocumentFactory(symbol="12-HD/TU", issued_on=D(2023, 3, 10), issuer=task.awaited_issuer)
    task.trigger_document = guidance
    task.save()
    assert specs(task) == [("once", D(2023, 4, 9))]


@pytest.mark.parametrize(
    ("lead_days", "expected"), [(0, D(2023, 12, 20)), (15, D(2024, 1, 4)), (71, D(2024, 2, 29))]
)
def test_triggered_falls_due_lead_days_after_the_document(lead_days, expected):
    task = TaskFactory(triggered=True, lead_days=lead_days)
    task.trigger_document = DocumentFactory(symbol="3-HD/TU", issued_on=D(2023, 12, 20))
    assert specs(task) == [("once", expected)]


def test_triggered_by_an_undated_document_produces_nothing():
    task = TaskFactory(triggered=True)
    task.trigger_document = DocumentFactory(symbol="4-HD/TU", issued_on=None)
    assert specs(task) == []


def test_report_specs_are_in_date_order():
    plan = PlanFactory(reporting_periods=[("annual", 1, 10), ("half_year", 7, 10), ("quarter", 4, 10)])
    dates = [spec.due_on for spec in report_specs(plan)]
    assert dates == sorted(dates)
    assert len(dates) == 8  # three years of three dates, but 10/01/2023 would report on 2022, before the plan
    assert D(2023, 1, 10) not in dates and D(2024, 1, 10) in dates
    assert all(isinstance(spec, DueSpec) for spec in report_specs(plan))


# --- validate_rule -------------------------------------------------------------------------------------


@pytest.fixture
def issuer():
    return OrganizationFactory(kind=Organization.Kind.PROVINCIAL, name="Tỉnh ủy")


@pytest.mark.parametrize(
    ("fields", "error_field"),
    [
        ({"kind": "dated"}, "due_on"),
        ({"kind": "dated", "due_on": D(2023, 2, 28)}, "precision"),
        ({"kind": "dated", "due_on": D(2023, 6, 15), "precision": "month"}, "due_on"),
        ({"kind": "dated", "due_on": D(2023, 5, 31), "precision": "quarter"}, "due_on"),
        ({"kind": "dated", "due_on": D(2023, 2, 28), "precision": "month", "annual_month": 2}, "annual_day"),
        ({"kind": "dated", "due_on": D(2024, 2, 28), "precision": "month"}, "due_on"),
        ({"kind": "dated", "due_on": D(2023, 12, 30), "precision": "year"}, "due_on"),
        ({"kind": "ongoing", "due_on": D(2023, 6, 30)}, "due_on"),
        ({"kind": "ongoing", "precision": "day"}, "precision"),
        ({"kind": "ongoing", "annual_month": 12, "annual_day": 15}, "annual_day"),
        ({"kind": "annual", "due_on": D(2023, 12, 15)}, "due_on"),
        ({"kind": "annual", "annual_month": 12}, "annual_day"),
        ({"kind": "annual", "annual_day": 15}, "annual_day"),
        ({"kind": "annual", "annual_month": 2, "annual_day": 30}, "annual_day"),
        ({"kind": "annual", "annual_month": 13, "annual_day": 1}, "annual_day"),
        ({"kind": "triggered", "awaited_type": "HD"}, "awaited_issuer"),
        ({"kind": "triggered", "with_issuer": True}, "awaited_type"),
        ({"kind": "triggered", "with_issuer": True, "awaited_type": "HD", "due_on": D(2023, 1, 1)}, "due_on"),
    ],
)
def test_validate_rule_rejects_inconsistent_rules(issuer, fields, error_field):
    fields = dict(fields)
    if fields.pop("with_issuer", False):
        fields["awaited_issuer"] = issuer
    task = Task(text="x", **fields)
    with pytest.raises(ValidationError) as error:
        validate_rule(task)
    assert error_field in error.value.message_dict
    with pytest.raises(ValidationError):
        task.clean()


@pytest.mark.parametrize(
    "fields",
    [
        {"kind": "ongoing"},
        {"kind": "annual"},
        {"kind": "annual", "annual_month": 2, "annual_day": 29},
        {"kind": "dated", "due_on": D(2023, 2, 28), "precision": "day"},
        {"kind": "dated", "due_on": D(2024, 2, 29), "precision": "month"},
        {"kind": "dated", "due_on": D(2023, 2, 28), "precision": "month"},
        {"kind": "dated", "due_on": D(2023, 9, 30), "precision": "quarter"},
        {"kind": "dated", "due_on": D(2023, 12, 31), "precision": "year"},
        {"kind": "triggered", "with_issuer": True, "awaited_type": "HD"},
    ],
)
def test_validate_rule_accepts_consistent_rules(issuer, fields):
    fields = dict(fields)
    if fields.pop("with_issuer", False):
        fields["awaited_issuer"] = issuer
    validate_rule(Task(text="x", **fields))


def test_validate_rule_names_the_expected_last_day():
    task = Task(text="x", kind="dated", due_on=D(2023, 6, 1), precision="month")
    with translation.override("en"), pytest.raises(ValidationError) as error:
        validate_rule(task)
    assert "30/06/2023" in error.value.message_dict["due_on"][0]


# --- due_status ----------------------------------------------------------------------------------------


DUE_ON, EARLY = D(2023, 2, 28), D(2023, 2, 1)


def _status(state, due_on=DUE_ON, first=None, today=EARLY):
    return due_status(state=state, due_on=due_on, first_submitted_at=first, today=today)


def test_open_due_is_open_until_its_date_and_overdue_after():
    assert _status("open", today=D(2023, 2, 27)) == "open"
    assert _status("open", today=D(2023, 2, 28)) == "open"
    assert _status("open", today=D(2023, 3, 1)) == "overdue"


def test_a_due_without_a_date_is_waiting_only_while_open():
    assert _status("open", due_on=None) == "waiting"
    assert _status("submitted", due_on=None, first=datetime.datetime(2023, 3, 1, tzinfo=HCM)) == "submitted"
    assert _status("accepted", due_on=None) == "accepted"


def test_submission_at_23_30_local_on_the_due_date_is_not_late():
    first = datetime.datetime(2023, 2, 28, 23, 30, tzinfo=HCM)
    assert first.astimezone(datetime.UTC).date() == D(2023, 2, 28)
    assert _status("submitted", first=first, today=D(2023, 3, 5)) == "submitted"


def test_submission_at_00_30_local_the_day_after_is_late_although_utc_is_still_the_due_date():
    first = datetime.datetime(2023, 3, 1, 0, 30, tzinfo=HCM)
    assert first.astimezone(datetime.UTC).date() == D(2023, 2, 28)
    assert _status("submitted", first=first, today=D(2023, 3, 5)) == "late"


def test_lateness_does_not_depend_on_the_viewers_time_zone():
    on_time = datetime.datetime(2023, 2, 28, 23, 30, tzinfo=HCM)
    late = datetime.datetime(2023, 3, 1, 0, 30, tzinfo=HCM)
    with timezone.override(ZoneInfo("UTC")):
        assert _status("submitted", first=on_time) == "submitted"
        assert _status("submitted", first=late) == "late"
    with timezone.override(ZoneInfo("America/New_York")):
        assert _status("submitted", first=on_time) == "submitted"


def test_returned_and_accepted_keep_their_state_even_when_late_or_past_the_date():
    late = datetime.datetime(2023, 3, 10, 9, 0, tzinfo=HCM)
    assert _status("returned", first=late, today=D(2023, 4, 1)) == "returned"
    assert _status("accepted", first=late, today=D(2023, 4, 1)) == "accepted"


def test_due_status_uses_the_local_date_for_today():
    due = DueFactory(due_on=D(2023, 2, 28))
    with time_machine.travel(datetime.datetime(2023, 2, 28, 23, 30, tzinfo=HCM), tick=False):
        assert timezone.now().date() == D(2023, 2, 28)
        assert due.status == Due.Status.OPEN
    with time_machine.travel(datetime.datetime(2023, 3, 1, 0, 30, tzinfo=HCM), tick=False):
        assert timezone.now().date() == D(2023, 2, 28)  # still the due date in UTC
        assert due.status == Due.Status.OVERDUE


def test_status_values_are_the_model_choices():
    assert {
        "waiting",
        "open",
        "overdue",
        "submitted",
        "late",
        "returned",
        "accepted",
        "not_applicable",
    } == set(Due.Status.values)


# --- deadline_words ------------------------------------------------------------------------------------


@pytest.fixture
def words_cases():
    plan = PlanFactory()
    provincial = OrganizationFactory(
        kind=Organization.Kind.PROVINCIAL, name="Tỉnh ủy Bình Định", short_name="Tỉnh ủy"
    )
    linked = TaskFactory(plan=plan, kind=Task.Kind.TRIGGERED, awaited_issuer=provincial, awaited_type="HD")
    linked.trigger_document = DocumentFactory(symbol="12-HD/TU", issued_on=D(2023, 3, 10), issuer=provincial)
    return {
        "ongoing": TaskFactory(plan=plan),
        "annual": TaskFactory(plan=plan, annual=True),
        "annual_own": TaskFactory(plan=plan, annual=True, annual_month=3, annual_day=1),
        "day": TaskFactory(plan=plan, kind=Task.Kind.DATED, due_on=D(2023, 2, 28), precision="day"),
        "month": TaskFactory(plan=plan, kind=Task.Kind.DATED, due_on=D(2023, 6, 30), precision="month"),
        "month_10": TaskFactory(plan=plan, kind=Task.Kind.DATED, due_on=D(2023, 10, 31), precision="month"),
        "quarter": TaskFactory(plan=plan, kind=Task.Kind.DATED, due_on=D(2024, 3, 31), precision="quarter"),
        "quarter_3": TaskFactory(plan=plan, kind=Task.Kind.DATED, due_on=D(2024, 9, 30), precision="quarter"),
        "year": TaskFactory(plan=plan, kind=Task.Kind.DATED, due_on=D(2025, 12, 31), precision="year"),
        "waiting": TaskFactory(
            plan=plan, kind=Task.Kind.TRIGGERED, awaited_issuer=provincial, awaited_type="HD"
        ),
        "linked": linked,
    }


@pytest.mark.parametrize(
    ("case", "vietnamese"),
    [
        ("ongoing", "Thường xuyên"),
        ("annual", "Hằng năm (hạn 15/12)"),
        ("annual_own", "Hằng năm (hạn 01/03)"),
        ("day", "Trước 28/02/2023"),
        ("month", "Trong tháng 6/2023"),
        ("month_10", "Trong tháng 10/2023"),
        ("quarter", "Quý I/2024"),
        ("quarter_3", "Quý III/2024"),
        ("year", "Năm 2025"),
        ("waiting", "Chờ hướng dẫn của Tỉnh ủy"),
        ("linked", "Sau hướng dẫn 12-HD/TU của Tỉnh ủy"),
    ],
)
def test_deadline_words_in_vietnamese(words_cases, case, vietnamese):
    with translation.override("vi"):
        assert deadline_words(words_cases[case]) == vietnamese


@pytest.mark.parametrize(
    ("case", "english"),
    [
        ("ongoing", "Ongoing"),
        ("annual", "Annual (due 15/12)"),
        ("day", "Before 28/02/2023"),
        ("month", "Within 6/2023"),
        ("quarter", "Quarter I/2024"),
        ("year", "Year 2025"),
        ("waiting", "Waiting for guidance from Tỉnh ủy"),
    ],
)
def test_deadline_words_in_english(words_cases, case, english):
    with translation.override("en"):
        assert deadline_words(words_cases[case]) == english


def test_deadline_words_uses_the_full_name_without_a_short_name():
    issuer = OrganizationFactory(kind=Organization.Kind.PROVINCIAL, name="Ban Tổ chức Tỉnh ủy", short_name="")
    task = TaskFactory(kind=Task.Kind.TRIGGERED, awaited_issuer=issuer, awaited_type="HD")
    with translation.override("vi"):
        assert deadline_words(task) == "Chờ hướng dẫn của Ban Tổ chức Tỉnh ủy"
