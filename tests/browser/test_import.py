"""Importing plan 62-KH/ĐUK in a real browser: `vanphong` opens the import from the plan list, uploads the
seed's text, checks the review page (36 tasks, the warning on 21-KL/TW), saves after the confirmation, and
the plan page shows the 36 tasks. The bloc and its people are the demo's, without the demo plan."""

import re

import pytest
import time_machine
import yaml
from django.urls import reverse
from playwright.sync_api import expect

from plans.models import Plan
from tasks.demo.load import DEMO_DIR, organizations_load, users_load
from tests.browser.conftest import NOW
from tests.browser.site import Site
from tests.plan_import_support import SEED

pytestmark = pytest.mark.browser


@pytest.fixture
def bloc(browser, one_request_at_a_time):
    """The demo's organizations and people (password plantrack-demo), and no plan yet."""
    with time_machine.travel(NOW, tick=True):
        data = yaml.safe_load((DEMO_DIR / "organizations.yaml").read_text(encoding="utf-8"))
        organizations_load(data=data["organizations"])
        users_load(data=data["users"])
        yield


@pytest.fixture
def site(browser, live_server, bloc):
    site = Site(browser=browser, base_url=live_server.url)
    yield site
    site.close()
    site.check_no_errors()


def test_vanphong_imports_the_seed_and_finds_its_36_tasks(site: Site):
    office = site.login("vanphong")
    office.goto(site.url(reverse("plan_list")))
    office.get_by_role("link", name="Nhập kế hoạch từ văn bản").click()
    expect(office.get_by_role("heading", level=1)).to_have_text("Nhập kế hoạch từ văn bản")
    expect(office.get_by_label("Cấp ủy ban hành")).to_have_value(re.compile(r"\d+"))  # the only choice
    office.get_by_label("Tệp văn bản kế hoạch").set_input_files(str(SEED))
    site.shot(office, "import-01-upload")
    office.get_by_role("button", name="Đọc kế hoạch").click()

    expect(office.get_by_role("heading", level=1)).to_contain_text("Kiểm tra kế hoạch trước khi lưu")
    expect(office.locator("[data-task]")).to_have_count(36)
    expect(office.locator("[data-parser-warnings]")).to_contain_text("21-KL/TW")
    expect(office.locator("tr[data-flagged]")).to_have_count(1)
    expect(office.get_by_label("Số và ký hiệu")).to_have_value("62-KH/ĐUK")
    expect(office.locator("#id_period_start")).to_have_value("01/01/2023")
    expect(office.locator("#id_period_end")).to_have_value("31/12/2025")
    implementation = office.locator("[data-task='III.3 #1']")
    expect(implementation.locator("[data-deadline-words]")).to_have_text("Trước 28/02/2023")
    expect(implementation.locator("textarea[name$='-assignees']")).to_have_value(
        "Các đảng ủy, chi ủy, chi bộ trực thuộc Đảng ủy Khối"
    )
    assert not Plan.objects.exists()  # reading saves nothing
    site.shot(office, "import-02-review")

    office.get_by_role("button", name="Lưu kế hoạch").click()
    expect(office.get_by_role("heading", level=1)).to_contain_text("62-KH/ĐUK")
    assert site.dialogs and site.dialogs[-1].startswith("Lưu kế hoạch này cùng 36 nhiệm vụ")
    expect(office.locator(".alert-success")).to_contain_text("Đã lưu kế hoạch 62-KH/ĐUK: 36 nhiệm vụ")
    expect(office.locator("li[id^=task-]")).to_have_count(36)
    site.shot(office, "import-03-plan")
    plan = Plan.objects.get()
    assert (plan.document.symbol, plan.tasks.count(), plan.owner.code) == ("62-KH/ĐUK", 36, "dang-uy-khoi")
