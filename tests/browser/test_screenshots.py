"""The pages issue 16 asked to see, photographed as their users see them: the candidate's
review page, the dossier on a phone, the jury's dossier page and the minutes. Each page is
checked (axe, what it must say) and written to `SCREENSHOTS_DIR` (`make screenshots` sets
it to docs/screenshots/; otherwise a temporary folder), so the pictures in docs/ stay true.
"""

import pypdfium2
import pytest
from django.urls import reverse
from playwright.sync_api import expect

from admissions.models import Intake
from tests.browser.conftest import DESKTOP, PHONE, browser_login, output_folder, page_axe
from tests.candidates.factories import fill_dossier
from tests.factories import UserFactory, open_for_submission_today
from tests.jury.factories import received_referee, submitted_wish

pytestmark = pytest.mark.django_db(transaction=True)
TOTP = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


@pytest.fixture
def shots(tmp_path):
    return output_folder("SCREENSHOTS_DIR", tmp_path)


def _shot(page, folder, name):
    path = folder / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    assert path.stat().st_size > 10_000
    return path


def test_the_candidate_review_page_and_the_dossier_on_a_phone(chromium, live_server, session_2021, shots):
    open_for_submission_today(session_2021)
    candidate = UserFactory(email="capture@example.org", first_name="Léa", last_name="Durand")
    fill_dossier(candidate, session_2021, programs=("bat", "mkx"))
    for name, viewport, url in (
        ("candidate-review-desktop", DESKTOP, reverse("candidates:review", args=[2021])),
        ("candidate-dossier-phone", PHONE, reverse("candidates:documents", args=[2021])),
        ("candidate-home-phone", PHONE, reverse("candidates:home")),
    ):
        context = chromium.new_context(viewport=viewport, base_url=live_server.url, locale="fr-FR")
        page = context.new_page()
        browser_login(page, candidate.email)
        page.goto(url)
        expect(page.locator("h1")).to_be_visible()
        page_axe(page, context=name)
        _shot(page, shots, name)
        context.close()


def test_the_jury_dossier_page_and_the_minutes(chromium, live_server, personas, shots):
    intake = Intake.objects.get(campaign__year=2021, program=personas.program_x, level="year_1")
    wish = submitted_wish(
        intake, application__candidate__last_name="Durand", application__candidate__first_name="Léa"
    )
    received_referee(wish)
    context = chromium.new_context(viewport=DESKTOP, base_url=live_server.url, locale="fr-FR")
    page = context.new_page()
    browser_login(page, personas.president.email, totp_secret=TOTP)
    page.goto(f"/jury/dossier/{wish.pk}/")
    expect(page.locator("h1")).to_have_text("Dossier de Léa Durand")
    page_axe(page, context="jury dossier")
    _shot(page, shots, "jury-dossier-desktop")
    minutes = page.request.get(reverse("jury:minutes", args=[intake.pk]))
    assert minutes.ok and minutes.body().startswith(b"%PDF")
    pdf = pypdfium2.PdfDocument(minutes.body())
    picture = pdf[0].render(scale=1.5).to_pil()
    path = shots / "jury-minutes-page-1.png"
    picture.save(path)
    assert picture.width > 800 and path.stat().st_size > 10_000
    context.close()
