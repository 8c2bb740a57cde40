"""The outbox (every e-mail is a row first), admin-edited e-mail templates and the record
of milestone runs. Workflow lives in services.py."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .enums import Language, MilestoneStatus, OutboxState
from .registry import get_template
from .rendering import validate_source


class EmailTemplate(models.Model):
    """An admin's version of a registered template in one language; it replaces the default
    content written in code (notifications.registry)."""

    key = models.CharField(_("template"), max_length=100)
    language = models.CharField(_("language"), max_length=5, choices=Language.choices)
    subject = models.CharField(_("subject"), max_length=255)
    body = models.TextField(_("body"))
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["key", "language"]
        verbose_name = _("e-mail template")
        verbose_name_plural = _("e-mail templates")
        constraints = [models.UniqueConstraint(fields=["key", "language"], name="email_template_unique")]

    def __str__(self):
        return f"{self.key} ({self.language})"

    def clean(self):
        try:
            spec = get_template(self.key)
        except LookupError:
            raise ValidationError({"key": _("No such template.")}) from None
        errors = {}
        for name in ("subject", "body"):
            try:
                validate_source(getattr(self, name) or "", spec.allowed_placeholders)
            except ValidationError as exc:
                errors[name] = exc.messages
        if errors:
            raise ValidationError(errors)


class OutboxMessage(models.Model):
    """One e-mail, rendered when queued, sent by `notifications.tasks.outbox_send`."""

    recipient_email = models.EmailField(_("recipient"), max_length=254)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="outbox_messages",
    )
    language = models.CharField(_("language"), max_length=5, choices=Language.choices, default=Language.FR)
    subject = models.CharField(_("subject"), max_length=255)
    body_text = models.TextField(_("text"))
    body_html = models.TextField(_("HTML"), blank=True)
    template_key = models.CharField(_("template"), max_length=100, db_index=True)
    occasion = models.CharField(_("occasion"), max_length=100, blank=True)
    related_content_type = models.ForeignKey(
        ContentType, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    related_object_id = models.CharField(max_length=64, blank=True)
    related = GenericForeignKey("related_content_type", "related_object_id")
    idempotency_key = models.CharField(_("idempotency key"), max_length=64, unique=True)

    state = models.CharField(
        _("state"), max_length=10, choices=OutboxState.choices, default=OutboxState.QUEUED, db_index=True
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    message_id = models.CharField(_("Message-ID"), max_length=255, blank=True)
    # When the sweeper should (re)dispatch a queued row: shortly after queuing if the broker
    # lost the task, or after the back-off delay of a transient failure.
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    claimed_at = models.DateTimeField(_("claimed at"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("outgoing e-mail")
        verbose_name_plural = _("outgoing e-mails")
        indexes = [
            models.Index(fields=["state", "next_attempt_at"], name="outbox_state_next"),
            models.Index(fields=["user", "-created_at"], name="outbox_user_created"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(state__in=OutboxState.values), name="outbox_state_valid"),
        ]

    def __str__(self):
        return f"{self.subject} → {self.recipient_email}"


class OutboxAttachment(models.Model):
    message = models.ForeignKey(OutboxMessage, on_delete=models.CASCADE, related_name="attachments")
    filename = models.CharField(_("file name"), max_length=255)
    content = models.BinaryField(_("content"))
    mimetype = models.CharField(_("type"), max_length=100)

    class Meta:
        ordering = ["id"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self):
        return self.filename


class MilestoneRun(models.Model):
    """The run of one milestone action for one campaign: at most one row per pair, so that
    an action runs once; an admin's rerun updates the same row."""

    campaign = models.ForeignKey(
        "admissions.Campaign", on_delete=models.CASCADE, related_name="milestone_runs"
    )
    action_key = models.CharField(_("action"), max_length=100)
    due_at = models.DateTimeField(_("due at"), help_text=_("The due date when it last ran."))
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    emails_queued = models.PositiveIntegerField(_("e-mails queued"), default=0)
    status = models.CharField(
        _("status"), max_length=10, choices=MilestoneStatus.choices, default=MilestoneStatus.RUNNING
    )
    error = models.TextField(_("error"), blank=True)
    runs = models.PositiveSmallIntegerField(_("number of runs"), default=0)

    class Meta:
        ordering = ["campaign", "due_at"]
        verbose_name = _("milestone run")
        verbose_name_plural = _("milestone runs")
        constraints = [
            models.UniqueConstraint(fields=["campaign", "action_key"], name="one_run_per_milestone"),
        ]

    def __str__(self):
        return f"{self.campaign} {self.action_key} ({self.get_status_display()})"
