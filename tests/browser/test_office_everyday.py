"""Issue 17's everyday journeys in a real browser, on the demo data: forgetting one's password and choosing the
language from the user menu (item 15, issue 16 item 5)."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from tests.browser.conftest import NOW
from tests.browser.site import PHONE, Site

pytestmark = pytest.mark.browser

NEW_PASSWORD = "Sao-Khue-2026!"


def test_a_forgotten_password_is_reset_from_the_login_page(site: Site):
    mail.outbox.clear()
    page = site.new_page(viewport=PHONE)
    page.goto(site.url("/accounts/login/"))
    page.get_by_role("link", name="Quên mật khẩu?").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Quên mật khẩu?")
    site.shot(page, "17-password-reset-phone")
    page.get_by_label("Địa chỉ e-mail").fill("vanphong@binhdinh.example")
    page.get_by_role("button", name="Gửi liên kết").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Kiểm tra hộp thư")
    (message,) = mail.outbox
    link = re.search(r"https?://\S+/accounts/reset/\S+/", message.body).group(0)
    page.goto(link)
    expect(page.get_by_role("heading", level=1)).to_have_text("Chọn mật khẩu mới")
    page.locator("#id_new_password1").fill(NEW_PASSWORD)
    page.locator("#id_new_password2").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Lưu mật khẩu mới").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Đã đổi mật khẩu")
    page.get_by_role("link", name="Đăng nhập").click()
    page.get_by_label("Tên đăng nhập").fill("vanphong")
    page.get_by_label("Mật khẩu").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page).not_to_have_url(re.compile(r"/accounts/login/"))


def test_the_user_menu_switches_language_naming_each_in_its_own_words(site: Site):
    page = site.login("vanphong")
    menu = page.get_by_role("button", name="Lê Thị Minh Thư")
    menu.click()
    expect(page.get_by_role("button", name="Tiếng Việt")).to_be_visible()
    page.get_by_role("button", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("button", name="Log out", include_hidden=True)).to_have_count(1)
    page.get_by_role("button", name="Lê Thị Minh Thư").click()
    # Still named in their own words in English.
    expect(page.get_by_role("button", name="English")).to_be_visible()
    page.get_by_role("button", name="Tiếng Việt").click()
    expect(page.locator("html")).to_have_attribute("lang", "vi")
    site.shot(page, "17-language-back-to-vietnamese")


def _overdue_due_with_a_secretary():
    from organizations.models import Membership
    from tasks.models import Due

    # A grassroots organization's due (a deliverable or its periodic report), not the own work of the office,
    # whose people are the office's.
    overdue = (
        Due.objects.filter(state=Due.State.OPEN, due_on__lt=NOW.date())
        .exclude(kind=Due.Kind.OWN)
        .order_by("-due_on", "pk")
    )
    for due in overdue.select_related("organization"):
        member = (
            Membership.objects.filter(organization=due.organization, is_active=True)
            .select_related("user")
            .first()
        )
        if member is not None:
            return due, member.user
    raise AssertionError("the demo has an overdue due of an organization with a member")


def test_the_office_follows_a_due_up_and_talks_with_the_organization(site: Site):
    from tasks.models import Due, DueAction

    due, secretary = _overdue_due_with_a_secretary()
    office = site.login("vanphong")
    office.goto(site.url(f"/dues/{due.pk}/"))
    office.get_by_role("button", name="Nhắc hạn ngay").click()
    expect(office.locator(".alert-success")).to_contain_text("Đã nhắc hạn")
    expect(office.get_by_role("button", name="Nhắc hạn ngay")).to_be_disabled()
    # Extend, with a mistake first: the reason typed stays.
    office.locator("summary", has_text="Gia hạn").click()
    office.get_by_label("Hạn mới").fill("31/02/2026")
    office.locator("#id_extend-reason").fill("Chi bộ đang kiện toàn cấp ủy")
    office.get_by_role("button", name="Gia hạn", exact=True).click()
    expect(office.locator("#form-errors")).to_contain_text("dd/mm/yyyy")
    expect(office.locator("#id_extend-reason")).to_have_value("Chi bộ đang kiện toàn cấp ủy")
    office.get_by_label("Hạn mới").fill("31/03/2026")
    office.get_by_role("button", name="Gia hạn", exact=True).click()
    expect(office.locator(".alert-success")).to_contain_text("31/03/2026")
    expect(office.locator("#office-actions")).to_contain_text("Chi bộ đang kiện toàn cấp ủy")
    office.get_by_label("Tin nhắn").fill("Đề nghị đồng chí gửi bản có chữ ký.")
    office.get_by_role("button", name="Gửi", exact=True).click()
    expect(office.locator("#comments")).to_contain_text("Đề nghị đồng chí gửi bản có chữ ký.")
    site.shot(office, "17-due-office-follow-up")

    member = site.login(secretary.username, viewport=PHONE)
    member.goto(site.url("/notifications/"))
    expect(member.get_by_text("Có tin nhắn mới")).to_have_count(1)
    member.goto(site.url(f"/dues/{due.pk}/"))
    expect(member.get_by_role("button", name="Nhắc hạn ngay")).to_have_count(0)
    member.get_by_label("Tin nhắn").fill("Vâng, chi bộ sẽ gửi trước 31/03.")
    member.get_by_role("button", name="Gửi", exact=True).click()
    expect(member.locator("#comments li")).to_have_count(2)
    site.shot(member, "17-due-thread-phone")
    assert Due.objects.get(pk=due.pk).due_on.isoformat() == "2026-03-31"
    assert DueAction.objects.filter(due=due).count() == 2


def test_the_office_reminds_several_organizations_from_the_matrix(site: Site):
    from tasks.models import Due, DueAction

    # A column of the matrix: a task's deliverables of a period, or the periodic report of a period (no task).
    overdue = Due.objects.filter(state=Due.State.OPEN, due_on__lt=NOW.date()).exclude(kind=Due.Kind.OWN)
    first = overdue.order_by("due_on", "kind", "task_id", "period").first()
    column = overdue.filter(kind=first.kind, task=first.task, period=first.period).order_by(
        "organization__path"
    )
    wanted = list(column.values_list("organization_id", flat=True)[:2])
    assert len(wanted) == 2, "the demo has two organizations overdue in one column"
    office = site.login("vanphong")
    day = f"{first.due_on:%d/%m/%Y}"
    office.goto(site.url(f"/plans/{first.plan_id}/matrix/?period=custom&start={day}&end={day}"))
    expect(office.get_by_role("heading", level=1)).to_contain_text("Bảng theo dõi")
    for pk in wanted:
        office.locator(f'input[form="matrix-act"][name="org"][value="{pk}"]').check()
    office.locator("#act-column").select_option(f"{first.task_id or 0}:{first.period}")
    office.locator("#act-kind").select_option("reminded")
    office.get_by_role("button", name="Thực hiện").click()
    expect(office.locator(".alert-success")).to_contain_text("Đã nhắc hạn 2 tổ chức")
    expect(office).to_have_url(re.compile(r"/matrix/\?period=custom"))  # back to the same matrix
    site.shot(office, "17-matrix-remind", wide=True)
    reminded = set(DueAction.objects.filter(kind="reminded").values_list("due__organization_id", flat=True))
    assert reminded == set(wanted)


def test_the_deadline_calendar_and_its_feed(site: Site):
    from organizations.people import person_name
    from tasks.models import Due

    due, secretary = _overdue_due_with_a_secretary()
    page = site.login(secretary.username)
    page.get_by_role("button", name=person_name(secretary)).click()
    page.get_by_role("link", name="Lịch hạn nộp").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Lịch hạn nộp")
    page.goto(site.url(f"/calendar/?month={due.due_on:%Y-%m}"))
    expect(page.get_by_role("heading", level=1)).to_contain_text(
        f"tháng {due.due_on.month}/{due.due_on.year}"
    )
    link = page.locator(f'.calendar-month a[href="/dues/{due.pk}/"]')
    expect(link).to_have_count(1)
    site.shot(page, "17-calendar", wide=True)
    page.get_by_role("button", name="Tạo địa chỉ lịch của tôi").click()
    address = page.get_by_label("Địa chỉ lịch của đồng chí").input_value()
    assert address.endswith(".ics")
    feed = page.request.get(address)
    assert feed.ok and feed.headers["content-type"].startswith("text/calendar")
    assert f"UID:due-{due.pk}@plantrack" in feed.text().replace("\r\n ", "")
    page.get_by_role("button", name="Thu hồi địa chỉ").click()
    site.allow_failure(address.split("/calendar/")[1])
    assert page.request.get(address).status == 404
    # On a phone the month becomes a list.
    phone = site.login(secretary.username, viewport=PHONE)
    phone.goto(site.url(f"/calendar/?month={due.due_on:%Y-%m}"))
    expect(phone.locator(f'#calendar-list a[href="/dues/{due.pk}/"]')).to_be_visible()
    site.shot(phone, "17-calendar-phone")
    assert Due.objects.filter(pk=due.pk).exists()
