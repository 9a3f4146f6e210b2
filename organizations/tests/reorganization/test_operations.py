"""The six operations of a reorganization file, their errors (naming the line, nothing applied) and the dry run."""

import datetime

import pytest
from auditlog.models import LogEntry
from django.db import connection
from django.test.utils import CaptureQueriesContext

from organizations.models import Membership, Organization, OrganizationName, Succession, Supervision
from organizations.reorganization.operations import Outcome, _apply_all, _Run, reorganization_apply
from organizations.reorganization.reading import ReorganizationError, reorganization_read
from tests.factories import MembershipFactory, OrganizationFactory, SupervisionFactory

pytestmark = pytest.mark.django_db

DAY = datetime.date(2025, 7, 1)


def counts() -> dict:
    """Rows a reorganization may write, to show a failed or dry run wrote none."""
    return {
        "organizations": list(
            Organization.objects.values_list("pk", "path", "name", "is_active").order_by("pk")
        ),
        "names": OrganizationName.objects.count(),
        "successions": Succession.objects.count(),
        "memberships": list(Membership.objects.values_list("pk", "is_active").order_by("pk")),
        "log": LogEntry.objects.count(),
    }


def test_rename_keeps_the_old_name_for_the_days_before(world):
    source = f"effective: 2025-07-01\noperations:\n  - rename: {world.cell.code}\n    name: Chi bộ Sở Tư pháp tỉnh Gia Lai\n"
    outcome = reorganization_apply(source=source)
    cell = Organization.objects.get(pk=world.cell.pk)
    assert cell.name == "Chi bộ Sở Tư pháp tỉnh Gia Lai"
    assert cell.name_on(datetime.date(2023, 12, 31)) == "Chi bộ Sở Tư pháp"
    assert cell.name_on(DAY) == "Chi bộ Sở Tư pháp tỉnh Gia Lai"
    assert cell.name_on(DAY - datetime.timedelta(days=1)) == "Chi bộ Sở Tư pháp"
    assert (
        cell.name_then(datetime.date(2023, 12, 31))
        == "Chi bộ Sở Tư pháp (nay là Chi bộ Sở Tư pháp tỉnh Gia Lai)"
    )
    assert outcome.reorganization.summary[0].startswith("Đổi tên")


def test_move_puts_the_subtree_under_the_new_parent(world):
    source = f"effective: 2025-07-01\noperations:\n  - move: {world.org.code}\n    to: {world.outsider_committee.code}\n"
    reorganization_apply(source=source)
    org = Organization.objects.get(pk=world.org.pk)
    assert Organization.objects.get_parent(org) == world.outsider_committee
    assert Organization.objects.get_parent(Organization.objects.get(pk=world.sub_cell.pk)) == org
    assert org.reorganized_on == DAY
    # The paths, depths and child counts are as treebeard would have left them.
    assert Organization.objects.find_problems() == ([], [], [], [], [])
    assert Organization.objects.get(pk=world.outsider_committee.pk).numchild == 3
    assert Organization.objects.get(pk=world.committee.pk).numchild == 4


def test_create_then_merge_ends_the_sources_with_their_successor(world):
    source = f"""effective: 2025-07-01
operations:
  - create: {{code: dang-bo-moi, name: Đảng bộ các cơ quan Đảng tỉnh, kind: upper, parent: {world.provincial.code}}}
  - merge: [{world.org.code}, {world.sibling_org.code}]
    into: {{code: db-tai-chinh-y-te, name: Đảng bộ Sở Tài chính - Y tế, kind: grassroots_committee, parent: dang-bo-moi}}
"""
    reorganization_apply(source=source)
    merged = Organization.objects.get(code="db-tai-chinh-y-te")
    assert merged.started_on == DAY and Organization.objects.get_parent(merged).code == "dang-bo-moi"
    for pk in (world.org.pk, world.sibling_org.pk):
        ended = Organization.objects.get(pk=pk)
        assert (ended.is_active, ended.ended_on) == (False, DAY)
        assert Succession.objects.get(predecessor=ended).successor == merged
    # The cell under Sở Tài chính moved to the merged committee, the people's roles ended.
    assert Organization.objects.get_parent(Organization.objects.get(pk=world.sub_cell.pk)) == merged
    assert not Membership.objects.filter(organization=world.org, is_active=True).exists()
    assert Supervision.objects.get(organization=world.org).ends_on == DAY


def test_split_and_dissolve(world):
    source = f"""effective: 2025-07-01
operations:
  - move: {world.sub_cell.code}
    to: {world.committee.code}
  - split: {world.org.code}
    into: [{{code: cb-a, name: Chi bộ A, parent: {world.committee.code}}}, {{code: cb-b, name: Chi bộ B, parent: {world.committee.code}}}]
    obligations: cb-b
  - dissolve: {world.cell.code}
    successor: {world.sibling_org.code}
"""
    reorganization_apply(source=source)
    split = Succession.objects.filter(predecessor=world.org).order_by("successor__code")
    assert [(s.successor.code, s.carries_obligations) for s in split] == [("cb-a", False), ("cb-b", True)]
    assert Succession.objects.get(predecessor=world.cell).successor == world.sibling_org
    assert Organization.objects.get(pk=world.cell.pk).ended_on == DAY


@pytest.mark.parametrize(
    ("operation", "line", "words"),
    [
        ("  - move: khong-co\n    to: {committee}\n", 5, "khong-co"),
        ("  - move: {committee}\n    to: {org}\n", 6, "inside itself"),
        ("  - rename: {org}\n    name: Đảng bộ Sở Y tế\n", 6, "already the name"),
        ("  - create: {{code: {cell}, name: X, parent: {committee}}}\n", 5, "already used"),
        ("  - dissolve: {org}\n", 5, "move them first"),
        ("  - explode: {org}\n", 5, "each operation"),
        # A name with a comma, unquoted in a {...} mapping: its second half would become a field.
        (
            "  - create: {{code: cb-moi, name: Chi bộ Báo, Truyền hình, parent: {committee}}}\n",
            5,
            "“Truyền hình”",
        ),
        ("  - dissolve: {cell}\n    succesor: {org}\n", 6, "no field “succesor”"),
    ],
)
def test_an_error_names_its_line_and_nothing_is_applied(world, operation, line, words, settings):
    settings.LANGUAGE_CODE = "en"
    codes = {"committee": world.committee.code, "org": world.org.code, "cell": world.cell.code}
    # A first operation that would apply, so that rolling back is what keeps it out.
    source = (
        "effective: 2025-07-01\noperations:\n"
        f"  - rename: {world.cell.code}\n    name: Chi bộ đã đổi tên\n" + operation.format(**codes)
    )
    before = counts()
    with pytest.raises(ReorganizationError) as raised:
        reorganization_apply(source=source)
    assert raised.value.line == line
    assert words in raised.value.message
    assert counts() == before


def test_the_message_is_in_vietnamese_with_the_line(world):
    source = "effective: 2025-07-01\noperations:\n  - move: khong-co\n    to: x\n"
    with pytest.raises(ReorganizationError) as raised:
        reorganization_apply(source=source)
    assert str(raised.value).startswith("Dòng 3: ")


def test_a_dry_run_changes_nothing(world):
    source = f"""effective: 2025-07-01
operations:
  - rename: {world.cell.code}
    name: Chi bộ Sở Tư pháp tỉnh Gia Lai
  - merge: [{world.org.code}, {world.sibling_org.code}]
    into: {world.cell.code}
"""
    before = counts()
    outcome = reorganization_apply(source=source, dry_run=True)
    assert counts() == before
    assert len(outcome.steps) == 4  # the rename, the cell moved to the target, two ends: as applying says
    applied = reorganization_apply(source=source)
    assert applied.lines() == outcome.lines()
    assert counts() != before


def committees_with_offices(world, count: int, prefix: str) -> list[Organization]:
    """`count` committees under the province, each with an office (one member) and a member in charge."""
    committees = []
    for n in range(count):
        committee = OrganizationFactory(
            parent=world.provincial, kind=Organization.Kind.UPPER, code=f"{prefix}{n}"
        )
        office = OrganizationFactory(
            parent=committee, kind=Organization.Kind.ADVISORY, code=f"{prefix}{n}-vp"
        )
        MembershipFactory(organization=office)
        SupervisionFactory(organization=committee)
        committees.append(committee)
    return committees


def dissolutions(committees, successor) -> str:
    lines = [f"  - dissolve: {c.code}\n    successor: {successor.code}\n" for c in committees]
    return "effective: 2025-07-01\noperations:\n" + "".join(lines)


def queries_to_apply(source: str) -> int:
    """Queries of the operations themselves (not of the receivers of ``reorganized``)."""
    run = _Run(day=DAY, outcome=Outcome(effective_on=DAY))
    with CaptureQueriesContext(connection) as queries:
        _apply_all(run, reorganization_read(source).operations)
    return len(queries)


def test_dissolutions_into_one_successor_are_ended_together(world):
    committees = committees_with_offices(world, 3, "dk")
    offices = [Organization.objects.get(code=f"{c.code}-vp") for c in committees]
    log_before = LogEntry.objects.count()
    outcome = reorganization_apply(source=dissolutions(committees, world.committee))
    for organization in committees + offices:
        organization.refresh_from_db()
        assert (organization.is_active, organization.ended_on, organization.reorganized_on) == (
            False,
            DAY,
            DAY,
        )
    successions = Succession.objects.filter(predecessor__in=committees + offices)
    assert sorted((s.predecessor.code, s.successor_id, s.carries_obligations) for s in successions) == [
        (c.code, world.committee.pk, True) for c in committees
    ]
    assert not Membership.objects.filter(organization__in=offices, is_active=True).exists()
    assert set(Supervision.objects.filter(organization__in=committees).values_list("ends_on", flat=True)) == {
        DAY
    }
    # Each change in the trail as a save would write it: 6 organizations, 3 memberships, 3 supervisions,
    # 3 successions.
    assert LogEntry.objects.count() - log_before >= 15
    ended = LogEntry.objects.get_for_object(committees[0]).latest("pk")
    assert ended.changes_dict["is_active"] == ["True", "False"]
    assert sorted(outcome.ended) == sorted(o.pk for o in committees + offices)


def test_dissolving_more_committees_into_one_successor_costs_no_more_queries(world):
    few = queries_to_apply(dissolutions(committees_with_offices(world, 2, "a"), world.committee))
    many = queries_to_apply(dissolutions(committees_with_offices(world, 6, "b"), world.committee))
    assert many == few


def test_an_organization_dissolved_twice_in_a_row_names_the_second_line(world, settings):
    settings.LANGUAGE_CODE = "en"
    committee = committees_with_offices(world, 1, "x")[0]
    with pytest.raises(ReorganizationError) as raised:
        reorganization_apply(source=dissolutions([committee, committee], world.committee))
    assert raised.value.line == 5
    assert "ended on" in raised.value.message
    assert Organization.objects.get(pk=committee.pk).is_active
