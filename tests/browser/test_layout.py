"""Layout (issue 16, "Layout"): at 1280 px the logged-in header holds on one line for every
role, in French and in English; the back-office pages of the admin's session tools pass axe on
a desktop and a phone."""

import pytest
from playwright.sync_api import expect

from admissions.demo import DEMO_ACCOUNTS, DEMO_PASSWORD, DEMO_TOTP_SECRET, load_demo_accounts
from admissions.models import Campaign
from tests.browser.conftest import DESKTOP, PHONE, assert_fits_the_screen, browser_login, page_axe
from tests.browser.test_english_pages import TOTP, portal  # noqa: F401 (a fixture)

pytestmark = pytest.mark.django_db(transaction=True)

# The header's parts: the brand, each menu entry, the e-mail, log out, the language button.
HEADER_LINES = """() => {
  const items = [document.querySelector('.navbar-brand'),
                 ...document.querySelectorAll('#main-nav > ul > li')];
  const rects = items.map((el) => el.getBoundingClientRect());
  const brand = document.querySelector('.navbar-brand');
  const lineHeight = parseFloat(getComputedStyle(brand).lineHeight);
  const nav = document.querySelector('.portal-header .navbar > .container-xxl').getBoundingClientRect();
  const links = [...document.querySelectorAll('#main-nav .nav-link, #main-nav .navbar-text')];
  return {
    foldedEntries: links.filter((el) => el.getBoundingClientRect().height
        > 1.5 * parseFloat(getComputedStyle(el).lineHeight) + parseFloat(getComputedStyle(el).paddingTop)
          + parseFloat(getComputedStyle(el).paddingBottom)).map((el) => el.textContent.trim()),
    centres: rects.map((r) => Math.round(r.top + r.height / 2)),
    brandLines: Math.round(brand.getBoundingClientRect().height / lineHeight),
    height: Math.round(nav.height),
    tallest: Math.round(Math.max(...rects.map((r) => r.height))),
  };
}"""


def _assert_one_line(page, who):
    expect(page.locator("#main-nav")).to_be_visible()
    header = page.evaluate(HEADER_LINES)
    assert header["brandLines"] == 1, (who, header)
    # No entry folded on two lines either ("Ma / candidature", "Se / déconnecter").
    assert header["foldedEntries"] == [], (who, header)
    assert max(header["centres"]) - min(header["centres"]) <= 4, (who, header)
    # The header is as tall as its tallest item: one line.
    assert header["height"] <= header["tallest"] + 2, (who, header)


@pytest.mark.parametrize("width", [1200, 1280])
@pytest.mark.parametrize("language", ["fr", "en"])
def test_logged_in_header_is_one_line_from_1200_px_for_every_role(
    desktop_page, session_2021, language, width
):
    """From 1200 px (where the menu stops folding behind its button) the header is one line."""
    load_demo_accounts()
    page = desktop_page
    page.set_viewport_size({"width": width, "height": 900})
    for email, _first, _last, role, _programs in DEMO_ACCOUNTS:
        page.context.clear_cookies()
        secret = None if role == "candidate" else DEMO_TOTP_SECRET
        browser_login(page, email, DEMO_PASSWORD, totp_secret=secret)
        page.goto("/")
        if language == "en":
            with page.expect_navigation():
                page.get_by_role("button", name="English").click()
            expect(page.locator("html")).to_have_attribute("lang", "en")
        assert page.viewport_size["width"] == width
        _assert_one_line(page, role)
    with page.expect_navigation():
        page.get_by_role("button", name="Log out" if language == "en" else "Se déconnecter").click()
    _assert_one_line(page, "anonymous")


# Each checkbox and radio beside its label: the box's middle on the label's first line, the
# label just after the box.
FORM_CHECKS = """() => [...document.querySelectorAll('main .form-check')].map((check) => {
  const box = check.querySelector('input[type=checkbox], input[type=radio]');
  const label = check.querySelector('label');
  if (!box || !label) return null;
  const b = box.getBoundingClientRect();
  const l = label.getBoundingClientRect();
  const line = parseFloat(getComputedStyle(label).lineHeight) || 24;
  return {id: box.id, boxMiddle: b.top + b.height / 2, lineMiddle: l.top + line / 2,
          gap: l.left - b.right, rowGap: Math.abs(b.top - l.top)};
}).filter(Boolean)"""


def _assert_checks_line_up(page, where):
    checks = page.evaluate(FORM_CHECKS)
    assert checks, f"no checkbox or radio on {where}"
    for check in checks:
        assert abs(check["boxMiddle"] - check["lineMiddle"]) <= 3, (where, check)
        assert 0 <= check["gap"] <= 16, (where, check)


@pytest.mark.parametrize("phone", [False, True], ids=["desktop", "phone"])
def test_checkboxes_and_radios_line_up_with_their_labels(chromium, live_server, personas, portal, phone):  # noqa: F811
    context = chromium.new_context(
        viewport=PHONE if phone else DESKTOP, base_url=live_server.url, locale="fr-FR", is_mobile=phone
    )
    page = context.new_page()
    page.goto("/accounts/login/")
    _assert_checks_line_up(page, "login")
    browser_login(page, personas.candidate_b.email)
    for url in ("/candidat/dossier/titre/", "/candidat/dossier/bourse/", "/candidat/dossier/consentements/"):
        page.goto(url)
        _assert_checks_line_up(page, url)
    context.close()
    context = chromium.new_context(
        viewport=PHONE if phone else DESKTOP, base_url=live_server.url, locale="fr-FR", is_mobile=phone
    )
    page = context.new_page()
    browser_login(page, personas.president.email, totp_secret=TOTP)
    page.goto(f"/jury/dossier/{portal['wish'].pk}/")
    _assert_checks_line_up(page, "jury dossier")
    context.close()


def test_admin_starts_and_publishes_a_session_from_the_back_office(browser_page, session_2021, viewport):
    """The admin's session tools outside /admin/: a copy with its opening filled in, then a
    publication that says first what it changes for whom; axe clean, desktop and phone."""
    load_demo_accounts()
    page = browser_page
    browser_login(page, "admin@demo.imt-mines-ales.fr", DEMO_PASSWORD, totp_secret=DEMO_TOTP_SECRET)
    page.goto("/gestion/")
    with page.expect_navigation():
        page.get_by_role("link", name="Créer une nouvelle session à partir de Session 2021").click()
    expect(page.locator("h1")).to_have_text("Créer une nouvelle session à partir de Session 2021")
    expect(page.get_by_label("Année de la nouvelle session")).to_have_value("2022")
    expect(page.get_by_label("Ouverture des dépôts")).to_have_value("10/01/2022")
    page_axe(page, context=f"session copy ({viewport})")
    assert_fits_the_screen(page)
    with page.expect_navigation():
        page.get_by_role("button", name="Créer la session").click()
    expect(page.locator("body")).to_contain_text("Session créée, non publiée")
    copy = Campaign.objects.get(year=2022)
    assert copy.submission_deadline.isoformat() == "2022-03-08" and not copy.is_published

    page.goto("/gestion/")
    with page.expect_navigation():
        page.get_by_role("link", name="Publier Session 2022").click()
    effects = page.locator(".publication-effects")
    expect(effects).to_contain_text("passent de Session 2021 à Session 2022")
    expect(effects).to_contain_text("Ils gardent leurs dossiers, récépissés et décisions de Session 2021")
    expect(effects).to_contain_text("le sélecteur de session propose Session 2021 et Session 2022")
    page_axe(page, context=f"session publication ({viewport})")
    assert_fits_the_screen(page)
    with page.expect_navigation():
        page.get_by_role("button", name="Publier Session 2022").click()
    expect(page.locator(".messages")).to_contain_text("Session 2022 est publiée.")
    page_axe(page, context=f"back office after publication ({viewport})")
    assert Campaign.objects.get(year=2022).is_published
