"""Issue 17's "Broken or misleading" items that are about the browser (1, 2, 4), on the demo data."""

import pytest
from playwright.sync_api import expect

from tests.browser.site import Site

pytestmark = pytest.mark.browser


def test_typing_dates_chooses_the_custom_period(site: Site):
    """Item 2: "Từ / Đến" typed select "Chọn ngày bên dưới"; choosing a period again clears them."""
    office = site.login("vanphong")
    office.goto(site.url("/plans/"))
    office.get_by_role("link", name="62-KH/ĐUK").first.click()
    office.get_by_role("link", name="Bảng theo dõi thực hiện").click()
    period = office.get_by_label("Kỳ", exact=True)
    office.get_by_label("Từ ngày", exact=True).fill("01/01/2024")
    office.get_by_label("Đến ngày", exact=True).fill("30/06/2024")
    expect(period).to_have_value("custom")
    office.get_by_role("button", name="Xem", exact=True).click()
    expect(office.locator("main")).to_contain_text("01/01/2024 – 30/06/2024")
    expect(period).to_have_value("custom")
    period.select_option("2024")
    expect(office.get_by_label("Từ ngày", exact=True)).to_have_value("")
    site.shot(office, "17-matrix-custom-period", wide=True)

    office.goto(site.url("/reports/"))
    office.get_by_label("Từ ngày", exact=True).fill("01/03/2024")
    expect(office.locator("#id_period")).to_have_value("custom")


def test_registering_a_guidance_ticks_the_waiting_tasks_as_typed(site: Site):
    """Item 1: typing an -HD/TU symbol and choosing Tỉnh ủy ticks the tasks waiting for that; with nothing
    ticked the error shows before any confirm box."""
    office = site.login("vanphong")
    office.goto(site.url("/plans/waiting/register/"))
    ticked = office.locator('#guidance-tasks input[name="tasks"]:checked')
    expect(ticked).to_have_count(0)
    issuer = office.locator("#id_issuer option", has_text="Tỉnh ủy Bình Định").first.get_attribute("value")
    office.locator("#id_issuer").select_option(issuer)
    expect(ticked).to_have_count(0)  # no type of document yet
    office.locator("#id_symbol").press_sequentially("15-HD/TU", delay=20)  # typed, the cursor stays there
    expect(ticked).not_to_have_count(0)
    expect(office.locator("#id_symbol")).to_be_focused()
    while ticked.count():
        ticked.first.uncheck()
    office.get_by_role("button", name="Vào sổ và bắt đầu các nhiệm vụ").click()
    expect(office.locator("#tasks-error-live")).to_be_visible()
    assert site.dialogs == []  # no confirm box for a form that cannot succeed
    # (Not while a text field has the focus: the screenshot's caret-hiding style would break the CSP.)
    site.shot(office, "17-guidance-nothing-ticked")
