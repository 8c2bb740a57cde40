"""Every write of the jury back-office. Keyword-only arguments, one transaction each, an
audit-log entry, mail queued on commit. Wish states change only through
`candidates.workflow.wish_transition`.

One module per subdomain (the file review, the decisions, their release); this package
re-exports them so that callers write `services.decision_set(...)` whatever module holds it."""

from .common import (
    DECIDABLE_STATES,
    EligibilityNotRuled,
    JuryError,
    fee_owed_before_examination,
    needs_eligibility_ruling,
)
from .decisions import (
    BulkResult,
    decision_override,
    decision_set,
    decisions_bulk_set,
    overrides_apply_due,
    overrides_milestone_run,
)
from .release import (
    RELEASE_CHUNK,
    ReleaseReport,
    ReleaseTooEarly,
    decisions_release,
    release_by_candidate,
    release_milestone_run,
)
from .review import (
    assignment_create,
    assignments_balance,
    conflict_declare,
    eligibility_rule,
    review_save,
    scoring_criteria_create_defaults,
    wish_score_refresh,
    wish_take_into_review,
)

__all__ = [
    "DECIDABLE_STATES",
    "RELEASE_CHUNK",
    "BulkResult",
    "EligibilityNotRuled",
    "JuryError",
    "ReleaseReport",
    "ReleaseTooEarly",
    "assignment_create",
    "assignments_balance",
    "conflict_declare",
    "decision_override",
    "decision_set",
    "decisions_bulk_set",
    "decisions_release",
    "eligibility_rule",
    "fee_owed_before_examination",
    "needs_eligibility_ruling",
    "overrides_apply_due",
    "overrides_milestone_run",
    "release_by_candidate",
    "release_milestone_run",
    "review_save",
    "scoring_criteria_create_defaults",
    "wish_score_refresh",
    "wish_take_into_review",
]
