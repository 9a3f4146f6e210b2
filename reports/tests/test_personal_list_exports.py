"""Each person's own lists exported to Excel (issue 17 item 13): the reminders sent to them with the history
page's state filter, and their notifications; the rows of the page, nobody else's, text-safe cells, a fixed
number of queries."""

import datetime
import io
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse
from openpyxl import load_workbook

from reports.tests.workbook_support import FORMULA, cells_with, sheet_rows
from tasks.models import Due, Notification, Reminder
from tests.world import add_cells

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2023, 3, 10, 9, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))


@pytest.fixture(autouse=True)
def _clock():
    with time_machine.travel(NOW, tick=False):
        yield


def _reminder(due, recipient, *, kind, offset, day, state=Reminder.State.SENT):
    sent_at = NOW - datetime.timedelta(days=(NOW.date() - day).days) if state == Reminder.State.SENT else None
    return Reminder.objects.create(
        due=due,
        recipient=recipient,
        kind=kind,
        offset=offset,
        occurs_on=day,
        claimed_on=day,
        state=state,
        sent_at=sent_at,
    )


def _reminders(world):
    """Two reminders to the secretary (one sent a week before, one failed the day before), one to the sibling."""
    before = _reminder(world.due, world.secretary, kind="before", offset=-7, day=datetime.date(2023, 3, 1))
    failed = _reminder(
        world.due,
        world.secretary,
        kind="due_day",
        offset=0,
        day=datetime.date(2023, 3, 8),
        state=Reminder.State.FAILED,
    )
    _reminder(world.sibling_due, world.sibling, kind="before", offset=-7, day=datetime.date(2023, 3, 2))
    return before, failed


# --- the reminder history ------------------------------------------------------------------------------


def test_the_reminder_history_exports_its_rows_with_its_filter(client, world):
    _reminders(world)
    client.force_login(world.secretary)
    page = client.get(reverse("reminder_history"), {"state": "failed"}).content.decode()
    assert 'href="/reports/lists/reminders.xlsx?state=failed"' in page and "Tải Excel" in page
    header, rows = sheet_rows(client.get(reverse("reminder_history_export")))
    assert header == [
        "Ngày",
        "Nhắc hạn",
        "Nhiệm vụ",
        "Kế hoạch",
        "Tổ chức",
        "Kỳ",
        "Hạn nộp",
        "Thời điểm gửi",
        "Trạng thái",
    ]
    listed = client.get(reverse("reminder_history")).context["page"].object_list
    assert [row[0].date() for row in rows] == [reminder.claimed_on for reminder in listed]  # same order
    assert [row[1] for row in rows] == ["Đúng ngày đến hạn", "7 ngày trước hạn"]
    assert {row[4] for row in rows} == {world.org.name}  # hers only, not the sibling's
    assert rows[1][7] == "09:00 01/03/2023" and rows[1][6].date() == world.due.due_on
    _header, rows = sheet_rows(client.get(reverse("reminder_history_export"), {"state": "failed"}))
    assert [(row[1], row[7], row[8]) for row in rows] == [
        ("Đúng ngày đến hạn", None, str(Reminder.State.FAILED.label))
    ]


def test_a_formula_in_a_reminded_task_stays_text(client, world):
    _reminders(world)
    world.org.__class__.objects.filter(pk=world.org.pk).update(name=FORMULA)
    client.force_login(world.secretary)
    cells = cells_with(client.get(reverse("reminder_history_export")).content, FORMULA)
    assert cells and all(cell.data_type == "s" for cell in cells)


@pytest.mark.parametrize("who", ["clerk", "staff", "outsider_secretary"])
def test_others_export_only_the_reminders_sent_to_them(client, world, who):
    _reminders(world)
    client.force_login(getattr(world, who))
    _header, rows = sheet_rows(client.get(reverse("reminder_history_export")))
    assert rows == []  # even her own organization's clerk and the office: the history is personal


def test_the_reminder_export_needs_a_login(client):
    response = client.get(reverse("reminder_history_export"))
    assert response.status_code == 302 and "login" in response["Location"]


@pytest.mark.parametrize("count", [1, 6])
def test_the_reminder_export_runs_a_fixed_number_of_queries(client, world, django_assert_num_queries, count):
    for i, org in enumerate(add_cells(world, count)):
        due = Due.objects.create(task=world.dated, organization=org, period=f"p{i}", due_on=NOW.date())
        _reminder(due, world.staff, kind="overdue", offset=1, day=NOW.date())
    client.force_login(world.staff)
    client.get(reverse("reminder_history_export"))
    with django_assert_num_queries(REMINDER_QUERIES):
        _header, rows = sheet_rows(client.get(reverse("reminder_history_export")))
    assert len(rows) == count


# savepoint, session, user, memberships, supervisions, the reminders, release
REMINDER_QUERIES = 7


# --- what was sent about one due (office staff) --------------------------------------------------------


def test_the_office_exports_every_reminder_sent_about_a_due(client, world):
    _reminders(world)
    _reminder(world.due, world.staff, kind="overdue", offset=7, day=datetime.date(2023, 3, 9))
    client.force_login(world.staff)
    url = reverse("due_reminders_export", args=[world.due.pk])
    page = client.get(reverse("due_reminders", args=[world.due.pk])).content.decode()
    assert f'href="{url}"' in page and "Tải Excel" in page
    header, rows = sheet_rows(client.get(url))
    assert header == [
        "Người nhận",
        "Thư điện tử",
        "Nhắc hạn",
        "Ngày phải nhắc",
        "Thời điểm gửi",
        "Trạng thái",
    ]
    listed = client.get(reverse("due_reminders", args=[world.due.pk])).context["page"].object_list
    assert [row[2] for row in rows] == [reminder.kind_words for reminder in listed]
    assert len(rows) == 3  # the staff's and the secretary's two, not the sibling's (another due)
    assert rows[-1][3].date() == datetime.date(2023, 3, 1) and rows[-1][4] == "09:00 01/03/2023"


def test_a_formula_in_a_recipients_name_stays_text(client, world):
    _reminders(world)
    world.secretary.__class__.objects.filter(pk=world.secretary.pk).update(first_name=FORMULA, last_name="")
    client.force_login(world.staff)
    response = client.get(reverse("due_reminders_export", args=[world.due.pk]))
    sheet = load_workbook(io.BytesIO(response.content)).active
    cells = [cell for row in sheet.iter_rows() for cell in row if FORMULA in str(cell.value)]
    assert cells and all(cell.data_type == "s" for cell in cells)


@pytest.mark.parametrize("who", ["secretary", "clerk", "outsider_staff"])
def test_only_the_office_following_the_due_gets_its_reminders(client, world, who):
    _reminders(world)
    client.force_login(getattr(world, who))
    assert client.get(reverse("due_reminders_export", args=[world.due.pk])).status_code == 404  # as the page


def test_the_due_reminders_export_needs_a_login(client, world):
    response = client.get(reverse("due_reminders_export", args=[world.due.pk]))
    assert response.status_code == 302 and "login" in response["Location"]


@pytest.mark.parametrize("count", [1, 6])
def test_the_due_reminders_export_runs_a_fixed_number_of_queries(
    client, world, django_assert_num_queries, count
):
    for i in range(count):
        _reminder(world.due, world.secretary, kind="overdue", offset=i + 1, day=datetime.date(2023, 3, 1 + i))
    client.force_login(world.staff)
    url = reverse("due_reminders_export", args=[world.due.pk])
    client.get(url)
    with django_assert_num_queries(DUE_REMINDER_QUERIES):
        _header, rows = sheet_rows(client.get(url))
    assert len(rows) == count


# savepoint, session, user, memberships, supervisions, the due, the reminders, release
DUE_REMINDER_QUERIES = 8


# --- the notifications ---------------------------------------------------------------------------------


def _notes(world):
    """A return with a reason and a read comment for the secretary, an activation without a due, and one for
    the staff."""
    Notification.objects.create(
        recipient=world.secretary,
        kind="returned",
        due=world.due,
        task=world.due.task,
        message=FORMULA,
        created_at=NOW - datetime.timedelta(days=2),
    )
    Notification.objects.create(
        recipient=world.secretary,
        kind="comment",
        due=world.due,
        created_at=NOW - datetime.timedelta(days=1),
        read_at=NOW,
    )
    Notification.objects.create(recipient=world.secretary, kind="activated", task=world.dated, created_at=NOW)
    Notification.objects.create(
        recipient=world.staff, kind="received", due=world.sibling_due, task=world.sibling_due.task
    )


def test_the_notifications_export_her_own_rows_as_the_page_lists_them(client, world):
    _notes(world)
    client.force_login(world.secretary)
    page = client.get(reverse("notifications")).content.decode()
    assert 'href="/reports/lists/notifications.xlsx"' in page and "Tải Excel" in page
    header, rows = sheet_rows(client.get(reverse("notification_list_export")))
    assert header == ["Thời điểm", "Loại thông báo", "Nhiệm vụ", "Tổ chức", "Kỳ", "Lý do", "Trạng thái"]
    listed = client.get(reverse("notifications")).context["page"].object_list
    assert [row[1] for row in rows] == [str(note.get_kind_display()) for note in listed]
    assert len(rows) == 3  # not the staff's
    activated, comment, returned = rows
    assert activated[2] == world.dated.label and activated[3] is None  # no due: no organization
    assert comment[:4] == ["09:00 09/03/2023", comment[1], world.due.title, world.org.name]
    assert [comment[6], returned[6]] == ["Đã đọc", "Chưa đọc"]
    assert returned[5] == FORMULA  # the reason, kept as text


def test_a_formula_in_a_notification_stays_text(client, world):
    _notes(world)
    client.force_login(world.secretary)
    cells = cells_with(client.get(reverse("notification_list_export")).content, FORMULA)
    assert cells and all(cell.data_type == "s" for cell in cells)


@pytest.mark.parametrize("who", ["clerk", "sibling", "outsider_staff"])
def test_others_do_not_get_her_notifications(client, world, who):
    _notes(world)
    client.force_login(getattr(world, who))
    _header, rows = sheet_rows(client.get(reverse("notification_list_export")))
    assert rows == []


def test_the_notifications_export_needs_a_login(client):
    response = client.get(reverse("notification_list_export"))
    assert response.status_code == 302 and "login" in response["Location"]


@pytest.mark.parametrize("count", [1, 6])
def test_the_notifications_export_runs_a_fixed_number_of_queries(
    client, world, django_assert_num_queries, count
):
    for org in add_cells(world, count):
        due = Due.objects.create(task=world.dated, organization=org, period="x", due_on=NOW.date())
        Notification.objects.create(recipient=world.staff, kind="received", due=due, task=due.task)
        Notification.objects.create(recipient=world.staff, kind="activated", task=world.dated)
    client.force_login(world.staff)
    client.get(reverse("notification_list_export"))
    with django_assert_num_queries(NOTIFICATION_QUERIES):
        _header, rows = sheet_rows(client.get(reverse("notification_list_export")))
    assert len(rows) == 2 * count


# savepoint, session, user, the notifications, release (whose they are needs no scope: the user's own)
NOTIFICATION_QUERIES = 5
