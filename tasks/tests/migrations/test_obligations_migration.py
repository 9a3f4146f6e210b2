"""The migration to obligations (tasks/migrations/0010-0012, docs/domain.md §6) keeps every submission, review,
file and notification: old per-task dues are built in the old schema, then migrated forward."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from tasks.models import Due, Notification, ReportLine, Review, Submission, SubmissionFile

pytestmark = pytest.mark.django_db(transaction=True)

OLD = [("tasks", "0009_task_parent_task")]
LOCAL = ZoneInfo("Asia/Ho_Chi_Minh")


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def _latest():
    executor = MigrationExecutor(connection)
    return executor.loader.graph.leaf_nodes()


def _at(day, month, year=2023):
    return datetime.datetime(year, month, day, 9, tzinfo=LOCAL)


class OldBloc:
    """The world's plan as the old rule made it: a due per task, organization and half-year."""

    def __init__(self, apps, world):
        self.apps = apps
        self.world = world
        self.Due = apps.get_model("tasks", "Due")
        self.Submission = apps.get_model("tasks", "Submission")
        self.Review = apps.get_model("tasks", "Review")
        self.File = apps.get_model("tasks", "SubmissionFile")
        self.Notification = apps.get_model("tasks", "Notification")
        self.User = apps.get_model("auth", "User")

    def due(self, task, org, period, due_on):
        return self.Due.objects.create(task_id=task.pk, organization_id=org.pk, period=period, due_on=due_on)

    def hand_in(self, due, version, when, *, decision=None, text="Đã thực hiện"):
        submission = self.Submission.objects.create(
            due=due, version=version, text=text, submitted_at=when, submitted_by_id=self.world.secretary.pk
        )
        self.File.objects.create(
            submission=submission, file=f"submissions/{due.pk}/{version}/bao-cao.pdf", original_name="bao-cao.pdf"
        )
        if decision:
            self.Review.objects.create(
                submission=submission,
                decision=decision,
                reason="Thiếu số liệu" if decision == "returned" else "",
                reviewer_id=self.world.staff.pk,
                reviewed_at=when,
            )
        state = decision or "submitted"
        first = due.first_submitted_at or when
        self.Due.objects.filter(pk=due.pk).update(state=state, first_submitted_at=first)
        due.first_submitted_at = first
        return submission


def test_every_submission_review_and_file_survives_and_lands_on_the_new_obligation(world):
    Due.objects.all().delete()  # the world's dues, made by the new rule: rebuilt below as the old one made them
    org, office = world.org, world.office
    try:
        old = OldBloc(_migrate(OLD), world)
        half = {
            "2023-H1": datetime.date(2023, 6, 15),
            "2023": datetime.date(2023, 12, 15),
            "2024-H1": datetime.date(2024, 6, 15),
            "2024": datetime.date(2024, 12, 15),
        }
        ongoing = {(o.pk, p): old.due(world.ongoing, o, p, d) for o in world.grassroots for p, d in half.items()}
        annual = old.due(world.annual, org, "2023", half["2023"])
        dated = old.due(world.dated, org, "once", datetime.date(2023, 2, 28))
        body = old.due(world.ongoing, office, "2023-H1", half["2023-H1"])
        old.hand_in(dated, 1, _at(20, 2), decision="accepted", text="05-KH/ĐU")
        old.hand_in(ongoing[(org.pk, "2023-H1")], 1, _at(10, 6), decision="returned", text="Lần 1")
        old.hand_in(ongoing[(org.pk, "2023-H1")], 2, _at(12, 6), decision="accepted", text="Lần 2")
        old.hand_in(annual, 1, _at(1, 12), decision="accepted", text="Xếp loại")
        old.hand_in(ongoing[(org.pk, "2023")], 1, _at(10, 12), text="Cả năm")
        old.hand_in(body, 1, _at(14, 6), decision="accepted", text="Văn phòng")
        old.Notification.objects.create(
            recipient_id=world.staff.pk, kind="received", due=ongoing[(org.pk, "2023")], task_id=world.ongoing.pk
        )
        before = {
            "submissions": set(old.Submission.objects.values_list("pk", "text")),
            "reviews": set(old.Review.objects.values_list("pk", "submission_id", "decision")),
            "files": set(old.File.objects.values_list("pk", "submission_id", "file")),
        }
    finally:
        _migrate(_latest())

    assert set(Submission.objects.values_list("pk", "text")) == before["submissions"]
    assert set(Review.objects.values_list("pk", "submission_id", "decision")) == before["reviews"]
    assert set(SubmissionFile.objects.values_list("pk", "submission_id", "file")) == before["files"]
    assert Due.objects.filter(plan__isnull=True).count() == 0

    # The deliverable keeps its submission as it was.
    deliverable = Due.objects.get(pk=dated.pk)
    assert (deliverable.kind, deliverable.plan_id, deliverable.state) == ("deliverable", world.plan.pk, "accepted")
    assert list(deliverable.submissions.values_list("version", "text")) == [(1, "05-KH/ĐU")]

    # The ongoing and annual answers of 2023 are versions of the 2023 report, in the order they were handed in.
    report = Due.objects.get(plan=world.plan, kind="report", organization=org, period="2023")
    assert report.task_id is None
    assert list(report.submissions.order_by("version").values_list("version", "text")) == [
        (1, "Lần 1"),
        (2, "Lần 2"),
        (3, "Xếp loại"),
        (4, "Cả năm"),
    ]
    assert report.state == "submitted"  # its last version awaits review
    assert report.first_submitted_at == _at(10, 6)
    lines = ReportLine.objects.filter(due=report).order_by("submission__version")
    assert [(line.task_id, line.result) for line in lines] == [
        (world.ongoing.pk, "Lần 1"),
        (world.ongoing.pk, "Lần 2"),
        (world.annual.pk, "Xếp loại"),
        (world.ongoing.pk, "Cả năm"),
    ]
    assert Notification.objects.get(recipient=world.staff).due_id == report.pk

    # The committee's own body keeps its answer as own work; no per-task due of a grassroots report remains.
    assert Due.objects.get(pk=body.pk).kind == "own"
    assert not Due.objects.filter(task=world.ongoing, organization__in=world.grassroots).exists()
    reports = Due.objects.filter(plan=world.plan, kind="report", organization=world.cell)
    assert sorted(reports.values_list("period", flat=True)) == ["2023", "2024", "2025"]
