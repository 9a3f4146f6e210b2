"""Loading the demo data: organizations.yaml, plan-62-KH-DUK.json and activity.yaml, in this folder.

Every step looks up what exists before creating anything (organizations by code, users by username,
the plan by symbol, dues by task, organization and period, or the organization's report of that year), so
a second load changes nothing: same rows,
same primary keys. Passwords are set only when a user is created.
"""

import datetime
import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from organizations.models import Membership, Organization, Supervision
from organizations.text import fold
from plans import symbols
from plans.models import Document, Plan
from plans.periods import ONCE
from tasks.demo.child_plans import child_plans_load
from tasks.demo.history import acting, live_office_load
from tasks.demo.reorganize import demo_ending, demo_reorganize, demo_reorganized
from tasks.models import Due, ReportLine, Review, Submission
from tasks.plan_import.interchange import plan_task_keys
from tasks.plan_import.save import plan_import
from tasks.planning.dues import document_activate_tasks, task_regenerate_dues
from tasks.planning.obligations import committee_office
from tasks.submissions.services import due_submit, submission_review

DEMO_DIR = Path(__file__).resolve().parent
DEMO_PASSWORD = "plantrack-demo"
PLAN_FILE = "plan-62-KH-DUK.json"
DEMO_SYMBOL = "62-KH/ĐUK"


class DemoError(ValueError):
    pass


@dataclass
class DemoSummary:
    organizations: int = 0
    users: int = 0
    plan: Plan | None = None
    tasks: int = 0
    dues: int = 0
    submissions: int = 0
    applied: int = 0  # activity entries applied by this load (0 on a second load)
    statuses: Counter = field(default_factory=Counter)  # what people see for each due, on the load day
    waiting_tasks: int = 0  # triggered tasks whose guidance has not come: "waiting" has no due rows


# --------------------------------------------------------------------------------------------------------
# Organizations and users


def _apply(instance, values: dict) -> list[str]:
    changed = [name for name, value in values.items() if getattr(instance, name) != value]
    for name in changed:
        setattr(instance, name, values[name])
    return changed


def _organization_upsert(spec: dict, parent: Organization | None) -> Organization:
    values = {
        "name": spec["name"],
        "short_name": spec.get("short_name", ""),
        "kind": spec["kind"],
        "email": spec.get("email", ""),
    }
    if spec["kind"] not in Organization.Kind.values:
        raise DemoError(f"organization {spec['code']}: unknown kind {spec['kind']!r}")
    organization = Organization.objects.filter(code=spec["code"]).first()
    if organization is None:
        if parent is None:
            organization = Organization.objects.add_root({"code": spec["code"], **values})
        else:
            # The manager re-reads the parent: sorted inserts move sibling paths under our feet.
            organization = Organization.objects.add_child(parent, {"code": spec["code"], **values})
    else:
        changed = _apply(organization, values)
        if changed:
            organization.save()
        current = Organization.objects.get_parent(organization)
        if (current.pk if current else None) != (parent.pk if parent else None):
            if parent is None:
                raise DemoError(f"organization {spec['code']} is no longer a root: move it by hand")
            Organization.objects.move(organization, parent, "sorted-child")
            organization = Organization.objects.get(pk=organization.pk)
    return organization


def organizations_load(*, data: list[dict]) -> int:
    """Create or update the tree described by `data`; returns the number of organizations in it."""
    count = 0

    def walk(specs, parent):
        nonlocal count
        for spec in specs:
            count += 1
            organization = _organization_upsert(spec, parent)
            walk(spec.get("children", []), organization)

    walk(data, None)
    return count


def users_load(*, data: list[dict]) -> int:
    User = get_user_model()
    codes = {m["organization"] for spec in data for m in spec.get("memberships", [])}
    codes |= {code for spec in data for code in spec.get("supervises", [])}
    organizations = {org.code: org for org in Organization.objects.filter(code__in=codes)}
    missing = codes - set(organizations)
    if missing:
        raise DemoError(f"users: unknown organization codes {sorted(missing)}")
    password = None
    for spec in data:
        family, _space, given = spec["name"].rpartition(" ")
        values = {
            # Django's "Tên" and "Họ" (organizations/people.py): given name first, family name last.
            "first_name": given,
            "last_name": family,
            "email": spec.get("email", ""),
            "is_superuser": bool(spec.get("superuser")),
            "is_staff": bool(spec.get("superuser") or spec.get("staff")),
            "is_active": True,
        }
        user = User.objects.filter(username=spec["username"]).first()
        if user is None:
            # One hash for every demo user: hashing is deliberately slow and they share the password.
            password = password or make_password(DEMO_PASSWORD)
            user = User(username=spec["username"], password=password, **values)
            user.save()
        elif changed := _apply(user, values):
            user.save(update_fields=changed)
        for membership in spec.get("memberships", []):
            role = membership["role"]
            if role not in Membership.Role.values:
                raise DemoError(f"user {spec['username']}: unknown role {role!r}")
            row, _created = Membership.objects.get_or_create(
                user=user, organization=organizations[membership["organization"]], role=role
            )
            if not row.is_active:
                row.is_active = True
                row.save(update_fields=["is_active"])
        for code in spec.get("supervises", []):
            Supervision.objects.get_or_create(member=user, organization=organizations[code])
    return len(data)


# --------------------------------------------------------------------------------------------------------
# Activity


def _at(text: str) -> datetime.datetime:
    """ "2023-02-20 09:15" in the project's time zone."""
    # The default time zone is a zoneinfo one, for which replace(tzinfo=...) is exact.
    return datetime.datetime.strptime(str(text), "%Y-%m-%d %H:%M").replace(
        tzinfo=timezone.get_default_timezone()
    )


def demo_pdf(title: str) -> bytes:
    """A one-page PDF showing `title` (folded to ASCII: the standard fonts have no Vietnamese glyphs)."""
    line = fold(title).encode("ascii", "replace").decode().replace("\\", "\\\\").replace("(", "\\(")
    line = line.replace(")", "\\)")
    stream = f"BT /F1 14 Tf 72 770 Td ({line}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def guidance_load(*, data: list[dict], tasks: dict, today: datetime.date) -> None:
    """Register each guidance document (dated relative to `today`) and link it to the task it answers."""
    for spec in data:
        task = tasks.get(spec["task"])
        if task is None:
            raise DemoError(f"guidance: the plan has no task {spec['task']!r}")
        issuer = Organization.objects.get(code=spec["issuer"])
        symbol = symbols.normalize_symbol(spec["symbol"])
        issued_on = today - datetime.timedelta(days=int(spec["issued_days_before_load"]))
        with acting(_office(), issued_on):
            _guidance_register(spec, task=task, issuer=issuer, symbol=symbol, issued_on=issued_on)


def _office():
    return get_user_model().objects.get(username="vanphong")


def _guidance_register(spec: dict, *, task, issuer, symbol: str, issued_on: datetime.date) -> None:
    """One guidance document, registered (or brought up to date) and linked to the task it answers."""
    registrar = task.plan.owner  # the guidance goes in the register of the plan's committee
    document = Document.objects.filter(symbol=symbol, issuer=issuer, registered_by=registrar).first()
    document = document or Document(symbol=symbol, issuer=issuer, registered_by=registrar)
    changed = _apply(document, {"issued_on": issued_on, "title": spec.get("title", "")})
    if document.pk is None or changed:
        document.save()
    if task.trigger_document_id != document.pk:
        document_activate_tasks(document=document, tasks=[task])
    elif changed:
        task_regenerate_dues(task=task)


def _entry_due(*, task, organization: Organization, period: str) -> Due | None:
    """The obligation an activity entry answers (docs/domain.md §6): the task's own due (a deliverable, or
    own work of a body, in the reporting period of the same year), else the organization's periodic report
    of that year, of which the task is a line."""
    if organization.pk == task.plan.owner_id:
        organization = committee_office(organization)  # the committee's own work is its office's
    own = Due.objects.filter(task=task, organization=organization).order_by("due_on")
    due = own.filter(period=period).first()
    if due is None and period == ONCE:
        due = own.first()
    elif due is None:
        year = period[:4]
        reports = Due.objects.filter(
            plan_id=task.plan_id, kind=Due.Kind.REPORT, organization=organization, period__startswith=year
        )
        due = own.filter(period__startswith=year).first() or reports.order_by("due_on").first()
    return due


def activity_load(*, data: list[dict], tasks: dict, ending: dict[int, datetime.date] | None = None) -> int:
    """Play each entry's events on its due; skip a due that already has submissions, and one that a coming
    reorganization passes to a successor (`ending`: organization id → the day it ends, as in
    tasks/demo/history.py). Returns entries played."""
    ending = ending or {}
    User = get_user_model()
    usernames = {event["by"] for entry in data for event in entry["events"]}
    users = {user.username: user for user in User.objects.filter(username__in=usernames)}
    if missing := usernames - set(users):
        raise DemoError(f"activity: unknown users {sorted(missing)}")
    codes = {entry["organization"] for entry in data}
    organizations = {org.code: org for org in Organization.objects.filter(code__in=codes)}
    if missing := codes - set(organizations):
        raise DemoError(f"activity: unknown organizations {sorted(missing)}")

    applied = 0
    for entry in data:
        task = tasks.get(entry["task"])
        if task is None:
            raise DemoError(f"activity: the plan has no task {entry['task']!r}")
        period = str(entry.get("period", "once"))
        due = _entry_due(task=task, organization=organizations[entry["organization"]], period=period)
        if due is None:
            raise DemoError(f"activity: {entry['organization']} owes nothing for {entry['task']} in {period}")
        if due.submissions.exists():
            continue
        if due.organization_id in ending and due.due_on and due.due_on >= ending[due.organization_id]:
            continue
        for event in entry["events"]:
            with acting(users[event["by"]]):
                _activity_event(event, due=due, task=task, user=users[event["by"]], entry=entry)
            due.refresh_from_db()
        applied += 1
    return applied


def _activity_event(event: dict, *, due: Due, task, user, entry: dict) -> None:
    """One event of an activity entry: a submission or a review, dated as written."""
    if "submit" in event:
        files = []
        if event.get("file"):
            name = event["file"]
            content = demo_pdf(f"{event.get('document') or name} - {task.plan.document.symbol}")
            files.append(SimpleUploadedFile(name, content, content_type="application/pdf"))
        submission = due_submit(
            due=due,
            user=user,
            text=event.get("text", ""),
            work_status=event.get("work_status", Submission.WorkStatus.IN_PROGRESS),
            document_symbol=event.get("document", ""),
            files=files,
            at=_at(event["submit"]),
        )
        if due.task_id is None:  # a periodic report: the entry answers its task's line
            ReportLine.objects.create(
                due=due,
                submission=submission,
                task=task,
                state=submission.work_status,
                result=submission.text,
            )
    elif "accept" in event or "return" in event:
        latest = due.submissions.order_by("-version").first()
        accepted = "accept" in event
        submission_review(
            submission=latest,
            reviewer=user,
            decision=Review.Decision.ACCEPTED if accepted else Review.Decision.RETURNED,
            reason=event.get("reason", ""),
            at=_at(event["accept"] if accepted else event["return"]),
        )
    else:
        raise DemoError(f"activity: {entry['task']} {entry['organization']}: unknown event {event}")


# --------------------------------------------------------------------------------------------------------


def _read_yaml(path: Path) -> dict:
    with path.open(encoding="utf-8") as handle:
        return yaml.safe_load(handle) or {}


@transaction.atomic
def demo_load(
    *, directory: Path = DEMO_DIR, today: datetime.date | None = None, reorganize: bool = False
) -> DemoSummary:
    """Load (or bring up to date) the whole demo. `today` dates the demo guidance; default: today. With
    `reorganize`, the 2025 reorganization follows the history (tasks/demo/reorganize.py); once it has been
    applied, a new load changes nothing."""
    today = today or timezone.localdate()
    if reorganize and demo_reorganized(directory):
        return demo_summary(plan=Plan.objects.get(document__symbol=DEMO_SYMBOL), today=today)
    organizations = _read_yaml(directory / "organizations.yaml")
    activity = _read_yaml(directory / "activity.yaml")
    with (directory / PLAN_FILE).open(encoding="utf-8") as handle:
        plan_data = json.load(handle)

    summary = DemoSummary()
    summary.organizations = organizations_load(data=organizations.get("organizations", []))
    summary.users = users_load(data=organizations.get("users", []))
    with acting(_office(), plan_data["document"].get("issued_on")):  # registered when it was issued
        plan = plan_import(data=plan_data)
    tasks = plan_task_keys(plan=plan)
    guidance_load(data=activity.get("guidance", []), tasks=tasks, today=today)
    # With the reorganization, the history is played in two passes around it, so that no organization hands
    # anything in after it has ended: its successor does.
    ending = demo_ending(directory) if reorganize else {}
    summary.applied = activity_load(data=activity.get("activity", []), tasks=tasks, ending=ending)
    children = child_plans_load(parent=plan)  # its children's implementation plans (docs/domain.md §8.1)
    left: dict[int, tuple[str, int]] = {}
    live_office_load(plans=[plan, *children], today=today, ending=ending, left=left)
    if reorganize:
        demo_reorganize(directory)
        live_office_load(plans=[plan, *children], today=today, only=left)
    return demo_summary(plan=plan, today=today, summary=summary)


def demo_summary(*, plan: Plan, today: datetime.date, summary: DemoSummary | None = None) -> DemoSummary:
    summary = summary or DemoSummary(
        organizations=Organization.objects.count(), users=get_user_model().objects.count()
    )
    tasks = plan_task_keys(plan=plan)
    summary.plan = plan
    summary.tasks = len(tasks)
    dues = Due.objects.filter(plan=plan)
    summary.dues = dues.count()
    summary.submissions = Submission.objects.filter(due__plan=plan).count()
    summary.statuses = Counter(
        due.status_on(today) for due in dues.only("state", "due_on", "first_submitted_at")
    )
    summary.waiting_tasks = plan.tasks.filter(kind="triggered", trigger_document__isnull=True).count()
    return summary
