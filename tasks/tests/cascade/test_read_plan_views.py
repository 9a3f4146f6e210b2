"""Reading a handed-in implementation plan into Plantrack from its submission's page
(tasks/plan_import/child_views.py): the organization's secretary or the parent plan's office; a sibling and
an outsider get 404, a member of the organization answering an ongoing task 403."""

import io

import docx
import pytest
from django.urls import reverse

from plans.models import Plan
from tasks.models import Due
from tasks.submissions.services import due_submit
from tests.uploads import pdf, upload

CHILD_TEXT = """ĐẢNG BỘ KHỐI CÁC CƠ QUAN TỈNH
ĐẢNG ỦY SỞ TÀI CHÍNH
Số 05-KH/ĐU
KẾ HOẠCH
thực hiện Kế hoạch số 62-KH/ĐUK
I- NHIỆM VỤ
1. Các chi bộ tổ chức học tập, quán triệt Nghị quyết số 21-NQ/TW đến cán bộ, đảng viên; gắn với học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh (thực hiện thường xuyên).
2. Đánh giá, xếp loại chất lượng chi bộ và đảng viên cuối năm (hằng năm).
3. Rà soát, bổ sung quy chế làm việc của Đảng ủy sau khi có hướng dẫn của Tỉnh ủy (hoàn thành trong quý III/2023).
T/M ĐẢNG ỦY
BÍ THƯ
Trần Văn Phúc
"""


def docx_of(text: str) -> bytes:
    document = docx.Document()
    for line in text.splitlines():
        document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@pytest.fixture
def handed_in(world):
    file = upload("ke-hoach-05.docx", docx_of(CHILD_TEXT), DOCX)
    return due_submit(
        due=world.due,
        user=world.secretary,
        text="Kế hoạch thực hiện",
        document_symbol="05-KH/ĐU",
        files=[file],
    )


def test_the_submission_page_offers_to_read_the_plan(world, handed_in, client):
    client.force_login(world.secretary)
    page = client.get(reverse("submission_detail", args=[handed_in.pk])).content.decode()
    assert reverse("submission_read_plan", args=[handed_in.pk]) in page


@pytest.mark.parametrize("who", ["secretary", "staff"])
def test_the_review_proposes_parent_tasks_and_saving_makes_a_child_plan(world, handed_in, client, who):
    client.force_login(getattr(world, who))
    response = client.post(reverse("submission_read_plan", args=[handed_in.pk]))
    assert response.status_code == 200
    form = response.context["form"]
    assert [form.initial[f"parent_{i}"] for i in range(3)] == [
        world.ongoing.number,
        world.annual.number,
        world.waiting.number,
    ]
    scores = [task["score"] for item in response.context["sections"] for task in item["tasks"]]
    assert len(scores) == 3 and all(0 < score <= 1 for score in scores)
    assert f"{scores[0]:.2f}".replace(".", ",") in response.content.decode()  # shown, as Vietnamese writes it
    post = {name: form.initial.get(name) or "" for name in form.fields}
    post["period_start"], post["period_end"] = "01/01/2023", "31/12/2025"
    post["parent_2"] = ""  # the person unlinks the third
    saved = client.post(reverse("submission_read_plan_save", args=[handed_in.pk]), post)
    child = Plan.objects.get(document__symbol="05-KH/ĐU")
    assert saved.status_code == 302 and saved["Location"] == reverse("plan_detail", args=[child.pk])
    assert child.owner == world.org and child.parent == world.plan
    assert list(child.tasks.order_by("position").values_list("parent_task_id", flat=True)) == [
        world.ongoing.pk,
        world.annual.pk,
        None,
    ]


@pytest.mark.parametrize("who", ["sibling", "outsider_staff", "outsider_secretary"])
def test_a_sibling_and_an_outsider_get_404(world, handed_in, client, who):
    client.force_login(getattr(world, who))
    assert client.post(reverse("submission_read_plan", args=[handed_in.pk])).status_code == 404
    assert client.post(reverse("submission_read_plan_save", args=[handed_in.pk]), {}).status_code == 404


def test_a_periodic_reports_submission_is_not_a_plan_to_read(world, client):
    due = Due.objects.filter(kind=Due.Kind.REPORT, organization=world.org).first()
    file = upload("bao-cao.docx", docx_of(CHILD_TEXT), DOCX)
    submission = due_submit(due=due, user=world.secretary, text="Báo cáo", files=[file])
    client.force_login(world.secretary)
    assert client.post(reverse("submission_read_plan", args=[submission.pk])).status_code == 403


def test_an_unreadable_file_stays_a_handed_in_file(world, client):
    submission = due_submit(
        due=world.due, user=world.secretary, text="Bản scan", files=[pdf("ke-hoach-scan.pdf")]
    )
    client.force_login(world.secretary)
    response = client.post(reverse("submission_read_plan", args=[submission.pk]), follow=True)
    assert response.redirect_chain[-1][0] == reverse("submission_detail", args=[submission.pk])
    assert "ke-hoach-scan.pdf" in response.content.decode()
    assert not Plan.objects.filter(parent=world.plan).exists()
    submission.refresh_from_db()
    assert submission.files.count() == 1 and submission.withdrawn_at is None


def test_bad_input_keeps_what_was_typed_with_a_clear_message(world, handed_in, client):
    client.force_login(world.secretary)
    form = client.post(reverse("submission_read_plan", args=[handed_in.pk])).context["form"]
    post = {name: form.initial.get(name) or "" for name in form.fields}
    post.update(
        symbol="không phải ký hiệu", period_start="01/01/2023", period_end="31/12/2022", title="Tiêu đề đã gõ"
    )
    response = client.post(reverse("submission_read_plan_save", args=[handed_in.pk]), post)
    assert response.status_code == 400
    assert "Tiêu đề đã gõ" in response.content.decode()
    assert response.context["form"].errors.keys() >= {"symbol", "period_end"}
    assert not Plan.objects.filter(parent=world.plan).exists()
