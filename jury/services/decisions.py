"""The president's decisions (draft until released), one or many at a time, and an
administrator's override of a decision, with its reason."""

from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.rules import is_admin, is_jury_president
from admissions.models import Campaign
from candidates.enums import WishState
from candidates.models import Wish
from candidates.workflow import TransitionNotAllowed, can_transition, wish_transition
from core.audit import audit_record

from .. import letters
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


def _override_embargo(decision, kind, now):
    """When the candidate may see the override of a released decision: an "admissible"
    replacing a pre-admissibility waits for the admissibility results, as the tests' own
    results do (notice; R-JURY-5); anything else shows at once (None)."""
    if DECISION_TARGET_STATE[kind] != WishState.ADMISSIBLE:
        return None
    opens = Campaign.paris_start_of(decision.wish.intake.campaign.admissibility_results_on)
    return opens if now < opens else None


def _override_apply(*, decision, actor, reason: str, action=AuditAction.OVERRIDE) -> None:
    """Moves the wish to the overridden decision's state and tells the candidate."""
    target = DECISION_TARGET_STATE[decision.kind]
    if decision.wish.state != target:
        wish_transition(wish=decision.wish, target=target, actor=actor, reason=reason, action=action)
    letters.override_letter_queue(decision=decision)


@transaction.atomic
def decision_override(*, decision: Decision, actor, kind: str, reason: str, now=None) -> Decision:
    """An admin overrides a decision, released or not, with a reason, logged. A released one
    moves the wish only where the state machine allows it, and the candidate gets an
    e-mail; an "admissible" before the admissibility results waits for them (applied and
    mailed then by `overrides_apply_due`), invisible to the candidate until then."""
    now = now or timezone.now()
    if not is_admin(actor):
        raise JuryError(_("Only an administrator may override a decision."))
    reason = (reason or "").strip()
    if not reason:
        raise JuryError(_("An override needs a reason."))
    decision = (
        Decision.objects.select_for_update(of=("self",))
        .select_related("wish__intake__campaign", "wish__intake__program", "wish__application__candidate")
        .get(pk=decision.pk)
    )
    if kind not in KINDS_BY_LEVEL[decision.wish.intake.level]:
        raise JuryError(_("This decision does not exist for this entry level."))
    before = {"kind": decision.kind, "status": decision.status}
    embargo = _override_embargo(decision, kind, now) if decision.is_released else None
    target = DECISION_TARGET_STATE[kind]
    if decision.is_released and decision.wish.state != target and not can_transition(decision.wish, target):
        raise JuryError(
            _("The dossier's current state (%(state)s) does not allow this change.")
            % {"state": decision.wish.get_state_display()}
        )
    # A waiting override replaced by one that leaves the wish as the candidate sees it:
    # nothing to tell them, they never saw the waiting one.
    unseen = decision.override_applies_at is not None and decision.wish.state == target
    decision.kind = kind
    decision.tests = _clean_tests(decision.wish.intake.level, kind, decision.tests)
    decision.decided_by = actor
    decision.decided_at = now
    decision.override_applies_at = embargo
    decision.save()
    if decision.is_released and embargo is None and not unseen:
        _override_apply(decision=decision, actor=actor, reason=reason)
    audit_record(
        actor=actor,
        action=AuditAction.DECISION_OVERRIDE,
        obj=decision.wish,
        before=before,
        after={"kind": kind, "applies_at": embargo.isoformat() if embargo else None},
        reason=reason,
    )
    return decision


def overrides_apply_due(*, campaign, now=None) -> int:
    """The overrides waiting for their results date, applied and mailed once it has come;
    one transaction each. An override the wish's state no longer allows (withdrawn since)
    is dropped and logged. Returns the number of e-mails queued."""
    now = now or timezone.now()
    due = Decision.objects.filter(
        wish__intake__campaign=campaign, override_applies_at__isnull=False, override_applies_at__lte=now
    ).values_list("pk", flat=True)
    applied = 0
    for pk in list(due):
        applied += _override_apply_one(pk=pk)
    return applied


@transaction.atomic
def _override_apply_one(*, pk) -> int:
    decision = (
        Decision.objects.select_for_update(of=("self",))
        .select_related("wish__intake__campaign", "wish__intake__program", "wish__application__candidate")
        .filter(pk=pk, override_applies_at__isnull=False)
        .first()
    )
    if decision is None:  # applied by a concurrent run
        return 0
    Decision.objects.filter(pk=pk).update(override_applies_at=None)
    try:
        _override_apply(decision=decision, actor=None, reason="", action=AuditAction.OVERRIDE_APPLIED)
    except TransitionNotAllowed:
        audit_record(
            actor=None,
            action=AuditAction.OVERRIDE_DROPPED,
            obj=decision.wish,
            after={"kind": decision.kind, "state": decision.wish.state},
        )
        return 0
    return 1


def overrides_milestone_run(campaign) -> int:
    """The `jury.apply_overrides` milestone, on the admissibility results date."""
    return overrides_apply_due(campaign=campaign)
