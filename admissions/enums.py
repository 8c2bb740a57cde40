from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class EntryLevel(models.TextChoices):
    YEAR_1 = "year_1", _("1st year")
    YEAR_2 = "year_2", _("2nd year")


class TitleKind(models.TextChoices):
    """What a candidate holds (or will hold) to apply (R-ELIG-1..4)."""

    DUT = "dut", _("DUT")
    BUT = "but", _("BUT")
    BTS = "bts", _("BTS")
    PREPA_ATS = "prepa_ats", _("Spé ATS preparatory class")
    PREPA_SCIENTIFIC = "prepa_scientific", _("Other scientific preparatory class")
    MASTER_1 = "master_1", _("Master 1 (M1) or 4 years after the baccalaureate")
    MASTER_2 = "master_2", _("Master 2 (M2) or 5 years after the baccalaureate")
    OTHER_FRENCH = "other_french", _("Other French title")
    FOREIGN = "foreign", _("Foreign title")


class Assessment(models.TextChoices):
    """Whether holding the title makes a wish eligible by itself, or the jury judges it."""

    LISTED = "listed", _("Eligible (listed title)")
    JURY = "jury", _("Judged by the jury")


class DocumentCondition(models.TextChoices):
    """When a supporting document is required of a candidate."""

    ALWAYS = "always", _("Always")
    SCHOLARSHIP = "scholarship", _("When the candidate declares a scholarship")
    DIPLOMA_IN_PROGRESS = "in_progress", _("When the diploma is still in progress")
    FOREIGN_TITLE = "foreign_title", _("When the title is foreign")
    OPTIONAL = "optional", _("Optional")


class DocumentRequirement(models.TextChoices):
    """What a candidate reads next to a document asked of them: `condition` and
    `indispensable` of the document type, in one word."""

    REQUIRED = "required", _("required")
    ASKED = "asked", pgettext_lazy("document", "asked")
    OPTIONAL = "optional", _("optional")


class AuditAction(models.TextChoices):
    """What the session's admin data writes in the audit log (`core.audit.audit_record`).
    The values are stored: never change one, or older entries stop matching readers."""

    INTAKE_EXTRA_PLACES_OPENED = "intake.extra_places_opened"
    CAMPAIGN_CLONED = "campaign.cloned"
    CAMPAIGN_PUBLISHED = "campaign.published"
