"""Reads about payments: what was received for an application, payments made twice, the
candidate's own payments and the staff list.

The fee itself (what is due, what is owed) lives below, in `candidates.fees`; this module
answers it through the fee ledger that `PaymentsConfig.ready` registers there.
"""

from django.db.models import OuterRef, Subquery, Sum

from . import flags
from .enums import PaymentState
from .models import Payment


def paid_total():
    """The confirmed amount received by the application of `OuterRef("pk")`, as a subquery
    (NULL when nothing was received)."""
    return Subquery(
        Payment.objects.filter(application=OuterRef("pk"), state=PaymentState.CONFIRMED)
        .values("application")
        .annotate(total=Sum("amount_received"))
        .values("total")
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


def application_payments_export(application) -> list[dict]:
    """The candidate's payments as their data download shows them (R-DATA-1)."""
    return [
        {
            "provider": p.provider,
            "amount": p.amount,
            "amount_received": p.amount_received,
            "currency": p.currency,
            "state": p.state,
            "created_at": p.created_at,
            "confirmed_at": p.confirmed_at,
        }
        for p in application_payments(application)
    ]


def staff_payment_list(*, campaign=None):
    """The staff list of payments (of one session) with what the table shows, in one query;
    `payments.filters.PaymentFilter` narrows it."""
    payments = Payment.objects.select_related(
        "application__candidate", "application__campaign", "recorded_by"
    ).order_by("-created_at", "-id")
    if campaign is not None:
        payments = payments.filter(application__campaign=campaign)
    return payments
