"""Processing fees paid by candidates (R-FEES-1..3).

A `Payment` is one attempt to pay what is owed at that moment (pending), confirmed once by
its provider; a `ProviderEvent` is one callback or webhook received, kept so that a
replayed one is recognised and ignored. No refund exists (R-FEES-3).
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .enums import PaymentState, ProviderCode
from .flags import describe as describe_flag


def _new_key() -> str:
    return uuid.uuid4().hex


class Payment(models.Model):
    application = models.ForeignKey(
        "candidates.Application",
        verbose_name=_("application"),
        on_delete=models.PROTECT,
        related_name="payments",
    )
    provider = models.CharField(_("provider"), max_length=20, choices=ProviderCode.choices)
    amount = models.DecimalField(_("amount asked"), max_digits=9, decimal_places=2)
    amount_received = models.DecimalField(
        _("amount received"), max_digits=9, decimal_places=2, null=True, blank=True
    )
    currency = models.CharField(_("currency"), max_length=3, default="EUR")
    state = models.CharField(
        _("state"), max_length=20, choices=PaymentState.choices, default=PaymentState.PENDING, db_index=True
    )
    provider_reference = models.CharField(
        _("provider reference"),
        max_length=255,
        blank=True,
        help_text=_("Bank reference of a transfer, or the provider's session identifier."),
    )
    idempotency_key = models.CharField(_("idempotency key"), max_length=64, unique=True, default=_new_key)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True, db_index=True)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    paid_on = models.DateField(_("paid on"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    flagged = models.BooleanField(_("to check"), default=False)
    # Why to check, as codes with their figures (payments.flags), shown in the reader's language.
    flags = models.JSONField(_("why to check"), default=list, blank=True)
    raw_payload = models.JSONField(_("provider payload"), default=dict, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("payment")
        verbose_name_plural = _("payments")
        constraints = [
            models.UniqueConstraint(
                fields=["provider", "provider_reference"],
                condition=~Q(provider_reference=""),
                name="payment_reference_unique_per_provider",
            ),
            models.CheckConstraint(condition=Q(amount__gt=0), name="payment_amount_positive"),
            models.CheckConstraint(condition=Q(state__in=PaymentState.values), name="payment_state_valid"),
        ]

    def __str__(self):
        return f"#{self.pk} {self.amount} {self.currency} ({self.get_state_display()})"

    def flag_reasons(self) -> list[str]:
        """Why to check, in the active language."""
        return [describe_flag(item) for item in self.flags]

    @property
    def amount_cents(self) -> int:
        return int((self.amount * 100).to_integral_value())

    @property
    def is_confirmed(self) -> bool:
        return self.state == PaymentState.CONFIRMED


class ProviderEvent(models.Model):
    """A callback or webhook received from a provider. The (provider, event id) pair is
    unique: a replay is recognised and nothing is recorded twice."""

    provider = models.CharField(_("provider"), max_length=20, choices=ProviderCode.choices)
    event_id = models.CharField(_("event identifier"), max_length=255)
    event_type = models.CharField(_("event type"), max_length=100, blank=True)
    payment = models.ForeignKey(
        Payment, null=True, blank=True, on_delete=models.PROTECT, related_name="events"
    )
    received_at = models.DateTimeField(_("received at"), auto_now_add=True)
    payload = models.JSONField(_("payload"), default=dict, blank=True)

    class Meta:
        ordering = ["-received_at", "-id"]
        verbose_name = _("provider event")
        verbose_name_plural = _("provider events")
        constraints = [
            models.UniqueConstraint(fields=["provider", "event_id"], name="provider_event_unique"),
        ]

    def __str__(self):
        return f"{self.provider}:{self.event_id}"
