"""The demo accounts log in through the real pages (two-factor for staff) and land on
their role's home; sign-up and login pages pass axe."""

import pytest
from playwright.sync_api import expect

from admissions.demo import DEMO_ACCOUNTS, DEMO_PASSWORD, DEMO_TOTP_SECRET, load_demo_accounts
from tests.browser.conftest import assert_fits_the_screen, browser_login, page_axe
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

HOME_HEADINGS = {
    "candidate": "Ma candidature",
    "jury_member": "Espace jury",
    "jury_president": "Espace jury",
    "cfa_staff": "Espace CFA",
    "admin": "Échéancier de la session – Session 2021",  # the timeline of the session
}


def test_demo_accounts_reach_their_role_home(desktop_page, session_2021):
    load_demo_accounts()
    page = desktop_page
    page.goto("/accounts/login/")
    page_axe(page, context="login")
    for email, _first, _last, role, _programs in DEMO_ACCOUNTS:
        page.context.clear_cookies()
        staff = role != "candidate"
        browser_login(page, email, DEMO_PASSWORD, totp_secret=DEMO_TOTP_SECRET if staff else None)
        expect(page.locator("h1").first, f"{email} on {page.url}").to_have_text(HOME_HEADINGS[role])
        page_axe(page, context=f"home of {role}")
        if role == "jury_president":
            assert "Bâtiment" in page.content() and "Mécatronique" in page.content()


def test_signup_and_password_reset_pages_are_accessible(browser_page, session_2021):
    page = browser_page
    page.goto("/accounts/signup/")
    expect(page.locator("input[name=first_name]")).to_be_visible()
    page_axe(page, context="signup")
    page.goto("/accounts/password/reset/")
    page_axe(page, context="password reset")


def test_a_long_address_keeps_the_header_readable(browser_page, session_2021):
    email = "marie-christine.de-la-fontaine-saint-andre@etudiant.universite-exemple.fr"
    UserFactory(email=email)
    page = browser_page
    browser_login(page, email)
    expect(page.locator("h1").first).to_have_text("Ma candidature")
    assert_fits_the_screen(page)
    page_axe(page, context="candidate home with a long e-mail address")
