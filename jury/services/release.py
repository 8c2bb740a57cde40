"""The release of the file-review decisions on the results date (R-JURY-5): by the
president's button or the calendar's milestone, in chunks, one e-mail per candidate."""

import logging
from collections import defaultdict
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from admissions.models import Campaign
from candidates.enums import WishState
from candidates.models import Wish
from candidates.workflow import wishes_transition
from core.audit import audit_record

from .. import letters
from ..enums import DECISION_TARGET_STATE, AuditAction, DecisionStatus
from ..models import Decision
from .common import DECIDABLE_STATES, JuryError, fee_owed_before_examination, needs_eligibility_ruling

logger = logging.getLogger(__name__)


def _campaign_started_results(campaign: Campaign, now=None) -> bool:
    now = now or timezone.now()
    return now >= Campaign.paris_start_of(campaign.review_results_on)


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
    release_by_candidate(
        report,
        drafts=Decision.objects.filter(wish__intake__campaign=campaign, status=DecisionStatus.DRAFT),
        chunk_size=RELEASE_CHUNK,
        release_chunk=_release_chunk,
        actor=actor,
        now=now,
    )
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


def release_by_candidate(report, *, drafts, chunk_size: int, release_chunk, actor, now):
    """The candidates of the draft decisions `drafts` (a queryset of a model with a `wish`),
    released `chunk_size` at a time by `release_chunk(application_ids=…, actor=…, now=…)`, one
    transaction each, which returns (released, e-mails, skipped); adds them to `report` (a
    release report with `released`, `emails`, `skipped`). The file-review release and the
    admissibility release (selection) both go this way."""
    application_ids = list(
        drafts.values_list("wish__application_id", flat=True).distinct().order_by("wish__application_id")
    )
    for i in range(0, len(application_ids), chunk_size):
        released, emails, skipped = release_chunk(
            application_ids=application_ids[i : i + chunk_size], actor=actor, now=now
        )
        report.released += released
        report.emails += emails
        report.skipped.extend(skipped)
    return report


@transaction.atomic
def _release_chunk(*, application_ids, actor, now):
    """Some candidates: their draft decisions locked (a concurrent release waits, then
    finds them released), applied through the state machine, one e-mail each."""
    decisions = list(
        Decision.objects.select_for_update(of=("self",))
        .filter(wish__application_id__in=application_ids, status=DecisionStatus.DRAFT)
        .select_related(
            "wish__application__candidate",
            "wish__application__campaign",
            "wish__intake__program",
            "wish__eligibility_ruling",
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
        elif needs_eligibility_ruling(wish):
            # Decided before anyone ruled on a title the jury must judge (R-ELIG-2/3/4).
            skipped.append((wish, _("No eligibility ruling")))
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
