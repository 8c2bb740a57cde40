"""Every role's main pages in English leave no French behind (headings, buttons, table
headers, labels) and pass axe; on a phone, the same pages never scroll sideways.

The data is made through the services: a submitted and paid candidate with two wishes, a
draft candidate, a jury review and a draft decision, the e-mails of the outbox."""

import re

import pytest

from accounts.rules import is_staff_member
from candidates import services as candidate_services
from jury import services as jury_services
from tests.browser.conftest import DESKTOP, PHONE, assert_fits_the_screen, browser_login, page_axe
from tests.candidates.factories import fill_dossier, pay
from tests.factories import open_for_submission_today

pytestmark = pytest.mark.django_db(transaction=True)
TOTP = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
# Words that only a French page shows in its headings and controls.
FRENCH = re.compile(
    r"\b(Mon|Mes|Ma|Dossier de|Enregistrer|Retour|Valider|Envoyer|Déposer|Vœux?|Pièces?|Payer|Annuler|"
    r"Rechercher|Filtrer|Relancer|Se connecter|Connexion|Inscription|Candidat|Référents?)\b"
)
CONTROLS = ", ".join(
    f"main {tag}" for tag in ("h1", "h2", "h3", "button", ".btn", "th", "label", "caption", "legend")
)


@pytest.fixture
def portal(personas, session_2021):
    """Submissions open today; candidate A submitted and paid (2 wishes), candidate B a draft;
    a member's review and the president's draft decision on A's first wish."""
    open_for_submission_today(session_2021)
    a, b = personas.candidate_a, personas.candidate_b
    a.first_name, a.last_name, a.preferred_language = "Léa", "Durand", "en"
    a.save()
    b.first_name, b.last_name, b.preferred_language = "Hugo", "Bernard", "en"
    b.save()
    application = fill_dossier(a, session_2021, programs=("bat", "infres"))
    pay(application, a)
    application, _ = candidate_services.application_submit(application=application, actor=a)
    fill_dossier(b, session_2021, documents=False, referee=False, consents=False)
    wish = application.wishes.get(intake__program__code="bat")
    jury_services.wish_take_into_review(wish=wish, actor=personas.jury_x)
    jury_services.decision_set(
        wish=wish, actor=personas.president, kind="standard", tests=["video_interview"]
    )
    token = candidate_services.referee_signed_token(application.referees.first())
    return {"application": application, "wish": wish, "intake": wish.intake, "token": token}


def _walks(personas, portal):
    intake, wish, application = portal["intake"], portal["wish"], portal["application"]
    return [
        (
            None,
            [
                "/",
                "/formations/",
                "/frais/",
                "/calendrier/",
                "/accounts/login/",
                "/accounts/signup/",
                "/accounts/password/reset/",
                f"/candidat/avis/{portal['token']}/",
            ],
        ),
        (
            personas.candidate_a,
            [
                "/candidat/",
                "/candidat/dossier/verification/",
                "/messages/",
                "/paiement/",
                "/candidat/desistement/",
                f"/candidat/voeux/{wish.pk}/desistement/",
                "/accounts/email/",
                "/accounts/password/change/",
            ],
        ),
        (
            personas.candidate_b,
            [
                "/candidat/",
                "/candidat/dossier/identite/",
                "/candidat/dossier/parcours/",
                "/candidat/dossier/titre/",
                "/candidat/dossier/bourse/",
                "/candidat/dossier/voeux/",
                "/candidat/dossier/pieces/",
                "/candidat/dossier/referents/",
                "/candidat/dossier/consentements/",
                "/candidat/dossier/verification/",
                "/paiement/",
            ],
        ),
        (personas.jury_x, ["/jury/", f"/jury/promotion/{intake.pk}/", f"/jury/dossier/{wish.pk}/"]),
        (
            personas.president,
            [
                "/jury/",
                f"/jury/promotion/{intake.pk}/",
                f"/jury/dossier/{wish.pk}/",
                f"/jury/promotion/{intake.pk}/affectations/",
                "/jury/publication/",
                "/candidat/gestion/dossiers/",
            ],
        ),
        (
            personas.admin,
            [
                "/gestion/",
                "/messages/jalons/",
                "/candidat/gestion/dossiers/",
                f"/candidat/gestion/dossiers/{application.pk}/",
                "/paiement/gestion/",
                "/paiement/gestion/virement/",
                "/accounts/2fa/",
            ],
        ),
        (personas.cfa, ["/cfa/"]),
    ]


def _context(chromium, live_server, *, phone: bool, language: str):
    context = chromium.new_context(
        viewport=PHONE if phone else DESKTOP,
        base_url=live_server.url,
        locale="fr-FR",
        is_mobile=phone,
        has_touch=phone,
    )
    context.add_cookies([{"name": "portal_language", "value": language, "url": live_server.url}])
    context.set_default_timeout(10_000)
    return context


def _login(page, user):
    if user is not None:
        browser_login(page, user.email, totp_secret=TOTP if is_staff_member(user) else None)


def test_english_pages_have_no_french_left(chromium, live_server, personas, portal):
    for user, urls in _walks(personas, portal):
        context = _context(chromium, live_server, phone=False, language="en")
        page = context.new_page()
        _login(page, user)
        for url in urls:
            page.goto(url)
            assert page.locator("html").get_attribute("lang") == "en", url
            texts = page.locator(CONTROLS).all_inner_texts()
            leftovers = [text for text in texts if FRENCH.search(text)]
            assert leftovers == [], f"French on the English page {url}: {leftovers}"
            assert not FRENCH.search(page.title()), f"French title on {url}: {page.title()}"
            page_axe(page, context=f"{url} in English")
        context.close()
    # The candidate chose English: the acknowledgment of receipt was written in English.
    context = _context(chromium, live_server, phone=False, language="en")
    page = context.new_page()
    _login(page, personas.candidate_a)
    page.goto("/messages/")
    subjects = page.locator("main tbody a").all_inner_texts()
    assert subjects and not [s for s in subjects if FRENCH.search(s) or "votre" in s], subjects
    context.close()


@pytest.mark.parametrize("language", ["fr", "en"])
def test_main_pages_fit_a_phone_screen(chromium, live_server, personas, portal, language):
    for user, urls in _walks(personas, portal):
        context = _context(chromium, live_server, phone=True, language=language)
        page = context.new_page()
        _login(page, user)
        for url in urls:
            page.goto(url)
            page.wait_for_load_state("load")
            assert_fits_the_screen(page)
            # Wide tables scroll inside a box a keyboard user can reach.
            for box in page.locator(".table-responsive").all():
                assert box.get_attribute("tabindex") == "0" and box.get_attribute("aria-label"), url
        context.close()
