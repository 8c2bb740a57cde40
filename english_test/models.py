"""One English test per candidate and session (`Take`), the provider's events received for
it (`ProviderEvent`, unique per source and identifier: a replay records nothing), and the
identity-check pictures (R-TEST-6: private, never graded)."""

import secrets

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from candidates.models import Application
from core.files import RandomUploadTo

from .enums import EventSource, Level, TakeState


def _new_reference() -> str:
    return secrets.token_urlsafe(18)


class Take(models.Model):
    """The candidate's English test in the session of `application` (one, even with two
    choices that require it). Changes state only through `services.take_transition`."""

    application = models.OneToOneField(Application, on_delete=models.CASCADE, related_name="english_test")
    # Our reference, unguessable: the link of the invitation and the key a provider sends back.
    reference = models.CharField(_("reference"), max_length=32, unique=True, default=_new_reference)
    provider = models.CharField(_("provider"), max_length=20)
    # The provider's own identifier of the test, once it sent one.
    provider_reference = models.CharField(_("provider's identifier"), max_length=100, blank=True)
    state = models.CharField(_("state"), max_length=20, choices=TakeState.choices, default=TakeState.INVITED)
    invited_at = models.DateTimeField(_("invited at"))
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)
    state_changed_at = models.DateTimeField(_("state changed at"))
    # For the jury only (R-TEST-8): never shown to the candidate.
    score = models.DecimalField(_("score"), max_digits=6, decimal_places=2, null=True, blank=True)
    level = models.CharField(_("level"), max_length=2, choices=Level.choices, blank=True)
    reason = models.TextField(_("reason"), blank=True)  # invalidation, technical problem

    class Meta:
        verbose_name = _("English test")
        verbose_name_plural = _("English tests")
        constraints = [
            models.CheckConstraint(condition=Q(state__in=TakeState.values), name="english_take_state_valid"),
            models.UniqueConstraint(
                fields=["provider", "provider_reference"],
                condition=~Q(provider_reference=""),
                name="english_take_provider_reference_unique",
            ),
        ]

    def __str__(self):
        return f"{self.application}: {self.get_state_display()}"


class ProviderEvent(models.Model):
    """A callback, webhook event or imported row, by its identifier at its source: the
    unique constraint makes a replayed one harmless (nothing recorded twice)."""

    source = models.CharField(_("source"), max_length=20, choices=EventSource.choices)
    event_id = models.CharField(_("event identifier"), max_length=255)
    kind = models.CharField(_("event type"), max_length=40, blank=True)
    take = models.ForeignKey(Take, on_delete=models.CASCADE, related_name="events", null=True, blank=True)
    received_at = models.DateTimeField(_("received at"), auto_now_add=True)
    payload = models.JSONField(_("payload"), default=dict, blank=True)

    class Meta:
        verbose_name = _("English test provider event")
        verbose_name_plural = _("English test provider events")
        constraints = [
            models.UniqueConstraint(fields=["source", "event_id"], name="english_event_unique"),
        ]

    def __str__(self):
        return f"{self.source}:{self.event_id}"


class IdentityPicture(models.Model):
    """A picture the provider took to check who sat the test (R-TEST-6): stored as sent, in
    private storage, never graded, shown to staff only. Deleted with the recordings
    (`services.identity_pictures_delete`, called by the retention rules)."""

    take = models.ForeignKey(Take, on_delete=models.CASCADE, related_name="pictures")
    provider_picture_id = models.CharField(_("provider's identifier"), max_length=100)
    file = models.FileField(_("file"), upload_to=RandomUploadTo("english_test_pictures"), max_length=200)
    content_type = models.CharField(_("type"), max_length=40)
    taken_at = models.DateTimeField(_("taken at"), null=True, blank=True)
    received_at = models.DateTimeField(_("received at"), auto_now_add=True)

    class Meta:
        verbose_name = _("identity-check picture")
        verbose_name_plural = _("identity-check pictures")
        constraints = [
            models.UniqueConstraint(fields=["take", "provider_picture_id"], name="english_picture_unique"),
        ]

    def __str__(self):
        return f"{self.take_id}:{self.provider_picture_id}"
