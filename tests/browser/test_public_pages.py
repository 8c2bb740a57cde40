"""Rule: R-SESSION-1, R-SESSION-3, R-FEES-1, R-FEES-2 as the public sees them, in a real browser."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_fits_the_screen, page_axe

pytestmark = pytest.mark.django_db(transaction=True)


def test_R_SESSION_1_public_pages_in_french_with_places_and_english_switch(browser_page, session_2021):
    page = browser_page
    page.goto("/")
    assert page.locator("html").get_attribute("lang") == "fr"
    assert "Bâtiment" in page.content()
    page_axe(page, context="home")

    if page.locator(".navbar-toggler").is_visible():
        page.locator(".navbar-toggler").click()
    page.get_by_role("link", name="Formations", exact=True).click()
    expect(page.get_by_test_id("places-bat-year_1")).to_have_text("40")
    expect(page.get_by_test_id("places-infres-year_1")).to_have_text("40")
    expect(page.get_by_test_id("places-mkx-year_1")).to_have_text("40")
    expect(page.get_by_test_id("places-bat-year_2")).to_have_text("1")
    expect(page.get_by_test_id("places-infres-year_2")).to_have_count(0)
    assert "Génie Thermique et Énergie" in page.content()
    page_axe(page, context="programs")

    page.goto("/frais/")
    assert "77 €" in page.content() and "22 €" in page.content() and "11 €" in page.content()
    page_axe(page, context="fees")

    page.goto("/calendrier/")
    assert "9 mars 2021" in page.content()
    assert "21 avril 2021" in page.content()
    page_axe(page, context="calendar")
    for path in ("/", "/formations/", "/frais/", "/calendrier/"):
        page.goto(path)
        assert_fits_the_screen(page)

    if page.locator(".navbar-toggler").is_visible():
        page.locator(".navbar-toggler").click()
    page.get_by_role("button", name="English").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "en"
    assert "Key dates" in page.content()
    page.goto("/formations/")
    assert "Building engineering" in page.content()
    page_axe(page, context="programs (en)")
