"""Real browser tests: Playwright for Python driving Debian's Chromium, axe-core injected
into each page (`page_axe(page)` fails the test on any violation)."""

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
    for item in items:
        item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def _playwright():
    with sync_playwright() as playwright:
        yield playwright


@pytest.fixture(scope="session")
def chromium(_playwright):
    browser = _playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
    yield browser
    browser.close()


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
    page.add_script_tag(path=str(AXE_JS))
    result = page.evaluate(
        """async () => await axe.run(document, {
            runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']},
            resultTypes: ['violations'],
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


def assert_fits_the_screen(page) -> None:
    """No horizontal scrolling: on a phone the page is as wide as the screen."""
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"], f"{page.url} is {width}px wide"
