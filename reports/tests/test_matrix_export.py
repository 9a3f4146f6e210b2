"""The compliance matrix exported to Excel with the page's filters (issue 17 item 13), by the one workbook
writer: the same rows as the page, names stay text, outsiders get nothing."""

import datetime
import io
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse
from openpyxl import load_workbook

from organizations.models import Organization
from tasks.models import Due

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2023, 3, 10, 9, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))
PERIOD = {"period": "custom", "start": "01/01/2023", "end": "31/03/2023"}


@pytest.fixture(autouse=True)
def _clock():
    with time_machine.travel(NOW, tick=False):
        yield


def _sheet(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    return load_workbook(io.BytesIO(response.content)).active


def _names(sheet):
    header = next(row for row in sheet.iter_rows(values_only=True) if row and row[0] == "Tổ chức")
    rows = list(sheet.iter_rows(values_only=True))
    start = rows.index(header) + 1
    return header, [row[0] for row in rows[start:] if row[0] and row[0] != "Tổng cộng" and row[0] != "Tổng"]


def test_the_office_exports_the_matrix_with_its_filters(client, world):
    Due.objects.filter(pk=world.due.pk).update(state=Due.State.ACCEPTED)
    client.force_login(world.staff)
    page = client.get(reverse("matrix", args=[world.plan.pk]), PERIOD).content.decode()
    assert reverse("matrix_export", args=[world.plan.pk]) + "?period=custom" in page
    header, names = _names(_sheet(client.get(reverse("matrix_export", args=[world.plan.pk]), PERIOD)))
    assert set(names) == {o.name for o in world.grassroots}
    assert any(world.dated.number in str(cell) for cell in header)
    overdue = _sheet(
        client.get(reverse("matrix_export", args=[world.plan.pk]), PERIOD | {"status": "overdue"})
    )
    _header, names = _names(overdue)
    assert world.org.name not in names and world.sibling_org.name in names


def test_a_formula_in_a_name_stays_text(client, world):
    Organization.objects.filter(pk=world.org.pk).update(name='=HYPERLINK("http://x")')
    client.force_login(world.staff)
    sheet = _sheet(client.get(reverse("matrix_export", args=[world.plan.pk]), PERIOD))
    cells = [cell for row in sheet.iter_rows() for cell in row if cell.value == '=HYPERLINK("http://x")']
    assert cells and all(cell.data_type == "s" for cell in cells)


@pytest.mark.parametrize("who", ["secretary", "outsider_staff", "outsider_secretary"])
def test_others_do_not_get_the_workbook(client, world, who):
    client.force_login(getattr(world, who))
    assert client.get(reverse("matrix_export", args=[world.plan.pk])).status_code == 404


def test_a_periodic_report_column_is_headed_by_its_title(client, world):
    """A report due names no task (docs/domain.md §6): its column is headed by the report's name."""
    report = Due.objects.filter(plan=world.plan, kind=Due.Kind.REPORT, period="2023").first()
    client.force_login(world.staff)
    year = {"period": "custom", "start": "01/01/2023", "end": "31/12/2023"}
    header, names = _names(_sheet(client.get(reverse("matrix_export", args=[world.plan.pk]), year)))
    assert report.title in header and set(names) == {o.name for o in world.grassroots}


def test_a_due_whose_latest_version_is_validly_signed_is_marked_and_counted(client, world):
    """As on the page (docs/domain.md §8.4): ✍ after the state of a due whose latest version carries a valid
    digital signature, and a column counting them per organization; a PDF changed after signing gets
    neither."""
    from tasks.submissions.services import due_submit
    from tests.signatures_support import install_signers, pdf_upload, signed, tampered

    signers = install_signers()
    due_submit(due=world.due, user=world.secretary, files=[pdf_upload(signed(signers.secretary))])
    due_submit(
        due=world.sibling_due, user=world.sibling, files=[pdf_upload(tampered(signed(signers.secretary)))]
    )
    client.force_login(world.staff)
    sheet = _sheet(client.get(reverse("matrix_export", args=[world.plan.pk]), PERIOD))

    rows = [row for row in sheet.iter_rows(values_only=True) if row and row[0]]
    header = next(row for row in rows if row[0] == "Tổ chức")
    column = header.index(next(cell for cell in header if world.dated.number in str(cell)))
    assert header[-1] == "✍ Có chữ ký số hợp lệ"
    by_name = {row[0]: row for row in rows}
    assert by_name[world.org.name][column] == "Nộp muộn ✍" and by_name[world.org.name][-1] == 1
    assert by_name[world.sibling_org.name][column] == "Nộp muộn" and by_name[world.sibling_org.name][-1] == 0
    assert by_name["Tổng"][-1] == 1
