"""The coverage page of 62-KH/ĐUK by its children's plans and its workbook (reports/coverage.py): for the
parent plan's office only; the child plans' own organizations, a sibling and an outsider get 404."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from tasks.tests.cascade.support import two_child_plans
from tests.world import add_cells


@pytest.fixture
def children(world):
    return two_child_plans(world)


def test_the_parent_plans_office_sees_each_organization_and_what_its_plan_covers(world, children, client):
    client.force_login(world.staff)
    response = client.get(reverse("plan_coverage", args=[world.plan.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    assert "05-KH/ĐU" in page and "03-KH/ĐU" in page and world.cell.name in page
    assert "15/03/2023" in page and "28/02/2023" in page  # the late child deadline, with both dates
    assert response.context["coverage"].counts == [2, 1, 1, 0]


@pytest.mark.parametrize("who", ["secretary", "sibling", "outsider_staff", "outsider_secretary"])
def test_nobody_but_the_parent_plans_office_sees_the_coverage(world, children, client, who):
    client.force_login(getattr(world, who))
    for name in ("plan_coverage", "plan_coverage_xlsx"):
        assert client.get(reverse(name, args=[world.plan.pk])).status_code == 404


def test_the_coverage_workbook_has_a_row_per_organization_and_the_counts(world, children, client):
    client.force_login(world.staff)
    response = client.get(reverse("plan_coverage_xlsx", args=[world.plan.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    finance = next(row for row in values if row[0] == world.org.name)
    assert finance[1] == "05-KH/ĐU" and finance[2] == 3 and finance[3:7] == ["I.a", "I.b", "II", None]
    assert any(row[0] == world.cell.name for row in values)
    footer = values[-1]
    assert footer[3:7] == [2, 1, 1, 0]


def test_the_coverage_page_runs_a_fixed_number_of_queries(world, children, client, django_assert_num_queries):
    client.force_login(world.staff)
    url = reverse("plan_coverage", args=[world.plan.pk])
    client.get(url)  # session and access warmed up
    with django_assert_num_queries(14) as small:
        client.get(url)
    add_cells(world, 12)
    with django_assert_num_queries(len(small.captured_queries)):
        response = client.get(url)
    assert len(response.context["rows"]) == 3 + 12
