"""The admissibility deliberation's data (R-TEST-8). No workflow here: see `selection.services`."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from candidates.models import Wish

from .enums import AdmissibilityOutcome, AdmissibilityStatus


class AdmissibilityDecision(models.Model):
    """The president's admissibility decision on a pre-admissible wish, after the tests. A
    draft changes nothing a candidate can see: the wish's state moves only when it is
    released, on the admissibility results date (R-TEST-8). The rank orders the admissible
    candidates of an intake for the complementary list (R-ADMIT-5)."""

    wish = models.OneToOneField(Wish, on_delete=models.CASCADE, related_name="admissibility_decision")
    outcome = models.CharField(_("decision"), max_length=20, choices=AdmissibilityOutcome.choices)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=AdmissibilityStatus.choices,
        default=AdmissibilityStatus.DRAFT,
        db_index=True,
    )
    rank = models.PositiveIntegerField(
        _("rank"),
        null=True,
        blank=True,
        help_text=_("Order of the admissible candidates of the intake, kept for the complementary list."),
    )
    comment = models.TextField(_("comment"), blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(_("decided at"))
    released_at = models.DateTimeField(_("released at"), null=True, blank=True)

    class Meta:
        verbose_name = _("admissibility decision")
        verbose_name_plural = _("admissibility decisions")
        constraints = [
            models.CheckConstraint(
                condition=Q(outcome__in=AdmissibilityOutcome.values), name="admissibility_outcome_valid"
            ),
            models.CheckConstraint(
                condition=Q(status="draft", released_at__isnull=True)
                | Q(status="released", released_at__isnull=False),
                name="admissibility_released_has_date",
            ),
            models.CheckConstraint(
                condition=Q(rank__isnull=True) | Q(outcome="admissible", rank__gte=1),
                name="admissibility_rank_for_admissible_only",
            ),
        ]

    def __str__(self):
        return f"{self.wish}: {self.get_outcome_display()}"

    @property
    def is_released(self) -> bool:
        return self.status == AdmissibilityStatus.RELEASED
