"""Every write of the admissibility deliberation (R-TEST-8). Keyword-only arguments, one
transaction each, an audit-log entry, mail queued on commit. Wish states change only through
`candidates.workflow.wishes_transition`, on the admissibility results date."""

import logging
from collections import defaultdict
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from accounts.rules import is_jury_president
from admissions.models import Campaign, Intake
from candidates.enums import WishState
from candidates.models import Wish
from candidates.workflow import wishes_transition
from core.audit import audit_record
from core.errors import PortalError
from jury.models import ConflictOfInterest
from jury.services import release_by_candidate
from notifications.services import email_queue_many

from . import letters
from .enums import (
    OUTCOME_TARGET_STATE,
    STATUS_TRANSITIONS,
    AdmissibilityOutcome,
    AdmissibilityStatus,
    AuditAction,
)
from .models import AdmissibilityDecision

logger = logging.getLogger(__name__)


class SelectionError(PortalError):
    """A refused deliberation action; the message is shown to the user as is."""


class ReleaseTooEarly(SelectionError):
    code = "too_early"


def results_open_at(campaign: Campaign):
    """The first moment a candidate may learn their admissibility (R-TEST-8): the results
    date, 00:00 Paris. Before it, decisions are drafts on every channel."""
    return Campaign.paris_start_of(campaign.admissibility_results_on)


def _ensure_decidable(wish: Wish, actor) -> None:
    if not is_jury_president(actor):
        raise SelectionError(_("Only the jury president decides."))
    if not actor.jury_programs.filter(pk=wish.intake.program_id).exists():
        raise SelectionError(_("You do not sit on this program's jury."))
    if ConflictOfInterest.objects.filter(application_id=wish.application_id, member=actor).exists():
        raise SelectionError(_("You declared a conflict of interest with this candidate."))
    if wish.state != WishState.PRE_ADMISSIBLE:
        raise SelectionError(
            _("This candidate is not pre-admissible (%(state)s): there is no admissibility to decide.")
            % {"state": wish.get_state_display()}
        )


def _check_rank(*, wish, outcome, rank) -> None:
    if rank is None:
        return
    if outcome != AdmissibilityOutcome.ADMISSIBLE:
        raise SelectionError(_("Only an admissible candidate has a rank."))
    if rank < 1:
        raise SelectionError(_("A rank is a whole number from 1."))
    other = (
        AdmissibilityDecision.objects.filter(wish__intake_id=wish.intake_id, rank=rank)
        .exclude(wish=wish)
        .select_related("wish__application__candidate")
        .first()
    )
    if other is not None:
        raise SelectionError(
            _("Rank %(rank)d is already given to %(name)s.")
            % {"rank": rank, "name": other.wish.application.candidate.get_full_name()}
        )


def _decision_write(*, wish, actor, outcome, rank, comment, now) -> AdmissibilityDecision:
    existing = AdmissibilityDecision.objects.select_for_update().filter(wish=wish).first()
    if existing is not None and existing.is_released:
        raise SelectionError(_("This admissibility decision is released: it is final."))
    if outcome not in AdmissibilityOutcome.values:
        raise SelectionError(_("Choose admissible or not admissible."))
    # The intake's row serialises the rank checks of concurrent decisions.
    Intake.objects.select_for_update().filter(pk=wish.intake_id).first()
    _check_rank(wish=wish, outcome=outcome, rank=rank)
    before = {"outcome": existing.outcome, "rank": existing.rank} if existing else {}
    decision, _created = AdmissibilityDecision.objects.update_or_create(
        wish=wish,
        defaults={
            "outcome": outcome,
            "rank": rank,
            "comment": comment,
            "decided_by": actor,
            "decided_at": now,
        },
    )
    audit_record(
        actor=actor,
        action=AuditAction.ADMISSIBILITY_DECISION,
        obj=wish,
        before=before,
        after={"outcome": outcome, "rank": rank},
        reason=comment,
    )
    return decision


@transaction.atomic
def admissibility_decide(
    *, wish: Wish, actor, outcome: str, rank: int | None = None, comment: str = "", now=None
) -> AdmissibilityDecision:
    """The president decides admissible or not admissible on a pre-admissible wish, with a
    rank for the admissible (the complementary list) and a comment for the minutes. A
    draft until the admissibility results date; from that date on, a decision is
    released at once (the milestone has run) and is final."""
    now = now or timezone.now()
    wish = Wish.objects.select_related("intake__program", "intake__campaign", "application__candidate").get(
        pk=wish.pk
    )
    _ensure_decidable(wish, actor)
    decision = _decision_write(
        wish=wish, actor=actor, outcome=outcome, rank=rank, comment=(comment or "").strip(), now=now
    )
    if now >= results_open_at(wish.intake.campaign):
        _release_chunk(application_ids=[wish.application_id], actor=actor, now=now)
        decision.refresh_from_db()
    return decision


@dataclass
class BulkResult:
    done: list = field(default_factory=list)
    refused: list = field(default_factory=list)  # (wish, message)


def admissibility_bulk_decide(
    *, wishes, actor, outcome: str, rank_in_order: bool = False, now=None
) -> BulkResult:
    """The same decision on several wishes, each in its own transaction: one refused wish
    (excellence, withdrawn, released) does not block the others. `rank_in_order` ranks the
    admissible ones in the order given (the list's sort), after the ranks already given to
    the intake's other candidates."""
    now = now or timezone.now()
    wishes = list(wishes)
    result = BulkResult()
    next_rank = None
    if rank_in_order and outcome == AdmissibilityOutcome.ADMISSIBLE and wishes:
        next_rank = _ranks_clear(wishes=wishes) + 1
    for wish in wishes:
        try:
            admissibility_decide(wish=wish, actor=actor, outcome=outcome, rank=next_rank, now=now)
        except SelectionError as exc:
            result.refused.append((wish, exc.message))
        else:
            result.done.append(wish)
            if next_rank is not None:
                next_rank += 1
    return result


@transaction.atomic
def _ranks_clear(*, wishes) -> int:
    """Before ranking `wishes` anew: their draft ranks cleared; returns the highest rank left
    in their intake."""
    intake_id = wishes[0].intake_id
    Intake.objects.select_for_update().filter(pk=intake_id).first()
    ids = [w.pk for w in wishes if w.intake_id == intake_id]
    AdmissibilityDecision.objects.filter(wish_id__in=ids, status=AdmissibilityStatus.DRAFT).update(rank=None)
    highest = AdmissibilityDecision.objects.filter(wish__intake_id=intake_id).aggregate(top=Max("rank"))[
        "top"
    ]
    return highest or 0


# --- release -----------------------------------------------------------------------------------


@dataclass
class ReleaseReport:
    released: int = 0
    emails: int = 0
    undecided: int = 0  # pre-admissible wishes still without a decision
    skipped: list = field(default_factory=list)  # (wish, reason): withdrawn since the decision...


# Candidates released per transaction (as the file-review release).
RELEASE_CHUNK = 500


def admissibility_release(*, campaign: Campaign, actor=None, now=None) -> ReleaseReport:
    """On the admissibility results date (R-TEST-8): every draft decision of the session
    applied to its wish through the state machine (pre_admissible → admissible |
    not_admissible) and one e-mail per candidate, listing all their decisions released this
    time. Refused before the date; a rerun releases only what is left and queues nothing
    twice."""
    now = now or timezone.now()
    if now < results_open_at(campaign):
        raise ReleaseTooEarly(
            _("Admissibility decisions cannot be released before the admissibility results date (%(date)s).")
            % {"date": date_format(campaign.admissibility_results_on, "SHORT_DATE_FORMAT")}
        )
    report = ReleaseReport()
    release_by_candidate(
        report,
        drafts=AdmissibilityDecision.objects.filter(
            wish__intake__campaign=campaign, status=AdmissibilityStatus.DRAFT
        ),
        chunk_size=RELEASE_CHUNK,
        release_chunk=_release_chunk,
        actor=actor,
        now=now,
    )
    report.undecided = Wish.objects.filter(
        intake__campaign=campaign, state=WishState.PRE_ADMISSIBLE, admissibility_decision__isnull=True
    ).count()
    audit_record(
        actor=actor,
        action=AuditAction.ADMISSIBILITIES_RELEASED,
        obj=campaign,
        after={"released": report.released, "emails": report.emails, "undecided": report.undecided},
    )
    if report.undecided:
        logger.warning(
            "Admissibility released for %s; %d pre-admissible wishes without a decision",
            campaign,
            report.undecided,
        )
    return report


@transaction.atomic
def _release_chunk(*, application_ids, actor, now):
    """Some candidates: their draft decisions and their wishes locked (a concurrent release
    waits, then finds them released), the wishes moved through the state machine, the
    decisions marked released, one e-mail per candidate."""
    decisions = list(
        AdmissibilityDecision.objects.select_for_update(of=("self", "wish"))
        .filter(wish__application_id__in=application_ids, status=AdmissibilityStatus.DRAFT)
        .select_related(
            "wish__application__candidate",
            "wish__application__campaign",
            "wish__intake__program",
            "wish__intake__campaign",
        )
        .order_by("wish__application_id", "wish__intake__level", "wish__intake__program__code")
    )
    releasable, skipped = [], []
    for decision in decisions:
        if AdmissibilityStatus.RELEASED not in STATUS_TRANSITIONS[decision.status]:
            continue  # the table says what a decision may become: a released one is final
        if decision.wish.state != WishState.PRE_ADMISSIBLE:
            # Withdrawn or voided since, or made admissible by an override: nothing to tell.
            skipped.append((decision.wish, decision.wish.get_state_display()))
        else:
            releasable.append(decision)
    by_target = defaultdict(list)
    for decision in releasable:
        by_target[OUTCOME_TARGET_STATE[decision.outcome]].append(decision.wish)
    for target, wishes in by_target.items():
        wishes_transition(
            wishes=wishes, target=target, actor=actor, action=AuditAction.ADMISSIBILITY_RELEASED
        )
    by_application = defaultdict(list)
    for decision in releasable:
        decision.status, decision.released_at = AdmissibilityStatus.RELEASED, now
        by_application[decision.wish.application_id].append(decision)
    AdmissibilityDecision.objects.filter(pk__in=[d.pk for d in releasable]).update(
        status=AdmissibilityStatus.RELEASED, released_at=now
    )
    queued = email_queue_many(
        template_key=letters.RESULTS_TEMPLATE,
        items=[
            letters.results_item(application=released[0].wish.application, decisions=released)
            for released in by_application.values()
        ],
    )
    return len(releasable), len(queued), skipped


def release_milestone_run(campaign: Campaign) -> int:
    """The `selection.release_admissibility` milestone: returns the number of e-mails queued."""
    return admissibility_release(campaign=campaign, actor=None).emails
