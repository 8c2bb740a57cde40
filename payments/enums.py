from django.db import models
from django.utils.translation import gettext_lazy as _


class PaymentState(models.TextChoices):
    """pending -> confirmed | failed | cancelled. A confirmed payment is never undone:
    fees are never refunded (R-FEES-3)."""

    PENDING = "pending", _("Pending")
    CONFIRMED = "confirmed", _("Confirmed")
    FAILED = "failed", _("Failed")
    CANCELLED = "cancelled", _("Cancelled")


class ProviderCode(models.TextChoices):
    SANDBOX = "sandbox", _("Test payment (sandbox)")
    MANUAL = "manual", _("Bank transfer (recorded by staff)")
    STRIPE = "stripe", _("Card payment (Stripe)")
