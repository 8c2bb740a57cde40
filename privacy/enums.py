from django.db import models
from django.utils.translation import gettext_lazy as _

from core.retention import ANONYMISE, DELETE


class AuditAction(models.TextChoices):
    RULE_SAVE = "privacy.rule_save", _("Retention rule saved")
    HOLD_CREATE = "privacy.hold_create", _("Hold placed on a dossier")
    HOLD_LIFT = "privacy.hold_lift", _("Hold lifted")
    PURGE = "privacy.purge", _("Nightly purge")
    EXPORT_REQUEST = "privacy.export_request", _("Data download requested")
    EXPORT_READY = "privacy.export_ready", _("Data download prepared")
    ACCOUNT_DELETE = "privacy.account_delete", _("Account deleted on request")
    AUDIT_PSEUDONYMISE = "privacy.audit_pseudonymise", _("Audit entries of an erased person pseudonymised")


class RetentionAction(models.TextChoices):
    DELETE = DELETE, _("Delete")
    ANONYMISE = ANONYMISE, _("Anonymise (keep statistics)")


class DurationUnit(models.TextChoices):
    DAYS = "days", _("days")
    MONTHS = "months", _("months")


class ExportState(models.TextChoices):
    QUEUED = "queued", _("Being prepared")
    READY = "ready", _("Ready")
    FAILED = "failed", _("Failed")


EXPORT_TRANSITIONS = {
    ExportState.QUEUED: frozenset({ExportState.READY, ExportState.FAILED}),
    ExportState.READY: frozenset(),
    ExportState.FAILED: frozenset(),
}
