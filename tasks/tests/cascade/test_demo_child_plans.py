"""The demo's child plans of 62-KH/ĐUK (tasks/demo/child_plans.py) and the coverage they give."""

import json

import pytest
import yaml

from organizations.models import Organization
from tasks.cascade.coverage import plan_coverage
from tasks.demo.child_plans import child_plans_load
from tasks.demo.load import DEMO_DIR, PLAN_FILE, organizations_load
from tasks.models import Due
from tasks.plan_import.save import plan_import


@pytest.fixture
def parent(db):
    data = yaml.safe_load((DEMO_DIR / "organizations.yaml").read_text(encoding="utf-8"))
    organizations_load(data=data["organizations"])
    return plan_import(data=json.loads((DEMO_DIR / PLAN_FILE).read_text(encoding="utf-8")))


def test_three_child_plans_with_different_coverage_and_one_late_deadline(parent):
    plans = child_plans_load(parent=parent)
    assert [plan.parent for plan in plans] == [parent] * 3
    rows = {row.organization.code: row for row in plan_coverage(plan=parent).rows}
    finance, health, education = (rows[code] for code in ("db-so-tai-chinh", "db-so-y-te", "db-so-giao-duc"))
    assert finance.covered > education.covered > health.covered > 0
    late = [warning for row in rows.values() for warning in row.warnings if "30/04/2023" in warning]
    assert late and all("28/02/2023" in warning for warning in late)
    assert late[0] in education.warnings
    assert any(row.plan is None for row in rows.values())  # the others have not written theirs


def test_the_chi_bo_truc_thuoc_of_so_tai_chinh_owe_to_their_dang_bo(parent):
    finance = child_plans_load(parent=parent)[0]
    owner = finance.owner
    sub_cells = set(Organization.objects.filter(path__startswith=owner.path, depth=owner.depth + 1))
    owing = {
        due.organization for due in Due.objects.filter(task__plan=finance).select_related("organization")
    }
    assert sub_cells and sub_cells <= owing


def test_a_second_load_changes_nothing(parent):
    first = child_plans_load(parent=parent)
    dues = Due.objects.filter(task__plan__in=first).count()
    second = child_plans_load(parent=parent)
    assert [plan.pk for plan in second] == [plan.pk for plan in first]
    assert Due.objects.filter(task__plan__in=second).count() == dues
