"""The fee an application costs and what is owed (R-FEES-1, R-FEES-2, R-FEES-3)."""

from decimal import Decimal

import pytest

from candidates import fees
from candidates.enums import AuditAction, ScholarshipStatus, WishState
from candidates.workflow import wish_transition
from payments import services
from payments.services import payment_confirm, payment_start
from tests.payments.factories import WishFactory, application_with_wishes

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("programs", "expected"), [(1, "22.00"), (2, "33.00"), (3, "44.00")])
@pytest.mark.parametrize("status", [ScholarshipStatus.DECLARED, ScholarshipStatus.VERIFIED])
def test_R_FEES_1_scholar_pays_22_then_11_per_additional_program(programs, expected, status):
    application = application_with_wishes(programs, scholarship=status)
    assert fees.fee_total(application) == Decimal(expected)
    assert fees.amount_owed(application) == Decimal(expected)
    assert fees.amount_paid(application) == Decimal("0")


@pytest.mark.parametrize(("programs", "expected"), [(1, "77.00"), (2, "99.00"), (3, "121.00")])
def test_R_FEES_2_others_pay_77_then_22_per_additional_program(programs, expected):
    application = application_with_wishes(programs)
    assert fees.fee_total(application) == Decimal(expected)
    assert fees.amount_owed(application) == Decimal(expected)


def test_R_FEES_2_withdrawn_and_voided_wishes_are_not_charged_before_paying():
    """Rule: R-FEES-2"""
    application = application_with_wishes(3)
    first = application.wishes.first()
    wish_transition(
        wish=first, target=WishState.WITHDRAWN, actor=application.candidate, action=AuditAction.WISH_WITHDRAW
    )
    WishFactory(application=application, state=WishState.VOIDED)
    assert fees.charged_programs(application) == 2
    assert fees.fee_total(application) == Decimal("99.00")


def test_fee_breakdown_lists_first_additional_and_paid():
    """Rule: R-FEES-2"""
    application = application_with_wishes(3)
    breakdown = fees.fee_breakdown(application)
    assert breakdown.first == Decimal("77")
    assert breakdown.additional_count == 2
    assert breakdown.additional_total == Decimal("44")
    assert breakdown.fee_total == breakdown.owed == Decimal("121")
    assert breakdown.paid == Decimal("0")


def _pay_in_full(application, provider="sandbox"):
    payment = payment_start(application=application, provider=provider, actor=application.candidate)
    payment_confirm(payment=payment, amount=payment.amount, provider_reference=f"ref-{payment.pk}")
    return payment


def test_R_FEES_3_withdrawal_keeps_the_paid_amount_and_gives_no_credit():
    application = application_with_wishes(2)
    _pay_in_full(application)
    assert fees.amount_paid(application) == Decimal("99.00")
    wish = application.wishes.first()
    wish_transition(
        wish=wish, target=WishState.WITHDRAWN, actor=application.candidate, action=AuditAction.WISH_WITHDRAW
    )
    # One program left would cost 77, but 99 was paid: nothing refunded, no credit.
    assert fees.fee_due(application) == Decimal("77.00")
    assert fees.amount_paid(application) == Decimal("99.00")
    assert fees.fee_total(application) == Decimal("99.00")
    assert fees.amount_owed(application) == Decimal("0.00")
    # Adding a program back after the withdrawal: 99 for two is already covered.
    WishFactory(application=application)
    assert fees.amount_owed(application) == Decimal("0.00")
    WishFactory(application=application)
    assert fees.amount_owed(application) == Decimal("22.00")


def test_R_FEES_3_no_refund_service_exists():
    assert not [name for name in dir(services) if "refund" in name.lower()]


def test_R_FEES_2_adding_a_wish_after_paying_asks_only_the_difference():
    application = application_with_wishes(1)
    _pay_in_full(application)
    assert fees.amount_owed(application) == Decimal("0.00")
    WishFactory(application=application)
    assert fees.amount_owed(application) == Decimal("22.00")
    second = _pay_in_full(application)
    assert second.amount == Decimal("22.00")
    assert fees.amount_paid(application) == Decimal("99.00")
    assert fees.amount_owed(application) == Decimal("0.00")


def test_R_FEES_1_adding_a_wish_after_paying_the_scholar_rate_asks_11():
    application = application_with_wishes(1, scholarship=ScholarshipStatus.DECLARED)
    _pay_in_full(application)
    WishFactory(application=application)
    assert fees.amount_owed(application) == Decimal("11.00")


@pytest.mark.parametrize("programs", [1, 2, 3])
def test_R_FEES_2_refused_scholarship_proof_makes_the_difference_owed(programs):
    """Rule: R-FEES-1
    Paid 22 + 11*(n-1) as a declared scholar; the proof is refused: 77 + 22*(n-1) is due."""
    application = application_with_wishes(programs, scholarship=ScholarshipStatus.DECLARED)
    _pay_in_full(application)
    paid = Decimal(22 + 11 * (programs - 1))
    assert fees.amount_paid(application) == paid
    application.scholarship_status = ScholarshipStatus.REFUSED
    application.save()
    standard = Decimal(77 + 22 * (programs - 1))
    assert fees.fee_total(application) == standard
    assert fees.amount_owed(application) == standard - paid
    difference = _pay_in_full(application)
    assert difference.amount == standard - paid
    assert fees.amount_owed(application) == Decimal("0.00")
