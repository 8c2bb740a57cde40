from django.db import models
from django.utils.translation import gettext_lazy as _

from candidates.enums import WishState


class AdmissibilityOutcome(models.TextChoices):
    """What the jury draws from the tests (R-TEST-8)."""

    ADMISSIBLE = "admissible", _("Admissible")
    NOT_ADMISSIBLE = "not_admissible", _("Not admissible")


class AdmissibilityStatus(models.TextChoices):
    """A draft changes nothing a candidate can see; it is released on the admissibility
    results date, all at once (R-TEST-8)."""

    DRAFT = "draft", _("Draft (not released)")
    RELEASED = "released", _("Released")


# The life of an admissibility decision: released once, then final. Only
# `services.release._release_chunk` moves a decision along this table.
STATUS_TRANSITIONS: dict[str, frozenset[str]] = {
    AdmissibilityStatus.DRAFT: frozenset({AdmissibilityStatus.RELEASED}),
    AdmissibilityStatus.RELEASED: frozenset(),
}

# The wish state a released decision leads to (candidates/enums.py ALLOWED_TRANSITIONS).
OUTCOME_TARGET_STATE = {
    AdmissibilityOutcome.ADMISSIBLE: WishState.ADMISSIBLE,
    AdmissibilityOutcome.NOT_ADMISSIBLE: WishState.NOT_ADMISSIBLE,
}


class DeliberationFilter(models.TextChoices):
    """The decision filter of the deliberation list."""

    UNDECIDED = "undecided", _("Without decision")
    ADMISSIBLE = "admissible", _("Admissible")
    NOT_ADMISSIBLE = "not_admissible", _("Not admissible")
    DRAFT = "draft", _("Draft decisions")
    RELEASED = "released", _("Released decisions")
    EXCELLENCE = "excellence", _("Admissible on the file (academic excellence)")


class AuditAction(models.TextChoices):
    """What the selection services write in the audit log (`core.audit.audit_record`).
    The values are stored: never change one, or older entries stop matching readers."""

    ADMISSIBILITY_DECISION = "selection.admissibility_decision"
    # The wish's state change when its admissibility decision is released.
    ADMISSIBILITY_RELEASED = "selection.admissibility_released"
    # One entry per release run, on the session.
    ADMISSIBILITIES_RELEASED = "selection.admissibilities_released"


# What the deliberation minutes print from a wish's audit log.
MINUTES_ACTIONS = (AuditAction.ADMISSIBILITY_DECISION, AuditAction.ADMISSIBILITY_RELEASED)
