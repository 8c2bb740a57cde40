"""The admissibility deliberation in a real browser, axe on every page, desktop and phone:
the president deliberates before the date; on 21 April (time travel) the candidate reads
"admissible" and nothing else about the results. Rules: R-TEST-1, R-TEST-8."""

import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from playwright.sync_api import expect

from jury.enums import ProbatoryTest
from selection import services
from selection.models import AdmissibilityDecision
from tests.browser.conftest import assert_fits_the_screen, browser_login, page_axe
from tests.selection.conftest import (
    BEFORE_RESULTS,
    RESULTS_DAY_8AM,
    excellent,
    only_registered,
    pre_admissible,
)

pytestmark = pytest.mark.django_db(transaction=True)
TOTP = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
RESULTS_DAY_9AM = RESULTS_DAY_8AM + dt.timedelta(hours=1)


def press(locator):
    """Activate a link or button from the keyboard and wait for the page it opens."""
    locator.focus()
    with locator.page.expect_navigation():
        locator.press("Enter")


def test_R_TEST_8_president_deliberates_and_the_candidate_reads_admissible_on_21_april(
    browser_page, personas
):
    with only_registered(ProbatoryTest.ENGLISH_TEST) as (fake_english,):
        _deliberate_then_read(browser_page, personas, fake_english)


def _deliberate_then_read(page, personas, fake_english):
    intake = personas.program_x.intakes.get(campaign__year=2021, level="year_1")
    lea = pre_admissible(
        intake,
        personas.president,
        tests=["video_interview", "english_test"],
        application__candidate=personas.candidate_a,
    )
    other = pre_admissible(intake, personas.president, tests=["video_interview", "english_test"])
    excellent(intake, personas.president, application__candidate__last_name="Brillant")
    fake_english.scores.update({lea.pk: Decimal("14.5"), other.pk: Decimal("6")})
    lea_name = f"{lea.application.candidate.last_name.upper()} {lea.application.candidate.first_name}"
    other_name = other.application.candidate.get_full_name()

    with time_machine.travel(BEFORE_RESULTS, tick=True):
        browser_login(page, personas.president.email, totp_secret=TOTP)
        page.goto("/jury/2021/")
        page_axe(page, context="jury home with the deliberations")
        press(page.get_by_role("link", name=f"{intake.program.name} – {intake.get_level_display()}").last)
        expect(page.locator("h1")).to_contain_text("Délibération d'admissibilité")
        expect(page.locator("table")).to_contain_text("B2 – 14.5/20")
        expect(page.locator("table")).to_contain_text("Admissible sur dossier (excellence académique)")
        page_axe(page, context="deliberation")
        assert_fits_the_screen(page)

        press(page.get_by_role("link", name=lea_name))
        expect(page.locator("h1")).to_contain_text("Admissibilité de")
        page_axe(page, context="one candidate")
        page.get_by_label("Admissible", exact=True).check()
        page.get_by_label("Rang sur la liste des admissibles").fill("1")
        press(page.get_by_role("button", name="Enregistrer la décision"))
        expect(page.locator("main")).to_contain_text("Décision enregistrée en brouillon")

        page.get_by_label(f"Sélectionner {other_name}").check()
        page.locator("#bulk-form").get_by_label("Non admissible").check()
        press(page.get_by_role("button", name="Enregistrer la décision"))
        expect(page.locator("main")).to_contain_text(
            "Décision « Non admissible » enregistrée pour 1 candidat(s)."
        )
        page_axe(page, context="deliberation after the decisions")
        assert AdmissibilityDecision.objects.count() == 2

        # Before the date the candidate sees the pre-admissibility, and the tests to take.
        page.context.clear_cookies()
        browser_login(page, personas.candidate_a.email)
        page.goto("/candidat/")
        main = page.locator("main")
        expect(main).to_contain_text("Pré-admissible")
        expect(main).not_to_contain_text("Non admissible")
        press(page.get_by_role("link", name="Mes épreuves probatoires : dates et marche à suivre"))
        expect(page.locator("main")).to_contain_text("Vous passez 2 épreuves probatoires")
        expect(page.locator("main")).not_to_contain_text("14,5")
        page_axe(page, context="candidate's tests page before the results")
        assert_fits_the_screen(page)

    # The milestone at 08:00 Paris on the results date.
    services.admissibility_release(campaign=intake.campaign, now=RESULTS_DAY_8AM)

    with time_machine.travel(RESULTS_DAY_9AM, tick=True):
        page.context.clear_cookies()
        browser_login(page, personas.candidate_a.email)
        page.goto("/candidat/")
        main = page.locator("main")
        expect(main).to_contain_text("Statut : Admissible")
        for secret in ("14,5", "14.5", "B2", "/20", "Rang", "rang 1"):
            expect(main).not_to_contain_text(secret)
        page_axe(page, context="candidate home after the results")
        page.goto("/epreuves/2021/")
        expect(page.locator("main")).to_contain_text("Statut : Admissible")
        for secret in ("14,5", "14.5", "B2", "/20", "Rang"):
            expect(page.locator("main")).not_to_contain_text(secret)
        page_axe(page, context="candidate's tests page after the results")
        page.goto("/messages/")
        page_axe(page, context="inbox after the results")
        press(page.get_by_role("link", name="résultats d'admissibilité").first)
        body = page.locator("main")
        expect(body).to_contain_text("le jury de recrutement vous a déclaré admissible")
        expect(body).to_contain_text("entreprise d'accueil")
        for secret in ("14,5", "14.5", "B2", "/20", "Rang"):
            expect(body).not_to_contain_text(secret)
        assert_fits_the_screen(page)
