"""The demo's 2025 reorganization (tasks/demo/reorganization-2025.yaml), applied by load_demo after the
history: the new tree, its past intact."""

import datetime
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command
from django.db.models import F

from organizations.models import Organization, Succession
from plans.models import Plan
from plans.periods import period_year
from reports.content.compliance import compliance_report_data
from tasks.demo.load import DEMO_DIR, demo_load
from tasks.demo.reorganize import REORGANIZATION_FILE
from tasks.models import Due, Submission

NOW = datetime.datetime(2026, 3, 2, 9, 30, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))
DAY = datetime.date(2025, 7, 1)
TODAY = NOW.date()

pytestmark = pytest.mark.django_db


def report_2023(plan):
    content = compliance_report_data(plan=plan, period=period_year(2023), today=TODAY)
    return [table.rows for table in content.tables], [s.paragraphs for s in content.sections], content.totals


def submissions():
    return sorted(Submission.objects.values_list("pk", "due_id", "due__organization_id", "version"))


def test_the_demo_reorganization_keeps_the_past_and_passes_on_the_rest():
    with time_machine.travel(NOW, tick=False):
        demo_load(today=TODAY)
        plan = Plan.objects.get(document__symbol="62-KH/ĐUK")
        before_report = report_2023(plan)
        before_submissions = submissions()
        past = sorted(Due.objects.filter(due_on__lt=DAY).values_list("pk", "organization_id", "state"))
        demo_load(today=TODAY, reorganize=True)
        after_report = report_2023(plan)

    # The 2023 report: the same figures, the same (old) names. Its rows follow the tree as it is now, so an
    # organization moved since may come at another place (each row keeps its figures).
    tables_before, paragraphs_before, totals_before = before_report
    tables_after, paragraphs_after, totals_after = after_report
    assert (paragraphs_after, totals_after) == (paragraphs_before, totals_before)
    for table_before, table_after in zip(tables_before, tables_after, strict=True):
        assert sorted(row[1:] for row in table_after) == sorted(row[1:] for row in table_before)
    names = [row[1] for row in after_report[0][-1]]
    assert "Đảng bộ Sở Kế hoạch và Đầu tư" in names and "Chi bộ Ban Dân tộc tỉnh" in names
    # No submission lost or moved; the past dues where they were.
    assert submissions() == before_submissions
    assert sorted(Due.objects.filter(due_on__lt=DAY).values_list("pk", "organization_id", "state")) == past
    # The new tree.
    bloc = Organization.objects.get(code="dang-uy-khoi")
    assert (bloc.is_active, bloc.ended_on) == (False, DAY)
    assert Succession.objects.get(predecessor=bloc).successor.code == "dang-bo-co-quan-dang"
    assert Plan.objects.get(pk=plan.pk).owner.code == "dang-bo-co-quan-dang"
    assert (
        Organization.objects.get_parent(Organization.objects.get(code="db-so-tai-chinh")).code
        == "dang-bo-ubnd-tinh"
    )
    assert not Organization.objects.get_children(bloc).filter(is_active=True).exists()
    assert Organization.objects.find_problems() == ([], [], [], [], [])
    province = Organization.objects.get(code="tinh-uy-binh-dinh")
    assert (
        province.name == "Tỉnh ủy Gia Lai"
        and province.name_on(datetime.date(2024, 1, 1)) == "Tỉnh ủy Bình Định"
    )
    # The successor owes what its predecessors still owed.
    merged = Organization.objects.get(code="db-bao-phat-thanh-truyen-hinh")
    transferred = Due.objects.filter(organization=merged, transferred_from__isnull=False)
    assert transferred.exists() and not transferred.filter(due_on__lt=DAY).exists()


def test_in_one_load_no_organization_hands_anything_in_after_it_ended():
    """`make run` loads the history and the reorganization together: what falls due after the effective day is
    played after it, by the successors, so no ended organization owes or hands in anything dated later."""
    with time_machine.travel(NOW, tick=False):
        call_command("load_demo", stdout=StringIO())
    ended = Organization.objects.filter(ended_on=DAY)
    assert ended.count() > 5
    assert not Due.objects.filter(organization__in=ended, due_on__gte=DAY).exists()
    assert not Submission.objects.filter(
        due__organization__in=ended, submitted_at__date__gte=F("due__organization__ended_on")
    ).exists()
    # The successors took their predecessors' obligations over and handed them in, the current plan's too.
    taken_over = Due.objects.filter(transferred_from__in=ended, submissions__isnull=False)
    assert taken_over.filter(plan__document__symbol="62-KH/ĐUK").exists()
    assert taken_over.exclude(plan__document__symbol="62-KH/ĐUK").exists()
    # Before the effective day, the ended organizations' history is theirs.
    assert Submission.objects.filter(due__organization__in=ended, due__due_on__lt=DAY).count() > 20


def test_load_demo_applies_it_once():
    out = StringIO()
    with time_machine.travel(NOW, tick=False):
        call_command("load_demo", stdout=out)
        first = sorted(Organization.objects.values_list("pk", "path", "name", "is_active"))
        dues = sorted(Due.objects.values_list("pk", "organization_id", "state"))
        call_command("load_demo", stdout=StringIO())
    assert Organization.objects.filter(code="dang-bo-ubnd-tinh").exists()
    assert sorted(Organization.objects.values_list("pk", "path", "name", "is_active")) == first
    assert sorted(Due.objects.values_list("pk", "organization_id", "state")) == dues


def test_the_file_is_the_one_the_readme_shows():
    from pathlib import Path

    readme = (Path(__file__).resolve().parents[3] / "README.md").read_text(encoding="utf-8")
    assert (DEMO_DIR / REORGANIZATION_FILE).read_text(encoding="utf-8").split("effective:")[1] in readme
