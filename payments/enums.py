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


class AuditAction(models.TextChoices):
    """What the payment services write in the audit log (`core.audit.audit_record`).
    The values are stored: never change one, or older entries stop matching readers."""

    STARTED = "payment.started"
    CONFIRMED = "payment.confirmed"
    FAILED = "payment.failed"
    CANCELLED = "payment.cancelled"
    CURRENCY_MISMATCH = "payment.currency_mismatch"
    SECOND_CHARGE = "payment.second_charge"
    FLAG_RESOLVED = "payment.flag_resolved"
    MANUAL_RECORDED = "payment.manual_recorded"
