"""The jury's data: scoring grid, eligibility rulings, assignments, conflicts of interest,
reviews and decisions. No workflow here: see `jury.services`."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from admissions.models import Campaign, Translated
from candidates.models import Application, Wish

from .enums import DecisionKind, DecisionStatus, ProbatoryTest


class JurySettings(models.Model):
    """Per-session settings of the jury's work."""

    campaign = models.OneToOneField(Campaign, on_delete=models.CASCADE, related_name="jury_settings")
    disagreement_threshold = models.DecimalField(
        _("disagreement threshold"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("4.00"),
        help_text=_("Reviewers' totals (out of 20) further apart than this flag the dossier."),
    )
    reviewers_per_dossier = models.PositiveSmallIntegerField(
        _("reviewers per dossier"), default=2, validators=[MinValueValidator(1)]
    )

    class Meta:
        verbose_name = _("jury settings")
        verbose_name_plural = _("jury settings")

    def __str__(self):
        return str(self.campaign)


class ScoringCriterion(Translated, models.Model):
    """One line of the scoring grid (R-JURY-1), edited by an admin per session."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="scoring_criteria")
    code = models.SlugField(_("code"), max_length=40)
    label_fr = models.CharField(_("label (French)"), max_length=200)
    label_en = models.CharField(_("label (English)"), max_length=200, blank=True)
    weight = models.DecimalField(
        _("weight"), max_digits=5, decimal_places=2, default=Decimal("1"), validators=[MinValueValidator(0)]
    )
    max_points = models.PositiveSmallIntegerField(
        _("maximum points"), default=20, validators=[MinValueValidator(1)]
    )
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["campaign", "position", "code"]
        verbose_name = _("scoring criterion")
        verbose_name_plural = _("scoring criteria")
        constraints = [
            models.UniqueConstraint(fields=["campaign", "code"], name="scoring_criterion_unique"),
            models.CheckConstraint(condition=Q(max_points__gte=1), name="scoring_criterion_max_positive"),
            models.CheckConstraint(condition=Q(weight__gte=0), name="scoring_criterion_weight_positive"),
        ]

    def __str__(self):
        return self.label

    @property
    def label(self):
        return self.translated("label")


class EligibilityRuling(models.Model):
    """The jury's ruling on a wish's eligibility (R-JURY-1, R-ELIG-2/3)."""

    wish = models.OneToOneField(Wish, on_delete=models.CASCADE, related_name="eligibility_ruling")
    eligible = models.BooleanField(_("eligible"))
    comment = models.TextField(_("equivalence comment"), blank=True)
    ruled_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    ruled_at = models.DateTimeField(_("ruled at"), auto_now=True)

    class Meta:
        verbose_name = _("eligibility ruling")
        verbose_name_plural = _("eligibility rulings")

    def __str__(self):
        return f"{self.wish}: {'eligible' if self.eligible else 'not eligible'}"


class ConflictOfInterest(models.Model):
    """A jury member's declared link with a candidate: they are never assigned the
    candidate's dossiers and cannot open them."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="jury_conflicts")
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="jury_conflicts"
    )
    reason = models.CharField(_("nature of the link"), max_length=255, blank=True)
    declared_at = models.DateTimeField(_("declared at"), auto_now_add=True)

    class Meta:
        verbose_name = _("conflict of interest")
        verbose_name_plural = _("conflicts of interest")
        constraints = [
            models.UniqueConstraint(fields=["application", "member"], name="one_conflict_per_member")
        ]

    def __str__(self):
        return f"{self.member} ↔ {self.application}"


class Assignment(models.Model):
    """A dossier (wish) given to a jury member to review."""

    wish = models.ForeignKey(Wish, on_delete=models.CASCADE, related_name="jury_assignments")
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="jury_assignments"
    )
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        constraints = [models.UniqueConstraint(fields=["wish", "member"], name="one_assignment_per_member")]

    def __str__(self):
        return f"{self.wish} → {self.member}"


class Review(models.Model):
    """A jury member's review of a wish: points per criterion and a comment. Its total (out
    of 20, the grid's weighted mean) is computed on submission."""

    wish = models.ForeignKey(Wish, on_delete=models.CASCADE, related_name="jury_reviews")
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="jury_reviews"
    )
    comment = models.TextField(_("comment"), blank=True)
    proposal = models.CharField(_("proposal"), max_length=20, choices=DecisionKind.choices, blank=True)
    total = models.DecimalField(_("total /20"), max_digits=5, decimal_places=2, null=True, blank=True)
    # A review is handed in ("rendue"), a dossier is submitted ("déposé"): one English word, two.
    submitted_at = models.DateTimeField(pgettext_lazy("jury review", "submitted at"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("review")
        verbose_name_plural = _("reviews")
        constraints = [models.UniqueConstraint(fields=["wish", "reviewer"], name="one_review_per_reviewer")]

    def __str__(self):
        return f"{self.reviewer} / {self.wish}"

    @property
    def is_submitted(self) -> bool:
        return self.submitted_at is not None


class WishScore(models.Model):
    """The submitted reviews of a wish, summed up when a review is submitted, so that the
    jury list sorts and filters by score without aggregating every review on each page."""

    wish = models.OneToOneField(Wish, on_delete=models.CASCADE, related_name="jury_score")
    n_reviews = models.PositiveSmallIntegerField(_("submitted reviews"), default=0)
    combined = models.DecimalField(
        _("combined score /20"), max_digits=5, decimal_places=2, null=True, db_index=True
    )
    low = models.DecimalField(_("lowest total"), max_digits=5, decimal_places=2, null=True)
    high = models.DecimalField(_("highest total"), max_digits=5, decimal_places=2, null=True)

    class Meta:
        verbose_name = _("combined score")
        verbose_name_plural = _("combined scores")

    def __str__(self):
        return f"{self.wish_id}: {self.combined}"


class ReviewScore(models.Model):
    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(ScoringCriterion, on_delete=models.PROTECT, related_name="+")
    points = models.DecimalField(
        _("points"), max_digits=5, decimal_places=2, validators=[MinValueValidator(0)]
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["review", "criterion"], name="one_score_per_criterion"),
            models.CheckConstraint(condition=Q(points__gte=0), name="review_score_not_negative"),
        ]

    def __str__(self):
        return f"{self.criterion_id}: {self.points}"


class Decision(models.Model):
    """The president's decision on a wish. A draft changes nothing a candidate can see: the
    wish's state moves only when it is released, on the file-review results date (R-JURY-5)."""

    wish = models.OneToOneField(Wish, on_delete=models.CASCADE, related_name="jury_decision")
    kind = models.CharField(_("decision"), max_length=20, choices=DecisionKind.choices)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=DecisionStatus.choices,
        default=DecisionStatus.DRAFT,
        db_index=True,
    )
    tests = models.JSONField(_("selection tests"), default=list, blank=True)
    tests_note = models.TextField(_("optional tests: nature"), blank=True)
    comment = models.TextField(_("comment"), blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(_("decided at"))
    released_at = models.DateTimeField(_("released at"), null=True, blank=True)
    # An administrator's override of a released decision that the candidate may not see yet
    # (an "admissible" before the admissibility results): applied, and mailed, at this time.
    override_applies_at = models.DateTimeField(_("override applies at"), null=True, blank=True)

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=DecisionKind.values), name="decision_kind_valid"),
            models.CheckConstraint(
                condition=Q(status="draft", released_at__isnull=True)
                | Q(status="released", released_at__isnull=False),
                name="decision_released_has_date",
            ),
        ]

    def __str__(self):
        return f"{self.wish}: {self.get_kind_display()}"

    @property
    def is_released(self) -> bool:
        return self.status == DecisionStatus.RELEASED

    def get_tests_display(self) -> list[str]:
        """The probatory tests in the reader's language (the stored codes are for machines)."""
        labels = dict(ProbatoryTest.choices)
        return [str(labels.get(code, code)) for code in self.tests]
