"""The periodic report's form and the per-task answers (tasks/submissions/report_views.py): drafted line by
line, prefilled, handed in, returned and accepted as a whole; seen per task by the office."""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from tasks.models import Due, ReportLine, Submission
from tasks.submissions.services import submission_review
from tests.uploads import pdf

pytestmark = pytest.mark.django_db

HCM = ZoneInfo("Asia/Ho_Chi_Minh")
DAY = datetime.datetime(2023, 12, 1, 9, 0, tzinfo=HCM)


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(DAY, tick=False):
        yield


@pytest.fixture
def report(world):
    return Due.objects.get(plan=world.plan, organization=world.org, kind=Due.Kind.REPORT, period="2023")


def url(due):
    return reverse("report_form", args=[due.pk])


def lines(world, state="in_progress", result="Đã quán triệt"):
    data = {}
    for task in world.tasks:
        data[f"state_{task.pk}"] = state
        data[f"result_{task.pk}"] = f"{result} {task.number}"
        data[f"figure_{task.pk}"] = "120 đảng viên"
    return data


def test_the_form_lists_every_task_of_the_organization_by_number_grouped_by_section(client, world, report):
    client.force_login(world.secretary)
    response = client.get(url(report))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Báo cáo kết quả thực hiện năm 2023" in html
    positions = [html.index(task.label) for task in world.tasks]
    assert positions == sorted(positions)  # plan order
    assert "Không áp dụng" in html and "Đã hoàn thành" in html
    assert "Nhiệm vụ, giải pháp" in html and "Củng cố tổ chức cơ sở đảng" in html


@pytest.mark.parametrize("member", ["secretary", "clerk"])
def test_a_draft_is_saved_without_handing_anything_in_and_comes_back(client, world, report, member):
    client.force_login(getattr(world, member))
    data = lines(world) | {"action": "save"}
    data[f"state_{world.annual.pk}"] = ""  # not decided yet: a draft may leave it
    response = client.post(url(report), data)
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.state == Due.State.OPEN
    assert not Submission.objects.filter(due=report).exists()
    assert ReportLine.objects.filter(due=report, submission__isnull=True).count() == 4
    html = client.get(url(report)).content.decode()
    assert f"Đã quán triệt {world.ongoing.number}" in html
    assert "bản nháp" in html.lower()


def test_sending_asks_for_every_state_and_the_file_and_loses_nothing_typed(client, world, report):
    client.force_login(world.secretary)
    data = lines(world) | {"action": "submit"}
    data[f"state_{world.dated.pk}"] = ""
    response = client.post(url(report), data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Chọn tình hình thực hiện của nhiệm vụ này." in html
    assert "Đính kèm tệp báo cáo đã ký." in html
    assert f"Đã quán triệt {world.annual.number}" in html
    assert not Submission.objects.filter(due=report).exists()


def test_the_report_is_sent_returned_and_accepted_as_a_whole_with_its_versions(client, world, report):
    client.force_login(world.secretary)
    data = lines(world, state="done") | {
        "action": "submit",
        "document_symbol": "12-BC/ĐU",
        "files": [pdf("bc.pdf")],
    }
    assert client.post(url(report), data).status_code == 302
    report.refresh_from_db()
    assert report.state == Due.State.SUBMITTED
    first = Submission.objects.get(due=report)
    assert first.work_status == "done"
    assert first.lines.count() == 4
    assert not ReportLine.objects.filter(due=report, submission__isnull=True).exists()

    submission_review(submission=first, reviewer=world.staff, decision="returned", reason="Thiếu số liệu")
    html = client.get(url(report)).content.decode()
    assert f"Đã quán triệt {world.dated.number}" in html  # prefilled from the version returned
    data = lines(world, state="done", result="Bổ sung") | {"action": "submit", "files": [pdf("bc2.pdf")]}
    assert client.post(url(report), data).status_code == 302
    second = Submission.objects.get(due=report, version=2)
    submission_review(submission=second, reviewer=world.staff, decision="accepted")
    report.refresh_from_db()
    assert report.state == Due.State.ACCEPTED
    assert first.lines.get(task=world.dated).result == f"Đã quán triệt {world.dated.number}"
    assert second.lines.get(task=world.dated).result == f"Bổ sung {world.dated.number}"
    page = client.get(reverse("due_detail", args=[report.pk])).content.decode()
    assert f"Bổ sung {world.dated.number}" in page and f"Đã quán triệt {world.dated.number}" in page


def test_the_next_period_starts_from_the_previous_report(client, world, report):
    client.force_login(world.secretary)
    data = lines(world, state="in_progress") | {"action": "submit", "files": [pdf()]}
    client.post(url(report), data)
    following = Due.objects.get(plan=world.plan, organization=world.org, kind=Due.Kind.REPORT, period="2024")
    html = client.get(url(following)).content.decode()
    assert "kỳ trước" in html
    assert f"Đã quán triệt {world.waiting.number}" in html


def test_staff_see_the_report_but_do_not_write_it(client, world, report):
    client.force_login(world.staff)
    assert client.get(url(report)).status_code == 403


@pytest.mark.parametrize("person", ["sibling", "outsider_secretary", "outsider_staff"])
def test_anyone_outside_the_organization_gets_nothing(client, world, report, person):
    client.force_login(getattr(world, person))
    assert client.get(url(report)).status_code == 404
    assert client.post(url(report), lines(world) | {"action": "save"}).status_code == 404
    assert not ReportLine.objects.exists()


def test_a_deliverable_has_no_report_form(client, world):
    client.force_login(world.secretary)
    assert client.get(url(world.due)).status_code == 404


def test_anonymous_is_sent_to_log_in(client, report):
    assert client.get(url(report)).status_code == 302


# --- per task: what every organization answered -----------------------------------------------------------


def answers_url(world, task):
    return reverse("task_report_answers", args=[world.plan.pk, task.pk])


@pytest.mark.parametrize("person", ["staff", "board"])
def test_the_office_and_the_board_see_every_organizations_answer_for_a_task(client, world, report, person):
    client.force_login(world.secretary)
    client.post(url(report), lines(world, state="done") | {"action": "submit", "files": [pdf()]})
    client.force_login(world.sibling)
    sibling_report = Due.objects.get(
        plan=world.plan, organization=world.sibling_org, kind="report", period="2023"
    )
    client.post(url(sibling_report), lines(world, state="not_started", result="Chưa") | {"action": "save"})

    client.force_login(getattr(world, person))
    response = client.get(answers_url(world, world.ongoing), {"period": "2023"})
    assert response.status_code == 200
    html = response.content.decode()
    assert world.org.name in html and "Đã hoàn thành" in html
    assert f"Đã quán triệt {world.ongoing.number}" in html
    assert world.sibling_org.name not in html  # a draft is not an answer


@pytest.mark.parametrize("person", ["secretary", "outsider_staff"])
def test_the_answers_page_does_not_exist_for_others(client, world, person):
    client.force_login(getattr(world, person))
    assert client.get(answers_url(world, world.ongoing)).status_code == 404


# --- the menu's "Báo cáo kỳ" -------------------------------------------------------------------------------


@pytest.mark.parametrize("member", ["secretary", "clerk"])
def test_the_period_report_opens_the_earliest_report_still_to_write(client, world, report, member):
    client.force_login(getattr(world, member))
    response = client.get(reverse("period_report"))
    assert response.status_code == 302 and response["Location"] == url(report)


@pytest.mark.parametrize("person", ["staff", "outsider_staff"])
def test_someone_without_a_report_to_write_is_told_so(client, world, person):
    client.force_login(getattr(world, person))
    response = client.get(reverse("period_report"), follow=True)
    assert response.redirect_chain[-1][0] == reverse("due_list")
    assert "không có báo cáo định kỳ nào cần lập" in response.content.decode()
