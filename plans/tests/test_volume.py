"""Unbounded volume (issue 16, item 8): a plan's period is bounded, so are the dues one save may create, and
the documents register takes no more files in one request than a submission does."""

import datetime
import os

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from plans.models import Document, DocumentAttachment, Plan
from tasks.models import Due
from tasks.plan_import.export import plan_export
from tasks.plan_import.interchange import PlanImportError
from tasks.plan_import.save import plan_import
from tasks.planning import dues
from tasks.planning.dues import TooManyDues, plan_regenerate_dues
from tests.uploads import pdf_bytes

pytestmark = pytest.mark.django_db


def _copy_of_the_plan(world, *, start: str, end: str) -> dict:
    data = plan_export(plan=world.plan)
    data["document"]["symbol"] = "99-KH/ĐUK"
    data["period"] = {"start": start, "end": end}
    return data


@pytest.mark.parametrize(
    ("start", "end", "message"),
    [
        ("1000-01-01", "2999-12-31", "không phải là một ngày trong khoảng năm 1900 đến 2100"),
        ("2023-01-01", "2040-12-31", "Thời gian của một kế hoạch dài tối đa 10 năm"),
    ],
)
def test_a_plan_over_ten_years_is_refused_and_makes_no_dues(world, start, end, message):
    before = Due.objects.count()
    with pytest.raises(PlanImportError) as refused:
        plan_import(data=_copy_of_the_plan(world, start=start, end=end), owner=world.committee)
    assert any(message in error for error in refused.value.errors), refused.value.errors
    assert not Plan.objects.filter(document__symbol="99-KH/ĐUK").exists()
    assert Due.objects.count() == before


def test_a_plan_of_ten_years_is_imported(world):
    plan = plan_import(
        data=_copy_of_the_plan(world, start="2023-01-01", end="2032-12-31"), owner=world.committee
    )
    assert plan.period_end == datetime.date(2032, 12, 31)


def test_the_admin_refuses_a_plan_over_ten_years(world):
    world.plan.period_end = datetime.date(2040, 12, 31)
    with pytest.raises(ValidationError) as refused:
        world.plan.full_clean()
    assert "period_end" in refused.value.message_dict


def test_one_save_creates_at_most_the_bounded_number_of_dues(world, monkeypatch):
    Due.objects.all().delete()
    monkeypatch.setattr(dues, "MAX_NEW_DUES", 10)  # the world's plan makes a few dozen
    with pytest.raises(TooManyDues) as refused:
        plan_regenerate_dues(plan=world.plan)
    assert "vượt quá 10 kỳ hạn" in refused.value.messages[0]
    assert not Due.objects.exists()  # nothing written, not even the first tasks' dues


# --- the documents register: the submissions' request limits ----------------------------------------------
def _form(**overrides):
    return {
        "symbol": "21-NQ/TW",
        "stated_type": "",
        "issued_on": "16/06/2022",
        "issuer": "",
        "title": "Nghị quyết về tăng cường củng cố tổ chức cơ sở đảng",
        **overrides,
    }


def _stored(settings) -> list[str]:
    root = settings.MEDIA_ROOT
    return [f for _d, _s, files in os.walk(root) for f in files] if os.path.exists(root) else []


def test_a_document_request_over_the_total_limit_is_refused_with_what_was_typed(client, world, settings):
    settings.PLANTRACK_MAX_UPLOAD_MB = 1  # 1 MB per file, 6 MB for the whole request
    client.force_login(world.staff)
    big = SimpleUploadedFile(
        "scan.pdf", pdf_bytes() + b"\x00" * (7 * 1024 * 1024), content_type="application/pdf"
    )
    response = client.post(reverse("document_create"), {**_form(), "files": [big]})
    assert response.status_code == 413
    body = response.content.decode()
    assert "Tổng dung lượng các tệp là 7 MB; mỗi lần nộp tối đa 6 MB" in body
    assert "Nghị quyết về tăng cường củng cố tổ chức cơ sở đảng</textarea>" in body
    assert not Document.objects.filter(symbol="21-NQ/TW").exists()
    assert _stored(settings) == []


def test_a_document_takes_at_most_ten_files(client, world):
    client.force_login(world.staff)
    files = [
        SimpleUploadedFile(f"phu-luc-{n}.pdf", pdf_bytes(), content_type="application/pdf") for n in range(11)
    ]
    response = client.post(reverse("document_create"), {**_form(), "files": files})
    assert response.status_code == 200
    assert "Đính kèm tối đa 10 tệp" in response.content.decode()
    assert not DocumentAttachment.objects.exists()


def test_a_guidance_over_the_total_limit_is_refused_with_what_was_typed(client, world, settings):
    """The guidance register is a document form too: the same limits."""
    settings.PLANTRACK_MAX_UPLOAD_MB = 1
    client.force_login(world.staff)
    big = SimpleUploadedFile(
        "huong-dan.pdf", pdf_bytes() + b"\x00" * (7 * 1024 * 1024), content_type="application/pdf"
    )
    data = {
        "symbol": "12-HD/TU",
        "issued_on": "01/03/2023",
        "issuer": str(world.provincial.pk),
        "title": "Hướng dẫn quy chế làm việc",
        "tasks": [str(world.waiting.pk)],
        "files": [big],
    }
    response = client.post(reverse("guidance_register"), data)
    assert response.status_code == 413
    body = response.content.decode()
    assert "Tổng dung lượng các tệp là 7 MB" in body and 'value="12-HD/TU"' in body
    assert not Document.objects.filter(symbol="12-HD/TU").exists()
    assert _stored(settings) == []
