"""The to-do list, the submissions, the review queue, the documents register,
the plans, the tasks waiting for a guidance and the organizations followed exported to Excel with the
page's filters (issue 17 item 13): the rows of the page for whom the page shows them, text-safe cells, a fixed number of queries."""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from auditlog.context import set_actor
from django.urls import reverse

from organizations.models import Organization
from reports.tests.workbook_support import FORMULA, cells_with, sheet_rows
from tasks.models import Assignment, Due, Submission
from tasks.submissions.services import due_submit, submission_review
from tests.factories import DocumentFactory, DueFactory, PlanFactory, SupervisionFactory, TaskFactory
from tests.uploads import pdf
from tests.world import add_cells, add_task_due_soon

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2023, 3, 10, 9, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))


@pytest.fixture(autouse=True)
def _clock():
    with time_machine.travel(NOW, tick=False):
        yield


def _submit(world, due, **kwargs):
    with set_actor(world.secretary):
        return due_submit(due=due, user=world.secretary, text="Đã làm", files=[pdf()], **kwargs)


# --- the to-do list ------------------------------------------------------------------------------------


def test_the_to_do_list_exports_its_rows_with_its_filters(client, world):
    _submit(world, world.due)
    status = Due.objects.get(pk=world.due.pk).status_on(NOW.date())  # handed in after its deadline: late
    client.force_login(world.secretary)
    page = client.get(reverse("due_list"), {"status": status}).content.decode()
    assert f'href="/reports/lists/to-do.xlsx?status={status}"' in page and "Tải Excel" in page
    header, rows = sheet_rows(client.get(reverse("due_list_export")))
    assert header[:4] == ["Nhiệm vụ", "Kế hoạch", "Tổ chức", "Kỳ"] and header[-1] == "Trạng thái"
    listed = client.get(reverse("due_list")).context["page"].paginator.count
    assert len(rows) == listed > 1
    assert {row[2] for row in rows} == {world.org.name}  # her organization's only
    header, rows = sheet_rows(client.get(reverse("due_list_export"), {"status": status}))
    assert [(row[0], row[-1]) for row in rows] == [(world.due.title, str(Due.Status(status).label))]
    assert isinstance(rows[0][4], datetime.datetime) and rows[0][4].date() == world.due.due_on


@pytest.mark.parametrize("who", ["sibling", "outsider_secretary", "staff"])
def test_others_export_their_own_to_do_list_not_hers(client, world, who):
    client.force_login(getattr(world, who))
    _header, rows = sheet_rows(client.get(reverse("due_list_export")))
    assert world.org.name not in {row[2] for row in rows}


def test_the_to_do_export_needs_a_login(client):
    response = client.get(reverse("due_list_export"))
    assert response.status_code == 302 and "login" in response["Location"]


def test_a_formula_in_a_task_stays_text(client, world):
    Organization.objects.filter(pk=world.org.pk).update(name='=HYPERLINK("http://x","y")')
    client.force_login(world.secretary)
    response = client.get(reverse("due_list_export"))
    cells = cells_with(response.content, FORMULA)
    assert cells and all(cell.data_type == "s" for cell in cells)


@pytest.mark.parametrize("extra", [0, 6])
def test_the_to_do_export_runs_a_fixed_number_of_queries(client, world, django_assert_num_queries, extra):
    for _ in range(extra):
        DueFactory(task=world.dated, organization=world.org, period=f"x{_}")
    client.force_login(world.secretary)
    client.get(reverse("due_list_export"))
    with django_assert_num_queries(LIST_QUERIES):
        client.get(reverse("due_list_export"))


# savepoint, session, user, memberships, supervisions, the dues, release
LIST_QUERIES = 7


# --- what the organization submitted -------------------------------------------------------------------


def test_the_submissions_export_with_the_review_and_its_filters(client, world):
    first = _submit(world, world.due)
    with set_actor(world.staff):
        submission_review(submission=first, reviewer=world.staff, decision="returned", reason="=1+1 thiếu")
    _submit(world, Due.objects.get(pk=world.due.pk))
    client.force_login(world.clerk)
    page = client.get(reverse("submission_history"), {"outcome": "returned"}).content.decode()
    assert 'href="/reports/lists/submitted.xlsx?outcome=returned"' in page
    header, rows = sheet_rows(client.get(reverse("submission_history_export")))
    assert header[4:] == ["Thời điểm nộp", "Lần nộp", "Số văn bản", "Tệp", "Xem xét", "Lý do"]
    assert [(row[5], row[8]) for row in rows] == [(2, "Chờ xem xét"), (1, "Bị trả lại")]
    _header, rows = sheet_rows(client.get(reverse("submission_history_export"), {"outcome": "returned"}))
    assert [(row[5], row[9]) for row in rows] == [(1, "=1+1 thiếu")]
    assert rows[0][7].endswith(".pdf")


@pytest.mark.parametrize("who", ["sibling", "outsider_secretary", "staff"])
def test_others_do_not_get_her_submissions(client, world, who):
    _submit(world, world.due)
    client.force_login(getattr(world, who))
    _header, rows = sheet_rows(client.get(reverse("submission_history_export")))
    assert rows == [] or world.org.name not in {row[2] for row in rows}


@pytest.mark.parametrize("versions", [1, 4])
def test_the_submissions_export_runs_a_fixed_number_of_queries(
    client, world, django_assert_num_queries, versions
):
    for _ in range(versions):
        submission = _submit(world, Due.objects.get(pk=world.due.pk))
        with set_actor(world.staff):
            submission_review(submission=submission, reviewer=world.staff, decision="returned", reason="x")
    client.force_login(world.secretary)
    client.get(reverse("submission_history_export"))
    with django_assert_num_queries(SUBMITTED_QUERIES):
        client.get(reverse("submission_history_export"))


# savepoint, session, user, memberships, supervisions, the submissions, their files, release
SUBMITTED_QUERIES = 8


# --- the review queue ----------------------------------------------------------------------------------


def test_the_office_exports_its_review_queue(client, world):
    _submit(world, world.due)
    with set_actor(world.sibling):
        due_submit(due=world.sibling_due, user=world.sibling, text="x")
    client.force_login(world.staff)
    page = client.get(reverse("review_queue")).content.decode()
    assert 'href="/reports/lists/review-queue.xlsx"' in page
    header, rows = sheet_rows(client.get(reverse("review_queue_export")))
    assert header[-2:] == ["Người nộp", "Tệp"]
    assert [row[2] for row in rows] == [world.org.name, world.sibling_org.name]  # the oldest first


@pytest.mark.parametrize("who", ["secretary", "clerk"])
def test_members_do_not_get_the_review_queue(client, world, who):
    client.force_login(getattr(world, who))
    assert client.get(reverse("review_queue_export")).status_code == 403


def test_another_blocs_office_gets_an_empty_queue(client, world):
    _submit(world, world.due)
    client.force_login(world.outsider_staff)
    _header, rows = sheet_rows(client.get(reverse("review_queue_export")))
    assert rows == []


@pytest.mark.parametrize("count", [1, 3])
def test_the_queue_export_runs_a_fixed_number_of_queries(client, world, django_assert_num_queries, count):
    dues = [world.due, world.sibling_due, *Due.objects.filter(task=world.dated, organization=world.cell)]
    for due in dues[:count]:
        with set_actor(world.secretary):
            due_submit(due=due, user=world.secretary, text="x", files=[pdf()])
    assert Submission.objects.count() == count
    client.force_login(world.staff)
    client.get(reverse("review_queue_export"))
    with django_assert_num_queries(QUEUE_QUERIES):
        client.get(reverse("review_queue_export"))


# savepoint, session, user, memberships, supervisions, the queue, their files, release
QUEUE_QUERIES = 8


# --- the documents register ----------------------------------------------------------------------------


def _documents(world):
    DocumentFactory(symbol="43-KH/TU", issuer=world.provincial, issued_on=datetime.date(2022, 10, 25))
    DocumentFactory(symbol="21-NQ/TW", issuer=world.central, title='=HYPERLINK("http://x","y")')
    DocumentFactory(symbol="7-KH/ĐUK", issuer=world.outsider_committee, issued_on=datetime.date(2023, 2, 1))


def test_the_register_exports_its_rows_with_its_filters(client, world):
    _documents(world)
    client.force_login(world.staff)
    page = client.get(reverse("document_list"), {"type": "KH", "year": "2022"}).content.decode()
    assert 'href="/reports/lists/documents.xlsx?type=KH&amp;year=2022"' in page and "Tải Excel" in page
    header, rows = sheet_rows(client.get(reverse("document_list_export")))
    assert header == ["Số và ký hiệu", "Loại", "Cơ quan ban hành", "Ngày", "Trích yếu", "Tệp"]
    listed = client.get(reverse("document_list")).context["page"].object_list
    assert [row[0] for row in rows] == [document.symbol for document in listed]  # same rows, same order
    assert "7-KH/ĐUK" not in {row[0] for row in rows}  # another bloc's
    _header, rows = sheet_rows(client.get(reverse("document_list_export"), {"type": "KH", "year": "2022"}))
    assert [row[:3] for row in rows] == [
        ["43-KH/TU", "Kế hoạch", world.provincial.short_name or world.provincial.name]
    ]
    assert rows[0][3] == datetime.datetime(2022, 10, 25) and rows[0][5] == 0


def test_a_formula_in_a_documents_summary_stays_text(client, world):
    _documents(world)
    client.force_login(world.staff)
    response = client.get(reverse("document_list_export"), {"issuer": "TW"})
    cells = cells_with(response.content, FORMULA)
    assert cells and all(cell.data_type == "s" for cell in cells)


def test_another_blocs_office_exports_its_own_register(client, world):
    _documents(world)
    client.force_login(world.outsider_staff)
    _header, rows = sheet_rows(client.get(reverse("document_list_export")))
    symbols = {row[0] for row in rows}
    assert "7-KH/ĐUK" in symbols and world.plan.document.symbol not in symbols


@pytest.mark.parametrize("who", ["secretary", "clerk", "outsider_secretary"])
def test_members_do_not_get_the_register(client, world, who):
    client.force_login(getattr(world, who))
    assert client.get(reverse("document_list_export")).status_code == 404  # as the page


def test_the_register_export_needs_a_login(client):
    response = client.get(reverse("document_list_export"))
    assert response.status_code == 302 and "login" in response["Location"]


@pytest.mark.parametrize("count", [0, 6])
def test_the_register_export_runs_a_fixed_number_of_queries(client, world, django_assert_num_queries, count):
    for i in range(count):
        DocumentFactory(symbol=f"{i + 1}-HD/ĐUK", issuer=world.committee)
    client.force_login(world.staff)
    client.get(reverse("document_list_export"))
    with django_assert_num_queries(DOCUMENTS_QUERIES):
        client.get(reverse("document_list_export"), {"year": "2022"})


# savepoint, session, user, memberships, supervisions, issuer codes, years, the documents, release
DOCUMENTS_QUERIES = 9


# --- the plans -----------------------------------------------------------------------------------------


def test_the_plans_export_with_their_counts_and_filters(client, world):
    PlanFactory(owner=world.committee, title='=HYPERLINK("http://x","y")')
    client.force_login(world.staff)
    page = client.get(reverse("plan_list"), {"q": "62-kh/duk"}).content.decode()
    assert 'href="/reports/lists/plans.xlsx?q=62-kh%2Fduk"' in page and "Tải Excel" in page
    header, rows = sheet_rows(client.get(reverse("plan_list_export")))
    assert header == [
        "Số và ký hiệu",
        "Tiêu đề",
        "Cấp ủy ban hành",
        "Từ ngày",
        "Đến ngày",
        "Nhiệm vụ",
        "Chờ hướng dẫn",
    ]
    listed = client.get(reverse("plan_list")).context["page"].object_list
    assert [row[0] for row in rows] == [plan.document.symbol for plan in listed] and len(rows) == 2
    _header, rows = sheet_rows(client.get(reverse("plan_list_export"), {"q": "62-kh/duk"}))
    assert [(row[0], row[1], row[5], row[6]) for row in rows] == [("62-KH/ĐUK", world.plan.title, 4, 1)]
    assert rows[0][3].date() == world.plan.period_start and rows[0][4].date() == world.plan.period_end
    _header, rows = sheet_rows(client.get(reverse("plan_list_export"), {"year": "2030"}))
    assert rows == []


def test_a_formula_in_a_plans_title_stays_text(client, world):
    PlanFactory(owner=world.committee, title='=HYPERLINK("http://x","y")')
    client.force_login(world.staff)
    cells = cells_with(client.get(reverse("plan_list_export")).content, FORMULA)
    assert cells and all(cell.data_type == "s" for cell in cells)


@pytest.mark.parametrize("who", ["secretary", "outsider_staff", "outsider_secretary"])
def test_others_export_the_plans_the_page_shows_them(client, world, who):
    client.force_login(getattr(world, who))
    listed = [plan.document.symbol for plan in client.get(reverse("plan_list")).context["page"].object_list]
    _header, rows = sheet_rows(client.get(reverse("plan_list_export")))
    assert [row[0] for row in rows] == listed
    if who.startswith("outsider"):
        assert "62-KH/ĐUK" not in listed


def test_the_plans_export_needs_a_login(client):
    response = client.get(reverse("plan_list_export"))
    assert response.status_code == 302 and "login" in response["Location"]


@pytest.mark.parametrize("count", [0, 5])
def test_the_plans_export_runs_a_fixed_number_of_queries(client, world, django_assert_num_queries, count):
    for _ in range(count):
        plan = PlanFactory(owner=world.committee)
        TaskFactory(plan=plan)
        TaskFactory(plan=plan, triggered=True, awaited_issuer=world.provincial)
    client.force_login(world.staff)
    client.get(reverse("plan_list_export"))
    with django_assert_num_queries(PLANS_QUERIES):
        client.get(reverse("plan_list_export"))


# savepoint, session, user, memberships, supervisions, the plans, release
PLANS_QUERIES = 7


# --- the tasks waiting for a guidance ------------------------------------------------------------------


def _waiting(world):
    """The world's waiting task (a guidance of the Tỉnh ủy), one awaiting Trung ương and one of the other bloc."""
    central = TaskFactory(
        plan=world.plan, triggered=True, awaited_issuer=world.central, text='=HYPERLINK("http://x","y")'
    )
    Assignment.objects.create(task=central, organization=world.org, label="Các chi bộ")
    TaskFactory(
        plan=PlanFactory(owner=world.outsider_committee), triggered=True, awaited_issuer=world.provincial
    )
    return central


def test_the_waiting_tasks_export_with_the_issuer_filter(client, world):
    central = _waiting(world)
    client.force_login(world.staff)
    page = client.get(reverse("waiting_list"), {"issuer": world.central.pk}).content.decode()
    assert f'href="/reports/lists/waiting.xlsx?issuer={world.central.pk}"' in page and "Tải Excel" in page
    header, rows = sheet_rows(client.get(reverse("waiting_list_export")))
    assert header[:5] == ["Kế hoạch", "Nhiệm vụ", "Nội dung", "Văn bản chờ", "Chờ hướng dẫn của"]
    assert header[-2:] == ["Thực hiện", "Số ngày sau khi có hướng dẫn"]
    listed = client.get(reverse("waiting_list")).context["page"].object_list
    assert [row[1] for row in rows] == [task.label for task in listed] and len(
        rows
    ) == 2  # not the other bloc's
    _header, rows = sheet_rows(client.get(reverse("waiting_list_export"), {"issuer": world.central.pk}))
    assert [(row[0], row[1], row[4], row[6], row[7]) for row in rows] == [
        ("62-KH/ĐUK", central.label, world.central.name, "Các chi bộ", central.lead_days)
    ]


def test_a_formula_in_a_waiting_task_stays_text(client, world):
    _waiting(world)
    client.force_login(world.staff)
    cells = cells_with(client.get(reverse("waiting_list_export")).content, FORMULA)
    assert cells and all(cell.data_type == "s" for cell in cells)


def test_another_blocs_office_exports_only_its_waiting_tasks(client, world):
    _waiting(world)
    client.force_login(world.outsider_staff)
    _header, rows = sheet_rows(client.get(reverse("waiting_list_export")))
    assert len(rows) == 1 and "62-KH/ĐUK" not in {row[0] for row in rows}


@pytest.mark.parametrize("who", ["secretary", "clerk", "outsider_secretary"])
def test_members_do_not_get_the_waiting_tasks(client, world, who):
    client.force_login(getattr(world, who))
    assert client.get(reverse("waiting_list_export")).status_code == 404  # as the page


def test_the_waiting_export_needs_a_login(client):
    response = client.get(reverse("waiting_list_export"))
    assert response.status_code == 302 and "login" in response["Location"]


@pytest.mark.parametrize("count", [0, 5])
def test_the_waiting_export_runs_a_fixed_number_of_queries(client, world, django_assert_num_queries, count):
    for i in range(count):
        task = TaskFactory(plan=world.plan, triggered=True, awaited_issuer=world.provincial)
        Assignment.objects.create(task=task, organization=world.grassroots[i % 3], label="x")
    client.force_login(world.staff)
    client.get(reverse("waiting_list_export"))
    with django_assert_num_queries(WAITING_QUERIES):
        client.get(reverse("waiting_list_export"))


# savepoint, session, user, memberships, supervisions, the tasks, their assignments, release
WAITING_QUERIES = 8


# --- the organizations a committee member follows ------------------------------------------------------


def test_the_supervisor_exports_every_organization_followed(client, world):
    add_task_due_soon(world)
    client.force_login(world.supervisor)
    page = client.get(reverse("supervision"))
    assert 'href="/reports/lists/following.xlsx"' in page.content.decode()
    header, rows = sheet_rows(client.get(reverse("supervision_export")))
    assert header == ["Tổ chức", "Quá hạn", "Còn phải nộp", "Bị trả lại", "Chờ xem xét", "Cần chú ý nhất"]
    followed = page.context["followed"]
    assert [row[:5] for row in rows] == [
        [entry.organization.name, *(entry.counts[k] for k in ("overdue", "owed", "returned", "to_review"))]
        for entry in followed
    ]
    assert {row[0] for row in rows} == {world.org.name, world.sibling_org.name}
    org_row = next(row for row in rows if row[0] == world.org.name)
    assert org_row[1] >= 1 and f"! {world.due.title} · {world.due.due_on:%d/%m/%Y}" in org_row[5]


def test_the_supervision_export_is_not_paginated(client, world):
    for cell in add_cells(world, 30):
        SupervisionFactory(member=world.supervisor, organization=cell)
    client.force_login(world.supervisor)
    _header, rows = sheet_rows(client.get(reverse("supervision_export")))
    assert len(rows) == 32 > client.get(reverse("supervision")).context["page"].paginator.per_page


def test_a_formula_in_a_followed_organization_stays_text(client, world):
    Organization.objects.filter(pk=world.org.pk).update(name='=HYPERLINK("http://x","y")')
    client.force_login(world.supervisor)
    cells = cells_with(client.get(reverse("supervision_export")).content, FORMULA)
    assert cells and all(cell.data_type == "s" for cell in cells)


@pytest.mark.parametrize("who", ["staff", "secretary", "outsider_staff", "outsider_secretary"])
def test_those_in_charge_of_nothing_do_not_get_it(client, world, who):
    client.force_login(getattr(world, who))
    assert client.get(reverse("supervision_export")).status_code == 404  # as the page


def test_the_supervision_export_needs_a_login(client):
    response = client.get(reverse("supervision_export"))
    assert response.status_code == 302 and "login" in response["Location"]


@pytest.mark.parametrize("extra", [0, 5])
def test_the_supervision_export_runs_a_fixed_number_of_queries(
    client, world, django_assert_num_queries, extra
):
    for cell in add_cells(world, extra):
        SupervisionFactory(member=world.supervisor, organization=cell)
    client.force_login(world.supervisor)
    client.get(reverse("supervision_export"))
    with django_assert_num_queries(FOLLOWED_QUERIES):
        client.get(reverse("supervision_export"))


# savepoint, session, user, memberships, supervisions, count, the organizations, the pressing dues, release
FOLLOWED_QUERIES = 9
