"""Calendar-driven milestones: due / not due, once, moved dates, reruns, and the dossier
reminders 7 days and 1 day before the deadline (Paris time)."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django_celery_beat.models import PeriodicTask

from candidates.models import Application
from core.models import AuditEntry
from notifications import milestones
from notifications.enums import AuditAction, MilestoneStatus
from notifications.milestones import get_action
from notifications.models import MilestoneRun, OutboxMessage
from notifications.services import milestone_run, milestones_tick
from notifications.services import milestones as milestones_services
from notifications.tasks import milestones_tick as milestones_tick_task
from tests.factories import CampaignFactory, UserFactory

pytestmark = pytest.mark.django_db
PARIS = ZoneInfo("Europe/Paris")


def paris(*args):
    return dt.datetime(*args, tzinfo=PARIS)


@pytest.fixture
def candidates(campaign):
    """Two candidates who have not submitted, one who has, one with no dossier in 2021,
    one whose dossier is in another session."""
    pending = [UserFactory(email="pending1@example.org"), UserFactory(email="pending2@example.org")]
    for user in pending:
        Application.objects.create(campaign=campaign, candidate=user)
    done = UserFactory(email="submitted@example.org")
    Application.objects.create(campaign=campaign, candidate=done, submitted_at=paris(2021, 2, 1, 10))
    UserFactory(email="nodossier@example.org")
    other = CampaignFactory(year=2022)
    Application.objects.create(campaign=other, candidate=UserFactory(email="other@example.org"))
    return pending


def recipients(template_key):
    return sorted(
        OutboxMessage.objects.filter(template_key=template_key).values_list("recipient_email", flat=True)
    )


def test_R_SESSION_3_due_dates_follow_the_campaign_calendar_in_paris_time(campaign):
    """Rule: R-SESSION-3 (the calendar is admin data; the milestones follow it)."""
    assert get_action("dossier.reminder_7d").due_at(campaign) == paris(2021, 3, 2, 9, 0)
    assert get_action("dossier.reminder_1d").due_at(campaign) == paris(2021, 3, 8, 9, 0)
    close = get_action("submissions.close").due_at(campaign)
    assert close == paris(2021, 3, 10, 0, 0) == campaign.submissions_close_at


def test_R_DOSSIER_1_reminder_7_days_before_goes_to_candidates_who_have_not_submitted(
    campaign, candidates, django_capture_on_commit_callbacks
):
    """Rule: R-DOSSIER-1 (filed online before the deadline: reminders before it)."""
    with time_machine.travel(paris(2021, 3, 2, 8, 59), tick=False):
        assert milestones_tick() == []  # one minute early: nothing
    assert OutboxMessage.objects.count() == 0
    with (
        time_machine.travel(paris(2021, 3, 2, 9, 0), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        [run] = milestones_tick()
    assert run.action_key == "dossier.reminder_7d" and run.status == MilestoneStatus.DONE
    assert run.emails_queued == 2
    assert recipients("dossier.reminder_7d") == ["pending1@example.org", "pending2@example.org"]
    assert sorted(m.to[0] for m in mail.outbox) == ["pending1@example.org", "pending2@example.org"]
    assert "9 mars 2021" in mail.outbox[0].body and "7 jours" in mail.outbox[0].subject
    # Ticks every minute after: nothing more.
    with time_machine.travel(paris(2021, 3, 2, 9, 1), tick=False):
        assert milestones_tick() == []
    assert OutboxMessage.objects.count() == 2


def test_R_DOSSIER_1_reminder_1_day_before_in_paris_time_not_utc(campaign, candidates):
    """Rule: R-DOSSIER-1. 8 March 09:00 Paris is 08:00 UTC."""
    MilestoneRun.objects.create(
        campaign=campaign, action_key="dossier.reminder_7d", due_at=paris(2021, 3, 2, 9), status="done"
    )
    with time_machine.travel(dt.datetime(2021, 3, 8, 7, 59, tzinfo=dt.UTC), tick=False):
        assert milestones_tick() == []
    with time_machine.travel(dt.datetime(2021, 3, 8, 8, 0, tzinfo=dt.UTC), tick=False):
        [run] = milestones_tick()
    assert run.action_key == "dossier.reminder_1d" and run.emails_queued == 2
    assert recipients("dossier.reminder_1d") == ["pending1@example.org", "pending2@example.org"]


def test_a_candidate_who_submits_in_between_gets_no_1_day_reminder(campaign, candidates):
    with time_machine.travel(paris(2021, 3, 8, 12), tick=False):
        Application.objects.filter(candidate=candidates[0]).update(submitted_at=paris(2021, 3, 5, 10))
        runs = {run.action_key: run for run in milestones_tick()}
    # Late start: the 7-day action runs too (no e-mail twice, each once), then the 1-day.
    assert runs["dossier.reminder_1d"].emails_queued == 1
    assert recipients("dossier.reminder_1d") == ["pending2@example.org"]


def test_R_DOSSIER_1_after_the_deadline_no_reminder_and_submissions_close_is_recorded(campaign, candidates):
    """Rule: R-DOSSIER-1 (refused from 10 March 00:00 Paris)."""
    with time_machine.travel(paris(2021, 3, 9, 23, 59, 59), tick=False):
        keys = {run.action_key for run in milestones_tick()}
    assert "submissions.close" not in keys
    with time_machine.travel(paris(2021, 3, 10, 0, 0), tick=False):
        [run] = milestones_tick()
    assert run.action_key == "submissions.close" and run.status == MilestoneStatus.DONE
    assert not campaign.is_open_for_submission(paris(2021, 3, 10, 0, 0))
    assert campaign.is_open_for_submission(paris(2021, 3, 9, 23, 59, 59))


def test_a_run_late_after_the_deadline_sends_no_reminder(campaign, candidates):
    with time_machine.travel(paris(2021, 3, 11, 9), tick=False):
        runs = {run.action_key: run for run in milestones_tick()}
    assert runs["dossier.reminder_7d"].emails_queued == 0
    assert OutboxMessage.objects.count() == 0


def test_R_SESSION_3_a_date_moved_after_the_run_does_not_run_again_until_an_admin_reruns(
    campaign, candidates, personas
):
    """Rule: R-SESSION-3 (the admin moves the deadline)."""
    with time_machine.travel(paris(2021, 3, 2, 9), tick=False):
        milestones_tick()
    assert OutboxMessage.objects.count() == 2
    campaign.submission_deadline = dt.date(2021, 3, 16)  # moved one week later
    campaign.save()
    late_candidate = UserFactory(email="late@example.org")
    Application.objects.create(campaign=campaign, candidate=late_candidate)
    with time_machine.travel(paris(2021, 3, 9, 9), tick=False):  # the new 7-day date
        assert [r.action_key for r in milestones_tick()] == []
        run = MilestoneRun.objects.get(action_key="dossier.reminder_7d")
        assert run.due_at == paris(2021, 3, 2, 9)  # ran for the former date
        rerun = milestone_run(
            campaign=campaign, action_key="dossier.reminder_7d", actor=personas.admin, rerun=True
        )
    assert rerun.pk == run.pk and rerun.runs == 2 and rerun.due_at == paris(2021, 3, 9, 9)
    assert rerun.emails_queued == 1  # only the new candidate: nobody gets it twice
    assert recipients("dossier.reminder_7d") == [
        "late@example.org",
        "pending1@example.org",
        "pending2@example.org",
    ]
    entry = AuditEntry.objects.get(action=AuditAction.MILESTONE_RERUN)
    assert entry.actor == personas.admin and entry.after["emails_queued"] == 1
    assert AuditEntry.objects.filter(action=AuditAction.MILESTONE_RUN, actor=None).count() == 1


def test_a_failing_action_is_recorded_and_tried_again_on_the_next_tick(campaign, monkeypatch):
    calls = []

    def boom(c):
        calls.append(c)
        if len(calls) == 1:
            raise RuntimeError("SMTP relay misconfigured")
        return 0

    monkeypatch.setitem(
        milestones._ACTIONS,
        "tests.boom",
        milestones.MilestoneAction(key="tests.boom", label="boom", date_field="tests_start_on", run=boom),
    )
    with time_machine.travel(paris(2021, 3, 31, 0, 1), tick=False):
        milestone_run(campaign=campaign, action_key="tests.boom")
        run = MilestoneRun.objects.get(action_key="tests.boom")
        assert run.status == MilestoneStatus.FAILED and "misconfigured" in run.error
    with time_machine.travel(paris(2021, 3, 31, 0, 2), tick=False):
        milestones_tick()
    run.refresh_from_db()
    assert run.status == MilestoneStatus.DONE and run.runs == 2 and run.error == ""


def test_a_lasting_failure_is_tried_with_growing_delays_then_left_to_the_admin(campaign, monkeypatch):
    """A milestone that keeps failing (an action refusing because its window has passed)
    must not write a traceback and an audit entry on every beat tick for ever."""

    def refuse(c):
        raise RuntimeError("outside its window")

    monkeypatch.setitem(
        milestones._ACTIONS,
        "tests.refuse",
        milestones.MilestoneAction(
            key="tests.refuse", label="refuse", date_field="tests_start_on", run=refuse
        ),
    )
    start = paris(2021, 3, 31, 0, 1)
    for minute in range(0, 120):  # the beat ticks every minute for two hours
        with time_machine.travel(start + dt.timedelta(minutes=minute), tick=False):
            milestones_tick()
    run = MilestoneRun.objects.get(action_key="tests.refuse")
    assert run.status == MilestoneStatus.FAILED and run.runs == milestones_services.MAX_ATTEMPTS == 6
    entries = AuditEntry.objects.filter(action=AuditAction.MILESTONE_RUN, object_id=str(run.pk))
    # Tried at 0, 1, 3, 7, 15 and 31 minutes: one entry each, then nothing more.
    assert [e.created_at - start for e in entries.order_by("created_at")] == [
        dt.timedelta(minutes=m) for m in (0, 1, 3, 7, 15, 31)
    ]


def test_the_beat_task_runs_the_tick(campaign, candidates):
    with time_machine.travel(paris(2021, 3, 2, 9, 30), tick=False):
        milestones_tick_task.delay()
    assert MilestoneRun.objects.get(action_key="dossier.reminder_7d").emails_queued == 2


def test_the_beat_schedule_is_registered():
    tasks = set(
        PeriodicTask.objects.filter(enabled=True).values_list("task", "interval__every", "interval__period")
    )
    assert ("notifications.tasks.milestones_tick", 1, "minutes") in tasks
    assert ("notifications.tasks.outbox_sweep", 1, "minutes") in tasks
