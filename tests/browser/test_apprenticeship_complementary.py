"""The complementary list in a real browser, axe on every page, desktop and phone.

Rules: R-ADMIT-5 (seven days before classes, the president draws the list of an intake with
vacant places and more admissible candidates still searching), R-ADMIT-6 (three months later,
a trainee without a contract has left).
"""

import datetime as dt

import pytest
import time_machine
from playwright.sync_api import expect

from apprenticeship.models import ComplementaryDraw
from candidates.enums import WishState
from notifications.services import milestones_tick
from tests.apprenticeship.factories import admissible, small_intake
from tests.browser.conftest import assert_fits_the_screen, browser_login, page_axe

pytestmark = pytest.mark.django_db(transaction=True)
TOTP = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
SEVEN_DAYS_BEFORE = dt.datetime(2021, 8, 30, 8, 0, tzinfo=dt.UTC)  # 10:00 Paris
THREE_MONTHS_LATER = dt.datetime(2021, 12, 7, 8, 0, tzinfo=dt.UTC)


def test_R_ADMIT_5_president_draws_and_R_ADMIT_6_a_trainee_without_contract_leaves(browser_page, personas):
    page = browser_page
    intake = small_intake(personas.program_x, places=1, capacity=1)
    trainee = admissible(intake, 17, application__candidate=personas.candidate_a)
    other = admissible(intake, 11, last_name="Suivant")
    with time_machine.travel(SEVEN_DAYS_BEFORE, tick=True):
        milestones_tick()  # the draw opens; the president is told
        browser_login(page, personas.president.email, totp_secret=TOTP)
        page.goto("/jury/2021/")
        page.get_by_role("link", name="Listes complémentaires").click()
        expect(page.locator("h1")).to_have_text("Listes complémentaires")
        row = page.locator(f"#intake-{intake.pk}")
        expect(row).to_contain_text("Bâtiment")
        page_axe(page, context="complementary lists")
        assert_fits_the_screen(page)
        row.get_by_role("button", name="Dresser la liste complémentaire").click()
        expect(
            page.get_by_text("Liste complémentaire dressée : 1 candidat inscrit et prévenu par courriel.")
        ).to_be_visible()
        expect(page.locator("#check-verdict")).to_contain_text(
            "Rejouer les données figées donne la même liste"
        )
        expect(page.locator("table")).to_contain_text(personas.candidate_a.last_name.upper())
        expect(page.locator("table")).not_to_contain_text("SUIVANT")
        page_axe(page, context="draw and its check")
        assert_fits_the_screen(page)
        minutes = page.request.get(
            page.get_by_role("link", name="Procès-verbal de la liste complémentaire (PDF)").get_attribute(
                "href"
            )
        )
        assert minutes.ok and minutes.body().startswith(b"%PDF")
    draw = ComplementaryDraw.objects.get()
    assert draw.listed == [trainee.pk]
    other.refresh_from_db()
    assert other.state == WishState.ADMISSIBLE

    with time_machine.travel(THREE_MONTHS_LATER, tick=True):
        milestones_tick()  # reminders long due, then the end of the 3 months
        trainee.refresh_from_db()
        assert trainee.state == WishState.LEFT
        browser_login(page, personas.cfa.email, totp_secret=TOTP)
        page.goto("/cfa/2021/")
        page.get_by_role("link", name="Les stagiaires et leur échéance").click()
        row = page.locator(f"#trainee-{trainee.pk}")
        expect(row).to_contain_text("A quitté la formation")
        page_axe(page, context="trainees")
        assert_fits_the_screen(page)
        page.get_by_label("Statut").select_option("complementary")
        page.get_by_role("button", name="Appliquer").click()
        expect(page.get_by_text("Aucun candidat inscrit.")).to_be_visible()
        page.context.clear_cookies()
        browser_login(page, personas.candidate_a.email)
        page.goto("/candidat/")
        expect(page.locator(f"#trainee-{trainee.pk}")).to_contain_text("vous avez quitté la formation")
        page_axe(page, context="candidate home after leaving")
