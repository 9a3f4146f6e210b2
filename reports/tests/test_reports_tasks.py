"""Generation in Celery: the task stores the file and marks the report done, or failed on any exception
(never left running); a report whose worker died is marked failed once the time limit is well past; a
broker that refuses the task fails the report at once."""

import datetime

import pytest
import time_machine
from celery.exceptions import SoftTimeLimitExceeded
from django.core.cache import cache
from django.utils import timezone

from plans.periods import period_year
from reports import generation
from reports.generation import report_fail_stale, report_request, report_run
from reports.models import Report
from reports.tasks import fail_stale_reports, generate_report
from tests.world import LOCAL, hand_in_the_dated_task, report_the_first_half

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2023, 12, 20)
NOW = datetime.datetime(2023, 12, 20, 9, 0, tzinfo=LOCAL)


@pytest.fixture
def states(world):
    cache.clear()
    with time_machine.travel(NOW, tick=False):
        states = hand_in_the_dated_task(world)
        report_the_first_half(world, states)
        yield states


def request(world, django_capture_on_commit_callbacks, *, execute=True, fmt="pdf") -> Report:
    with django_capture_on_commit_callbacks(execute=execute):
        report = report_request(
            user=world.staff, kind="plan", plan=world.plan, period=period_year(2023), fmt=fmt
        )
    report.refresh_from_db()
    return report


def test_the_task_is_queued_after_commit_and_stores_the_file(
    world, states, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        report = report_request(
            user=world.staff, kind="plan", plan=world.plan, period=period_year(2023), fmt="xlsx"
        )
    assert len(callbacks) == 1
    report.refresh_from_db()
    assert report.status == Report.Status.QUEUED  # nothing ran before the commit
    callbacks[0]()
    report.refresh_from_db()
    assert report.status == Report.Status.DONE and report.progress == 100 and report.error == ""
    assert report.started_at <= report.finished_at
    with report.file.open("rb") as handle:
        assert handle.read(2) == b"PK"
    assert report.size == report.file.size


def test_the_task_marks_the_report_failed_on_an_exception(
    world, states, django_capture_on_commit_callbacks, monkeypatch
):
    report = request(world, django_capture_on_commit_callbacks, execute=False)

    def broken(**kwargs):
        raise RuntimeError("không đọc được dữ liệu")

    monkeypatch.setattr(generation, "report_data", broken)
    result = generate_report.delay(report.pk).get()
    assert result == {"report": report.pk, "status": "failed"}
    report.refresh_from_db()
    assert report.status == Report.Status.FAILED
    assert report.error == "RuntimeError: không đọc được dữ liệu"
    assert report.finished_at is not None and not report.file


def test_a_soft_time_limit_fails_the_report_and_leaves_no_file(
    world, states, django_capture_on_commit_callbacks, monkeypatch
):
    report = request(world, django_capture_on_commit_callbacks, execute=False)

    def slow(**kwargs):
        raise SoftTimeLimitExceeded()

    monkeypatch.setattr(generation, "report_render", slow)
    assert report_run(report_id=report.pk) == Report.Status.FAILED
    report.refresh_from_db()
    assert report.status == Report.Status.FAILED and "SoftTimeLimitExceeded" in report.error


def test_running_twice_does_not_generate_twice(
    world, states, django_capture_on_commit_callbacks, monkeypatch
):
    report = request(world, django_capture_on_commit_callbacks)
    assert report.status == Report.Status.DONE
    monkeypatch.setattr(generation, "report_data", lambda **kwargs: pytest.fail("generated again"))
    assert report_run(report_id=report.pk) == Report.Status.DONE


def test_a_report_redelivered_after_its_worker_died_runs_again(
    world, states, django_capture_on_commit_callbacks
):
    report = request(world, django_capture_on_commit_callbacks, execute=False)
    Report.objects.filter(pk=report.pk).update(
        status=Report.Status.RUNNING, started_at=timezone.now(), attempts=1
    )
    assert report_run(report_id=report.pk) == Report.Status.DONE
    assert Report.objects.get(pk=report.pk).attempts == 2


def test_a_report_whose_generation_kills_every_worker_is_given_up(
    world, states, django_capture_on_commit_callbacks, monkeypatch
):
    """Each redelivery after a worker died is a new start; after MAX_ATTEMPTS starts the report is failed
    instead of going back to the queue for ever."""
    report = request(world, django_capture_on_commit_callbacks, execute=False)
    starts = []

    def worker_dies(**kwargs):
        starts.append(Report.objects.get(pk=report.pk).attempts)
        raise SystemExit  # not an Exception: what report_run sees of a pool process killed outright

    monkeypatch.setattr(generation, "report_data", worker_dies)
    for _ in range(Report.MAX_ATTEMPTS):
        with pytest.raises(SystemExit):
            report_run(report_id=report.pk)
        assert Report.objects.get(pk=report.pk).status == Report.Status.RUNNING
    assert starts == list(range(1, Report.MAX_ATTEMPTS + 1))
    assert report_run(report_id=report.pk) == Report.Status.FAILED
    assert len(starts) == Report.MAX_ATTEMPTS
    report.refresh_from_db()
    assert report.status == Report.Status.FAILED and report.finished_at is not None
    assert report.error == (
        f"Báo cáo đã được bắt đầu {Report.MAX_ATTEMPTS} lần và lần nào tiến trình tạo cũng dừng. "
        "Hãy yêu cầu lại sau."
    )
    # A failed report keeps its reason: running it again changes nothing.
    assert report_run(report_id=report.pk) == Report.Status.FAILED
    assert Report.objects.get(pk=report.pk).error == report.error


def test_reports_left_running_by_a_dead_worker_are_marked_failed(
    world, states, django_capture_on_commit_callbacks, settings
):
    settings.CELERY_TASK_TIME_LIMIT = 1800
    now = timezone.now()
    dead = request(world, django_capture_on_commit_callbacks, execute=False)
    alive = request(world, django_capture_on_commit_callbacks, execute=False)
    lost = request(world, django_capture_on_commit_callbacks, execute=False)
    Report.objects.filter(pk=dead.pk).update(
        status=Report.Status.RUNNING, started_at=now - datetime.timedelta(minutes=36)
    )
    Report.objects.filter(pk=alive.pk).update(
        status=Report.Status.RUNNING, started_at=now - datetime.timedelta(minutes=20)
    )
    Report.objects.filter(pk=lost.pk).update(created_at=now - datetime.timedelta(hours=2))
    assert report_fail_stale(now=now) == 2
    statuses = dict(Report.objects.values_list("pk", "status"))
    assert statuses == {dead.pk: "failed", alive.pk: "running", lost.pk: "failed"}
    assert "không hoàn thành" in Report.objects.get(pk=dead.pk).error


def test_beat_fails_stale_reports_every_five_minutes_through_the_celery_task(
    world, states, django_capture_on_commit_callbacks, settings
):
    from config.celery import app

    entry = settings.CELERY_BEAT_SCHEDULE["reports-fail-stale"]
    assert entry["task"] == fail_stale_reports.name and entry["task"] in app.tasks
    assert entry["schedule"].minute == set(range(0, 60, 5)) and entry["schedule"].hour == set(range(24))
    settings.CELERY_TASK_TIME_LIMIT = 1800
    now = timezone.now()
    dead = request(world, django_capture_on_commit_callbacks, execute=False)
    alive = request(world, django_capture_on_commit_callbacks, execute=False)
    Report.objects.filter(pk=dead.pk).update(
        status=Report.Status.RUNNING, started_at=now - datetime.timedelta(minutes=36)
    )
    Report.objects.filter(pk=alive.pk).update(
        status=Report.Status.RUNNING, started_at=now - datetime.timedelta(minutes=20)
    )
    fail_stale_reports.delay()  # in-process here (no REDIS_URL), on the worker in production
    statuses = dict(Report.objects.values_list("pk", "status"))
    assert statuses == {dead.pk: "failed", alive.pk: "running"}
    assert "không hoàn thành" in Report.objects.get(pk=dead.pk).error


def test_a_broker_that_refuses_the_task_fails_the_report(
    world, states, django_capture_on_commit_callbacks, monkeypatch
):
    def refuse(*args, **kwargs):
        raise ConnectionError("Redis is down")

    monkeypatch.setattr(generate_report, "delay", refuse)
    report = request(world, django_capture_on_commit_callbacks)
    assert report.status == Report.Status.FAILED and "Redis is down" in report.error


def test_the_report_is_written_in_the_language_it_was_asked_in(
    world, states, django_capture_on_commit_callbacks
):
    from django.utils import translation

    with translation.override("en"):
        report = request(world, django_capture_on_commit_callbacks, fmt="xlsx")
    assert report.language == "en"
    from openpyxl import load_workbook

    with report.file.open("rb") as handle:
        book = load_workbook(handle)
    assert book.sheetnames[0] == "By deadline kind"
