"""The job sheet's whole path in a real browser, axe on every page, desktop and phone.

Rule: R-CFA-2 (the employer fills the sheet through the private link), R-CFA-3 (the school
asks for changes, then approves), R-CFA-4 (registered on a place), R-DOSSIER-4 (the late
diploma proof), R-ADMIT-2/3 (admission, the signed contract, the other choice withdrawn).
"""

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from apprenticeship.enums import JobSheetState
from apprenticeship.models import JobSheet
from candidates.enums import WishState
from candidates.models import Wish
from notifications.models import OutboxMessage
from tests.apprenticeship.job_sheet_factories import (
    VALID_SIRET,
    admissible_wish,
    bat_intake,
    framework,
    late_documents,
)
from tests.browser.conftest import assert_fits_the_screen, browser_login, page_axe
from tests.candidates.factories import PDF

pytestmark = pytest.mark.django_db(transaction=True)
TOTP = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


def _employer_link(number=0):
    messages = OutboxMessage.objects.filter(template_key__in=["job_sheet.invite", "job_sheet.decision"])
    links = [re.search(r"https?://\S+(/cfa/employeur/\S+/)", m.body_text) for m in messages.order_by("pk")]
    return [link.group(1) for link in links if link][number]


@pytest.fixture
def cfa_page(chromium, live_server, browser_page):
    """The CFA in a context of its own (same screen): logged in once, as a two-factor code
    is accepted once."""
    context = chromium.new_context(
        viewport=browser_page.viewport_size, base_url=live_server.url, locale="fr-FR"
    )
    context.set_default_timeout(10_000)
    page = context.new_page()
    yield page
    context.close()


def _verdict(page, block):
    return page.locator(f"select[name=block_{block.pk}_verdict]")


def _submit(page, name):
    with page.expect_navigation():
        page.get_by_role("button", name=name).click()


def test_R_CFA_2_to_R_ADMIT_3_from_invitation_to_enrolment(browser_page, cfa_page, personas, tmp_path):
    page = browser_page
    browser_login(cfa_page, personas.cfa.email, totp_secret=TOTP)
    intake = bat_intake(personas.program_x.intakes.first().campaign)
    blocks = framework(intake.program)
    wish = admissible_wish(intake, candidate=personas.candidate_a, title_in_progress=True)
    other = Wish.objects.create(
        application=wish.application, intake=bat_intake(intake.campaign, "infres"), state=WishState.ADMISSIBLE
    )

    # The candidate invites an employer from the home page.
    browser_login(page, personas.candidate_a.email)
    page.goto(reverse("candidates:home"))
    page_axe(page, context="candidate home")
    page.get_by_role("link", name=re.compile("Inviter un employeur.*Bâtiment")).click()
    page_axe(page, context="invite page")
    page.get_by_label("Nom de votre contact").fill("Mme Rousseau")
    page.get_by_label("Son adresse e-mail").fill("rh@batisseurs.example")
    _submit(page, "Envoyer l'invitation")
    expect(page.get_by_role("status")).to_contain_text("L'invitation a été envoyée à rh@batisseurs.example")
    expect(page.locator("#sheets-title + ul li")).to_contain_text("Employeur invité")
    assert_fits_the_screen(page)

    # The employer, without an account, fills the sheet through the link: it saves itself.
    page.context.clear_cookies()
    page.goto(_employer_link())
    page_axe(page, context="employer sheet")
    assert_fits_the_screen(page)
    page.get_by_label("Raison sociale").fill("Bâtisseurs du Gard")
    expect(page.locator("#autosave-status")).to_have_text("Brouillon enregistré.", timeout=15_000)
    page.get_by_label("Numéro SIRET").fill(VALID_SIRET)
    page.get_by_label("Adresse").fill("1 rue des Ponts, 30100 Alès")
    page.get_by_label("Effectif de l'entreprise").select_option("small")
    page.get_by_label("Secteur d'activité").fill("Construction")
    page.get_by_label("Maître d'apprentissage : nom").fill("Claire Martin")
    page.get_by_label("Maître d'apprentissage : fonction").fill("Conductrice de travaux")
    page.get_by_label("Maître d'apprentissage : qualification").fill("Ingénieure, 12 ans")
    page.get_by_label("Lieu de travail").fill("Alès")
    page.get_by_label("Horaires de travail").fill("35 h")
    for block in blocks:
        page.get_by_label(f"{block.code} – {block.label_fr} : missions").fill(f"Missions {block.code}")
        page.get_by_label(f"{block.code} : progression").fill("Années 1 à 3")
    _submit(page, "Envoyer à l'école")
    expect(page.get_by_role("status").first).to_contain_text("la fiche a été envoyée à l'école")
    sheet = JobSheet.objects.get(wish=wish)
    assert sheet.state == JobSheetState.SENT and sheet.company_name == "Bâtisseurs du Gard"

    # The CFA asks for changes, block by block.
    employer, page = page, cfa_page
    page.goto(reverse("apprenticeship:sheet", args=[sheet.pk]))
    page_axe(page, context="CFA sheet page")
    _verdict(page, blocks[0]).select_option("fits")
    _verdict(page, blocks[1]).select_option("partly")
    page.get_by_label("B2 : commentaire").fill("Précisez la progression")
    page.get_by_label("Demander des modifications à l'employeur").check()
    page.get_by_label("Commentaire pour l'employeur").fill("Horaires à préciser.")
    _submit(page, "Enregistrer l'avis")
    expect(page.locator("main")).to_contain_text("Modifications demandées")

    # The employer reads the comments and corrects the same sheet.
    page = employer
    page.goto(_employer_link(1))
    expect(page.locator("main")).to_contain_text("Précisez la progression")
    page_axe(page, context="employer sheet, changes asked")
    page.get_by_label("Horaires de travail").fill("35 h, du lundi au vendredi")
    _submit(page, "Envoyer à l'école")
    expect(page.get_by_role("status").first).to_contain_text("la fiche a été envoyée à l'école")

    # The CFA approves and registers it on a place.
    page = cfa_page
    page.goto(reverse("apprenticeship:sheet", args=[sheet.pk]))
    for block in blocks:
        _verdict(page, block).select_option("fits")
    page.get_by_label("Approuver la fiche").check()
    _submit(page, "Enregistrer l'avis")
    _submit(page, "Enregistrer la fiche sur une place")
    expect(page.locator("main")).to_contain_text("une place est réservée")
    page_axe(page, context="CFA sheet, registered")
    # No admission before the diploma proof: a clear message.
    _submit(page, "Prononcer l'admission")
    expect(page.locator("main")).to_contain_text(
        "Pas d'admission tant que le diplôme requis n'est pas justifié"
    )

    # The late diploma proof and transcripts arrive; staff verify them; admission; contract.
    late_documents(wish.application, intake.campaign)
    _submit(page, "Le justificatif du diplôme et les relevés sont vérifiés")
    _submit(page, "Prononcer l'admission")
    expect(page.locator("main")).to_contain_text("Admis")
    today = timezone.localdate()
    page.get_by_label("Signé le").fill(today.isoformat())
    page.get_by_label("Début du contrat").fill((today + dt.timedelta(days=10)).isoformat())
    page.get_by_label("Fin du contrat").fill((today + dt.timedelta(days=1000)).isoformat())
    page.get_by_label("Numéro de dépôt du Cerfa FA13").fill("030202100001234")
    contract = tmp_path / "contrat.pdf"
    contract.write_bytes(PDF)
    page.get_by_label("Contrat signé (PDF)").set_input_files(str(contract))
    _submit(page, "Enregistrer le contrat")
    expect(page.locator("main")).to_contain_text("Cerfa FA13 n° 030202100001234")
    page_axe(page, context="CFA sheet, enrolled")
    assert_fits_the_screen(page)
    wish.refresh_from_db()
    other.refresh_from_db()
    assert (wish.state, other.state) == (WishState.ENROLLED, WishState.WITHDRAWN)
    page.goto(reverse("apprenticeship:intake", args=[2021, intake.pk]))
    page_axe(page, context="CFA intake page")
    expect(page.get_by_role("row", name=re.compile("Bâtisseurs du Gard"))).to_contain_text("Enregistrée")
