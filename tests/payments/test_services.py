"""Starting, confirming and recording payments (services)."""

import datetime as dt
from decimal import Decimal

import pytest

from candidates import fees
from core.models import AuditEntry
from notifications.models import OutboxMessage
from payments.enums import AuditAction, PaymentState, ProviderCode
from payments.models import Payment, ProviderEvent
from payments.services import (
    DuplicateReference,
    NotFlagged,
    NothingOwed,
    PaymentError,
    ReplayedEvent,
    payment_cancel,
    payment_confirm,
    payment_flag_resolve,
    payment_record_manual,
    payment_start,
    provider_event_record,
)
from tests.factories import UserFactory
from tests.payments.factories import WishFactory, application_with_wishes

pytestmark = pytest.mark.django_db


def test_payment_start_asks_what_is_owed_and_is_audited():
    """Rule: R-FEES-2"""
    application = application_with_wishes(2)
    payment = payment_start(application=application, provider="sandbox", actor=application.candidate)
    assert payment.amount == Decimal("99.00")
    assert payment.state == PaymentState.PENDING
    assert payment.currency == "EUR"
    assert payment.amount_cents == 9900
    assert AuditEntry.objects.filter(action=AuditAction.STARTED, object_id=str(payment.pk)).count() == 1


def test_double_click_reuses_the_pending_payment():
    application = application_with_wishes(1)
    first = payment_start(application=application, provider="sandbox", actor=application.candidate)
    second = payment_start(application=application, provider="sandbox", actor=application.candidate)
    assert first.pk == second.pk
    assert Payment.objects.filter(application=application).count() == 1


def test_a_new_amount_or_provider_supersedes_the_pending_payment():
    application = application_with_wishes(1)
    first = payment_start(application=application, provider="sandbox", actor=application.candidate)
    WishFactory(application=application)
    second = payment_start(application=application, provider="sandbox", actor=application.candidate)
    first.refresh_from_db()
    assert first.state == PaymentState.CANCELLED
    assert second.amount == Decimal("99.00")
    assert Payment.objects.filter(application=application, state=PaymentState.PENDING).count() == 1


def test_nothing_owed_starts_nothing():
    application = application_with_wishes(0)
    with pytest.raises(NothingOwed):
        payment_start(application=application, provider="sandbox", actor=application.candidate)
    assert not Payment.objects.exists()


def test_confirming_twice_records_once():
    application = application_with_wishes(1)
    payment = payment_start(application=application, provider="sandbox", actor=application.candidate)
    _, created = payment_confirm(payment=payment, amount=Decimal("77.00"), provider_reference="r1")
    _, again = payment_confirm(payment=payment, amount=Decimal("77.00"), provider_reference="r1")
    assert (created, again) == (True, False)
    assert fees.amount_paid(application) == Decimal("77.00")
    assert AuditEntry.objects.filter(action=AuditAction.CONFIRMED, object_id=str(payment.pk)).count() == 1


def test_confirmation_with_another_amount_is_recorded_but_flagged():
    application = application_with_wishes(2)
    payment = payment_start(application=application, provider="sandbox", actor=application.candidate)
    confirmed, created = payment_confirm(payment=payment, amount=Decimal("77.00"))
    assert created and confirmed.flagged
    assert confirmed.flags == [{"code": "amount_differs", "received": "77.00 EUR", "asked": "99.00 EUR"}]
    assert fees.amount_paid(application) == Decimal("77.00")
    assert fees.amount_owed(application) == Decimal("22.00")


def test_confirmation_after_the_fee_was_paid_otherwise_is_flagged_as_overpaid():
    """Rule: R-FEES-3 (recorded, never refunded automatically: staff check it)"""
    application = application_with_wishes(1)
    stale = payment_start(application=application, provider="stripe", actor=application.candidate)
    other = payment_start(application=application, provider="sandbox", actor=application.candidate)
    payment_confirm(payment=other, amount=Decimal("77.00"))
    late, created = payment_confirm(payment=stale, amount=Decimal("77.00"))
    assert created and late.state == PaymentState.CONFIRMED
    assert late.flagged and late.flags == [
        {"code": "more_than_owed", "received": "77.00 EUR", "owed": "0.00 EUR"}
    ]
    assert fees.amount_paid(application) == Decimal("154.00")
    assert fees.amount_owed(application) == Decimal("0.00")


def test_cancel_only_cancels_a_pending_payment():
    application = application_with_wishes(1)
    payment = payment_start(application=application, provider="sandbox", actor=application.candidate)
    payment_confirm(payment=payment, amount=Decimal("77.00"))
    assert payment_cancel(payment=payment, actor=None).state == PaymentState.CONFIRMED


def test_manual_transfer_is_recorded_audited_and_counts_as_paid():
    """Rule: R-FEES-2"""
    admin = UserFactory(role="admin")
    application = application_with_wishes(2)
    payment = payment_record_manual(
        application=application,
        amount=Decimal("99.00"),
        paid_on=dt.date(2021, 2, 1),
        bank_reference="VIR-2021-0001",
        actor=admin,
    )
    assert payment.provider == ProviderCode.MANUAL and payment.state == PaymentState.CONFIRMED
    assert payment.recorded_by == admin and not payment.flagged
    assert fees.amount_owed(application) == Decimal("0.00")
    entry = AuditEntry.objects.get(action=AuditAction.MANUAL_RECORDED, object_id=str(payment.pk))
    assert entry.actor == admin and entry.after["bank_reference"] == "VIR-2021-0001"


def test_manual_bank_reference_is_unique():
    admin = UserFactory(role="admin")
    one, two = application_with_wishes(1), application_with_wishes(1)
    kwargs = {"amount": Decimal("77.00"), "paid_on": dt.date(2021, 2, 1), "actor": admin}
    payment_record_manual(application=one, bank_reference="VIR-1", **kwargs)
    with pytest.raises(DuplicateReference):
        payment_record_manual(application=two, bank_reference="vir-1", **kwargs)
    assert fees.amount_paid(two) == Decimal("0")


def test_provider_event_is_stored_once():
    provider_event_record(provider="stripe", event_id="evt_1", event_type="x")
    with pytest.raises(ReplayedEvent):
        provider_event_record(provider="stripe", event_id="evt_1", event_type="x")
    assert ProviderEvent.objects.count() == 1


def test_confirmation_queues_one_payment_confirmed_email():
    application = application_with_wishes(1)
    payment = payment_start(application=application, provider="sandbox", actor=application.candidate)
    payment_confirm(payment=payment, amount=Decimal("77.00"))
    payment_confirm(payment=payment, amount=Decimal("77.00"))
    message = OutboxMessage.objects.get(template_key="payment.confirmed")
    assert message.recipient_email == application.candidate.email
    assert "77,00\u00a0€" in message.body_text  # the candidate's language: French


def test_confirmation_email_amount_in_the_candidates_language():
    application = application_with_wishes(1)
    application.candidate.preferred_language = "en"
    application.candidate.save(update_fields=["preferred_language"])
    payment = payment_start(application=application, provider="sandbox", actor=application.candidate)
    payment_confirm(payment=payment, amount=Decimal("77.00"))
    message = OutboxMessage.objects.get(template_key="payment.confirmed")
    assert message.language == "en"
    assert "77.00\u00a0€" in message.body_text


def test_resolving_a_flag_needs_a_note_lifts_the_flag_and_is_audited():
    """Rule: R-FEES-3 (staff check the payment; nothing is refunded by the portal)"""
    admin = UserFactory(role="admin")
    application = application_with_wishes(2)
    payment = payment_start(application=application, provider="sandbox", actor=application.candidate)
    payment_confirm(payment=payment, amount=Decimal("77.00"))
    payment.refresh_from_db()
    assert payment.flagged
    for blank in ("", "   "):
        with pytest.raises(PaymentError):
            payment_flag_resolve(payment=payment, actor=admin, note=blank)
    payment_flag_resolve(payment=payment, actor=admin, note="  Candidate will pay 22 EUR by transfer ")
    payment.refresh_from_db()
    assert not payment.flagged and payment.flags[0]["code"] == "amount_differs"  # the reason stays
    assert payment.state == PaymentState.CONFIRMED and payment.amount_received == Decimal("77.00")
    entry = AuditEntry.objects.get(action=AuditAction.FLAG_RESOLVED, object_id=str(payment.pk))
    assert entry.actor == admin and entry.reason == "Candidate will pay 22 EUR by transfer"
    assert entry.before["flagged"] is True and entry.after == {
        "flagged": False,
        "note": "Candidate will pay 22 EUR by transfer",
    }
    with pytest.raises(NotFlagged):
        payment_flag_resolve(payment=payment, actor=admin, note="again")
    assert AuditEntry.objects.filter(action=AuditAction.FLAG_RESOLVED).count() == 1
