"""The period report: every open or returned due of one reporting period answered in one form, all or nothing."""

import datetime
import os
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from tasks.models import Due, Notification, Review, Submission, SubmissionFile, Task
from tasks.submissions import services as workflow
from tasks.submissions.services import TransitionError, submission_review
from tests.factories import TaskFactory, submit_due
from tests.uploads import exe_bytes, pdf, upload
from tests.world import owed_by_the_grassroots

pytestmark = pytest.mark.django_db

HCM = ZoneInfo("Asia/Ho_Chi_Minh")
H1 = datetime.date(2023, 6, 15)


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(datetime.datetime(2023, 6, 1, 9, 0, tzinfo=HCM), tick=False):
        yield


@pytest.fixture
def world(world):
    """The shared world with two more ongoing tasks, so that Đảng bộ Sở Tài chính owes three reports for the
    first half of 2023 (``h1``, due 15/06/2023); Sở Y tế owes its own (``sibling_h1`` is one of them); the
    second report of the year on the world's ongoing task (``h2``) falls due on 15/12/2023."""
    for i in range(2):
        task = TaskFactory(
            plan=world.plan,
            section=world.sections[1],
            kind=Task.Kind.ONGOING,
            text=f"Nhiệm vụ thường xuyên {i + 2}",
        )
        owed_by_the_grassroots(task, world.committee)
    world.h1 = list(
        Due.objects.filter(organization=world.org, period="2023-H1", due_on=H1).order_by(
            "task__position", "pk"
        )
    )
    world.sibling_h1 = Due.objects.get(task=world.ongoing, organization=world.sibling_org, period="2023-H1")
    world.h2 = Due.objects.get(task=world.ongoing, organization=world.org, period="2023")
    return world


def url(**params):
    query = "&".join(f"{k}={v}" for k, v in params.items())
    return reverse("period_report") + (f"?{query}" if query else "")


def answers(world, dues=None, **extra):
    data = {"document_symbol": "12-BC/ĐU", **extra}
    data["due"] = [str(d.pk) for d in (dues or world.h1)]
    for due in dues or world.h1:
        data.setdefault(f"text_{due.pk}", f"Kết quả thực hiện mục {due.pk}")
        data.setdefault(f"status_{due.pk}", Submission.WorkStatus.IN_PROGRESS)
    return data


# --- the form -------------------------------------------------------------------------------------------


def test_it_offers_every_open_due_of_the_earliest_period(client, world):
    client.force_login(world.secretary)
    html = client.get(url()).content.decode()
    assert "6 tháng đầu năm 2023" in html and "Năm 2023" in html  # the reports of 15/06 and of 15/12
    for due in world.h1:
        assert f'name="text_{due.pk}"' in html
    assert f'name="text_{world.h2.pk}"' not in html
    assert f'name="text_{world.sibling_h1.pk}"' not in html
    assert world.sibling_org.name not in html
    assert "data-confirm=" in html


def test_another_period_is_chosen_in_the_url(client, world):
    client.force_login(world.secretary)
    html = client.get(url(period="2023")).content.decode()
    assert f'name="text_{world.h2.pk}"' in html
    assert f'name="text_{world.h1[0].pk}"' not in html


def test_returned_dues_are_offered_and_submitted_ones_are_not(client, world):
    first = submit_due(world.h1[0], world.secretary)
    submission_review(
        submission=first, reviewer=world.staff, decision=Review.Decision.RETURNED, reason="Bổ sung"
    )
    submit_due(world.h1[1], world.secretary)
    client.force_login(world.secretary)
    html = client.get(url(period="2023-H1")).content.decode()
    assert f'name="text_{world.h1[0].pk}"' in html
    assert f'name="text_{world.h1[1].pk}"' not in html
    assert f'name="text_{world.h1[2].pk}"' in html


def test_one_submission_per_due_in_one_go(client, world):
    client.force_login(world.secretary)
    response = client.post(url(period="2023-H1"), answers(world, files=[pdf("bao-cao-6-thang.pdf")]))
    assert response.status_code == 302
    assert response.url == reverse("submission_history")
    for due in world.h1:
        submission = Submission.objects.get(due=due)
        assert submission.text == f"Kết quả thực hiện mục {due.pk}"
        assert submission.document_symbol == "12-BC/ĐU"
        assert Due.objects.get(pk=due.pk).state == Due.State.SUBMITTED
        assert [f.original_name for f in submission.files.all()] == ["bao-cao-6-thang.pdf"]
    # Each due has its own copy of the shared file.
    paths = {f.file.path for f in SubmissionFile.objects.all()}
    assert len(paths) == 3 and all(os.path.exists(p) for p in paths)
    assert Due.objects.get(pk=world.h2.pk).state == Due.State.OPEN
    assert Notification.objects.filter(kind=Notification.Kind.RECEIVED, recipient=world.staff).count() == 3
    assert (
        "Đã gửi báo cáo kỳ: đã nộp 3 mục cho 6 tháng đầu năm 2023."
        in client.get(response.url).content.decode()
    )


def test_the_clerk_may_send_it(client, world):
    client.force_login(world.clerk)
    assert client.post(url(period="2023-H1"), answers(world)).status_code == 302
    assert Submission.objects.filter(submitted_by=world.clerk).count() == 3


def test_shared_files_answer_every_due_without_text(client, world):
    client.force_login(world.secretary)
    data = answers(world, files=[pdf()], **{f"text_{d.pk}": "" for d in world.h1})
    assert client.post(url(period="2023-H1"), data).status_code == 302
    assert Submission.objects.count() == 3


def test_a_missing_answer_is_shown_next_to_its_due_and_nothing_is_sent(client, world):
    client.force_login(world.secretary)
    data = answers(world, **{f"text_{world.h1[1].pk}": "  "})
    response = client.post(url(period="2023-H1"), data)
    assert response.status_code == 200
    html = response.content.decode()
    message = "Nhập kết quả thực hiện mục này, hoặc đính kèm tệp dùng chung cho mọi mục."
    assert message in html
    # The error sits inside the block of the due it belongs to, and the other answers are kept.
    block = html[html.index(f'id="due-{world.h1[1].pk}"') : html.index(f'id="due-{world.h1[2].pk}"')]
    assert message in block
    assert f"Kết quả thực hiện mục {world.h1[0].pk}</textarea>" in html
    assert not Submission.objects.exists()


def test_a_bad_shared_file_sends_nothing(client, world):
    client.force_login(world.secretary)
    response = client.post(url(period="2023-H1"), answers(world, files=[upload("x.pdf", exe_bytes())]))
    assert response.status_code == 200
    assert "“x.pdf” không thuộc loại tệp được chấp nhận" in response.content.decode()
    assert not Submission.objects.exists()


def test_if_one_due_fails_every_submission_is_undone(client, world, monkeypatch, settings):
    real = workflow.due_submit

    def failing(*, due, **kwargs):
        if due.pk == world.h1[2].pk:
            raise TransitionError("Mục này vừa thay đổi trạng thái.")
        return real(due=due, **kwargs)

    monkeypatch.setattr(workflow, "due_submit", failing)
    client.force_login(world.secretary)
    response = client.post(url(period="2023-H1"), answers(world, files=[pdf()]))
    assert response.status_code == 409
    html = response.content.decode()
    assert "Chưa có gì được nộp" in html
    block = html[html.index(f'id="due-{world.h1[2].pk}"') :]
    assert "Mục này vừa thay đổi trạng thái." in block
    assert not Submission.objects.exists()
    assert not SubmissionFile.objects.exists()
    assert all(Due.objects.get(pk=d.pk).state == Due.State.OPEN for d in world.h1)
    assert not Notification.objects.exists()
    media = settings.MEDIA_ROOT
    assert not any(files for _d, _s, files in os.walk(media)), (
        "the files of the undone submissions are removed"
    )


def test_a_due_answered_meanwhile_makes_the_report_fail_cleanly(client, world):
    client.force_login(world.secretary)
    data = answers(world)
    submit_due(world.h1[0], world.clerk)  # answered in another tab
    response = client.post(url(period="2023-H1"), data)
    assert response.status_code == 409
    assert "Các mục của kỳ này đã thay đổi" in response.content.decode()
    assert Submission.objects.count() == 1


# --- access ---------------------------------------------------------------------------------------------


def test_a_sibling_only_sees_its_own(client, world):
    client.force_login(world.sibling)
    html = client.get(url(period="2023-H1")).content.decode()
    assert f'name="text_{world.sibling_h1.pk}"' in html
    assert all(f'name="text_{d.pk}"' not in html for d in world.h1)
    assert world.org.name not in html


def test_a_sibling_cannot_answer_another_organizations_dues(client, world):
    client.force_login(world.sibling)
    response = client.post(url(period="2023-H1"), answers(world))
    assert response.status_code == 409
    assert not Submission.objects.exists()


def test_an_outsider_and_staff_have_nothing_to_report(client, world):
    for user in (world.outsider_secretary, world.staff):
        client.force_login(user)
        html = client.get(url(period="2023-H1")).content.decode()
        assert all(f'name="text_{d.pk}"' not in html for d in world.h1)
        assert world.org.name not in html
        assert client.post(url(period="2023-H1"), answers(world)).status_code == 409
    assert not Submission.objects.exists()


def test_anonymous_is_sent_to_log_in(client, world):
    for response in (client.get(url()), client.post(url(period="2023-H1"), answers(world))):
        assert response.status_code == 302
        assert response.url.startswith(reverse("login"))
    assert not Submission.objects.exists()
