"""Reads about fees: what an application costs, what was paid, what is still owed.

Candidates (and later apps) import these; this module imports only models, never the
candidates' views or services.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Sum

from candidates.enums import WishState

from . import flags
from .enums import PaymentState
from .models import Payment

ZERO = Decimal("0.00")
# Wishes that no longer count for the fee computed today. What was paid for them stays
# paid (R-FEES-3): fee_total never goes below amount_paid.
NOT_CHARGED_STATES = (WishState.WITHDRAWN, WishState.VOIDED)


def charged_programs(application) -> int:
    """The number of the application's wishes that count for the fee."""
    cached = getattr(application, "_prefetched_objects_cache", {}).get("wishes")
    if cached is not None:
        return sum(1 for wish in cached if wish.state not in NOT_CHARGED_STATES)
    return application.wishes.exclude(state__in=NOT_CHARGED_STATES).count()


def amount_paid(application) -> Decimal:
    """Sum of the confirmed payments (what the providers say they received)."""
    annotated = getattr(application, "paid_total", None)
    if annotated is not None:
        return annotated
    total = application.payments.filter(state=PaymentState.CONFIRMED).aggregate(total=Sum("amount_received"))[
        "total"
    ]
    return total or ZERO


def fee_due(application, *, programs: int | None = None) -> Decimal:
    """The fee of the wishes counted today, at today's rate (R-FEES-1, R-FEES-2), without
    the R-FEES-3 floor."""
    if programs is None:
        programs = charged_programs(application)
    return application.campaign.fees.amount_for(scholarship=application.pays_scholar_rate, programs=programs)


def fee_total(application) -> Decimal:
    """The fee of the application, never less than what was already paid (R-FEES-3:
    withdrawing a wish gives no refund and no credit)."""
    return max(fee_due(application), amount_paid(application))


def amount_owed(application) -> Decimal:
    return max(ZERO, fee_total(application) - amount_paid(application))


@dataclass(frozen=True)
class FeeBreakdown:
    scholarship: bool
    programs: int
    first: Decimal
    additional_count: int
    additional_unit: Decimal
    additional_total: Decimal
    fee_due: Decimal
    fee_total: Decimal
    paid: Decimal
    owed: Decimal
    currency: str
    # More was received than the fee of today's wishes: a payment made twice (two tabs),
    # which staff check, or programs withdrawn after paying (R-FEES-3: no credit).
    excess: Decimal = ZERO
    paid_twice: str = ""  # see double_payment_status


def fee_breakdown(application) -> FeeBreakdown:
    """What the pay page shows: first program, additional programs, already paid, owed."""
    schedule = application.campaign.fees
    scholarship = application.pays_scholar_rate
    programs = charged_programs(application)
    first, unit = (
        (schedule.scholar_first, schedule.scholar_additional)
        if scholarship
        else (schedule.standard_first, schedule.standard_additional)
    )
    additional_count = max(0, programs - 1)
    due = schedule.amount_for(scholarship=scholarship, programs=programs)
    paid = amount_paid(application)
    total = max(due, paid)
    excess = max(ZERO, paid - due)
    return FeeBreakdown(
        scholarship=scholarship,
        programs=programs,
        first=first if programs else ZERO,
        additional_count=additional_count,
        additional_unit=unit,
        additional_total=unit * additional_count,
        fee_due=due,
        fee_total=total,
        paid=paid,
        owed=max(ZERO, total - paid),
        currency=schedule.currency,
        excess=excess,
        paid_twice=double_payment_status(application) if excess else "",
    )


def double_payment_status(application) -> str:
    """Where the application's double payments stand: "to_check" while one waits for
    staff, "checked" once staff have cleared every one, "" when nothing was paid twice."""
    flagged_states = [
        flagged
        for payment_flags, flagged in application.payments.values_list("flags", "flagged")
        if flags.has(payment_flags, flags.PAID_TWICE)
    ]
    if not flagged_states:
        return ""
    return "to_check" if any(flagged_states) else "checked"


def application_payments(application):
    """The candidate's own payments, newest first."""
    return application.payments.order_by("-created_at", "-id")


def staff_payment_list():
    """The staff list of payments with what the table shows, in one query;
    `payments.filters.PaymentFilter` narrows it."""
    return Payment.objects.select_related(
        "application__candidate", "application__campaign", "recorded_by"
    ).order_by("-created_at", "-id")
