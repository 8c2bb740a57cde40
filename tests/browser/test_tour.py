"""The demo's tour (issue 13): on the demo as `make run` loads it (the submissions phase, with
fewer candidates), every demo account logs in through the real login page (staff with their
TOTP code) and lands on work; the first click the README's tour names leads where it says.
Each landing page is checked (what it shows, axe) and photographed into `TOUR_DIR`
(`make tour` sets it to docs/tour/; otherwise a temporary folder), so the README's pictures
stay true. Last, the demo candidate submits their dossier: the live session accepts one today."""

import contextlib
import io
import re

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from admissions.demo import DEMO_PASSWORD, DEMO_TOTP_SECRET
from admissions.models import Campaign
from candidates.enums import WishState
from candidates.models import Application
from tests.browser import dossier_steps as steps
from tests.browser.conftest import (
    DESKTOP,
    PHONE,
    assert_fits_the_screen,
    browser_login,
    output_folder,
    page_axe,
)
from tests.candidates.factories import PDF

pytestmark = pytest.mark.django_db(transaction=True)
DEMO = "@demo.imt-mines-ales.fr"


@pytest.fixture
def tour_dir(tmp_path):
    return output_folder("TOUR_DIR", tmp_path)


@pytest.fixture
def demo_live():
    """The demo of `make run` (phase submissions), smaller: the live session."""
    call_command("load_demo", phase="submissions", history=20, candidates=20, stdout=io.StringIO())
    return Campaign.objects.exclude(year=2021).get()


@contextlib.contextmanager
def _logged_in(chromium, live_server, login, *, viewport=DESKTOP, phone=False):
    """A fresh browser logged in as the demo account `login` through the login page."""
    context = chromium.new_context(
        viewport=viewport, base_url=live_server.url, locale="fr-FR", is_mobile=phone, has_touch=phone
    )
    context.set_default_timeout(15_000)
    page = context.new_page()
    staff = login != "candidat"
    browser_login(page, f"{login}{DEMO}", DEMO_PASSWORD, totp_secret=DEMO_TOTP_SECRET if staff else None)
    try:
        yield page
    finally:
        context.close()


def _photograph(page, folder, name):
    """The landing page as its user sees it once the login message is gone: the screen only
    (1280×900 on a desktop), not the whole page."""
    page.reload()
    expect(page.locator("h1")).to_be_visible()
    path = folder / f"{name}.png"
    page.screenshot(path=str(path))
    assert path.stat().st_size > 10_000


def _count(locator, pattern) -> int:
    """The number a sentence of the page shows, e.g. "4" in "4 évaluations à rendre"."""
    expect(locator).to_contain_text(re.compile(pattern))
    return int(re.search(pattern, locator.inner_text()).group(1))


def test_every_demo_account_lands_on_work(chromium, live_server, demo_live, tour_dir, tmp_path):
    browser = (chromium, live_server)
    _the_candidate(browser, demo_live, tour_dir)
    _the_jury_members(browser, demo_live, tour_dir)
    _the_president(browser, demo_live, tour_dir)
    _the_cfa(browser, tour_dir)
    _the_admin(browser, demo_live, tour_dir)
    # Last (the pictures show the demo as loaded): the candidate's five minutes, as the README
    # tells them, end with the dossier submitted in the live session today.
    with _logged_in(*browser, "candidat") as page:
        _submit_the_demo_dossier(page, tmp_path)
    application = Application.objects.get(campaign=demo_live, candidate__email=f"candidat{DEMO}")
    assert application.submitted_at is not None
    assert set(application.wishes.values_list("state", flat=True)) == {WishState.SUBMITTED}


def _the_candidate(browser, live, folder):
    """A dossier in progress in the live session, open for submission today."""
    for name, viewport, phone in (("candidate", DESKTOP, False), ("candidate-phone", PHONE, True)):
        with _logged_in(*browser, "candidat", viewport=viewport, phone=phone) as page:
            expect(page).to_have_url(re.compile(r"/candidat/$"))
            expect(page.locator("h1")).to_have_text("Ma candidature")
            expect(page.get_by_text(f"{live.name} : les dossiers sont acceptés jusqu'au")).to_be_visible()
            expect(page.get_by_text("Il manque encore, avant de pouvoir déposer :")).to_be_visible()
            expect(page.get_by_role("heading", name="Bâtiment – 1re année")).to_be_visible()
            expect(page.get_by_role("heading", name="Mécatronique – 1re année")).to_be_visible()
            page_axe(page, context=name)
            if phone:
                assert_fits_the_screen(page)
            _photograph(page, folder, name)
            if not phone:
                page.get_by_role("link", name="Mes pièces").first.click()
                expect(page.locator("h1")).to_have_text("Pièces justificatives")


def _the_jury_members(browser, live, folder):
    """The dossiers assigned to each member, a review to submit on each."""
    for login, program in (("jury.bat", "Bâtiment"), ("jury.infres", "Informatique et Réseaux")):
        with _logged_in(*browser, login) as page:
            expect(page).to_have_url(re.compile(rf"/jury/{live.year}/$"))
            work = page.locator("#jury-work")
            assert _count(work, r"Ce qui vous attend :\s+(\d+) évaluations? à rendre") > 0
            page_axe(page, context=login)
            if login == "jury.bat":
                _photograph(page, folder, "jury-member")
            page.get_by_role(
                "link", name=re.compile(rf"évaluations? à rendre, {program} – 1re année")
            ).click()
            expect(page.get_by_text("qui m'est attribué", exact=True).first).to_be_visible()


def _the_president(browser, live, folder):
    """Reviews to submit and titles to judge, the release to come on the results date."""
    with _logged_in(*browser, "president") as page:
        expect(page).to_have_url(re.compile(rf"/jury/{live.year}/$"))
        work = page.locator("#jury-work")
        assert _count(work, r"(\d+) évaluations? à rendre") > 0
        assert _count(work, r"(\d+) titres? à juger") > 0
        release = page.locator("#release-summary")
        expect(release).to_contain_text("Publication automatique le")
        assert _count(release, r"(\d+) dossiers? sans décision") > 0
        page_axe(page, context="president")
        _photograph(page, folder, "president")
        page.get_by_role("link", name="Ouvrir la page de publication").click()
        expect(page.locator("h1")).to_have_text("Publication des décisions")


def _the_cfa(browser, folder):
    """The 2021 session's job sheets sent by employers, and the places."""
    with _logged_in(*browser, "cfa") as page:
        expect(page).to_have_url(re.compile(r"/cfa/2021/$"))
        sheets = page.locator("#cfa-sheets-to-review")
        assert _count(sheets, r"Ce qui vous attend : (\d+) fiches? descriptives?") > 0
        expect(page.get_by_text("Places par promotion : ouvertes, supplémentaires")).to_be_visible()
        page_axe(page, context="cfa")
        _photograph(page, folder, "cfa")
        page.get_by_role("link", name=re.compile(r"fiches? à examiner")).first.click()
        expect(page.get_by_role("cell", name="Envoyée à l'école").first).to_be_visible()


def _the_admin(browser, live, folder):
    """The live session's timeline, its next automatic step."""
    with _logged_in(*browser, "admin") as page:
        expect(page).to_have_url(re.compile(rf"/messages/jalons/{live.year}/$"))
        expect(page.locator("h1")).to_have_text(f"Échéancier de la session – {live.name}")
        expect(page.locator("#next-step")).to_contain_text("Prochaine étape : Relance des candidats")
        page_axe(page, context="admin")
        _photograph(page, folder, "admin")


def _submit_the_demo_dossier(page, tmp_path):
    """The demo candidate's dossier, from where the demo left it (identity, path, title and
    choices filled): documents, referee, consents, fees paid in the sandbox, submitted."""
    pdf = tmp_path / "piece.pdf"
    pdf.write_bytes(PDF)
    page.get_by_role("link", name="Mes pièces").first.click()
    steps.upload_required_documents(page, pdf)
    steps.go_to_step(page, "Référents")
    steps.request_referee(page, name="Mme Référente", email="referente@lycee.example.org")
    steps.go_to_step(page, "Consentements")
    steps.give_consents(page)
    steps.go_to_step(page, "Vérifier, payer et déposer")
    steps.pay_in_sandbox(page, "99,00 €")  # 77 € + 22 € for the second choice (R-FEES-2)
    steps.go_to_step(page, "Vérifier, payer et déposer")
    expect(page.get_by_test_id("missing")).to_have_text(
        "Votre dossier est complet et les frais sont réglés : vous pouvez le déposer."
    )
    page.get_by_role("button", name="Déposer mon dossier").click()
    page.wait_for_url("**/candidat/")
