"""Rule: R-SESSION-1, R-SESSION-3, R-FEES-1, R-FEES-2 as the public sees them, in a real browser."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_fits_the_screen, browser_login, page_axe
from tests.conftest import activate_totp
from tests.factories import UserFactory

TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"  # what activate_totp sets

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
    # Amounts in one format, never cut before the € (issue 16): "77,00 €" with a no-break space.
    for amount in ("77,00", "22,00", "11,00"):
        expect(page.locator("main")).to_contain_text(f"{amount}\u00a0€")
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
    with page.expect_navigation():
        page.get_by_role("button", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    assert "Key dates" in page.content()
    page.goto("/formations/")
    assert "Building engineering" in page.content()
    page_axe(page, context="programs (en)")


def test_page_not_found_in_the_portal_layout(browser_page, session_2021):
    page = browser_page
    response = page.goto("/formations/inconnue/")
    assert response.status == 404
    expect(page.locator("h1")).to_have_text("Page introuvable")
    page_axe(page, context="404")
    assert_fits_the_screen(page)
    page.get_by_role("link", name="Accueil du portail des admissions").click()
    expect(page.locator("h1")).not_to_have_text("Page introuvable")
    assert page.url.endswith("/")


def test_a_form_left_open_while_logging_in_elsewhere_says_nothing_was_saved(browser_page, session_2021):
    """Two tabs: the login page stays open in one while the candidate logs in in the
    other (which renews the form protection token); sending the old form is refused with
    a clear page, which leads on to the space the other tab opened."""
    page = browser_page
    candidate = UserFactory(email="deux.onglets@example.org")
    page.goto("/accounts/login/")
    other_tab = page.context.new_page()
    browser_login(other_tab, candidate.email)
    other_tab.close()
    page.locator("input[name=login]").fill(candidate.email)
    page.locator("input[name=password]").fill("correct-horse-battery")
    with page.expect_navigation():
        page.locator("input[name=password]").press("Enter")
    expect(page.locator("h1")).to_have_text("Ce formulaire a expiré")
    page_axe(page, context="expired form")
    assert_fits_the_screen(page)
    page.get_by_role("link", name="Mon espace").click()
    page.wait_for_url("**/candidat/")


def test_access_refused_page_in_the_portal_layout(browser_page):
    page = browser_page
    admin = activate_totp(UserFactory(email="refus@example.org", role="admin", is_superuser=True))
    browser_login(page, admin.email, totp_secret=TOTP_SECRET)
    response = page.goto("/admin/core/auditentry/add/")  # the audit log is append-only
    assert response.status == 403
    expect(page.locator("h1")).to_have_text("Accès refusé")
    page_axe(page, context="403")
    assert_fits_the_screen(page)
    page.get_by_role("link", name="Mon espace").click()
    page.wait_for_url("**/gestion/")  # the admin's home before the first session: the back-office


@pytest.mark.urls("tests.core.error_urls")
def test_server_error_page_is_accessible(browser_page):
    page = browser_page
    response = page.goto("/panne/")
    assert response.status == 500
    expect(page.locator("h1")).to_have_text("Erreur du serveur")
    page_axe(page, context="500")
    assert_fits_the_screen(page)
