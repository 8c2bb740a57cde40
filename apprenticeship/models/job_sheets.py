"""The competency framework and the job sheet ("fiche descriptive de projet d'emploi",
R-CFA-2..4): filled by the future employer through a private link, judged by the school
block by block, registered on a place of the intake."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from admissions.models import Intake, Program, Translated
from candidates.models import Wish

from ..enums import BlockVerdict, CompanySize, JobSheetState, ReviewDecision


class CompetencyBlock(Translated, models.Model):
    """One block of a program's competency framework ("référentiel de compétences"): admin
    data, against which the school judges the missions of a job sheet (R-CFA-3)."""

    program = models.ForeignKey(
        Program, verbose_name=_("program"), on_delete=models.CASCADE, related_name="competency_blocks"
    )
    code = models.CharField(_("code"), max_length=20)
    label_fr = models.CharField(_("label (French)"), max_length=300)
    label_en = models.CharField(_("label (English)"), max_length=300, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["program", "position", "code"]
        verbose_name = _("competency block")
        verbose_name_plural = _("competency framework")
        constraints = [models.UniqueConstraint(fields=["program", "code"], name="one_block_code_per_program")]

    def __str__(self):
        return f"{self.code} – {self.label}"

    @property
    def label(self):
        return self.translated("label")


def _new_token():
    return uuid.uuid4().hex


class JobSheet(models.Model):
    """A future employer's job description for one wish. The candidate may invite several
    employers in parallel (one sheet each); one only is ever registered per wish."""

    wish = models.ForeignKey(
        Wish, verbose_name=_("choice"), on_delete=models.CASCADE, related_name="job_sheets"
    )
    # Denormalised from the wish for the place count under lock (never changes).
    intake = models.ForeignKey(
        Intake, verbose_name=_("intake"), on_delete=models.PROTECT, related_name="job_sheets"
    )
    state = models.CharField(
        _("state"), max_length=20, choices=JobSheetState.choices, default=JobSheetState.INVITED
    )
    state_changed_at = models.DateTimeField(_("state changed at"), default=timezone.now)
    token = models.CharField(max_length=32, unique=True, default=_new_token, editable=False)
    employer_name = models.CharField(_("contact at the company"), max_length=150)
    employer_email = models.EmailField(_("employer's e-mail address"))
    invited_at = models.DateTimeField(_("invited at"), default=timezone.now)
    # The sheet's content, as the employer writes it (autosaved); a copy is kept at each sending.
    company_name = models.CharField(_("company name"), max_length=200, blank=True)
    siret = models.CharField(_("SIRET number"), max_length=14, blank=True)
    address = models.TextField(_("address"), blank=True)
    company_size = models.CharField(_("company size"), max_length=10, choices=CompanySize.choices, blank=True)
    sector = models.CharField(_("business sector"), max_length=200, blank=True)
    tutor_name = models.CharField(_("apprenticeship master's name"), max_length=150, blank=True)
    tutor_position = models.CharField(_("apprenticeship master's position"), max_length=150, blank=True)
    tutor_qualification = models.CharField(
        _("apprenticeship master's qualification"), max_length=200, blank=True
    )
    # {block code: {"missions": text, "progression": text}}
    missions = models.JSONField(_("missions per block"), default=dict, blank=True)
    working_place = models.CharField(_("working place"), max_length=300, blank=True)
    working_hours = models.CharField(_("working hours"), max_length=200, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    registered_at = models.DateTimeField(_("registered at"), null=True, blank=True)
    refusal_reason = models.TextField(_("reason of the refusal"), blank=True)

    class Meta:
        ordering = ["-invited_at", "pk"]
        verbose_name = _("job sheet")
        verbose_name_plural = _("job sheets")
        constraints = [
            # One place per wish, whatever happens at the same time (R-ADMIT-2).
            models.UniqueConstraint(
                fields=["wish"], condition=Q(state="registered"), name="one_registered_sheet_per_wish"
            ),
        ]
        indexes = [models.Index(fields=["intake", "state"], name="job_sheet_intake_state")]

    def __str__(self):
        return f"{self.company_name or self.employer_email} – {self.wish}"

    @property
    def content(self) -> dict:
        """What a version keeps of the sheet."""
        return {name: getattr(self, name) for name in CONTENT_FIELDS}


CONTENT_FIELDS = (
    "company_name",
    "siret",
    "address",
    "company_size",
    "sector",
    "tutor_name",
    "tutor_position",
    "tutor_qualification",
    "missions",
    "working_place",
    "working_hours",
)


class JobSheetVersion(models.Model):
    """The sheet as sent to the school, each time: every version is kept (R-CFA-3)."""

    sheet = models.ForeignKey(JobSheet, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveSmallIntegerField(_("version"))
    content = models.JSONField(_("content"))
    sent_at = models.DateTimeField(_("sent at"), default=timezone.now)

    class Meta:
        ordering = ["sheet", "number"]
        verbose_name = _("version of a job sheet")
        verbose_name_plural = _("versions of job sheets")
        constraints = [
            models.UniqueConstraint(fields=["sheet", "number"], name="one_version_number_per_sheet")
        ]

    def __str__(self):
        return f"{self.sheet_id} v{self.number}"


class JobSheetReview(models.Model):
    """The school's judgement of one version (R-CFA-3): a verdict per block, then a decision."""

    sheet = models.ForeignKey(JobSheet, on_delete=models.CASCADE, related_name="reviews")
    version = models.ForeignKey(JobSheetVersion, on_delete=models.CASCADE, related_name="reviews")
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    decision = models.CharField(_("decision"), max_length=10, choices=ReviewDecision.choices)
    comment = models.TextField(_("comment to the employer and the candidate"), blank=True)
    at = models.DateTimeField(_("at"), default=timezone.now)

    class Meta:
        ordering = ["sheet", "at", "pk"]
        verbose_name = _("review of a job sheet")
        verbose_name_plural = _("reviews of job sheets")

    def __str__(self):
        return f"{self.sheet_id} {self.decision}"


class BlockReview(models.Model):
    review = models.ForeignKey(JobSheetReview, on_delete=models.CASCADE, related_name="blocks")
    block = models.ForeignKey(CompetencyBlock, on_delete=models.PROTECT, related_name="+")
    verdict = models.CharField(_("verdict"), max_length=15, choices=BlockVerdict.choices)
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        ordering = ["review", "block__position", "block__code"]
        verbose_name = _("verdict on a block")
        verbose_name_plural = _("verdicts on blocks")
        constraints = [models.UniqueConstraint(fields=["review", "block"], name="one_verdict_per_block")]

    def __str__(self):
        return f"{self.block.code}: {self.verdict}"
