"""Admins configure the session in the admin site: a browser walk through the pages they
use, with axe (rule: R-SESSION-1..3 as admin data)."""

import pytest
from playwright.sync_api import expect

from admissions.demo import DEMO_PASSWORD, DEMO_TOTP_SECRET, load_demo_accounts
from tests.browser.conftest import browser_login, page_axe

pytestmark = pytest.mark.django_db(transaction=True)


def test_admin_walks_through_the_session_configuration(desktop_page, session_2021):
    load_demo_accounts()
    page = desktop_page
    browser_login(page, "admin@demo.imt-mines-ales.fr", DEMO_PASSWORD, totp_secret=DEMO_TOTP_SECRET)
    # The admin lands on the session's timeline; the back-office is one click away.
    expect(page.locator("h1")).to_have_text("Échéancier de la session – Session 2021")
    page.get_by_role("link", name="Administration", exact=True).click()
    expect(page.locator("h1")).to_have_text("Administration")
    page_axe(page, context="backoffice")
    for link in (
        "Calendrier de la session (étapes automatiques)",
        "Dossiers",
        "Paiements et virements",
        "E-mails non distribués",
        "Modèles d'e-mails",
        "Journal d'audit",
    ):
        assert page.get_by_role("link", name=link, exact=True).count() >= 1, link
    with page.expect_navigation():
        page.get_by_role("link", name="Calendrier de la session (étapes automatiques)").click()
    expect(page.locator("h1")).to_have_count(1)
    page.go_back()

    with page.expect_navigation():
        page.get_by_role("link", name="Configurer Session 2021").click()
    assert page.locator("input[name=submission_deadline]").input_value() == "09/03/2021"
    page_axe(page, context="campaign change form")

    page.goto("/admin/admissions/intake/")
    page_axe(page, context="intake list")
    with page.expect_navigation():
        page.get_by_role("link", name="BAT 2e année (2021)").click()
    page_axe(page, context="intake form")

    page.goto("/admin/admissions/program/")
    with page.expect_navigation():
        page.get_by_role("link", name="bat").click()
    page_axe(page, context="program form")

    # Start the 2022 session from 2021 with the admin action.
    page.goto("/admin/admissions/campaign/")
    page_axe(page, context="campaign list")
    page.locator("input[name=_selected_action]").first.check()
    page.locator("select[name=action]").select_option("clone_campaign")
    with page.expect_navigation():
        page.locator("button[name=index]").click()
    page_axe(page, context="clone form")
    page.get_by_label("Année de la nouvelle session").fill("2022")
    with page.expect_navigation():
        page.get_by_role("button", name="Créer la session").click()
    assert "Session créée" in page.content()
    # Every date moved by 52 weeks (issue 16): the Tuesday deadline stays a Tuesday.
    assert page.locator("input[name=submission_deadline]").input_value() == "08/03/2022"
    assert page.locator("input[name=submission_opens_on]").input_value() == "10/01/2022"

    page.goto("/admin/core/auditentry/")
    assert "campaign.cloned" in page.content()
    page_axe(page, context="audit log")

    page.goto("/admin/")
    page_axe(page, context="admin index")
