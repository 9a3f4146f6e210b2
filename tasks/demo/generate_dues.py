"""The dues, submission versions and reviews of the synthetic bloc (tasks/demo/generate.py), drawn at random
with the states the workflow would have produced and written in bulk."""

import datetime
import random
from dataclasses import dataclass, field

from django.core.management.color import no_style
from django.db import connection
from django.db.models import Max
from django.utils import timezone

from organizations.models import Organization
from plans.models import Plan
from tasks.demo.generate_plan import TASKS
from tasks.models import Due, Review, Submission
from tasks.planning.deadlines import due_specs
from tasks.planning.obligations import DELIVERABLE, OWN, REPORT, has_own_deadline, report_specs

BATCH = 2000
SUBMISSION_TEXT = "Đã triển khai, quán triệt đến toàn thể đảng viên; kết quả cụ thể như sau."
RETURN_REASONS = [
    "Báo cáo chưa đủ số liệu, đề nghị bổ sung.",
    "Thiếu chữ ký của đồng chí bí thư.",
    "Chưa đánh giá kết quả theo từng nhiệm vụ.",
]


def _at(day: datetime.date, hour: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def dues_generate(
    *,
    plan: Plan,
    grassroots: list[tuple[int, str]],
    board_id: int,
    rng: random.Random,
    today: datetime.date,
    secretary_of: dict[int, int],
    reviewer_id: int,
) -> tuple[int, int, int]:
    """The plan's obligations as tasks/planning/obligations.py makes them (docs/domain.md §6), with an outcome
    drawn from `rng` (the same seed gives the same rows); returns how many dues, submissions and reviews were
    written. The Ban Tổ chức leads every task: each is its own work, by the task's own deadline or each
    reporting period; a task with a deadline of its own is a deliverable of the grassroots organizations it is
    addressed to; every grassroots organization owes one report per reporting period. The rule is applied
    here on the task table rather than through plan_obligations, which lists the organizations of every task:
    at 55,000 organizations that would take most of the time."""
    tasks = list(plan.tasks.select_related("trigger_document").order_by("position"))
    plan = Plan.objects.prefetch_related("reporting_periods").get(pk=plan.pk)
    reports = report_specs(plan)
    designated = {
        "all": {pk for pk, _kind in grassroots},
        "committees": {pk for pk, kind in grassroots if kind == Organization.Kind.GRASSROOTS_COMMITTEE},
        "board": set(),  # the board's own: no grassroots organization owes it
    }
    own = [(task, due_specs(task, plan) if has_own_deadline(task) else reports) for task in tasks]
    deliverables = [
        (task, due_specs(task, plan), designated[TASKS[task.position][3]])
        for task in tasks
        if has_own_deadline(task)
    ]
    rows = _Rows(
        rng=rng,
        today=today,
        now=timezone.now(),
        plan_id=plan.pk,
        secretary_of=secretary_of,
        reviewer_id=reviewer_id,
        due_id=Due.objects.aggregate(last=Max("pk"))["last"] or 0,
        submission_id=Submission.objects.aggregate(last=Max("pk"))["last"] or 0,
    )
    totals = [0, 0, 0]
    # One batch of organizations at a time: memory stays flat whatever --orgs is. Rows are written with
    # explicit ids and plain INSERTs: building a model instance per row would take most of the time.
    rows.clear()
    for task, specs in own:
        for spec in specs:
            rows.add(kind=OWN, task_id=task.pk, org_id=board_id, period=spec.period, due_on=spec.due_on)
    for start in range(0, len(grassroots), 500):
        rows.write()
        totals = [total + len(batch) for total, batch in zip(totals, rows.batches(), strict=True)]
        rows.clear()
        for org_id, _kind in grassroots[start : start + 500]:
            for task, specs, organizations in deliverables:
                if org_id in organizations:
                    for spec in specs:
                        rows.add(
                            kind=DELIVERABLE,
                            task_id=task.pk,
                            org_id=org_id,
                            period=spec.period,
                            due_on=spec.due_on,
                        )
            for spec in reports:
                rows.add(kind=REPORT, task_id=None, org_id=org_id, period=spec.period, due_on=spec.due_on)
    rows.write()
    totals = [total + len(batch) for total, batch in zip(totals, rows.batches(), strict=True)]
    # Explicit ids leave PostgreSQL's sequences behind: move them past the rows just written.
    with connection.cursor() as cursor:
        for statement in connection.ops.sequence_reset_sql(no_style(), [Due, Submission, Review]):
            cursor.execute(statement)
    return tuple(totals)


@dataclass
class _Rows:
    """The rows of one batch of organizations, as the database columns hold them, with the next ids."""

    rng: random.Random
    today: datetime.date
    now: datetime.datetime
    plan_id: int
    secretary_of: dict[int, int]
    reviewer_id: int
    due_id: int
    submission_id: int
    dues: list[tuple] = field(default_factory=list)
    submissions: list[tuple] = field(default_factory=list)
    reviews: list[tuple] = field(default_factory=list)

    def clear(self) -> None:
        self.dues, self.submissions, self.reviews = [], [], []

    def batches(self) -> tuple[list, list, list]:
        return self.dues, self.submissions, self.reviews

    def add(self, *, kind: str, task_id: int | None, org_id: int, period: str, due_on: datetime.date) -> None:
        """One due, its versions and their reviews, for an outcome drawn at random."""
        ops = connection.ops
        state, versions = _apply(_outcome(self.rng, due_on, self.today), due_on, self.today, self.rng)
        # Never in the future, whatever the reference date.
        versions = [(min(_at(day, 9), self.now), decision) for day, decision in versions]
        self.due_id += 1
        self.dues.append(
            (
                self.due_id,
                self.plan_id,
                kind,
                task_id,
                org_id,
                period,
                ops.adapt_datefield_value(due_on),
                state,
                ops.adapt_datetimefield_value(versions[0][0]) if versions else None,
                ops.adapt_datetimefield_value(self.now),
            )
        )
        for number, (submitted_at, decision) in enumerate(versions, start=1):
            self.submission_id += 1
            self.submissions.append(
                (
                    self.submission_id,
                    self.due_id,
                    number,
                    SUBMISSION_TEXT,
                    "done" if decision == "accepted" else "in_progress",
                    "",
                    self.secretary_of.get(org_id),
                    ops.adapt_datetimefield_value(submitted_at),
                )
            )
            if decision:
                reviewed_at = min(submitted_at + datetime.timedelta(days=self.rng.randint(1, 10)), self.now)
                self.reviews.append(
                    (
                        self.submission_id,
                        decision,
                        self.rng.choice(RETURN_REASONS) if decision == "returned" else "",
                        self.reviewer_id,
                        ops.adapt_datetimefield_value(reviewed_at),
                    )
                )

    def write(self) -> None:
        _insert(
            Due,
            [
                "id",
                "plan",
                "kind",
                "task",
                "organization",
                "period",
                "due_on",
                "state",
                "first_submitted_at",
                "created_at",
            ],
            self.dues,
        )
        _insert(
            Submission,
            [
                "id",
                "due",
                "version",
                "text",
                "work_status",
                "document_symbol",
                "submitted_by",
                "submitted_at",
            ],
            self.submissions,
        )
        _insert(Review, ["submission", "decision", "reason", "reviewer", "reviewed_at"], self.reviews)


def _insert(model, field_names: list[str], rows: list[tuple]) -> None:
    if not rows:
        return
    table = connection.ops.quote_name(model._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(model._meta.get_field(name).column) for name in field_names)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # COPY streams the rows in one statement: several times faster than batched INSERTs.
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            return
        placeholders = ", ".join(["%s"] * len(field_names))
        for i in range(0, len(rows), BATCH):
            cursor.executemany(
                f"INSERT INTO {table} ({columns}) VALUES ({placeholders})", rows[i : i + BATCH]
            )


def _outcome(rng: random.Random, due_on: datetime.date, today: datetime.date) -> str:
    r = rng.random()
    if due_on < today:
        for name, share in (
            ("overdue", 0.22),
            ("on_time", 0.08),
            ("late", 0.08),
            ("returned", 0.08),
            ("resubmitted", 0.06),
        ):
            if r < share:
                return name
            r -= share
        return "accepted_late" if r < 0.08 else "accepted"
    for name, share in (("open", 0.84), ("on_time", 0.08), ("accepted", 0.06)):
        if r < share:
            return name
        r -= share
    return "returned"


def _apply(outcome: str, due_on: datetime.date, today: datetime.date, rng: random.Random):
    """The due's state and its versions [(day submitted, review decision or "")] for one outcome."""

    def before() -> datetime.date:
        # Handed in before the deadline, and never in the future.
        return min(due_on - datetime.timedelta(days=rng.randint(1, 20)), today - datetime.timedelta(days=1))

    def after(start: datetime.date) -> datetime.date:
        last = max((today - start).days - 1, 1)
        return start + datetime.timedelta(days=rng.randint(1, min(last, 40)))

    if outcome in ("open", "overdue"):
        return Due.State.OPEN, []
    if outcome == "on_time":
        return Due.State.SUBMITTED, [(before(), "")]
    if outcome == "late":
        return Due.State.SUBMITTED, [(after(due_on), "")]
    if outcome == "returned":
        return Due.State.RETURNED, [(before(), "returned")]
    if outcome == "resubmitted":
        first = before()
        return Due.State.SUBMITTED, [(first, "returned"), (after(first), "")]
    if outcome == "accepted_late":
        return Due.State.ACCEPTED, [(after(due_on), "accepted")]
    return Due.State.ACCEPTED, [(before(), "accepted")]
