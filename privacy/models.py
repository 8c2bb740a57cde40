"""Retention rules (admin data), holds on dossiers, purge runs and prepared data downloads.
The categories of data and their purge functions are registered in `core.retention`."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.files import RandomUploadTo
from core.retention import ANCHORS

from .enums import DurationUnit, ExportState, RetentionAction


class RetentionRule(models.Model):
    """How long one category of personal data is kept: `duration` `unit` after `anchor`,
    then `action`. One rule per category; validated against the category's registration
    (privacy.services.rule_validate)."""

    category = models.CharField(_("category of data"), max_length=100, unique=True)
    anchor = models.CharField(
        _("counted from"), max_length=40, choices=[(code, a.label) for code, a in ANCHORS.items()]
    )
    duration = models.IntegerField(_("duration"))
    unit = models.CharField(
        _("unit"), max_length=10, choices=DurationUnit.choices, default=DurationUnit.MONTHS
    )
    action = models.CharField(_("then"), max_length=10, choices=RetentionAction.choices)
    reason = models.TextField(
        _("reason"), help_text=_("Why this duration: shown to admins and in the register.")
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["category"]
        verbose_name = _("retention rule")
        verbose_name_plural = _("retention rules")
        constraints = [
            models.CheckConstraint(condition=Q(duration__gte=0), name="retention_duration_not_negative")
        ]

    def __str__(self):
        return f"{self.category}: {self.duration} {self.get_unit_display()}"


class Hold(models.Model):
    """A dispute or an appeal suspends the purge of a dossier until `ends_on` (included)."""

    application = models.ForeignKey(
        "candidates.Application",
        verbose_name=_("dossier"),
        on_delete=models.CASCADE,
        related_name="privacy_holds",
    )
    reason = models.TextField(_("reason"))
    ends_on = models.DateField(_("until"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("placed at"), auto_now_add=True)
    lifted_at = models.DateTimeField(_("lifted at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("hold on a dossier")
        verbose_name_plural = _("holds on dossiers")

    def __str__(self):
        return f"{self.application} → {self.ends_on}"


class PurgeRun(models.Model):
    """One night's purge: at most one per night (Europe/Paris date)."""

    night = models.DateField(_("night"), unique=True)
    started_at = models.DateTimeField(_("started at"))
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    counts = models.JSONField(_("counts"), default=dict, blank=True)
    files_deleted = models.PositiveIntegerField(_("files deleted"), default=0)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-night"]
        verbose_name = _("purge run")
        verbose_name_plural = _("purge runs")

    def __str__(self):
        return str(self.night)


class DataExport(models.Model):
    """The complete data download of one account (R-DATA-1), prepared in Celery."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="data_exports")
    state = models.CharField(
        _("state"), max_length=10, choices=ExportState.choices, default=ExportState.QUEUED
    )
    file = models.FileField(_("file"), upload_to=RandomUploadTo("exports"), max_length=200, blank=True)
    size = models.PositiveIntegerField(_("size"), default=0)
    requested_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    ready_at = models.DateTimeField(_("ready at"), null=True, blank=True)

    class Meta:
        ordering = ["-requested_at", "-id"]
        verbose_name = _("data download")
        verbose_name_plural = _("data downloads")
        constraints = [
            models.CheckConstraint(condition=Q(state__in=ExportState.values), name="export_state_valid")
        ]

    def __str__(self):
        return f"{self.user_id} {self.requested_at:%Y-%m-%d}"
