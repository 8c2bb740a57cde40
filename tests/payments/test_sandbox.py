"""The pay page and the embedded sandbox provider, through HTTP."""

import re
from decimal import Decimal

import pytest
from django.core import signing
from django.urls import reverse
from django.utils import translation

from candidates import fees
from core.models import AuditEntry
from payments.enums import AuditAction, PaymentState
from payments.models import Payment, ProviderEvent
from payments.providers.sandbox import SALT
from tests.payments.factories import PaymentFactory

pytestmark = pytest.mark.django_db

PAY = reverse("payments:pay", args=[2021])
CALLBACK = reverse("payments:sandbox_callback")


def _tokens(response):
    return re.findall(r'name="token" value="([^"]+)"', response.content.decode())


def _start(client):
    response = client.post(PAY, {"provider": "sandbox"})
    assert response.status_code == 302
    checkout = client.get(response["Location"])
    assert checkout.status_code == 200
    pay_token, cancel_token = _tokens(checkout)
    return checkout, pay_token, cancel_token


def test_R_FEES_2_pay_page_shows_the_breakdown(personas, login, application_of):
    application_of(personas.candidate_a, programs=3)
    response = login(personas.candidate_a).get(PAY)
    assert response.status_code == 200
    breakdown = response.context["breakdown"]
    assert (breakdown.first, breakdown.additional_total, breakdown.paid, breakdown.owed) == (
        Decimal("77.00"),
        Decimal("44.00"),
        Decimal("0"),
        Decimal("121.00"),
    )
    page = response.content.decode()
    # Issue 16: one format for every amount, and never a line break between number and "€".
    assert "121,00\u00a0€" in page
    assert "2 formations supplémentaires × 22,00\u00a0€" in page
    assert "floatformat" not in page and "121.00" not in page


def test_pay_page_is_404_without_an_application(personas, login):
    assert login(personas.candidate_a).get(PAY).status_code == 404


def test_sandbox_payment_confirms_and_goes_on_to_the_dossier(personas, login, application_of):
    """Rule: R-FEES-2"""
    application = application_of(personas.candidate_a, programs=2)
    client = login(personas.candidate_a)
    checkout, pay_token, _cancel = _start(client)
    assert "99,00" in checkout.content.decode()
    response = client.post(CALLBACK, {"token": pay_token})
    assert response.status_code == 302
    assert response["Location"] in (reverse("candidates:home"), _review_url())
    payment = Payment.objects.get(application=application)
    assert payment.state == PaymentState.CONFIRMED and payment.amount_received == Decimal("99.00")
    assert fees.amount_owed(application) == Decimal("0.00")
    assert ProviderEvent.objects.filter(provider="sandbox", payment=payment).count() == 1


def _review_url():
    try:
        return reverse("candidates:review", args=[2021])
    except Exception:
        return reverse("candidates:home")


def test_replayed_sandbox_callback_records_nothing_twice(personas, login, application_of):
    application = application_of(personas.candidate_a)
    client = login(personas.candidate_a)
    _checkout, pay_token, _cancel = _start(client)
    client.post(CALLBACK, {"token": pay_token})
    replay = client.post(CALLBACK, {"token": pay_token}, follow=True)
    with translation.override("fr"):
        expected = translation.gettext(
            "This payment confirmation was already received: nothing was recorded twice."
        )
    assert expected in [str(m) for m in replay.context["messages"]]
    assert ProviderEvent.objects.count() == 1
    assert AuditEntry.objects.filter(action=AuditAction.CONFIRMED).count() == 1
    assert fees.amount_paid(application) == Decimal("77.00")


def test_forged_sandbox_signature_is_refused_and_records_nothing(personas, login, application_of):
    application = application_of(personas.candidate_a, programs=2)
    client = login(personas.candidate_a)
    _checkout, pay_token, _cancel = _start(client)
    payment = Payment.objects.get(application=application)
    forged = signing.dumps(
        {"payment": payment.pk, "amount": "1.00", "nonce": "x", "outcome": "paid"}, salt=SALT, key="not-ours"
    )
    tampered = pay_token.replace(pay_token.split(":")[0], pay_token.split(":")[0][:-2] + "AA")
    for token in (forged, tampered, "", "garbage"):
        assert client.post(CALLBACK, {"token": token}).status_code == 400
    payment.refresh_from_db()
    assert payment.state == PaymentState.PENDING
    assert not ProviderEvent.objects.exists()
    assert fees.amount_paid(application) == Decimal("0")


def test_cancel_on_the_sandbox_page_charges_nothing(personas, login, application_of):
    application = application_of(personas.candidate_a)
    client = login(personas.candidate_a)
    _checkout, _pay, cancel_token = _start(client)
    response = client.post(CALLBACK, {"token": cancel_token})
    assert response["Location"] == PAY
    assert Payment.objects.get(application=application).state == PaymentState.CANCELLED
    assert fees.amount_owed(application) == Decimal("77.00")


def test_double_click_on_pay_creates_one_payment(personas, login, application_of):
    application = application_of(personas.candidate_a)
    client = login(personas.candidate_a)
    first = client.post(PAY, {"provider": "sandbox"})
    second = client.post(PAY, {"provider": "sandbox"})
    assert first["Location"] == second["Location"]
    assert Payment.objects.filter(application=application).count() == 1


def test_candidate_b_cannot_see_or_confirm_candidate_a_payment(personas, login, application_of):
    application_a = application_of(personas.candidate_a)
    application_of(personas.candidate_b)
    client = login(personas.candidate_a)
    _checkout, pay_token, _cancel = _start(client)
    payment = Payment.objects.get(application=application_a)
    client_b = login(personas.candidate_b)
    assert client_b.get(reverse("payments:sandbox_checkout", kwargs={"pk": payment.pk})).status_code == 404
    assert client_b.post(CALLBACK, {"token": pay_token}).status_code == 404
    payment.refresh_from_db()
    assert payment.state == PaymentState.PENDING
    assert not ProviderEvent.objects.exists()


def test_nothing_owed_offers_no_payment(personas, login, application_of):
    application = application_of(personas.candidate_a)
    client = login(personas.candidate_a)
    _checkout, pay_token, _cancel = _start(client)
    client.post(CALLBACK, {"token": pay_token})
    page = client.get(PAY)
    assert page.context["breakdown"].owed == Decimal("0")
    assert 'name="provider"' not in page.content.decode()
    client.post(PAY, {"provider": "sandbox"})
    assert Payment.objects.filter(application=application).count() == 1


def test_pay_page_query_count_is_flat(personas, login, application_of, django_assert_max_num_queries):
    """The candidate's payments table: 1 and many rows cost the same queries."""
    application = application_of(personas.candidate_a)
    client = login(personas.candidate_a)
    PaymentFactory(application=application, state=PaymentState.CANCELLED)
    with django_assert_max_num_queries(30) as one:
        client.get(PAY)
    for _ in range(10):
        PaymentFactory(application=application, state=PaymentState.CANCELLED)
    with django_assert_max_num_queries(30) as many:
        client.get(PAY)
    assert len(many) == len(one)
