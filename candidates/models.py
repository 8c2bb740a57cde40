"""The candidate's dossier ("application") and its wishes.

The dossier capability (issue "Candidates file a complete dossier") extends these models
with identity, path, documents, referees, consents and payments.
"""

import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from admissions.models import Campaign, DocumentType, EligibleTitle, Intake
from core.files import RandomUploadTo

from .enums import (
    OPEN_STATES,
    DocumentState,
    DossierChangeKind,
    Eligibility,
    RefereeKind,
    RefereeStatus,
    ScholarshipStatus,
    TitleChoice,
    WishState,
)

MAX_ECTS = 600


class Application(models.Model):
    """One dossier per candidate and session."""

    campaign = models.ForeignKey(Campaign, on_delete=models.PROTECT, related_name="applications")
    candidate = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="applications"
    )
    reference = models.CharField(_("reference"), max_length=20, unique=True, null=True, blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    scholarship_status = models.CharField(
        _("scholarship"), max_length=20, choices=ScholarshipStatus.choices, default=ScholarshipStatus.NONE
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    # Identity and contact (the name and e-mail live on the user account).
    birth_date = models.DateField(_("birth date"), null=True, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    address = models.TextField(_("postal address"), blank=True)
    nationality = models.CharField(_("nationality"), max_length=80, blank=True)

    # Baccalauréat and path since the bac.
    bac_series = models.CharField(_("baccalaureate series or specialities"), max_length=120, blank=True)
    bac_year = models.PositiveSmallIntegerField(
        _("baccalaureate year"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1950), MaxValueValidator(2100)],
    )
    path_since_bac = models.TextField(_("studies since the baccalaureate"), blank=True)

    # The title held or in progress (R-ELIG-1..5).
    title_choice = models.CharField(
        _("kind of title"), max_length=20, choices=TitleChoice.choices, blank=True
    )
    listed_title = models.ForeignKey(
        EligibleTitle,
        verbose_name=_("listed title"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    title_name = models.CharField(_("title"), max_length=255, blank=True)
    title_description = models.TextField(_("description of the title"), blank=True)
    title_establishment = models.CharField(_("establishment"), max_length=255, blank=True)
    ects = models.PositiveSmallIntegerField(
        _("ECTS credits after the bac"),
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(MAX_ECTS)],
    )
    title_in_progress = models.BooleanField(_("diploma still in progress"), default=False)

    # Consents (R-TEST-6): explicit and timestamped.
    consent_share_at = models.DateTimeField(
        _("consent to share contact details given at"), null=True, blank=True
    )
    consent_recording_at = models.DateTimeField(
        _("consent to be filmed and recorded given at"), null=True, blank=True
    )

    class Meta:
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        constraints = [
            models.UniqueConstraint(fields=["campaign", "candidate"], name="one_application_per_session"),
        ]

    def __str__(self):
        return self.reference or f"{self.candidate} ({self.campaign.year})"

    @property
    def is_submitted(self) -> bool:
        return self.submitted_at is not None

    @property
    def is_foreign_title(self) -> bool:
        return self.title_choice == TitleChoice.FOREIGN

    @property
    def declares_scholarship(self) -> bool:
        return self.scholarship_status != ScholarshipStatus.NONE

    @property
    def pays_scholar_rate(self) -> bool:
        """Declared or verified scholarship holders pay the reduced fee (R-FEES-1); a refused
        proof means the standard fee (R-FEES-2)."""
        return self.scholarship_status in (ScholarshipStatus.DECLARED, ScholarshipStatus.VERIFIED)


class WishQuerySet(models.QuerySet):
    def open(self):
        return self.filter(state__in=OPEN_STATES)

    def submitted(self):
        return self.exclude(state=WishState.DRAFT)


class Wish(models.Model):
    """A choice of intake (program x level) in a dossier; moves through the state machine
    in `candidates.enums.ALLOWED_TRANSITIONS`, only through `candidates.workflow`."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="wishes")
    intake = models.ForeignKey(Intake, on_delete=models.PROTECT, related_name="wishes")
    state = models.CharField(
        _("state"), max_length=30, choices=WishState.choices, default=WishState.DRAFT, db_index=True
    )
    eligibility = models.CharField(
        _("eligibility"), max_length=20, choices=Eligibility.choices, default=Eligibility.LISTED
    )
    state_changed_at = models.DateTimeField(_("state changed at"), auto_now_add=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = WishQuerySet.as_manager()

    class Meta:
        ordering = ["application", "intake__level", "intake__program__code"]
        verbose_name = _("choice")
        verbose_name_plural = _("choices")
        constraints = [
            models.UniqueConstraint(fields=["application", "intake"], name="one_wish_per_intake"),
            models.CheckConstraint(condition=Q(state__in=WishState.values), name="wish_state_valid"),
        ]

    def __str__(self):
        return f"{self.application} → {self.intake}"


class DocumentQuerySet(models.QuerySet):
    def current(self):
        return self.filter(state=DocumentState.CURRENT)


class Document(models.Model):
    """A supporting document, stored privately under a random name. Replacing or removing
    keeps the row (state replaced/removed) so that the history stays auditable."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="documents")
    document_type = models.ForeignKey(DocumentType, on_delete=models.PROTECT, related_name="documents")
    file = models.FileField(_("file"), upload_to=RandomUploadTo("documents"), max_length=200)
    original_name = models.CharField(_("original name"), max_length=150)
    content_type = models.CharField(_("content type"), max_length=50)
    size = models.PositiveIntegerField(_("size"))
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    state = models.CharField(
        _("state"), max_length=10, choices=DocumentState.choices, default=DocumentState.CURRENT
    )
    state_changed_at = models.DateTimeField(_("replaced or removed at"), null=True, blank=True)
    late = models.BooleanField(
        _("sent after submission"), default=False, help_text=_("Diploma proof or transcripts (R-DOSSIER-4).")
    )

    objects = DocumentQuerySet.as_manager()

    class Meta:
        ordering = ["document_type__position", "uploaded_at"]
        verbose_name = _("supporting document")
        verbose_name_plural = _("supporting documents")
        constraints = [
            models.UniqueConstraint(
                fields=["application", "document_type"],
                condition=Q(state="current"),
                name="one_current_document_per_type",
            )
        ]

    def __str__(self):
        return f"{self.document_type} – {self.original_name}"


class DossierChange(models.Model):
    """A dated change of a submitted dossier (R-DOSSIER-1), by the candidate before the
    deadline or by staff with a reason. The candidate's pages, the staff page and the receipt
    list them: a line of the dossier is never changed silently. `subject` keeps the words
    of the time (the program, the document type), so that history reads the same later."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="changes")
    kind = models.CharField(_("change"), max_length=20, choices=DossierChangeKind.choices)
    subject = models.CharField(_("subject"), max_length=255)
    at = models.DateTimeField(_("date"))
    by_staff = models.BooleanField(_("by the admissions office"), default=False)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reason = models.TextField(_("reason"), blank=True)

    class Meta:
        ordering = ["application", "at", "pk"]
        verbose_name = _("change of a dossier")
        verbose_name_plural = _("changes of dossiers")

    def __str__(self):
        return f"{self.application} {self.get_kind_display()}: {self.subject}"


def _new_token():
    return uuid.uuid4().hex


class Referee(models.Model):
    """Someone asked for a confidential appraisal (R-DOSSIER-6). They answer through a
    signed, expiring link; the candidate only ever sees the status."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="referees")
    kind = models.CharField(_("kind"), max_length=30, choices=RefereeKind.choices)
    name = models.CharField(_("name"), max_length=150)
    email = models.EmailField(_("e-mail address"))
    position = models.CharField(_("position"), max_length=150, blank=True)
    establishment = models.CharField(_("establishment or company"), max_length=200, blank=True)
    token = models.CharField(max_length=32, unique=True, default=_new_token, editable=False)
    status = models.CharField(
        _("status"), max_length=10, choices=RefereeStatus.choices, default=RefereeStatus.REQUESTED
    )
    requested_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    reminded_at = models.DateTimeField(_("last reminder"), null=True, blank=True)
    received_at = models.DateTimeField(_("received at"), null=True, blank=True)
    # Confidential: never shown to the candidate, on any channel.
    answers = models.JSONField(_("answers"), default=dict, blank=True)

    class Meta:
        ordering = ["application", "requested_at"]
        verbose_name = _("referee")
        verbose_name_plural = _("referees")
        constraints = [
            models.UniqueConstraint(fields=["application", "kind"], name="one_referee_per_kind"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.name}"
