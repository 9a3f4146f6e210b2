"""The reading side of the plan import (tasks/plan_import/reading/): one decoder for the browser and the command,
bounds on every input path, linear parsing, the background reading of long documents, the deadline grammar's
new forms and annual days that fall due on their day."""

import datetime
import io
import json
import sys
import unicodedata
import zipfile
from io import StringIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from organizations.models import Membership, Organization
from tasks.models import PlanReading, Task
from tasks.plan_import import background
from tasks.plan_import.reading import (
    PlanReadError,
    deadline_parse,
    document_read,
    limits,
    plan_parse,
    plan_parse_file,
)
from tasks.plan_import.reading.decode import text_decode
from tasks.plan_import.review import review_data
from tasks.planning.deadlines import deadline_words, due_specs
from tasks.tests.plan_import.score import CORPUS
from tasks.tests.plan_import.test_import_views import UPLOAD, review_fields
from tasks.tests.plan_import.test_parser import SEED
from tests.factories import OrganizationFactory, make_member
from tests.plan_import_support import demo_tree_load

PLAN = "II. NHIỆM VỤ\n1. Công tác tư tưởng\n"


@pytest.fixture
def tree(db):
    return demo_tree_load()


@pytest.fixture
def people(tree):
    """Office staff of the bloc (imports), a cell's secretary (a member) and office staff of another bloc."""
    other = OrganizationFactory(parent=tree["tinh-uy-binh-dinh"], kind=Organization.Kind.UPPER, name="ĐUK DN")
    office = OrganizationFactory(parent=other, kind=Organization.Kind.ADVISORY, name="Văn phòng ĐUK DN")
    return {
        "owner": make_member(tree["duk-van-phong"], role=Membership.Role.SPECIALIST, username="vanphong"),
        "member": make_member(tree["cb-so-tu-phap"], role=Membership.Role.SECRETARY, username="bithu"),
        "outsider": make_member(office, role=Membership.Role.SPECIALIST, username="vanphong.dn"),
    }


@pytest.fixture
def owner_client(client, people):
    client.force_login(people["owner"])
    return client


def cp1258(text: str) -> bytes:
    """`text` as Vietnamese Windows saves it: a letter with two marks is its base letter with one, then the
    tone as a combining mark."""
    out = bytearray()
    for ch in text:
        try:
            out += ch.encode("cp1258")
            continue
        except UnicodeEncodeError:
            pass
        parts = unicodedata.normalize("NFD", ch)
        tones = "".join(mark for mark in parts[1:] if mark in "\u0300\u0301\u0303\u0309\u0323")
        letter = unicodedata.normalize("NFC", "".join(mark for mark in parts if mark not in tones))
        out += letter.encode("cp1258") + tones.encode("cp1258")
    return bytes(out)


def deadlines_of(result: dict) -> list[tuple]:
    keys = ("kind", "due_on", "precision", "annual_day", "trigger", "explicit")
    found = []

    def walk(sections, labels):
        for section in sections:
            here = (*labels, section["label"])
            for task in section["tasks"]:
                found.append((here, task["text"], tuple(task["deadline"].get(k) for k in keys)))
            walk(section["sections"], here)

    walk(result["sections"], ())
    return found


# -- decoding --------------------------------------------------------------------------------------------------


def test_a_cp1258_file_is_read_like_its_utf8_text():
    text = (
        "Số 5-KH/ĐU\nKẾ HOẠCH\nII. NHIỆM VỤ\n1. Tổ chức quán triệt Nghị quyết (hoàn thành trong quý II/2024)."
    )
    assert unicodedata.normalize("NFC", text_decode(data=cp1258(text), name="a.txt")) == text


@pytest.mark.parametrize(
    ("data", "named"),
    [
        (b"K\xd5 ho\xb9ch th\xf9c hi\xd6n Ngh\xde quy\xd5t \xae\xb9i h\xe9i", "TCVN3"),  # .VnTime
        (
            b"Ke\xe1 hoa\xefch th\xf6\xefc hie\xe4n Ngh\xf2 quye\xe1t \xd1a\xfbng \xf1oa\xe0n",
            "VNI",
        ),  # VNI-Times
    ],
)
def test_legacy_font_encodings_are_refused_by_name(data, named):
    with pytest.raises(PlanReadError) as refused:
        text_decode(data=data, name="cu.txt")
    assert named in refused.value.message and "Unicode" in refused.value.message


def test_utf16_without_its_bom_is_read():
    assert text_decode(data="Kế hoạch số 5".encode("utf-16-le"), name="a.txt") == "Kế hoạch số 5"


def test_a_cp1258_upload_is_accepted_in_the_browser(owner_client, tree):
    data = cp1258(SEED.read_text(encoding="utf-8"))
    upload = SimpleUploadedFile("ke-hoach-62.txt", data, content_type="text/plain")
    response = owner_client.post(UPLOAD, {"owner": tree["dang-uy-khoi"].pk, "document": upload})
    assert response.status_code == 200
    assert response.templates[0].name == "tasks/import_review.html"
    assert len([k for k in review_fields(response) if k.endswith("-text") and k.startswith("tasks-")]) == 36


def test_the_command_reads_a_cp1258_file_as_the_browser_does(owner_client, tree, people, tmp_path):
    """One decoder (reading/decode.py) for both: the command's dry run of the Windows-1258 seed prints what
    the review page carries, and what the UTF-8 seed gives."""
    path = tmp_path / "ke-hoach-62.txt"
    path.write_bytes(cp1258(SEED.read_text(encoding="utf-8")))
    out = StringIO()
    call_command("import_plan", str(path), "--dry-run", stdout=out, stderr=StringIO())
    from_command = json.loads(out.getvalue())
    upload = SimpleUploadedFile(path.name, path.read_bytes(), content_type="text/plain")
    response = owner_client.post(UPLOAD, {"owner": tree["dang-uy-khoi"].pk, "document": upload})
    from_browser = review_data(token=review_fields(response)["token"], user_id=people["owner"].pk)
    from_utf8 = plan_parse_file(data=SEED.read_bytes(), filename="ke-hoach-62.txt")
    assert from_command == from_browser == from_utf8
    assert len(from_command["sections"]) > 0


@pytest.mark.parametrize(
    ("data", "named"),
    [
        (b"K\xd5 ho\xb9ch th\xf9c hi\xd6n Ngh\xde quy\xd5t \xae\xb9i h\xe9i\r\n" * 20, "TCVN3"),
        (b"Ke\xe1 hoa\xefch th\xf6\xefc hie\xe4n Ngh\xf2 quye\xe1t \xd1a\xfbng \xf1oa\xe0n\r\n" * 20, "VNI"),
    ],
)
def test_a_legacy_encoding_is_refused_by_name_in_the_browser_and_by_the_command(
    owner_client, tree, tmp_path, data, named
):
    upload = SimpleUploadedFile("ke-hoach-cu.txt", data, content_type="text/plain")
    response = owner_client.post(UPLOAD, {"owner": tree["dang-uy-khoi"].pk, "document": upload})
    assert response.templates[0].name == "tasks/import_upload.html"
    page = response.content.decode()
    assert named in page and "Unicode" in page
    path = tmp_path / "ke-hoach-cu.txt"
    path.write_bytes(data)
    with pytest.raises(CommandError) as refused:
        call_command("import_plan", str(path), "--dry-run", stdout=StringIO(), stderr=StringIO())
    assert named in str(refused.value) and "Unicode" in str(refused.value)


# -- bounds -----------------------------------------------------------------------------------------------------


TWO_MILLION = "Tổ chức hội nghị (hoàn thành trước ngày 30/6/2024). " * 40_000  # 2,080,000 characters


def test_two_million_characters_are_refused_on_every_path(tmp_path):
    assert len(TWO_MILLION) > 2_000_000 > limits.MAX_CHARACTERS
    with pytest.raises(PlanReadError):
        plan_parse(text=TWO_MILLION)
    with pytest.raises(PlanReadError):
        plan_parse_file(data=TWO_MILLION.encode("utf-8"), filename="big.txt")
    big = tmp_path / "big.txt"
    big.write_text(TWO_MILLION, encoding="utf-8")
    with pytest.raises(CommandError, match="600"):
        call_command("import_plan", str(big), "--dry-run", stdout=StringIO(), stderr=StringIO())


def test_a_word_file_with_too_much_text_is_refused():
    import docx

    document = docx.Document()
    for _ in range(700):
        document.add_paragraph("Tổ chức hội nghị quán triệt nghị quyết. " * 25)
    buffer = io.BytesIO()
    document.save(buffer)
    with pytest.raises(PlanReadError) as refused:
        document_read(data=buffer.getvalue(), filename="dai.docx")
    assert "600" in refused.value.message


def test_pasted_text_over_the_cap_is_refused_in_the_browser(owner_client, tree):
    response = owner_client.post(UPLOAD, {"owner": tree["dang-uy-khoi"].pk, "text": TWO_MILLION})
    assert response.templates[0].name == "tasks/import_upload.html"
    assert "600.000" in response.content.decode()
    assert not PlanReading.objects.exists()


def zip_bomb() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("[Content_Types].xml", "<Types/>")
        package.writestr("word/document.xml", b"<w:document>" + b" " * (60 * 1024 * 1024))
    return buffer.getvalue()


def test_a_zip_bomb_is_refused_from_its_directory_without_inflating(monkeypatch):
    data = zip_bomb()
    assert len(data) < 200_000

    def no_inflating(*args, **kwargs):
        raise AssertionError("an entry was opened")

    monkeypatch.setattr(zipfile.ZipFile, "open", no_inflating)
    with pytest.raises(PlanReadError) as refused:
        document_read(data=data, filename="bom.docx")
    assert "40 MB" in refused.value.message


def test_a_zip_bomb_is_refused_in_the_browser(owner_client, tree):
    upload = SimpleUploadedFile("bom.docx", zip_bomb())
    response = owner_client.post(UPLOAD, {"owner": tree["dang-uy-khoi"].pk, "document": upload})
    assert response.templates[0].name == "tasks/import_upload.html"
    assert "40 MB" in response.content.decode()


def test_a_scanned_pdf_gets_a_clear_message():
    import pypdf

    writer = pypdf.PdfWriter()
    writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    with pytest.raises(PlanReadError) as refused:
        document_read(data=buffer.getvalue(), filename="scan.pdf")
    assert "scan" in refused.value.message or "quét" in refused.value.message


def test_a_pdf_of_scanned_pages_is_refused_in_the_browser_with_the_reason(owner_client, tree):
    from PIL import Image, ImageDraw

    pages = []
    for number in (1, 2):
        page = Image.new("L", (1240, 1754), 255)  # an A4 page scanned at 150 dpi: pixels, no text layer
        ImageDraw.Draw(page).text((200, 200), f"KE HOACH so {number}", fill=0)
        pages.append(page)
    buffer = io.BytesIO()
    pages[0].save(buffer, format="PDF", save_all=True, append_images=pages[1:])
    upload = SimpleUploadedFile("ke-hoach-scan.pdf", buffer.getvalue(), content_type="application/pdf")
    response = owner_client.post(UPLOAD, {"owner": tree["dang-uy-khoi"].pk, "document": upload})
    assert response.templates[0].name == "tasks/import_upload.html"
    page = response.content.decode()
    assert "ke-hoach-scan.pdf" in page and ("scan" in page or "quét" in page)


# -- linear parsing ----------------------------------------------------------------------------------------------


def python_lines(text: str) -> int:
    """How many lines of Python the parse of `text` executes: an operation count, not a timing."""
    count = 0

    def tracer(frame, event, arg):
        nonlocal count
        if event == "line":
            count += 1
        return tracer

    sys.settrace(tracer)
    try:
        plan_parse(text=text)
    finally:
        sys.settrace(None)
    return count


@pytest.mark.parametrize("layout", ["one paragraph", "one task a line"])
def test_parsing_is_linear_in_the_number_of_deadline_wordings(layout):
    wording = "Rà soát hồ sơ (hoàn thành trước ngày 30/6/2024), báo cáo chậm nhất ngày 15/7/2024."
    separator = " " if layout == "one paragraph" else "\n- "
    small = python_lines(PLAN + "- " + separator.join([wording] * 400))
    large = python_lines(PLAN + "- " + separator.join([wording] * 1600))
    assert large < small * 4.4  # four times the wordings, about four times the work (quadratic: sixteen)


# -- the background reading of a long document --------------------------------------------------------------------


def test_a_long_document_is_read_in_the_background_and_the_page_waits(owner_client, tree, monkeypatch):
    monkeypatch.setattr("tasks.plan_import.views.BACKGROUND_CHARACTERS", 1000)
    upload = SimpleUploadedFile("ke-hoach-62.txt", SEED.read_bytes(), content_type="text/plain")
    response = owner_client.post(UPLOAD, {"owner": tree["dang-uy-khoi"].pk, "document": upload})
    reading = PlanReading.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("plan_import_reading", args=[reading.pk])
    # Celery runs eagerly in the tests, once the transaction commits: run what the worker would.
    assert reading.status == PlanReading.Status.QUEUED
    assert background.reading_run(reading_id=reading.pk) == PlanReading.Status.DONE
    assert background.reading_run(reading_id=reading.pk) == "skipped"
    status = owner_client.get(reverse("plan_import_reading_status", args=[reading.pk]))
    assert status["HX-Redirect"] == reverse("plan_import_reading", args=[reading.pk])
    page = owner_client.get(reverse("plan_import_reading", args=[reading.pk]))
    assert page.templates[0].name == "tasks/import_review.html"
    assert len([k for k in review_fields(page) if k.startswith("tasks-") and k.endswith("-text")]) == 36


def test_the_waiting_page_polls_until_the_reading_is_done(owner_client, tree, people):
    reading = PlanReading.objects.create(
        user=people["owner"], owner=tree["dang-uy-khoi"], source={"text": "x"}
    )
    page = owner_client.get(reverse("plan_import_reading", args=[reading.pk]))
    assert page.templates[0].name == "tasks/import_reading.html"
    assert 'hx-trigger="every 1500ms"' in page.content.decode()
    status = owner_client.get(reverse("plan_import_reading_status", args=[reading.pk]))
    assert "HX-Redirect" not in status


@pytest.mark.parametrize("who", ["member", "outsider"])
def test_a_reading_is_seen_by_its_requester_only(client, tree, people, who):
    reading = PlanReading.objects.create(
        user=people["owner"], owner=tree["dang-uy-khoi"], source={"text": "x"}
    )
    client.force_login(people[who])
    for name in ("plan_import_reading", "plan_import_reading_status"):
        assert client.get(reverse(name, args=[reading.pk])).status_code == 404


# -- the browser and the command read the corpus alike ----------------------------------------------------------


@pytest.mark.parametrize(
    "name", sorted(path.name for path in CORPUS.iterdir() if path.suffix in (".txt", ".docx", ".pdf"))
)
def test_corpus_plans_import_from_the_browser_as_from_the_command(owner_client, tree, people, name):
    path = CORPUS / name
    out = StringIO()
    call_command("import_plan", str(path), "--dry-run", stdout=out, stderr=StringIO())
    from_command = json.loads(out.getvalue())
    upload = SimpleUploadedFile(name, path.read_bytes())
    response = owner_client.post(UPLOAD, {"owner": tree["dang-uy-khoi"].pk, "document": upload})
    assert response.templates[0].name == "tasks/import_review.html"
    from_browser = review_data(token=review_fields(response)["token"], user_id=people["owner"].pk)
    assert from_browser == plan_parse_file(data=path.read_bytes(), filename=name)
    assert deadlines_of(from_browser) == deadlines_of(from_command)
    assert len(deadlines_of(from_browser)) >= 5


# -- deadlines -----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("wording", "kind", "date", "precision"),
    [
        ("trước 15/12 hằng năm", "annual", "12-15", "day"),
        ("chậm nhất ngày 15/01 hằng năm", "annual", "01-15", "day"),
        ("Quý I hằng năm", "annual", "03-31", "quarter"),
        ("tháng 02 hằng năm", "annual", "02-28", "month"),
        ("vào dịp 20/11 hằng năm", "annual", "11-20", "day"),
        ("trước 16h00 ngày 05/7/2024", "dated", "2024-07-05", "day"),
        ("ngày 30.6.2024", "dated", "2024-06-30", "day"),
        ("30-6-2024", "dated", "2024-06-30", "day"),
        ("tháng 6-2024", "dated", "2024-06-30", "month"),
        ("tháng 6 năm 2024", "dated", "2024-06-30", "month"),
        ("Quý 2 năm 2024", "dated", "2024-06-30", "quarter"),
        ("từ ngày 01/9/2024 đến hết ngày 30/9/2024", "dated", "2024-09-30", "day"),
        ("Từ tháng 4 đến hết tháng 6/2024", "dated", "2024-06-30", "month"),
        ("dự kiến ngày 15/4/2025", "dated", "2025-04-15", "day"),
        ("khi có hướng dẫn của cấp trên", "triggered", None, None),
        ("theo hướng dẫn của Ban Tổ chức Tỉnh ủy", "triggered", None, None),
    ],
)
def test_the_grammar_reads_each_form(wording, kind, date, precision):
    deadline = deadline_parse(wording=wording)
    assert deadline["kind"] == kind
    assert (deadline.get("annual_day") if kind == "annual" else deadline["due_on"]) == date
    assert deadline["precision"] == precision


@pytest.mark.parametrize(
    "sentence",
    [
        "Xây dựng quy hoạch cấp ủy nhiệm kỳ 2025 - 2030.",
        "Giám sát theo Quy định số 69-QĐ/TW năm 2022 của Bộ Chính trị.",
        "Kỷ niệm ngày thành lập Đảng (03/02/1930 - 03/02/2024).",
    ],
)
def test_years_that_are_not_deadlines_are_not_read_as_one(sentence):
    task = plan_parse(text=PLAN + "- " + sentence)["sections"][0]["sections"][0]["tasks"][0]
    assert task["deadline"]["kind"] == "ongoing" and task["deadline"]["explicit"] is False


def test_a_wording_in_running_text_is_explicit_wherever_it_stands_and_split_lines_are_one_date():
    text = PLAN + "- Đưa vào vận hành chậm nhất ngày 15\ntháng 12 năm 2025, báo cáo kết quả."
    deadline = plan_parse(text=text)["sections"][0]["sections"][0]["tasks"][0]["deadline"]
    assert (deadline["due_on"], deadline["precision"], deadline["explicit"]) == ("2025-12-15", "day", True)


@pytest.mark.django_db
def test_an_annual_task_with_a_fixed_day_falls_due_on_it(tree, tmp_path):
    text = SEED.read_text(encoding="utf-8").replace("(*thực hiện hàng năm*)", "(trước 15/12 hằng năm)", 1)
    path = tmp_path / "ke-hoach.txt"
    path.write_text(text, encoding="utf-8")
    call_command(
        "import_plan",
        str(path),
        "--owner",
        "dang-uy-khoi",
        "--start",
        "2023",
        "--end",
        "2025",
        stdout=StringIO(),
        stderr=StringIO(),
    )
    task = Task.objects.get(annual_month=12)
    assert (task.kind, task.annual_day) == ("annual", 15)
    assert [spec.due_on for spec in due_specs(task)] == [
        datetime.date(year, 12, 15) for year in (2023, 2024, 2025)
    ]
    assert "15/12" in deadline_words(task)
