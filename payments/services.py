"""Every write about payments. Keyword-only arguments, one transaction, an audit entry,
mail queued on commit.

Locking order, everywhere: the application row first, then the payment row. Starting and
confirming are therefore serialised per application, and a double click, a replayed
callback or two webhooks at once never record anything twice.

There is no refund service: fees are never refunded (R-FEES-3).
"""

import datetime as dt
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from candidates.fees import amount_owed
from candidates.models import Application
from core.audit import audit_record
from core.errors import PortalError
from core.formatting import money_display
from notifications.services import email_queue

from . import flags
from .apps import CONFIRMED_TEMPLATE
from .enums import AuditAction, PaymentState, ProviderCode
from .models import Payment, ProviderEvent


class PaymentError(PortalError):
    """A refused payment action; the message is shown to the user as is."""


class NothingOwed(PaymentError):
    """The application owes nothing: no payment is started."""

    code = "nothing_owed"
    default_message = gettext_lazy("You owe nothing: your fees are paid.")


class DuplicateReference(PaymentError):
    """This provider reference (a bank reference...) is already recorded."""

    code = "duplicate_reference"
    default_message = gettext_lazy("A transfer with this bank reference is already recorded.")


class ReplayedEvent(PaymentError):
    """This callback or webhook was already received: nothing is recorded twice."""

    code = "replayed"
    default_message = gettext_lazy(
        "This payment confirmation was already received: nothing was recorded twice."
    )


def _lock_application(application_id) -> Application:
    return (
        Application.objects.select_for_update(of=("self",))
        .select_related("campaign__fees")
        .get(pk=application_id)
    )


def _currency(application) -> str:
    return application.campaign.fees.currency


@transaction.atomic
def payment_start(*, application, provider: str, actor) -> Payment:
    """Start paying what `application` owes now, through `provider`.

    The application row is locked while the amount is computed; an existing pending
    payment of the same provider and amount is reused (a double click never creates two
    charges). Older pending payments for another amount or provider are cancelled.
    """
    locked = _lock_application(application.pk)
    owed = amount_owed(locked)
    if owed <= 0:
        raise NothingOwed
    pending = list(locked.payments.filter(state=PaymentState.PENDING).order_by("created_at", "id"))
    for payment in pending:
        if payment.provider == provider and payment.amount == owed:
            return payment
    for stale in pending:
        _set_state(stale, PaymentState.CANCELLED, actor=actor, reason="superseded")
    payment = Payment.objects.create(
        application=locked, provider=provider, amount=owed, currency=_currency(locked)
    )
    audit_record(
        actor=actor,
        action=AuditAction.STARTED,
        obj=payment,
        after={"provider": provider, "amount": str(owed), "currency": payment.currency},
    )
    return payment


# The audit action of each state a payment is moved to by `_set_state`.
_STATE_ACTIONS = {PaymentState.FAILED: AuditAction.FAILED, PaymentState.CANCELLED: AuditAction.CANCELLED}


def _set_state(payment: Payment, state: str, *, actor, reason: str = "") -> None:
    before = payment.state
    payment.state = state
    payment.save(update_fields=["state"])
    audit_record(
        actor=actor,
        action=_STATE_ACTIONS[state],
        obj=payment,
        before={"state": before},
        after={"state": state},
        reason=reason,
    )


@transaction.atomic
def payment_confirm(
    *,
    payment: Payment,
    amount: Decimal,
    provider_reference: str = "",
    payload: dict | None = None,
    actor=None,
) -> tuple[Payment, bool]:
    """Record that the provider received `amount` for `payment`. Idempotent: returns
    (payment, False) when it was already confirmed, and nothing is recorded twice.

    An amount that differs from what was asked, or more than was owed (the fee changed
    meanwhile, or another payment came first), is recorded as received but flagged for
    staff to check. A cancelled or failed payment that the provider confirms anyway is
    recorded too: the money was received.
    """
    application = _lock_application(payment.application_id)
    locked = Payment.objects.select_for_update().get(pk=payment.pk)
    if locked.state == PaymentState.CONFIRMED:
        return locked, False
    _confirm_locked(
        application,
        locked,
        amount=amount,
        provider_reference=provider_reference,
        payload=payload,
        actor=actor,
    )
    payment.refresh_from_db()
    return locked, True


def _confirm_locked(application, locked: Payment, *, amount, provider_reference, payload, actor) -> None:
    """Confirm `locked` (application and payment rows locked by the caller). The reference
    of what was actually paid (the Stripe session completed) replaces the one of the last
    checkout started."""
    owed = amount_owed(application)
    asked = f"{locked.amount} {locked.currency}"
    received = f"{amount} {locked.currency}"
    reasons = []
    if amount != locked.amount:
        reasons.append(flags.flag(flags.AMOUNT_DIFFERS, received=received, asked=asked))
    if amount > owed:
        reasons.append(flags.flag(flags.MORE_THAN_OWED, received=received, owed=f"{owed} {locked.currency}"))
    before = {"state": locked.state}
    locked.state = PaymentState.CONFIRMED
    locked.amount_received = amount
    locked.confirmed_at = timezone.now()
    if provider_reference:
        locked.provider_reference = provider_reference
    if payload is not None:
        locked.raw_payload = payload
    locked.flagged = bool(reasons)
    locked.flags = reasons
    locked.save()
    audit_record(
        actor=actor,
        action=AuditAction.CONFIRMED,
        obj=locked,
        before=before,
        after={"state": locked.state, "amount_received": str(amount), "flags": locked.flags},
    )
    _queue_confirmation_mail(locked)


class Received:
    """What `payment_receive` did with the money a provider reports."""

    CONFIRMED = "confirmed"  # the payment is confirmed now
    REPLAYED = "replayed"  # this checkout session was already recorded: nothing twice
    FLAGGED = "flagged"  # recorded for staff to check (other currency, paid twice)


@transaction.atomic
def payment_receive(
    *,
    payment: Payment,
    amount: Decimal,
    currency: str,
    provider_reference: str,
    payload: dict | None = None,
    actor=None,
) -> tuple[Payment, str]:
    """A provider reports that one checkout (`provider_reference`, a Stripe session id)
    of `payment` was paid: `amount` in `currency`. Returns the payment that holds the
    record and what was done (`Received`):

    - the checkout is already recorded (on this payment or a separate one): a replay,
      nothing is recorded twice;
    - the payment already holds money from another checkout (the candidate paid twice,
      e.g. in two tabs): the charge is recorded as a separate payment of the same
      application, flagged "paid twice: to check". Fees are never refunded by the portal
      (R-FEES-3): staff handle it;
    - another currency than asked: the money received is recorded and flagged, never
      confirmed (it is not counted as paid);
    - otherwise the payment is confirmed (`payment_confirm`'s rules).
    """
    application = _lock_application(payment.application_id)
    locked = Payment.objects.select_for_update().get(pk=payment.pk)
    currency = currency.upper()
    if provider_reference:
        recorded = (
            Payment.objects.filter(
                provider=locked.provider, provider_reference=provider_reference, amount_received__isnull=False
            )
            .order_by("pk")
            .first()
        )
        if recorded is not None:
            return recorded, Received.REPLAYED
    other_currency = currency != locked.currency.upper()
    received = f"{amount} {currency}"
    if locked.amount_received is not None or locked.state == PaymentState.CONFIRMED:
        return _record_second_charge(
            application,
            locked,
            amount=amount,
            currency=currency,
            provider_reference=provider_reference,
            payload=payload,
            actor=actor,
        ), Received.FLAGGED
    if other_currency:
        before = {"state": locked.state, "flags": locked.flags}
        if locked.state == PaymentState.PENDING:
            # Not paid as asked: the candidate may start a new payment; this one keeps
            # the record of the money received.
            locked.state = PaymentState.FAILED
        locked.amount_received = amount
        locked.provider_reference = provider_reference or locked.provider_reference
        if payload is not None:
            locked.raw_payload = payload
        locked.flagged = True
        locked.flags = [
            flags.flag(flags.OTHER_CURRENCY, received=received, asked=f"{locked.amount} {locked.currency}")
        ]
        locked.save()
        audit_record(
            actor=actor,
            action=AuditAction.CURRENCY_MISMATCH,
            obj=locked,
            before=before,
            after={"state": locked.state, "amount_received": received, "flags": locked.flags},
        )
        return locked, Received.FLAGGED
    _confirm_locked(
        application,
        locked,
        amount=amount,
        provider_reference=provider_reference,
        payload=payload,
        actor=actor,
    )
    return locked, Received.CONFIRMED


def _record_second_charge(
    application, first: Payment, *, amount, currency, provider_reference, payload, actor
) -> Payment:
    """A second checkout paid for `first`, which already holds money: a separate payment
    of the same application, confirmed (the money was received) unless in another
    currency, and flagged for staff."""
    reasons = [flags.flag(flags.PAID_TWICE, first=first.pk)]
    other_currency = currency != first.currency.upper()
    if other_currency:
        reasons.append(
            flags.flag(
                flags.OTHER_CURRENCY,
                received=f"{amount} {currency}",
                asked=f"{first.amount} {first.currency}",
            )
        )
    extra = Payment.objects.create(
        application=application,
        provider=first.provider,
        amount=amount if amount > 0 else first.amount,
        amount_received=amount,
        currency=first.currency,
        state=PaymentState.FAILED if other_currency else PaymentState.CONFIRMED,
        provider_reference=provider_reference,
        confirmed_at=None if other_currency else timezone.now(),
        flagged=True,
        flags=reasons,
        raw_payload=payload or {},
    )
    audit_record(
        actor=actor,
        action=AuditAction.SECOND_CHARGE,
        obj=extra,
        after={
            "application": application.pk,
            "first_payment": first.pk,
            "state": extra.state,
            "amount_received": f"{amount} {currency}",
            "provider_reference": provider_reference,
            "flags": extra.flags,
        },
    )
    return extra


class NotFlagged(PaymentError):
    """The payment is not (or no longer) flagged: nothing to resolve."""

    code = "not_flagged"


@transaction.atomic
def payment_flag_resolve(*, payment: Payment, actor, note: str) -> Payment:
    """Staff checked a flagged payment (paid twice, other currency, other amount...) and
    say what they did in `note` (mandatory). The flag is lifted; its reasons stay on the
    payment, the note goes to the audit log. Nothing is refunded here (R-FEES-3)."""
    note = (note or "").strip()
    if not note:
        raise PaymentError(
            _("Payment #%(pk)s: write what was checked before marking it as checked.") % {"pk": payment.pk},
            "note_required",
        )
    _lock_application(payment.application_id)
    locked = Payment.objects.select_for_update().get(pk=payment.pk)
    if not locked.flagged:
        raise NotFlagged(_("Payment #%(pk)s was already checked.") % {"pk": locked.pk})
    locked.flagged = False
    locked.save(update_fields=["flagged"])
    audit_record(
        actor=actor,
        action=AuditAction.FLAG_RESOLVED,
        obj=locked,
        before={"flagged": True, "flags": locked.flags},
        after={"flagged": False, "note": note},
        reason=note,
    )
    payment.refresh_from_db()
    return locked


@transaction.atomic
def payment_cancel(*, payment: Payment, actor, reason: str = "") -> Payment:
    """The candidate gave up at the provider's page. Only a pending payment is cancelled."""
    _lock_application(payment.application_id)
    locked = Payment.objects.select_for_update().get(pk=payment.pk)
    if locked.state == PaymentState.PENDING:
        _set_state(locked, PaymentState.CANCELLED, actor=actor, reason=reason)
    return locked


@transaction.atomic
def payment_fail(*, payment: Payment, actor=None, reason: str = "") -> Payment:
    _lock_application(payment.application_id)
    locked = Payment.objects.select_for_update().get(pk=payment.pk)
    if locked.state == PaymentState.PENDING:
        _set_state(locked, PaymentState.FAILED, actor=actor, reason=reason)
    return locked


@transaction.atomic
def payment_record_manual(
    *, application, amount: Decimal, paid_on: dt.date, bank_reference: str, actor
) -> Payment:
    """Staff record a bank transfer received for `application` (provider "manual").
    The bank reference is unique; more than what was owed is recorded but flagged."""
    locked = _lock_application(application.pk)
    reference = bank_reference.strip()
    if Payment.objects.filter(provider=ProviderCode.MANUAL, provider_reference__iexact=reference).exists():
        raise DuplicateReference()
    owed = amount_owed(locked)
    currency = _currency(locked)
    reasons = (
        [flags.flag(flags.MORE_THAN_OWED, received=f"{amount} {currency}", owed=f"{owed} {currency}")]
        if amount > owed
        else []
    )
    try:
        with transaction.atomic():
            payment = Payment.objects.create(
                application=locked,
                provider=ProviderCode.MANUAL,
                amount=amount,
                amount_received=amount,
                currency=currency,
                state=PaymentState.CONFIRMED,
                provider_reference=reference,
                paid_on=paid_on,
                confirmed_at=timezone.now(),
                recorded_by=actor,
                flagged=bool(reasons),
                flags=reasons,
            )
    except IntegrityError as error:
        raise DuplicateReference() from error
    audit_record(
        actor=actor,
        action=AuditAction.MANUAL_RECORDED,
        obj=payment,
        after={
            "application": locked.pk,
            "amount": str(amount),
            "paid_on": paid_on.isoformat(),
            "bank_reference": reference,
            "flags": reasons,
        },
    )
    _queue_confirmation_mail(payment)
    return payment


def provider_event_record(
    *, provider: str, event_id: str, event_type: str = "", payment=None, payload=None
) -> ProviderEvent:
    """Store a callback or webhook once. Raises ReplayedEvent when it was already stored.
    Call it inside the transaction that acts on the event, so that a failure leaves no
    trace and the provider's retry is processed."""
    try:
        with transaction.atomic():
            return ProviderEvent.objects.create(
                provider=provider,
                event_id=event_id,
                event_type=event_type,
                payment=payment,
                payload=payload or {},
            )
    except IntegrityError as error:
        raise ReplayedEvent() from error


def _queue_confirmation_mail(payment: Payment) -> None:
    """Queue the `payment.confirmed` e-mail once the transaction commits."""
    application = payment.application
    language = application.candidate.preferred_language or "fr"
    # Values written in the candidate's language: "99,00 €" in French, "99.00 €" in English.
    with translation.override(language):
        amount = money_display(payment.amount_received, payment.currency)
        provider = str(payment.get_provider_display())
    email_queue(
        template_key=CONFIRMED_TEMPLATE,
        recipient=application.candidate,
        language=language,
        context={"amount": amount, "payment_reference": str(payment.pk), "provider": provider},
        related=payment,
        occasion=f"payment-confirmed-{payment.pk}",
    )
