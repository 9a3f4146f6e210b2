"""The plan of the synthetic bloc (tasks/demo/generate.py): 30 tasks of every deadline kind, with their
units and assignees."""

import datetime

from organizations.models import Organization
from plans.models import Document, Plan, ReportingPeriod, Section
from plans.symbols import parse_symbol
from tasks.models import Assignment, Task, TaskUnit
from tasks.planning.numbering import plan_number_tasks

GRASSROOTS = [Organization.Kind.GRASSROOTS_COMMITTEE, Organization.Kind.GRASSROOTS_CELL]

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


def plan_generate(
    *, upper: Organization, bodies: dict[str, Organization], symbol: str, today: datetime.date
) -> Plan:
    """The plan, owned by `upper`, with its reporting periods, sections, tasks, units and assignees."""
    plan = _plan(upper=upper, symbol=symbol, today=today)
    awaited = Organization.objects.get_parent(upper) or upper
    guidance = _guidance(number=parse_symbol(symbol).number, awaited=awaited)
    sections = _sections(plan)
    tasks = _tasks(plan=plan, sections=sections, awaited=awaited, guidance=guidance)
    Task.objects.bulk_create(tasks)
    plan_number_tasks(plan=plan)
    _units_and_assignments(tasks, upper=upper, bodies=bodies)
    return plan


def _plan(*, upper: Organization, symbol: str, today: datetime.date) -> Plan:
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
    return plan


def _guidance(*, number: str, awaited: Organization) -> Document:
    """The guidance that the first triggered tasks have received."""
    return Document.objects.create(
        symbol=f"{number}-HD/{'TU' if awaited.kind == Organization.Kind.PROVINCIAL else 'ĐUK'}",
        issued_on=datetime.date(2023, 5, 10),
        issuer=awaited,
        title="Hướng dẫn thực hiện (dữ liệu tổng hợp)",
    )


def _sections(plan: Plan) -> list[Section]:
    top = Section.objects.create(plan=plan, position=0, label="II", title="NHIỆM VỤ, GIẢI PHÁP")
    return [
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


def _tasks(*, plan: Plan, sections: list[Section], awaited: Organization, guidance: Document) -> list[Task]:
    """TASKS as unsaved tasks, spread over the sections in order."""
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
    return tasks


def _units_and_assignments(
    tasks: list[Task], *, upper: Organization, bodies: dict[str, Organization]
) -> None:
    """The organization board leads every task, the propaganda board coordinates; grassroots organizations
    (all, or committees only) or the organization board carry them out."""
    board, propaganda = bodies["ban-to-chuc"], bodies["ban-tuyen-giao"]
    units, assignments = [], []
    for task, (_kind, _text, _rule, who) in zip(tasks, TASKS, strict=True):
        units.append(TaskUnit(task=task, role=TaskUnit.Role.LEAD, name=board.name, organization=board))
        units.append(
            TaskUnit(
                task=task,
                role=TaskUnit.Role.COORDINATING,
                name=propaganda.name,
                organization=propaganda,
                position=1,
            )
        )
        if who == "board":
            assignments.append(Assignment(task=task, label=board.name, organization=board))
            continue
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
