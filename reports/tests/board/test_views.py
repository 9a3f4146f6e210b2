"""The pages of a written report, as office staff (owner), a grassroots secretary (member: only her own
organization's report) and another bloc's staff (outsider: 404); the list's queries do not grow."""

import pytest
import time_machine
from auditlog.models import LogEntry
from django.core.cache import cache
from django.urls import reverse

from plans.models import Document
from reports.board.issuing import board_report_issue
from reports.models import BoardReport
from tests.board_reports_support import NOW, committee_report, own_report, report_2023
from tests.world import login_url_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def states(world):
    cache.clear()
    with time_machine.travel(NOW, tick=False):
        yield report_2023(world)


def form_data(report: BoardReport, **changes) -> dict:
    data = {
        "superior": report.superior,
        "issuer": report.issuer,
        "number": report.number,
        "symbol_suffix": report.symbol_suffix,
        "place": report.place,
        "issued_on": report.issued_on.strftime("%d/%m/%Y"),
        "summary": report.summary,
        "recipients": report.recipients,
        "signature_authority": report.signature_authority,
        "signature_title": report.signature_title,
        "signature_name": report.signature_name,
        **{f"section_{s['key']}": s["text"] for s in report.sections},
    }
    data.update(changes)
    return data


def text_of(report: BoardReport, key: str) -> str:
    report.refresh_from_db()
    return next(s["text"] for s in report.sections if s["key"] == key)


def test_owner_drafts_edits_redrafts_and_issues_the_committee_report(client, world, states):
    client.force_login(world.staff)
    assert "Soạn báo cáo mới" in client.get(reverse("board_report_list")).content.decode()
    response = client.post(
        reverse("board_report_list"),
        {"plan": world.plan.pk, "organization": world.committee.pk, "period": "2023"},
    )
    report = BoardReport.objects.get()
    url = reverse("board_report_edit", args=[report.pk])
    assert response.status_code == 302 and response["Location"] == url
    page = client.get(url).content.decode()
    assert "I. KẾT QUẢ THỰC HIỆN" in page and "Soạn lại" in page and "Ban hành" in page

    # "Soạn lại" on section I saves what was typed in section II first, then redrafts I alone.
    typed = "# 1. Hạn chế\nMột số cấp ủy chưa quan tâm đúng mức."
    response = client.post(
        url,
        form_data(report, section_shortcomings=typed, section_results="xoá", signature_name="Trần Văn Bình")
        | {"redraft": "results"},
    )
    assert response.status_code == 302 and response["Location"] == f"{url}#section-results"
    assert text_of(report, "shortcomings") == typed and text_of(report, "results").startswith("# 1. Công tác")
    assert report.signature_name == "Trần Văn Bình"
    # Every edit is in the audit trail, with who made it.
    assert LogEntry.objects.get_for_object(report).filter(actor=world.staff).exists()

    response = client.post(url, form_data(report, number="") | {"action": "issue"})
    assert response.status_code == 302
    report.refresh_from_db()
    assert (report.state, report.number) == ("issued", "01")
    assert Document.objects.filter(symbol="01-BC/ĐUK", doc_type="BC", issuer=world.committee).exists()
    page = client.get(url).content.decode()
    assert "Đã ban hành (lần 1)" in page and "01-BC/ĐUK" in page
    download = client.get(reverse("board_version_file", args=[report.pk, 1, "docx"]))
    assert download.status_code == 200 and b"".join(download.streaming_content)[:2] == b"PK"
    assert "bao-cao_01-BC-DUK_v1.docx" in download["Content-Disposition"]
    draft = client.get(reverse("board_report_file", args=[report.pk, "pdf"]))
    assert draft["Content-Type"] == "application/pdf" and draft.content.startswith(b"%PDF")


def test_bad_input_keeps_what_was_typed(client, world, states):
    report = committee_report(world)
    client.force_login(world.staff)
    url = reverse("board_report_edit", args=[report.pk])
    typed = "Đoạn mới rất dài của Văn phòng."
    response = client.post(
        url, form_data(report, number="năm", issued_on="31/02/2023", section_proposals=typed)
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "Chưa lưu gì" in page and "Số văn bản ghi bằng chữ số" in page and typed in page
    assert text_of(report, "proposals") != typed


def test_a_taken_number_is_refused_on_issuing_and_the_text_is_saved(client, world, states):
    Document.objects.create(symbol="05-BC/ĐUK", issuer=world.committee, issued_on=NOW.date())
    report = committee_report(world)
    client.force_login(world.staff)
    url = reverse("board_report_edit", args=[report.pk])
    response = client.post(url, form_data(report, number="5", section_proposals="Mới.") | {"action": "issue"})
    assert response.status_code == 400 and "đã được đăng ký cho một văn bản khác" in response.content.decode()
    report.refresh_from_db()
    assert report.state == "draft" and text_of(report, "proposals") == "Mới."


def test_member_writes_issues_and_hands_in_her_own_organizations_report(client, world, states):
    """The secretary of Đảng bộ Sở Y tế, whose 2023 report was returned, writes her own report, issues it and
    hands the issued PDF in for that report without uploading it again."""
    client.force_login(world.sibling)
    assert "Đảng bộ Sở Y tế" in client.get(reverse("board_report_list")).content.decode()
    refused = client.post(
        reverse("board_report_list"),
        {"plan": world.plan.pk, "organization": world.committee.pk, "period": "2023"},
    )
    assert refused.status_code == 400 and not BoardReport.objects.exists()
    client.post(
        reverse("board_report_list"),
        {"plan": world.plan.pk, "organization": world.sibling_org.pk, "period": "2023"},
    )
    report = BoardReport.objects.get()
    assert (report.organization, report.symbol_suffix, report.signature_authority) == (
        world.sibling_org,
        "BC/ĐU",
        "T/M ĐẢNG ỦY",
    )
    url = reverse("board_report_edit", args=[report.pk])
    client.post(url, form_data(report) | {"action": "issue"})
    page = client.get(url).content.decode()
    assert "Nộp làm báo cáo định kỳ" in page
    response = client.post(reverse("board_report_hand_in", args=[report.pk, 1]))
    assert response.status_code == 302 and response["Location"] == url
    version = report.versions.get()
    assert version.submission.document_symbol == "01-BC/ĐU"
    assert version.submission.due.organization == world.sibling_org
    assert version.submission.files.get().sha256 == version.pdf_sha256
    assert "Đã nộp (lần" in client.get(url).content.decode()
    # The committee's report and another organization's are not hers.
    for other in (committee_report(world), own_report(world, world.org)):
        assert client.get(reverse("board_report_edit", args=[other.pk])).status_code == 404
        assert client.post(reverse("board_report_hand_in", args=[other.pk, 1])).status_code == 404
    assert client.get(reverse("board_report_list")).context["page"].paginator.count == 1


def test_outsider_gets_404_everywhere(client, world, states):
    report = committee_report(world)
    board_report_issue(report=report, user=world.staff)
    own = own_report(world, world.cell)
    client.force_login(world.outsider_staff)
    for target in (report, own):
        assert client.get(reverse("board_report_edit", args=[target.pk])).status_code == 404
        assert (
            client.post(reverse("board_report_edit", args=[target.pk]), form_data(target)).status_code == 404
        )
        assert client.get(reverse("board_report_file", args=[target.pk, "pdf"])).status_code == 404
    assert client.get(reverse("board_version_file", args=[report.pk, 1, "pdf"])).status_code == 404
    assert client.post(reverse("board_report_hand_in", args=[report.pk, 1])).status_code == 404
    assert client.get(reverse("board_report_list")).context["page"].paginator.count == 0
    # Office staff do not open a secretary's own report either: they see it once it is handed in.
    client.force_login(world.staff)
    assert client.get(reverse("board_report_edit", args=[own.pk])).status_code == 404


def test_anonymous_is_sent_to_sign_in(client, world, states):
    report = committee_report(world)
    url = reverse("board_report_edit", args=[report.pk])
    response = client.get(url)
    assert response.status_code == 302 and response["Location"] == login_url_for(url)


def test_the_list_takes_the_same_queries_for_more_reports(client, world, states, django_assert_num_queries):
    client.force_login(world.staff)
    committee_report(world)
    client.get(reverse("board_report_list"))  # warm the session and the access

    def queries() -> int:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse("board_report_list")).status_code == 200
        return len(captured)

    few = queries()
    for _ in range(5):
        committee_report(world)
    with django_assert_num_queries(few):
        client.get(reverse("board_report_list"))
