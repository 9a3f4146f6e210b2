"""The audit trail: who changed what, when, before → after; bulk writes and the admin included; each
object's history on its page for the people who manage it, in a fixed number of queries."""

import datetime

import pytest
from auditlog.context import set_actor
from auditlog.models import LogEntry
from auditlog.registry import auditlog
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils import timezone

from organizations.audit.trail import Action, audit_history
from organizations.models import Membership, Organization, Supervision
from organizations.people import person_name
from plans.models import Document, DocumentAttachment, Plan, PlanReference, ReportingPeriod, Section
from tasks.models import Assignment, Due, Review, Submission, SubmissionFile, Task, TaskUnit
from tasks.planning.dues import task_regenerate_dues
from tests.factories import AssignmentFactory, DocumentFactory, MembershipFactory, UserFactory, make_member
from tests.uploads import pdf, pdf_bytes

pytestmark = pytest.mark.django_db

AUDITED = [
    Organization,
    Membership,
    Supervision,
    get_user_model(),
    Document,
    DocumentAttachment,
    Plan,
    PlanReference,
    Section,
    ReportingPeriod,
    Task,
    TaskUnit,
    Assignment,
    Due,
    Submission,
    SubmissionFile,
    Review,
]


def entries_for(obj, action=None):
    entries = LogEntry.objects.get_for_object(obj)
    return entries.filter(action=action) if action is not None else entries


@pytest.mark.parametrize("model", AUDITED, ids=lambda m: m._meta.label)
def test_every_model_of_the_issue_is_audited(model):
    assert auditlog.contains(model)


# --- through the pages: who, and before → after ----------------------------------------------------------


def test_registering_and_editing_a_document_records_the_actor_and_the_change(client, world):
    client.force_login(world.staff)
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = client.post(
        reverse("document_create"),
        {
            "symbol": "5-HD/ĐUK",
            "issued_on": "05/01/2023",
            "issuer": world.committee.pk,
            "title": "Hướng dẫn cũ",
            "files": [SimpleUploadedFile("hd.pdf", pdf_bytes(), content_type="application/pdf")],
        },
    )
    assert response.status_code == 302
    document = Document.objects.get(symbol="5-HD/ĐUK")
    (created,) = entries_for(document, Action.CREATE)
    assert created.actor == world.staff
    assert created.changes["title"] == ["None", "Hướng dẫn cũ"]
    assert entries_for(document.attachments.get(), Action.CREATE).get().actor == world.staff

    client.post(
        reverse("document_edit", args=[document.pk]),
        {
            "symbol": "5-HD/ĐUK",
            "issued_on": "05/01/2023",
            "issuer": world.committee.pk,
            "title": "Hướng dẫn mới",
        },
    )
    (updated,) = entries_for(document, Action.UPDATE)
    assert updated.actor == world.staff
    assert updated.changes == {"title": ["Hướng dẫn cũ", "Hướng dẫn mới"]}


def _edit_title(client, document, title, **headers):
    return client.post(
        reverse("document_edit", args=[document.pk]),
        {"symbol": document.symbol, "issued_on": "05/01/2023", "issuer": document.issuer_id, "title": title},
        **headers,
    )


def test_the_trail_records_the_connection_address_and_ignores_a_forged_forwarded_header(client, world):
    document = DocumentFactory(symbol="5-HD/ĐUK", issuer=world.committee, issued_on=datetime.date(2023, 1, 5))
    client.force_login(world.staff)
    response = _edit_title(
        client, document, "Hướng dẫn mới", REMOTE_ADDR="203.113.5.9", HTTP_X_FORWARDED_FOR="8.8.8.8"
    )
    assert response.status_code == 302
    (updated,) = entries_for(document, Action.UPDATE)
    assert updated.actor == world.staff
    assert updated.remote_addr == "203.113.5.9"


def test_behind_one_proxy_the_trail_records_the_address_the_proxy_saw(client, world, settings):
    # What PLANTRACK_PROXY_COUNT=1 sets (tests/test_security_settings.py checks that mapping).
    settings.AXES_IPWARE_META_PRECEDENCE_ORDER = ("HTTP_X_FORWARDED_FOR", "REMOTE_ADDR")
    settings.AXES_IPWARE_PROXY_COUNT = 0
    settings.IPWARE_STRICT = False
    document = DocumentFactory(symbol="5-HD/ĐUK", issuer=world.committee, issued_on=datetime.date(2023, 1, 5))
    client.force_login(world.staff)
    _edit_title(
        client,
        document,
        "Hướng dẫn mới",
        REMOTE_ADDR="127.0.0.1",
        HTTP_X_FORWARDED_FOR="1.2.3.4, 203.113.5.9",
        HTTP_X_FORWARDED_PORT="4444",
    )
    (updated,) = entries_for(document, Action.UPDATE)
    assert updated.remote_addr == "203.113.5.9"
    assert updated.remote_port is None


def test_submitting_and_reviewing_record_the_due_state_change_with_its_actor(client, world):
    client.force_login(world.secretary)
    client.post(
        reverse("due_submit", args=[world.due.pk]),
        {"text": "Đã làm", "work_status": "done", "files": [pdf()]},
    )
    submission = Submission.objects.get(due=world.due)
    assert entries_for(submission, Action.CREATE).get().actor == world.secretary
    assert entries_for(submission.files.get(), Action.CREATE).get().actor == world.secretary
    due_change = entries_for(world.due, Action.UPDATE).get()
    assert due_change.actor == world.secretary
    assert due_change.changes["state"] == ["open", "submitted"]

    client.force_login(world.staff)
    client.post(
        reverse("submission_review", args=[submission.pk]), {"decision": "returned", "reason": "Thiếu"}
    )
    review = Review.objects.get(submission=submission)
    assert entries_for(review, Action.CREATE).get().actor == world.staff
    latest = entries_for(world.due, Action.UPDATE).order_by("-pk").first()
    assert (latest.actor, latest.changes["state"]) == (world.staff, ["submitted", "returned"])


def test_editing_a_task_records_the_task_units_assignments_and_dues(client, world):
    from tasks.tests.planning.test_plan_page import _post_data
    from tests.factories import TaskFactory

    task = TaskFactory(plan=world.plan, dated=True, assign_to=world.grassroots[:2], text="Xây dựng kế hoạch")
    task_regenerate_dues(task=task)
    client.force_login(world.staff)
    url = reverse("task_edit", args=[world.plan.pk, task.pk])
    page = client.get(url)
    forms = page.context["assignments"].forms
    data = _post_data(
        page,
        deadline_source="trước ngày 31/3/2023",
        due_on="31/03/2023",
        lead_names="Ban Tổ chức Tỉnh ủy",
        **{
            "assignments-0-DELETE": "on",
            f"assignments-{len(forms) - 1}-organization": str(world.grassroots[2].pk),
            f"assignments-{len(forms) - 1}-scope": "one",
        },
    )
    assert client.post(url, data).status_code == 302

    task_change = entries_for(task, Action.UPDATE).get()
    assert task_change.actor == world.staff
    assert task_change.changes["deadline_source"] == ["", "trước ngày 31/3/2023"]
    assert task_change.changes["due_on"] == ["2023-02-28", "2023-03-31"]
    unit = TaskUnit.objects.get(task=task)
    assert entries_for(unit, Action.CREATE).get().actor == world.staff  # bulk_create, audited by hand
    assert LogEntry.objects.filter(
        content_type__model="assignment", action=Action.DELETE, actor=world.staff
    ).exists()
    # The dues: one deleted (organization dropped), one moved (bulk_update), one created (bulk_create).
    due_entries = LogEntry.objects.filter(content_type__model="due", actor=world.staff)
    assert due_entries.filter(action=Action.DELETE).count() == 1
    moved = due_entries.get(action=Action.UPDATE)
    assert moved.changes == {"due_on": ["2023-02-28", "2023-03-31"]}
    created = due_entries.get(action=Action.CREATE)
    assert created.object_id == Due.objects.get(task=task, organization=world.grassroots[2]).pk


def test_a_bulk_regeneration_records_each_due_with_the_actor_in_context(world):
    from tests.factories import TaskFactory

    task = TaskFactory(plan=world.plan, dated=True, assign_to=world.grassroots)
    written = LogEntry.objects.filter(pk__gt=LogEntry.objects.order_by("-pk").first().pk)  # from here on
    with set_actor(world.staff):
        result = task_regenerate_dues(task=task)
    assert result.created == 3
    dues = Due.objects.filter(task=task)
    created = written.filter(content_type__model="due", action=Action.CREATE)
    assert sorted(created.values_list("object_id", flat=True)) == sorted(dues.values_list("pk", flat=True))
    assert set(created.values_list("actor", flat=True)) == {world.staff.pk}
    entry = created.first()
    assert entry.changes["period"] == ["None", "once"]
    assert str(task.text)[:20] in entry.object_repr

    Task.objects.filter(pk=task.pk).update(due_on=datetime.date(2023, 4, 30))
    with set_actor(world.staff):
        assert task_regenerate_dues(task=Task.objects.get(pk=task.pk)).updated == 3
    moved = written.filter(content_type__model="due", action=Action.UPDATE)
    assert moved.count() == 3
    assert {tuple(e.changes["due_on"]) for e in moved} == {("2023-02-28", "2023-04-30")}

    # Outside any request or set_actor (a management command): recorded, by nobody in particular.
    Assignment.objects.filter(task=task, organization=world.org).delete()
    task_regenerate_dues(task=Task.objects.get(pk=task.pk))
    deleted = written.get(content_type__model="due", action=Action.DELETE)
    assert deleted.actor is None


def test_a_new_password_is_recorded_without_the_hash(client):
    user = UserFactory()
    client.force_login(user)
    response = client.post(
        reverse("password_change"),
        {
            "old_password": "plantrack-test",
            "new_password1": "a-new-long-p4ssw0rd",
            "new_password2": "a-new-long-p4ssw0rd",
        },
    )
    assert response.status_code == 302
    entry = entries_for(user, Action.UPDATE).get()
    assert entry.actor == user
    assert entry.changes["password"] == ["********", "********"]
    user.refresh_from_db()
    assert user.password not in str(entry.changes) and user.password[-20:] not in entry.changes_text + str(
        entry.changes
    )


# --- the admin ---------------------------------------------------------------------------------------------


def _admin_user(*perms):
    user = UserFactory(is_staff=True)
    user.user_permissions.set(
        Permission.objects.filter(
            content_type__app_label__in=["organizations", "auditlog"], codename__in=perms
        )
    )
    return user


def test_a_change_in_the_admin_is_recorded_with_the_admin_as_actor(client, world):
    membership = Membership.objects.get(user=world.clerk)
    admin_user = _admin_user("change_membership", "view_membership")
    client.force_login(admin_user)
    url = reverse("admin:organizations_membership_change", args=[membership.pk])
    response = client.post(
        url,
        {"user": world.clerk.pk, "organization": world.org.pk, "role": "specialist", "is_active": "on"},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    entry = entries_for(membership, Action.UPDATE).get()
    assert entry.actor == admin_user
    assert entry.changes["role"] == ["clerk", "specialist"]


def test_administrators_search_and_filter_the_whole_trail_in_the_admin(client, world):
    with set_actor(world.staff):
        MembershipFactory(user=world.sibling, organization=world.org, role="clerk")
    DocumentFactory(symbol="77-HD/TU")
    client.force_login(_admin_user("view_logentry"))
    changelist = reverse("admin:auditlog_logentry_changelist")
    response = client.get(changelist, {"q": "77-HD/TU"})
    assert response.status_code == 200
    assert response.context["cl"].result_count == 1
    membership_type = LogEntry.objects.filter(content_type__model="membership").first().content_type_id
    response = client.get(changelist, {"resource_type": membership_type, "action": Action.CREATE})
    assert response.status_code == 200
    assert {entry.content_type.model for entry in response.context["cl"].result_list} == {"membership"}
    # By person: what they did, and what was done to their account and memberships.
    response = client.get(changelist, {"q": world.staff.username})
    found = response.context["cl"].result_list
    assert any(entry.actor_id == world.staff.pk for entry in found)
    assert all(
        entry.actor_id == world.staff.pk or world.staff.username in entry.object_repr for entry in found
    )
    # Read only: nobody edits or deletes the trail, not even in the admin.
    entry = LogEntry.objects.first()
    assert (
        client.post(reverse("admin:auditlog_logentry_delete", args=[entry.pk]), {"post": "yes"}).status_code
        == 403
    )
    assert LogEntry.objects.filter(pk=entry.pk).exists()


# --- the history on the pages --------------------------------------------------------------------------------


@pytest.fixture
def submitted(world):
    from tasks.submissions.services import due_submit

    with set_actor(world.secretary):
        world.submission = due_submit(due=world.due, user=world.secretary, text="Đã làm", files=[pdf()])
    return world


def _history(response):
    return response.context.get("history")


@pytest.mark.parametrize("who", ["staff", "board", "secretary", "clerk"])
def test_staff_and_the_organization_see_the_due_and_submission_history(client, submitted, who):
    client.force_login(getattr(submitted, who))
    for url in (
        reverse("due_detail", args=[submitted.due.pk]),
        reverse("submission_detail", args=[submitted.submission.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 200
        history = _history(response)
        assert history, url
        html = response.content.decode()
        assert "Lịch sử thay đổi" in html
        name = person_name(submitted.secretary)
        assert name in html
    due_history = _history(client.get(reverse("due_detail", args=[submitted.due.pk])))
    state_change = next(entry for entry in due_history if entry.action == "Sửa" and entry.model is Due)
    assert [(c.field, c.before, c.after) for c in state_change.changes if c.field == "Trạng thái"] == [
        ("Trạng thái", "Chưa đến hạn", "Đã nộp")
    ]


def test_a_sibling_secretary_never_sees_the_history(client, submitted):
    client.force_login(submitted.sibling)
    assert client.get(reverse("due_detail", args=[submitted.due.pk])).status_code == 404
    assert client.get(reverse("submission_detail", args=[submitted.submission.pk])).status_code == 404
    # Their own due's page shows their own history only.
    response = client.get(reverse("due_detail", args=[submitted.sibling_due.pk]))
    assert all(entry.model is not Submission for entry in _history(response))


def test_a_superior_organization_sees_the_due_but_not_its_history(client, submitted):
    superior = make_member(submitted.committee, username="bithu.khoi")  # the bloc committee, not its office
    client.force_login(superior)
    response = client.get(reverse("due_detail", args=[submitted.due.pk]))
    assert response.status_code == 200
    assert _history(response) is None
    assert "Lịch sử thay đổi" not in response.content.decode()


def test_the_plan_page_shows_the_plan_and_its_tasks_history_to_staff_only(client, world):
    from tests.factories import SectionFactory, TaskFactory

    with set_actor(world.staff):
        section = SectionFactory(plan=world.plan, title="Nhiệm vụ")
        task = TaskFactory(plan=world.plan, section=section, text="Tổ chức quán triệt")
        AssignmentFactory(task=task, organization=world.org)
    client.force_login(world.staff)
    response = client.get(reverse("plan_detail", args=[world.plan.pk]))
    assert {entry.model for entry in response.context["history"]} >= {Section}
    # The tasks' own history: the new one and its assignment, and the world's tasks with their units.
    assert {entry.model for entry in response.context["task_history"]} == {Task, Assignment, TaskUnit}
    html = response.content.decode()
    assert "Lịch sử thay đổi các nhiệm vụ của kế hoạch" in html and "<details" in html
    page = client.get(reverse("task_edit", args=[world.plan.pk, task.pk]))
    assert {entry.model for entry in page.context["history"]} == {Task, Assignment}

    client.force_login(world.secretary)  # the secretary of an organization that carries the task out
    response = client.get(reverse("plan_detail", args=[world.plan.pk]))
    if response.status_code == 200:
        assert response.context["history"] is None and response.context["task_history"] is None


def test_the_document_page_shows_its_history_to_the_staff_who_manage_it(client, world):
    with set_actor(world.staff):
        document = DocumentFactory(symbol="9-HD/ĐUK", issuer=world.committee, title="Cũ")
        document.title = "Mới"
        document.save()
    client.force_login(world.staff)
    response = client.get(reverse("document_detail", args=[document.pk]))
    (change, creation) = response.context["history"]
    assert [(c.field, c.before, c.after) for c in change.changes] == [("Trích yếu", "“Cũ”", "“Mới”")]
    assert creation.action == "Tạo mới"
    html = response.content.decode()
    assert f"{person_name(world.staff)} đổi trích yếu từ “Cũ” thành “Mới”." in html
    assert f"{timezone.localtime(change.timestamp):%d/%m/%Y %H:%M}" in html
    # Another bloc's office does not see the document at all.
    client.force_login(world.outsider_staff)
    assert client.get(reverse("document_detail", args=[document.pk])).status_code == 404


def test_values_are_shown_in_words(client, world):
    with set_actor(world.staff):
        due = Due.objects.get(pk=world.due.pk)
        due.due_on = datetime.date(2023, 3, 15)
        due.organization = world.sub_cell
        due.save()
    (entry,) = [e for e in audit_history(due) if e.action == "Sửa"]
    changes = {c.field: (c.before, c.after) for c in entry.changes}
    assert changes["Ngày đến hạn"] == ("28/02/2023", "15/03/2023")
    assert changes["Tổ chức"] == (world.org.name, world.sub_cell.name)
    assert entry.actor == person_name(world.staff)


# --- a fixed number of queries -------------------------------------------------------------------------------


@pytest.mark.parametrize("versions", [1, 4])
def test_the_history_costs_the_same_queries_whatever_its_length(world, django_assert_num_queries, versions):
    from tasks.submissions.services import due_submit, submission_review

    with set_actor(world.secretary):
        for _ in range(versions):
            submission = due_submit(due=world.due, user=world.secretary, text="x", files=[pdf()])
            submission_review(
                submission=submission, reviewer=world.staff, decision="returned", reason="Thiếu"
            )
    due = Due.objects.get(pk=world.due.pk)
    from tasks.access.history import due_history

    with django_assert_num_queries(1):
        entries = due_history(due=due, full=True)
    assert len(entries) >= 4 * versions
    # An update that changed a foreign key names the row it points to: one more query per model named.
    with set_actor(world.staff):
        due.organization = world.sub_cell
        due.save()
    with django_assert_num_queries(2):
        due_history(due=due)


@pytest.mark.parametrize("versions", [1, 4])
def test_the_due_page_with_its_history_runs_a_fixed_number_of_queries(
    client, world, django_assert_num_queries, versions
):
    from tasks.submissions.services import due_submit, submission_review

    with set_actor(world.secretary):
        for _ in range(versions):
            submission = due_submit(due=world.due, user=world.secretary, text="x", files=[pdf()])
            submission_review(
                submission=submission, reviewer=world.staff, decision="returned", reason="Thiếu"
            )
    client.force_login(world.staff)
    url = reverse("due_detail", args=[world.due.pk])
    client.get(url)
    with django_assert_num_queries(DUE_PAGE_QUERIES):
        response = client.get(url, {"history": "all"})
    full = response.context["history"]
    assert len(full) >= 4 * versions
    with django_assert_num_queries(DUE_PAGE_QUERIES):
        response = client.get(url)
    assert len(response.context["history"]) == min(len(full), 10)


# savepoint, session, user, memberships, supervisions, due, versions, their files, history, unread
# notifications, the office's follow-up (its actions on the due, the comment thread, today's reminder),
# release
DUE_PAGE_QUERIES = 14


def test_moving_an_organization_in_the_admin_records_its_new_place(client, world):
    cell = world.cell
    before = cell.path
    admin_user = _admin_user("change_organization", "view_organization")
    client.force_login(admin_user)
    response = client.post(
        "/admin/organizations/organization/move/",
        {"node": cell.pk, "target": world.org.pk, "relation": "child"},
    )
    assert response.status_code == 200
    cell.refresh_from_db()
    assert cell.path.startswith(world.org.path) and cell.path != before
    entry = entries_for(cell, Action.UPDATE).get(changes__has_key="path")
    assert entry.actor == admin_user
    assert entry.changes["path"] == [before, cell.path]


# --- the history in sentences (issue 17 item 5) -----------------------------------------------------------


def _history_text(html: str) -> str:
    """The history section's text, tags stripped."""
    import re

    section = re.search(r'<section class="mt-4 history".*?</section>', html, re.S)
    assert section, "no history section"
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", section.group(0)))


def test_a_change_reads_as_a_vietnamese_sentence_with_dates_and_labels(client, world):
    with set_actor(world.staff):
        due = Due.objects.get(pk=world.due.pk)
        due.due_on = datetime.date(2023, 6, 30)
        due.save()
    client.force_login(world.staff)
    html = client.get(reverse("due_detail", args=[due.pk])).content.decode()
    text = _history_text(html)
    assert f"{person_name(world.staff)} đổi ngày đến hạn từ 28/02/2023 thành 30/06/2023." in text
    # The subject names the period in words, never its code.
    assert "once" not in text and "Một lần" in text


def test_a_submission_reads_in_words_with_the_file_name_and_no_raw_values(client, submitted):
    client.force_login(submitted.staff)
    html = client.get(reverse("submission_detail", args=[submitted.submission.pk])).content.decode()
    text = _history_text(html)
    name = person_name(submitted.secretary)
    assert f"{name} tạo bài nộp: lần nộp 1, nội dung “Đã làm”, tình hình thực hiện Đang thực hiện" in text
    stored = SubmissionFile.objects.get(submission=submitted.submission)
    assert f"tên tệp “{stored.original_name}”" in text and f"tệp {stored.original_name}" in text
    # No storage path, checksum, English field name or code, escaped or raw JSON.
    assert stored.file.name not in text and "submissions/" not in text
    assert stored.sha256 not in text
    for raw in ("Version", "Sha256", "in_progress", "\\u", "&quot;", "[", "→"):
        assert raw not in text, raw


def test_a_json_list_reads_as_words(client, world):
    with set_actor(world.staff):
        assignment = AssignmentFactory(
            task=world.dated,
            organization=world.committee,
            scope="children",
            kinds=["grassroots_cell"],
            label="Các chi bộ",
        )
    client.force_login(world.staff)
    html = client.get(reverse("task_edit", args=[world.plan.pk, assignment.task_id])).content.decode()
    text = _history_text(html)
    assert "“Chi bộ cơ sở”" in text
    assert "grassroots_cell" not in text and "&quot;" not in text and "\\u" not in text


def test_the_history_shows_the_last_ten_with_a_link_to_the_rest(client, world):
    with set_actor(world.staff):
        due = Due.objects.get(pk=world.due.pk)
        for day in range(1, 13):
            due.due_on = datetime.date(2023, 7, day)
            due.save()
    client.force_login(world.staff)
    url = reverse("due_detail", args=[due.pk])
    response = client.get(url)
    text = _history_text(response.content.decode())
    assert len(response.context["history"]) == 10 and response.context["history"].more
    assert "từ 11/07/2023 thành 12/07/2023" in text  # the newest
    assert "thành 01/07/2023" not in text  # older than the last ten
    assert "Xem toàn bộ lịch sử" in text and 'href="?history=all#history"' in response.content.decode()
    everything = client.get(url, {"history": "all"})
    full_text = _history_text(everything.content.decode())
    assert "thành 01/07/2023" in full_text and "Xem toàn bộ lịch sử" not in full_text
    assert len(everything.context["history"]) > 10


def test_the_history_shows_the_time_of_a_backdated_event(client, world):
    from tasks.submissions.services import due_submit

    moment = timezone.make_aware(datetime.datetime(2023, 2, 20, 9, 15))
    with set_actor(world.secretary):
        submission = due_submit(due=world.due, user=world.secretary, text="Đã làm", at=moment)
    entry = LogEntry.objects.get_for_object(submission).get()
    assert entry.timestamp == moment
    client.force_login(world.staff)
    text = _history_text(client.get(reverse("submission_detail", args=[submission.pk])).content.decode())
    assert "20/02/2023 09:15" in text


def test_a_password_change_is_told_without_values(world):
    from organizations.audit.trail import audit_history

    with set_actor(world.staff):
        world.secretary.set_password("another-password-1")
        world.secretary.save()
    (entry,) = [e for e in audit_history(world.secretary) if e.kind == "changed"]
    assert entry.sentence == f"{person_name(world.staff)} đổi mật khẩu."
