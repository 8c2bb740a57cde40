"""States of an English test, the levels a provider reports, the audit actions."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class TakeState(models.TextChoices):
    """The life of one candidate's English test in a session (one take per candidate)."""

    INVITED = "invited", _("Invited")
    STARTED = "started", _("Started")
    COMPLETED = "completed", _("Completed")
    INVALIDATED = "invalidated", _("Invalidated")
    TECHNICAL_PROBLEM = "technical_problem", _("Technical problem")


# The only moves `take_transition` allows. A technical problem lets the candidate start
# again (the provider reopens the test); a completed test can only be invalidated; an
# invalidated one is final.
ALLOWED_TRANSITIONS = {
    TakeState.INVITED: {
        TakeState.STARTED,
        TakeState.COMPLETED,
        TakeState.TECHNICAL_PROBLEM,
        TakeState.INVALIDATED,
    },
    TakeState.STARTED: {TakeState.COMPLETED, TakeState.TECHNICAL_PROBLEM, TakeState.INVALIDATED},
    TakeState.TECHNICAL_PROBLEM: {TakeState.STARTED, TakeState.COMPLETED, TakeState.INVALIDATED},
    TakeState.COMPLETED: {TakeState.INVALIDATED},
    TakeState.INVALIDATED: set(),
}
# Nothing left for the candidate to do.
DONE_STATES = frozenset({TakeState.COMPLETED, TakeState.INVALIDATED})


class Level(models.TextChoices):
    """Common European Framework of Reference levels, as providers report them."""

    A1 = "A1", "A1"
    A2 = "A2", "A2"
    B1 = "B1", "B1"
    B2 = "B2", "B2"
    C1 = "C1", "C1"
    C2 = "C2", "C2"


class EventSource(models.TextChoices):
    """Where a result came from: each source has its own event identifiers."""

    SANDBOX = "sandbox", _("Built-in test provider (sandbox)")
    GENERIC = "generic", _("External provider (webhook)")
    CSV = "csv", _("Import of a results file by staff")


class AuditAction(models.TextChoices):
    """Stored in the audit log: never rename a value."""

    INVITED = "english_test.invited"
    TRANSITION = "english_test.transition"
    INVALIDATED = "english_test.invalidated"
    CSV_IMPORTED = "english_test.csv_imported"
    PICTURES_DELETED = "english_test.pictures_deleted"
