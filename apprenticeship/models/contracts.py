"""Admission and the apprenticeship contract (R-ADMIT-2/3, R-DOSSIER-4)."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from candidates.models import Application, Wish
from core.files import RandomUploadTo

from .job_sheets import JobSheet


class DiplomaVerification(models.Model):
    """Staff checked the late diploma proof and transcripts of a candidate whose title was in
    progress at the deadline (R-DOSSIER-4): admission may be pronounced from then on."""

    application = models.OneToOneField(
        Application, on_delete=models.CASCADE, related_name="diploma_verification"
    )
    # The documents checked (candidates.Document pks), so that a later replacement shows.
    documents = models.JSONField(_("documents checked"), default=list)
    verified_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    verified_at = models.DateTimeField(_("verified at"), default=timezone.now)

    class Meta:
        verbose_name = _("verification of the diploma")
        verbose_name_plural = _("verifications of diplomas")

    def __str__(self):
        return str(self.application)


class Contract(models.Model):
    """The signed apprenticeship contract (R-ADMIT-3), with the Cerfa FA13 reference fields."""

    wish = models.OneToOneField(Wish, on_delete=models.CASCADE, related_name="contract")
    sheet = models.ForeignKey(JobSheet, on_delete=models.CASCADE, related_name="contracts")
    signed_on = models.DateField(_("signed on"))
    starts_on = models.DateField(_("start of the contract"))
    ends_on = models.DateField(_("end of the contract"))
    employer_name = models.CharField(_("employer"), max_length=200)
    employer_siret = models.CharField(_("employer's SIRET number"), max_length=14)
    cerfa_number = models.CharField(
        _("Cerfa FA13 filing number"),
        max_length=40,
        help_text=_("The number given when the contract was filed."),
    )
    file = models.FileField(_("signed contract"), upload_to=RandomUploadTo("contracts"), max_length=200)
    original_name = models.CharField(_("original name"), max_length=150)
    content_type = models.CharField(_("content type"), max_length=50)
    size = models.PositiveIntegerField(_("size"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    class Meta:
        verbose_name = _("apprenticeship contract")
        verbose_name_plural = _("apprenticeship contracts")

    def __str__(self):
        return f"{self.employer_name} – {self.wish}"
