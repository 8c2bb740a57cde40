"""The jury back-office in a real browser, axe on every page.

Rule: R-JURY-1 (review and scores), R-JURY-3 (classification), R-JURY-5 (embargo),
R-ELIG-2/3/4 (no decision before the eligibility ruling).
"""

import datetime as dt

import pytest
import time_machine
from playwright.sync_api import expect

from admissions.models import Intake
from candidates.enums import Eligibility
from jury import services
from jury.enums import DecisionKind
from jury.models import Decision, Review
from jury.selectors import scoring_criteria
from tests.browser.conftest import browser_login, page_axe
from tests.conftest import activate_totp  # noqa: F401 (personas have TOTP)
from tests.factories import referee_answers
from tests.jury.factories import received_referee, submitted_wish

pytestmark = pytest.mark.django_db(transaction=True)
TOTP = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
BEFORE_RESULTS = dt.datetime(2021, 3, 20, 9, 0, tzinfo=dt.UTC)
AFTER_RESULTS = dt.datetime(2021, 3, 30, 7, 0, tzinfo=dt.UTC)  # 09:00 Paris
BEFORE_ADMISSIBILITY = dt.datetime(2021, 4, 10, 8, 0, tzinfo=dt.UTC)


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
    # Issue 16: the button says what it does, its help what follows (described by it).
    expect(page.locator("#take-help")).to_contain_text("Le candidat voit alors « En cours d'examen »")
    press(page.get_by_role("button", name="Passer le dossier « En cours d'examen »"))
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
    expect(page.locator("#release-when")).to_contain_text("le 30 mars 2021 à 8 h (heure de Paris)")
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


def test_R_ELIG_2_president_reads_every_review_and_rules_eligibility_before_deciding(desktop_page, personas):
    """Rules: R-ELIG-2/3/4 (no decision before the eligibility ruling), R-JURY-1 (appraisals
    in words, every review read by who decides), R-JURY-3 (only the president decides)."""
    page = desktop_page
    intake = _intake(personas)
    wish = submitted_wish(
        intake,
        eligibility=Eligibility.JURY,
        application__candidate__last_name="Étrangère",
        application__candidate__first_name="Ana",
        application__title_name="Licenciatura em Engenharia Civil",
        application__title_establishment="Universidade do Porto",
        application__ects=240,
    )
    received_referee(wish, answers=referee_answers(recommendation="favourable", comments="Sérieuse."))
    scores = {c.pk: 14 for c in scoring_criteria(intake.campaign)}
    services.review_save(wish=wish, reviewer=personas.jury_x, scores=scores, proposal="standard", submit=True)
    browser_login(page, personas.president.email, totp_secret=TOTP)
    # The list compares: the title, its establishment and credits, the member's proposal.
    page.goto(f"/jury/promotion/{intake.pk}/?sort=name")
    row = page.get_by_role("row").filter(has_text="ÉTRANGÈRE Ana")
    expect(row).to_contain_text("Licenciatura em Engenharia Civil")
    expect(row).to_contain_text("Universidade do Porto")
    expect(row).to_contain_text("240 ECTS")
    expect(row).to_contain_text("14,00 – Standard")
    page_axe(page, context="list with comparisons")
    press(page.get_by_role("link", name="ÉTRANGÈRE Ana"))
    # Every member's review, without reviewing first; the appraisal in words.
    others = page.locator("section[aria-labelledby=others-title]")
    expect(others).to_contain_text("14,00/20")
    expect(others).to_contain_text("Standard")
    appraisals = page.locator("section[aria-labelledby=documents-title]")
    expect(appraisals).to_contain_text("Niveau académique")
    expect(appraisals).to_contain_text("5 / 5 – Excellent")
    expect(appraisals).to_contain_text("Favorable")
    expect(appraisals).to_contain_text("Sérieuse.")
    page_axe(page, context="dossier read by the president")
    # The whole dossier for offline reading, from the page's link.
    bound = page.request.get(
        page.get_by_role("link", name="Le dossier complet en un PDF").get_attribute("href")
    )
    assert bound.ok and bound.body().startswith(b"%PDF")
    # No decision before the ruling.
    page.get_by_label("Standard", exact=True).check()
    page.get_by_role("button", name="Enregistrer la décision").click()
    expect(page.get_by_text("enregistrez la décision de recevabilité avant de décider")).to_be_visible()
    expect(page.locator("#decision-now")).to_have_text("Pas encore de décision.")
    page_axe(page, context="decision refused before the ruling")
    page.get_by_label("Recevable", exact=True).check()
    page.get_by_label("Commentaire d'équivalence").fill("Licence portugaise, 240 ECTS")
    press(page.get_by_role("button", name="Enregistrer la recevabilité"))
    expect(page.locator("#eligibility-now")).to_contain_text("Déclaré recevable.")
    page.get_by_label("Standard", exact=True).check()
    page.get_by_role("button", name="Enregistrer la décision").click()
    expect(page.locator("#decision-now")).to_contain_text("Standard")
    page_axe(page, context="decision after the ruling")


def test_R_JURY_3_a_member_ruling_not_eligible_only_proposes(browser_page, personas):
    page = browser_page
    intake = _intake(personas)
    wish = submitted_wish(
        intake, application__candidate__last_name="Hors", application__candidate__first_name="Champ"
    )
    browser_login(page, personas.jury_x.email, totp_secret=TOTP)
    page.goto(f"/jury/dossier/{wish.pk}/")
    expect(page.get_by_text("Votre avis est une proposition")).to_be_visible()
    page.get_by_label("Non recevable", exact=True).check()
    page.get_by_label("Commentaire d'équivalence").fill("Titre sans lien avec la formation")
    press(page.get_by_role("button", name="Enregistrer la recevabilité"))
    expect(page.get_by_text("Recevabilité enregistrée.")).to_be_visible()
    expect(page.locator("#decision-now")).to_have_text("Pas encore de décision.")
    page_axe(page, context="member's ruling as a proposal")
    assert not Decision.objects.filter(wish=wish).exists()
    assert Review.objects.get(wish=wish, reviewer=personas.jury_x).proposal == "rejected"


def test_R_JURY_5_override_to_admissible_waits_for_the_admissibility_results(desktop_page, personas):
    page = desktop_page
    intake = _intake(personas)
    wish = submitted_wish(intake, application__candidate=personas.candidate_a)
    decision = services.decision_set(wish=wish, actor=personas.president, kind=DecisionKind.STANDARD)
    services.decisions_release(campaign=intake.campaign, now=AFTER_RESULTS)
    with time_machine.travel(BEFORE_ADMISSIBILITY, tick=True):
        browser_login(page, personas.admin.email, totp_secret=TOTP)
        page.goto(f"/jury/decision/{decision.pk}/modifier/")
        page.get_by_label("Nouvelle décision").select_option("excellence")
        page.get_by_label("Motif (conservé dans le journal d'audit)").fill("Erreur de report au PV")
        page.get_by_role("button", name="Modifier la décision").click()
        expect(page.locator("#decision-now")).to_contain_text("en attente des résultats d'admissibilité")
        expect(page.get_by_text("à la date des résultats d'admissibilité (21 avril 2021)")).to_be_visible()
        page_axe(page, context="override waiting for its date")
        page.context.clear_cookies()
        browser_login(page, personas.candidate_a.email)
        page.goto("/candidat/")
        text = page.locator("main").inner_text()
        assert "Pré-admissible" in text and "Excellence" not in text
        page.goto("/messages/")
        assert "corrigé" not in page.locator("main").inner_text()
