"""The president's decisions (draft until released), one or many at a time, and an
administrator's override of a decision, with its reason."""

from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.rules import is_admin, is_jury_president
from candidates.models import Wish
from candidates.workflow import TransitionNotAllowed, wish_transition
from core.audit import audit_record

from ..enums import (
    DECISION_TARGET_STATE,
    KINDS_BY_LEVEL,
    MANDATORY_TESTS,
    OPTIONAL_TESTS,
    AuditAction,
    DecisionKind,
)
from ..models import Decision, EligibilityRuling
from .common import (
    DECIDABLE_STATES,
    JuryError,
    _conflicted,
    _ensure_eligibility_ruled,
    _ensure_fee_settled,
)


def _clean_tests(level: str, kind: str, tests) -> list[str]:
    """Mandatory tests always; optional ones only among those the level allows (R-TEST-1..5)."""
    mandatory = list(MANDATORY_TESTS.get((level, kind), ()))
    optional = set(OPTIONAL_TESTS.get((level, kind), ()))
    chosen = [t for t in tests or () if t in optional and t not in mandatory]
    return [
        str(t) for t in mandatory + sorted(set(chosen), key=list(OPTIONAL_TESTS.get((level, kind), ())).index)
    ]


def _decision_write(*, wish, actor, kind, tests, tests_note, comment) -> Decision:
    existing = Decision.objects.select_for_update().filter(wish=wish).first()
    if existing and existing.is_released:
        raise JuryError(_("This decision is released: it is final."))
    level = wish.intake.level
    if kind not in KINDS_BY_LEVEL[level]:
        raise JuryError(_("This decision does not exist for this entry level."))
    ruling = EligibilityRuling.objects.filter(wish=wish).first()
    if ruling is not None and not ruling.eligible and kind != DecisionKind.REJECTED:
        raise JuryError(_("The dossier was ruled not eligible: the decision can only be “rejected”."))
    clean_tests = _clean_tests(level, kind, tests)
    before = {"kind": existing.kind, "tests": existing.tests} if existing else {}
    decision, _created = Decision.objects.update_or_create(
        wish=wish,
        defaults={
            "kind": kind,
            "tests": clean_tests,
            "tests_note": tests_note if clean_tests else "",
            "comment": comment,
            "decided_by": actor,
            "decided_at": timezone.now(),
        },
    )
    audit_record(
        actor=actor,
        action=AuditAction.DECISION,
        obj=wish,
        before=before,
        after={"kind": kind, "tests": clean_tests, "tests_note": decision.tests_note},
        reason=comment,
    )
    return decision


@transaction.atomic
def decision_set(
    *, wish: Wish, actor, kind: str, tests=(), tests_note: str = "", comment: str = ""
) -> Decision:
    """The president classifies a wish (R-JURY-3/4), once its eligibility is ruled when its
    title is for the jury to judge (R-ELIG-2/3/4). The decision is a draft: the wish's
    state does not change before the release (R-JURY-5)."""
    if not is_jury_president(actor):
        raise JuryError(_("Only the jury president decides."))
    wish = Wish.objects.select_related("intake__program", "intake__campaign").get(pk=wish.pk)
    if wish.state not in DECIDABLE_STATES:
        raise JuryError(_("This dossier is not awaiting the jury (not submitted, withdrawn or decided)."))
    if _conflicted(actor, wish):
        raise JuryError(_("You declared a conflict of interest with this candidate."))
    _ensure_fee_settled(wish)
    _ensure_eligibility_ruled(wish)
    return _decision_write(
        wish=wish, actor=actor, kind=kind, tests=tests, tests_note=tests_note, comment=comment
    )


@dataclass
class BulkResult:
    done: list = field(default_factory=list)
    refused: list = field(default_factory=list)  # (wish, message)


def decisions_bulk_set(*, wishes, actor, kind: str, tests=(), tests_note: str = "") -> BulkResult:
    """The same decision on several wishes, each in its own transaction: one refused
    wish (withdrawn, released, wrong level) does not block the others."""
    result = BulkResult()
    for wish in wishes:
        try:
            decision_set(wish=wish, actor=actor, kind=kind, tests=tests, tests_note=tests_note)
        except JuryError as exc:
            result.refused.append((wish, exc.message))
        else:
            result.done.append(wish)
    return result


@transaction.atomic
def decision_override(*, decision: Decision, actor, kind: str, reason: str) -> Decision:
    """An admin overrides a decision, released or not, with a reason, logged. A released one
    moves the wish only where the state machine allows it."""
    if not is_admin(actor):
        raise JuryError(_("Only an administrator may override a decision."))
    reason = (reason or "").strip()
    if not reason:
        raise JuryError(_("An override needs a reason."))
    decision = (
        Decision.objects.select_for_update(of=("self",)).select_related("wish__intake").get(pk=decision.pk)
    )
    if kind not in KINDS_BY_LEVEL[decision.wish.intake.level]:
        raise JuryError(_("This decision does not exist for this entry level."))
    before = {"kind": decision.kind, "status": decision.status}
    if decision.is_released:
        try:
            wish_transition(
                wish=decision.wish,
                target=DECISION_TARGET_STATE[kind],
                actor=actor,
                reason=reason,
                action=AuditAction.OVERRIDE,
            )
        except TransitionNotAllowed as exc:
            raise JuryError(
                _("The dossier's current state (%(state)s) does not allow this change.")
                % {"state": decision.wish.get_state_display()}
            ) from exc
    decision.kind = kind
    decision.tests = _clean_tests(decision.wish.intake.level, kind, decision.tests)
    decision.decided_by = actor
    decision.decided_at = timezone.now()
    decision.save()
    audit_record(
        actor=actor,
        action=AuditAction.DECISION_OVERRIDE,
        obj=decision.wish,
        before=before,
        after={"kind": kind},
        reason=reason,
    )
    return decision
