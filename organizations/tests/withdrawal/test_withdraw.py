"""Nothing is deleted for good: documents (with their files), submissions and their files are withdrawn, with
who, when and why; withdrawn rows leave the lists but stay in the database and in the audit trail."""

import datetime

import pytest
from auditlog.models import LogEntry
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import ProtectedError
from django.urls import reverse

from organizations.audit.trail import Action
from plans.documents import document_save
from plans.models import Document, DocumentAttachment
from tasks.models import Due, Submission
from tests.factories import DocumentFactory, UserFactory, submit_due
from tests.uploads import pdf, pdf_bytes
from tests.world import login_url_for

pytestmark = pytest.mark.django_db


def _pdf(name="van-ban.pdf"):
    return SimpleUploadedFile(name, pdf_bytes(), content_type="application/pdf")


# --- documents -------------------------------------------------------------------------------------------


@pytest.fixture
def document(world):
    document = DocumentFactory(
        symbol="15-HD/ĐUK",
        issuer=world.committee,
        issued_on=datetime.date(2023, 3, 1),
        title="Hướng dẫn nhầm",
    )
    document_save(document=document, files=[_pdf()], user=world.staff)
    return document


def _withdraw(client, user, document, reason="Đăng ký nhầm văn bản"):
    client.force_login(user)
    return client.post(reverse("document_withdraw", args=[document.pk]), {"reason": reason})


def test_office_staff_withdraw_a_document_and_its_files(client, world, document):
    client.force_login(world.staff)
    page = client.get(reverse("document_detail", args=[document.pk]))
    assert reverse("document_withdraw", args=[document.pk]) in page.content.decode()
    confirm = client.get(reverse("document_withdraw", args=[document.pk]))
    assert confirm.status_code == 200
    assert 'name="reason"' in confirm.content.decode()

    response = _withdraw(client, world.staff, document)
    assert response.status_code == 302
    document = Document.objects.get(pk=document.pk)  # still there
    assert (document.withdrawn_by, document.withdrawal_reason) == (world.staff, "Đăng ký nhầm văn bản")
    assert document.withdrawn_at is not None
    attachment = DocumentAttachment.objects.get(document=document)
    assert (attachment.withdrawn_at, attachment.withdrawn_by) == (document.withdrawn_at, world.staff)
    # Out of the register's list, but its page still shows it, marked, with its file.
    listed = client.get(reverse("document_list"))
    assert document not in listed.context["page"].object_list
    detail = client.get(reverse("document_detail", args=[document.pk])).content.decode()
    assert "Đăng ký nhầm văn bản" in detail
    assert "van-ban.pdf" in detail
    assert reverse("document_edit", args=[document.pk]) not in detail
    # In the trail: who withdrew it, and why.
    entry = LogEntry.objects.get_for_object(document).filter(action=Action.UPDATE).get()
    assert entry.actor == world.staff
    assert entry.changes["withdrawal_reason"] == ["", "Đăng ký nhầm văn bản"]


def test_a_reason_is_required(client, world, document):
    response = _withdraw(client, world.staff, document, reason="   ")
    assert response.status_code == 200
    assert response.context["form"].errors["reason"]
    assert Document.objects.get(pk=document.pk).withdrawn_at is None


@pytest.mark.parametrize("who", ["secretary", "outsider_staff"])
def test_others_cannot_withdraw_a_document(client, world, document, who):
    user = getattr(world, who)
    client.force_login(user)
    assert client.get(reverse("document_withdraw", args=[document.pk])).status_code == 404
    assert _withdraw(client, user, document).status_code == 404
    assert Document.objects.get(pk=document.pk).withdrawn_at is None


def test_anonymous_is_sent_to_log_in(client, world, document):
    url = reverse("document_withdraw", args=[document.pk])
    response = client.post(url, {"reason": "x"})
    assert response.status_code == 302 and response["Location"] == login_url_for(url)
    assert Document.objects.get(pk=document.pk).withdrawn_at is None


def test_a_plans_own_document_cannot_be_withdrawn(client, world, document):
    response = _withdraw(client, world.staff, world.plan.document)
    assert response.status_code == 302
    assert Document.objects.get(pk=world.plan.document.pk).withdrawn_at is None
    page = client.get(reverse("document_detail", args=[world.plan.document.pk])).content.decode()
    assert reverse("document_withdraw", args=[world.plan.document.pk]) not in page


def test_a_withdrawn_symbol_can_be_registered_again(client, world, document):
    _withdraw(client, world.staff, document)
    response = client.post(
        reverse("document_create"),
        {"symbol": "15-HD/ĐUK", "issued_on": "01/03/2023", "issuer": world.committee.pk, "title": "Đúng"},
    )
    assert response.status_code == 302
    assert Document.objects.filter(symbol="15-HD/ĐUK").count() == 2
    assert Document.objects.active().get(symbol="15-HD/ĐUK").title == "Đúng"
    # ...but not twice while in force.
    again = client.post(
        reverse("document_create"),
        {"symbol": "15-HD/ĐUK", "issued_on": "01/03/2023", "issuer": world.committee.pk, "title": "Lần nữa"},
    )
    assert again.status_code == 200
    assert "đã tồn tại" in again.content.decode()


def test_documents_and_their_files_are_protected_from_deletion(world, document):
    with pytest.raises(ProtectedError):
        Document.objects.filter(pk=document.pk).delete()
    with pytest.raises(ProtectedError):
        world.plan.document.delete()  # the plan holds on to it


# --- the admin: withdraw, never delete ---------------------------------------------------------------


def _admin(client, *codenames):
    user = UserFactory(is_staff=True)
    user.user_permissions.set(Permission.objects.filter(codename__in=codenames))
    client.force_login(user)
    return user


def test_the_admin_withdraws_documents_instead_of_deleting_them(client, world, document):
    admin_user = _admin(client, "view_document", "change_document", "delete_document")
    changelist = reverse("admin:plans_document_changelist")
    page = client.get(changelist)
    actions = dict(page.context["action_form"].fields["action"].choices)
    assert "delete_selected" not in actions and "withdraw_selected" in actions
    assert client.get(reverse("admin:plans_document_delete", args=[document.pk])).status_code == 403

    ask = client.post(changelist, {"action": "withdraw_selected", "_selected_action": [document.pk]})
    assert ask.status_code == 200 and 'name="reason"' in ask.content.decode()
    done = client.post(
        changelist,
        {"action": "withdraw_selected", "_selected_action": [document.pk], "reason": "Trùng lặp"},
    )
    assert done.status_code == 302
    document = Document.objects.get(pk=document.pk)
    assert (document.withdrawn_by, document.withdrawal_reason) == (admin_user, "Trùng lặp")
    assert DocumentAttachment.objects.get(document=document).withdrawn_at is not None
    # The plan's document is refused, with the reason; nothing else happens to it.
    client.post(
        changelist,
        {"action": "withdraw_selected", "_selected_action": [world.plan.document.pk], "reason": "x"},
    )
    assert Document.objects.get(pk=world.plan.document.pk).withdrawn_at is None
    filtered = client.get(changelist, {"withdrawn": "yes"})
    assert list(filtered.context["cl"].result_list) == [document]


# --- submissions ---------------------------------------------------------------------------------------------


@pytest.fixture
def sent(world):
    world.submission = submit_due(world.due, world.secretary, text="Gửi nhầm", files=[pdf("nham.pdf")])
    return world


def _withdraw_submission(client, user, submission, reason="Gửi nhầm tệp"):
    client.force_login(user)
    return client.post(reverse("submission_withdraw", args=[submission.pk]), {"reason": reason})


def test_the_sender_withdraws_a_version_waiting_for_review(client, sent):
    url = reverse("submission_withdraw", args=[sent.submission.pk])
    client.force_login(sent.secretary)
    due_page = client.get(reverse("due_detail", args=[sent.due.pk])).content.decode()
    assert url in due_page
    assert url in client.get(reverse("submission_detail", args=[sent.submission.pk])).content.decode()
    assert 'name="reason"' in client.get(url).content.decode()

    response = _withdraw_submission(client, sent.secretary, sent.submission)
    assert response.status_code == 302 and response.url == reverse("due_detail", args=[sent.due.pk])
    due = Due.objects.get(pk=sent.due.pk)
    assert (due.state, due.first_submitted_at) == (Due.State.OPEN, None)  # as before it was sent
    submission = Submission.objects.get(pk=sent.submission.pk)  # kept
    assert (submission.withdrawn_by, submission.withdrawal_reason) == (sent.secretary, "Gửi nhầm tệp")
    assert submission.files.get().withdrawn_at == submission.withdrawn_at
    # Out of the lists...
    page = client.get(reverse("due_detail", args=[sent.due.pk]))
    assert page.context["versions"] == []
    assert page.context["may_submit"]
    history = client.get(reverse("submission_history"))
    assert list(history.context["page"].object_list) == []
    # ...still on its own page, marked, and in the trail with who and why.
    own = client.get(reverse("submission_detail", args=[submission.pk])).content.decode()
    assert "Gửi nhầm tệp" in own and "nham.pdf" in own
    entry = LogEntry.objects.get_for_object(submission).filter(action=Action.UPDATE).get()
    assert entry.actor == sent.secretary and entry.changes["withdrawal_reason"] == ["", "Gửi nhầm tệp"]
    state = LogEntry.objects.get_for_object(due).filter(action=Action.UPDATE).order_by("-pk").first()
    assert state.actor == sent.secretary and state.changes["state"] == ["submitted", "open"]
    # Sending again goes on with the next version number.
    resent = submit_due(due, sent.secretary, text="Đúng")
    assert resent.version == 2


def test_withdrawing_a_resubmission_goes_back_to_the_return(client, sent):
    from tasks.submissions.services import submission_review

    submission_review(
        submission=sent.submission, reviewer=sent.staff, decision="returned", reason="Thiếu số liệu"
    )
    second = submit_due(Due.objects.get(pk=sent.due.pk), sent.secretary, text="Bổ sung")
    _withdraw_submission(client, sent.secretary, second)
    due = Due.objects.get(pk=sent.due.pk)
    assert due.state == Due.State.RETURNED
    assert due.first_submitted_at == sent.submission.submitted_at
    page = client.get(reverse("due_detail", args=[due.pk]))
    assert [v.pk for v in page.context["versions"]] == [sent.submission.pk]
    assert page.context["returned_review"].reason == "Thiếu số liệu"


@pytest.mark.parametrize("who", ["clerk", "staff"])
def test_others_who_see_it_may_not_withdraw_it(client, sent, who):
    user = getattr(sent, who)
    client.force_login(user)
    assert (
        reverse("submission_withdraw", args=[sent.submission.pk])
        not in client.get(reverse("submission_detail", args=[sent.submission.pk])).content.decode()
    )
    assert client.get(reverse("submission_withdraw", args=[sent.submission.pk])).status_code == 403
    assert _withdraw_submission(client, user, sent.submission).status_code == 403
    assert Submission.objects.get(pk=sent.submission.pk).withdrawn_at is None


@pytest.mark.parametrize("who", ["sibling", "outsider_secretary"])
def test_outsiders_get_404(client, sent, who):
    assert _withdraw_submission(client, getattr(sent, who), sent.submission).status_code == 404
    assert Submission.objects.get(pk=sent.submission.pk).withdrawn_at is None


def test_anonymous_is_sent_to_log_in_before_withdrawing(client, sent):
    url = reverse("submission_withdraw", args=[sent.submission.pk])
    response = client.post(url, {"reason": "x"})
    assert response.status_code == 302 and response["Location"] == login_url_for(url)
    assert Submission.objects.get(pk=sent.submission.pk).withdrawn_at is None


def test_a_reviewed_version_cannot_be_withdrawn(client, sent):
    from tasks.submissions.services import TransitionError, submission_review, submission_withdraw

    submission_review(submission=sent.submission, reviewer=sent.staff, decision="accepted")
    assert _withdraw_submission(client, sent.secretary, sent.submission).status_code == 403
    with pytest.raises(TransitionError):
        submission_withdraw(submission=sent.submission, user=sent.secretary, reason="x")
    assert Due.objects.get(pk=sent.due.pk).state == Due.State.ACCEPTED


def test_submissions_and_their_files_are_protected_from_deletion(sent):
    with pytest.raises(ProtectedError):
        Due.objects.filter(pk=sent.due.pk).delete()
    with pytest.raises(ProtectedError):
        sent.submission.delete()


def test_the_admin_withdraws_submissions_instead_of_deleting_them(client, sent):
    admin_user = _admin(client, "view_submission", "change_submission", "delete_submission")
    changelist = reverse("admin:tasks_submission_changelist")
    actions = dict(client.get(changelist).context["action_form"].fields["action"].choices)
    assert "delete_selected" not in actions and "withdraw_selected" in actions
    assert client.get(reverse("admin:tasks_submission_delete", args=[sent.submission.pk])).status_code == 403
    client.post(
        changelist,
        {"action": "withdraw_selected", "_selected_action": [sent.submission.pk], "reason": "Sai đơn vị"},
    )
    submission = Submission.objects.get(pk=sent.submission.pk)
    assert (submission.withdrawn_by, submission.withdrawal_reason) == (admin_user, "Sai đơn vị")
    assert Due.objects.get(pk=sent.due.pk).state == Due.State.OPEN
