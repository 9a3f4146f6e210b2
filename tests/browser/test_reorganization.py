"""The administrator's reorganization journey in a browser (issue 18): from the menu, upload the demo's 2025
reorganization file, read the preview (nothing applied yet), confirm, and land on the list of people to move;
at desktop width and on a 390 px phone, where no page is wider than the screen."""

import re
from pathlib import Path

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import Page, expect

from organizations.models import Organization, Reorganization
from tests.browser.site import DEMO_PASSWORD, PHONE, Site

pytestmark = pytest.mark.browser

DEMO_FILE = Path(__file__).resolve().parents[2] / "tasks" / "demo" / "reorganization-2025.yaml"


def sign_in_as_administrator(site: Site, viewport: dict | None) -> Page:
    """The demo's administrator, through the login form and the forced two-step setup."""
    page = site.new_page(viewport=viewport)
    page.goto(site.url("/reorganizations/"))
    page.get_by_label("Tên đăng nhập").fill("admin")
    page.get_by_label("Mật khẩu").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page).to_have_url(re.compile(r"/accounts/two-step/"))
    device = TOTPDevice.objects.get(user__username="admin", confirmed=False)
    page.get_by_label("Mã xác thực").fill(
        f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"
    )
    page.get_by_role("button", name="Bật xác thực hai bước").click()
    expect(page).to_have_url(re.compile(r"/reorganizations/$"))
    return page


@pytest.mark.parametrize(("viewport", "name"), [(None, "desktop"), (PHONE, "phone")])
def test_the_administrator_uploads_previews_then_applies_a_reorganization(site: Site, viewport, name):
    page = sign_in_as_administrator(site, viewport)
    # The preview applies the whole demo file and rolls it back: slow on a loaded machine.
    page.set_default_navigation_timeout(120_000)
    page.set_default_timeout(120_000)
    page.goto(site.url("/"))
    menu = page.get_by_role("link", name="Sắp xếp tổ chức")
    if not menu.is_visible():  # on a phone the menu is folded behind its button
        page.locator(".navbar-toggler").click()
    menu.click()
    expect(page).to_have_url(re.compile(r"/reorganizations/$"))
    expect(page.get_by_role("heading", name="Sắp xếp tổ chức", level=1)).to_be_visible()
    site.shot(page, f"reorganization-upload-{name}")

    page.get_by_label("Tệp sắp xếp tổ chức (YAML)").set_input_files(str(DEMO_FILE))
    page.get_by_role("button", name="Xem trước").click()
    expect(page.get_by_role("heading", name="Xem trước: có hiệu lực từ 01/07/2025")).to_be_visible()
    preview = page.locator("#reorganization-preview li")
    expect(preview.first).to_be_visible()
    assert preview.count() > 10
    expect(page.locator("#reorganization-preview")).to_contain_text("Đảng bộ các cơ quan Đảng tỉnh")
    site.shot(page, f"reorganization-preview-{name}")
    # The preview applied nothing.
    assert not Reorganization.objects.exists()
    assert not Organization.objects.filter(code="dang-bo-co-quan-dang").exists()

    page.get_by_role("button", name="Áp dụng việc sắp xếp này").click()
    expect(page).to_have_url(re.compile(r"/reorganizations/\d+/"))
    expect(page.get_by_role("heading", name="Người cần chuyển sinh hoạt", level=1)).to_be_visible()
    site.shot(page, f"reorganization-people-{name}")
    assert Reorganization.objects.count() == 1
    assert Organization.objects.get(code="dang-bo-co-quan-dang").ended_on is None
