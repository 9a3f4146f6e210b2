"""Lead and coordinating units through a reorganization (issue 18): a unit naming an organization that ends
names its successor from then on (the plan's words unchanged); one whose organization ends with no successor
stays as it was and the preview tells the office which, one line each."""

import pytest

from organizations.reorganization.operations import reorganization_apply
from tasks.models import TaskUnit

pytestmark = pytest.mark.django_db


def test_a_unit_naming_a_merged_organization_names_its_successor(world):
    unit = TaskUnit.objects.create(
        task=world.ongoing, role=TaskUnit.Role.LEAD, name="Đảng ủy Sở Tài chính", organization=world.org
    )
    outcome = reorganization_apply(
        source=f"""effective: 2025-07-01
operations:
  - merge: [{world.org.code}, {world.sibling_org.code}]
    into: {{code: db-moi, name: Đảng bộ Sở Tài chính - Y tế, kind: grassroots_committee, parent: {world.committee.code}}}
"""
    )
    unit.refresh_from_db()
    assert unit.organization.code == "db-moi"
    assert unit.name == "Đảng ủy Sở Tài chính"  # as the plan wrote it
    assert outcome.figures["units_transferred"] == 1
    assert "Đơn vị chủ trì, phối hợp chuyển cho tổ chức kế thừa: 1" in outcome.lines()


def test_a_unit_whose_organization_ends_with_no_successor_is_shown_to_the_office(world):
    unit = TaskUnit.objects.create(
        task=world.ongoing, role=TaskUnit.Role.COORDINATING, name="Chi bộ Sở Tư pháp", organization=world.cell
    )
    dry = reorganization_apply(
        source=f"effective: 2025-07-01\noperations:\n  - dissolve: {world.cell.code}\n", dry_run=True
    )
    unit.refresh_from_db()
    assert unit.organization == world.cell
    line = next(line for line in dry.lines() if "không có tổ chức kế thừa" in line)
    assert world.plan.document.symbol in line and world.ongoing.number in line and world.cell.name in line
    assert dry.figures["units_transferred"] == 0
