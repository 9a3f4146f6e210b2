"""Issue 17's "Broken or misleading" items that are about the browser (1, 2, 4), on the demo data."""

import pytest
from playwright.sync_api import expect

from tests.browser.site import PHONE, Site

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


def main_pages(page) -> list[str]:
    """The pages of the navigation bar (the menu folded into its button on a phone), in order."""
    nav = page.get_by_role("navigation", name="Điều hướng chính")
    hrefs = nav.locator("a.nav-link[href^='/']").evaluate_all(
        "links => links.map(a => a.getAttribute('href'))"
    )
    return [href for href in dict.fromkeys(hrefs) if not href.startswith("/admin")]


@pytest.mark.parametrize("username", ["bithu.taichinh", "vanphong"])
def test_every_main_page_fits_a_phone(site: Site, username):
    """Item 4: at 390 px no main page is wider than the window (check_page), lists are cards."""
    phone = site.login(username, viewport=PHONE)
    pages = main_pages(phone)
    assert len(pages) >= 4, pages
    for path in pages:
        phone.goto(site.url(path))
        site.check_page(phone)
    if username == "vanphong":  # and a plan's page, the longest of the office's
        phone.goto(site.url("/plans/"))
        phone.get_by_role("link", name="62-KH/ĐUK").first.click()
        site.check_page(phone)


def test_the_to_do_list_is_cards_on_a_phone(site: Site):
    """Item 4: the Nộp / Nộp lại buttons on screen, the task's words on lines of a readable width."""
    phone = site.login("bithu.taichinh", viewport=PHONE)
    phone.goto(site.url("/dues/"))
    site.shot(phone, "17-todo-phone")
    buttons = phone.locator("table.table-cards tbody a.btn")
    assert buttons.count() > 0
    for button in buttons.all()[:10]:
        box = button.bounding_box()
        assert box and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], box
    first = phone.locator("table.table-cards tbody tr td").first
    assert first.bounding_box()["width"] > PHONE["width"] * 0.7  # a card's full width, not a narrow column
    # Each cell says what it is, as the header would.
    expect(phone.locator("table.table-cards tbody td[data-label]").first).to_be_visible()


def test_the_office_adds_a_half_year_report_from_the_plan_page_on_a_phone(site: Site):
    """Issue 12: the plan's reporting calendar and its form at 390 px, confirmed, then the new report dues."""
    phone = site.login("vanphong", viewport=PHONE)
    phone.goto(site.url("/plans/"))
    phone.get_by_role("link", name="62-KH/ĐUK").first.click()
    calendar = phone.locator("#reporting-calendar")
    expect(calendar.get_by_role("heading", name="Lịch báo cáo")).to_be_visible()
    calendar.get_by_text("Thêm kỳ báo cáo 6 tháng").first.click()
    expect(calendar.locator("input[name=day]")).to_have_value("15")
    site.check_page(phone)
    site.shot(phone, "12-half-year-phone")
    for field in (calendar.locator("input[name=day]"), calendar.locator("select[name=month]")):
        box = field.bounding_box()
        assert box and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], box
    calendar.get_by_label("Tôi xác nhận", exact=False).check()
    calendar.get_by_role("button", name="Thêm kỳ báo cáo 6 tháng").click()
    expect(phone.get_by_text("Đã thêm kỳ báo cáo 6 tháng ngày 15/06")).to_be_visible()
    assert any("Thêm kỳ báo cáo 6 tháng cho kế hoạch này" in text for text in site.dialogs)
    expect(phone.locator("#reporting-calendar")).to_contain_text("Sáu tháng 15/06")
    site.check_page(phone)
