"""The secretary's to-do list ("Việc cần làm") and a due's page: scope, states, hints, filters, query counts."""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from tasks.models import Due, Review
from tasks.monitoring.statuses import status_q
from tasks.submissions.services import submission_review
from tests.factories import DueFactory, TaskFactory, submit_due
from tests.uploads import pdf
from tests.world import DUE_DATE, add_cells

pytestmark = pytest.mark.django_db

HCM = ZoneInfo("Asia/Ho_Chi_Minh")
BEFORE = datetime.datetime(2023, 2, 25, 9, 0, tzinfo=HCM)  # three days before 28/02/2023


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(BEFORE, tick=False):
        yield


def page(client, user, name, *args, **params):
    client.force_login(user)
    return client.get(reverse(name, args=args), params)


# --- due_list -------------------------------------------------------------------------------------------


def test_it_lists_what_the_organization_owes(client, world):
    response = page(client, world.secretary, "due_list")
    assert response.status_code == 200
    html = response.content.decode()
    assert world.dated.label in html  # II.b – Xây dựng kế hoạch thực hiện Nghị quyết của cấp ủy cơ sở
    assert "28/02/2023" in html
    assert "còn 3 ngày" in html
    assert "Chưa đến hạn" in html
    assert reverse("due_submit", args=[world.due.pk]) in html
    assert ">Nộp<" in html


@pytest.mark.parametrize("role", ["clerk", "deputy"])
def test_clerks_and_deputies_see_the_same_list(client, world, role):
    response = page(client, getattr(world, role), "due_list")
    assert reverse("due_detail", args=[world.due.pk]) in response.content.decode()


def test_it_never_shows_a_sibling_organization(client, world):
    html = page(client, world.secretary, "due_list").content.decode()
    assert reverse("due_detail", args=[world.sibling_due.pk]) not in html
    assert world.sibling_org.name not in html
    own = Due.objects.filter(organization=world.org).count()  # the plan's ten, of thirty in the bloc
    assert f"Tổng cộng {own} mục" in html  # counts only the organization's own


def test_an_outsider_sees_an_empty_list(client, world):
    html = page(client, world.outsider_secretary, "due_list").content.decode()
    assert world.dated.label not in html
    assert "Tổ chức của đồng chí hiện không phải nộp gì" in html


def test_anonymous_is_sent_to_log_in(client, world):
    response = client.get(reverse("due_list"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_relative_hints_for_overdue_and_today(client, world):
    today = TaskFactory(
        plan=world.plan, dated=True, due_on=datetime.date(2023, 2, 25), text="Việc hạn hôm nay"
    )
    late = TaskFactory(plan=world.plan, dated=True, due_on=datetime.date(2023, 2, 20), text="Việc đã quá hạn")
    DueFactory(task=today, organization=world.org)
    DueFactory(task=late, organization=world.org)
    html = page(client, world.secretary, "due_list").content.decode()
    assert "đến hạn hôm nay" in html
    assert "quá hạn 5 ngày" in html
    assert "Quá hạn" in html
    # The overdue item comes first: what needs doing most urgently.
    assert html.index("Việc đã quá hạn") < html.index("Việc hạn hôm nay") < html.index(world.dated.label)


def test_returned_items_come_first_with_resubmit(client, world):
    submission = submit_due(world.due, world.secretary, text="v1")
    submission_review(
        submission=submission, reviewer=world.staff, decision=Review.Decision.RETURNED, reason="Thiếu"
    )
    other = TaskFactory(plan=world.plan, dated=True, due_on=datetime.date(2023, 2, 26), text="Việc khác")
    DueFactory(task=other, organization=world.org)
    html = page(client, world.secretary, "due_list").content.decode()
    assert "Bị trả lại" in html
    assert ">Nộp lại<" in html
    assert html.index(world.dated.label) < html.index("Việc khác")


def test_filters_stay_in_the_url_and_filter(client, world):
    submitted = TaskFactory(
        plan=world.plan, dated=True, due_on=datetime.date(2023, 2, 27), text="Việc đã nộp"
    )
    submit_due(DueFactory(task=submitted, organization=world.org), world.secretary)
    old = TaskFactory(plan=world.plan, dated=True, due_on=datetime.date(2024, 3, 31), text="Việc năm sau")
    DueFactory(task=old, organization=world.org)

    html = page(client, world.secretary, "due_list", status="submitted").content.decode()
    assert "Việc đã nộp" in html and world.dated.label not in html
    assert 'value="submitted" selected' in html

    html = page(client, world.secretary, "due_list", year="2024").content.decode()
    assert "Việc năm sau" in html and world.dated.label not in html

    html = page(client, world.secretary, "due_list", status="owed", year="2023").content.decode()
    assert world.dated.label in html and "Việc đã nộp" not in html and "Việc năm sau" not in html

    html = page(client, world.secretary, "due_list", plan=world.plan.pk + 1000).content.decode()
    assert "Không có mục nào khớp với bộ lọc" in html


def test_pagination_keeps_the_filters(client, world):
    for i in range(35):
        task = TaskFactory(
            plan=world.plan, dated=True, due_on=datetime.date(2023, 3, 31), text=f"Việc số {i:02d}"
        )
        DueFactory(task=task, organization=world.org)
    html = page(client, world.secretary, "due_list", status="open").content.decode()
    assert "Trang 1/2" in html
    assert "?status=open&amp;page=2" in html
    html = page(client, world.secretary, "due_list", status="open", page=2).content.decode()
    assert "Trang 2/2" in html


def test_late_when_first_submitted_after_the_due_date(client, world):
    on_time = TaskFactory(plan=world.plan, dated=True, due_on=datetime.date(2023, 2, 27), text="Nộp đúng hạn")
    on_time_due = DueFactory(task=on_time, organization=world.org)
    submit_due(on_time_due, world.secretary)  # 25/02, before the 27th
    with time_machine.travel(datetime.datetime(2023, 3, 1, 8, 0, tzinfo=HCM), tick=False):
        client.force_login(world.secretary)
        response = client.post(
            reverse("due_submit", args=[world.due.pk]), {"text": "muộn", "work_status": "done"}
        )
        assert response.status_code == 302
        html = client.get(reverse("due_list")).content.decode()
        assert "Nộp muộn" in html
        late_html = client.get(reverse("due_list"), {"status": "late"}).content.decode()
    assert world.dated.label in late_html and "Nộp đúng hạn" not in late_html
    assert Due.objects.get(pk=world.due.pk).status_on(datetime.date(2023, 3, 1)) == "late"


def test_database_status_filters_agree_with_the_rules(world):
    """status_q (used by filters and counts) and Due.status_on (used on every page) must never disagree."""
    today = datetime.date(2023, 2, 25)
    dates = [datetime.date(2023, 2, 20), today, datetime.date(2023, 3, 5)]
    dues = []
    for day in dates * 4:
        task = TaskFactory(plan=world.plan, dated=True, due_on=day)
        dues.append(DueFactory(task=task, organization=world.org, due_on=day))
    # 00:30 on 21/02 in Hồ Chí Minh City is still 20/02 in UTC: lateness follows the committee's calendar.
    for due in dues[3:6]:
        submit_due(due, world.secretary, at=datetime.datetime(2023, 2, 21, 0, 30, tzinfo=HCM))
    for due in dues[6:9]:
        sub = submit_due(due, world.secretary)
        submission_review(submission=sub, reviewer=world.staff, decision=Review.Decision.RETURNED, reason="x")
    for due in dues[9:12]:
        sub = submit_due(due, world.secretary)
        submission_review(submission=sub, reviewer=world.staff, decision=Review.Decision.ACCEPTED)
    queryset = Due.objects.filter(organization=world.org)
    for due in queryset:
        matching = [s for s in Due.Status.values if queryset.filter(status_q(s, today), pk=due.pk).exists()]
        assert matching == [due.status_on(today)], due


# --- due_detail -----------------------------------------------------------------------------------------


def test_due_detail_shows_the_form_to_the_secretary(client, world):
    html = page(client, world.secretary, "due_detail", world.due.pk).content.decode()
    assert world.dated.text in html
    assert f"<title>{world.dated.label}" in html and f'<h2 class="h5">{world.dated.label}' in html
    assert world.plan.document.symbol in html
    assert reverse("due_submit", args=[world.due.pk]) in html
    assert 'enctype="multipart/form-data"' in html
    assert "Trước 28/02/2023" in html
    assert reverse("due_reminders", args=[world.due.pk]) not in html


def test_due_detail_for_the_clerk_also_has_the_form(client, world):
    html = page(client, world.clerk, "due_detail", world.due.pk).content.decode()
    assert 'name="work_status"' in html


def test_due_detail_is_read_only_for_staff(client, world):
    response = page(client, world.staff, "due_detail", world.due.pk)
    assert response.status_code == 200
    assert 'name="work_status"' not in response.content.decode()
    # The office follows up: it sees what reminders went out about this item.
    assert reverse("due_reminders", args=[world.due.pk]) in response.content.decode()


def test_due_detail_shows_versions_and_the_return_reason(client, world):
    v1 = submit_due(world.due, world.secretary, text="Bản đầu")
    submission_review(
        submission=v1, reviewer=world.staff, decision=Review.Decision.RETURNED, reason="Thiếu số liệu"
    )
    html = page(client, world.secretary, "due_detail", world.due.pk).content.decode()
    assert 'id="return-reason"' in html
    assert "Thiếu số liệu" in html
    assert "Bản đầu" in html
    assert "Nộp lại" in html


def test_due_detail_of_a_sibling_is_404(client, world):
    assert page(client, world.secretary, "due_detail", world.sibling_due.pk).status_code == 404
    assert page(client, world.sibling, "due_detail", world.due.pk).status_code == 404


def test_due_detail_for_an_outsider_is_404(client, world):
    assert page(client, world.outsider_secretary, "due_detail", world.due.pk).status_code == 404


def test_due_detail_anonymous_is_sent_to_log_in(client, world):
    response = client.get(reverse("due_detail", args=[world.due.pk]))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


# --- query counts ---------------------------------------------------------------------------------------

# session, user, access (2), counts, page count, rows, years, plans, unread, savepoint (2)
DUE_LIST_QUERIES = 12


def _bloc_with_dues(world, size: int):
    """`size` more cells, and `size` more dated tasks owed by every grassroots organization."""
    add_cells(world, size)
    for i in range(size):
        task = TaskFactory(plan=world.plan, dated=True, due_on=DUE_DATE + datetime.timedelta(days=i))
        for org in world.grassroots:
            due = DueFactory(task=task, organization=org)
            if i % 3 == 1:
                submit_due(due, world.secretary)


@pytest.mark.parametrize("size", [3, 30])
def test_due_list_runs_a_fixed_number_of_queries(client, world, django_assert_num_queries, size):
    _bloc_with_dues(world, size)
    client.force_login(world.secretary)
    with django_assert_num_queries(DUE_LIST_QUERIES):
        response = client.get(reverse("due_list"), {"year": "2023"})
    assert response.status_code == 200
    # And the plan's two of 2023: the dated task (its implementation plan) and the yearly report.
    assert response.context["page"].paginator.count == size + 2


# --- submission_history ("Đã nộp") ---------------------------------------------------------------------


def test_history_lists_every_version_with_its_outcome(client, world):
    first = submit_due(world.due, world.secretary, text="v1", files=[pdf("ban-dau.pdf")])
    submission_review(
        submission=first, reviewer=world.staff, decision=Review.Decision.RETURNED, reason="Thiếu dấu"
    )
    second = submit_due(world.due, world.clerk, text="v2")
    sibling = submit_due(world.sibling_due, world.sibling, text="của tổ chức khác")
    html = page(client, world.secretary, "submission_history").content.decode()
    assert reverse("submission_detail", args=[first.pk]) in html
    assert reverse("submission_detail", args=[second.pk]) in html
    assert reverse("submission_detail", args=[sibling.pk]) not in html
    assert world.sibling_org.name not in html
    assert "Thiếu dấu" in html and "Bị trả lại" in html and "Chờ xem xét" in html
    assert "ban-dau.pdf" in html
    assert 'Đã nộp <small class="text-body-secondary">(2)</small>' in html
    # Newest first.
    assert html.index(reverse("submission_detail", args=[second.pk])) < html.index(
        reverse("submission_detail", args=[first.pk])
    )


def test_history_filters_by_outcome(client, world):
    first = submit_due(world.due, world.secretary, text="v1")
    submission_review(
        submission=first, reviewer=world.staff, decision=Review.Decision.RETURNED, reason="Thiếu"
    )
    second = submit_due(world.due, world.secretary, text="v2")
    html = page(client, world.secretary, "submission_history", outcome="pending").content.decode()
    assert reverse("submission_detail", args=[second.pk]) in html
    assert reverse("submission_detail", args=[first.pk]) not in html
    assert 'value="pending" selected' in html


def test_history_is_empty_for_an_outsider(client, world):
    submit_due(world.due, world.secretary, text="v1")
    html = page(client, world.outsider_secretary, "submission_history").content.decode()
    assert world.dated.label not in html
    assert "Tổ chức của đồng chí chưa nộp gì." in html


def test_history_anonymous_is_sent_to_log_in(client, world):
    response = client.get(reverse("submission_history"))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


HISTORY_QUERIES = 11  # session, user, access (2), count, rows, files, years, unread, savepoint (2)


@pytest.mark.parametrize("size", [3, 40])
def test_history_runs_a_fixed_number_of_queries(client, world, django_assert_num_queries, size):
    for i in range(size):
        task = TaskFactory(plan=world.plan, dated=True, due_on=DUE_DATE + datetime.timedelta(days=i))
        submission = submit_due(DueFactory(task=task, organization=world.org), world.secretary, files=[pdf()])
        if i % 2:
            submission_review(submission=submission, reviewer=world.staff, decision=Review.Decision.ACCEPTED)
    client.force_login(world.secretary)
    with django_assert_num_queries(HISTORY_QUERIES):
        response = client.get(reverse("submission_history"))
    assert response.status_code == 200
    assert response.context["page"].paginator.count == size
