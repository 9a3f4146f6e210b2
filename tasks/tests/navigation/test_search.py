"""The navigation bar's search: every kind found, diacritics ignored, scoped to what the user may see."""

import pytest
from django.urls import reverse

from tasks.navigation import search_views
from tests.factories import DocumentFactory, DueFactory, OrganizationFactory, submit_due

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(world):
    world.submission = submit_due(world.due, world.secretary, text="x", document_symbol="15-BC/ĐU")
    return world


def more_dues(world, n: int = 6):
    for i in range(n):
        DueFactory(
            task=world.dated, organization=OrganizationFactory(parent=world.committee, name=f"Chi bộ {i}")
        )


def search(client, user, q, **extra):
    client.force_login(user)
    return client.get(reverse("search"), {"q": q, **extra})


def test_staff_find_tasks_dues_submissions_and_organizations_without_accents(client, world):
    html = search(client, world.staff, "xay dung ke hoach nghi quyet").content.decode()
    assert world.dated.label in html
    assert reverse("plan_detail", args=[world.plan.pk]) in html
    assert reverse("due_detail", args=[world.due.pk]) in html
    assert reverse("due_detail", args=[world.sibling_due.pk]) in html
    assert reverse("submission_detail", args=[world.submission.pk]) in html
    org_html = search(client, world.staff, world.org.name_folded).content.decode()
    assert world.org.name in org_html


def test_a_task_number_finds_that_task_and_those_under_it_only(client, world):
    html = search(client, world.staff, "ii.2.1", kind="tasks").content.decode()
    assert world.annual.label in html and world.waiting.label in html
    assert world.dated.label not in html and world.ongoing.label not in html


def test_documents_are_found_by_symbol_and_words(client, world):
    document = DocumentFactory(symbol="21-NQ/TW", title="Nghị quyết về tổ chức cơ sở đảng")
    html = search(client, world.staff, "to chuc co so").content.decode()
    assert reverse("document_detail", args=[document.pk]) in html


def test_a_secretary_finds_only_their_own_organizations_obligations(client, world):
    html = search(client, world.secretary, "xay dung").content.decode()
    assert reverse("due_detail", args=[world.due.pk]) in html
    assert reverse("submission_detail", args=[world.submission.pk]) in html
    assert reverse("due_detail", args=[world.sibling_due.pk]) not in html
    assert world.sibling_org.name not in html
    # Secretaries have no plan pages: tasks are found through their obligations.
    assert reverse("plan_detail", args=[world.plan.pk]) not in html


def test_an_outsider_finds_nothing_of_theirs(client, world):
    response = search(client, world.outsider_secretary, "xay dung")
    assert response.status_code == 200
    html = response.content.decode()
    assert reverse("due_detail", args=[world.due.pk]) not in html
    assert world.org.name not in html
    assert "Không tìm thấy" in html


def test_anonymous_is_sent_to_log_in(client):
    response = client.get(reverse("search"), {"q": "x"})
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_an_empty_query_explains_what_to_type(client, world):
    html = search(client, world.staff, "   ").content.decode()
    assert "Gõ số hiệu nhiệm vụ" in html


def test_the_query_count_is_fixed(client, world, django_assert_num_queries):
    url = reverse("search")
    search(client, world.staff, "xay dung")  # signed in, session warm
    with django_assert_num_queries(16):
        client.get(url, {"q": "xay dung"})
    more_dues(world)
    with django_assert_num_queries(16):
        client.get(url, {"q": "xay dung"})
    with django_assert_num_queries(10):
        assert client.get(url, {"q": "xay dung", "kind": "dues"}).status_code == 200


def test_one_kind_is_paginated_and_keeps_the_query(client, world, monkeypatch):
    more_dues(world)
    html = search(client, world.staff, "xay dung").content.decode()
    assert "kind=dues" in html  # "see all" of the dues, more than the preview shows
    monkeypatch.setattr(search_views, "PAGE_SIZE", 3)
    html = search(client, world.staff, "xay dung", kind="dues", page="2").content.decode()
    assert "kind=dues&amp;page=3" in html and "kind=dues&amp;page=1" in html
    assert reverse("submission_detail", args=[world.submission.pk]) not in html  # one kind only


def test_the_navigation_bar_has_the_search_box(client, world):
    client.force_login(world.secretary)
    html = client.get(reverse("due_list")).content.decode()
    assert f'action="{reverse("search")}"' in html and 'id="nav-search"' in html
