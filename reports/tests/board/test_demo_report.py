"""Issue 14's "done when", on the demo as load_demo leaves it (its 2025 reorganization applied): the office
drafts 62-KH/ĐUK's 2023 annual report in the browser; the Word file (python-docx) and the PDF (pdftotext) both
hold the Party header, the four sections with the results by task number drawn from the organizations'
answers, and the Nơi nhận and signature staff set; editing a section survives redrafting another; issuing
registers a BC document. One demo load for the whole walk (it takes a while)."""

import datetime
import io
import re
import shutil
import subprocess
import unicodedata
from zoneinfo import ZoneInfo

import docx
import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.urls import reverse

from plans.models import Document, Plan
from reports.models import BoardReport
from tasks.demo.load import demo_load
from tests.require import require

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 3, 2, 9, 30, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))
HEADINGS = (
    "I. KẾT QUẢ THỰC HIỆN",
    "II. HẠN CHẾ, NGUYÊN NHÂN",
    "III. PHƯƠNG HƯỚNG, NHIỆM VỤ THỜI GIAN TỚI",
    "IV. ĐỀ XUẤT, KIẾN NGHỊ",
)
RECIPIENTS = ["Ban Tổ chức Tỉnh ủy (b/c)", "Các tổ chức cơ sở đảng trực thuộc", "Lưu Văn phòng"]
SHORTCOMINGS = (
    "# 1. Hạn chế\nMột số cấp ủy báo cáo còn chung chung, thiếu số liệu.\n# 2. Nguyên nhân\nDo nhân sự."
)


def flat(text: str) -> str:
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", text).replace("\u00a0", " ")).strip()


def fields(report: BoardReport, **changes) -> dict:
    data = {
        name: getattr(report, name)
        for name in ("superior", "issuer", "number", "symbol_suffix", "place", "summary", "recipients")
    }
    data |= {
        "issued_on": report.issued_on.strftime("%d/%m/%Y"),
        "signature_authority": report.signature_authority,
        "signature_title": report.signature_title,
        "signature_name": report.signature_name,
        **{f"section_{s['key']}": s["text"] for s in report.sections},
    }
    return data | changes


def section(report: BoardReport, key: str) -> str:
    report.refresh_from_db()
    return next(s["text"] for s in report.sections if s["key"] == key)


def test_the_office_drafts_edits_and_issues_62_kh_duk_2023_report_on_the_demo(client, tmp_path):
    require(shutil.which("pdftotext") is not None, "pdftotext (poppler-utils) is not installed")
    with time_machine.travel(NOW, tick=False):
        demo_load(today=NOW.date(), reorganize=True)  # as manage.py load_demo does
        plan = Plan.objects.get(document__symbol="62-KH/ĐUK")
        users = get_user_model().objects
        client.force_login(users.get(username="vanphong"))
        response = client.post(
            reverse("board_report_list"),
            {"plan": plan.pk, "organization": plan.owner_id, "period": "2023"},
        )
        assert response.status_code == 302
        report = BoardReport.objects.get()
        url = reverse("board_report_edit", args=[report.pk])

        # Drafted from every organization that owed its 2023 report, wherever the 2025 reorganization put it.
        results = section(report, "results")
        assert "26/26 tổ chức đã gửi báo cáo năm 2023." in results
        task = plan.tasks.get(number="II.1.a")
        part = results.split(f"# {task.label}\n", 1)[1].split("\n# ", 1)[0]
        assert part.startswith("Trong 26 tổ chức:")
        assert "- Đảng bộ Sở Tài chính: “" in part

        # Staff finish the report: section II, the recipients, the signer; then redraft section I.
        response = client.post(
            url,
            fields(
                report,
                section_shortcomings=SHORTCOMINGS,
                recipients="\n".join(RECIPIENTS),
                signature_authority="K/T BÍ THƯ",
                signature_title="PHÓ BÍ THƯ",
                signature_name="Trần Văn Bình",
            )
            | {"redraft": "results"},
        )
        assert response.status_code == 302
        assert section(report, "shortcomings") == SHORTCOMINGS
        assert section(report, "results") == results

        word = docx.Document(
            io.BytesIO(client.get(reverse("board_report_file", args=[report.pk, "docx"])).content)
        )
        pdf = tmp_path / "bao-cao.pdf"
        pdf.write_bytes(client.get(reverse("board_report_file", args=[report.pk, "pdf"])).content)
        pdf_text = flat(
            subprocess.run(
                ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, check=True, text=True
            ).stdout
        )

        header = [[flat(cell.text) for cell in row.cells] for row in word.tables[0].rows]
        superior = header[0][0]
        assert superior.startswith("ĐẢNG BỘ TỈNH ") and header[0][1] == "ĐẢNG CỘNG SẢN VIỆT NAM"
        assert header[1][0] == flat(report.issuer) and header[3][0] == "Số -BC/ĐUK"
        paragraphs = [flat(p.text) for p in word.paragraphs if p.text.strip()]
        assert paragraphs[:2] == ["BÁO CÁO", "Kết quả thực hiện Kế hoạch số 62-KH/ĐUK năm 2023"]
        assert [p for p in paragraphs if p in HEADINGS] == list(HEADINGS)
        assert paragraphs[paragraphs.index(flat(task.label)) + 1].startswith("Trong 26 tổ chức:")
        assert "Một số cấp ủy báo cáo còn chung chung, thiếu số liệu." in paragraphs
        closing = word.tables[-1]
        assert [flat(p.text) for p in closing.cell(0, 0).paragraphs] == [
            "Nơi nhận:",
            "- Ban Tổ chức Tỉnh ủy (b/c),",
            "- Các tổ chức cơ sở đảng trực thuộc,",
            "- Lưu Văn phòng.",
        ]
        signature = [flat(p.text) for p in closing.cell(0, 1).paragraphs if p.text.strip()]
        assert signature == ["K/T BÍ THƯ", "PHÓ BÍ THƯ", "Trần Văn Bình"]

        for line in (
            superior,
            "ĐẢNG CỘNG SẢN VIỆT NAM",
            "BÁO CÁO",
            "Nơi nhận:",
            flat(report.issuer),
            "Số -BC/ĐUK",
            "Trần Văn Bình",
        ):
            assert line in pdf_text, line
        positions = [pdf_text.index(heading) for heading in HEADINGS]
        assert positions == sorted(positions)
        assert pdf_text.index(flat(task.label)) < pdf_text.index("Trong 26 tổ chức:") < positions[1]
        assert "- Lưu Văn phòng." in pdf_text and "PHÓ BÍ THƯ" in pdf_text

        # Issuing numbers it and registers it as a BC document of the committee.
        response = client.post(url, fields(report) | {"action": "issue"})
        assert response.status_code == 302
        report.refresh_from_db()
        document = Document.objects.get(pk=report.document_id)
        assert (document.doc_type, document.issuer_id, document.symbol) == (
            "BC",
            plan.owner_id,
            f"{report.number}-BC/ĐUK",
        )

        # A grassroots secretary sees none of it.
        client.force_login(users.get(username="bithu.tuphap"))
        assert client.get(url).status_code == 404
