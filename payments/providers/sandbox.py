"""The embedded test provider: a checkout page inside the portal, clearly labelled as a
test, that posts back a callback signed with django.core.signing. No money moves.

The signature covers the payment id, the amount, a fresh nonce and the outcome, so a
forged or altered callback is refused, and the nonce, stored as a ProviderEvent, makes a
replayed callback harmless.
"""

import secrets
from decimal import Decimal, InvalidOperation

from django.core import signing
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from payments.models import Payment
from payments.services import (
    ReplayedEvent,
    payment_cancel,
    payment_confirm,
    provider_event_record,
)

from .base import CallbackResult, CallbackStatus, InvalidCallback, PaymentProvider

SALT = "payments.sandbox.callback"
PAID, CANCELLED = "paid", "cancelled"


class SandboxProvider(PaymentProvider):
    code = "sandbox"
    label = _("Test payment (sandbox)")
    description = _("A simulated card payment for testing the portal: no money is charged.")

    def start_checkout(self, payment, request) -> str:
        return reverse("payments:sandbox_checkout", kwargs={"pk": payment.pk})

    @staticmethod
    def sign(payment, outcome: str, nonce: str | None = None) -> str:
        return signing.dumps(
            {
                "payment": payment.pk,
                "amount": str(payment.amount),
                "nonce": nonce or secrets.token_hex(16),
                "outcome": outcome,
            },
            salt=SALT,
            compress=False,
        )

    @staticmethod
    def unsign(token: str) -> dict:
        try:
            data = signing.loads(token, salt=SALT)
            data["amount"] = Decimal(data["amount"])
            int(data["payment"])
            if data["outcome"] not in (PAID, CANCELLED) or not data["nonce"]:
                raise ValueError
        except (signing.BadSignature, KeyError, TypeError, ValueError, InvalidOperation) as error:
            raise InvalidCallback("bad sandbox signature") from error
        return data

    def handle_callback(self, request, *, payments=None) -> CallbackResult:
        """`payments`: the queryset the payment must belong to (the candidate's own)."""
        data = self.unsign(request.POST.get("token", ""))
        queryset = payments if payments is not None else Payment.objects.all()
        payment = (
            queryset.filter(pk=data["payment"], provider=self.code).select_related("application").first()
        )
        if payment is None:
            return CallbackResult(CallbackStatus.IGNORED)
        # Lock order (application, payment) first, then the event row, whose foreign key
        # would otherwise take a share lock on the payment before we lock it.
        try:
            with transaction.atomic():
                if data["outcome"] == CANCELLED:
                    payment, created = (
                        payment_cancel(payment=payment, actor=request.user, reason="sandbox"),
                        True,
                    )
                else:
                    payment, created = payment_confirm(
                        payment=payment,
                        amount=data["amount"],
                        provider_reference=f"sandbox-{data['nonce']}",
                        payload={"nonce": data["nonce"], "amount": str(data["amount"])},
                        actor=request.user,
                    )
                provider_event_record(
                    provider=self.code,
                    event_id=data["nonce"],
                    event_type=data["outcome"],
                    payment=payment,
                    payload={
                        "payment": payment.pk,
                        "amount": str(data["amount"]),
                        "outcome": data["outcome"],
                    },
                )
        except ReplayedEvent:
            return CallbackResult(CallbackStatus.REPLAYED, payment)
        if data["outcome"] == CANCELLED:
            return CallbackResult(CallbackStatus.CANCELLED, payment)
        return CallbackResult(CallbackStatus.CONFIRMED if created else CallbackStatus.REPLAYED, payment)
