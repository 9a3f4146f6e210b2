"""Build a synthetic bloc for tests and benchmarks: N grassroots organizations, one plan, dues and
submissions in every state.

Rows are bulk-created with their final states (dues, submission versions, reviews) instead of going through
tasks.submissions.services one due at a time: 10,000 organizations must generate in minutes. The states written are
the ones the workflow would have produced (TRANSITIONS), so every page reads them as real data.

    manage.py gen_data --orgs 1000 --seed 7
"""

import datetime
import random
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand, CommandError
from django.core.management.color import no_style
from django.db import connection, transaction
from django.db.models import Max
from django.utils import timezone

from organizations.models import Membership, Organization, Supervision
from organizations.text import fold
from plans.models import Document, Plan, ReportingPeriod, Section
from plans.symbols import SymbolError, parse_symbol
from tasks.models import Assignment, Due, Review, Submission, Task, TaskUnit
from tasks.planning.deadlines import due_specs

UPPER_CODE = "gen-khoi"
GRASSROOTS = [Organization.Kind.GRASSROOTS_COMMITTEE, Organization.Kind.GRASSROOTS_CELL]
AGENCIES = [
    "Sở Tài chính",
    "Sở Y tế",
    "Sở Giáo dục và Đào tạo",
    "Sở Công Thương",
    "Sở Xây dựng",
    "Sở Tư pháp",
    "Sở Nội vụ",
    "Ban Quản lý dự án",
    "Trường Cao đẳng",
    "Bệnh viện",
    "Trung tâm",
    "Chi cục",
]
ADVISORY = [
    ("ban-to-chuc", "Ban Tổ chức Đảng ủy Khối tổng hợp", "Ban Tổ chức", Organization.Kind.ADVISORY),
    ("ban-tuyen-giao", "Ban Tuyên giáo Đảng ủy Khối tổng hợp", "Ban Tuyên giáo", Organization.Kind.ADVISORY),
    (
        "uy-ban-kiem-tra",
        "Ủy ban Kiểm tra Đảng ủy Khối tổng hợp",
        "Ủy ban Kiểm tra",
        Organization.Kind.ADVISORY,
    ),
    ("van-phong", "Văn phòng Đảng ủy Khối tổng hợp", "Văn phòng", Organization.Kind.ADVISORY),
    ("doan-khoi", "Đoàn Khối tổng hợp", "Đoàn Khối", Organization.Kind.MASS),
]
BATCH = 2000
SUPERVISED = 20

# (kind, text, rule fields, who carries it out: "all" grassroots, "committees" only, or "board")
TASKS: list[tuple[str, str, dict, str]] = [
    ("ongoing", "Nghiên cứu, học tập, quán triệt và triển khai thực hiện Nghị quyết", {}, "all"),
    (
        "dated",
        "Xây dựng kế hoạch thực hiện của cấp ủy cơ sở",
        {"due_on": (2023, 2, 28), "precision": "day"},
        "all",
    ),
    ("ongoing", "Thông tin, tuyên truyền nội dung, kết quả thực hiện Nghị quyết", {}, "all"),
    ("annual", "Đánh giá, xếp loại chất lượng tổ chức cơ sở đảng và đảng viên", {}, "all"),
    ("ongoing", "Củng cố, sắp xếp mô hình tổ chức cơ sở đảng", {}, "committees"),
    ("dated", "Ban hành Quy chế làm việc của cấp ủy", {"due_on": (2023, 6, 30), "precision": "month"}, "all"),
    ("triggered", "Rà soát, bổ sung quy chế làm việc sau khi có hướng dẫn", {"lead_days": 30}, "all"),
    ("annual", "Báo cáo kết quả phát triển đảng viên", {"annual": (1, 31)}, "all"),
    ("ongoing", "Nâng cao chất lượng sinh hoạt chi bộ", {}, "all"),
    (
        "dated",
        "Sơ kết 01 năm thực hiện Nghị quyết",
        {"due_on": (2023, 12, 31), "precision": "quarter"},
        "all",
    ),
    ("annual", "Kiểm tra, giám sát việc thực hiện Nghị quyết", {}, "committees"),
    ("ongoing", "Đổi mới nội dung, phương thức lãnh đạo của cấp ủy", {}, "all"),
    ("dated", "Rà soát đội ngũ cấp ủy viên cơ sở", {"due_on": (2024, 3, 15), "precision": "day"}, "all"),
    ("triggered", "Triển khai hướng dẫn về sinh hoạt chuyên đề", {"lead_days": 45}, "all"),
    ("annual", "Tổng hợp tình hình đảng viên và công tác quản lý đảng viên", {}, "all"),
    ("ongoing", "Phát huy vai trò nêu gương của cán bộ, đảng viên", {}, "all"),
    (
        "dated",
        "Hoàn thành kiện toàn tổ chức đảng trực thuộc",
        {"due_on": (2024, 9, 30), "precision": "quarter"},
        "committees",
    ),
    ("annual", "Báo cáo công tác bảo vệ chính trị nội bộ", {"annual": (11, 30)}, "all"),
    ("ongoing", "Theo dõi, tổng hợp tình hình thực hiện toàn Đảng bộ Khối", {}, "board"),
    ("dated", "Sơ kết giữa nhiệm kỳ", {"due_on": (2024, 12, 31), "precision": "year"}, "all"),
    ("triggered", "Thực hiện chuyển sinh hoạt đảng theo hướng dẫn mới", {"lead_days": 30}, "all"),
    ("ongoing", "Bồi dưỡng lý luận chính trị cho đảng viên mới", {}, "all"),
    (
        "annual",
        "Báo cáo kết quả thực hiện Chỉ thị về học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh",
        {},
        "all",
    ),
    ("dated", "Tổng kết việc thực hiện Kế hoạch", {"due_on": (2025, 6, 30), "precision": "month"}, "all"),
    ("ongoing", "Giữ mối liên hệ với cấp ủy nơi cư trú", {}, "committees"),
    ("annual", "Đánh giá chất lượng chi ủy, chi bộ", {}, "all"),
    (
        "dated",
        "Đề xuất khen thưởng tổ chức đảng tiêu biểu",
        {"due_on": (2025, 9, 15), "precision": "day"},
        "all",
    ),
    ("triggered", "Triển khai đề án sắp xếp tổ chức bộ máy", {"lead_days": 60}, "committees"),
    ("annual", "Báo cáo tổng kết công tác xây dựng Đảng", {"annual": (12, 10)}, "board"),
    ("dated", "Báo cáo tổng kết 03 năm thực hiện", {"due_on": (2025, 12, 15), "precision": "day"}, "all"),
]
# The first two triggered tasks have received their guidance; the others still wait for it.
ACTIVATED_TRIGGERS = 2


@dataclass
class Generated:
    upper: Organization
    plan: Plan
    organizations: int
    dues: int
    submissions: int
    reviews: int
    staff_username: str
    supervisor_username: str


class Command(BaseCommand):
    help = "Build a synthetic bloc of N grassroots organizations with a plan, dues and submissions in every state."

    def add_arguments(self, parser):
        parser.add_argument("--orgs", type=int, required=True, help="Number of grassroots organizations.")
        parser.add_argument(
            "--seed", type=int, default=1, help="Random seed: the same seed gives the same data."
        )
        parser.add_argument("--plan-symbol", default="900-KH/ĐUK", help="Symbol of the generated plan.")
        parser.add_argument(
            "--today", type=datetime.date.fromisoformat, default=None, help="Reference date (YYYY-MM-DD)."
        )
        parser.add_argument(
            "--secretaries", type=int, default=20, help="Organizations given a secretary login."
        )
        parser.add_argument("--password", default="plantrack-demo", help="Password of the generated users.")

    def handle(self, *args, **options):
        if options["orgs"] < 1:
            raise CommandError("--orgs must be at least 1.")
        try:
            symbol = str(parse_symbol(options["plan_symbol"]))
        except SymbolError as exc:
            raise CommandError(str(exc)) from exc
        if Document.objects.filter(symbol=symbol).exists():
            raise CommandError(f"A document {symbol} already exists: choose another --plan-symbol.")
        started = timezone.now()
        result = generate(
            orgs=options["orgs"],
            seed=options["seed"],
            plan_symbol=symbol,
            today=options["today"] or timezone.localdate(),
            secretaries=options["secretaries"],
            password=options["password"],
        )
        seconds = (timezone.now() - started).total_seconds()
        self.stdout.write(
            f"{result.plan.symbol}: {result.organizations} organizations, {result.dues} dues, "
            f"{result.submissions} submissions, {result.reviews} reviews in {seconds:.1f} s. "
            f"Logins: {result.staff_username} (staff), {result.supervisor_username} (member in charge)."
        )


@transaction.atomic
def generate(
    *,
    orgs: int,
    seed: int = 1,
    plan_symbol: str = "900-KH/ĐUK",
    today: datetime.date | None = None,
    secretaries: int = 20,
    password: str = "plantrack-demo",
) -> Generated:
    today = today or timezone.localdate()
    upper, bodies = _bloc()
    # Separate streams: the dues drawn for a seed do not depend on whether the tree was created or reused.
    grassroots = _grassroots(upper=upper, count=orgs, rng=random.Random(f"{seed}:tree"))
    password_hash = make_password(password)
    staff = _user("gen.vanphong", "Văn phòng", password_hash)
    _member(staff, bodies["van-phong"], Membership.Role.SPECIALIST)
    supervisor = _user("gen.phutrach", "Ủy viên phụ trách", password_hash)
    _member(supervisor, upper, Membership.Role.COMMITTEE_MEMBER)
    # A member in charge follows a handful of organizations, whatever the size of the bloc.
    followed = grassroots[:: max(1, len(grassroots) // SUPERVISED)][:SUPERVISED]
    Supervision.objects.bulk_create(
        [Supervision(member=supervisor, organization_id=pk) for pk, _kind in followed], ignore_conflicts=True
    )
    secretary_of = _secretaries(grassroots[:secretaries], password_hash)

    plan = _plan(upper=upper, bodies=bodies, symbol=plan_symbol, today=today)
    counts = _dues(
        plan=plan,
        grassroots=grassroots,
        board_id=bodies["ban-to-chuc"].pk,
        rng=random.Random(f"{seed}:dues"),
        today=today,
        secretary_of=secretary_of,
        reviewer_id=staff.pk,
    )
    return Generated(
        upper=upper,
        plan=plan,
        organizations=len(grassroots),
        dues=counts[0],
        submissions=counts[1],
        reviews=counts[2],
        staff_username=staff.username,
        supervisor_username=supervisor.username,
    )


# --- the organization tree ----------------------------------------------------------------------------
def _bloc() -> tuple[Organization, dict[str, Organization]]:
    """The bloc's committee and its advisory bodies: reused when a previous run made them."""
    upper = Organization.objects.filter(code=UPPER_CODE).first()
    if upper is None:
        fields = {
            "code": UPPER_CODE,
            "name": "Đảng ủy Khối tổng hợp",
            "short_name": "Khối tổng hợp",
            "kind": Organization.Kind.UPPER,
        }
        provincial = Organization.objects.filter(kind=Organization.Kind.PROVINCIAL).order_by("path").first()
        nodes = Organization.objects
        upper = (
            nodes.add_child(provincial, create_kwargs=fields)
            if provincial
            else nodes.add_root(create_kwargs=fields)
        )
    bodies = {}
    for suffix, name, short_name, kind in ADVISORY:
        code = f"{UPPER_CODE}-{suffix}"
        body = Organization.objects.filter(code=code).first()
        if body is None:
            upper.refresh_from_db()
            fields = {"code": code, "name": name, "short_name": short_name, "kind": kind}
            body = Organization.objects.add_child(upper, create_kwargs=fields)
        bodies[suffix] = body
    upper.refresh_from_db()
    return upper, bodies


def _grassroots(*, upper: Organization, count: int, rng: random.Random) -> list[tuple[int, str]]:
    """(pk, kind) of `count` grassroots organizations under `upper`, creating the missing ones in bulk."""
    existing = list(
        Organization.objects.filter(
            path__startswith=upper.path, depth=upper.depth + 1, kind__in=GRASSROOTS, is_active=True
        )
        .order_by("path")
        .values_list("pk", "kind")[:count]
    )
    missing = count - len(existing)
    if missing <= 0:
        return existing
    last = (
        Organization.objects.filter(path__startswith=upper.path, depth=upper.depth + 1)
        .order_by("-path")
        .first()
    )
    step = Organization._str2int(last.path[-Organization.steplen :]) if last else 0
    start = Organization.objects.filter(code__startswith=f"{UPPER_CODE}-cs-").count()
    new = []
    for i in range(start + 1, start + missing + 1):
        step += 1
        kind = (
            Organization.Kind.GRASSROOTS_COMMITTEE
            if rng.random() < 0.35
            else Organization.Kind.GRASSROOTS_CELL
        )
        prefix = "Đảng bộ" if kind == Organization.Kind.GRASSROOTS_COMMITTEE else "Chi bộ"
        name = f"{prefix} {AGENCIES[i % len(AGENCIES)]} {i:05d}"
        new.append(
            Organization(
                code=f"{UPPER_CODE}-cs-{i:05d}",
                name=name,
                name_folded=fold(name),
                kind=kind,
                path=Organization._get_path(upper.path, upper.depth + 1, step),
                depth=upper.depth + 1,
                numchild=0,
            )
        )
    Organization.objects.bulk_create(new, batch_size=BATCH)
    Organization.objects.filter(pk=upper.pk).update(
        numchild=Organization.objects.filter(path__startswith=upper.path, depth=upper.depth + 1).count()
    )
    created = list(
        Organization.objects.filter(code__in=[o.code for o in new]).order_by("path").values_list("pk", "kind")
    )
    return existing + created


def _user(username: str, last_name: str, password_hash: str):
    user, _created = get_user_model().objects.get_or_create(
        username=username, defaults={"password": password_hash, "first_name": "", "last_name": last_name}
    )
    return user


def _member(user, organization: Organization, role: str) -> None:
    Membership.objects.get_or_create(user=user, organization=organization, role=role)


def _secretaries(grassroots: list[tuple[int, str]], password_hash: str) -> dict[int, int]:
    """A secretary login for each of these organizations: organization pk → user pk."""
    User = get_user_model()
    names = {pk: f"gen.bithu.{i + 1:05d}" for i, (pk, _kind) in enumerate(grassroots)}
    User.objects.bulk_create(
        [User(username=name, password=password_hash, last_name="Bí thư") for name in names.values()],
        ignore_conflicts=True,
    )
    users = dict(User.objects.filter(username__in=names.values()).values_list("username", "pk"))
    Membership.objects.bulk_create(
        [
            Membership(user_id=users[name], organization_id=org_pk, role=Membership.Role.SECRETARY)
            for org_pk, name in names.items()
        ],
        ignore_conflicts=True,
    )
    return {org_pk: users[name] for org_pk, name in names.items()}


# --- the plan ------------------------------------------------------------------------------------------
def _plan(*, upper: Organization, bodies: dict[str, Organization], symbol: str, today: datetime.date) -> Plan:
    number = parse_symbol(symbol).number
    document = Document.objects.create(
        symbol=symbol,
        issued_on=datetime.date(2023, 1, 5),
        issuer=upper,
        title="Kế hoạch thực hiện Nghị quyết về củng cố, xây dựng tổ chức cơ sở đảng (dữ liệu tổng hợp)",
    )
    plan = Plan.objects.create(
        document=document,
        owner=upper,
        title=document.title,
        place="Quy Nhơn",
        period_start=datetime.date(2023, 1, 1),
        # 2023–2025, stretched so that some dues always lie ahead of the reference date.
        period_end=datetime.date(max(2025, (today + datetime.timedelta(days=30)).year), 12, 31),
        signature_authority="T/M BAN THƯỜNG VỤ",
        signature_title="BÍ THƯ",
    )
    ReportingPeriod.objects.bulk_create(
        [
            ReportingPeriod(plan=plan, kind=ReportingPeriod.Kind.HALF_YEAR, month=6, day=15),
            ReportingPeriod(plan=plan, kind=ReportingPeriod.Kind.ANNUAL, month=12, day=15),
        ]
    )
    awaited = Organization.objects.get_parent(upper) or upper
    guidance = Document.objects.create(
        symbol=f"{number}-HD/{'TU' if awaited.kind == Organization.Kind.PROVINCIAL else 'ĐUK'}",
        issued_on=datetime.date(2023, 5, 10),
        issuer=awaited,
        title="Hướng dẫn thực hiện (dữ liệu tổng hợp)",
    )
    top = Section.objects.create(plan=plan, position=0, label="II", title="NHIỆM VỤ, GIẢI PHÁP")
    sections = [
        Section.objects.create(plan=plan, parent=top, position=i + 1, label=str(i + 1), title=title)
        for i, title in enumerate(
            [
                "Công tác tuyên truyền, quán triệt",
                "Củng cố tổ chức cơ sở đảng",
                "Nâng cao chất lượng đội ngũ đảng viên",
                "Kiểm tra, giám sát, sơ kết, tổng kết",
                "Tổ chức thực hiện",
            ]
        )
    ]
    triggered_seen = 0
    tasks = []
    for position, (kind, text, rule, _who) in enumerate(TASKS):
        task = Task(
            plan=plan, section=sections[position * len(sections) // len(TASKS)], position=position, text=text
        )
        task.kind = kind
        if kind == Task.Kind.DATED:
            task.due_on = datetime.date(*rule["due_on"])
            task.precision = rule["precision"]
            task.deadline_source = f"trước ngày {task.due_on:%d/%m/%Y}"
        elif kind == Task.Kind.ANNUAL:
            task.annual_month, task.annual_day = rule.get("annual", (None, None))
            task.deadline_source = "thực hiện hằng năm"
        elif kind == Task.Kind.TRIGGERED:
            task.awaited_issuer = awaited
            task.awaited_type = "HD"
            task.trigger_text = f"sau khi {awaited.short_name or awaited.name} có hướng dẫn"
            task.lead_days = rule["lead_days"]
            if triggered_seen < ACTIVATED_TRIGGERS:
                task.trigger_document = guidance
            triggered_seen += 1
        else:
            task.deadline_source = "thực hiện thường xuyên"
        tasks.append(task)
    Task.objects.bulk_create(tasks)
    units, assignments = [], []
    for task, (_kind, _text, _rule, who) in zip(tasks, TASKS, strict=True):
        units.append(
            TaskUnit(
                task=task,
                role=TaskUnit.Role.LEAD,
                name=bodies["ban-to-chuc"].name,
                organization=bodies["ban-to-chuc"],
            )
        )
        units.append(
            TaskUnit(
                task=task,
                role=TaskUnit.Role.COORDINATING,
                name=bodies["ban-tuyen-giao"].name,
                organization=bodies["ban-tuyen-giao"],
                position=1,
            )
        )
        if who == "board":
            assignments.append(
                Assignment(task=task, label=bodies["ban-to-chuc"].name, organization=bodies["ban-to-chuc"])
            )
        else:
            kinds = GRASSROOTS if who == "all" else [Organization.Kind.GRASSROOTS_COMMITTEE]
            label = "Các chi, đảng bộ cơ sở" if who == "all" else "Các đảng bộ cơ sở"
            assignments.append(
                Assignment(
                    task=task,
                    label=label,
                    scope=Assignment.Scope.CHILDREN,
                    organization=upper,
                    kinds=list(kinds),
                )
            )
    TaskUnit.objects.bulk_create(units)
    Assignment.objects.bulk_create(assignments)
    return plan


# --- dues, submissions, reviews ------------------------------------------------------------------------
SUBMISSION_TEXT = "Đã triển khai, quán triệt đến toàn thể đảng viên; kết quả cụ thể như sau."
RETURN_REASONS = [
    "Báo cáo chưa đủ số liệu, đề nghị bổ sung.",
    "Thiếu chữ ký của đồng chí bí thư.",
    "Chưa đánh giá kết quả theo từng nhiệm vụ.",
]


def _at(day: datetime.date, hour: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def _dues(
    *,
    plan: Plan,
    grassroots: list[tuple[int, str]],
    board_id: int,
    rng: random.Random,
    today: datetime.date,
    secretary_of: dict[int, int],
    reviewer_id: int,
) -> tuple[int, int, int]:
    tasks = list(plan.tasks.select_related("trigger_document").order_by("position"))
    plan = Plan.objects.prefetch_related("reporting_periods").get(pk=plan.pk)
    designated = {
        "all": {pk for pk, _kind in grassroots},
        "committees": {pk for pk, kind in grassroots if kind == Organization.Kind.GRASSROOTS_COMMITTEE},
        "board": {board_id},
    }
    work = [(task, due_specs(task, plan), TASKS[task.position][3]) for task in tasks]
    now = timezone.now()
    ops = connection.ops
    created_at = ops.adapt_datetimefield_value(now)
    due_id = Due.objects.aggregate(last=Max("pk"))["last"] or 0
    submission_id = Submission.objects.aggregate(last=Max("pk"))["last"] or 0
    totals = [0, 0, 0]
    # One batch of organizations at a time: memory stays flat whatever --orgs is. Rows are written with
    # explicit ids and plain INSERTs: building a model instance per row would take most of the time.
    chunks = [[board_id]] + [
        [pk for pk, _kind in grassroots[i : i + 500]] for i in range(0, len(grassroots), 500)
    ]
    for chunk in chunks:
        dues, submissions, reviews = [], [], []
        for task, specs, who in work:
            for org_id in chunk:
                if org_id not in designated[who]:
                    continue
                for spec in specs:
                    state, versions = _apply(_outcome(rng, spec.due_on, today), spec.due_on, today, rng)
                    # Never in the future, whatever the reference date.
                    versions = [(min(_at(day, 9), now), decision) for day, decision in versions]
                    due_id += 1
                    dues.append(
                        (
                            due_id,
                            task.pk,
                            org_id,
                            spec.period,
                            ops.adapt_datefield_value(spec.due_on),
                            state,
                            ops.adapt_datetimefield_value(versions[0][0]) if versions else None,
                            created_at,
                        )
                    )
                    for number, (submitted_at, decision) in enumerate(versions, start=1):
                        submission_id += 1
                        submissions.append(
                            (
                                submission_id,
                                due_id,
                                number,
                                SUBMISSION_TEXT,
                                "done" if decision == "accepted" else "in_progress",
                                "",
                                secretary_of.get(org_id),
                                ops.adapt_datetimefield_value(submitted_at),
                            )
                        )
                        if decision:
                            reviewed_at = min(submitted_at + datetime.timedelta(days=rng.randint(1, 10)), now)
                            reviews.append(
                                (
                                    submission_id,
                                    decision,
                                    rng.choice(RETURN_REASONS) if decision == "returned" else "",
                                    reviewer_id,
                                    ops.adapt_datetimefield_value(reviewed_at),
                                )
                            )
        _insert(
            Due,
            ["id", "task", "organization", "period", "due_on", "state", "first_submitted_at", "created_at"],
            dues,
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
            submissions,
        )
        _insert(Review, ["submission", "decision", "reason", "reviewer", "reviewed_at"], reviews)
        totals[0] += len(dues)
        totals[1] += len(submissions)
        totals[2] += len(reviews)
    # Explicit ids leave PostgreSQL's sequences behind: move them past the rows just written.
    with connection.cursor() as cursor:
        for statement in connection.ops.sequence_reset_sql(no_style(), [Due, Submission, Review]):
            cursor.execute(statement)
    return tuple(totals)


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
