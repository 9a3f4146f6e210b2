"""The document number a secretary types (submitting for a due, the period report) is only ever a number and
symbol: text a spreadsheet would run as a formula when the number is shown in a report's workbook is refused
with a Vietnamese message, and what was typed is kept (issue 16, item 2)."""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from tasks.models import Submission
from tasks.submissions.forms import SubmissionForm
from tasks.submissions.report_forms import ReportForm

MESSAGE = "Ghi số văn bản như trên văn bản: số rồi đến ký hiệu, ví dụ 12-BC/ĐU (chỉ gồm chữ, chữ số và các dấu - / .)."
REFUSED = [
    "=1+1",
    '=HYPERLINK("http://x","y")',
    "+1+1",
    "-2",
    "@SUM(A1)",
    "\t=1",
    "\r=1",
    "12",
    "12-BC/ĐU+1",
    "số 12-BC/ĐU",
]
ACCEPTED = ["12-BC/ĐU", "05-KH/CB", "21- NQ/TW", "123/BC-UBND", "01-BC/CB.VP", "  09-BC/CB  "]


def submission_form(symbol: str) -> SubmissionForm:
    return SubmissionForm(data={"text": "Đã thực hiện", "work_status": "done", "document_symbol": symbol})


@pytest.mark.parametrize("symbol", REFUSED)
def test_the_submission_form_refuses_what_is_not_a_document_number(symbol):
    form = submission_form(symbol)
    assert not form.is_valid()
    assert form.errors["document_symbol"] == [MESSAGE]


@pytest.mark.parametrize("symbol", ACCEPTED)
def test_the_submission_form_accepts_document_numbers(symbol):
    form = submission_form(symbol)
    assert form.is_valid(), form.errors
    assert form.cleaned_data["document_symbol"] == symbol.strip()


def test_the_document_number_stays_optional():
    form = submission_form("")
    assert form.is_valid(), form.errors
    assert form.cleaned_data["document_symbol"] == ""


@pytest.mark.parametrize("symbol", ["=1+1", "@SUM(A1)", "12-BC/ĐU"])
def test_the_periodic_report_form_checks_its_document_number_the_same_way(symbol):
    form = ReportForm(data={"document_symbol": symbol}, tasks=[])
    assert form.is_valid() == (symbol == "12-BC/ĐU")
    if not form.is_valid():
        assert form.errors["document_symbol"] == [MESSAGE]


@pytest.mark.django_db
def test_a_formula_typed_as_document_number_is_refused_and_nothing_typed_is_lost(client, world):
    with time_machine.travel(
        datetime.datetime(2023, 2, 20, 10, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh")), tick=False
    ):
        client.force_login(world.secretary)
        response = client.post(
            reverse("due_submit", args=[world.due.pk]),
            {"text": "Đã ban hành kế hoạch số 05", "work_status": "done", "document_symbol": "=1+1"},
        )
    assert response.status_code == 200
    html = response.content.decode()
    assert MESSAGE in html
    assert "Đã ban hành kế hoạch số 05</textarea>" in html
    assert 'value="=1+1"' in html
    assert not Submission.objects.exists()
