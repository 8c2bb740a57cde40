"""The account pages a user meets once in a while, clicked through in a browser with axe
on each: a staff member's first login (two-factor set-up, recovery codes), a forgotten
password, logging out."""

import datetime as dt
import re
import time

import pytest
import time_machine
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.utils import timezone
from playwright.sync_api import expect

from notifications.models import OutboxMessage
from tests.browser.conftest import assert_fits_the_screen, browser_login, page_axe
from tests.conftest import activate_totp
from tests.factories import UserFactory

TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"  # what activate_totp sets

pytestmark = pytest.mark.django_db(transaction=True)


def _current_code(secret: str) -> str:
    # allauth accepts the current 30-second window only: never send a code about to expire.
    if time.time() % 30 > 26:
        time.sleep(30 - time.time() % 30 + 0.2)
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


def test_staff_first_login_sets_up_two_factor_before_any_staff_page(browser_page, session_2021):
    page = browser_page
    jury = UserFactory(email="nouveau.jury@example.org", role="jury_member")
    browser_login(page, jury.email)
    page.goto("/jury/")
    page.wait_for_url("**/accounts/2fa/totp/activate/")
    expect(page.locator("h1")).to_have_text("Activer l'application d'authentification")
    page_axe(page, context="two-factor set-up")
    assert_fits_the_screen(page)

    # A wrong code is refused with a message; the right one activates two-factor.
    page.get_by_label("Code de l'authentificateur").fill("000000")
    with page.expect_navigation():
        page.get_by_role("button", name="Activer").click()
    expect(page.locator(".invalid-feedback, .text-danger, .errorlist").first).to_be_visible()
    page_axe(page, context="two-factor set-up, wrong code")
    secret = page.locator("#authenticator_secret").input_value()
    page.get_by_label("Code de l'authentificateur").fill(_current_code(secret))
    with page.expect_navigation():
        page.get_by_role("button", name="Activer").click()
    # Straight to the recovery codes, to be kept somewhere safe.
    page.wait_for_url("**/accounts/2fa/recovery-codes/")
    expect(page.get_by_text("Application d'authentification activée.")).to_be_visible()
    page_axe(page, context="recovery codes")
    expect(page.get_by_text("Il y a 10 codes de récupération disponibles sur 10.")).to_be_visible()
    codes = page.get_by_label("Codes inutilisés").input_value().split()
    assert len(codes) == 10

    page.goto("/jury/")
    expect(page.locator("h1")).to_have_text("Espace jury")


def test_forgotten_password_is_reset_through_the_emailed_link(browser_page, session_2021):
    page = browser_page
    candidate = UserFactory(email="oubli@example.org")
    page.goto("/accounts/login/")
    page.get_by_role("link", name="Mot de passe oublié ?").click()
    page.get_by_label("Adresse e-mail").fill(candidate.email)
    with page.expect_navigation():
        page.get_by_role("button", name="Réinitialiser mon mot de passe").click()
    expect(page.get_by_text("Nous vous avons envoyé un e-mail.")).to_be_visible()
    page_axe(page, context="reset requested")
    assert_fits_the_screen(page)

    message = OutboxMessage.objects.filter(recipient_email=candidate.email).latest("pk")
    link = re.search(r"https?://\S+/accounts/password/reset/key/\S+", message.body_text).group(0)
    page.goto(re.sub(r"^https?://[^/]+", "", link))
    page.wait_for_url("**/*-set-password/")  # allauth moves the key out of the address
    expect(page.locator("h1")).to_have_text("Modifier le mot de passe")
    page_axe(page, context="new password form")
    page.locator("input[name=password1]").fill("Un-nouveau-mot-de-passe-42")
    page.locator("input[name=password2]").fill("Un-nouveau-mot-de-passe-42")
    with page.expect_navigation():
        page.locator("input[name=password2]").press("Enter")
    expect(page.get_by_text("Votre mot de passe a été modifié.")).to_be_visible()
    page_axe(page, context="password changed")

    # The old link is spent; the new password works.
    page.goto(re.sub(r"^https?://[^/]+", "", link))
    expect(page.locator("h1")).to_have_text("Lien de réinitialisation invalide")
    expect(page.get_by_text("Il a peut être déjà été utilisé.")).to_be_visible()
    page_axe(page, context="spent reset link")
    browser_login(page, candidate.email, password="Un-nouveau-mot-de-passe-42")
    page.goto("/candidat/")
    expect(page.locator("h1")).to_have_text("Ma candidature")


def test_logging_out_asks_for_confirmation_and_leaves_nothing_open(browser_page, session_2021):
    page = browser_page
    candidate = UserFactory(email="depart@example.org")
    browser_login(page, candidate.email)
    page.goto("/accounts/logout/")
    page_axe(page, context="logout confirmation")
    assert_fits_the_screen(page)
    with page.expect_navigation():
        page.locator("main").get_by_role("button").click()
    page.goto("/candidat/")
    page.wait_for_url("**/accounts/login/**")
    expect(page.locator("h1")).to_have_text("Se connecter")


def test_staff_manage_two_factor_and_confirm_their_password_after_a_while(browser_page, session_2021):
    """New recovery codes right after login; later (past the 5-minute window), turning
    two-factor off asks for the password first, and then every staff page leads back to
    the set-up."""
    page = browser_page
    jury = activate_totp(UserFactory(email="jury.securite@example.org", role="jury_member"))
    browser_login(page, jury.email, totp_secret=TOTP_SECRET)
    page.goto("/accounts/2fa/")
    page_axe(page, context="two-factor overview")
    assert_fits_the_screen(page)

    page.goto("/accounts/2fa/recovery-codes/generate/")
    page_axe(page, context="generate recovery codes")
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/accounts/2fa/recovery-codes/")
    assert len(page.get_by_label("Codes inutilisés").input_value().split()) == 10

    with time_machine.travel(timezone.now() + dt.timedelta(minutes=6), tick=True):
        page.goto("/accounts/2fa/totp/deactivate/")
        page.wait_for_url("**/accounts/reauthenticate/**")
        page_axe(page, context="confirm the password")
        page.locator("input[name=password]").fill("correct-horse-battery")
        with page.expect_navigation():
            page.locator("input[name=password]").press("Enter")
        page.wait_for_url("**/accounts/2fa/totp/deactivate/")
        page_axe(page, context="deactivate two-factor")
        with page.expect_navigation():
            page.locator("main form button[type=submit]").click()
        page.goto("/jury/")
        page.wait_for_url("**/accounts/2fa/totp/activate/")
