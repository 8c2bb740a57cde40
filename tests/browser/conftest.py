"""Real browser tests: Playwright for Python driving Debian's Chromium, axe-core injected
into each page (`page_axe(page)` fails the test on any violation). Every browser context
listens for Content-Security-Policy violations and fails its test at teardown if a page
reported one (ASVS 3.4)."""

import functools
import json
import os
import time
from pathlib import Path

import pytest
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from playwright.sync_api import sync_playwright

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
AXE_JS = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--use-fake-device-for-media-stream",
    "--use-fake-ui-for-media-stream",
]
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


def pytest_collection_modifyitems(items):
    # The hook sees the whole session's items: mark only this folder's, or `-m "not browser"`
    # deselects every test.
    here = Path(__file__).resolve().parent
    for item in items:
        if here in item.path.resolve().parents:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def _playwright():
    with sync_playwright() as playwright:
        yield playwright


# Runs in every page before its own scripts (an init script is not subject to the policy):
# each violation is written to the console, where the context's listener collects it.
REPORT_CSP_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (event) => {
  console.error(`CSP violation: ${event.effectiveDirective} blocked ${event.blockedURI || "inline"}`
    + ` at ${event.sourceFile || event.documentURI}:${event.lineNumber}`);
});
"""


class _CspWatchedBrowser:
    """The session's Chromium, whose every new context collects CSP violations (Chromium's
    own "Refused to …" console errors and the securitypolicyviolation events); the
    `_no_csp_violation` fixture asserts, after each test, that there were none."""

    def __init__(self, browser):
        self._browser = browser
        self.violations = []

    def __getattr__(self, name):
        return getattr(self._browser, name)

    def new_context(self, **options):
        # No transitions: axe measures the colours a user reads, not a button halfway through
        # its hover or focus animation (Bootstrap honours prefers-reduced-motion).
        options.setdefault("reduced_motion", "reduce")
        context = self._browser.new_context(**options)
        context.add_init_script(REPORT_CSP_VIOLATIONS)
        context.on("console", self._collect)
        return context

    def _collect(self, message):
        text = message.text
        if "Content Security Policy" in text or text.startswith("CSP violation"):
            self.violations.append(f"{message.page.url if message.page else '?'}: {text}")


@pytest.fixture(scope="session")
def chromium(_playwright):
    browser = _playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
    yield _CspWatchedBrowser(browser)
    browser.close()


@pytest.fixture(autouse=True)
def _no_csp_violation(request):
    """Fails the test (at teardown) if any page it opened violated the Content-Security-Policy."""
    if "chromium" not in request.fixturenames:
        yield
        return
    browser = request.getfixturevalue("chromium")
    browser.violations.clear()
    yield
    violations, browser.violations[:] = list(browser.violations), []
    assert violations == [], "Content-Security-Policy violations:\n" + "\n".join(violations)


@pytest.fixture(params=["desktop", "phone"])
def viewport(request):
    return request.param


@pytest.fixture
def browser_page(chromium, live_server, viewport):
    """A fresh browser context on the live server; French by default."""
    context = chromium.new_context(
        viewport=PHONE if viewport == "phone" else DESKTOP,
        base_url=live_server.url,
        locale="fr-FR",
        is_mobile=viewport == "phone",
        has_touch=viewport == "phone",
    )
    context.set_default_timeout(10_000)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def desktop_page(chromium, live_server):
    context = chromium.new_context(viewport=DESKTOP, base_url=live_server.url, locale="fr-FR")
    context.set_default_timeout(10_000)
    page = context.new_page()
    yield page
    context.close()


def page_axe(page, *, context: str = "") -> None:
    """Run axe-core (WCAG 2.1 A and AA rules) on the current page; fail on any violation."""
    page.wait_for_load_state("load")
    # Evaluated through the DevTools protocol, not added as a <script>: the policy allows no
    # inline script, and axe must not be the one exception.
    page.evaluate(_axe_source())
    # No "cssom" preload: axe would re-read the style sheets by inserting their text as inline
    # <style> elements, which the policy blocks and the watcher reports. Its one user, the
    # css-orientation-lock rule, then stays "incomplete" (the portal locks no orientation).
    result = page.evaluate(
        """async () => await axe.run(document, {
            runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']},
            resultTypes: ['violations'],
            preload: {assets: ['media']},
        })"""
    )
    violations = [
        {
            "id": v["id"],
            "impact": v["impact"],
            "help": v["help"],
            "nodes": [n["target"] for n in v["nodes"]][:5],
        }
        for v in result["violations"]
    ]
    assert violations == [], f"axe violations on {context or page.url}:\n{json.dumps(violations, indent=2)}"


@functools.cache
def _axe_source() -> str:
    return AXE_JS.read_text(encoding="utf-8")


def browser_login(page, email: str, password: str = "correct-horse-battery", totp_secret: str | None = None):
    """Log in through the real login page (and the two-factor step for staff)."""
    page.goto("/accounts/login/")
    page.locator("input[name=login]").fill(email)
    page.locator("input[name=password]").fill(password)
    with page.expect_navigation():
        page.locator("input[name=password]").press("Enter")
    if totp_secret:
        # allauth accepts the current 30-second window only: never send a code that is
        # about to expire on the way.
        if time.time() % 30 > 26:
            time.sleep(30 - time.time() % 30 + 0.2)
        code = format_hotp_value(hotp_value(totp_secret, int(time.time()) // 30))
        page.locator("input[name=code]").fill(code)
        with page.expect_navigation():
            page.locator("input[name=code]").press("Enter")


def output_folder(variable: str, default) -> Path:
    """Where a test writes its pictures: the folder the environment `variable` names (a
    `make` target sets it, e.g. docs/tour/), else `default` (a temporary folder)."""
    folder = Path(os.environ.get(variable) or default)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def assert_fits_the_screen(page) -> None:
    """No horizontal scrolling: on a phone the page is as wide as the screen."""
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"], f"{page.url} is {width}px wide"
