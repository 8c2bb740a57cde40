"""The provider interface: start a checkout, handle what the provider sends back."""

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _


class CallbackStatus:
    CONFIRMED = "confirmed"  # the payment is confirmed now
    CANCELLED = "cancelled"  # the candidate gave up
    REPLAYED = "replayed"  # already received: nothing recorded twice
    IGNORED = "ignored"  # an event we do not act on
    FLAGGED = "flagged"  # money recorded for staff to check (other currency, paid twice)


@dataclass
class CallbackResult:
    status: str
    payment: object = None
    details: dict = field(default_factory=dict)


class InvalidCallback(Exception):
    """A callback whose signature or content is wrong: answered with 400, nothing recorded."""


class PaymentProvider:
    code: str = ""
    label = ""
    description = ""
    # Offered to candidates on the pay page (the manual provider is staff-only).
    candidate_facing = True

    def is_available(self) -> bool:
        return True

    def start_checkout(self, payment, request) -> str:
        """Prepare the provider's checkout for `payment`; return the URL to send the
        candidate to."""
        raise NotImplementedError

    def handle_callback(self, request) -> CallbackResult:
        """Verify and act on what the provider sent (a signed form post, a webhook).
        Raises InvalidCallback on a bad signature."""
        raise NotImplementedError


class ManualProvider(PaymentProvider):
    """Bank transfers recorded by staff (`payment_record_manual`): no checkout, no callback."""

    code = "manual"
    label = _("Bank transfer (recorded by staff)")
    candidate_facing = False
