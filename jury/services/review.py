"""The file review: the scoring grid, taking a dossier into review, eligibility rulings,
conflicts of interest, assignments and the members' reviews."""

from collections import defaultdict
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.db.models import Avg, Count, Max, Min, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.enums import Role
from accounts.rules import is_jury_president
from admissions.models import Campaign, Intake
from candidates.enums import Eligibility, WishState
from candidates.models import Wish
from candidates.workflow import wish_transition
from core.audit import audit_record

from ..enums import KINDS_BY_LEVEL, AuditAction, DecisionKind
from ..models import (
    Assignment,
    ConflictOfInterest,
    EligibilityRuling,
    Review,
    ReviewScore,
    ScoringCriterion,
    WishScore,
)
from ..scoring import DEFAULT_CRITERIA, review_total
from ..selectors import jury_settings_for
from .common import DECIDABLE_STATES, JuryError, _conflicted, _ensure_fee_settled
from .decisions import _decision_write

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
    """The jury rules on eligibility (R-JURY-1). For other and foreign titles and the 2nd
    year (R-ELIG-2/3/4) the equivalence comment is required. Not eligible, ruled by the
    president -> the draft decision is "rejected"; ruled by a member -> their proposal."""
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
    # A member's ruling is the jury's check (R-JURY-1), not a decision: "not eligible" from a
    # member becomes their proposal; only the president's ruling drafts the rejection.
    if not eligible and is_jury_president(actor):
        _decision_write(
            wish=wish,
            actor=actor,
            kind=DecisionKind.REJECTED,
            tests=[],
            tests_note="",
            comment=_("Not eligible: %(comment)s") % {"comment": comment},
        )
    elif not eligible:
        _propose_rejection(wish=wish, member=actor, comment=comment)
    return ruling


def _propose_rejection(*, wish, member, comment: str) -> None:
    """A member's "not eligible" as their review's proposal (unless already handed in)."""
    review, _created = Review.objects.get_or_create(wish=wish, reviewer=member)
    if review.is_submitted:
        return
    review.proposal = DecisionKind.REJECTED
    if not review.comment:
        review.comment = _("Not eligible: %(comment)s") % {"comment": comment}
    review.save(update_fields=["proposal", "comment", "updated_at"])


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
