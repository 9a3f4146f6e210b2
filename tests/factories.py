"""factory-boy factories for every domain model. The world most tests start from is built with them in
tests/world.py.

Conventions:
- Organizations are tree nodes: pass ``parent=`` to create a child (``Organization.objects.add_child``);
  without it the factory creates a root. Siblings keep their insertion order. The parent instance you pass
  is updated in memory (``numchild``); other instances of the same node are not, so reload them before
  calling treebeard methods that read ``numchild`` (``get_children``/``get_descendants``).
- Every user has the password ``PASSWORD``; the hash is computed once per test run. Prefer
  ``client.force_login(user)`` in view tests: it skips the (deliberately slow) hash check.
- ``SubmissionFactory`` and ``DueFactory`` write rows only; to move a due through its states use
  ``tasks.submissions.services.due_submit`` / ``submission_review`` (or ``submit_due`` below).
"""

import datetime
import functools

import factory
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.utils import timezone
from factory.django import DjangoModelFactory

from organizations.models import Membership, Organization, Supervision
from plans.models import Document, Plan, ReportingPeriod, Section
from tasks.models import Assignment, Due, Submission, Task, TaskUnit

PASSWORD = "plantrack-test"


def _password_hash() -> str:
    # Keyed on the hashers in force: a suite that switches to a fast hasher must not leave its hash behind
    # for the suites after it, whose hashers cannot check it.
    return _hash_with(tuple(settings.PASSWORD_HASHERS))


@functools.cache
def _hash_with(hashers: tuple[str, ...]) -> str:
    return make_password(PASSWORD)


class UserFactory(DjangoModelFactory):
    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.org")
    first_name = "Văn"
    last_name = factory.Sequence(lambda n: f"Nguyễn {n}")
    password = factory.LazyFunction(_password_hash)


class OrganizationFactory(DjangoModelFactory):
    """``OrganizationFactory(parent=upper, kind=Organization.Kind.GRASSROOTS_CELL)``."""

    class Meta:
        model = Organization

    name = factory.Sequence(lambda n: f"Tổ chức đảng {n:05d}")
    code = factory.Sequence(lambda n: f"org-{n:05d}")
    kind = Organization.Kind.GRASSROOTS_CELL
    parent = None

    @classmethod
    def _create(cls, model_class, *args, parent=None, **kwargs):
        if parent is None:
            return model_class.objects.add_root(create_kwargs=kwargs)
        return model_class.objects.add_child(parent, create_kwargs=kwargs)


class MembershipFactory(DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organization = factory.SubFactory(OrganizationFactory)
    role = Membership.Role.SECRETARY


class SupervisionFactory(DjangoModelFactory):
    class Meta:
        model = Supervision

    member = factory.SubFactory(UserFactory)
    organization = factory.SubFactory(OrganizationFactory)


class DocumentFactory(DjangoModelFactory):
    """A registered document; number, type and issuer code are derived from ``symbol`` by save()."""

    class Meta:
        model = Document

    # Numbers from 10001 on, so that a generated symbol never meets one a test writes out ("21-NQ/TW").
    symbol = factory.Sequence(lambda n: f"{n + 10001}-NQ/TW")
    issued_on = datetime.date(2022, 6, 16)
    title = factory.Sequence(lambda n: f"Văn bản số {n + 1}")
    issuer = None


class PlanFactory(DjangoModelFactory):
    """A plan and its KH document, issued by the plan's owner. Default period: 2023–2025, default calendar.

    ``PlanFactory(reporting_periods=[("half_year", 6, 15), ("annual", 12, 15)])`` sets its own calendar.
    """

    class Meta:
        model = Plan
        skip_postgeneration_save = True

    owner = factory.SubFactory(OrganizationFactory, kind=Organization.Kind.UPPER, name="Đảng ủy Khối")
    document = factory.SubFactory(
        DocumentFactory,
        symbol=factory.Sequence(lambda n: f"{n + 10001}-KH/ĐUK"),
        issued_on=datetime.date(2023, 1, 5),
        issuer=factory.SelfAttribute("..owner"),
    )
    title = factory.Sequence(lambda n: f"Kế hoạch thực hiện Nghị quyết số {n + 1}")
    place = "Quy Nhơn"
    period_start = datetime.date(2023, 1, 1)
    period_end = datetime.date(2025, 12, 31)

    @factory.post_generation
    def reporting_periods(obj, create, extracted, **kwargs):
        if create and extracted:
            ReportingPeriod.objects.bulk_create(
                ReportingPeriod(plan=obj, kind=kind, month=month, day=day) for kind, month, day in extracted
            )


class SectionFactory(DjangoModelFactory):
    class Meta:
        model = Section

    plan = factory.SubFactory(PlanFactory)
    position = factory.Sequence(lambda n: n)
    label = factory.Sequence(lambda n: str(n + 1))
    title = factory.Sequence(lambda n: f"Mục {n + 1}")


class TaskFactory(DjangoModelFactory):
    """An ongoing task by default; traits ``dated``, ``annual`` and ``triggered`` give the other rules.

    ``TaskFactory(assign_to=[org1, org2])`` adds one-organization assignments.
    """

    class Meta:
        model = Task
        skip_postgeneration_save = True

    plan = factory.SubFactory(PlanFactory)
    section = factory.SubFactory(SectionFactory, plan=factory.SelfAttribute("..plan"))
    position = factory.Sequence(lambda n: n)
    text = factory.Sequence(lambda n: f"Nhiệm vụ {n + 1}")
    kind = Task.Kind.ONGOING

    class Params:
        dated = factory.Trait(kind=Task.Kind.DATED, due_on=datetime.date(2023, 2, 28), precision="day")
        annual = factory.Trait(kind=Task.Kind.ANNUAL)
        triggered = factory.Trait(
            kind=Task.Kind.TRIGGERED,
            awaited_issuer=factory.SubFactory(
                OrganizationFactory, kind=Organization.Kind.PROVINCIAL, name="Tỉnh ủy", short_name="Tỉnh ủy"
            ),
            awaited_type="HD",
            trigger_text="sau khi Tỉnh ủy có hướng dẫn",
        )

    @factory.post_generation
    def assign_to(obj, create, extracted, **kwargs):
        if create and extracted:
            Assignment.objects.bulk_create(
                Assignment(task=obj, organization=org, label=org.name, position=i)
                for i, org in enumerate(extracted)
            )


class TaskUnitFactory(DjangoModelFactory):
    class Meta:
        model = TaskUnit

    task = factory.SubFactory(TaskFactory)
    role = TaskUnit.Role.LEAD
    name = "Ban Tổ chức Đảng ủy Khối"


class AssignmentFactory(DjangoModelFactory):
    class Meta:
        model = Assignment

    task = factory.SubFactory(TaskFactory)
    organization = factory.SubFactory(OrganizationFactory)
    label = factory.LazyAttribute(lambda o: o.organization.name)
    scope = Assignment.Scope.ONE


class DueFactory(DjangoModelFactory):
    class Meta:
        model = Due

    task = factory.SubFactory(TaskFactory, dated=True)
    plan = factory.LazyAttribute(lambda o: o.task.plan)
    organization = factory.SubFactory(OrganizationFactory)
    period = "once"
    due_on = factory.LazyAttribute(lambda o: o.task.due_on or datetime.date(2023, 6, 30))
    state = Due.State.OPEN


class SubmissionFactory(DjangoModelFactory):
    """A submission row (the next version of its due); does not change the due's state."""

    class Meta:
        model = Submission

    due = factory.SubFactory(DueFactory)
    version = factory.LazyAttribute(lambda o: o.due.submissions.count() + 1)
    text = "Đã triển khai, quán triệt đến toàn thể đảng viên."
    submitted_by = factory.SubFactory(UserFactory)
    submitted_at = factory.LazyFunction(timezone.now)


def make_member(organization: Organization, role: str = Membership.Role.SECRETARY, **user_fields):
    """A new user with one membership in `organization`."""
    user = UserFactory(**user_fields)
    MembershipFactory(user=user, organization=organization, role=role)
    return user


def submit_due(due: Due, user=None, **kwargs) -> Submission:
    """Hand in a version through the real workflow (moves the due's state)."""
    from tasks.submissions.services import due_submit

    return due_submit(due=due, user=user or UserFactory(), **kwargs)
