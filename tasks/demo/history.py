"""A live office in the demo (issue 12 item 6, docs/domain.md §6): the obligations of plan 62-KH/ĐUK that
activity.yaml does not script get a history dated at its events (most reports accepted, a few late, one or two
returned and resubmitted, some 2025 reports never sent), and a current plan whose deliverables fall around the
load day (some done, some due within 30 days, a few overdue).

Every outcome is chosen from the obligation's place (organization order, period), never at random, and an
obligation that already has a submission is left alone: loading twice changes nothing.
"""

import datetime
from contextlib import contextmanager

from auditlog.context import set_actor
from django.contrib.auth import get_user_model
from django.utils import timezone

from organizations.audit.trail import audit_at
from organizations.models import Membership, Organization
from plans.models import Plan
from tasks.models import Due, ReportLine, Review, Submission
from tasks.plan_import.save import plan_import
from tasks.submissions.report_lines import report_tasks
from tasks.submissions.services import due_submit, submission_review

CURRENT_NUMBER = 86  # the current plan's number: 86-KH/ĐUK
RESULT = "Đã triển khai, quán triệt đến toàn thể đảng viên; kết quả cụ thể như báo cáo đính kèm."
RETURN_REASON = "Báo cáo chưa đánh giá kết quả theo từng nhiệm vụ, đề nghị bổ sung."


def _at(day: datetime.date, hour: int, now: datetime.datetime) -> datetime.datetime:
    """A time on `day` in the project's time zone, never after `now`."""
    moment = datetime.datetime.combine(day, datetime.time(hour)).replace(
        tzinfo=timezone.get_default_timezone()
    )
    return min(moment, now - datetime.timedelta(minutes=5))


@contextmanager
def acting(user, day: datetime.date | str | None = None):
    """The audit entries written inside are `user`'s and, with `day`, dated at 08:00 that day (never after
    now): the demo's history reads as the events happened, by whom (docs/domain.md §5)."""
    moment = None
    if day:
        day = datetime.date.fromisoformat(day) if isinstance(day, str) else day
        moment = _at(day, 8, timezone.now())
    with set_actor(user), audit_at(moment):
        yield


def _outcome(index: int, due: Due, today: datetime.date) -> str:
    """What happened to one obligation, from its organization's place and its period."""
    year = due.due_on.year
    recent = (today - due.due_on).days < 60
    if due.kind == Due.Kind.REPORT and due.period.startswith("2025") and index % 5 == 4:
        return "never"  # some organizations never sent their 2025 report
    if due.due_on >= today:
        return "early" if index % 4 == 1 else "never"
    if recent and index % 4 == 3:
        return "never"  # overdue now
    if recent and index % 3 == 0:
        return "waiting"  # handed in, not yet reviewed
    if (index + year) % 11 == 5:
        return "returned_resubmitted"
    if (index + year) % 7 == 2:
        return "late"
    return "on_time"


def _events(outcome: str, due_on: datetime.date, index: int, today: datetime.date):
    """[(day, event)] for one outcome: "submit", "accept", "return"."""
    before = min(due_on - datetime.timedelta(days=1 + index % 9), today - datetime.timedelta(days=2))
    late = min(due_on + datetime.timedelta(days=5 + index % 12), today - datetime.timedelta(days=1))
    review = datetime.timedelta(days=2 + index % 4)
    if outcome == "early":
        return [(min(before, today - datetime.timedelta(days=1)), "submit")]
    if outcome == "waiting":
        return [(before, "submit")]
    if outcome == "late":
        return [(late, "submit"), (min(late + review, today), "accept")]
    if outcome == "returned_resubmitted":
        second = min(before + review + datetime.timedelta(days=4), today)
        return [
            (before, "submit"),
            (min(before + review, today), "return"),
            (second, "submit"),
            (min(second + review, today), "accept"),
        ]
    return [(before, "submit"), (min(before + review, today), "accept")]


def _play(due: Due, events, *, author, reviewer, now: datetime.datetime) -> None:
    for day, event in events:
        if event == "submit":
            with acting(author):
                submission = _submit(due, author, _at(day, 9, now))
            if due.kind == Due.Kind.REPORT:
                ReportLine.objects.bulk_create(
                    ReportLine(due=due, submission=submission, task=task, state="in_progress", result=RESULT)
                    for task in report_tasks(due=due)
                )
        else:
            with acting(reviewer):
                submission_review(
                    submission=due.submissions.order_by("-version").first(),
                    reviewer=reviewer,
                    decision=Review.Decision.ACCEPTED if event == "accept" else Review.Decision.RETURNED,
                    reason=RETURN_REASON if event == "return" else "",
                    at=_at(day, 15, now),
                )
        due.refresh_from_db()


def _submit(due: Due, author, at: datetime.datetime) -> Submission:
    return due_submit(due=due, user=author, text=RESULT, work_status=Submission.WorkStatus.IN_PROGRESS, at=at)


def history_load(
    *,
    plan: Plan,
    today: datetime.date,
    reviewer,
    authors: dict[int, object],
    ending: dict[int, datetime.date] | None = None,
    left: dict[int, tuple[str, int]] | None = None,
    only: dict[int, tuple[str, int]] | None = None,
) -> int:
    """Play the history of every obligation of `plan` still without a submission; returns how many got one.
    Deliverables before the load day are activity.yaml's (some are left open on purpose for the browser
    tests); reports and own work, and deliverables still ahead, are played here.

    Around a reorganization the history is played in two passes, as it happened: before it, nothing of an
    organization it will end (`ending`: id → day) from that day on, since those obligations pass to its
    successor (each is added to `left` with the outcome chosen for it); after it, only those (`only`), now the
    successors', as chosen. An obligation chosen never to be sent is left open, and passes on open."""
    now = timezone.now()
    order = {
        pk: index
        for index, pk in enumerate(
            Organization.objects.filter(dues__plan=plan)
            .distinct()
            .order_by("path")
            .values_list("pk", flat=True)
        )
    }
    played = 0
    dues = Due.objects.filter(plan=plan, due_on__isnull=False, submissions__isnull=True).select_related(
        "organization"
    )
    if only is not None:
        dues = dues.filter(pk__in=only)
    ending = ending or {}
    for due in dues.order_by("due_on", "pk"):
        if due.kind == Due.Kind.DELIVERABLE and due.due_on < today and plan.document.symbol == "62-KH/ĐUK":
            continue
        # Its outcome is chosen before the reorganization, in the tree of that time, and played after it.
        if only is not None:
            outcome, index = only[due.pk]
        else:
            index = order[due.organization_id]
            outcome = _outcome(index, due, today)
        if outcome == "never":
            continue
        if due.organization_id in ending and due.due_on >= ending[due.organization_id]:
            if left is not None:
                left[due.pk] = (outcome, index)  # its successor's to hand in, after the reorganization
            continue
        author = authors.get(due.organization_id, reviewer)
        _play(due, _events(outcome, due.due_on, index, today), author=author, reviewer=reviewer, now=now)
        played += 1
    return played


def _authors() -> dict[int, object]:
    """Who hands in for each organization: its secretary, else any member."""
    authors: dict[int, object] = {}
    memberships = Membership.objects.filter(is_active=True).select_related("user").order_by("role", "pk")
    for membership in memberships:
        if membership.role == Membership.Role.SECRETARY or membership.organization_id not in authors:
            authors.setdefault(membership.organization_id, membership.user)
    return authors


def current_plan_data(*, today: datetime.date) -> dict:
    """The interchange data of the committee's plan under way: deliverables a few weeks either side of today."""
    start, end = today - datetime.timedelta(days=120), today + datetime.timedelta(days=150)
    report_day = today + datetime.timedelta(days=45)
    grassroots = {
        "label": "Các chi, đảng bộ cơ sở",
        "scope": "children",
        "organization": "dang-uy-khoi",
        "kinds": ["grassroots_committee", "grassroots_cell"],
    }

    def task(text: str, offset: int) -> dict:
        due_on = today + datetime.timedelta(days=offset)
        return {
            "text": text,
            "deadline": {
                "kind": "dated",
                "explicit": True,
                "source": f"trước ngày {due_on:%d/%m/%Y}",
                "due_on": due_on.isoformat(),
                "precision": "day",
                "trigger": None,
            },
            "lead": [],
            "coordinating": [],
            "assignees": [grassroots["label"]],
            "assignments": [grassroots],
            "unit_organizations": {},
        }

    tasks = [
        task("Báo cáo kết quả kiểm điểm, đánh giá chất lượng tổ chức đảng và đảng viên", -75),
        task("Báo cáo tình hình tư tưởng cán bộ, đảng viên", -40),
        task("Báo cáo kết quả thực hiện Chỉ thị số 05-CT/TW", -10),
        task("Gửi danh sách đảng viên đủ điều kiện xét tặng Huy hiệu Đảng", 6),
        task("Báo cáo kết quả công tác kiểm tra, giám sát", 24),
        task("Xây dựng kế hoạch học tập, quán triệt nghị quyết mới", 60),
    ]
    return {
        "format": "plantrack.plan/1",
        "document": {
            "symbol": f"{CURRENT_NUMBER}-KH/ĐUK",
            "number": str(CURRENT_NUMBER),
            "type": "KH",
            "issuer": "ĐUK",
            "issued_on": start.isoformat(),
            "title": "thực hiện nhiệm vụ công tác xây dựng Đảng trọng tâm (kế hoạch đang thực hiện của dữ liệu mẫu)",
            "issuer_organization": "dang-uy-khoi",
        },
        "owner": "dang-uy-khoi",
        "place": "Quy Nhơn",
        "period": {"start": start.isoformat(), "end": end.isoformat()},
        "parent": None,
        "preamble": "",
        "reporting_periods": [{"kind": "annual", "month": report_day.month, "day": min(report_day.day, 28)}],
        "implements": [],
        "basis": [],
        "references": [],
        "sections": [
            {"label": "I", "title": "NHIỆM VỤ TRỌNG TÂM", "text": "", "sections": [], "tasks": tasks},
        ],
        "recipients": ["Các chi ủy, đảng ủy cơ sở trực thuộc,", "Lưu VP."],
        "signature": {"authority": "T/M BAN THƯỜNG VỤ", "title": "PHÓ BÍ THƯ", "name": ""},
        "warnings": [],
    }


def current_plan_load(*, today: datetime.date) -> Plan:
    """The plan under way, created once (a later load keeps its dates and what was handed in)."""
    data = current_plan_data(today=today)
    existing = Plan.objects.filter(document__symbol=data["document"]["symbol"]).first()
    if existing is not None:
        return existing
    with acting(_office(), data["document"]["issued_on"]):
        return plan_import(data=data)


def _office():
    return get_user_model().objects.get(username="vanphong")


def live_office_load(
    *,
    plans: list[Plan],
    today: datetime.date,
    ending: dict[int, datetime.date] | None = None,
    left: dict[int, tuple[str, int]] | None = None,
    only: dict[int, tuple[str, int]] | None = None,
) -> int:
    """The history of `plans` (62-KH/ĐUK and its child plans) and the current plan with its activity;
    returns how many obligations got one. A plan's committee reviews: the Văn phòng for the Đảng ủy Khối (or
    the committee that carries its plans on), a grassroots committee's secretary for its own plan. `ending`,
    `left` and `only`: the two passes around a reorganization (`history_load`)."""
    office = _office()
    authors = _authors()
    played = 0
    for plan in [*plans, current_plan_load(today=today)]:
        plan.refresh_from_db(fields=["owner"])  # a reorganization may have passed it to a successor
        reviewer = (
            authors.get(plan.owner_id, office) if plan.owner.kind in Organization.GRASSROOTS_KINDS else office
        )
        played += history_load(
            plan=plan,
            today=today,
            reviewer=reviewer,
            authors=authors,
            ending=ending,
            left=left,
            only=only,
        )
    return played
