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


class AuditAction(models.TextChoices):
    """What the notifications app writes in the audit log (`core.audit.audit_record`).
    The values are stored: never change one, or older entries stop matching readers."""

    MILESTONE_RUN = "milestone.run"
    MILESTONE_RERUN = "milestone.rerun"
    OUTBOX_RESEND = "outbox.resend"
    EMAIL_TEMPLATE_CREATE = "email_template.create"
    EMAIL_TEMPLATE_CHANGE = "email_template.change"
