"""Company-search support in a real browser (R-CFA-1, R-ADMIT-4), desktop and phone: an
admissible candidate sees the places left on their home, tells the CFA their needs and
registers for a training day. axe on every page."""

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from candidates.enums import WishState
from tests.browser.conftest import assert_fits_the_screen, browser_login, page_axe
from tests.company_search.factories import TrainingDayFactory, searching_wish
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_R_CFA_1_admissible_candidate_tells_needs_registers_and_sees_the_countdown(
    browser_page, session_2021, viewport
):
    page = browser_page
    # The demo session, with its classes still to come (the countdown runs until then).
    session_2021.classes_start_on = timezone.localdate() + dt.timedelta(days=60)
    session_2021.save(update_fields=["classes_start_on"])
    intake = session_2021.intakes.get(program__code="bat", level="year_1")
    candidate = UserFactory(email="admissible@example.org")
    searching_wish(intake, candidate=candidate)
    searching_wish(intake, state=WishState.PLACED)  # another candidate's registered job sheet
    starts = timezone.now() + dt.timedelta(days=10)
    TrainingDayFactory(campaign=session_2021, title="Atelier CV", capacity=1, starts_at=starts)

    browser_login(page, candidate.email)
    page.goto(reverse("candidates:home"))
    countdown = page.get_by_role("table", name=re.compile("Places restantes par formation"))
    expect(countdown.get_by_role("row", name=re.compile("Bâtiment 1re année"))).to_contain_text("39")
    page_axe(page, context="candidate home with the countdown")

    page.get_by_role("link", name="Indiquer mes besoins au CFA").click()
    expect(page.locator("h1")).to_have_text("Trouver une entreprise d'accueil")
    page_axe(page, context="support page")
    page.get_by_role("link", name="Indiquer mes besoins au CFA").click()
    expect(page.locator("h1")).to_have_text("Mes besoins pour trouver une entreprise d'accueil")
    page_axe(page, context="needs form")
    page.get_by_label("Aide pour mon CV et ma lettre de motivation").check()
    page.get_by_label("Occitanie").check()
    page.get_by_label("Mobilité").select_option(label="Dans ma région")
    page.get_by_role("button", name="Enregistrer mes besoins").click()
    expect(page.get_by_text("Vos besoins sont enregistrés.")).to_be_visible()
    expect(page.get_by_role("link", name="Modifier mes besoins")).to_be_visible()

    day = page.get_by_role("article", name="Atelier CV")
    expect(day).to_contain_text("1 place restante")
    day.get_by_role("button", name=re.compile("M'inscrire")).click()
    expect(page.get_by_text("Vous êtes inscrit(e) à « Atelier CV ».")).to_be_visible()
    day = page.get_by_role("article", name="Atelier CV")
    expect(day).to_contain_text("Inscrit(e)")
    expect(day.get_by_role("button", name=re.compile("Annuler mon inscription"))).to_be_visible()
    page_axe(page, context="support page, registered")
    if viewport == "phone":
        assert_fits_the_screen(page)

    page.goto(reverse("company_search:places", args=[2021]))
    expect(page.locator("[data-places-left='bat-year_1']")).to_have_text("39")
    page_axe(page, context="public places page")
