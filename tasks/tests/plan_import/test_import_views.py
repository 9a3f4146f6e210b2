"""Importing a plan in the browser (tasks/plan_import/views.py): upload or paste → review → save.

People, on the demo tree (tasks/demo/organizations.yaml) without the demo plan:
- ``owner``: a specialist of the Văn phòng of the Đảng ủy Khối (office staff: imports the bloc's plans);
- ``member``: the secretary of Chi bộ Sở Tư pháp, in the same bloc (no office work: 404);
- ``outsider``: office staff of another bloc under the same Tỉnh ủy (may import their own plans only);
- anonymous: sent to the login page.
"""

import datetime
import io
import re
from html.parser import HTMLParser
from zoneinfo import ZoneInfo

import docx
import pytest
import time_machine
from django.core import signing
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from organizations.models import Membership, Organization
from plans.models import Document, Plan
from tasks.models import Due, Task
from tasks.plan_import.export import plan_export
from tasks.plan_import.interchange import plan_task_keys
from tasks.plan_import.review import SALT
from tasks.plan_import.save import plan_import
from tests.factories import OrganizationFactory, make_member
from tests.plan_import_support import demo_plan_data, demo_tree_load, seed_text, without_register_titles

LOCAL = ZoneInfo("Asia/Ho_Chi_Minh")
NOW = datetime.datetime(2026, 3, 2, 9, 30, tzinfo=LOCAL)
UPLOAD = reverse("plan_import")
REVIEW = reverse("plan_import_review")


@pytest.fixture(autouse=True)
def frozen_time():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def tree(db):
    return demo_tree_load()


@pytest.fixture
def people(tree):
    other = OrganizationFactory(
        parent=tree["tinh-uy-binh-dinh"], kind=Organization.Kind.UPPER, name="Đảng ủy Khối Doanh nghiệp tỉnh"
    )
    other_office = OrganizationFactory(parent=other, kind=Organization.Kind.ADVISORY, name="Văn phòng ĐUK DN")
    return {
        "owner": make_member(tree["duk-van-phong"], role=Membership.Role.SPECIALIST, username="vanphong"),
        "member": make_member(tree["cb-so-tu-phap"], role=Membership.Role.SECRETARY, username="bithu.tuphap"),
        "outsider": make_member(other_office, role=Membership.Role.SPECIALIST, username="vanphong.dn"),
        "other_bloc": other,
    }


@pytest.fixture
def owner_client(client, people):
    client.force_login(people["owner"])
    return client


class FormReader(HTMLParser):
    """The fields of the form posting to `action`, as a browser would send them untouched."""

    def __init__(self, action: str):
        super().__init__(convert_charrefs=True)
        self.action = action
        self.inside = False
        self.fields: dict[str, str] = {}
        self._textarea: str | None = None
        self._select: str | None = None
        self._first_option: str | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.inside = attrs.get("action") == self.action
        if not self.inside:
            return
        name = attrs.get("name")
        if tag == "input" and name:
            if attrs.get("type") in ("checkbox", "radio"):
                if "checked" in attrs:
                    self.fields[name] = attrs.get("value", "on")
            elif attrs.get("type") not in ("submit", "file"):
                self.fields[name] = attrs.get("value", "")
        elif tag == "textarea" and name:
            self._textarea = name
            self.fields[name] = ""
        elif tag == "select" and name:
            self._select, self._first_option = name, None
        elif tag == "option" and self._select:
            value = attrs.get("value", "")
            if self._first_option is None:
                self._first_option = value
            if "selected" in attrs:
                self.fields[self._select] = value

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "textarea":
            self._textarea = None
        elif tag == "select" and self._select:
            self.fields.setdefault(self._select, self._first_option or "")
            self._select = None

    def handle_data(self, data):
        if self._textarea:
            self.fields[self._textarea] += data


def review_fields(response) -> dict[str, str]:
    reader = FormReader(REVIEW)
    reader.feed(response.content.decode())
    # A browser drops the newline that follows <textarea>.
    return {name: value.removeprefix("\n") for name, value in reader.fields.items()}


def task_index(fields: dict, start: str) -> int:
    """The formset index of the task whose text starts with `start`."""
    (index,) = [
        int(m[1])
        for name, value in fields.items()
        if (m := re.fullmatch(r"tasks-(\d+)-text", name)) and value.startswith(start)
    ]
    return index


def upload_seed(client, tree, **extra):
    upload = SimpleUploadedFile("ke-hoach-62.txt", seed_text().encode("utf-8"), content_type="text/plain")
    return client.post(UPLOAD, {"owner": tree["dang-uy-khoi"].pk, "document": upload, **extra})


def demo_export(tree) -> dict:
    """The demo plan's export, from tasks/demo/plan-62-KH-DUK.json imported into the same tree."""
    plan = plan_import(data=demo_plan_data())
    exported = plan_export(plan=plan)
    Due.objects.filter(task__plan=plan).delete()
    plan.delete()
    Document.objects.all().delete()
    return exported


def nothing_saved() -> bool:
    return not (Plan.objects.exists() or Task.objects.exists() or Document.objects.exists())


# -- who may import -------------------------------------------------------------------------------------------


def test_it_shows_the_upload_form_to_office_staff(owner_client, tree):
    response = owner_client.get(UPLOAD)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Nhập kế hoạch từ văn bản" in html
    # The committee whose office they work in is the only choice, already chosen.
    assert f'<option value="{tree["dang-uy-khoi"].pk}" selected' in html
    assert "Đảng ủy Khối Doanh nghiệp tỉnh" not in html


def test_the_plan_list_offers_the_import_to_staff_only(client, people):
    client.force_login(people["owner"])
    assert UPLOAD in client.get(reverse("plan_list")).content.decode()
    client.force_login(people["member"])
    assert UPLOAD not in client.get(reverse("plan_list")).content.decode()


@pytest.mark.parametrize("url", [UPLOAD, REVIEW])
def test_it_is_not_found_for_a_secretary(client, people, url):
    client.force_login(people["member"])
    assert client.get(url).status_code == 404
    assert client.post(url, {"text": seed_text()}).status_code == 404
    assert nothing_saved()


def test_an_outsider_cannot_import_for_another_committee(client, people, tree):
    client.force_login(people["outsider"])
    response = client.get(UPLOAD)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Đảng ủy Khối Doanh nghiệp tỉnh" in html
    assert f'value="{tree["dang-uy-khoi"].pk}"' not in html
    response = client.post(UPLOAD, {"owner": tree["dang-uy-khoi"].pk, "text": seed_text()})
    assert response.status_code == 200
    assert "Hãy chọn một lựa chọn hợp lệ" in response.content.decode()  # not one of their committees
    assert nothing_saved()


def test_an_outsider_cannot_save_a_review_for_another_committee(client, people, tree):
    client.force_login(people["owner"])
    fields = review_fields(upload_seed(client, tree))
    client.force_login(people["outsider"])
    # The signed plan is the owner's: someone else's session cannot use it.
    response = client.post(REVIEW, fields)
    assert response.status_code == 400
    assert nothing_saved()


@pytest.mark.parametrize("url", [UPLOAD, REVIEW])
def test_it_sends_anonymous_visitors_to_the_login_page(client, db, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_the_review_only_accepts_posts(owner_client):
    assert owner_client.get(REVIEW).status_code == 405


# -- reading the document ---------------------------------------------------------------------------------------


def test_uploading_the_seed_shows_the_review_with_36_tasks_and_the_21_KL_TW_warning(owner_client, tree):
    response = upload_seed(owner_client, tree)
    assert response.status_code == 200
    assert response.templates[0].name == "tasks/import_review.html"
    html = response.content.decode()
    assert html.count("data-task=") == 36
    assert response.context["formset"].total_form_count() == 36
    # Each task under the number it will have (tasks/planning/numbering.py).
    legends = re.findall(r'data-task="[^"]*">\s*<legend[^>]*>Nhiệm vụ (\S+)', html)
    assert legends[:3] == ["II.1.a", "II.1.b", "II.1.c"] and legends[-5:-2] == [
        "III.3.a",
        "III.3.b",
        "III.4.a",
    ]
    # Every parser warning on top, and the flagged citation highlighted among the references.
    warnings = html[
        html.index("data-parser-warnings") : html.index("</section>", html.index("data-parser-warnings"))
    ]
    assert "21-KL/TW" in warnings and "kết luận" in warnings
    flagged = re.findall(r'<tr class="table-warning" data-flagged>.*?</tr>', html, re.S)
    assert (
        len(flagged) == 1
        and "21-KL/TW" in flagged[0]
        and "Nghị quyết số 21-KL/TW, ngày 16/6/2022" in flagged[0]
    )
    # Deadlines in words, units and assignees, recipients and the signature.
    assert "Trước 28/02/2023" in html and "Trong tháng 6/2023" in html and "Chờ hướng dẫn của Tỉnh ủy" in html
    assert "Hằng năm (hạn 15/12)" in html
    fields = review_fields(response)
    giao = task_index(fields, "Giao Ban Tổ chức Đảng ủy Khối chủ trì")
    assert fields[f"tasks-{giao}-lead"] == "Ban Tổ chức Đảng ủy Khối"
    assert fields[f"tasks-{giao}-coordinating"].splitlines()[:3] == [
        "Ban Tuyên giáo Đảng ủy Khối",
        "Ủy ban Kiểm tra Đảng ủy Khối",
        "Văn phòng Đảng ủy Khối",
    ]
    implementation = task_index(fields, "Căn cứ nhiệm vụ, giải pháp")
    assert (
        fields[f"tasks-{implementation}-assignees"] == "Các đảng ủy, chi ủy, chi bộ trực thuộc Đảng ủy Khối"
    )
    assert (fields[f"tasks-{implementation}-kind"], fields[f"tasks-{implementation}-due_on"]) == (
        "dated",
        "28/02/2023",
    )
    assert "Website ĐUK," in html and "Nguyễn Đặng Thị Thu Hòa" in html and "T/M BAN THƯỜNG VỤ" in html
    # The plan's own fields: what the text says, and a period to check (2023 to the end of the 2020-2025 term).
    assert (fields["symbol"], fields["issued_on"], fields["owner"]) == (
        "62-KH/ĐUK",
        "",
        str(tree["dang-uy-khoi"].pk),
    )
    assert (fields["period_start"], fields["period_end"]) == ("01/01/2023", "31/12/2025")
    assert fields["title"].startswith("thực hiện Nghị quyết số 21-NQ/TW")
    # Nothing is saved by reading.
    assert nothing_saved()


def seed_docx_bytes() -> bytes:
    document = docx.Document()
    for paragraph in seed_text().split("\n"):
        document.add_paragraph(paragraph)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_a_word_file_reads_like_the_text(owner_client, tree):
    upload = SimpleUploadedFile("ke-hoach-62.docx", seed_docx_bytes())
    response = owner_client.post(UPLOAD, {"owner": tree["dang-uy-khoi"].pk, "document": upload})
    assert response.status_code == 200
    assert response.context["formset"].total_form_count() == 36
    from_text = review_fields(upload_seed(owner_client, tree))
    fields = review_fields(response)
    assert {k: v for k, v in fields.items() if k not in ("token", "csrfmiddlewaretoken")} == {
        k: v for k, v in from_text.items() if k not in ("token", "csrfmiddlewaretoken")
    }


def test_pasted_text_reads_like_the_file(owner_client, tree):
    response = owner_client.post(UPLOAD, {"owner": tree["dang-uy-khoi"].pk, "text": seed_text()})
    assert response.status_code == 200
    assert response.context["formset"].total_form_count() == 36
    assert "data-parser-warnings" in response.content.decode()


def test_utf16_text_with_its_bom_is_read(owner_client, tree):
    upload = SimpleUploadedFile("ke-hoach-62.txt", seed_text().encode("utf-16"))
    response = owner_client.post(UPLOAD, {"owner": tree["dang-uy-khoi"].pk, "document": upload})
    assert response.context["formset"].total_form_count() == 36


PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
)


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("ke-hoach.txt", PNG, "dữ liệu nhị phân"),  # a binary renamed .txt
        ("ke-hoach.txt", "Số 1-KH/ĐUK\x00\x00".encode(), "dữ liệu nhị phân"),  # valid UTF-8 with NUL bytes
        (
            "ke-hoach.txt",
            b"K\xd5 ho\xb9ch th\xf9c hi\xd6n Ngh\xde quy\xd5t",
            "TCVN3",
        ),  # a legacy Vietnamese font encoding, named
        ("ke-hoach.docx", b"PK\x03\x04 not really a zip", "không phải văn bản Word"),
        ("ke-hoach.docx", seed_text().encode("utf-8"), "không phải văn bản Word"),
        ("ke-hoach.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", ".docx"),
        ("ke-hoach.pdf", b"%PDF-1.4\n", "PDF"),
        ("ke-hoach.odt", b"PK\x03\x04", ".docx"),
        ("ke-hoach.txt", b"", "rỗng"),
    ],
)
def test_it_refuses_what_is_not_a_plan_document(owner_client, tree, name, content, message):
    upload = SimpleUploadedFile(name, content)
    response = owner_client.post(UPLOAD, {"owner": tree["dang-uy-khoi"].pk, "document": upload})
    assert response.status_code == 200
    assert response.templates[0].name == "tasks/import_upload.html"
    html = response.content.decode()
    assert message in html
    assert "Vui lòng sửa các lỗi sau" in html
    assert nothing_saved()


def test_it_refuses_a_file_over_the_size_limit(owner_client, tree, settings):
    settings.PLANTRACK_MAX_UPLOAD_MB = 1
    upload = SimpleUploadedFile("ke-hoach.txt", b"a" * (1024 * 1024 + 1))
    response = owner_client.post(UPLOAD, {"owner": tree["dang-uy-khoi"].pk, "document": upload})
    assert "mỗi tệp tối đa 1 MB" in response.content.decode()


def test_it_asks_for_a_file_or_text_and_keeps_what_was_typed(owner_client, tree):
    response = owner_client.post(UPLOAD, {"owner": tree["dang-uy-khoi"].pk, "text": "   "})
    assert "Hãy tải văn bản kế hoạch lên hoặc dán nội dung" in response.content.decode()
    text = "Một đoạn không có nhiệm vụ nào."
    response = owner_client.post(UPLOAD, {"owner": tree["dang-uy-khoi"].pk, "text": text})
    html = response.content.decode()
    assert "Không tìm thấy nhiệm vụ nào" in html
    assert text in html  # kept in the text box
    upload = SimpleUploadedFile("ke-hoach-62.txt", seed_text().encode("utf-8"))
    response = owner_client.post(UPLOAD, {"owner": tree["dang-uy-khoi"].pk, "text": text, "document": upload})
    assert "không dùng cả hai" in response.content.decode()
    assert nothing_saved()


# -- saving -----------------------------------------------------------------------------------------------------


def test_saving_the_seed_reproduces_the_demo_plan(owner_client, tree):
    expected = demo_export(tree)
    fields = review_fields(upload_seed(owner_client, tree))
    assert nothing_saved()  # nothing before the person confirms
    response = owner_client.post(REVIEW, fields)
    plan = Plan.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("plan_detail", args=[plan.pk])
    assert plan.tasks.count() == 36
    assert plan.owner == tree["dang-uy-khoi"]
    assert Due.objects.filter(task__plan=plan).exists()
    assert without_register_titles(plan_export(plan=plan)) == without_register_titles(expected)
    page = owner_client.get(response.url).content.decode()
    assert "Đã lưu kế hoạch 62-KH/ĐUK: 36 nhiệm vụ" in page


def test_the_review_page_carries_a_confirmation_on_its_save_button(owner_client, tree):
    html = upload_seed(owner_client, tree).content.decode()
    form = re.search(rf'<form method="post" action="{re.escape(REVIEW)}"[^>]*>', html).group(0)
    assert 'data-confirm="Lưu kế hoạch này cùng 36 nhiệm vụ' in form
    assert ">Lưu kế hoạch</button>" in html


def test_a_deadline_edited_on_the_review_page_is_saved(owner_client, tree):
    fields = review_fields(upload_seed(owner_client, tree))
    index = task_index(fields, "Phối hợp với Ban Tổ chức Tỉnh ủy")  # hoàn thành tháng 6/2023
    assert (fields[f"tasks-{index}-due_on"], fields[f"tasks-{index}-precision"]) == ("30/06/2023", "month")
    fields[f"tasks-{index}-due_on"] = "15/09/2023"
    fields[f"tasks-{index}-precision"] = "day"
    ongoing = task_index(fields, "Tiếp tục thực hiện chủ trương bí thư cấp ủy")
    fields[f"tasks-{ongoing}-kind"] = "annual"
    fields[f"tasks-{ongoing}-assignees"] = "Ban Thường vụ Đảng ủy Khối\nCác chi bộ trực thuộc"
    response = owner_client.post(REVIEW, fields)
    assert response.status_code == 302
    keys = plan_task_keys(plan=Plan.objects.get())
    edited = keys["II.2.2 #3"]
    assert (edited.kind, edited.due_on, edited.precision) == ("dated", datetime.date(2023, 9, 15), "day")
    assert edited.kind_explicit and edited.deadline_source == ""  # set by a person, not the text's wording
    assert set(edited.dues.values_list("due_on", flat=True)) == {datetime.date(2023, 9, 15)}
    annual = keys["II.2.4 #2"]
    assert annual.kind == "annual"
    assert [(a.label, a.scope, a.kinds) for a in annual.assignments.order_by("position")] == [
        ("Ban Thường vụ Đảng ủy Khối", "one", []),
        ("Các chi bộ trực thuộc", "children", ["grassroots_cell"]),
    ]
    # An unchanged task keeps the rule the text wrote.
    assert keys["III.3 #1"].deadline_source == "trước ngày 28/02/2023"


def test_errors_keep_everything_typed_and_save_nothing(owner_client, tree):
    fields = review_fields(upload_seed(owner_client, tree))
    index = task_index(fields, "Phối hợp với Ban Tổ chức Tỉnh ủy")
    fields[f"tasks-{index}-due_on"] = ""  # a dated task without its date
    fields[f"tasks-{index}-text"] = "Nội dung đã sửa của nhiệm vụ."
    fields["title"] = "Tiêu đề đã sửa"
    fields["period_end"] = "31/12/2022"  # before the start
    response = owner_client.post(REVIEW, fields)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Nhiệm vụ có thời hạn cụ thể cần có ngày đến hạn." in html
    assert "Ngày kết thúc sớm hơn ngày bắt đầu." in html
    again = review_fields(response)
    assert again[f"tasks-{index}-text"] == "Nội dung đã sửa của nhiệm vụ."
    assert again["title"] == "Tiêu đề đã sửa"
    assert again["period_end"] == "31/12/2022"
    assert again["token"] == fields["token"]
    assert nothing_saved()


def test_an_unmatched_trigger_is_reported_and_nothing_is_saved(owner_client, tree):
    fields = review_fields(upload_seed(owner_client, tree))
    index = task_index(fields, "Ban hành Quy chế làm việc mẫu")
    fields[f"tasks-{index}-trigger"] = "Hội đồng Thi đua có hướng dẫn"
    response = owner_client.post(REVIEW, fields)
    assert response.status_code == 200
    assert "Hội đồng Thi đua có hướng dẫn" in response.content.decode()
    assert nothing_saved()


def test_what_cannot_be_matched_is_shown_before_saving_and_can_be_corrected(owner_client, tree):
    text = (
        "Số 80-KH/ĐUK\n\nKẾ HOẠCH\nvề hội thi tìm hiểu Nghị quyết\n\nI. NHIỆM VỤ\n"
        "1. Tổ chức hội thi (sau khi Hội đồng Thi đua có hướng dẫn).\n"
        "2. Giao Hội Cựu chiến binh Khối chủ trì tọa đàm (quý III/2024).\n"
    )
    response = owner_client.post(UPLOAD, {"owner": tree["dang-uy-khoi"].pk, "text": text})
    html = response.content.decode()
    assert "Vui lòng sửa các lỗi sau:" in html and "Chưa lưu gì" not in html
    assert "không xác định được cơ quan được chờ hướng dẫn trong “Hội đồng Thi đua có hướng dẫn”" in html
    fields = review_fields(response)
    assert (fields["period_start"], fields["period_end"]) == ("01/01/2024", "31/12/2024")
    fields["tasks-0-trigger"] = "Tỉnh ủy có hướng dẫn"
    response = owner_client.post(REVIEW, fields)
    assert response.status_code == 302
    first, second = Plan.objects.get().tasks.order_by("position")
    assert (first.awaited_issuer, first.awaited_type) == (tree["tinh-uy-binh-dinh"], "HD")
    # The unmatched lead is kept as written and left to staff, with a warning on the plan.
    assert not second.assignments.exists()
    assert any("Hội Cựu chiến binh Khối" in warning for warning in second.plan.warnings)
    page = owner_client.get(response.url).content.decode()
    assert "1 đơn vị thực hiện không khớp với tổ chức nào" in page


def test_tampered_signed_data_is_refused(owner_client, tree):
    fields = review_fields(upload_seed(owner_client, tree))
    data = signing.loads(fields["token"], salt=SALT)
    data["plan"]["sections"][1]["sections"][0]["tasks"][0]["text"] = "Nhiệm vụ do người khác chèn vào."
    # Re-signed with another key, or edited without signing: both refused.
    forged = signing.dumps(data, key="not-the-secret-key", salt=SALT, compress=True)
    for token in (forged, fields["token"][:-3] + "abc", ""):
        response = owner_client.post(REVIEW, {**fields, "token": token})
        assert response.status_code == 400
        assert "Không có gì được lưu" in response.content.decode()
    assert nothing_saved()


def test_a_changed_number_of_tasks_is_refused(owner_client, tree):
    fields = review_fields(upload_seed(owner_client, tree))
    fields["tasks-TOTAL_FORMS"] = "35"
    response = owner_client.post(REVIEW, fields)
    assert response.status_code == 400
    assert nothing_saved()


def test_an_existing_plan_is_updated_only_when_asked(owner_client, tree):
    fields = review_fields(upload_seed(owner_client, tree))
    assert owner_client.post(REVIEW, fields).status_code == 302
    plan = Plan.objects.get()
    tasks = set(plan.tasks.values_list("pk", flat=True))

    response = upload_seed(owner_client, tree)
    html = response.content.decode()
    assert "đã có trong Plantrack" in html and reverse("plan_detail", args=[plan.pk]) in html
    fields = review_fields(response)
    index = task_index(fields, "Thực hiện chặt chẽ về điều kiện")
    fields[f"tasks-{index}-text"] = (
        "Thực hiện chặt chẽ điều kiện, tiêu chuẩn, thủ tục kết nạp Đảng (thực hiện thường xuyên)."
    )
    response = owner_client.post(REVIEW, fields)
    assert response.status_code == 200
    assert "Cập nhật kế hoạch đã có" in response.content.decode()
    assert not plan.tasks.filter(text__startswith="Thực hiện chặt chẽ điều kiện").exists()

    fields["update_existing"] = "on"
    response = owner_client.post(REVIEW, fields)
    assert response.status_code == 302
    assert Plan.objects.get().pk == plan.pk
    assert plan.tasks.filter(text__startswith="Thực hiện chặt chẽ điều kiện").exists()
    assert len(tasks & set(plan.tasks.values_list("pk", flat=True))) == 36  # updated in place


def test_another_committees_plan_with_the_same_symbol_is_not_overwritten(client, people, tree):
    client.force_login(people["owner"])
    fields = review_fields(upload_seed(client, tree))
    assert client.post(REVIEW, fields).status_code == 302
    plan = Plan.objects.get()
    before = plan_export(plan=plan)

    client.force_login(people["outsider"])
    response = client.post(UPLOAD, {"owner": people["other_bloc"].pk, "text": seed_text()})
    fields = review_fields(response)
    fields["update_existing"] = "on"
    response = client.post(REVIEW, fields)
    assert response.status_code == 200
    assert "kế hoạch của một cấp ủy khác" in response.content.decode()
    assert plan_export(plan=Plan.objects.get()) == before
