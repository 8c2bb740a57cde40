"""Payments in a real browser: the candidate pays in the sandbox (pay page -> test
checkout -> confirmation), desktop and phone; an admin records a bank transfer. axe on
every page."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from admissions.models import Intake
from candidates import fees
from payments.enums import PaymentState
from payments.models import Payment
from tests.browser.conftest import browser_login, page_axe
from tests.conftest import activate_totp
from tests.factories import UserFactory
from tests.payments.factories import PaymentFactory, WishFactory, application_with_wishes

pytestmark = pytest.mark.django_db(transaction=True)

TOTP = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


def _application(session, user, programs):
    application = application_with_wishes(0, campaign=session, candidate=user)
    for intake in Intake.objects.filter(campaign=session).order_by("pk")[:programs]:
        WishFactory(application=application, intake=intake)
    return application


def test_R_FEES_2_candidate_pays_in_the_sandbox(browser_page, session_2021):
    page = browser_page
    candidate = UserFactory(email="payeur@example.org")
    application = _application(session_2021, candidate, programs=2)
    browser_login(page, candidate.email)
    page.goto(reverse("payments:pay", args=[2021]))
    expect(page.locator("h1")).to_have_text("Payer les frais de traitement")
    expect(page.get_by_test_id("amount-owed")).to_have_text("99,00 €")
    page_axe(page, context="pay page")

    page.get_by_label("Paiement de test (bac à sable)").check()
    page.get_by_role("button", name="Payer 99,00 €").click()
    page.wait_for_url("**/paiement/test/**")
    expect(page.locator("h1")).to_have_text("Paiement de test")
    expect(page.get_by_text("Ceci est une page de paiement de test.")).to_be_visible()
    page_axe(page, context="sandbox checkout")

    with page.expect_navigation():
        page.get_by_role("button", name="Payer 99,00 € (test)").click()
    expect(page.get_by_text("Merci : votre paiement est confirmé.")).to_be_visible()
    page_axe(page, context="after payment")

    payment = Payment.objects.get(application=application)
    assert payment.state == PaymentState.CONFIRMED
    page.goto(reverse("payments:pay", args=[2021]))
    expect(page.get_by_test_id("amount-owed")).to_have_text("0,00 €")
    expect(page.get_by_text("Vos frais sont payés.")).to_be_visible()
    page_axe(page, context="pay page, paid")


def test_candidate_cancels_in_the_sandbox(desktop_page, session_2021):
    page = desktop_page
    candidate = UserFactory(email="hesitant@example.org")
    application = _application(session_2021, candidate, programs=1)
    browser_login(page, candidate.email)
    page.goto(reverse("payments:pay", args=[2021]))
    page.get_by_label("Paiement de test (bac à sable)").check()
    page.get_by_role("button", name="Payer 77,00 €").click()
    page.get_by_role("button", name="Annuler le paiement").click()
    page.wait_for_url("**/paiement/2021/")
    expect(page.get_by_text("Le paiement a été annulé. Rien n'a été débité.")).to_be_visible()
    page_axe(page, context="pay page after cancel")
    assert fees.amount_owed(application) == 77


def test_admin_records_a_bank_transfer(browser_page, session_2021):
    page = browser_page
    admin = activate_totp(UserFactory(email="compta@example.org", role="admin", is_superuser=True))
    candidate = UserFactory(email="virement@example.org")
    application = _application(session_2021, candidate, programs=1)
    PaymentFactory(application=_application(session_2021, UserFactory(), 1), state=PaymentState.CANCELLED)
    browser_login(page, admin.email, totp_secret=TOTP)
    page.goto(reverse("payments:staff_list", args=[2021]))
    expect(page.locator("h1")).to_have_text("Paiements")
    page_axe(page, context="staff payments list")

    page.get_by_role("link", name="Enregistrer un virement bancaire").click()
    page_axe(page, context="manual transfer form")
    page.get_by_label("E-mail du candidat ou référence du dossier").fill(candidate.email)
    page.get_by_label("Montant reçu (€)").fill("77.00")
    page.get_by_label("Date du virement").fill("2021-02-12")
    page.get_by_label("Référence bancaire").fill("VIR-2021-77")
    page.get_by_role("button", name="Enregistrer le virement").click()
    page.wait_for_url("**/paiement/gestion/2021/")
    expect(page.get_by_text("Virement de 77,00 € enregistré pour virement@example.org.")).to_be_visible()
    expect(page.get_by_role("cell", name="VIR-2021-77")).to_be_visible()
    page_axe(page, context="staff list after recording")

    page.get_by_label("Prestataire").select_option("manual")
    page.get_by_role("button", name="Appliquer les filtres").click()
    page.wait_for_url("**provider=manual**")
    expect(page.locator("tbody tr")).to_have_count(1)
    page_axe(page, context="staff list filtered")
    assert fees.amount_owed(application) == 0


def test_back_from_stripe_before_the_webhook_shows_a_waiting_page(desktop_page, session_2021):
    page = desktop_page
    candidate = UserFactory(email="stripe@example.org")
    application = _application(session_2021, candidate, programs=1)
    payment = PaymentFactory(application=application, provider="stripe", provider_reference="cs_test_x")
    browser_login(page, candidate.email)
    page.goto(reverse("payments:stripe_return", kwargs={"pk": payment.pk}))
    expect(page.locator("h1")).to_have_text("Paiement en cours de confirmation")
    page_axe(page, context="stripe return, pending")
    page.get_by_role("link", name="Retour à mes frais").click()
    page.wait_for_url("**/paiement/2021/")
    page_axe(page, context="pay page with a pending stripe payment")


def test_admin_marks_a_payment_paid_twice_as_checked(browser_page, session_2021):
    """Rule: R-FEES-3 (the second charge is flagged for staff; the portal refunds nothing)"""
    page = browser_page
    admin = activate_totp(UserFactory(email="controle@example.org", role="admin", is_superuser=True))
    application = _application(session_2021, UserFactory(email="deuxfois@example.org"), programs=1)
    PaymentFactory(
        application=application,
        provider="stripe",
        state=PaymentState.CONFIRMED,
        amount_received=77,
        provider_reference="cs_test_1",
    )
    twice = PaymentFactory(
        application=application,
        provider="stripe",
        state=PaymentState.CONFIRMED,
        amount_received=77,
        provider_reference="cs_test_2",
        flagged=True,
        flags=[{"code": "paid_twice", "first": "1"}],
    )
    browser_login(page, admin.email, totp_secret=TOTP)
    page.goto(reverse("payments:staff_list", args=[2021]))
    page.get_by_label("Seulement les paiements à vérifier").check()
    page.get_by_role("button", name="Appliquer les filtres").click()
    page.wait_for_url("**flagged=on**")
    expect(page.locator("tbody tr")).to_have_count(1)
    expect(page.get_by_text("payé deux fois (voir le paiement n° 1)")).to_be_visible()  # in French
    page_axe(page, context="staff list, payments to check")

    form = page.get_by_test_id(f"flag-resolve-{twice.pk}")
    form.get_by_role("button", name="Marquer comme vérifié").click()
    # The note is mandatory (the browser refuses the empty field): nothing sent.
    twice.refresh_from_db()
    assert twice.flagged
    form.get_by_label(f"Note sur le paiement n° {twice.pk} (obligatoire)").fill(
        "Double paiement signalé au candidat"
    )
    with page.expect_navigation():
        form.get_by_role("button", name="Marquer comme vérifié").click()
    expect(page.get_by_text(f"Paiement n° {twice.pk} marqué comme vérifié.")).to_be_visible()
    expect(page.get_by_text("Aucun paiement ne correspond.")).to_be_visible()
    page_axe(page, context="staff list after a flag was resolved")
    twice.refresh_from_db()
    assert not twice.flagged
