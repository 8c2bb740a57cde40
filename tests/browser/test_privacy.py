"""Browser: the candidate's data page (download, deletion request) and the admin's dry run of
tonight's purge, on a desktop and a phone, with axe on every page."""

import re

import pytest
from playwright.sync_api import expect

from accounts.models import User
from admissions.models import Campaign, Intake
from candidates.enums import WishState
from candidates.models import Application
from tests.browser.conftest import assert_fits_the_screen, browser_login, page_axe
from tests.payments.factories import WishFactory, application_with_wishes

pytestmark = pytest.mark.django_db(transaction=True)
TOTP = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


def _dossier(candidate, state):
    campaign = Campaign.objects.get(year=2021)
    application = application_with_wishes(0, campaign=campaign, candidate=candidate)
    WishFactory(application=application, intake=Intake.objects.filter(campaign=campaign).first(), state=state)
    return application


def test_candidate_downloads_their_data_and_is_told_an_open_application_blocks_deletion(
    browser_page, personas
):
    page = browser_page
    _dossier(personas.candidate_a, WishState.SUBMITTED)
    browser_login(page, personas.candidate_a.email)
    page.goto("/")
    page.locator("footer").get_by_role("link", name="Mes données personnelles").click()
    expect(page.locator("h1")).to_have_text("Mes données personnelles")
    page_axe(page, context="my data")
    assert_fits_the_screen(page)
    page.get_by_role("button", name="Préparer mon téléchargement").click()
    expect(page.locator(".messages")).to_contain_text("Votre téléchargement est en préparation")
    # Prepared by the worker (in-process here); the page offers it.
    page.reload()
    link = page.get_by_role("link", name="Télécharger mes données (zip)")
    expect(link).to_be_visible()
    with page.expect_download() as download:
        link.click()
    assert download.value.suggested_filename == "my-data.zip"
    page_axe(page, context="my data, ready")
    page.get_by_role("link", name="Supprimer mon compte…").click()
    expect(page.locator("h1")).to_have_text("Supprimer mon compte")
    expect(page.get_by_role("alert")).to_contain_text("Une candidature est encore en cours")
    expect(page.get_by_role("button", name="Supprimer mon compte")).to_have_count(0)
    page_axe(page, context="deletion refused")
    assert_fits_the_screen(page)


def test_candidate_deletes_their_account(browser_page, personas):
    page = browser_page
    _dossier(personas.candidate_a, WishState.WITHDRAWN)
    browser_login(page, personas.candidate_a.email)
    page.goto("/donnees/mes-donnees/supprimer-mon-compte/")
    expect(page.locator("h1")).to_have_text("Supprimer mon compte")
    expect(page.locator("main")).to_contain_text("Supprimé maintenant")
    page_axe(page, context="deletion")
    assert_fits_the_screen(page)
    page.get_by_role("button", name="Supprimer mon compte").click()
    # The box is required: the browser keeps the form.
    expect(page.locator("h1")).to_have_text("Supprimer mon compte")
    page.get_by_label("J'ai compris").check()
    page.get_by_role("button", name="Supprimer mon compte").click()
    expect(page.locator(".messages")).to_contain_text("Votre compte a été supprimé")
    assert not User.objects.filter(email=personas.candidate_a.email).exists()


def test_admin_reads_tonights_dry_run_then_runs_the_purge(browser_page, personas):
    page = browser_page
    application = _dossier(personas.candidate_a, WishState.WITHDRAWN)
    browser_login(page, personas.admin.email, totp_secret=TOTP)
    page.goto("/donnees/conservation/")
    expect(page.locator("h1")).to_have_text("Conservation des données personnelles")
    dry_run = page.locator("#dry-run")
    expect(dry_run).to_contain_text("Dossier d'une candidature désistée, nulle ou jamais déposée")
    expect(dry_run).to_contain_text("1 dossier")
    expect(dry_run).not_to_contain_text("1 dossiers")
    page_axe(page, context="retention")
    assert_fits_the_screen(page)
    page.get_by_role("button", name="Lancer la purge maintenant").click()
    page.wait_for_url(re.compile(r"/donnees/conservation/$"))
    expect(page.locator(".messages")).to_contain_text("La purge a eu lieu")
    expect(page.locator("#dry-run")).to_have_text("Rien n'est à purger cette nuit.")
    page_axe(page, context="retention after the purge")
    assert not Application.objects.filter(pk=application.pk).exists()
