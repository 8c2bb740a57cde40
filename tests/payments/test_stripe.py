"""Stripe Checkout: only Stripe's HTTP API is faked (with `responses`, at the requests
layer the SDK uses); webhooks are signed with a test secret exactly as Stripe signs them
(t=timestamp, v1=HMAC-SHA256 of "{t}.{payload}")."""

import hashlib
import hmac
import json
import time
import urllib.parse
from decimal import Decimal

import pytest
import responses
from django.urls import reverse

from candidates import fees
from core.models import AuditEntry
from payments.enums import AuditAction, PaymentState
from payments.models import Payment, ProviderEvent
from payments.services import payment_flag_resolve

pytestmark = pytest.mark.django_db

WEBHOOK_SECRET = "whsec_test_portal_secret"
SESSIONS = "https://api.stripe.com/v1/checkout/sessions"
PAY = reverse("payments:pay", args=[2021])
WEBHOOK = reverse("payments:stripe_webhook")


@pytest.fixture
def stripe_on(settings):
    settings.STRIPE_SECRET_KEY = "sk_test_portal"
    settings.STRIPE_WEBHOOK_SECRET = WEBHOOK_SECRET
    settings.PAYMENT_PROVIDERS = ["sandbox", "stripe"]
    return settings


@pytest.fixture
def stripe_api():
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        yield mock


def _session_reply(mock, session_id="cs_test_1"):
    def reply(request):
        form = urllib.parse.parse_qs(request.body if isinstance(request.body, str) else request.body.decode())
        body = {
            "id": session_id,
            "object": "checkout.session",
            "status": "open",
            "url": f"https://checkout.stripe.com/c/pay/{session_id}",
            "client_reference_id": form["client_reference_id"][0],
            "amount_total": int(form["line_items[0][price_data][unit_amount]"][0]),
        }
        return 200, {"Content-Type": "application/json"}, json.dumps(body)

    mock.add_callback(responses.POST, SESSIONS, callback=reply)


def signed(payload: str, secret: str = WEBHOOK_SECRET, timestamp: int | None = None) -> str:
    timestamp = timestamp or int(time.time())
    signature = hmac.new(secret.encode(), f"{timestamp}.{payload}".encode(), hashlib.sha256).hexdigest()
    return f"t={timestamp},v1={signature}"


def event(
    payment,
    *,
    event_id="evt_1",
    amount_cents=None,
    kind="checkout.session.completed",
    session="cs_test_1",
    currency="eur",
):
    return json.dumps(
        {
            "id": event_id,
            "object": "event",
            "type": kind,
            "api_version": "2024-06-20",
            "created": int(time.time()),
            "data": {
                "object": {
                    "id": session,
                    "object": "checkout.session",
                    "client_reference_id": str(payment.pk),
                    "amount_total": payment.amount_cents if amount_cents is None else amount_cents,
                    "currency": currency,
                    "payment_status": "paid",
                    "status": "complete",
                }
            },
        }
    )


def post_webhook(client, payload, signature):
    return client.post(
        WEBHOOK, data=payload, content_type="application/json", HTTP_STRIPE_SIGNATURE=signature
    )


def _start(personas, login, application_of, stripe_api, programs=2):
    application = application_of(personas.candidate_a, programs=programs)
    _session_reply(stripe_api)
    response = login(personas.candidate_a).post(PAY, {"provider": "stripe"})
    return application, response


def test_stripe_is_offered_only_with_a_secret_key(personas, login, application_of, settings):
    application_of(personas.candidate_a)
    settings.PAYMENT_PROVIDERS = ["sandbox", "stripe"]
    settings.STRIPE_SECRET_KEY = ""
    client = login(personas.candidate_a)
    assert 'value="stripe"' not in client.get(PAY).content.decode()
    settings.STRIPE_SECRET_KEY = "sk_test_portal"
    assert 'value="stripe"' in client.get(PAY).content.decode()


def test_checkout_session_asks_the_amount_in_cents(personas, login, application_of, stripe_on, stripe_api):
    """Rule: R-FEES-2"""
    application, response = _start(personas, login, application_of, stripe_api)
    assert response.status_code == 302
    assert response["Location"] == "https://checkout.stripe.com/c/pay/cs_test_1"
    sent = urllib.parse.parse_qs(stripe_api.calls[0].request.body)
    payment = Payment.objects.get(application=application)
    assert sent["line_items[0][price_data][unit_amount]"] == ["9900"]
    assert sent["line_items[0][price_data][currency]"] == ["eur"]
    assert sent["client_reference_id"] == [str(payment.pk)]
    assert sent["mode"] == ["payment"]
    assert sent["success_url"][0].startswith("http://testserver/paiement/stripe/")
    assert stripe_api.calls[0].request.headers["Authorization"] == "Bearer sk_test_portal"
    assert stripe_api.calls[0].request.headers["Idempotency-Key"].startswith(payment.idempotency_key)
    assert payment.provider_reference == "cs_test_1" and payment.state == PaymentState.PENDING


def test_webhook_confirms_the_payment_once(personas, login, application_of, stripe_on, stripe_api, client):
    application, _ = _start(personas, login, application_of, stripe_api)
    payment = Payment.objects.get(application=application)
    payload = event(payment)
    client.logout()
    response = post_webhook(client, payload, signed(payload))
    assert response.status_code == 200
    payment.refresh_from_db()
    assert payment.state == PaymentState.CONFIRMED and payment.amount_received == Decimal("99.00")
    assert fees.amount_owed(application) == Decimal("0.00")
    # The candidate back from Stripe goes on to the dossier.
    back = login(personas.candidate_a).get(reverse("payments:stripe_return", kwargs={"pk": payment.pk}))
    assert back.status_code == 302


def test_replayed_stripe_event_is_ignored(personas, login, application_of, stripe_on, stripe_api, client):
    application, _ = _start(personas, login, application_of, stripe_api)
    payment = Payment.objects.get(application=application)
    payload = event(payment)
    assert post_webhook(client, payload, signed(payload)).status_code == 200
    replay = post_webhook(client, payload, signed(payload))
    assert replay.status_code == 200 and replay.json()["status"] == "replayed"
    # Another event for the same session (Stripe retries with a new id too): still once.
    other = event(payment, event_id="evt_2")
    post_webhook(client, other, signed(other))
    assert ProviderEvent.objects.filter(event_id="evt_1").count() == 1
    assert AuditEntry.objects.filter(action=AuditAction.CONFIRMED).count() == 1
    assert fees.amount_paid(application) == Decimal("99.00")


@pytest.mark.parametrize(
    "signature",
    [
        "",
        "t=1,v1=deadbeef",
        "wrong-secret",
        "stale",
    ],
)
def test_bad_webhook_signature_is_400_and_records_nothing(
    signature, personas, login, application_of, stripe_on, stripe_api, client
):
    application, _ = _start(personas, login, application_of, stripe_api)
    payment = Payment.objects.get(application=application)
    payload = event(payment)
    if signature == "wrong-secret":
        signature = signed(payload, secret="whsec_someone_else")
    elif signature == "stale":
        signature = signed(payload, timestamp=int(time.time()) - 3600)
    response = post_webhook(client, payload, signature)
    assert response.status_code == 400
    payment.refresh_from_db()
    assert payment.state == PaymentState.PENDING
    assert not ProviderEvent.objects.exists()
    assert fees.amount_paid(application) == Decimal("0")


def test_altered_payload_with_a_valid_signature_of_the_original_is_refused(
    personas, login, application_of, stripe_on, stripe_api, client
):
    application, _ = _start(personas, login, application_of, stripe_api)
    payment = Payment.objects.get(application=application)
    original = event(payment, amount_cents=100)
    altered = event(payment, amount_cents=9900)
    assert post_webhook(client, altered, signed(original)).status_code == 400
    assert not ProviderEvent.objects.exists()


def test_webhook_amount_that_does_not_match_is_recorded_and_flagged(
    personas, login, application_of, stripe_on, stripe_api, client
):
    application, _ = _start(personas, login, application_of, stripe_api)
    payment = Payment.objects.get(application=application)
    payload = event(payment, amount_cents=7700)
    post_webhook(client, payload, signed(payload))
    payment.refresh_from_db()
    assert payment.state == PaymentState.CONFIRMED and payment.flagged
    assert fees.amount_owed(application) == Decimal("22.00")


def test_double_click_reuses_the_open_stripe_session(personas, login, application_of, stripe_on, stripe_api):
    application, first = _start(personas, login, application_of, stripe_api)
    stripe_api.add(
        responses.GET,
        f"{SESSIONS}/cs_test_1",
        json={"id": "cs_test_1", "object": "checkout.session", "status": "open", "url": first["Location"]},
    )
    second = login(personas.candidate_a).post(PAY, {"provider": "stripe"})
    assert second["Location"] == first["Location"]
    assert Payment.objects.filter(application=application).count() == 1
    assert [c.request.method for c in stripe_api.calls] == ["POST", "GET"]


def test_stripe_unreachable_shows_a_message(personas, login, application_of, stripe_on, stripe_api):
    application_of(personas.candidate_a)
    stripe_api.add(responses.POST, SESSIONS, json={"error": {"message": "down"}}, status=500)
    response = login(personas.candidate_a).post(PAY, {"provider": "stripe"})
    assert response["Location"] == PAY


def test_webhook_refuses_get(client):
    assert client.get(WEBHOOK).status_code == 405


def _flagged_in_staff_list(login, admin):
    response = login(admin).get(reverse("payments:staff_list", args=[2021]), {"flagged": "on"})
    return list(response.context["page"].object_list)


def test_webhook_in_another_currency_is_recorded_flagged_never_confirmed_and_answered_200(
    personas, login, application_of, stripe_on, stripe_api, client
):
    """A 400 would make Stripe retry for days: the money received is recorded once on the
    payment, flagged for staff, and never counted as paid."""
    application, _ = _start(personas, login, application_of, stripe_api)
    payment = Payment.objects.get(application=application)
    payload = event(payment, currency="usd")
    client.logout()
    response = post_webhook(client, payload, signed(payload))
    assert response.status_code == 200 and response.json()["status"] == "flagged"
    payment.refresh_from_db()
    assert payment.state != PaymentState.CONFIRMED
    assert payment.flagged and payment.amount_received == Decimal("99.00")
    assert payment.flags == [{"code": "other_currency", "received": "99.00 USD", "asked": "99.00 EUR"}]
    assert payment.flag_reasons() == [
        "payé dans une autre devise (99,00\u00a0USD, 99,00\u00a0€ demandés) : non compté comme payé"
    ]
    assert payment.provider_reference == "cs_test_1"
    assert ProviderEvent.objects.get(event_id="evt_1").payment == payment
    assert fees.amount_paid(application) == Decimal("0")
    assert fees.amount_owed(application) == Decimal("99.00")
    # Stripe's retry (same event) and another event of the same session: nothing twice.
    assert post_webhook(client, payload, signed(payload)).json()["status"] == "replayed"
    other = event(payment, event_id="evt_2", currency="usd")
    assert post_webhook(client, other, signed(other)).json()["status"] == "replayed"
    assert ProviderEvent.objects.filter(event_id="evt_1").count() == 1
    assert AuditEntry.objects.filter(action=AuditAction.CURRENCY_MISMATCH).count() == 1
    assert Payment.objects.filter(application=application).count() == 1
    assert _flagged_in_staff_list(login, personas.admin) == [payment]


def test_second_paid_session_for_a_confirmed_payment_is_recorded_as_a_flagged_payment(
    personas, login, application_of, stripe_on, stripe_api, client
):
    """Rule: R-FEES-3 (the extra charge is recorded for staff; the portal refunds nothing)"""
    application, _ = _start(personas, login, application_of, stripe_api)
    payment = Payment.objects.get(application=application)
    first = event(payment)
    assert post_webhook(client, first, signed(first)).json()["status"] == "confirmed"
    second = event(payment, event_id="evt_2", session="cs_test_2")
    response = post_webhook(client, second, signed(second))
    assert response.status_code == 200 and response.json()["status"] == "flagged"
    extra = Payment.objects.get(application=application, provider_reference="cs_test_2")
    assert extra.pk != payment.pk and extra.provider == "stripe"
    assert extra.state == PaymentState.CONFIRMED and extra.amount_received == Decimal("99.00")
    assert extra.flagged and extra.flags == [{"code": "paid_twice", "first": str(payment.pk)}]
    assert ProviderEvent.objects.get(event_id="evt_2").payment == extra
    payment.refresh_from_db()
    assert payment.state == PaymentState.CONFIRMED and not payment.flagged
    assert payment.provider_reference == "cs_test_1"
    assert AuditEntry.objects.filter(action=AuditAction.SECOND_CHARGE, object_id=str(extra.pk)).count() == 1
    assert fees.amount_paid(application) == Decimal("198.00")
    assert fees.amount_owed(application) == Decimal("0.00")
    # True replays of either session record nothing more.
    assert post_webhook(client, second, signed(second)).json()["status"] == "replayed"
    for event_id, session in (("evt_3", "cs_test_2"), ("evt_4", "cs_test_1")):
        again = event(payment, event_id=event_id, session=session)
        assert post_webhook(client, again, signed(again)).json()["status"] == "replayed"
    assert Payment.objects.filter(application=application).count() == 2
    assert AuditEntry.objects.filter(action=AuditAction.SECOND_CHARGE).count() == 1
    assert _flagged_in_staff_list(login, personas.admin) == [extra]
    # The candidate is told plainly, not that they withdrew programs.
    page = login(personas.candidate_a).get(PAY).content.decode()
    assert "Nous avons reçu 99,00\u00a0€ de plus que vos frais" in page
    assert "formations retirées depuis" not in page
    # Once staff have dealt with it, the candidate is told so.
    payment_flag_resolve(payment=extra, actor=personas.admin, note="Remboursé par virement le 3 mars")
    page = login(personas.candidate_a).get(PAY).content.decode()
    assert "Le service des admissions s'en est occupé." in page
    assert "vous contactera" not in page


def test_two_tabs_the_older_session_paid_first_then_the_newer_one(
    personas, login, application_of, stripe_on, stripe_api, client
):
    """The second tab started a new session (cs_test_2) after the first was completed but
    before its webhook arrived: both charges are recorded, each under its own session."""
    application, _ = _start(personas, login, application_of, stripe_api)
    stripe_api.add(
        responses.GET,
        f"{SESSIONS}/cs_test_1",
        json={"id": "cs_test_1", "object": "checkout.session", "status": "complete", "url": None},
    )
    _session_reply(stripe_api, "cs_test_2")
    login(personas.candidate_a).post(PAY, {"provider": "stripe"})
    payment = Payment.objects.get(application=application)
    assert payment.provider_reference == "cs_test_2"
    for event_id, session in (("evt_1", "cs_test_1"), ("evt_2", "cs_test_2")):
        payload = event(payment, event_id=event_id, session=session)
        assert post_webhook(client, payload, signed(payload)).status_code == 200
    payment.refresh_from_db()
    assert payment.state == PaymentState.CONFIRMED and payment.provider_reference == "cs_test_1"
    extra = Payment.objects.get(provider_reference="cs_test_2")
    assert extra.flagged and extra.state == PaymentState.CONFIRMED
    assert fees.amount_paid(application) == Decimal("198.00")


def test_second_session_in_another_currency_is_recorded_but_never_confirmed(
    personas, login, application_of, stripe_on, stripe_api, client
):
    application, _ = _start(personas, login, application_of, stripe_api)
    payment = Payment.objects.get(application=application)
    first = event(payment)
    post_webhook(client, first, signed(first))
    second = event(payment, event_id="evt_2", session="cs_test_2", currency="usd")
    assert post_webhook(client, second, signed(second)).status_code == 200
    extra = Payment.objects.get(provider_reference="cs_test_2")
    assert extra.state != PaymentState.CONFIRMED and extra.amount_received == Decimal("99.00")
    assert extra.flags == [
        {"code": "paid_twice", "first": str(payment.pk)},
        {"code": "other_currency", "received": "99.00 USD", "asked": "99.00 EUR"},
    ]
    assert fees.amount_paid(application) == Decimal("99.00")
