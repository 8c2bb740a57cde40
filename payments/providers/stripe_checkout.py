"""Stripe Checkout through the official SDK.

`start_checkout` creates a Checkout Session for the amount in cents, with
client_reference_id = our payment id; Stripe's webhook `checkout.session.completed`,
verified with STRIPE_WEBHOOK_SECRET, confirms the payment once (the event id is stored).
A session in another currency, or a second session paid for an already paid payment, is
recorded and flagged for staff (`payment_receive`), and still answered 200.
Offered only when STRIPE_SECRET_KEY is set.
"""

import json
from decimal import Decimal

import stripe
from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from payments.models import Payment
from payments.services import (
    Received,
    ReplayedEvent,
    payment_fail,
    payment_receive,
    provider_event_record,
)

from .base import CallbackResult, CallbackStatus, InvalidCallback, PaymentProvider

CONFIRMING_EVENTS = ("checkout.session.completed", "checkout.session.async_payment_succeeded")
FAILING_EVENTS = ("checkout.session.expired", "checkout.session.async_payment_failed")


class StripeProvider(PaymentProvider):
    code = "stripe"
    label = _("Card payment (Stripe)")
    description = _("Pay by card on Stripe's secure page; you come back to the portal afterwards.")

    def is_available(self) -> bool:
        return bool(settings.STRIPE_SECRET_KEY)

    def start_checkout(self, payment, request) -> str:
        api_key = settings.STRIPE_SECRET_KEY
        if payment.provider_reference:
            # A double click, or back from Stripe: reuse the session while it is open.
            session = stripe.checkout.Session.retrieve(payment.provider_reference, api_key=api_key)
            if getattr(session, "status", None) == "open" and getattr(session, "url", None):
                return session.url
        success = request.build_absolute_uri(reverse("payments:stripe_return", kwargs={"pk": payment.pk}))
        session = stripe.checkout.Session.create(
            api_key=api_key,
            idempotency_key=f"{payment.idempotency_key}:{payment.provider_reference or 'first'}",
            mode="payment",
            client_reference_id=str(payment.pk),
            customer_email=payment.application.candidate.email,
            line_items=[
                {
                    "quantity": 1,
                    "price_data": {
                        "currency": payment.currency.lower(),
                        "unit_amount": payment.amount_cents,
                        "product_data": {"name": str(_("Application processing fees"))},
                    },
                }
            ],
            metadata={"payment_id": str(payment.pk), "application_id": str(payment.application_id)},
            success_url=success + "?session_id={CHECKOUT_SESSION_ID}",
            cancel_url=request.build_absolute_uri(
                reverse("payments:pay", args=[payment.application.campaign.year])
            ),
        )
        Payment.objects.filter(pk=payment.pk).update(provider_reference=session.id)
        payment.provider_reference = session.id
        return session.url

    def handle_callback(self, request) -> CallbackResult:
        """The webhook. A bad signature raises InvalidCallback (400, nothing recorded);
        a replayed event is stored once and acted on once."""
        secret = settings.STRIPE_WEBHOOK_SECRET
        if not secret:
            raise InvalidCallback("STRIPE_WEBHOOK_SECRET is not set")
        try:
            stripe.Webhook.construct_event(request.body, request.headers.get("Stripe-Signature", ""), secret)
        except (ValueError, stripe.SignatureVerificationError) as error:
            raise InvalidCallback(str(error)) from error
        # The verified body, as plain data (the SDK's objects are not dicts).
        payload = json.loads(request.body)
        kind = payload["type"]
        session = payload["data"]["object"]
        payment = None
        if kind.startswith("checkout.session."):
            reference = session.get("client_reference_id") or ""
            payment = (
                Payment.objects.filter(pk=int(reference), provider=self.code).first()
                if reference.isdigit()
                else None
            )
        status = CallbackStatus.IGNORED
        try:
            with transaction.atomic():
                if (
                    payment is not None
                    and kind in CONFIRMING_EVENTS
                    and session.get("payment_status") == "paid"
                ):
                    # Another currency or amount, a session already recorded, a second
                    # session paid: answered 200 all the same (a 400 makes Stripe retry
                    # for days); what needs a human is flagged for staff.
                    payment, received = payment_receive(
                        payment=payment,
                        amount=(Decimal(session.get("amount_total") or 0) / 100).quantize(Decimal("0.01")),
                        currency=session.get("currency") or "",
                        provider_reference=session.get("id", ""),
                        payload=payload,
                    )
                    status = {
                        Received.CONFIRMED: CallbackStatus.CONFIRMED,
                        Received.REPLAYED: CallbackStatus.REPLAYED,
                        Received.FLAGGED: CallbackStatus.FLAGGED,
                    }[received]
                elif (
                    payment is not None
                    and kind in FAILING_EVENTS
                    and session.get("id") == payment.provider_reference
                ):
                    payment = payment_fail(payment=payment, reason=kind)
                provider_event_record(
                    provider=self.code,
                    event_id=payload["id"],
                    event_type=kind,
                    payment=payment,
                    payload=payload,
                )
        except ReplayedEvent:
            return CallbackResult(CallbackStatus.REPLAYED, payment)
        return CallbackResult(status, payment, {"event": payload["id"], "type": kind})
