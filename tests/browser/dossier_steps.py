"""The steps of a candidate's dossier in a real browser, shared by the tests that fill one:
the step list (folded on a phone), the required documents, the referee, the consents and the
fees paid in the sandbox. Each step ends on what the candidate sees once it is done."""

import re

from playwright.sync_api import expect


def go_to_step(page, name):
    """Follow a step of the dossier's step list, unfolding it first on a phone."""
    folded = page.get_by_test_id("steps-phone")
    if folded.is_visible() and folded.get_attribute("open") is None:
        folded.locator("summary").click()
    steps = page.get_by_role("navigation", name="Étapes du dossier")
    steps.get_by_role("link", name=re.compile(rf"^{re.escape(name)}( \(terminé\))?$")).click()


def upload_required_documents(page, pdf) -> int:
    """On the documents step: the file `pdf` for every required document; returns how many
    documents the step lists."""
    sections = page.locator("section.card")
    for index in range(sections.count()):
        section = sections.nth(index)
        if section.get_attribute("data-required") == "1":
            section.locator("input[type=file]").set_input_files(str(pdf))
            with page.expect_navigation():
                section.get_by_role("button").last.click()
    expect(page.get_by_text("Manquant")).to_have_count(0)
    return sections.count()


def request_referee(page, *, name, email):
    """On the referees step: the origin establishment's contact, asked by e-mail."""
    page.get_by_label("Qui").select_option(label="Établissement d'origine (avis de poursuite d'études)")
    page.get_by_label("Nom complet").fill(name)
    page.get_by_label("Adresse e-mail").fill(email)
    page.get_by_role("button", name="Envoyer la demande").click()
    expect(page.get_by_text("Demandé le")).to_be_visible()


def give_consents(page):
    """On the consents step: both ticked and saved."""
    page.locator("#id_share").check()
    page.locator("#id_recording").check()
    page.get_by_role("button", name="Enregistrer", exact=True).click()
    expect(page.get_by_text("Enregistré.")).to_be_visible()


def pay_in_sandbox(page, amount):
    """From the review step: the fees (`amount` as the page writes it, "77,00 €") paid on the
    payments sandbox's test page."""
    page.get_by_role("link", name="Payer les frais").click()
    page.get_by_label("Paiement de test (bac à sable)").check()
    page.get_by_role("button", name=f"Payer {amount}").click()
    page.wait_for_url("**/paiement/test/**")
    with page.expect_navigation():
        page.get_by_role("button", name=f"Payer {amount} (test)").click()
