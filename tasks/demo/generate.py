"""A synthetic bloc for tests and benchmarks (``manage.py gen_data``): N grassroots organizations, one plan,
dues and submissions in every state.

Rows are bulk-created with their final states (dues, submission versions, reviews) instead of going through
tasks.submissions.services one due at a time: 10,000 organizations must generate in minutes. The states
written are the ones the workflow would have produced (TRANSITIONS), so every page reads them as real data.
This module makes the organization tree and the logins; the plan is tasks/demo/generate_plan.py, the dues,
submissions and reviews tasks/demo/generate_dues.py.
"""

import datetime
import random
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from organizations.models import Membership, Organization, Supervision
from organizations.text import fold
from plans.models import Plan
from tasks.demo.generate_dues import dues_generate
from tasks.demo.generate_plan import GRASSROOTS, plan_generate

UPPER_CODE = "gen-khoi"
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

    plan = plan_generate(upper=upper, bodies=bodies, symbol=plan_symbol, today=today)
    counts = dues_generate(
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
