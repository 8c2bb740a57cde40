"""Company-search support (R-CFA-1): the candidates' needs, the CFA's resources and training
days with their registrations, and the per-session setting of the places digest (R-ADMIT-4)."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from admissions.models import Campaign, Program, Translated
from candidates.models import Application
from core.files import RandomUploadTo

from .enums import ACTIVE_REGISTRATION_STATES, Mobility, RegistrationState


class SupportSettings(models.Model):
    """A session's settings of the support; a session without a row uses the defaults."""

    DEFAULT_DIGEST_EVERY_DAYS = 7

    campaign = models.OneToOneField(
        Campaign, verbose_name=_("session"), on_delete=models.CASCADE, related_name="support_settings"
    )
    digest_every_days = models.PositiveSmallIntegerField(
        _("places digest: every (days)"),
        default=DEFAULT_DIGEST_EVERY_DAYS,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
        help_text=_(
            "How often admissible candidates receive the places left per program, from the start of "
            "the company-search support until the start of classes (7: weekly)."
        ),
    )

    class Meta:
        verbose_name = _("company-search settings")
        verbose_name_plural = _("company-search settings")
        constraints = [
            models.CheckConstraint(condition=Q(digest_every_days__gte=1), name="digest_every_days_positive")
        ]

    def __str__(self):
        return str(self.campaign)


class SearchNeeds(models.Model):
    """What a candidate needs to find a host company: one per dossier (so per candidate and
    session), edited as often as they like."""

    application = models.OneToOneField(
        Application, verbose_name=_("dossier"), on_delete=models.CASCADE, related_name="search_needs"
    )
    sectors = models.JSONField(_("sectors"), default=list, blank=True)
    regions = models.JSONField(_("regions"), default=list, blank=True)
    mobility = models.CharField(_("mobility"), max_length=20, choices=Mobility.choices, blank=True)
    cv_help = models.BooleanField(_("help with my CV and cover letter"), default=False)
    interview_practice = models.BooleanField(_("interview practice"), default=False)
    company_contacts = models.BooleanField(_("contacts of host companies"), default=False)
    housing_help = models.BooleanField(_("help with housing"), default=False)
    comment = models.TextField(_("anything else"), blank=True, max_length=2000)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("company-search needs")
        verbose_name_plural = _("company-search needs")

    def __str__(self):
        return str(self.application)


class Resource(Translated, models.Model):
    """A guide, a list of companies, a template…: a link or a file, for one program or all
    (admin data)."""

    campaign = models.ForeignKey(
        Campaign, verbose_name=_("session"), on_delete=models.CASCADE, related_name="search_resources"
    )
    program = models.ForeignKey(
        Program,
        verbose_name=_("program"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="search_resources",
        help_text=_("Empty: for every program."),
    )
    title_fr = models.CharField(_("title (French)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    link = models.URLField(_("link"), blank=True)
    file = models.FileField(_("file"), upload_to=RandomUploadTo("company_search"), max_length=200, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("company-search resource")
        verbose_name_plural = _("company-search resources")
        constraints = [
            models.CheckConstraint(condition=~Q(link="") | ~Q(file=""), name="resource_has_link_or_file")
        ]

    def __str__(self):
        return self.title_fr

    @property
    def title(self):
        return self.translated("title")


class TrainingDay(models.Model):
    """A training day the CFA organises, with a capacity (R-CFA-1)."""

    campaign = models.ForeignKey(
        Campaign, verbose_name=_("session"), on_delete=models.CASCADE, related_name="training_days"
    )
    program = models.ForeignKey(
        Program,
        verbose_name=_("program"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="training_days",
        help_text=_("Empty: open to the candidates of every program."),
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    location = models.CharField(_("place"), max_length=300)
    capacity = models.PositiveIntegerField(_("capacity"), validators=[MinValueValidator(1)])
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["starts_at", "pk"]
        verbose_name = _("training day")
        verbose_name_plural = _("training days")
        constraints = [
            models.CheckConstraint(condition=Q(capacity__gte=1), name="training_day_capacity_positive"),
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="training_day_ends_after_start"
            ),
        ]

    def __str__(self):
        return self.title


class TrainingRegistration(models.Model):
    """A candidate at a training day: registered within the capacity, or waiting in order."""

    day = models.ForeignKey(
        TrainingDay, verbose_name=_("training day"), on_delete=models.CASCADE, related_name="registrations"
    )
    application = models.ForeignKey(
        Application,
        verbose_name=_("dossier"),
        on_delete=models.CASCADE,
        related_name="training_registrations",
    )
    state = models.CharField(_("state"), max_length=20, choices=RegistrationState.choices)
    created_at = models.DateTimeField(_("asked at"), auto_now_add=True)
    state_changed_at = models.DateTimeField(_("state changed at"), auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("training-day registration")
        verbose_name_plural = _("training-day registrations")
        constraints = [
            models.UniqueConstraint(
                fields=["day", "application"],
                condition=Q(state__in=ACTIVE_REGISTRATION_STATES),
                name="one_active_registration_per_day",
            ),
            models.CheckConstraint(
                condition=Q(state__in=RegistrationState.values), name="registration_state_valid"
            ),
        ]

    def __str__(self):
        return f"{self.application} → {self.day}"
