"""The processing fee of a dossier (R-FEES-1..3): what is due for the wishes that count, at
the session's rates; what was paid; what is still owed; the breakdown the pages show.

What was paid is a fact of the payments app, which sits above candidates: candidates never
imports it. Payments tells this module what it knows through the fee ledger it registers at
start-up (`PaymentsConfig.ready`), as the lower app's registry the layers allow. This
module imports no model, so that an AppConfig may import it before the models are loaded.
"""

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ImproperlyConfigured
from django.db.models import DecimalField, Expression, Value
from django.db.models.functions import Coalesce

from .enums import WishState

ZERO = Decimal("0.00")
# Wishes that no longer count for the fee computed today. What was paid for them stays
# paid (R-FEES-3): fee_total never goes below amount_paid.
NOT_CHARGED_STATES = (WishState.WITHDRAWN, WishState.VOIDED)


@dataclass(frozen=True)
class FeeLedger:
    """What the payments app answers about a dossier's payments.

    - `paid_total()`: an expression of the confirmed amount received by the application of
      `OuterRef("pk")` (NULL when nothing was received), to annotate Application querysets;
    - `paid_twice(application)`: "to_check" while a payment made twice waits for staff,
      "checked" once staff have cleared every one, "" when nothing was paid twice;
    - `export(application)`: the dossier's payments as plain dicts, for the candidate's
      data download (R-DATA-1).
    """

    paid_total: Callable[[], Expression]
    paid_twice: Callable[[object], str]
    export: Callable[[object], list[dict]]


_ledger: FeeLedger | None = None


def fee_ledger_register(ledger: FeeLedger) -> None:
    global _ledger
    _ledger = ledger


def fee_ledger() -> FeeLedger:
    if _ledger is None:
        raise ImproperlyConfigured("No fee ledger registered: is the payments app in INSTALLED_APPS?")
    return _ledger


def with_paid_total(queryset):
    """Annotate `paid_total` (confirmed payments) on Application rows, which amount_paid
    reads instead of running its own query."""
    return queryset.annotate(
        paid_total=Coalesce(
            fee_ledger().paid_total(), Value(ZERO), output_field=DecimalField(max_digits=9, decimal_places=2)
        )
    )


def charged_wishes(application) -> list:
    """The wishes that count for the fee (and for the documents asked), from the prefetched
    wishes when the caller prefetched them. A wish added to a submitted dossier and still
    not filed when submissions closed will never be examined (R-DOSSIER-1): it counts no more."""
    return charged_among(application, application.wishes.all())


def charged_among(application, wishes) -> list:
    """The wishes among `wishes` (the application's) that count, by the rule above."""
    unfiled_for_good = application.is_submitted and not application.campaign.is_open_for_submission()
    return [
        wish
        for wish in wishes
        if wish.state not in NOT_CHARGED_STATES and not (unfiled_for_good and wish.state == WishState.DRAFT)
    ]


def charged_programs(application) -> int:
    """The number of the application's wishes that count for the fee."""
    return len(charged_wishes(application))


def amount_paid(application) -> Decimal:
    """Sum of the confirmed payments (what the providers say they received)."""
    annotated = getattr(application, "paid_total", None)
    if annotated is not None:
        return annotated
    rows = type(application).objects.filter(pk=application.pk)
    return with_paid_total(rows).values_list("paid_total", flat=True).get()


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
    paid_twice: str = ""  # see FeeLedger.paid_twice


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
        paid_twice=fee_ledger().paid_twice(application) if excess else "",
    )
