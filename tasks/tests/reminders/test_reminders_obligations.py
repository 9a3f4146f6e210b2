"""Reminders and escalation for the obligations that are not a deliverable (issue 12 item 7; docs/domain.md,
"Obligations"): a periodic report names no task, so its e-mails and notifications name it by its words and
its plan; own work of a committee's body is reminded and escalated like any due."""

import pytest
from django.core.management import call_command

from organizations.models import Membership
from tasks.models import Due, Notification, Reminder
from tests.factories import PlanFactory, SupervisionFactory, TaskFactory, make_member
from tests.reminders_support import DUE_ON, SmtpSink, quiet_plan, use_sink

REPORT_WORDS = "Báo cáo kết quả thực hiện năm 2024"


@pytest.fixture
def sink(settings):
    smtp = SmtpSink().start()
    use_sink(settings, smtp)
    yield smtp
    smtp.stop()


def run(day) -> None:
    from io import StringIO

    call_command("send_reminders", "--today", day.isoformat(), stdout=StringIO(), stderr=StringIO())


@pytest.fixture
def plan(world):
    quiet_plan(world)
    return PlanFactory(owner=world.committee, document__symbol="62-KH/ĐUK")


def test_a_periodic_report_is_reminded_by_its_words_and_plan_and_escalated(world, plan, sink):
    due = Due.objects.create(
        plan=plan, kind=Due.Kind.REPORT, organization=world.org, period="2024", due_on=DUE_ON
    )
    assert due.task_id is None
    run(DUE_ON)
    (mail,) = sink.to("bithu@example.org")
    for part in (mail.text, mail.html):
        assert REPORT_WORDS in part
        assert "62-KH/ĐUK" in part
        assert "đến hạn hôm nay" in part
    note = Notification.objects.get(recipient=world.secretary, kind=Notification.Kind.REMINDER)
    assert note.due_id == due.pk and note.task_id is None
    # in the app the words alone do not say which plan's report it is
    assert f"“{REPORT_WORDS} – 62-KH/ĐUK”" in note.message
    sink.clear()
    run(DUE_ON.replace(day=22))  # seven days overdue: the member in charge and the office are told
    for address in ("phutrach@example.org", "vanphong@example.org", "bantochuc@example.org"):
        (mail,) = sink.to(address)
        assert "Quá hạn ở các tổ chức đồng chí phụ trách" in mail.text
        assert REPORT_WORDS in mail.text and world.org.name in mail.text
        assert "quá hạn 7 ngày" in mail.text
    escalated = Reminder.objects.filter(due=due, kind=Reminder.Kind.ESCALATION)
    assert set(escalated.values_list("recipient", flat=True)) == {
        world.supervisor.pk,
        world.staff.pk,
        world.board.pk,
    }
    note = Notification.objects.filter(recipient=world.supervisor, due=due).get()
    assert f"“{REPORT_WORDS} – 62-KH/ĐUK”" in note.message


def test_own_work_of_a_body_is_reminded_to_it_and_escalated_to_its_member_in_charge_and_the_office(
    world, plan, sink
):
    head = make_member(world.office, Membership.Role.SECRETARY, username="chanhvanphong")
    SupervisionFactory(member=world.supervisor, organization=world.office)
    task = TaskFactory(plan=plan, dated=True, due_on=DUE_ON, text="Tham mưu sơ kết giữa nhiệm kỳ")
    due = Due.objects.create(
        plan=plan, kind=Due.Kind.OWN, task=task, organization=world.office, period="2024", due_on=DUE_ON
    )
    run(DUE_ON)
    (mail,) = sink.to(head.email)
    assert "Tham mưu sơ kết giữa nhiệm kỳ" in mail.text and "62-KH/ĐUK" in mail.text
    sink.clear()
    run(DUE_ON.replace(day=22))
    for address in ("phutrach@example.org", "vanphong@example.org", "bantochuc@example.org"):
        (mail,) = sink.to(address)
        assert "Tham mưu sơ kết giữa nhiệm kỳ" in mail.text and world.office.name in mail.text
    escalated = Reminder.objects.filter(due=due, kind=Reminder.Kind.ESCALATION)
    assert set(escalated.values_list("recipient", flat=True)) == {
        world.supervisor.pk,
        world.staff.pk,
        world.board.pk,
        head.pk,  # a member of the office is staff of the committee too
    }
