"""manage.py gen_data: a synthetic bloc of N organizations with a plan and dues in every state, written in
bulk with the states the workflow would have produced, the same for the same seed."""

import datetime
from collections import Counter
from io import StringIO

import pytest
from django.core.cache import cache
from django.core.management import CommandError, call_command
from django.urls import reverse

from organizations.access import Access
from organizations.models import Membership, Organization, Supervision
from plans.models import Plan
from plans.periods import period_parse
from tasks.demo.generate import UPPER_CODE, generate
from tasks.models import Due, Review, Submission, Task
from tasks.monitoring import compliance
from tasks.planning.obligations import plan_obligations, report_specs

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2024, 5, 1)


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()


def run(*args) -> str:
    out = StringIO()
    call_command("gen_data", *args, stdout=out)
    return out.getvalue()


def test_it_creates_n_grassroots_organizations_under_a_committee_with_its_advisory_bodies():
    output = run("--orgs", "12", "--seed", "3", "--today", TODAY.isoformat())
    upper = Organization.objects.get(code=UPPER_CODE)
    children = Organization.objects.filter(path__startswith=upper.path, depth=upper.depth + 1)
    kinds = Counter(children.values_list("kind", flat=True))
    assert kinds["grassroots_committee"] + kinds["grassroots_cell"] == 12
    assert kinds["grassroots_committee"] and kinds["grassroots_cell"]
    assert kinds["advisory"] == 4 and kinds["mass"] == 1
    assert Organization.objects.find_problems() == ([], [], [], [], [])  # a valid tree, numchild included
    assert "12 organizations" in output
    assert all(o.name_folded for o in children)


def test_dues_come_in_every_state_with_consistent_versions_and_reviews():
    result = generate(orgs=30, seed=5, today=TODAY)
    plan = result.plan
    assert 25 <= plan.tasks.count() <= 35
    numbers = list(plan.tasks.order_by("position").values_list("number", flat=True))
    assert numbers[:2] == ["II.1.a", "II.1.b"] and len(set(numbers)) == len(numbers)  # numbered by place
    assert set(plan.tasks.values_list("kind", flat=True)) == set(Task.Kind.values)
    statuses = Counter(due.status_on(TODAY) for due in Due.objects.filter(plan=plan))
    assert set(statuses) == set(Due.Status.values) - {
        "waiting",
        "not_applicable",
    }  # only the office marks a due not applicable
    staff = Organization.objects.get(code=f"{UPPER_CODE}-van-phong").memberships.get().user
    grid = compliance.compliance_grid(
        access=Access.for_user(staff), plan=plan, period=period_parse("2024"), today=TODAY
    )
    assert grid.totals["waiting"] > 0  # triggered tasks still waiting for their guidance
    assert result.dues == Due.objects.filter(plan=plan).count()
    for due in Due.objects.filter(plan=plan).exclude(state="open").prefetch_related("submissions__review"):
        versions = sorted(due.submissions.all(), key=lambda s: s.version)
        assert versions and due.first_submitted_at == versions[0].submitted_at
        latest = versions[-1]
        review = getattr(latest, "review", None)
        expected = {"submitted": None, "accepted": "accepted", "returned": "returned"}[due.state]
        assert (review.decision if review else None) == expected
        for earlier in versions[:-1]:
            assert earlier.review.decision == "returned"
    assert not Submission.objects.filter(due__state="open", due__plan=plan).exists()
    assert not Review.objects.filter(decision="returned", reason="").exists()


def test_it_writes_the_obligations_the_plan_makes():
    """The same rows as the obligations rule (docs/domain.md §6): deliverables, one report per grassroots
    organization per reporting period, the committee's bodies' own work; no due for an ongoing task."""
    plan = generate(orgs=6, seed=2, today=TODAY).plan
    written = Counter(
        Due.objects.filter(plan=plan).values_list("kind", "task_id", "organization_id", "period")
    )
    assert max(written.values()) == 1
    expected = {o.key for o in plan_obligations(plan=plan)}
    assert set(written) == expected
    periods = [spec.period for spec in report_specs(Plan.objects.get(pk=plan.pk))]
    grassroots = Organization.objects.filter(
        kind__in=["grassroots_committee", "grassroots_cell"], dues__plan=plan
    ).distinct()
    assert grassroots.count() == 6
    for org in grassroots:
        assert sorted(org.dues.filter(kind="report").values_list("period", flat=True)) == sorted(periods)
        assert not org.dues.filter(kind="own").exists()
    assert not Due.objects.filter(plan=plan, task__kind="ongoing").exclude(kind="own").exists()


def test_it_makes_logins_for_staff_a_member_in_charge_and_some_secretaries(client):
    result = generate(orgs=10, seed=1, today=TODAY, secretaries=3)
    assert Access.for_user(_user(result.staff_username)).is_staff
    member = _user(result.supervisor_username)
    assert Supervision.objects.filter(member=member).count() == 10
    assert Membership.objects.filter(role="secretary", user__username__startswith="gen.bithu.").count() == 3
    client.force_login(_user(result.staff_username))
    assert client.get(reverse("matrix", args=[result.plan.pk])).status_code == 200


def _user(username):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.get(username=username)


def test_the_same_seed_gives_the_same_dues():
    first = generate(orgs=8, seed=9, plan_symbol="901-KH/ĐUK", today=TODAY)
    second = generate(orgs=8, seed=9, plan_symbol="902-KH/ĐUK", today=TODAY)  # reuses the same tree

    def shape(plan: Plan):
        return list(
            Due.objects.filter(plan=plan)
            .order_by("organization__path", "task__position", "due_on")
            .values_list("organization_id", "task__position", "period", "state")
        )

    assert shape(first.plan) == shape(second.plan)
    assert Organization.objects.filter(code__startswith=f"{UPPER_CODE}-cs-").count() == 8


def test_it_refuses_a_symbol_already_registered_and_a_bloc_of_nobody():
    run("--orgs", "2", "--plan-symbol", "903-KH/ĐUK", "--today", TODAY.isoformat())
    with pytest.raises(CommandError):
        run("--orgs", "2", "--plan-symbol", "903-KH/ĐUK")
    with pytest.raises(CommandError):
        run("--orgs", "0")
    with pytest.raises(CommandError):
        run("--orgs", "2", "--plan-symbol", "not a symbol")
