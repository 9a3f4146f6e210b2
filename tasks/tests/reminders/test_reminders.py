"""Deadline reminders in one process: which reminder is owed on which day, who gets it, the digest e-mail
(received by a real SMTP server), catch-up, escalation, submission and return, retries, the command, the
pages. The Celery worker, beat and concurrent scans are in test_reminders_services.py."""

import datetime
import os
import subprocess
import sys
import zoneinfo
from pathlib import Path

import pytest
import time_machine
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from config.celery import app as celery_app
from organizations.models import Membership
from tasks.models import Due, Notification, Reminder, ReminderDigest, ReminderPolicy, Task
from tasks.reminders.digests import reminder_digest_send
from tasks.reminders.policy import DEFAULT_POLICY, Policy, escalation_occurrence, reminder_occurrence
from tasks.reminders.scan import reminders_scan
from tasks.submissions.services import submission_review
from tests.factories import (
    DocumentFactory,
    TaskFactory,
    make_member,
    submit_due,
)
from tests.reminders_support import DUE_ON, SmtpSink, reminder_scenario, use_sink
from tests.world import add_cells

ROOT = Path(__file__).resolve().parents[3]
HCM = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")
D = DUE_ON


def day(offset: int) -> datetime.date:
    return D + datetime.timedelta(days=offset)


def at_7am(offset: int):
    """The beat hour on day D+offset, Vietnam time."""
    when = day(offset)
    return time_machine.travel(
        datetime.datetime(when.year, when.month, when.day, 7, 0, tzinfo=HCM), tick=False
    )


@pytest.fixture
def sink(settings):
    smtp = SmtpSink().start()
    use_sink(settings, smtp)
    yield smtp
    smtp.stop()


@pytest.fixture
def due(world):
    return reminder_scenario(world)


def run(today: datetime.date | None = None, *args) -> str:
    from io import StringIO

    out = StringIO()
    options = ["--today", today.isoformat()] if today else []
    call_command("send_reminders", *options, *args, stdout=out, stderr=StringIO())
    return out.getvalue()


# --- which reminder is owed on a day (pure) ----------------------------------------------------------------


def occurrence(offset: int, policy: Policy = DEFAULT_POLICY):
    found = reminder_occurrence(due_on=D, today=day(offset), policy=policy)
    return (found.kind, found.offset) if found else None


@pytest.mark.parametrize(
    ("offset", "expected"),
    [
        (-30, None),
        (-8, None),
        (-7, ("before", -7)),
        (-5, ("before", -7)),  # the 7-day reminder is still the latest owed (caught up if missed)
        (-2, ("before", -7)),
        (-1, ("before", -1)),
        (0, ("due_day", 0)),
        (1, ("due_day", 0)),  # a missed due-date reminder is caught up, never a stale "before" one
        (6, ("due_day", 0)),
        (7, ("overdue", 7)),
        (13, ("overdue", 7)),
        (14, ("overdue", 14)),
        (100, ("overdue", 98)),
    ],
)
def test_it_owes_the_latest_reminder_reached(offset, expected):
    assert occurrence(offset) == expected


def test_it_never_owes_a_before_reminder_once_the_date_has_passed():
    quiet = Policy(days_before=(7, 1), on_due_date=False, overdue_every=0)
    assert occurrence(-1, quiet) == ("before", -1)
    assert occurrence(0, quiet) == ("before", -1)  # due today: not past yet
    assert occurrence(1, quiet) is None
    assert occurrence(30, quiet) is None


def test_it_follows_the_plans_policy():
    custom = Policy(days_before=(14, 3), on_due_date=False, overdue_every=3, escalate_after=10)
    assert occurrence(-15, custom) is None
    assert occurrence(-14, custom) == ("before", -14)
    assert occurrence(-3, custom) == ("before", -3)
    assert occurrence(2, custom) is None
    assert occurrence(3, custom) == ("overdue", 3)
    assert occurrence(7, custom) == ("overdue", 6)
    assert escalation_occurrence(due_on=D, today=day(9), policy=custom) is None
    assert escalation_occurrence(due_on=D, today=day(10), policy=custom).offset == 10
    assert escalation_occurrence(due_on=D, today=day(12), policy=custom).offset == 10
    assert escalation_occurrence(due_on=D, today=day(13), policy=custom).offset == 13
    assert occurrence(-7, Policy(active=False)) is None


@pytest.mark.parametrize(("offset", "expected"), [(-1, None), (6, None), (7, 7), (13, 7), (14, 14), (22, 21)])
def test_it_escalates_from_seven_days_overdue_weekly(offset, expected):
    found = escalation_occurrence(due_on=D, today=day(offset), policy=DEFAULT_POLICY)
    assert (found.offset if found else None) == expected


# --- a timeline of days, through the command and a real SMTP server --------------------------------------


def test_it_reminds_7_and_1_days_before_on_the_day_and_weekly_while_overdue(world, due, sink):
    received: dict[int, list[str]] = {}
    for offset in range(-10, 22):
        sink.clear()
        with at_7am(offset):
            run()  # no --today: the day is the local date in Asia/Ho_Chi_Minh
        received[offset] = sorted(address for mail in sink.messages for address in mail.to)
    reminded = ["bithu@example.org", "phobithu@example.org", "vanthu@example.org"]
    # ...and the member in charge, and the committee's staff: its office and its Ban Tổ chức.
    escalated = sorted([*reminded, "phutrach@example.org", "vanphong@example.org", "bantochuc@example.org"])
    expected = {offset: [] for offset in range(-10, 22)}
    expected.update({-7: reminded, -1: reminded, 0: reminded, 7: escalated, 14: escalated, 21: escalated})
    assert received == expected
    words = {mail.to[0]: mail.text for mail in sink.messages}
    assert "quá hạn 21 ngày" in words["bithu@example.org"]
    assert "Quá hạn ở các tổ chức đồng chí phụ trách" in words["phutrach@example.org"]
    # the specialist's role is not reminded, an inactive membership neither, another organization neither
    log = Reminder.objects.filter(due=due)
    assert set(log.values_list("recipient__username", flat=True)) == {
        "bithu",
        "phobithu",
        "vanthu",
        "phutrach",
        "vanphong",
        "bantochuc",
    }
    assert not log.exclude(state=Reminder.State.SENT).exists()
    assert sorted(set(log.values_list("offset", flat=True))) == [-7, -1, 0, 7, 14, 21]


def test_it_sends_nothing_twice_when_run_again_the_same_day(world, due, sink):
    first = run(day(-7))
    second = run(day(-7))
    assert len(sink.messages) == 3
    assert "3 lượt nhắc mới" in first
    assert "0 lượt nhắc mới" in second
    assert Reminder.objects.count() == 3
    assert ReminderDigest.objects.filter(state=ReminderDigest.State.SENT).count() == 3


def test_it_catches_up_after_downtime_without_stale_before_reminders(world, due, sink):
    run(day(-10))
    assert sink.messages == []
    # Down from D-10 to D-4: the 7-day reminder is still owed, and sent late.
    run(day(-4))
    assert [mail.to for mail in sink.messages] == [
        ["bithu@example.org"],
        ["phobithu@example.org"],
        ["vanthu@example.org"],
    ]
    assert "còn 4 ngày" in sink.messages[0].text
    sink.clear()
    # Down again until D+3: no "1 day before" reminder any more, the missed due-date one instead.
    run(day(3))
    assert len(sink.messages) == 3
    assert "quá hạn 3 ngày" in sink.messages[0].text
    kinds = Reminder.objects.filter(recipient=world.secretary).order_by("occurs_on")
    assert [(r.kind, r.offset, r.claimed_on) for r in kinds] == [
        ("before", -7, day(-4)),
        ("due_day", 0, day(3)),
    ]
    sink.clear()
    # Down from D+3 to D+16: one overdue reminder (the latest, D+14) and the escalation, not a backlog.
    run(day(16))
    assert len(sink.to("bithu@example.org")) == 1
    assert len(sink.to("phutrach@example.org")) == 1
    assert list(
        Reminder.objects.filter(recipient=world.secretary, claimed_on=day(16)).values_list(
            "offset", flat=True
        )
    ) == [14]


def test_it_escalates_to_the_member_in_charge_and_the_office_after_seven_days(world, due, sink):
    run(day(6))
    assert not sink.to("phutrach@example.org") and not sink.to("vanphong@example.org")
    sink.clear()
    run(day(7))
    for address in ("phutrach@example.org", "vanphong@example.org"):
        (mail,) = sink.to(address)
        assert "Quá hạn ở các tổ chức đồng chí phụ trách" in mail.text
        assert world.org.name in mail.text
        assert "quá hạn 7 ngày" in mail.text
    escalations = Reminder.objects.filter(kind=Reminder.Kind.ESCALATION)
    assert set(escalations.values_list("recipient", flat=True)) == {
        world.supervisor.pk,
        world.staff.pk,
        world.board.pk,
    }


def test_escalation_waits_for_the_configured_number_of_days(world, due, sink):
    ReminderPolicy.objects.create(plan=due.task.plan, escalate_after=10)
    run(day(7))
    assert not sink.to("phutrach@example.org")
    run(day(10))
    assert len(sink.to("phutrach@example.org")) == 1


def test_the_digest_lists_every_due_in_one_vietnamese_email_with_both_parts(world, due, sink):
    org = world.org
    other_task = TaskFactory(
        plan=due.task.plan, dated=True, due_on=day(-3), text="Tổ chức hội nghị quán triệt"
    )
    Due.objects.create(task=other_task, organization=org, period="once", due_on=day(-3))
    today_task = TaskFactory(plan=due.task.plan, dated=True, due_on=day(-6), text="Báo cáo sơ kết 6 tháng")
    today_due = Due.objects.create(task=today_task, organization=org, period="once", due_on=day(-6))
    Task.objects.filter(pk=other_task.pk).update(number="II.1.b")  # named by its number first
    run(day(-6))
    (mail,) = sink.to("bithu@example.org")
    assert mail.subject == f"Plantrack: 3 kỳ hạn cần theo dõi – {day(-6):%d/%m/%Y}"
    for part in (mail.text, mail.html):
        assert "Kính gửi đồng chí" in part
        assert "Xây dựng kế hoạch thực hiện Nghị quyết 21" in part
        assert "II.1.b – Tổ chức hội nghị quán triệt" in part
        assert org.name in part
        assert "15/07/2024" in part  # dd/mm/yyyy
        assert "còn 6 ngày" in part
        assert "còn 3 ngày" in part
        assert "đến hạn hôm nay" in part
        assert f"http://127.0.0.1:8000/dues/{today_due.pk}/" in part
        assert f"http://127.0.0.1:8000/dues/{due.pk}/" in part
    assert "<table" in mail.html and "<table" not in mail.text
    assert mail.raw.get_content_type() == "multipart/alternative"
    # the same, in the app: one notification per due
    notes = Notification.objects.filter(recipient=world.secretary, kind=Notification.Kind.REMINDER)
    assert notes.count() == 3
    assert "đến hạn hôm nay" in notes.get(due=today_due).message
    assert "“II.1.b – Tổ chức hội nghị quán triệt”" in notes.get(task=other_task).message


def test_the_link_uses_the_configured_base_url(world, due, sink, settings):
    settings.PLANTRACK_BASE_URL = "https://plantrack.example.vn"
    run(day(-1))
    assert f"https://plantrack.example.vn/dues/{due.pk}/" in sink.messages[0].text


def test_it_reminds_nobody_once_submitted_or_accepted(world, due, sink):
    submission = submit_due(due, world.secretary)
    run(day(-1))
    run(day(7))
    assert sink.messages == []
    submission_review(submission=submission, reviewer=world.staff, decision="accepted")
    run(day(14))
    assert sink.messages == []
    assert not Reminder.objects.exists()


def test_a_returned_due_is_reminded_again(world, due, sink):
    submission = submit_due(due, world.secretary)
    run(day(0))
    assert sink.messages == []
    with at_7am(0):
        submission_review(
            submission=submission, reviewer=world.staff, decision="returned", reason="Thiếu số liệu"
        )
    # Owed again by its resubmission date, a week after the return (issue 17 item 3), reminded by it.
    assert Due.objects.get(pk=due.pk).resubmit_on == day(7)
    run(day(1))
    assert len(sink.to("bithu@example.org")) == 1
    first = sink.to("bithu@example.org")[0].text
    assert "còn 6 ngày" in first and "quá hạn" not in first
    run(day(7))
    assert len(sink.to("bithu@example.org")) == 2
    assert "đến hạn hôm nay" in sink.to("bithu@example.org")[1].text


def test_a_due_submitted_after_the_claim_is_not_sent(world, due, sink):
    result = reminders_scan(today=day(-1))
    submit_due(due, world.secretary)
    outcomes = [reminder_digest_send(digest_id=pk) for pk in result.digest_ids]
    assert sink.messages == []
    assert not any(outcome.sent for outcome in outcomes)
    assert set(Reminder.objects.values_list("state", flat=True)) == {Reminder.State.CANCELLED}


def test_a_failed_send_is_recorded_as_failed_and_sent_by_the_next_run(world, due, sink):
    sink.refuse = 3
    with pytest.raises(CommandError):
        run(day(-7))
    assert sink.messages == []
    assert sink.refused == 3
    assert set(ReminderDigest.objects.values_list("state", flat=True)) == {ReminderDigest.State.FAILED}
    assert set(Reminder.objects.values_list("state", flat=True)) == {Reminder.State.FAILED}
    assert not Reminder.objects.filter(sent_at__isnull=False).exists()
    digest = ReminderDigest.objects.get(recipient=world.secretary)
    assert digest.attempts == 1 and "451" in digest.last_error
    # The next day's run: the failed reminders join that day's digest, still one e-mail each.
    run(day(-6))
    assert sorted(mail.to[0] for mail in sink.messages) == [
        "bithu@example.org",
        "phobithu@example.org",
        "vanthu@example.org",
    ]
    assert "còn 6 ngày" in sink.to("bithu@example.org")[0].text
    assert set(Reminder.objects.values_list("state", flat=True)) == {Reminder.State.SENT}


@pytest.fixture
def eager():
    """Celery as on the embedded default, whatever REDIS_URL this run has."""
    conf = celery_app.conf
    saved = {name: conf.get(name) for name in ("task_always_eager", "task_eager_propagates")}
    conf.update(task_always_eager=True, task_eager_propagates=True)
    yield
    conf.update(saved)


def test_in_process_a_refused_send_stays_failed_for_the_next_scan(world, due, sink, eager):
    """The embedded default (no Redis): tasks run eagerly, where a retry cannot wait; the next scan of the
    same day sends what failed. (A real worker retries with backoff: test_reminders_services.py.)"""
    from tasks.tasks import reminders_daily_scan

    sink.refuse = 1
    first = reminders_daily_scan.delay(day(-7).isoformat()).get()
    assert first["claimed"] == 3 and len(first["digests"]) == 3
    assert sink.refused == 1 and len(sink.messages) == 2
    (failed,) = ReminderDigest.objects.filter(state=ReminderDigest.State.FAILED)
    assert failed.sent_at is None and failed.attempts == 1
    assert not Reminder.objects.filter(recipient=failed.recipient, state=Reminder.State.SENT).exists()
    second = reminders_daily_scan.delay(day(-7).isoformat()).get()
    assert second["claimed"] == 0 and second["digests"] == [failed.pk]
    assert len(sink.messages) == 3
    assert sorted(mail.to[0] for mail in sink.messages) == [
        "bithu@example.org",
        "phobithu@example.org",
        "vanthu@example.org",
    ]
    failed.refresh_from_db()
    assert failed.state == ReminderDigest.State.SENT and failed.attempts == 2


def test_a_dry_run_writes_and_sends_nothing(world, due, sink):
    output = run(day(-1), "--dry-run")
    assert "bithu@example.org" in output and "còn 1 ngày" in output
    assert sink.messages == []
    assert not Reminder.objects.exists() and not ReminderDigest.objects.exists()
    assert not Notification.objects.exists()


def test_the_command_prints_what_it_sent(world, due, sink):
    output = run(day(7))
    assert "Nhắc hạn ngày 22/07/2024" in output
    assert "<bithu@example.org>" in output
    assert "quá hạn 7 ngày" in output
    assert world.org.name in output


def test_it_rejects_a_malformed_day():
    with pytest.raises(CommandError):
        call_command("send_reminders", "--today", "22/07/2024")


def test_someone_without_an_email_address_is_reminded_in_the_app(world, due, sink):
    world.secretary.email = ""
    world.secretary.save()
    run(day(-1))
    assert not sink.to("bithu@example.org")
    assert Notification.objects.filter(recipient=world.secretary, kind="reminder").count() == 1
    digest = ReminderDigest.objects.get(recipient=world.secretary)
    assert digest.state == ReminderDigest.State.SENT and digest.email == ""


def test_an_inactive_policy_sends_nothing(world, due, sink):
    ReminderPolicy.objects.create(plan=due.task.plan, is_active=False)
    run(day(-7))
    run(day(14))
    assert sink.messages == []


# --- the weekly digest of tasks waiting for guidance -------------------------------------------------------


@pytest.fixture
def waiting(due):
    plan = due.task.plan
    task = TaskFactory(plan=plan, triggered=True, text="Sơ kết việc thực hiện hướng dẫn của Tỉnh ủy")
    return task


def test_office_staff_get_the_weekly_digest_of_tasks_waiting_for_guidance(world, due, waiting, sink):
    monday = datetime.date(2024, 7, 8)
    run(monday)
    (mail,) = sink.to("vanphong@example.org")
    assert "chờ hướng dẫn" in mail.subject
    assert "08/07/2024" in mail.subject
    for part in (mail.text, mail.html):
        assert "Sơ kết việc thực hiện hướng dẫn của Tỉnh ủy" in part
        assert "Sau khi Tỉnh ủy có hướng dẫn" in part or "Chờ hướng dẫn của Tỉnh ủy" in part
        assert f"http://127.0.0.1:8000/plans/{waiting.plan_id}/" in part
    assert not sink.to("bithu@example.org") or all(
        "chờ hướng dẫn" not in m.subject for m in sink.to("bithu@example.org")
    )
    sink.clear()
    run(monday + datetime.timedelta(days=2))  # same week: not again
    assert not sink.to("vanphong@example.org")
    run(monday + datetime.timedelta(days=7))
    assert len(sink.to("vanphong@example.org")) == 1


def test_no_weekly_digest_once_the_guidance_arrived(world, due, waiting, sink):
    from tasks.planning.dues import document_activate_tasks

    guidance = DocumentFactory(
        symbol="12-HD/TU", issuer=waiting.awaited_issuer, issued_on=datetime.date(2024, 7, 1)
    )
    document_activate_tasks(document=guidance, tasks=[waiting])
    run(datetime.date(2024, 7, 8))
    assert not sink.to("vanphong@example.org")


# --- the same scan on SQLite, in its own process, through send_reminders --------------------------------

SQLITE_SCENARIO = """
from tests.reminders_support import reminder_scenario
from tests.world import build_world
reminder_scenario(build_world())
"""


def test_the_same_scan_passes_on_sqlite_through_send_reminders(tmp_path):
    sink = SmtpSink().start()
    try:
        env = {
            **{k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL", "EMAIL_URL"}},
            "DATABASE_URL": f"sqlite:///{tmp_path / 'reminders.sqlite3'}",
            "EMAIL_URL": sink.email_url(),
            "DJANGO_SETTINGS_MODULE": "config.settings",
        }

        def manage(*args, check=True):
            return subprocess.run(
                [sys.executable, "manage.py", *args],
                cwd=ROOT,
                env=env,
                capture_output=True,
                text=True,
                check=check,
            )

        manage("migrate", "--noinput")
        manage("shell", "-c", SQLITE_SCENARIO)
        first = manage("send_reminders", "--today", day(7).isoformat())
        assert "<bithu@example.org>" in first.stdout, first.stderr
        assert sink.wait_for(messages=6)
        assert sorted(mail.to[0] for mail in sink.messages) == [
            "bantochuc@example.org",
            "bithu@example.org",
            "phobithu@example.org",
            "phutrach@example.org",
            "vanphong@example.org",
            "vanthu@example.org",
        ]
        again = manage("send_reminders", "--today", day(7).isoformat())
        assert "0 lượt nhắc mới" in again.stdout
        assert len(sink.messages) == 6
    finally:
        sink.stop()


# --- the settings ----------------------------------------------------------------------------------------

SCHEDULE = """
import json
from django.conf import settings
entry = settings.CELERY_BEAT_SCHEDULE["reminders-daily-scan"]
weekly = settings.CELERY_BEAT_SCHEDULE["waiting-weekly-digest"]
print(json.dumps({
    "task": entry["task"], "hours": sorted(entry["schedule"].hour), "minutes": sorted(entry["schedule"].minute),
    "weekly": weekly["task"], "weekdays": sorted(weekly["schedule"].day_of_week),
    "tz": settings.CELERY_TIMEZONE, "base": settings.PLANTRACK_BASE_URL,
}))
"""


def _settings_run(**variables):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PLANTRACK_", "DJANGO_"))}
    env.update(variables, DJANGO_SETTINGS_MODULE="config.settings")
    return subprocess.run(
        [sys.executable, "-c", f"import django; django.setup()\n{SCHEDULE}"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )


def test_the_daily_scan_runs_at_7_in_vietnam_by_default_and_the_hour_is_configurable():
    import json

    default = json.loads(_settings_run().stdout)
    assert default == {
        "task": "tasks.tasks.reminders_daily_scan",
        "hours": [7],
        "minutes": [0],
        "weekly": "tasks.tasks.waiting_weekly_digest",
        "weekdays": [1],
        "tz": "Asia/Ho_Chi_Minh",
        "base": "http://127.0.0.1:8000",
    }
    custom = json.loads(_settings_run(PLANTRACK_REMINDER_HOUR="5", PLANTRACK_BASE_URL="https://x.vn/").stdout)
    assert custom["hours"] == [5] and custom["base"] == "https://x.vn"
    bad = _settings_run(PLANTRACK_REMINDER_HOUR="25")
    assert bad.returncode != 0 and "PLANTRACK_REMINDER_HOUR" in bad.stderr


# --- pages ---------------------------------------------------------------------------------------------


def test_each_person_sees_their_own_reminder_history(world, due, sink, client):
    run(day(-7))
    run(day(-1))
    client.force_login(world.secretary)
    response = client.get(reverse("reminder_history"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Nhắc hạn của tôi" in page
    assert "7 ngày trước hạn" in page and "1 ngày trước hạn" in page
    assert "Đã gửi" in page
    assert response.context["page"].paginator.count == 2
    client.force_login(world.sibling)
    response = client.get(reverse("reminder_history"))
    assert response.context["page"].paginator.count == 0
    assert "Xây dựng kế hoạch" not in response.content.decode()


def test_the_history_filters_by_state(world, due, sink, client):
    sink.refuse = 3
    with pytest.raises(CommandError):
        run(day(-7))
    client.force_login(world.secretary)
    assert client.get(reverse("reminder_history"), {"state": "sent"}).context["page"].paginator.count == 0
    failed = client.get(reverse("reminder_history"), {"state": "failed"})
    assert failed.context["page"].paginator.count == 1
    assert "Gửi không thành công" in failed.content.decode()


def test_anonymous_users_are_sent_to_login(client, world, due):
    for url in (
        reverse("reminder_history"),
        reverse("due_reminders", args=[due.pk]),
        reverse("reminder_policy", args=[due.task.plan_id]),
    ):
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_office_staff_see_what_was_sent_about_a_due_to_whom_and_when(world, due, sink, client):
    run(day(7))
    client.force_login(world.staff)
    url = reverse("due_reminders", args=[due.pk])
    response = client.get(url)
    assert response.status_code == 200
    page = response.content.decode()
    for address in (
        "bithu@example.org",
        "phobithu@example.org",
        "vanthu@example.org",
        "phutrach@example.org",
    ):
        assert address in page
    assert "Quá hạn 7 ngày" in page and "Báo cấp trên: quá hạn 7 ngày" in page
    assert "22/07/2024" in page
    partial = client.get(url, headers={"HX-Request": "true"})
    assert partial.status_code == 200
    assert "<html" not in partial.content.decode() and 'id="due-reminders"' in partial.content.decode()


def test_a_due_reminder_log_is_hidden_from_everyone_but_the_office(world, due, client):
    url = reverse("due_reminders", args=[due.pk])
    client.force_login(world.secretary)  # sees the due, does not follow it up
    assert client.get(url).status_code == 404
    client.force_login(world.sibling)
    assert client.get(url).status_code == 404


def _history_rows(world, due, count: int):
    task = due.task
    for i, org in enumerate(add_cells(world, count)):
        due = Due.objects.create(task=task, organization=org, period=f"p{i}", due_on=day(0))
        Reminder.objects.create(
            due=due,
            recipient=world.staff,
            kind="escalation",
            offset=7,
            occurs_on=day(7),
            claimed_on=day(7),
        )
        Reminder.objects.create(
            due=due, recipient=world.staff, kind="overdue", offset=7, occurs_on=day(7), claimed_on=day(7)
        )


@pytest.mark.parametrize("rows", [2, 20])
def test_the_history_page_runs_a_fixed_number_of_queries(world, due, client, django_assert_num_queries, rows):
    _history_rows(world, due, rows)
    client.force_login(world.staff)
    url = reverse("reminder_history")
    client.get(url)
    with django_assert_num_queries(9):
        response = client.get(url)
    assert response.context["page"].paginator.count == rows * 2


@pytest.mark.parametrize("people", [2, 20])
def test_the_due_reminder_log_runs_a_fixed_number_of_queries(
    world, due, client, django_assert_num_queries, people
):
    for i in range(people):
        user = make_member(world.org, Membership.Role.CLERK, username=f"vt{i}")
        Reminder.objects.create(
            due=due, recipient=user, kind="before", offset=-7, occurs_on=day(-7), claimed_on=day(-7)
        )
    client.force_login(world.staff)
    url = reverse("due_reminders", args=[due.pk])
    client.get(url)
    with django_assert_num_queries(10):
        response = client.get(url)
    assert response.context["page"].paginator.count == people


def test_office_staff_set_a_plans_reminder_policy(world, due, client):
    plan = due.task.plan
    url = reverse("reminder_policy", args=[plan.pk])
    client.force_login(world.staff)
    response = client.get(url)
    assert response.status_code == 200
    assert 'value="7, 1"' in response.content.decode()
    response = client.post(
        url,
        {
            "is_active": "on",
            "days_before": "10, 3, 3",
            "on_due_date": "on",
            "overdue_every": "5",
            "escalate_after": "12",
        },
    )
    assert response.status_code == 302
    policy = ReminderPolicy.objects.get(plan=plan)
    assert (policy.days_before, policy.overdue_every, policy.escalate_after) == ([10, 3], 5, 12)


def test_a_bad_policy_comes_back_with_vietnamese_errors_and_what_was_typed(world, due, client):
    plan = due.task.plan
    client.force_login(world.staff)
    response = client.post(
        reverse("reminder_policy", args=[plan.pk]),
        {"days_before": "7, mười", "on_due_date": "on", "overdue_every": "400", "escalate_after": "7"},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "“mười” không phải số ngày từ 1 đến 365" in page
    assert "Tối đa 365 ngày" in page
    assert 'value="7, mười"' in page
    assert not ReminderPolicy.objects.filter(plan=plan).exists()


def test_only_the_plans_office_sets_its_policy(world, due, client):
    url = reverse("reminder_policy", args=[due.task.plan_id])
    for user in (world.secretary, world.sibling, world.supervisor):
        client.force_login(user)
        assert client.get(url).status_code == 404
        assert (
            client.post(url, {"days_before": "1", "overdue_every": "1", "escalate_after": "1"}).status_code
            == 404
        )
    assert not ReminderPolicy.objects.filter(plan=due.task.plan).exists()
    assert Task.objects.exists()
