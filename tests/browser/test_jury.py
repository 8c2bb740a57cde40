"""The jury back-office in a real browser, axe on every page.

Rule: R-JURY-1 (review and scores), R-JURY-3 (classification), R-JURY-5 (embargo).
"""

import datetime as dt

import pytest
import time_machine
from playwright.sync_api import expect

from admissions.models import Intake
from jury import services
from jury.enums import DecisionKind
from jury.models import Decision, Review
from tests.browser.conftest import browser_login, page_axe
from tests.conftest import activate_totp  # noqa: F401 (personas have TOTP)
from tests.jury.factories import submitted_wish

pytestmark = pytest.mark.django_db(transaction=True)
TOTP = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
BEFORE_RESULTS = dt.datetime(2021, 3, 20, 9, 0, tzinfo=dt.UTC)
AFTER_RESULTS = dt.datetime(2021, 3, 30, 7, 0, tzinfo=dt.UTC)  # 09:00 Paris


def press(locator):
    """Activate a link or button from the keyboard, as a keyboard user does (this also
    proves the jury pages work without a pointer), and wait for the page it opens."""
    locator.focus()
    with locator.page.expect_navigation():
        locator.press("Enter")


def _intake(personas, level="year_1"):
    return Intake.objects.get(campaign__year=2021, program=personas.program_x, level=level)


def test_R_JURY_1_member_reviews_and_scores_a_dossier(browser_page, personas):
    page = browser_page
    intake = _intake(personas)
    wish = submitted_wish(
        intake, application__candidate__last_name="Durand", application__candidate__first_name="Léa"
    )
    browser_login(page, personas.jury_x.email, totp_secret=TOTP)
    page.goto("/jury/")
    page_axe(page, context="jury home")
    press(page.get_by_role("link", name=f"{intake.program.name} – {intake.get_level_display()}"))
    page_axe(page, context="intake list")
    press(page.get_by_role("link", name="DURAND Léa"))
    expect(page.locator("h1")).to_have_text("Dossier de Léa Durand")
    page_axe(page, context="dossier")
    press(page.get_by_role("button", name="Mettre à l'examen"))
    page.wait_for_selector("text=Le dossier est à l'examen")
    wish.refresh_from_db()
    assert wish.state == "under_review"
    for field in page.locator("input[name^=score_]").all():
        field.fill("15")
    page.get_by_label("Commentaire", exact=True).fill("Parcours solide")
    press(page.get_by_role("button", name="Rendre mon évaluation"))
    assert "Évaluation rendue" in page.content()
    page_axe(page, context="dossier after review")
    review = Review.objects.get(wish=wish, reviewer=personas.jury_x)
    assert review.total == 15 and review.comment == "Parcours solide"


def test_R_JURY_3_president_classifies_from_the_sorted_list(desktop_page, personas):
    page = desktop_page
    intake = _intake(personas)
    first = submitted_wish(intake, application__candidate__last_name="Aubry")
    second = submitted_wish(intake, application__candidate__last_name="Bonnet")
    browser_login(page, personas.president.email, totp_secret=TOTP)
    page.goto(f"/jury/promotion/{intake.pk}/?sort=name")
    page_axe(page, context="president list")
    page.check(f"#pick-{first.pk}")
    page.check(f"#pick-{second.pk}")
    page.get_by_label("Standard", exact=True).check()
    page.get_by_label("Évaluation du niveau d'anglais (30 minutes)").check()
    page.get_by_role("button", name="Enregistrer la décision").click()
    expect(page.get_by_text("enregistrée en brouillon pour 2 dossier(s)")).to_be_visible()
    page_axe(page, context="list after bulk decision")
    assert Decision.objects.filter(kind="standard", tests=["video_interview", "english_test"]).count() == 2
    page.goto(f"/jury/dossier/{first.pk}/")
    # Eligibility: "not eligible" needs a comment, refused without one, then recorded.
    page.get_by_label("Non recevable", exact=True).check()
    press(page.get_by_role("button", name="Enregistrer la recevabilité"))
    expect(page.get_by_text("Expliquez pourquoi le dossier n'est pas recevable.")).to_be_visible()
    page_axe(page, context="eligibility without comment")
    page.get_by_label("Recevable", exact=True).check()
    page.get_by_label("Commentaire d'équivalence").fill("Titre étranger jugé équivalent à un DUT")
    press(page.get_by_role("button", name="Enregistrer la recevabilité"))
    expect(page.get_by_text("Recevabilité enregistrée.")).to_be_visible()
    expect(page.get_by_text("Déclaré recevable.")).to_be_visible()
    page.get_by_label("Rejeté", exact=True).check()
    page.get_by_role("button", name="Enregistrer la décision").click()
    expect(page.locator("#decision-now")).to_contain_text("Rejeté")
    page_axe(page, context="dossier with decision")
    page.goto(f"/jury/promotion/{intake.pk}/affectations/")
    page_axe(page, context="assignments")
    page.get_by_role("button", name="Répartir les dossiers").click()
    expect(page.get_by_text("attribution(s) effectuée(s)")).to_be_visible()
    # What the list's two links give, fetched as the president.
    page.goto(f"/jury/promotion/{intake.pk}/?sort=name")
    export = page.request.get(page.get_by_role("link", name="Exporter en CSV").get_attribute("href"))
    assert export.ok and export.headers["content-type"].startswith("text/csv")
    assert "AUBRY" in export.text().upper() and "BONNET" in export.text().upper()
    minutes_link = page.get_by_role("link", name="Procès-verbal de délibération (PDF)")
    minutes = page.request.get(minutes_link.get_attribute("href"))
    assert minutes.ok and minutes.body().startswith(b"%PDF")
    page.goto("/jury/publication/")
    page_axe(page, context="release page")


def test_R_JURY_5_candidate_sees_nothing_before_the_date_and_the_decision_after(desktop_page, personas):
    page = desktop_page
    intake = _intake(personas)
    wish = submitted_wish(intake, application__candidate=personas.candidate_a)
    services.decision_set(wish=wish, actor=personas.president, kind=DecisionKind.EXCELLENCE)
    with time_machine.travel(BEFORE_RESULTS, tick=True):
        browser_login(page, personas.candidate_a.email)
        page.goto("/candidat/")
        text = page.locator("main").inner_text()
        assert "Admissible" not in text and "Excellence" not in text
        page_axe(page, context="candidate home before results")
        page.goto("/messages/")
        assert "Excellence" not in page.locator("main").inner_text()
    # The milestone at 08:00 Paris on the results date (driven here at a frozen time).
    services.decisions_release(campaign=intake.campaign, now=AFTER_RESULTS)
    with time_machine.travel(AFTER_RESULTS, tick=True):
        browser_login(page, personas.candidate_a.email)
        page.goto("/candidat/")
        assert "Admissible" in page.locator("main").inner_text()
        page_axe(page, context="candidate home after results")
        page.goto("/messages/")
        page_axe(page, context="candidate inbox after results")
        page.get_by_role("link", name="résultat de l'examen de votre dossier").first.click()
        expect(page.locator("main")).to_contain_text("Excellence académique")
        body = page.locator("main").inner_text()
        assert "Excellence académique" in body and "rejeté" not in body


def test_member_with_a_declared_conflict_cannot_open_the_dossier(browser_page, personas):
    page = browser_page
    intake = _intake(personas)
    wish = submitted_wish(intake, application__candidate__last_name="Voisin")
    browser_login(page, personas.jury_x.email, totp_secret=TOTP)
    page.goto(f"/jury/dossier/{wish.pk}/")
    page.get_by_label("Nature du lien (facultatif)").fill("Voisin de palier")
    press(page.get_by_role("button", name="Déclarer un lien avec ce candidat"))
    assert "Conflit d'intérêts enregistré" in page.content()
    assert "VOISIN" not in page.locator("table").inner_text()
    page_axe(page, context="list after conflict")
    response = page.goto(f"/jury/dossier/{wish.pk}/")
    assert response.status == 404


def test_admin_override_page(desktop_page, personas):
    page = desktop_page
    intake = _intake(personas)
    wish = submitted_wish(intake)
    decision = services.decision_set(wish=wish, actor=personas.president, kind=DecisionKind.STANDARD)
    services.decisions_release(campaign=intake.campaign, now=AFTER_RESULTS)
    browser_login(page, personas.admin.email, totp_secret=TOTP)
    page.goto(f"/jury/decision/{decision.pk}/modifier/")
    page_axe(page, context="override")
    page.get_by_label("Nouvelle décision").select_option("excellence")
    page.get_by_label("Motif (conservé dans le journal d'audit)").fill("Erreur de report au PV")
    page.get_by_role("button", name="Modifier la décision").click()
    expect(page.locator("#decision-now")).to_contain_text("Excellence")
    assert "Erreur de report au PV" in page.locator("table").inner_text()
    page_axe(page, context="override after")
