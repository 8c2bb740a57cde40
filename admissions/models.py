"""The admissions session as admin data (R-SESSION-*, R-ELIG-*, R-FEES-1/2).

Every date, amount, place count and list here is edited by an admin; nothing of the 2021
notice is a constant in code (it ships as the demo session, see `load_demo`).
"""

import datetime as dt
from decimal import Decimal
from itertools import pairwise
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from core.formatting import money_display

from .enums import Assessment, DocumentCondition, DocumentRequirement, EntryLevel, TitleKind

PARIS = ZoneInfo("Europe/Paris")


def short_date(day: dt.date) -> str:
    """A date in a validation message as in the admin's date fields ("09/03/2021" in French),
    not Python's "2021-03-09": one format on the whole form."""
    return date_format(day, "SHORT_DATE_FORMAT")


class Translated:
    """Texts the admins type in each language (a program's name, a document's description)
    are data, not code: they live in `<field>_fr` / `<field>_en` columns, edited side by side
    in the admin, not in the catalogues. `obj.name` reads the active language's column, the
    default language's (French) when that one is empty or the language has no column: the
    one place that chooses, for every model and every language of settings.LANGUAGES."""

    def translated(self, field: str) -> str:
        language = (get_language() or settings.LANGUAGE_CODE)[:2]
        return getattr(self, f"{field}_{language}", "") or getattr(self, f"{field}_{settings.LANGUAGE_CODE}")


class CampaignQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True)

    def current(self):
        """The session shown to the public: the latest published one."""
        return self.published().order_by("-year").first()


class Campaign(models.Model):
    """One admissions year ("Session 2021") with its calendar (R-SESSION-3)."""

    name = models.CharField(_("name"), max_length=100)
    year = models.PositiveIntegerField(_("year"), unique=True)
    is_published = models.BooleanField(
        _("published"), default=False, help_text=_("Shown on the public pages.")
    )

    # The calendar (R-SESSION-3). Dates are Paris dates; "the 9th" means up to 23:59:59.
    submission_opens_on = models.DateField(_("submissions open"))
    submission_deadline = models.DateField(
        _("submission deadline"), help_text=_("Dossiers are accepted until 23:59:59, Paris time.")
    )
    review_results_on = models.DateField(_("file-review results"))
    tests_start_on = models.DateField(_("selection tests: start"))
    tests_end_on = models.DateField(_("selection tests: end"))
    video_english_start_on = models.DateField(_("English test and video interview: start"))
    video_english_end_on = models.DateField(_("English test and video interview: end"))
    second_interview_notice_on = models.DateField(_("second-interview notice"))
    second_interview_booking_start_on = models.DateField(_("second-interview booking: start"))
    second_interview_booking_end_on = models.DateField(_("second-interview booking: end"))
    admissibility_results_on = models.DateField(_("admissibility results"))
    company_search_start_on = models.DateField(_("company-search support: start"))
    classes_start_on = models.DateField(
        _("start of classes"), null=True, blank=True, help_text=_("Not in the notice: set by the admin.")
    )

    objects = CampaignQuerySet.as_manager()

    class Meta:
        ordering = ["-year"]
        verbose_name = _("session")
        verbose_name_plural = _("sessions")

    def __str__(self):
        return self.name

    # Order of the calendar, each with its label: used by validation and the public page.
    CALENDAR_ORDER = [
        "submission_opens_on",
        "submission_deadline",
        "review_results_on",
        "tests_start_on",
        "admissibility_results_on",
        "company_search_start_on",
    ]
    # (child start, child end, parent start, parent end): windows inside their parent.
    WINDOWS = [
        ("video_english_start_on", "video_english_end_on", "tests_start_on", "tests_end_on"),
        (
            "second_interview_booking_start_on",
            "second_interview_booking_end_on",
            "tests_start_on",
            "tests_end_on",
        ),
        ("second_interview_notice_on", "second_interview_notice_on", "tests_start_on", "tests_end_on"),
    ]

    def clean(self):
        errors = {}
        label = lambda name: self._meta.get_field(name).verbose_name  # noqa: E731
        values = [(name, getattr(self, name)) for name in self.CALENDAR_ORDER]
        for (before, d1), (after, d2) in pairwise(values):
            if d1 and d2 and d2 <= d1:
                errors.setdefault(after, []).append(
                    _("Must come after “%(before)s” (%(date)s).")
                    % {"before": label(before), "date": short_date(d1)}
                )
        if self.tests_start_on and self.tests_end_on and self.tests_end_on < self.tests_start_on:
            errors.setdefault("tests_end_on", []).append(_("The window ends before it starts."))
        if (
            self.tests_end_on
            and self.admissibility_results_on
            and self.admissibility_results_on <= self.tests_end_on
        ):
            errors.setdefault("admissibility_results_on", []).append(
                _("Must come after the end of the selection tests.")
            )
        for start, end, parent_start, parent_end in self.WINDOWS:
            s, e = getattr(self, start), getattr(self, end)
            ps, pe = getattr(self, parent_start), getattr(self, parent_end)
            if s and e and e < s:
                errors.setdefault(end, []).append(_("The window ends before it starts."))
            elif s and e and ps and pe and (s < ps or e > pe):
                errors.setdefault(start, []).append(
                    _("Must lie inside the selection tests window (%(start)s → %(end)s).")
                    % {"start": short_date(ps), "end": short_date(pe)}
                )
        if (
            self.classes_start_on
            and self.company_search_start_on
            and self.classes_start_on <= self.company_search_start_on
        ):
            errors.setdefault("classes_start_on", []).append(
                _("Must come after the start of the company-search support.")
            )
        if errors:
            raise ValidationError(errors)

    @classmethod
    def calendar_field_names(cls) -> list[str]:
        """Every date of the calendar (the fields an admin moves from one year to the next)."""
        return [f.name for f in cls._meta.fields if isinstance(f, models.DateField)]

    # --- time helpers, all in Europe/Paris ------------------------------------------
    @staticmethod
    def paris_start_of(day: dt.date) -> dt.datetime:
        return dt.datetime.combine(day, dt.time.min, tzinfo=PARIS)

    @property
    def submissions_close_at(self) -> dt.datetime:
        """First instant at which a dossier is refused: the day after the deadline, 00:00 Paris."""
        return self.paris_start_of(self.submission_deadline + dt.timedelta(days=1))

    @property
    def submissions_open_at(self) -> dt.datetime:
        return self.paris_start_of(self.submission_opens_on)

    def is_open_for_submission(self, now: dt.datetime | None = None) -> bool:
        now = now or timezone.now()
        return self.submissions_open_at <= now < self.submissions_close_at

    def calendar(self):
        """The public calendar, in order: (label, start, end or None)."""
        rows = [
            (_("Submission deadline (online only)"), self.submission_deadline, None),
            (_("File-review results"), self.review_results_on, None),
            (_("Selection tests (remote)"), self.tests_start_on, self.tests_end_on),
            (_("English test and video interview"), self.video_english_start_on, self.video_english_end_on),
            (_("Second-interview notice"), self.second_interview_notice_on, None),
            (
                _("Second-interview booking"),
                self.second_interview_booking_start_on,
                self.second_interview_booking_end_on,
            ),
            (_("Admissibility results"), self.admissibility_results_on, None),
            (_("Company-search support starts"), self.company_search_start_on, None),
        ]
        if self.classes_start_on:
            rows.append((_("Start of classes"), self.classes_start_on, None))
        return rows


class Program(Translated, models.Model):
    """An engineering speciality ("spécialité"), kept from one session to the next."""

    code = models.SlugField(_("code"), max_length=20, unique=True)
    name_fr = models.CharField(_("name (French)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    description_fr = models.TextField(_("description (French)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    competency_framework_fr = models.TextField(
        _("competency framework (French)"),
        blank=True,
        help_text=_("The programme's “référentiel de compétences”, used to judge job sheets."),
    )
    competency_framework_en = models.TextField(_("competency framework (English)"), blank=True)
    jury_members = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("jury members"),
        blank=True,
        related_name="jury_programs",
        limit_choices_to={"role__in": ["jury_member", "jury_president"]},
    )

    class Meta:
        ordering = ["code"]
        verbose_name = _("program")
        verbose_name_plural = _("programs")

    def __str__(self):
        return f"{self.code.upper()} – {self.name}"

    @property
    def name(self):
        return self.translated("name")

    @property
    def description(self):
        return self.translated("description")


class IntakeQuerySet(models.QuerySet):
    def with_places(self):
        """Annotates `places_total` = places + extra places opened (R-SESSION-2)."""
        return self.annotate(
            extra_places_total=Coalesce(Sum("extra_places__count"), 0),
        ).annotate(places_total=models.F("places") + models.F("extra_places_total"))

    def open_to_candidates(self):
        """Intakes a candidate may choose: with at least one place offered."""
        return self.with_places().filter(places_total__gt=0)


class Intake(models.Model):
    """A program at an entry level, in one session, with its places (R-SESSION-1)."""

    campaign = models.ForeignKey(
        Campaign, verbose_name=_("session"), on_delete=models.CASCADE, related_name="intakes"
    )
    program = models.ForeignKey(
        Program, verbose_name=_("program"), on_delete=models.PROTECT, related_name="intakes"
    )
    level = models.CharField(_("entry level"), max_length=10, choices=EntryLevel.choices)
    places = models.PositiveIntegerField(_("places"), validators=[MinValueValidator(0)])
    min_ects = models.PositiveIntegerField(
        _("minimum ECTS credits"), default=120, help_text=_("Credits validated after the bac.")
    )
    document_types = models.ManyToManyField(
        "DocumentType", verbose_name=_("required supporting documents"), blank=True, related_name="intakes"
    )

    objects = IntakeQuerySet.as_manager()

    class Meta:
        ordering = ["campaign", "level", "program__code"]
        verbose_name = _("intake")
        verbose_name_plural = _("intakes")
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "program", "level"], name="one_intake_per_program_level"
            ),
            models.CheckConstraint(condition=Q(places__gte=0), name="intake_places_not_negative"),
        ]

    def __str__(self):
        return f"{self.program.code.upper()} {self.get_level_display()} ({self.campaign.year})"

    @property
    def total_places(self) -> int:
        """Places plus extra places opened. Uses the annotation when the queryset has it."""
        annotated = self.__dict__.get("places_total")
        if annotated is not None:
            return annotated
        extra = self.extra_places.aggregate(total=Sum("count"))["total"] or 0
        return self.places + extra


class ExtraPlaces(models.Model):
    """Extra places opened on an intake, with who opened them and when (R-SESSION-2)."""

    intake = models.ForeignKey(
        Intake, verbose_name=_("intake"), on_delete=models.CASCADE, related_name="extra_places"
    )
    count = models.PositiveIntegerField(_("number of places"), validators=[MinValueValidator(1)])
    reason = models.CharField(_("reason"), max_length=255, blank=True)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("opened by"), on_delete=models.PROTECT, related_name="+"
    )
    opened_at = models.DateTimeField(_("opened at"), default=timezone.now)

    class Meta:
        ordering = ["opened_at"]
        verbose_name = _("extra places")
        verbose_name_plural = _("extra places")
        constraints = [models.CheckConstraint(condition=Q(count__gte=1), name="extra_places_positive")]

    def __str__(self):
        return f"+{self.count} {self.intake}"


class EligibleTitle(Translated, models.Model):
    """A title that makes a candidate eligible to an intake (R-ELIG-1..4): listed
    diplomas are eligible by themselves; other French and foreign titles are judged by
    the jury."""

    intake = models.ForeignKey(
        Intake, verbose_name=_("intake"), on_delete=models.CASCADE, related_name="eligible_titles"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=TitleKind.choices)
    name_fr = models.CharField(_("name (French)"), max_length=255)
    name_en = models.CharField(_("name (English)"), max_length=255, blank=True)
    assessment = models.CharField(
        _("assessment"), max_length=10, choices=Assessment.choices, default=Assessment.LISTED
    )
    min_ects = models.PositiveIntegerField(
        _("minimum ECTS credits"), null=True, blank=True, help_text=_("Empty: the intake's minimum.")
    )
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["intake", "position", "kind", "name_fr"]
        verbose_name = _("eligible title")
        verbose_name_plural = _("eligible titles")
        constraints = [
            models.UniqueConstraint(fields=["intake", "kind", "name_fr"], name="eligible_title_unique"),
        ]

    # A DUT, BUT or BTS is named by its speciality ("Informatique"): the kind comes first
    # ("DUT Informatique"). The other kinds' names already say the whole title ("Autre classe
    # préparatoire scientifique", "M1 validé…"): the kind again would read twice.
    PREFIXED_KINDS = (TitleKind.DUT, TitleKind.BUT, TitleKind.BTS)

    def __str__(self):
        return self.label

    @property
    def name(self):
        return self.translated("name")

    @property
    def label(self) -> str:
        """The title as a candidate reads it, in the active language, its kind said once."""
        return self._label(self.name)

    @property
    def label_fr(self) -> str:
        """The same in French: what a dossier stores as the title held."""
        return self._label(self.name_fr)

    def _label(self, name) -> str:
        return f"{self.get_kind_display()} {name}" if self.kind in self.PREFIXED_KINDS else name

    @property
    def required_ects(self) -> int:
        return self.min_ects if self.min_ects is not None else self.intake.min_ects


class FeeSchedule(models.Model):
    """Processing fees (R-FEES-1/2): a first program, then each additional one."""

    campaign = models.OneToOneField(
        Campaign, verbose_name=_("session"), on_delete=models.CASCADE, related_name="fees"
    )
    scholar_first = models.DecimalField(
        _("scholarship holder: first program"), max_digits=7, decimal_places=2
    )
    scholar_additional = models.DecimalField(
        _("scholarship holder: each additional program"), max_digits=7, decimal_places=2
    )
    standard_first = models.DecimalField(_("other candidates: first program"), max_digits=7, decimal_places=2)
    standard_additional = models.DecimalField(
        _("other candidates: each additional program"), max_digits=7, decimal_places=2
    )
    currency = models.CharField(_("currency"), max_length=3, default="EUR")

    class Meta:
        verbose_name = _("fee schedule")
        verbose_name_plural = _("fee schedules")
        constraints = [
            models.CheckConstraint(
                condition=Q(
                    scholar_first__gt=0,
                    scholar_additional__gt=0,
                    standard_first__gt=0,
                    standard_additional__gt=0,
                ),
                name="fees_positive",
            )
        ]

    def __str__(self):
        standard, scholar = (
            money_display(amount, self.currency) for amount in (self.standard_first, self.scholar_first)
        )
        return f"{self.campaign}: {standard} / {scholar}"

    def clean(self):
        errors = {}
        for name in ["scholar_first", "scholar_additional", "standard_first", "standard_additional"]:
            value = getattr(self, name)
            if value is not None and value <= 0:
                errors[name] = _("A fee must be greater than zero.")
        if errors:
            raise ValidationError(errors)

    def amount_for(self, *, scholarship: bool, programs: int) -> Decimal:
        """What a candidate owes for `programs` wishes (R-FEES-1, R-FEES-2)."""
        if programs <= 0:
            return Decimal("0.00")
        first, additional = (
            (self.scholar_first, self.scholar_additional)
            if scholarship
            else (self.standard_first, self.standard_additional)
        )
        return first + additional * (programs - 1)


class DocumentType(Translated, models.Model):
    """A supporting document a candidate attaches, and when it is required."""

    campaign = models.ForeignKey(
        Campaign, verbose_name=_("session"), on_delete=models.CASCADE, related_name="document_types"
    )
    code = models.SlugField(_("code"), max_length=40)
    name_fr = models.CharField(_("name (French)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    help_fr = models.TextField(_("help (French)"), blank=True)
    help_en = models.TextField(_("help (English)"), blank=True)
    # When the document is asked and whether it is indispensable are one setting seen from
    # two sides: the candidate reads one mark made of both (`requirement`), "required",
    # "asked" or "optional", never "optional" for a document the school asks of everyone.
    condition = models.CharField(
        _("asked"),
        max_length=20,
        choices=DocumentCondition.choices,
        default=DocumentCondition.ALWAYS,
        help_text=_("Which candidates are asked for this document."),
    )
    indispensable = models.BooleanField(
        _("indispensable"),
        default=True,
        help_text=_(
            "Ticked: without it the dossier cannot be submitted and is refused examination "
            "(R-DOSSIER-2); the candidate reads “required”. Unticked: the candidate reads "
            "“asked” and may submit without it. An optional document is never indispensable."
        ),
    )
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["campaign", "position", "code"]
        verbose_name = _("document type")
        verbose_name_plural = _("document types")
        constraints = [models.UniqueConstraint(fields=["campaign", "code"], name="document_type_unique")]

    def __str__(self):
        return self.name

    @property
    def name(self):
        return self.translated("name")

    def clean(self):
        super().clean()
        if self.condition == DocumentCondition.OPTIONAL and self.indispensable:
            raise ValidationError(
                {"indispensable": _("An optional document cannot be indispensable: untick one of them.")}
            )

    def get_requirement_display(self) -> str:
        return DocumentRequirement(self.requirement).label

    @property
    def requirement(self) -> str:
        """The one mark the candidate reads: "required", "asked" or "optional"."""
        if self.condition == DocumentCondition.OPTIONAL:
            return DocumentRequirement.OPTIONAL
        return DocumentRequirement.REQUIRED if self.indispensable else DocumentRequirement.ASKED

    @property
    def help(self):
        return self.translated("help")
