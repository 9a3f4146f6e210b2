"""The plan list, the plan page (section tree, deadlines in words, units, progress by state) and editing a task."""

import datetime
from collections import Counter
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from tasks.models import Assignment, Due, Task, TaskUnit
from tasks.monitoring.progress import plan_status_counts
from tasks.planning.dues import task_regenerate_dues
from tests.factories import PlanFactory, SectionFactory, TaskFactory, TaskUnitFactory, make_member
from tests.world import add_cells, hand_in_the_dated_task, login_url_for

pytestmark = pytest.mark.django_db

LOCAL = ZoneInfo("Asia/Ho_Chi_Minh")
TODAY = datetime.datetime(2023, 3, 15, 10, 0, tzinfo=LOCAL)


@pytest.fixture(autouse=True)
def frozen_time():
    with time_machine.travel(TODAY, tick=False):
        yield


def _tasks_in(sections):
    for section in sections:
        yield from section.task_list
        yield from _tasks_in(section.child_sections)


@pytest.fixture
def states(world):
    """The world's plan on 15/03/2023, its dated task (due 28/02/2023) handed in in every state."""
    Task.objects.filter(pk=world.ongoing.pk).update(kind_explicit=False)  # inferred: to review
    return hand_in_the_dated_task(world)


# --- access -----------------------------------------------------------------------------------------
def test_it_redirects_anonymous_to_login(client, world, states):
    for url in (
        reverse("plan_list"),
        reverse("plan_detail", args=[world.plan.pk]),
        reverse("task_edit", args=[world.plan.pk, world.dated.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"] == login_url_for(url)


def test_member_and_outsider_do_not_edit_the_plan(client, world, states):
    # A member whose organization owes something under the plan reads it (issue 17, item 14:
    # tasks/tests/planning/test_plan_reading.py); an outsider does not.
    client.force_login(world.outsider_staff)
    assert client.get(reverse("plan_detail", args=[world.plan.pk])).status_code == 404
    for user in (world.secretary, world.outsider_staff):
        client.force_login(user)
        assert client.get(reverse("task_edit", args=[world.plan.pk, world.dated.pk])).status_code == 404
        response = client.post(
            reverse("task_edit", args=[world.plan.pk, world.dated.pk]),
            {"kind": "ongoing", "short_title": "Đổi"},
        )
        assert response.status_code == 404
        assert world.plan not in client.get(reverse("plan_list")).context["page"].object_list
    task = Task.objects.get(pk=world.dated.pk)
    assert (task.kind, task.short_title) == (Task.Kind.DATED, "")


def test_a_task_of_another_plan_is_not_found_under_this_plan(client, world, states):
    other = TaskFactory(plan=PlanFactory(owner=world.committee))
    client.force_login(world.staff)
    assert client.get(reverse("task_edit", args=[world.plan.pk, other.pk])).status_code == 404


# --- the plan list ----------------------------------------------------------------------------------
def test_plan_list_shows_the_owners_plans_with_counts(client, world, states):
    client.force_login(world.staff)
    response = client.get(reverse("plan_list"))
    (plan,) = response.context["page"].object_list
    assert plan == world.plan
    assert plan.task_count == 4
    assert plan.waiting_count == 1
    assert "62-KH/ĐUK" in response.content.decode()
    assert list(client.get(reverse("plan_list"), {"q": "62-kh/duk"}).context["page"].object_list) == [
        world.plan
    ]
    assert not client.get(reverse("plan_list"), {"year": "2030"}).context["page"].object_list


# --- the plan page -----------------------------------------------------------------------------------
def test_plan_page_shows_the_tree_deadlines_units_and_assignees(client, world, states):
    client.force_login(world.staff)
    response = client.get(reverse("plan_detail", args=[world.plan.pk]))
    body = response.content.decode()
    assert response.status_code == 200
    top = response.context["sections"]
    assert [s.label for s in top] == ["I", "II"]
    assert [s.label for s in top[1].child_sections] == ["2.1"]
    assert [t.pk for t in _tasks_in(top)] == [t.pk for t in world.tasks]  # II's tasks, then those of 2.1
    for words in ("Thường xuyên", "Hằng năm (hạn 15/12)", "Trước 28/02/2023", "Chờ hướng dẫn của Tỉnh ủy"):
        assert words in body
    assert "cần xem lại" in body  # the inferred deadline of the ongoing task
    assert "Ban Tuyên giáo Đảng ủy Khối" in body and "Văn phòng Đảng ủy Khối" in body  # lead, coordinating
    assert "Các tổ chức cơ sở đảng" in body
    assert reverse("task_edit", args=[world.plan.pk, world.dated.pk]) in body
    # Each task named by its number first, then its short title, above its full text.
    assert [t.number for t in _tasks_in(top)] == ["II.a", "II.b", "II.2.1.a", "II.2.1.b"]
    assert [t.label for t in _tasks_in(top)] == [t.label for t in world.tasks]
    for task in world.tasks:
        assert f'<p class="fw-semibold mb-1">{task.label}</p>' in body


def test_a_wording_carried_by_a_predecessor_and_its_successor_is_shown_once(client, world, states):
    # A reorganization adds the successor's assignment beside its predecessor's, with the plan's wording.
    first = Assignment.objects.filter(task=world.dated).order_by("position", "pk").first()
    Assignment.objects.create(
        task=world.dated, label=first.label, scope=first.scope, organization=world.sibling_org, position=0
    )
    client.force_login(world.staff)
    sections = client.get(reverse("plan_detail", args=[world.plan.pk])).context["sections"]
    line = next(t for t in _tasks_in(sections) if t.pk == world.dated.pk)
    assert line.assignees.count(first.label) == 1


def test_plan_page_counts_match_the_dues(client, world, states):
    client.force_login(world.staff)
    response = client.get(reverse("plan_detail", args=[world.plan.pk]))
    today = TODAY.date()
    tasks = {task.pk: task for task in _tasks_in(response.context["sections"])}
    for pk, task in tasks.items():
        expected = Counter(due.status_on(today) for due in Due.objects.filter(task_id=pk))
        assert dict(task.progress) == dict(expected), task.text
        assert task.due_count == sum(expected.values())
    assert dict(tasks[world.dated.pk].progress) == {
        "overdue": 1,
        "submitted": 1,
        "late": 1,
        "accepted": 1,
        "returned": 1,
    }
    assert tasks[world.waiting.pk].is_waiting
    body = response.content.decode()
    block = body.split(f'data-task-progress="{world.dated.pk}"', 1)[1].split("</dd>", 1)[0]
    for word in ("Quá hạn", "Đã nộp", "Nộp muộn", "Đã tiếp nhận", "Bị trả lại"):
        assert word in block


def test_remembered_counts_follow_a_new_submission(client, world, states):
    from tasks.submissions.services import due_submit

    client.force_login(world.staff)
    url = reverse("plan_detail", args=[world.plan.pk])

    def dated_progress():
        tasks = {task.pk: task for task in _tasks_in(client.get(url).context["sections"])}
        return dict(tasks[world.dated.pk].progress)

    before = dated_progress()
    overdue = Due.objects.get(task=world.dated, state=Due.State.OPEN)
    due_submit(due=overdue, user=world.staff, text="Báo cáo")
    after = dated_progress()
    assert before["overdue"] == 1 and "overdue" not in after
    assert after["late"] == before["late"] + 1


OUTLINE = "tasks/partials/plan_section.html"


def _rendered(response) -> set[str]:
    return {template.name for template in response.templates}


def _outline(response) -> str:
    """The section tree, without the audit trail below it (which names old values too)."""
    body = response.content.decode()
    return body.split('<div class="section-tree">', 1)[1].split('class="mt-4 history"', 1)[0]


def test_the_outline_is_rendered_once_and_follows_every_change_it_shows(client, world, states):
    from tasks.submissions.services import due_submit

    """The rendered outline is kept under a digest of what it shows (tasks.planning.outline): an unchanged plan is
    served from the cache; changing a unit, an assignee, a deadline or a count, even behind the ORM's back
    (no signal), shows at once."""
    client.force_login(world.staff)
    url = reverse("plan_detail", args=[world.plan.pk])
    assert OUTLINE in _rendered(client.get(url))
    again = client.get(url)
    assert OUTLINE not in _rendered(again)
    assert "Ban Tuyên giáo Đảng ủy Khối" in again.content.decode()

    TaskUnit.objects.filter(name="Ban Tuyên giáo Đảng ủy Khối").update(name="Ban Dân vận Đảng ủy Khối")
    Assignment.objects.filter(label="Các tổ chức cơ sở đảng").update(label="Các chi bộ cơ sở")
    Task.objects.filter(pk=world.dated.pk).update(due_on=datetime.date(2023, 4, 30))
    Task.objects.filter(pk=world.annual.pk).update(number="II.2.1.x", short_title="Bồi dưỡng cấp ủy")
    changed = client.get(url)
    body = _outline(changed)
    assert OUTLINE in _rendered(changed)
    assert "II.2.1.x – Bồi dưỡng cấp ủy" in body and world.annual.number not in body  # II.2.1.a
    assert "Ban Dân vận Đảng ủy Khối" in body and "Ban Tuyên giáo Đảng ủy Khối" not in body
    assert "Các chi bộ cơ sở" in body and "Các tổ chức cơ sở đảng" not in body
    assert "Trước 30/04/2023" in body and "Trước 28/02/2023" not in body

    # A count changes through the services, which the remembered counts follow (tasks.monitoring.compliance).
    due_submit(due=states.dues["overdue"], user=world.staff, text="Báo cáo")
    block = _outline(client.get(url)).split(f'data-task-progress="{world.dated.pk}"', 1)[1]
    block = block.split("</dd>", 1)[0]
    assert "Quá hạn" not in block and "Nộp muộn" in block


def test_a_remembered_outline_is_not_shown_to_a_viewer_who_may_not_edit_or_in_another_language(
    client, world, states
):
    client.force_login(world.staff)
    url = reverse("plan_detail", args=[world.plan.pk])
    edit = reverse("task_edit", args=[world.plan.pk, world.dated.pk])
    assert edit in client.get(url).content.decode()

    client.cookies["django_language"] = "en"
    english = _outline(client.get(url))
    assert "Before 28/02/2023" in english and "Carrying out" in english and edit in english

    client.cookies["django_language"] = "vi"
    client.force_login(make_member(world.committee))  # a member of the committee, not of its office
    body = _outline(client.get(url))
    assert "Trước 28/02/2023" in body and "Thực hiện" in body
    assert edit not in body


def test_counts_follow_the_committee_calendar_day(world, states):
    """The SQL rule agrees with tasks.planning.deadlines.due_status for every due, including the late-by-timezone one."""
    from organizations.access import Access

    counts = plan_status_counts(plan=world.plan, access=Access.for_user(world.staff), today=TODAY.date())
    assert counts[world.dated.pk]["late"] == 1
    late = states.dues["late"]
    late.refresh_from_db()
    assert late.status_on(TODAY.date()) == "late"


def test_plan_page_hides_edit_links_from_viewers_who_do_not_manage(client, world, states):
    viewer = make_member(world.committee)  # a member of the committee itself, not of its office
    client.force_login(viewer)
    response = client.get(reverse("plan_detail", args=[world.plan.pk]))
    assert response.status_code == 200
    assert reverse("task_edit", args=[world.plan.pk, world.dated.pk]) not in response.content.decode()
    assert client.get(reverse("task_edit", args=[world.plan.pk, world.dated.pk])).status_code == 404


# --- editing a task ---------------------------------------------------------------------------------
def _value(value):
    if isinstance(value, datetime.date):
        return value.strftime("%d/%m/%Y")
    return value


def _post_data(response, **changes):
    """Everything the edit page shows, as the browser would send it back, with `changes` applied."""
    data = {}
    forms = [
        response.context["rule_form"],
        response.context["units_form"],
        response.context["assignments"].management_form,
    ]
    forms += list(response.context["assignments"].forms)
    for form in forms:
        for field in form:
            value = field.value()
            if value is None or value is False:
                continue
            if value is True:
                data[field.html_name] = "on"
            elif isinstance(value, list | tuple):
                data[field.html_name] = [str(v) for v in value]
            else:
                data[field.html_name] = _value(value)
    for key, value in changes.items():
        if value is None:
            data.pop(key, None)
        else:
            data[key] = value
    return data


def test_task_edit_regenerates_dues_and_keeps_those_with_submissions(client, world, states):
    url = reverse("task_edit", args=[world.plan.pk, world.dated.pk])
    client.force_login(world.staff)
    page = client.get(url)
    assert page.status_code == 200
    forms = page.context["assignments"].forms
    # Narrow the group rule to the grassroots cells, which drops the two grassroots committees: Sở Y tế has
    # handed in (and was returned), Sở Tài chính never did. Add the subordinate cells of Sở Tài chính as a
    # group rule of their own.
    data = _post_data(
        page,
        due_on="31/03/2023",
        **{
            "assignments-0-kinds": ["grassroots_cell"],
            f"assignments-{len(forms) - 1}-organization": str(world.org.pk),
            f"assignments-{len(forms) - 1}-scope": "children",
            f"assignments-{len(forms) - 1}-kinds": ["sub_cell"],
            "lead_organizations": [str(world.organization_board.pk)],
            "lead_names": "Ban Tổ chức Tỉnh ủy",
        },
    )
    response = client.post(url, data, follow=True)
    assert response.status_code == 200
    dues = Due.objects.filter(task=world.dated)
    submitted_org = states.returned
    removed_org = states.overdue
    assert dues.filter(organization=submitted_org).exists()  # kept: it has a submission
    assert not dues.filter(organization=removed_org).exists()  # deleted: nothing was submitted
    assert set(dues.filter(organization=world.sub_cell).values_list("due_on", flat=True)) == {
        datetime.date(2023, 3, 31)
    }
    kept = dues.get(organization=submitted_org)
    assert kept.due_on == datetime.date(2023, 2, 28)  # an obsolete due keeps its date
    assert set(dues.exclude(organization=submitted_org).values_list("due_on", flat=True)) == {
        datetime.date(2023, 3, 31)
    }
    # New for the subordinate cell (its deliverable and its three yearly reports) and the Ban Tổ chức's own
    # work now that it leads; a new date for the three cells; Sở Tài chính's deleted, Sở Y tế's kept.
    assert "tạo mới 5, đổi ngày 3, xóa 1, giữ lại 1" in response.content.decode()
    assert Assignment.objects.get(task=world.dated, organization=world.org).label.startswith(
        "Các tổ chức trực thuộc"
    )
    units = TaskUnit.objects.filter(task=world.dated, role=TaskUnit.Role.LEAD).order_by("position")
    assert [(u.name, u.organization_id) for u in units] == [
        ("Ban Tổ chức Đảng ủy Khối", world.organization_board.pk),
        ("Ban Tổ chức Tỉnh ủy", None),
    ]


def test_the_office_gives_a_task_its_short_title(client, world, states):
    url = reverse("task_edit", args=[world.plan.pk, world.dated.pk])
    client.force_login(world.staff)
    page = client.get(url)
    body = page.content.decode()
    derived = "Xây dựng kế hoạch thực hiện Nghị quyết của cấp ủy cơ sở"  # the text until its first comma
    assert world.dated.label == f"II.b – {derived}" and world.dated.label in body  # until one is given
    assert f'placeholder="{derived}"' in body
    response = client.post(url, _post_data(page, short_title="  Kế hoạch thực hiện Nghị quyết  "))
    assert response.status_code == 302
    task = Task.objects.get(pk=world.dated.pk)
    assert (task.short_title, task.label) == (
        "Kế hoạch thực hiện Nghị quyết",
        "II.b – Kế hoạch thực hiện Nghị quyết",
    )
    assert "II.b – Kế hoạch thực hiện Nghị quyết" in _outline(client.get(response["Location"]))

    response = client.post(url, _post_data(page, short_title="x" * 121))
    assert response.status_code == 200 and "tối đa 120" in response.content.decode()
    assert Task.objects.get(pk=world.dated.pk).short_title == "Kế hoạch thực hiện Nghị quyết"
    client.post(url, _post_data(page, short_title=""))
    assert Task.objects.get(pk=world.dated.pk).label == world.dated.label


def test_task_edit_shows_rule_errors_next_to_the_fields(client, world, states):
    url = reverse("task_edit", args=[world.plan.pk, world.dated.pk])
    client.force_login(world.staff)
    page = client.get(url)
    response = client.post(url, _post_data(page, due_on=None))
    body = response.content.decode()
    assert response.status_code == 200
    assert "Nhiệm vụ có thời hạn cần có ngày đến hạn." in body
    assert 'id="id_due_on"' in body and "is-invalid" in body.split('id="id_due_on"')[0].rsplit("<input", 1)[1]
    response = client.post(url, _post_data(page, kind="annual", annual_day="15", annual_month=None))
    assert "Nhập cả ngày và tháng của hạn hằng năm" in response.content.decode()
    task = Task.objects.get(pk=world.dated.pk)
    assert (task.kind, task.due_on) == (Task.Kind.DATED, datetime.date(2023, 2, 28))


def test_switching_the_kind_clears_the_fields_of_the_old_kind(client, world, states):
    url = reverse("task_edit", args=[world.plan.pk, world.dated.pk])
    client.force_login(world.staff)
    page = client.get(url)
    response = client.post(url, _post_data(page, kind="annual"))
    assert response.status_code == 302
    task = Task.objects.get(pk=world.dated.pk)
    assert (task.kind, task.due_on, task.precision) == (Task.Kind.ANNUAL, None, "")
    # An annual task without a day of its own is a line of the yearly report: only the dues that have
    # submissions are left of its deliverables (docs/domain.md §5).
    left = Due.objects.filter(task=task)
    assert set(left.values_list("period", flat=True)) == {"once"}
    assert all(due.submissions.exists() for due in left)


# --- query counts -----------------------------------------------------------------------------------
def _sized_plan(world, size: int):
    """Another plan of the committee with `size` tasks of every kind, owed by the world's grassroots
    organizations and `size` more cells; a few of its dues handed in."""
    add_cells(world, size)
    plan = PlanFactory(owner=world.committee)
    sections = [
        SectionFactory(plan=plan, label=str(i + 1), title=f"Mục {i + 1}") for i in range(max(2, size // 5))
    ]
    for i in range(size):
        section = sections[i % len(sections)]
        kind = ("ongoing", "annual", "dated", "triggered")[i % 4]
        extra = {"dated": True} if kind == "dated" else {"annual": True} if kind == "annual" else {}
        if kind == "triggered":
            extra = {"triggered": True, "awaited_issuer": world.provincial}
        task = TaskFactory(plan=plan, section=section, assign_to=world.grassroots, **extra)
        TaskUnitFactory(task=task)
        task_regenerate_dues(task=Task.objects.get(pk=task.pk))
    Due.objects.filter(
        task__plan=plan, pk__in=Due.objects.filter(task__plan=plan).values("pk")[: size // 2]
    ).update(state=Due.State.SUBMITTED, first_submitted_at=datetime.datetime(2023, 3, 1, 12, tzinfo=LOCAL))
    return plan


@pytest.mark.parametrize("size", [3, 30])
def test_plan_page_query_count_does_not_grow(client, world, django_assert_num_queries, size):
    plan = _sized_plan(world, size)
    client.force_login(world.staff)
    client.get(reverse("plan_list"))
    # savepoint, session, user, memberships, supervisions, plan, reporting periods, sections, tasks, units,
    # assignments, data stamp, status counts and the journal position read with them, history (audit
    # trail), unread notifications, release
    with django_assert_num_queries(17):
        response = client.get(reverse("plan_detail", args=[plan.pk]))
    assert response.context["task_count"] == size
    # The next view reuses the remembered counts: the stamp is read, the dues are not counted again.
    with django_assert_num_queries(15):
        again = client.get(reverse("plan_detail", args=[plan.pk]))
    assert again.context["totals"] == response.context["totals"]


@pytest.mark.parametrize("size", [3, 30])
def test_plan_list_query_count_does_not_grow(client, world, django_assert_num_queries, size):
    for _ in range(size):
        plan = PlanFactory(owner=world.committee)
        TaskFactory(plan=plan)
        TaskFactory(plan=plan, triggered=True, awaited_issuer=world.provincial)
    client.force_login(world.staff)
    client.get(reverse("plan_list"))
    # savepoint, session, user, memberships, supervisions, count, page, unread notifications, release
    with django_assert_num_queries(9):
        response = client.get(reverse("plan_list"))
    assert response.context["page"].paginator.count == size + 1  # and the world's plan
