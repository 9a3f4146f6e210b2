"""Writing and issuing a report (reports/board/services.py, issuing.py): prefilled from the plan and the
committee, edits kept across redrafting, issuing that numbers, registers and freezes, versions, and an
organization's issued report handed in for its periodic report due."""

import datetime
import hashlib

import pytest
import time_machine
from django.core.cache import cache
from django.core.exceptions import ValidationError

from organizations.models import OrganizationCertificate
from organizations.signatures.verification import pdf_signatures_verify
from organizations.tests.signatures import pki
from plans.models import Document
from reports.board.issuing import board_report_hand_in, board_report_issue, next_number
from reports.board.services import board_report_redraft, board_report_save
from reports.models import BoardReport
from tasks.models import Due, Submission
from tests.board_reports_support import (
    NOW,
    TODAY,
    committee_report,
    hand_in_report,
    own_report,
    report_2023,
    speaker,
)
from tests.signatures_support import install_signers

pytestmark = pytest.mark.django_db


@pytest.fixture
def states(world):
    cache.clear()
    with time_machine.travel(NOW, tick=False):
        yield report_2023(world)


def section(report, key) -> str:
    return next(s["text"] for s in report.sections if s["key"] == key)


def test_a_new_report_is_prefilled_from_the_plan_and_the_committee(world, states):
    world.plan.recipients = [
        "Ban Tổ chức Tỉnh ủy (b/c)",
        "Các chi ủy, đảng ủy cơ sở trực thuộc",
        "Lưu VP, BTC",
    ]
    world.plan.save()
    report = committee_report(world)
    assert (report.kind, report.period, report.period_start, report.period_end) == (
        BoardReport.Kind.ANNUAL,
        "2023",
        datetime.date(2023, 1, 1),
        datetime.date(2023, 12, 31),
    )
    assert (report.superior, report.issuer, report.symbol_suffix, report.place) == (
        "ĐẢNG BỘ TỈNH BÌNH ĐỊNH",
        "ĐẢNG ỦY KHỐI CÁC CƠ QUAN TỈNH",
        "BC/ĐUK",
        "Quy Nhơn",
    )
    assert (report.signature_authority, report.signature_title, report.signature_name) == (
        "T/M BAN THƯỜNG VỤ",
        "BÍ THƯ",
        "Nguyễn Đặng Thị Thu Hòa",
    )
    assert report.recipient_list == world.plan.recipients
    assert (report.issued_on, report.number, report.state, report.issued_version) == (TODAY, "", "draft", 0)


def test_an_edited_section_survives_redrafting_another(world, states):
    report = committee_report(world)
    mine = "# 1. Hạn chế\nMột số cấp ủy chưa quan tâm đúng mức.\n# 2. Nguyên nhân\nDo thay đổi nhân sự."
    report = board_report_save(
        report=report,
        user=world.staff,
        fields={"signature_name": "Trần Văn Bình"},
        texts={"shortcomings": mine},
    )
    results_before = section(report, "results")
    board_report_save(report=report, user=world.staff, fields={}, texts={"results": "Sửa tay."})
    report = board_report_redraft(report=report, key="results", user=world.staff)
    assert section(report, "shortcomings") == mine
    assert section(report, "results") == results_before  # drafted again from the same data
    assert report.signature_name == "Trần Văn Bình"


def test_redrafting_reads_fresh_data(world, states):
    report = committee_report(world)
    assert "còn 2 tổ chức chưa gửi: Chi bộ Sở Ngoại vụ, Chi bộ Ban Dân tộc" in section(report, "shortcomings")
    done = "Đã thực hiện đầy đủ."
    for late in (states.submitted, states.late):  # Sở Ngoại vụ and Ban Dân tộc hand theirs in
        hand_in_report(world, late, [(world.ongoing, "done", done), (world.annual, "done", done)], day=19)
    report = board_report_redraft(report=report, key="shortcomings", user=world.staff)
    assert "Báo cáo năm 2023: còn" not in section(report, "shortcomings")


def test_issuing_numbers_registers_and_freezes_the_version(world, states):
    Document.objects.create(symbol="03-BC/ĐUK", issuer=world.committee, issued_on=datetime.date(2023, 6, 1))
    report = committee_report(world)
    assert next_number(report=report) == "04"
    version = board_report_issue(report=report, user=world.staff)
    report.refresh_from_db()
    assert (version.version, version.symbol, report.number, report.state) == (1, "04-BC/ĐUK", "04", "issued")
    document = report.document
    assert (document.symbol, document.doc_type, document.issuer, document.issued_on) == (
        "04-BC/ĐUK",
        "BC",
        world.committee,
        TODAY,
    )
    assert document.title == "Báo cáo kết quả thực hiện Kế hoạch số 62-KH/ĐUK năm 2023"
    assert document.attachments.count() == 1
    pdf = version.pdf.read()
    assert pdf.startswith(b"%PDF") and hashlib.sha256(pdf).hexdigest() == version.pdf_sha256
    assert version.docx.read()[:2] == b"PK"
    assert version.content["sections"] == report.sections
    with pytest.raises(ValidationError):
        board_report_issue(report=report, user=world.staff)  # issued already: edit it first


def test_an_edit_after_issuing_makes_version_2_and_version_1_stays(world, states):
    report = committee_report(world)
    first = board_report_issue(report=report, user=world.staff)
    first_pdf, first_docx = first.pdf.read(), first.docx.read()
    report = board_report_save(
        report=report, user=world.staff, fields={}, texts={"proposals": "Đề nghị mới."}
    )
    assert (report.state, report.version_in_progress) == ("draft", 2)
    second = board_report_issue(report=report, user=world.staff)
    first.refresh_from_db()
    assert second.version == 2 and second.symbol == first.symbol  # the same document, corrected
    assert (first.pdf.read(), first.docx.read()) == (first_pdf, first_docx)
    assert first.pdf.name != second.pdf.name and first.pdf_sha256 != second.pdf_sha256
    assert "Đề nghị mới." not in str(first.content) and "Đề nghị mới." in str(second.content)
    assert Document.objects.filter(symbol=first.symbol).count() == 1
    assert Document.objects.get(symbol=first.symbol).attachments.count() == 2


def test_a_report_saved_unchanged_stays_issued(world, states):
    report = committee_report(world)
    board_report_issue(report=report, user=world.staff)
    report.refresh_from_db()
    report = board_report_save(
        report=report,
        user=world.staff,
        fields={"place": "Quy Nhơn"},
        texts={"results": section(report, "results")},
    )
    assert report.state == "issued"


def test_a_number_already_registered_is_refused_and_nothing_is_issued(world, states):
    Document.objects.create(symbol="07-BC/ĐUK", issuer=world.committee, issued_on=TODAY)
    report = board_report_save(
        report=committee_report(world), user=world.staff, fields={"number": "7"}, texts={}
    )
    with pytest.raises(ValidationError) as refused:
        board_report_issue(report=report, user=world.staff)
    assert "07-BC/ĐUK" in str(refused.value)
    report.refresh_from_db()
    assert (report.state, report.issued_version, report.versions.count()) == ("draft", 0, 0)


def test_an_organization_hands_its_issued_report_in_for_its_periodic_report(world, states):
    cell = states.submitted  # Chi bộ Sở Ngoại vụ: its 2023 report is overdue
    secretary = speaker(cell)
    version = board_report_issue(report=own_report(world, cell), user=secretary)
    assert version.symbol == "01-BC/CB"
    submission = board_report_hand_in(version=version, user=secretary)
    assert submission.due.organization == cell and submission.due.state == Due.State.SUBMITTED
    assert submission.document_symbol == "01-BC/CB"
    stored = submission.files.get()
    assert stored.sha256 == version.pdf_sha256 and stored.original_name == "bao-cao_01-BC-CB_v1.pdf"
    version.refresh_from_db()
    assert version.submission == submission
    with pytest.raises(ValidationError):
        board_report_hand_in(version=version, user=secretary)
    assert Submission.objects.filter(due=submission.due).count() == 1


def test_a_committee_report_is_not_handed_in(world, states):
    version = board_report_issue(report=committee_report(world), user=world.staff)
    with pytest.raises(ValidationError):
        board_report_hand_in(version=version, user=world.staff)


def test_a_cell_report_numbers_within_the_cell(world, states):
    version = board_report_issue(report=own_report(world, world.cell), user=speaker(world.cell))
    assert version.symbol == "01-BC/CB" and version.report.document.issuer == world.cell


def test_an_issued_report_leaves_signed_by_the_issuing_organizations_own_key(world, states, settings):
    """With the committee's key installed (docs/domain.md §8.4), the frozen PDF carries its signature, stamped in
    the signature block; the Word file, which offices finish and sign themselves, does not."""
    signers = install_signers()
    settings.PLANTRACK_SIGNING_PASSWORD = pki.PASSWORD.decode()
    holder = pki.issue(signers.trusted, common_name="Đảng ủy Khối", organization="Đảng ủy Khối")
    record = OrganizationCertificate(organization=world.committee)
    record.set_pkcs12(holder.pkcs12(), pki.PASSWORD)
    record.save()
    version = board_report_issue(report=committee_report(world), user=world.staff)
    [signature] = pdf_signatures_verify(data=version.pdf.read()).signatures
    assert (signature.signer, signature.intact, signature.trusted) == ("Đảng ủy Khối", True, True)
    unsigned = board_report_issue(
        report=own_report(world, world.cell), user=speaker(world.cell)
    )  # the cell has no key
    assert pdf_signatures_verify(data=unsigned.pdf.read()).status == "unsigned"
