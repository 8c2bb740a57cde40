"""The English test in a real browser (R-TEST-4, R-TEST-8): a candidate opens the test from
their home, takes the built-in (sandbox) test and then reads "completed", and nothing of the
score or level; desktop and phone, axe on every page."""

import re

import pytest
import time_machine
from playwright.sync_api import expect

from admissions.models import Intake
from english_test.enums import TakeState
from english_test.models import Take
from tests.browser.conftest import assert_fits_the_screen, browser_login, page_axe
from tests.english_test.factories import IN_WINDOW, released_wish, take_for
from tests.jury.factories import CandidateFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_R_TEST_8_candidate_takes_the_sandbox_english_test_and_sees_no_score(browser_page, personas):
    page = browser_page
    intake = Intake.objects.get(campaign__year=2021, program=personas.program_x, level="year_2")
    candidate = CandidateFactory(email="anglais@example.org")
    take = take_for(released_wish(intake, decided_by=personas.president, candidate=candidate))
    browser_login(page, candidate.email)
    with time_machine.travel(IN_WINDOW, tick=True):
        page.goto("/candidat/")
        panel = page.get_by_test_id("english-test-panel")
        expect(panel.get_by_test_id("english-test-state")).to_have_text("Invité")
        page_axe(page, context="home with the English test to take")
        assert_fits_the_screen(page)

        panel.get_by_role("link", name="Passer le test d'anglais").click()
        page.wait_for_url("**/anglais/2021/test/")
        expect(page.locator("h1")).to_have_text("Test d'anglais")
        page_axe(page, context="sandbox test, before starting")
        with page.expect_navigation():
            page.get_by_role("button", name="Commencer le test").click()
        expect(page.get_by_test_id("english-test-state")).to_have_text("Commencé")
        page.get_by_label("Vendredi", exact=True).check()
        page.get_by_label("since", exact=True).check()
        page.get_by_label("Examiner la cause du retard").check()
        page.get_by_label("had received", exact=True).check()
        page.get_by_label("L'administrateur du site web").check()
        page_axe(page, context="sandbox test, questions")
        assert_fits_the_screen(page)
        with page.expect_navigation():
            page.get_by_role("button", name="Envoyer mes réponses").click()
        expect(page.get_by_text("Merci : votre test d'anglais est terminé.")).to_be_visible()
        expect(page.get_by_test_id("english-test-state")).to_have_text("Terminé")
        page_axe(page, context="sandbox test, completed")

        page.goto("/candidat/")
        expect(page.get_by_test_id("english-test-state")).to_have_text("Terminé")
        main = page.locator("main")
        expect(main).not_to_contain_text("B2")
        expect(main).not_to_contain_text(re.compile(r"\b80\b|/20"))
        expect(page.get_by_role("link", name="Passer le test d'anglais")).to_have_count(0)
        page_axe(page, context="home, English test completed")
    take.refresh_from_db()
    assert (take.state, str(take.score), take.level) == (TakeState.COMPLETED, "80.00", "B2")
    assert Take.objects.count() == 1
