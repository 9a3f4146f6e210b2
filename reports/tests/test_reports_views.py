"""Report pages: asking for a report, following its generation (htmx polling), downloading it; as office
staff and Organization Board (owner), a grassroots secretary (member), another bloc's staff (outsider) and
anonymous; query counts that do not grow with the number of reports."""

import datetime

import pytest
import time_machine
from django.core.cache import cache
from django.urls import reverse

from organizations.people import person_name
from reports.models import Report
from tests.world import LOCAL, hand_in_the_dated_task, report_the_first_half

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2023, 12, 20)
NOW = datetime.datetime(2023, 12, 20, 9, 0, tzinfo=LOCAL)


@pytest.fixture
def states(world):
    cache.clear()
    with time_machine.travel(NOW, tick=False):
        states = hand_in_the_dated_task(world)
        report_the_first_half(world, states)
        yield states


def ask(client, world, django_capture_on_commit_callbacks, *, execute=True, **fields):
    form = {"kind": "plan", "plan": world.plan.pk, "period": "2023", "format": "pdf", **fields}
    with django_capture_on_commit_callbacks(execute=execute):
        return client.post(reverse("report_list"), form)


def made(world, user, *, kind="plan", organization=None, fmt="pdf") -> Report:
    """A report row as if asked for (queued, not generated)."""
    return Report.objects.create(
        kind=kind,
        plan=world.plan,
        period="2023",
        period_start="2023-01-01",
        period_end="2023-12-31",
        organization=organization,
        format=fmt,
        as_of="2023-12-20",
        created_by=user,
    )


@pytest.mark.parametrize("who", ["staff", "board"])
def test_owner_makes_the_annual_report_and_downloads_it(
    client, world, states, who, django_capture_on_commit_callbacks
):
    user = getattr(world, who)
    client.force_login(user)
    page = client.get(reverse("report_list"))
    assert page.status_code == 200
    assert "Lập báo cáo mới" in page.content.decode()
    response = ask(client, world, django_capture_on_commit_callbacks)
    report = Report.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("report_detail", args=[report.pk])
    assert report.status == Report.Status.DONE and report.progress == 100
    assert (report.created_by, report.as_of.isoformat(), report.kind) == (user, "2023-12-20", "plan")
    assert report.finished_at is not None and report.size > 0

    detail = client.get(response["Location"]).content.decode()
    assert "Báo cáo đã lập xong" in detail and reverse("report_download", args=[report.pk]) in detail
    assert "hx-trigger" not in detail  # finished: nothing to poll

    download = client.get(reverse("report_download", args=[report.pk]))
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert download["Content-Disposition"] == 'attachment; filename="bao-cao_plan_62-KH-DUK_2023.pdf"'
    assert b"".join(download.streaming_content).startswith(b"%PDF")

    listing = client.get(reverse("report_list")).content.decode()
    assert "Kết quả thực hiện kế hoạch" in listing and "62-KH/ĐUK" in listing and "Năm 2023" in listing
    assert person_name(user) in listing or user.username in listing


def test_excel_download(client, world, states, django_capture_on_commit_callbacks):
    client.force_login(world.staff)
    ask(client, world, django_capture_on_commit_callbacks, kind="compliance", format="xlsx", period="2023-H1")
    report = Report.objects.get()
    download = client.get(reverse("report_download", args=[report.pk]))
    assert download["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert b"".join(download.streaming_content)[:2] == b"PK"
    assert report.period == "2023-H1" and report.filename.endswith("_2023-H1.xlsx")


def test_word_download(client, world, states, django_capture_on_commit_callbacks):
    client.force_login(world.staff)
    ask(client, world, django_capture_on_commit_callbacks, format="docx")
    report = Report.objects.get()
    download = client.get(reverse("report_download", args=[report.pk]))
    assert download["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    assert b"".join(download.streaming_content)[:2] == b"PK" and report.filename.endswith("_2023.docx")


def test_custom_dates(client, world, states, django_capture_on_commit_callbacks):
    client.force_login(world.staff)
    ask(
        client,
        world,
        django_capture_on_commit_callbacks,
        period="custom",
        start="01/03/2023",
        end="30/09/2023",
    )
    report = Report.objects.get()
    assert report.period == "2023-03-01..2023-09-30" and report.status == Report.Status.DONE
    assert report.period_label == "01/03/2023 – 30/09/2023"


def test_progress_is_polled_until_the_report_is_done(
    client, world, states, django_capture_on_commit_callbacks
):
    client.force_login(world.staff)
    response = ask(client, world, django_capture_on_commit_callbacks, execute=False)  # not generated yet
    report = Report.objects.get()
    assert report.status == Report.Status.QUEUED
    detail = client.get(response["Location"]).content.decode()
    status_url = reverse("report_status", args=[report.pk])
    assert f'hx-get="{status_url}"' in detail and 'hx-trigger="every 1500ms"' in detail
    assert 'role="status"' in detail and "Báo cáo đang chờ đến lượt" in detail

    Report.objects.filter(pk=report.pk).update(status=Report.Status.RUNNING, progress=40)
    partial = client.get(status_url, headers={"HX-Request": "true"}).content.decode()
    assert (
        'hx-trigger="every 1500ms"' in partial and 'value="40"' in partial and "Đang lập báo cáo" in partial
    )
    assert "<html" not in partial

    from reports.generation import report_run

    report_run(report_id=report.pk)
    partial = client.get(status_url, headers={"HX-Request": "true"}).content.decode()
    assert "hx-trigger" not in partial and reverse("report_download", args=[report.pk]) in partial

    listing = client.get(reverse("report_list")).content.decode()
    assert "Tải PDF" in listing


def test_list_rows_poll_their_own_status(client, world, states):
    client.force_login(world.staff)
    report = made(world, world.staff)
    listing = client.get(reverse("report_list")).content.decode()
    assert f'hx-get="{reverse("report_status", args=[report.pk])}?row=1"' in listing
    row = client.get(reverse("report_status", args=[report.pk]) + "?row=1").content.decode()
    assert f'id="report-row-{report.pk}"' in row and "hx-trigger" in row


def test_failed_report_shows_the_error(client, world, states):
    client.force_login(world.staff)
    report = made(world, world.staff)
    Report.objects.filter(pk=report.pk).update(status=Report.Status.FAILED, error="RuntimeError: hỏng")
    detail = client.get(reverse("report_detail", args=[report.pk])).content.decode()
    assert (
        "Không lập được báo cáo." in detail and "RuntimeError: hỏng" in detail and "hx-trigger" not in detail
    )
    assert client.get(reverse("report_download", args=[report.pk])).status_code == 404


def test_secretary_makes_their_own_organizations_report_only(
    client, world, states, django_capture_on_commit_callbacks
):
    client.force_login(world.secretary)
    page = client.get(reverse("report_list")).content.decode()
    assert 'value="organization"' in page and 'value="plan"' not in page
    # Only their own organization to choose:
    assert world.org.name in page and world.sibling_org.name not in page

    refused = ask(client, world, django_capture_on_commit_callbacks)
    assert refused.status_code == 400 and not Report.objects.exists()
    assert "Chưa lập được báo cáo" in refused.content.decode()

    other = ask(
        client,
        world,
        django_capture_on_commit_callbacks,
        kind="organization",
        organization=world.sibling_org.pk,
    )
    assert other.status_code == 400 and not Report.objects.exists()

    response = ask(
        client, world, django_capture_on_commit_callbacks, kind="organization", organization=world.org.pk
    )
    report = Report.objects.get()
    assert (
        response.status_code == 302
        and report.organization == world.org
        and report.status == Report.Status.DONE
    )
    assert client.get(reverse("report_download", args=[report.pk])).status_code == 200


def test_organization_report_needs_the_organization(
    client, world, states, django_capture_on_commit_callbacks
):
    client.force_login(world.staff)
    response = ask(client, world, django_capture_on_commit_callbacks, kind="organization")
    assert response.status_code == 400
    assert "Chọn tổ chức cần lập báo cáo." in response.content.decode()


def test_bad_periods_are_refused_with_vietnamese_errors(
    client, world, states, django_capture_on_commit_callbacks
):
    client.force_login(world.staff)
    response = ask(
        client, world, django_capture_on_commit_callbacks, period="custom", start="30/09/2023", end=""
    )
    body = response.content.decode()
    assert response.status_code == 400 and "Nhập ngày kết thúc của kỳ." in body
    assert 'value="30/09/2023"' in body  # nothing typed is lost
    response = ask(
        client,
        world,
        django_capture_on_commit_callbacks,
        period="custom",
        start="01/01/2027",
        end="31/01/2027",
    )
    assert "Kế hoạch số 62-KH/ĐUK thực hiện từ 01/01/2023 đến 31/12/2025" in response.content.decode()
    assert not Report.objects.exists()


def test_staff_see_the_secretarys_report_and_the_secretary_not_the_staffs(client, world, states):
    plan_report = made(world, world.staff)
    own_report = made(world, world.secretary, kind="organization", organization=world.org)
    other_org_report = made(world, world.staff, kind="organization", organization=world.sibling_org)
    client.force_login(world.secretary)
    for name in ("report_detail", "report_status", "report_download"):
        assert client.get(reverse(name, args=[plan_report.pk])).status_code == 404
        assert client.get(reverse(name, args=[other_org_report.pk])).status_code == 404
    assert client.get(reverse("report_detail", args=[own_report.pk])).status_code == 200
    listing = client.get(reverse("report_list")).content.decode()
    assert reverse("report_detail", args=[own_report.pk]) in listing
    assert reverse("report_detail", args=[plan_report.pk]) not in listing

    client.force_login(world.board)
    for report in (plan_report, own_report, other_org_report):
        assert client.get(reverse("report_detail", args=[report.pk])).status_code == 200


def test_outsider_gets_404_everywhere(client, world, states, django_capture_on_commit_callbacks):
    report = made(world, world.staff)
    client.force_login(world.outsider_staff)
    for name in ("report_detail", "report_status", "report_download"):
        assert client.get(reverse(name, args=[report.pk])).status_code == 404
    listing = client.get(reverse("report_list")).content.decode()
    assert "62-KH/ĐUK" not in listing
    response = ask(client, world, django_capture_on_commit_callbacks)
    assert response.status_code == 400 and Report.objects.count() == 1


def test_anonymous_is_sent_to_log_in(client, world, states):
    report = made(world, world.staff)
    for url in (
        reverse("report_list"),
        reverse("report_detail", args=[report.pk]),
        reverse("report_status", args=[report.pk]),
        reverse("report_download", args=[report.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    assert client.post(reverse("report_list"), {"kind": "plan"}).status_code == 302
    assert Report.objects.count() == 1


def test_download_is_never_a_public_media_url(
    client, world, states, django_capture_on_commit_callbacks, settings
):
    client.force_login(world.staff)
    ask(client, world, django_capture_on_commit_callbacks)
    report = Report.objects.get()
    assert report.file.name.startswith("reports/")
    listing = client.get(reverse("report_list")).content.decode()
    assert report.file.name not in listing, listing[listing.find(report.file.name) - 300 :][:600]
    assert f"{settings.MEDIA_URL}{report.file.name}" not in listing


def test_navigation_offers_reports_to_staff(client, world, states):
    client.force_login(world.staff)
    page = client.get(reverse("report_list")).content.decode()
    assert f'href="{reverse("report_list")}">Báo cáo</a>' in page


def test_list_queries_do_not_grow_with_the_reports(client, world, states, django_assert_num_queries):
    client.force_login(world.staff)
    for _ in range(3):
        made(world, world.staff)
    client.get(reverse("report_list"))  # warm up (session, content types)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get(reverse("report_list"))
    for _ in range(27):
        made(world, world.board, kind="organization", organization=world.sibling_org)
    with django_assert_num_queries(len(few)):
        page = client.get(reverse("report_list"))
    assert "30 báo cáo" in page.content.decode()


def test_the_report_pages_never_write_even_with_a_stale_report(client, world, states):
    """The status partial is polled every 1.5 s by everyone waiting for a report: it and the other pages
    only read. A report left running by a dead worker stays so until beat's sweep (test_reports_tasks)."""
    import datetime

    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    client.force_login(world.staff)
    stale = made(world, world.staff)
    Report.objects.filter(pk=stale.pk).update(
        status=Report.Status.RUNNING, started_at=timezone.now() - datetime.timedelta(hours=3)
    )
    client.get(reverse("report_list"))  # warm up (session, content types)
    pages = [
        reverse("report_status", args=[stale.pk]),
        reverse("report_status", args=[stale.pk]) + "?row=1",
        reverse("report_detail", args=[stale.pk]),
        reverse("report_list"),
    ]
    for url in pages:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200, url
        writes = [
            q["sql"] for q in queries if q["sql"].lstrip().upper().startswith(("UPDATE", "INSERT", "DELETE"))
        ]
        assert writes == [], url
        assert any("reports_report" in q["sql"] for q in queries), url  # the page did read the report
    assert Report.objects.get(pk=stale.pk).status == Report.Status.RUNNING


def test_typed_dates_win_over_the_period_list(client, world, states, django_capture_on_commit_callbacks):
    """Issue 17 item 2: typing "Từ / Đến" chooses them, even when "Kỳ" still shows a year."""
    client.force_login(world.staff)
    ask(
        client, world, django_capture_on_commit_callbacks, period="2023", start="01/03/2023", end="30/09/2023"
    )
    assert Report.objects.get().period == "2023-03-01..2023-09-30"


def test_a_year_with_dues_after_the_plan_is_offered_and_accepted(
    client, world, states, django_capture_on_commit_callbacks
):
    from tests.factories import DueFactory

    DueFactory(task=world.waiting, organization=world.org, due_on=datetime.date(2027, 4, 30))
    client.force_login(world.staff)
    assert '<option value="2027">' in client.get(reverse("report_list")).content.decode()
    response = ask(client, world, django_capture_on_commit_callbacks, period="2027")
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Report.objects.get().period == "2027"
    refused = ask(
        client,
        world,
        django_capture_on_commit_callbacks,
        period="custom",
        start="01/01/2028",
        end="31/03/2028",
    )
    assert "30/04/2027" in refused.content.decode()  # the last due: the period must meet it
