"""Every write of the jury back-office. Keyword-only arguments, one transaction each, an
audit-log entry, mail queued on commit. Wish states change only through
`candidates.workflow.wish_transition`."""

import logging
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.db.models import Avg, Count, Max, Min, Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from accounts.enums import Role
from accounts.rules import is_admin, is_jury_president
from admissions.models import Campaign, Intake
from candidates.enums import Eligibility, ScholarshipStatus, WishState
from candidates.fees import amount_owed
from candidates.models import Wish
from candidates.workflow import TransitionNotAllowed, wish_transition, wishes_transition
from core.audit import audit_record
from core.errors import PortalError
from core.formatting import money_display

from . import letters
from .enums import (
    DECISION_TARGET_STATE,
    KINDS_BY_LEVEL,
    MANDATORY_TESTS,
    OPTIONAL_TESTS,
    AuditAction,
    DecisionKind,
    DecisionStatus,
)
from .models import (
    Assignment,
    ConflictOfInterest,
    Decision,
    EligibilityRuling,
    Review,
    ReviewScore,
    ScoringCriterion,
    WishScore,
)
from .scoring import DEFAULT_CRITERIA, review_total
from .selectors import jury_settings_for

logger = logging.getLogger(__name__)

# Wishes on which the jury may still decide.
DECIDABLE_STATES = (WishState.SUBMITTED, WishState.UNDER_REVIEW)


class JuryError(PortalError):
    """A refused jury action; the message is shown to the user as is."""


def fee_owed_before_examination(application) -> Decimal:
    """What the candidate still owes. Submission needs the fee paid, so after it only a
    refused scholarship proof can leave a difference (R-FEES-1/2), owed before the jury
    examines the dossier: checked on those dossiers only, to keep bulk work cheap."""
    if application.scholarship_status != ScholarshipStatus.REFUSED:
        return Decimal("0.00")
    return amount_owed(application)


def _ensure_fee_settled(wish) -> None:
    owed = fee_owed_before_examination(wish.application)
    if owed > 0:
        raise JuryError(
            _(
                "The candidate still owes %(amount)s (scholarship proof refused): the dossier is "
                "examined once the difference is paid."
            )
            % {"amount": money_display(owed)}
        )


def _campaign_started_results(campaign: Campaign, now=None) -> bool:
    now = now or timezone.now()
    return now >= Campaign.paris_start_of(campaign.review_results_on)


# --- scoring grid ---------------------------------------------------------------------


@transaction.atomic
def scoring_criteria_create_defaults(*, campaign: Campaign) -> int:
    """The default grid of R-JURY-1 for a session that has none (admins edit it after)."""
    if ScoringCriterion.objects.filter(campaign=campaign).exists():
        return 0
    ScoringCriterion.objects.bulk_create(
        ScoringCriterion(
            campaign=campaign, code=code, label_fr=fr, label_en=en, weight=weight, max_points=top, position=i
        )
        for i, (code, fr, en, weight, top) in enumerate(DEFAULT_CRITERIA)
    )
    return len(DEFAULT_CRITERIA)


# --- review workflow --------------------------------------------------------------------


@transaction.atomic
def wish_take_into_review(*, wish: Wish, actor) -> Wish:
    """submitted -> under_review."""
    if wish.state == WishState.UNDER_REVIEW:
        return wish
    if wish.state != WishState.SUBMITTED:
        raise JuryError(_("Only a submitted dossier can be taken into review."))
    _ensure_fee_settled(wish)
    return wish_transition(
        wish=wish, target=WishState.UNDER_REVIEW, actor=actor, action=AuditAction.TAKE_INTO_REVIEW
    )


@transaction.atomic
def eligibility_rule(*, wish: Wish, actor, eligible: bool, comment: str = "") -> EligibilityRuling:
    """The jury rules on eligibility (R-JURY-1). For other and foreign titles (R-ELIG-2/3)
    the equivalence comment is required. Not eligible -> the draft decision is "rejected"."""
    comment = (comment or "").strip()
    if wish.state not in DECIDABLE_STATES:
        raise JuryError(_("This dossier is not awaiting the jury (not submitted, withdrawn or decided)."))
    if wish.eligibility == Eligibility.JURY and not comment:
        raise JuryError(_("For another or a foreign title, explain the equivalence in a comment."))
    if not eligible and not comment:
        raise JuryError(_("Explain why the dossier is not eligible."))
    existing = EligibilityRuling.objects.filter(wish=wish).first()
    before = {"eligible": existing.eligible, "comment": existing.comment} if existing else {}
    ruling, _created = EligibilityRuling.objects.update_or_create(
        wish=wish, defaults={"eligible": eligible, "comment": comment, "ruled_by": actor}
    )
    audit_record(
        actor=actor,
        action=AuditAction.ELIGIBILITY,
        obj=wish,
        before=before,
        after={"eligible": eligible, "comment": comment},
    )
    if not eligible:
        _decision_write(
            wish=wish,
            actor=actor,
            kind=DecisionKind.REJECTED,
            tests=[],
            tests_note="",
            comment=_("Not eligible: %(comment)s") % {"comment": comment},
        )
    return ruling


@transaction.atomic
def conflict_declare(*, wish: Wish, member, reason: str = "") -> ConflictOfInterest:
    """A member declares a link with the candidate: their assignments on the candidate's
    dossiers are removed, they cannot open them any more."""
    conflict, _created = ConflictOfInterest.objects.get_or_create(
        application=wish.application, member=member, defaults={"reason": reason[:255]}
    )
    removed, _details = Assignment.objects.filter(wish__application=wish.application, member=member).delete()
    audit_record(
        actor=member,
        action=AuditAction.CONFLICT_DECLARED,
        obj=wish.application,
        after={"reason": conflict.reason, "assignments_removed": removed},
    )
    return conflict


def _conflicted(member, wish) -> bool:
    return ConflictOfInterest.objects.filter(application_id=wish.application_id, member=member).exists()


@transaction.atomic
def assignment_create(*, wish: Wish, member, actor) -> Assignment:
    if not wish.intake.program.jury_members.filter(pk=member.pk).exists():
        raise JuryError(_("This person does not sit on this program's jury."))
    if _conflicted(member, wish):
        raise JuryError(_("This member declared a conflict of interest with the candidate."))
    assignment, created = Assignment.objects.get_or_create(
        wish=wish, member=member, defaults={"assigned_by": actor}
    )
    if created:
        audit_record(actor=actor, action=AuditAction.ASSIGNED, obj=wish, after={"member": member.email})
    return assignment


@transaction.atomic
def assignments_balance(*, intake: Intake, actor, per_dossier: int | None = None) -> int:
    """Gives each open dossier of the intake `per_dossier` reviewers, round-robin by
    current load (fewest assignments in the session first), skipping conflicts."""
    per_dossier = per_dossier or jury_settings_for(intake.campaign).reviewers_per_dossier
    members = list(
        intake.program.jury_members.filter(role__in=[Role.JURY_MEMBER, Role.JURY_PRESIDENT])
        .annotate(
            load=Count("jury_assignments", filter=Q(jury_assignments__wish__intake__campaign=intake.campaign))
        )
        .order_by("pk")
    )
    if not members:
        return 0
    load = {m.pk: m.load for m in members}
    wishes = list(
        Wish.objects.filter(intake=intake, state__in=DECIDABLE_STATES)
        .order_by("application__submitted_at", "pk")
        .prefetch_related("jury_assignments")
    )
    conflicts = defaultdict(set)
    for application_id, member_id in ConflictOfInterest.objects.filter(
        application__wishes__intake=intake
    ).values_list("application_id", "member_id"):
        conflicts[application_id].add(member_id)
    created = []
    for wish in wishes:
        taken = {a.member_id for a in wish.jury_assignments.all()}
        while len(taken) < per_dossier:
            candidates = [
                m for m in members if m.pk not in taken and m.pk not in conflicts[wish.application_id]
            ]
            if not candidates:
                break
            chosen = min(candidates, key=lambda m: (load[m.pk], m.pk))
            created.append(Assignment(wish=wish, member=chosen, assigned_by=actor))
            taken.add(chosen.pk)
            load[chosen.pk] += 1
    Assignment.objects.bulk_create(created)
    audit_record(
        actor=actor, action=AuditAction.ASSIGNMENTS_BALANCED, obj=intake, after={"created": len(created)}
    )
    return len(created)


@transaction.atomic
def review_save(
    *, wish: Wish, reviewer, scores: dict, comment: str = "", proposal: str = "", submit: bool = False
) -> Review:
    """Saves (and optionally submits) a member's review. A submitted review is final."""
    if _conflicted(reviewer, wish):
        raise JuryError(_("You declared a conflict of interest with this candidate."))
    if wish.state not in DECIDABLE_STATES:
        raise JuryError(_("This dossier is not awaiting the jury (not submitted, withdrawn or decided)."))
    if proposal and proposal not in KINDS_BY_LEVEL[wish.intake.level]:
        raise JuryError(_("This proposal does not exist for this entry level."))
    criteria = list(ScoringCriterion.objects.filter(campaign_id=wish.intake.campaign_id))
    review, _created = Review.objects.select_for_update().get_or_create(wish=wish, reviewer=reviewer)
    if review.is_submitted:
        raise JuryError(_("Your review is already submitted."))
    clean = {}
    for criterion in criteria:
        raw = scores.get(criterion.pk, scores.get(str(criterion.pk)))
        if raw in (None, ""):
            if submit:
                raise JuryError(_("Score every criterion before submitting."))
            continue
        try:
            points = Decimal(str(raw))
        except InvalidOperation as exc:
            raise JuryError(_("A score must be a number.")) from exc
        if not (0 <= points <= criterion.max_points):
            raise JuryError(
                _("“%(label)s” is scored from 0 to %(max)s.")
                % {"label": criterion.label, "max": criterion.max_points}
            )
        clean[criterion.pk] = points
    ReviewScore.objects.filter(review=review).delete()
    ReviewScore.objects.bulk_create(
        ReviewScore(review=review, criterion_id=k, points=v) for k, v in clean.items()
    )
    review.comment = comment
    review.proposal = proposal
    if submit:
        if wish.state == WishState.SUBMITTED:
            wish_take_into_review(wish=wish, actor=reviewer)
        review.total = review_total(clean, criteria)
        review.submitted_at = timezone.now()
    review.save()
    if submit:
        wish_score_refresh(wish=wish)
    audit_record(
        actor=reviewer,
        action=AuditAction.REVIEW_SUBMITTED if submit else AuditAction.REVIEW_SAVED,
        obj=wish,
        after={"total": review.total, "proposal": proposal, "scores": {str(k): v for k, v in clean.items()}},
    )
    return review


def wish_score_refresh(*, wish: Wish) -> WishScore:
    """Recomputes the summary of the wish's submitted reviews (mean of totals, spread)."""
    summary = Review.objects.filter(wish=wish, submitted_at__isnull=False).aggregate(
        n=Count("pk"), combined=Avg("total"), low=Min("total"), high=Max("total")
    )
    combined = summary["combined"]
    score, _created = WishScore.objects.update_or_create(
        wish=wish,
        defaults={
            "n_reviews": summary["n"],
            "combined": None if combined is None else Decimal(combined).quantize(Decimal("0.01")),
            "low": summary["low"],
            "high": summary["high"],
        },
    )
    return score


# --- decisions --------------------------------------------------------------------------


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
    """The president classifies a wish (R-JURY-3/4). The decision is a draft: the wish's
    state does not change before the release (R-JURY-5)."""
    if not is_jury_president(actor):
        raise JuryError(_("Only the jury president decides."))
    wish = Wish.objects.select_related("intake__program", "intake__campaign").get(pk=wish.pk)
    if wish.state not in DECIDABLE_STATES:
        raise JuryError(_("This dossier is not awaiting the jury (not submitted, withdrawn or decided)."))
    if _conflicted(actor, wish):
        raise JuryError(_("You declared a conflict of interest with this candidate."))
    _ensure_fee_settled(wish)
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


# --- release ----------------------------------------------------------------------------


@dataclass
class ReleaseReport:
    released: int = 0
    emails: int = 0
    undecided: list = field(default_factory=list)  # wishes awaiting the jury without a decision
    skipped: list = field(default_factory=list)  # (wish, reason): withdrawn since the decision...


class ReleaseTooEarly(JuryError):
    code = "too_early"


def decisions_release(*, campaign: Campaign, actor=None, now=None) -> ReleaseReport:
    """On the file-review results date (R-JURY-5): applies every draft decision to its wish
    through the state machine and queues one e-mail per candidate listing all their newly
    released decisions. Refused before the date; re-running sends nothing twice."""
    now = now or timezone.now()
    if not _campaign_started_results(campaign, now):
        raise ReleaseTooEarly(
            _("Decisions cannot be released before the file-review results date (%(date)s).")
            % {"date": date_format(campaign.review_results_on, "SHORT_DATE_FORMAT")}
        )
    report = ReleaseReport()
    report.undecided = list(
        Wish.objects.filter(intake__campaign=campaign, state__in=DECIDABLE_STATES, jury_decision__isnull=True)
        .select_related("application__candidate", "intake__program")
        .order_by("intake__level", "intake__program__code", "application__candidate__last_name")
    )
    application_ids = list(
        Decision.objects.filter(wish__intake__campaign=campaign, status=DecisionStatus.DRAFT)
        .values_list("wish__application_id", flat=True)
        .distinct()
        .order_by("wish__application_id")
    )
    for i in range(0, len(application_ids), RELEASE_CHUNK):
        released, emails, skipped = _release_chunk(
            application_ids=application_ids[i : i + RELEASE_CHUNK], actor=actor, now=now
        )
        report.released += released
        report.emails += emails
        report.skipped.extend(skipped)
    audit_record(
        actor=actor,
        action=AuditAction.DECISIONS_RELEASED,
        obj=campaign,
        after={"released": report.released, "emails": report.emails, "undecided": len(report.undecided)},
    )
    if report.undecided:
        logger.warning(
            "Decisions released for %s; %d wishes still without a decision: %s",
            campaign,
            len(report.undecided),
            ", ".join(str(w.pk) for w in report.undecided[:50]),
        )
    return report


# Candidates released per transaction: a crash loses at most one chunk, which the next run
# (or the milestone's rerun) releases, the e-mails' idempotency keys preventing duplicates.
RELEASE_CHUNK = 200


@transaction.atomic
def _release_chunk(*, application_ids, actor, now):
    """Some candidates: their draft decisions locked (a concurrent release waits, then
    finds them released), applied through the state machine, one e-mail each."""
    decisions = list(
        Decision.objects.select_for_update(of=("self",))
        .filter(wish__application_id__in=application_ids, status=DecisionStatus.DRAFT)
        .select_related(
            "wish__application__candidate", "wish__application__campaign", "wish__intake__program"
        )
        .order_by("wish__application_id", "wish__intake__level", "wish__intake__program__code")
    )
    # Apply the decisions in bulk, one state change for many wishes at a time (the same
    # allowed-transitions check as one by one), then one e-mail per candidate.
    releasable, skipped = [], []
    for decision in decisions:
        wish = decision.wish
        if wish.state not in DECIDABLE_STATES:
            skipped.append((wish, wish.get_state_display()))
        elif fee_owed_before_examination(wish.application) > 0:
            # Proof refused after the decision: held back until the difference is paid.
            skipped.append((wish, _("Fee difference owed")))
        else:
            releasable.append(decision)
    wishes_transition(
        wishes=[d.wish for d in releasable if d.wish.state == WishState.SUBMITTED],
        target=WishState.UNDER_REVIEW,
        actor=actor,
        action=AuditAction.TAKE_INTO_REVIEW,
    )
    by_target = defaultdict(list)
    for decision in releasable:
        by_target[DECISION_TARGET_STATE[decision.kind]].append(decision.wish)
    for target, wishes in by_target.items():
        wishes_transition(wishes=wishes, target=target, actor=actor, action=AuditAction.DECISION_RELEASED)
    released_by_application = defaultdict(list)
    for decision in releasable:
        decision.status, decision.released_at = DecisionStatus.RELEASED, now
        released_by_application[decision.wish.application_id].append(decision)
    for released in released_by_application.values():
        letters.results_letter_queue(application=released[0].wish.application, decisions=released)
    released_ids = [d.pk for d in releasable]
    emails = len(released_by_application)
    Decision.objects.filter(pk__in=released_ids).update(status=DecisionStatus.RELEASED, released_at=now)
    return len(released_ids), emails, skipped


def release_milestone_run(campaign: Campaign) -> int:
    """The `jury.release_decisions` milestone: returns the number of e-mails queued."""
    return decisions_release(campaign=campaign, actor=None).emails
