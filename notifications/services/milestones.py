"""Running the calendar's milestones: each due action once per campaign, recorded."""

import datetime
import logging

from django.db import transaction
from django.utils import timezone

from admissions.models import Campaign
from core.audit import audit_record

from ..enums import AuditAction, MilestoneStatus
from ..milestones import all_actions, get_action
from ..models import MilestoneRun

logger = logging.getLogger(__name__)

# A failed run is tried again by the beat after 1, 2, 4, 8 then 16 minutes: a passing fault
# (the broker, the database) heals within that, while a lasting one (an action refusing
# because its window has passed) must not write a traceback and an audit entry every minute
# for ever. After the last attempt it stays failed, on the session's timeline, until an
# admin runs it again.
MAX_ATTEMPTS = 6


def _retry_due(run: MilestoneRun, now: datetime.datetime) -> bool:
    if run.runs >= MAX_ATTEMPTS:
        return False
    if run.finished_at is None:  # never finished (interrupted): nothing to wait for
        return True
    return now >= run.finished_at + datetime.timedelta(minutes=2 ** (run.runs - 1))


# --- milestones -----------------------------------------------------------------------
def milestone_run(
    *, campaign, action_key: str, actor=None, rerun: bool = False, now: datetime.datetime | None = None
) -> MilestoneRun | None:
    """Run one milestone action for one campaign, once: the MilestoneRun row (unique per
    campaign and action) is created or locked first, so a concurrent tick waits and then
    finds it done. A done run is run again only on an explicit `rerun` (an admin), which
    is safe: the e-mails' idempotency keys prevent duplicates; a failed one by the beat with
    a growing delay, MAX_ATTEMPTS times at most. Returns None if nothing ran."""
    action = get_action(action_key)
    now = now or timezone.now()
    due_at = action.due_at(campaign)
    if due_at is None or (due_at > now and not rerun):
        return None
    with transaction.atomic():
        run, _created = MilestoneRun.objects.select_for_update().get_or_create(
            campaign=campaign, action_key=action_key, defaults={"due_at": due_at}
        )
        if run.status == MilestoneStatus.DONE and not rerun:
            return None
        if run.status == MilestoneStatus.FAILED and not rerun and not _retry_due(run, now):
            return None
        before = {"status": run.status, "due_at": run.due_at, "emails_queued": run.emails_queued}
        run.started_at = timezone.now()
        run.due_at = due_at
        run.runs += 1
        try:
            with transaction.atomic():
                count = action.run(campaign)
        except Exception as exc:
            logger.exception("milestone %s for %s failed", action_key, campaign)
            run.status = MilestoneStatus.FAILED
            run.error = f"{type(exc).__name__}: {exc}"[:2000]
            run.emails_queued = 0
        else:
            run.status = MilestoneStatus.DONE
            run.error = ""
            run.emails_queued = int(count or 0)
        run.finished_at = timezone.now()
        run.save()
        audit_record(
            actor=actor,
            action=AuditAction.MILESTONE_RERUN if rerun else AuditAction.MILESTONE_RUN,
            obj=run,
            before=before,
            after={"status": run.status, "due_at": run.due_at, "emails_queued": run.emails_queued},
            reason=run.error,
        )
    return run


def milestones_tick(*, now: datetime.datetime | None = None) -> list[MilestoneRun]:
    """The beat tick: each due action not yet done, for every campaign, once."""
    now = now or timezone.now()
    done = set(
        MilestoneRun.objects.filter(status=MilestoneStatus.DONE).values_list("campaign_id", "action_key")
    )
    runs = []
    for campaign in Campaign.objects.all():
        for action in all_actions():
            due_at = action.due_at(campaign)
            if due_at is None or due_at > now or (campaign.pk, action.key) in done:
                continue
            run = milestone_run(campaign=campaign, action_key=action.key, now=now)
            if run is not None:
                runs.append(run)
    return runs
