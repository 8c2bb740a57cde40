"""Payments: the candidate's pay page and providers' pages, staff's list and transfers."""

from decimal import Decimal

from admissions.models import Campaign, Intake
from tests.payments.factories import PaymentFactory, WishFactory, application_with_wishes
from tests.permissions import LOGIN, NOT_ALLOWED, NOT_FOUND, OK, REDIRECT, Case


def _applications(world):
    """Candidates A and B each have an application with one wish in the current session."""
    campaign = Campaign.objects.current()
    intake = Intake.objects.filter(campaign=campaign).first()
    a = application_with_wishes(0, campaign=campaign, candidate=world.candidate_a)
    b = application_with_wishes(0, campaign=campaign, candidate=world.candidate_b)
    WishFactory(application=a, intake=intake)
    WishFactory(application=b, intake=intake)
    return a, b


def _pay_setup(world):
    a, _b = _applications(world)
    return {"year": a.campaign.year}


def _led_on(world):
    _applications(world)
    return {}


def _payment_of_a(provider):
    def setup(world):
        a, _b = _applications(world)
        return {"pk": PaymentFactory(application=a, provider=provider, amount=Decimal("77.00")).pk}

    return setup


def _flagged_payment_of_a(world):
    a, _b = _applications(world)
    payment = PaymentFactory(
        application=a,
        provider="stripe",
        amount=Decimal("77.00"),
        flagged=True,
        flags=[{"code": "paid_twice", "first": "1"}],
    )
    return {"pk": payment.pk}


CASES = [
    Case(
        "payments:pay",
        perm="payments.pay",
        setup=_pay_setup,
        expect={"anonymous": LOGIN, "candidate_a": OK, "candidate_b": OK},
    ),
    # Without the year (links in e-mails already sent): the candidate's latest dossier.
    Case(
        "payments:pay_default",
        perm="payments.pay",
        setup=_led_on,
        expect={"anonymous": LOGIN, "candidate_a": REDIRECT, "candidate_b": REDIRECT},
    ),
    Case(
        "payments:sandbox_checkout",
        perm="payments.continue_payment",
        setup=_payment_of_a("sandbox"),
        expect={"anonymous": LOGIN, "candidate_a": OK, "candidate_b": NOT_FOUND},
    ),
    # POST only: asked with GET, candidates get 405; others never see it.
    Case(
        "payments:sandbox_callback",
        perm="payments.pay",
        expect={"anonymous": LOGIN, "candidate_a": NOT_ALLOWED, "candidate_b": NOT_ALLOWED},
        default=NOT_FOUND,
    ),
    Case(
        "payments:stripe_return",
        perm="payments.continue_payment",
        setup=_payment_of_a("stripe"),
        expect={"anonymous": LOGIN, "candidate_a": OK, "candidate_b": NOT_FOUND},
    ),
    # Stripe's webhook: public, POST only, signature-checked (tests/payments/test_stripe.py).
    Case("payments:stripe_webhook", default=NOT_ALLOWED),
    Case(
        "payments:staff_list",
        perm="payments.view_staff_list",
        setup=lambda world: {"year": 2021},
        expect={"anonymous": LOGIN, "admin": OK},
    ),
    Case(
        "payments:staff_list_default",
        perm="payments.view_staff_list",
        expect={"anonymous": LOGIN, "admin": REDIRECT},
    ),
    Case(
        "payments:manual_record",
        perm="payments.record_transfer",
        setup=lambda world: {"year": 2021},
        expect={"anonymous": LOGIN, "admin": OK},
    ),
    # POST only, with a mandatory note: the admin is sent back to the list.
    Case(
        "payments:flag_resolve",
        perm="payments.resolve_flag",
        setup=_flagged_payment_of_a,
        method="post",
        data={"note": "Checked with the bank"},
        expect={"anonymous": LOGIN, "admin": REDIRECT},
    ),
]
