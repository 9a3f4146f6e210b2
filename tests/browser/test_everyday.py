"""Issue 17's everyday journeys in a real browser, on the demo data: the review queue (item 12) and the
navigation bar's search (item 9)."""

import pytest
from playwright.sync_api import expect

from tasks.models import Due
from tests.browser.site import Site
from tests.factories import submit_due

pytestmark = pytest.mark.browser


def test_the_office_accepts_several_submissions_from_the_review_queue(site: Site):
    # Two organizations hand something in (the demo's waiting submissions stay too).
    dues = list(Due.objects.filter(state=Due.State.OPEN).order_by("due_on", "pk")[:2])
    submitted = [submit_due(due, text="Báo cáo kết quả thực hiện") for due in dues]
    office = site.login("vanphong")
    office.get_by_role("navigation", name="Điều hướng chính").get_by_role("link", name="Chờ xem xét").click()
    expect(office.get_by_role("heading", level=1)).to_contain_text("Chờ xem xét")
    site.shot(office, "17-review-queue")
    for submission in submitted:
        office.locator(f'input[name="submission"][value="{submission.pk}"]').check()
    office.get_by_role("button", name="Tiếp nhận các bài đã đánh dấu").click()
    expect(office.locator(".alert-success")).to_contain_text("2 bài nộp đã được tiếp nhận")
    assert site.dialogs and site.dialogs[-1].startswith("Tiếp nhận mọi bài nộp"), site.dialogs
    assert set(Due.objects.filter(pk__in=[d.pk for d in dues]).values_list("state", flat=True)) == {
        "accepted"
    }


def test_the_search_box_finds_without_accents(site: Site):
    office = site.login("vanphong")
    box = office.locator("#nav-search")
    box.fill("nghi quyet")
    box.press("Enter")
    expect(office.get_by_role("heading", level=1)).to_contain_text("Tìm kiếm")
    expect(office.locator("#g-tasks")).to_contain_text("Nhiệm vụ")
    expect(office.locator("#g-documents")).to_contain_text("Văn bản")
    site.shot(office, "17-search")
