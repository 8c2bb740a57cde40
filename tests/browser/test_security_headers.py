"""ASVS 5.0 3.4 in a real browser: the Content-Security-Policy blocks an inline script and the
suite sees it (conftest's watcher, which fails any test whose pages violate the policy); the
Permissions-Policy keeps the camera off a page that did not ask for it."""

import pytest

pytestmark = pytest.mark.django_db(transaction=True)


def test_ASVS_3_4_an_inline_script_is_blocked_and_reported(desktop_page, chromium, session_2021):
    page = desktop_page
    page.goto("/")
    with page.expect_console_message(lambda message: "script-src" in message.text):
        page.evaluate(
            """() => {
                const script = document.createElement("script");
                script.textContent = "window.injected = true";
                document.body.appendChild(script);
            }"""
        )
    assert page.evaluate("window.injected") is None  # it never ran
    assert any("script-src" in violation for violation in chromium.violations)
    chromium.violations.clear()  # this one was on purpose: the teardown check must pass


def test_ASVS_3_4_the_camera_is_refused_on_a_page_that_did_not_ask(desktop_page, session_2021):
    """Chromium runs with a fake camera that it grants without asking: only the policy refuses."""
    page = desktop_page
    page.goto("/")
    outcome = page.evaluate(
        """async () => {
            try {
                await navigator.mediaDevices.getUserMedia({video: true, audio: true});
                return "granted";
            } catch (error) {
                return error.name;
            }
        }"""
    )
    assert outcome == "NotAllowedError"
