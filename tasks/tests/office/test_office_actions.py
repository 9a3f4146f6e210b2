"""The office's follow-up of a due (issue 17 item 11): remind now (once a day, logged, e-mailed), extend the
deadline for one organization (with a reason, audited), mark it not applicable (with a reason), from the
due's page and from the matrix; and the comment thread between the office and the organization, notified
both ways. Each as the office (owner), the organization (member) and another bloc (outsider)."""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from auditlog.models import LogEntry
from django.core import mail
from django.urls import reverse

from tasks.models import Due, DueAction, DueComment, Notification
from tasks.monitoring.statuses import status_conditions
from tasks.planning.dues import task_regenerate_dues

pytestmark = pytest.mark.django_db

# 20/02/2023: the dated task's dues (28/02/2023) are owed and not yet overdue.
NOW = datetime.datetime(2023, 2, 20, 9, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))


@pytest.fixture(autouse=True)
def _clock():
    with time_machine.travel(NOW, tick=False) as clock:
        yield clock


def _post(client, user, name, due, data=None):
    client.force_login(user)
    return client.post(reverse(name, args=[due.pk]), data or {})


# --- remind now ------------------------------------------------------------------------------------------
def test_the_office_reminds_now_once_a_day_in_the_app_and_by_email(
    client, world, _clock, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = _post(client, world.staff, "due_remind", world.due)
    assert response.status_code == 302
    action = DueAction.objects.get(due=world.due)
    assert (action.kind, action.by, action.day) == ("reminded", world.staff, datetime.date(2023, 2, 20))
    told = set(
        Notification.objects.filter(kind="office_reminder", due=world.due).values_list("recipient", flat=True)
    )
    assert told == {world.secretary.pk, world.deputy.pk, world.clerk.pk}
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        u.email for u in (world.secretary, world.deputy, world.clerk)
    )
    assert world.due.task.label in mail.outbox[0].subject
    # Twice the same day: nothing more is sent, and the page says why.
    again = client.post(reverse("due_remind", args=[world.due.pk]), follow=True)
    assert "một lần mỗi ngày" in again.content.decode()
    assert DueAction.objects.filter(due=world.due).count() == 1 and len(mail.outbox) == 3
    # The next day it may be reminded again.
    _clock.shift(datetime.timedelta(days=1))
    _post(client, world.staff, "due_remind", world.due)  # signed in again: the session ended overnight
    assert DueAction.objects.filter(due=world.due).count() == 2


def test_a_due_handed_in_is_not_reminded(client, world):
    Due.objects.filter(pk=world.due.pk).update(state=Due.State.ACCEPTED)
    response = _post(client, world.staff, "due_remind", world.due)
    assert response.status_code == 302
    assert not DueAction.objects.exists() and mail.outbox == []


@pytest.mark.parametrize("name", ["due_remind", "due_extend", "due_not_applicable"])
def test_the_organization_sees_its_due_but_may_not_act_on_it(client, world, name):
    response = _post(
        client, world.secretary, name, world.due, {"extend-until": "31/03/2023", "extend-reason": "x"}
    )
    assert response.status_code == 403
    assert not DueAction.objects.exists()


@pytest.mark.parametrize("name", ["due_remind", "due_extend", "due_not_applicable", "due_comment"])
@pytest.mark.parametrize("who", ["outsider_staff", "outsider_secretary", "sibling"])
def test_outsiders_do_not_find_the_due(client, world, name, who):
    response = _post(client, getattr(world, who), name, world.due, {"comment-text": "x", "na-reason": "x"})
    assert response.status_code == 404
    assert not DueAction.objects.exists() and not DueComment.objects.exists()


def test_only_posts_act(client, world):
    client.force_login(world.staff)
    assert client.get(reverse("due_remind", args=[world.due.pk])).status_code == 405
    assert not DueAction.objects.exists()


# --- extend ----------------------------------------------------------------------------------------------
def test_the_office_extends_one_organizations_deadline_with_a_reason(client, world):
    response = _post(
        client,
        world.staff,
        "due_extend",
        world.due,
        {"extend-until": "31/03/2023", "extend-reason": "Đổi cấp ủy"},
    )
    assert response.status_code == 302
    world.due.refresh_from_db()
    world.sibling_due.refresh_from_db()
    assert world.due.due_on == datetime.date(2023, 3, 31)
    assert world.sibling_due.due_on == datetime.date(2023, 2, 28)  # the others keep theirs
    action = DueAction.objects.get(kind="extended")
    assert (action.due_on_before, action.due_on_after, action.reason) == (
        datetime.date(2023, 2, 28),
        datetime.date(2023, 3, 31),
        "Đổi cấp ủy",
    )
    entry = LogEntry.objects.get_for_object(world.due).filter(action=LogEntry.Action.UPDATE).get()
    assert entry.actor == world.staff and "due_on" in entry.changes_dict
    note = Notification.objects.get(kind="extended", recipient=world.secretary)
    assert note.message == "Đổi cấp ủy"
    page = client.get(reverse("due_detail", args=[world.due.pk])).content.decode()
    assert "31/03/2023" in page and "Đổi cấp ủy" in page
    # Regenerating the task's dues (the task edited) keeps the extension.
    task_regenerate_dues(task=world.dated)
    world.due.refresh_from_db()
    assert world.due.due_on == datetime.date(2023, 3, 31)


def test_a_bad_extension_is_refused_in_vietnamese_keeping_what_was_typed(client, world):
    response = _post(
        client,
        world.staff,
        "due_extend",
        world.due,
        {"extend-until": "15/02/2023", "extend-reason": "Lý do gõ"},
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "Hạn mới phải sau hạn hiện tại (28/02/2023)." in body
    assert "Lý do gõ" in body and 'value="15/02/2023"' in body
    no_reason = client.post(reverse("due_extend", args=[world.due.pk]), {"extend-until": "31/03/2023"})
    assert "Ghi rõ lý do." in no_reason.content.decode()
    bad_date = client.post(
        reverse("due_extend", args=[world.due.pk]), {"extend-until": "31/02/2023", "extend-reason": "a"}
    )
    assert "Ghi ngày theo dạng dd/mm/yyyy." in bad_date.content.decode()
    world.due.refresh_from_db()
    assert world.due.due_on == datetime.date(2023, 2, 28) and not DueAction.objects.exists()


# --- not applicable --------------------------------------------------------------------------------------
def test_the_office_marks_a_due_not_applicable_with_a_reason(client, world):
    response = _post(client, world.staff, "due_not_applicable", world.due, {"na-reason": "Đã sáp nhập"})
    assert response.status_code == 302
    world.due.refresh_from_db()
    assert world.due.state == Due.State.NOT_APPLICABLE
    assert world.due.status_on(datetime.date(2023, 6, 1)) == "not_applicable"  # never overdue
    today = datetime.date(2023, 6, 1)
    assert Due.objects.filter(status_conditions(today=today)["not_applicable"]).get() == world.due
    assert not Due.objects.filter(status_conditions(today=today)["overdue"], pk=world.due.pk).exists()
    assert Notification.objects.get(kind="not_applicable", recipient=world.secretary).message == "Đã sáp nhập"
    page = client.get(reverse("due_detail", args=[world.due.pk])).content.decode()
    assert "Không áp dụng" in page and "Đã sáp nhập" in page
    # Nothing is owed any more: no reminder, no second marking.
    assert _post(client, world.staff, "due_remind", world.due).status_code == 302
    assert DueAction.objects.count() == 1


def test_not_applicable_needs_a_reason(client, world):
    response = _post(client, world.staff, "due_not_applicable", world.due, {"na-reason": "   "})
    assert response.status_code == 200
    assert "Ghi rõ lý do." in response.content.decode()
    world.due.refresh_from_db()
    assert world.due.state == Due.State.OPEN


# --- the thread ------------------------------------------------------------------------------------------
def test_the_office_and_the_organization_talk_on_the_due_each_told_of_the_other(client, world):
    _post(client, world.staff, "due_comment", world.due, {"comment-text": "Đồng chí gửi bản có chữ ký nhé."})
    told = set(Notification.objects.filter(kind="comment").values_list("recipient", flat=True))
    assert told == {world.secretary.pk, world.deputy.pk, world.clerk.pk}
    Notification.objects.all().delete()
    response = _post(client, world.secretary, "due_comment", world.due, {"comment-text": "Vâng, sẽ gửi lại."})
    assert response.status_code == 302
    told = set(Notification.objects.filter(kind="comment").values_list("recipient", flat=True))
    assert world.staff.pk in told and world.board.pk in told and world.secretary.pk not in told
    comments = list(DueComment.objects.values_list("from_office", "text"))
    assert comments == [(True, "Đồng chí gửi bản có chữ ký nhé."), (False, "Vâng, sẽ gửi lại.")]
    page = client.get(reverse("due_detail", args=[world.due.pk])).content.decode()
    assert page.index("Đồng chí gửi bản có chữ ký nhé.") < page.index("Vâng, sẽ gửi lại.")
    client.force_login(world.staff)
    notes = client.get(reverse("notifications")).content.decode()
    assert "Có tin nhắn mới" in notes


def test_the_supervisor_sees_the_due_but_not_the_thread(client, world):
    _post(client, world.staff, "due_comment", world.due, {"comment-text": "Tin nhắn riêng"})
    client.force_login(world.supervisor)
    page = client.get(reverse("due_detail", args=[world.due.pk]))
    assert page.status_code == 200 and "Tin nhắn riêng" not in page.content.decode()
    assert client.post(reverse("due_comment", args=[world.due.pk]), {"comment-text": "x"}).status_code == 403


def test_an_empty_message_is_refused(client, world):
    response = _post(client, world.secretary, "due_comment", world.due, {"comment-text": "  "})
    assert response.status_code == 200
    assert "Viết nội dung tin nhắn." in response.content.decode()
    assert not DueComment.objects.exists()


def test_the_due_page_shows_the_office_panel_to_the_office_only(client, world, django_assert_max_num_queries):
    client.force_login(world.staff)
    body = client.get(reverse("due_detail", args=[world.due.pk])).content.decode()
    assert "Nhắc hạn ngay" in body and "Gia hạn" in body and "Không áp dụng" in body
    client.force_login(world.secretary)
    body = client.get(reverse("due_detail", args=[world.due.pk])).content.decode()
    assert "Nhắc hạn ngay" not in body and "Trao đổi" in body


# --- from the matrix -------------------------------------------------------------------------------------
def _matrix_act(client, world, **data):
    column = f"{world.dated.pk}:{world.due.period}"
    payload = {"column": column, "org": [world.org.pk, world.sibling_org.pk], "next": "/plans/x/"} | data
    return client.post(reverse("matrix_act", args=[world.plan.pk]), payload)


def test_the_office_acts_on_several_organizations_from_the_matrix(client, world):
    client.force_login(world.staff)
    matrix = client.get(
        reverse("matrix", args=[world.plan.pk]) + "?period=custom&start=01/01/2023&end=31/12/2023"
    )
    body = matrix.content.decode()
    assert 'form="matrix-act"' in body and f'value="{world.dated.pk}:{world.due.period}"' in body
    response = _matrix_act(client, world, kind="reminded")
    assert response.status_code == 302
    assert set(DueAction.objects.values_list("due", flat=True)) == {world.due.pk, world.sibling_due.pk}
    again = _matrix_act(client, world, kind="reminded")
    assert DueAction.objects.count() == 2
    messages = [str(m) for m in again.wsgi_request._messages]
    assert any("0 tổ chức" in m for m in messages) and any("2" in m for m in messages)
    _matrix_act(client, world, kind="extended", until="15/03/2023", reason="Chờ đại hội")
    assert set(Due.objects.filter(due_on=datetime.date(2023, 3, 15)).values_list("pk", flat=True)) == {
        world.due.pk,
        world.sibling_due.pk,
    }
    _matrix_act(client, world, kind="not_applicable", reason="Giải thể", org=[world.sibling_org.pk])
    world.sibling_due.refresh_from_db()
    assert world.sibling_due.state == Due.State.NOT_APPLICABLE


def test_the_matrix_action_needs_its_reason_and_ticked_organizations(client, world):
    client.force_login(world.staff)
    response = _matrix_act(client, world, kind="extended", until="15/03/2023", org=[])
    messages = " ".join(str(m) for m in response.wsgi_request._messages)
    assert "Đánh dấu ít nhất một tổ chức" in messages and "Ghi rõ lý do." in messages
    assert not DueAction.objects.exists()


@pytest.mark.parametrize("who", ["secretary", "supervisor", "outsider_staff"])
def test_only_the_plans_office_acts_from_the_matrix(client, world, who):
    client.force_login(getattr(world, who))
    assert _matrix_act(client, world, kind="reminded").status_code == 404
    assert not DueAction.objects.exists()


def test_the_matrix_does_not_act_on_an_outsiders_due(client, world):
    """An organization of another bloc ticked by hand is not in the office's scope: left out."""
    client.force_login(world.staff)
    _matrix_act(client, world, kind="reminded", org=[world.outsider_org.pk])
    assert not DueAction.objects.exists()
