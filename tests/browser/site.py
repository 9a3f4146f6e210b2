"""What every browser test does the same way: log someone in through the login form (each person in their
own browser context, so several can be logged in at once), accept the confirm() dialogs of data-confirm
forms, save screenshots, and watch every page for script errors and failed requests."""

import re
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from playwright.sync_api import Browser, BrowserContext, Page, expect

DEMO_PASSWORD = "plantrack-demo"
SCREENSHOTS = Path(settings.BASE_DIR) / "artifacts" / "screenshots"
VIEWPORT = {"width": 1280, "height": 900}  # a laptop
PHONE = {"width": 390, "height": 844}


def pdf_bytes(title: str, body: str) -> bytes:
    """A small real PDF (WeasyPrint, Vietnamese text embedded with its font)."""
    from weasyprint import HTML

    html = f"<html lang='vi'><body><h1>{title}</h1><p>{body}</p></body></html>"
    return HTML(string=html).write_pdf()


def overflowing(page: Page) -> list[str]:
    """The elements that make the page wider than the window: hiding any of them narrows it."""
    return page.evaluate(
        """() => {
            const width = () => document.documentElement.scrollWidth, base = width(), found = [];
            for (const el of document.querySelectorAll("main *")) {
                const display = el.style.display;
                el.style.display = "none";
                const narrower = width() < base;
                el.style.display = display;
                if (narrower) found.push(el.outerHTML.slice(0, 160));
            }
            return found.slice(-3);  // the innermost ones
        }"""
    )


@dataclass
class Site:
    browser: Browser
    base_url: str
    contexts: list[BrowserContext] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)
    # Browsers ask for /favicon.ico on their own; Plantrack has none (a 404 nobody sees).
    allowed_failures: list[str] = field(default_factory=lambda: ["/favicon.ico"])

    def url(self, path: str) -> str:
        return self.base_url + path

    # --- people ------------------------------------------------------------------------------------------
    def new_page(self, *, viewport: dict | None = None, bypass_csp: bool = False) -> Page:
        """A page in a new browser context. The site's Content Security Policy applies (a violation is a
        console error, which fails the test) unless `bypass_csp`, for a test that injects its own script."""
        context = self.browser.new_context(
            viewport=viewport or VIEWPORT,
            bypass_csp=bypass_csp,
            locale="vi-VN",
            timezone_id="Asia/Ho_Chi_Minh",
            accept_downloads=True,
        )
        context.set_default_timeout(10_000)
        self.contexts.append(context)
        page = context.new_page()
        page.on("pageerror", lambda error: self.errors.append(f"script error on {page.url}: {error}"))
        page.on("console", lambda msg: self._console(page, msg))
        page.on("response", self._response)
        page.on("dialog", self._dialog)
        return page

    def login(
        self, username: str, *, screenshot: str = "", viewport: dict | None = None, bypass_csp: bool = False
    ) -> Page:
        """A new browser context for `username`, logged in through the login form."""
        page = self.new_page(viewport=viewport, bypass_csp=bypass_csp)
        page.goto(self.url("/"))
        expect(page).to_have_url(re.compile(r"/accounts/login/"))  # anonymous: sent to the login form
        page.get_by_label("Tên đăng nhập").fill(username)
        page.get_by_label("Mật khẩu").fill(DEMO_PASSWORD)
        if screenshot:
            self.shot(page, screenshot)
        page.get_by_role("button", name="Đăng nhập").click()
        expect(page).not_to_have_url(re.compile(r"/accounts/login/"))
        expect(page.get_by_role("button", name="Đăng xuất", include_hidden=True)).to_have_count(1)
        return page

    def allow_failure(self, path: str) -> None:
        """An error status expected on this path (e.g. a 404 a test asks for)."""
        self.allowed_failures.append(path)

    # --- watching ----------------------------------------------------------------------------------------
    def _allowed(self, url: str) -> bool:
        return any(path in url for path in self.allowed_failures)

    def _response(self, response) -> None:
        if response.status >= 400 and not self._allowed(response.url):
            self.errors.append(f"HTTP {response.status} for {response.request.method} {response.url}")

    def _console(self, page: Page, msg) -> None:
        if msg.type != "error":
            return
        # A failed request logs "Failed to load resource"; the response listener has judged it already.
        if "Failed to load resource" in msg.text:
            return
        self.errors.append(f"console error on {page.url}: {msg.text}")

    def _dialog(self, dialog) -> None:
        self.dialogs.append(dialog.message)
        dialog.accept()

    def check_page(self, page: Page, *, wide: bool = False) -> None:
        """The page is in Vietnamese, styled by Bootstrap and Plantrack's CSS, with htmx loaded, and (unless
        `wide`) no wider than the window: wide tables scroll inside their own box, not the whole page."""
        page.wait_for_load_state("load")  # deferred scripts have run
        expect(page.locator("html")).to_have_attribute("lang", "vi")
        assert page.evaluate("typeof htmx") == "object", f"htmx did not load on {page.url}"
        assert page.evaluate("typeof bootstrap") == "object", f"Bootstrap's script did not load on {page.url}"
        sheets = page.evaluate("Array.from(document.styleSheets, s => s.href || '')")
        assert any(s.endswith("bootstrap.min.css") for s in sheets), sheets
        assert any(s.endswith("plantrack.css") for s in sheets), sheets
        # Bootstrap's reboot is applied: the body has no default 8px margin.
        assert page.evaluate("getComputedStyle(document.body).margin") == "0px"
        if not wide:
            width, window = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
            assert width <= window, (
                f"{page.url} is {width}px wide in a {window}px window, because of: {overflowing(page)}"
            )

    def shot(self, page: Page, name: str, *, wide: bool = False, check: bool = True) -> Path:
        if check:
            self.check_page(page, wide=wide)
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        path = SCREENSHOTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    def check_no_errors(self) -> None:
        assert not self.errors, "\n".join(self.errors)

    def close(self) -> None:
        for context in self.contexts:
            context.close()
        self.contexts.clear()
