"""The coverage of 62-KH/ĐUK by the demo's implementation plans (docs/domain.md §8.1), in a real browser, on
a desktop and at 390 px: reached from the plan page by its office."""

import pytest
from playwright.sync_api import expect

from plans.models import Plan
from tests.browser.site import PHONE, Site

pytestmark = pytest.mark.browser


def test_the_office_opens_the_coverage_of_62_kh_duk_from_its_plan_page(site: Site):
    plan = Plan.objects.get(document__symbol="62-KH/ĐUK")
    for viewport in (None, PHONE):
        page = site.login("vanphong", viewport=viewport)
        page.goto(site.url(f"/plans/{plan.pk}/"))
        page.get_by_role("link", name="Kế hoạch thực hiện").click()
        expect(page.get_by_role("heading", level=1)).to_contain_text("62-KH/ĐUK")
        table = page.locator("table.coverage-table")
        expect(table.get_by_role("rowheader", name="Đảng bộ Sở Tài chính")).to_be_visible()
        expect(table).to_contain_text("05-KH/ĐU")
        expect(table).to_contain_text("30/04/2023")  # Sở Giáo dục's date after the bloc's 28/02/2023
        site.shot(page, "coverage-phone" if viewport else "coverage")
