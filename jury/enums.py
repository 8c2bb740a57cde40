from django.db import models
from django.utils.translation import gettext_lazy as _


class DecisionKind(models.TextChoices):
    """The jury's classification of a wish (R-JURY-3 for the 1st year, R-JURY-4 for the 2nd)."""

    EXCELLENCE = "excellence", _("Academic excellence")
    STANDARD = "standard", _("Standard")
    PRE_ADMISSIBLE = "pre_admissible", _("Pre-admissible")
    REJECTED = "rejected", _("Rejected")


class DecisionStatus(models.TextChoices):
    """A draft is invisible to every candidate-facing channel until it is released (R-JURY-5)."""

    DRAFT = "draft", _("Draft (not released)")
    RELEASED = "released", _("Released")


class ProbatoryTest(models.TextChoices):
    """The probatory tests a pre-admissible candidate takes (R-TEST-1..5)."""

    VIDEO_INTERVIEW = "video_interview", _("Deferred video interview")
    ENGLISH_TEST = "english_test", _("English test (30 minutes)")
    SECOND_INTERVIEW = "second_interview", _("Second interview, live by video (30 minutes)")
    JURY_INTERVIEW = "jury_interview", _("Interview with the jury by video conference (30 minutes)")
    ORAL_TEST = "oral_test", _("Optional oral test chosen by the jury")


class ReviewFilter(models.TextChoices):
    """The review-status filter of the jury list."""

    TO_TAKE = "to_take", _("Not yet taken into review")
    MINE_TO_DO = "mine_to_do", _("My review to submit")
    MINE_DONE = "mine_done", _("My review submitted")
    ASSIGNED = "assigned", _("Assigned to me")
    UNDECIDED = "undecided", _("Without decision")
    DECIDED = "decided", _("With a decision")


class EligibilityFilter(models.TextChoices):
    LISTED = "listed", _("Listed title")
    JURY = "jury", _("Title for the jury to judge")
    ELIGIBLE = "eligible", _("Ruled eligible")
    NOT_ELIGIBLE = "not_eligible", _("Ruled not eligible")
    NOT_RULED = "not_ruled", _("Not ruled yet")


# Which decisions a level allows (R-JURY-3, R-JURY-4).
KINDS_BY_LEVEL = {
    "year_1": (DecisionKind.EXCELLENCE, DecisionKind.STANDARD, DecisionKind.REJECTED),
    "year_2": (DecisionKind.PRE_ADMISSIBLE, DecisionKind.REJECTED),
}
# Tests always required with a decision, and those the jury may add (R-TEST-1..5).
MANDATORY_TESTS = {
    ("year_1", DecisionKind.STANDARD): (ProbatoryTest.VIDEO_INTERVIEW,),
    ("year_2", DecisionKind.PRE_ADMISSIBLE): (ProbatoryTest.ENGLISH_TEST, ProbatoryTest.JURY_INTERVIEW),
}
OPTIONAL_TESTS = {
    ("year_1", DecisionKind.STANDARD): (ProbatoryTest.ENGLISH_TEST, ProbatoryTest.SECOND_INTERVIEW),
    ("year_2", DecisionKind.PRE_ADMISSIBLE): (ProbatoryTest.ORAL_TEST,),
}
# The wish state a released decision leads to.
DECISION_TARGET_STATE = {
    DecisionKind.EXCELLENCE: "admissible",
    DecisionKind.STANDARD: "pre_admissible",
    DecisionKind.PRE_ADMISSIBLE: "pre_admissible",
    DecisionKind.REJECTED: "rejected",
}


class AuditAction(models.TextChoices):
    """What the jury's services write in the audit log (`core.audit.audit_record`).
    The values are stored: never change one, or older entries stop matching readers."""

    TAKE_INTO_REVIEW = "jury.take_into_review"
    ELIGIBILITY = "jury.eligibility"
    CONFLICT_DECLARED = "jury.conflict_declared"
    ASSIGNED = "jury.assigned"
    ASSIGNMENTS_BALANCED = "jury.assignments_balanced"
    REVIEW_SAVED = "jury.review_saved"
    REVIEW_SUBMITTED = "jury.review_submitted"
    DECISION = "jury.decision"
    DECISION_OVERRIDE = "jury.decision_override"
    # The wish's state change caused by an override of a released decision.
    OVERRIDE = "jury.override"
    # An override that waited for its results date, applied then (or dropped: state moved on).
    OVERRIDE_APPLIED = "jury.override_applied"
    OVERRIDE_DROPPED = "jury.override_dropped"
    DECISIONS_RELEASED = "jury.decisions_released"
    DECISION_RELEASED = "jury.decision_released"


# What the deliberation minutes print from a wish's audit log: the rulings and decisions.
MINUTES_ACTIONS = (
    AuditAction.DECISION,
    AuditAction.DECISION_OVERRIDE,
    AuditAction.DECISION_RELEASED,
    AuditAction.ELIGIBILITY,
)
