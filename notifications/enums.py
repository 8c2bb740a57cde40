from django.db import models
from django.utils.translation import gettext_lazy as _


class OutboxState(models.TextChoices):
    """queued -> sending -> sent | failed (a transient failure goes back to queued)."""

    QUEUED = "queued", _("Queued")
    SENDING = "sending", _("Sending")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")


class MilestoneStatus(models.TextChoices):
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


class Language(models.TextChoices):
    FR = "fr", "Français"
    EN = "en", "English"
