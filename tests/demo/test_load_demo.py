"""`load_demo` (issue 13): the demo is told through the services, so it is also a test of them.
Run per phase with a few candidates (the real run has 300 + 150), on SQLite and, in CI, on
PostgreSQL; the invariants must hold for every phase."""

from collections import Counter

import pytest
from django.core.management import call_command
from django.utils import timezone

from admissions.models import Campaign
from apprenticeship.enums import JobSheetState
from apprenticeship.models import Contract, JobSheet
from apprenticeship.selectors import diploma_proven
from candidates.enums import OPEN_STATES, WishState
from candidates.models import Application, Wish
from candidates.selectors import released_state
from company_search.models import SearchNeeds
from english_test.enums import TakeState
from english_test.models import Take
from interviews.enums import GradeProposal
from interviews.models import Grade, SecondInterviewCall, Slot
from jury.models import Assignment, Decision, Review
from notifications.enums import MilestoneStatus
from notifications.models import MilestoneRun, OutboxMessage
from notifications.services import milestones_tick
from selection.models import AdmissibilityDecision
from video_interview.models import Grade as VideoGrade
from video_interview.models import Take as VideoTake

pytestmark = pytest.mark.django_db(transaction=True)
SMALL = {"history": 14, "candidates": 14}


def _load(phase, **options):
    call_command("load_demo", phase=phase, stdout=_Sink(), **(SMALL | options))
    return Campaign.objects.exclude(year=2021).get()


class _Sink:
    def write(self, text):
        return len(text)

    def flush(self):
        pass


def _invariants(live):
    now = timezone.now()
    for campaign in Campaign.objects.all():
        for intake in campaign.intakes.with_places():
            held = intake.wishes.filter(
                state__in=[WishState.PLACED, WishState.ADMITTED, WishState.ENROLLED]
            ).count()
            assert held <= intake.total_places, intake
    released = Decision.objects.filter(status="released").select_related("wish__application__candidate")
    for decision in released:
        # Every released decision e-mailed once (one e-mail per candidate and release).
        assert (
            OutboxMessage.objects.filter(
                template_key="jury.review_results", recipient_email=decision.wish.application.candidate.email
            ).count()
            == 1
        )
    for wish in Wish.objects.filter(intake__campaign=live).select_related("application__campaign"):
        if now < live.paris_start_of(live.review_results_on):
            assert released_state(wish, live, now) not in (WishState.REJECTED, WishState.ADMISSIBLE)


def test_the_submissions_phase_accepts_a_dossier_today_and_is_idempotent():
    live = _load("submissions", candidates=20)  # 20: a dossier submitted for each program
    assert live.is_open_for_submission(timezone.now())
    demo = Application.objects.get(campaign=live, candidate__email="candidat@demo.imt-mines-ales.fr")
    assert demo.submitted_at is None and demo.wishes.count() == 2
    states = Counter(Wish.objects.filter(intake__campaign=live).values_list("state", flat=True))
    assert states[WishState.DRAFT] > 0 and states[WishState.SUBMITTED] > 0
    history = Counter(Wish.objects.filter(intake__campaign__year=2021).values_list("state", flat=True))
    assert {WishState.ADMISSIBLE, WishState.NOT_ADMISSIBLE, WishState.REJECTED}.issubset(history)
    _first_reading(live)
    _invariants(live)
    before = (Application.objects.count(), Wish.objects.count(), OutboxMessage.objects.count())

    _load("submissions", candidates=20)

    assert (Application.objects.count(), Wish.objects.count(), OutboxMessage.objects.count()) == before


def _first_reading(live):
    """R-DOSSIER-1, R-JURY-5: before the deadline each demo jury member has dossiers assigned
    to them and a review started, the jury has titles to judge; no review handed in, no
    choice taken into review (the candidate may still change it), no decision."""
    for email in ("jury.bat@demo.imt-mines-ales.fr", "jury.infres@demo.imt-mines-ales.fr"):
        assert Assignment.objects.filter(wish__intake__campaign=live, member__email=email).exists(), email
        assert Review.objects.filter(wish__intake__campaign=live, reviewer__email=email).exists(), email
    assert not Review.objects.filter(wish__intake__campaign=live, submitted_at__isnull=False).exists()
    assert not Wish.objects.filter(intake__campaign=live, state=WishState.UNDER_REVIEW).exists()
    assert not Decision.objects.filter(wish__intake__campaign=live).exists()
    assert Wish.objects.filter(
        intake__campaign=live, state=WishState.SUBMITTED, eligibility="jury", eligibility_ruling__isnull=True
    ).exists()
    assert not Assignment.objects.filter(wish__intake__campaign=live, wish__state=WishState.DRAFT).exists()
    for assignment in Assignment.objects.filter(wish__intake__campaign=live).select_related(
        "wish__application"
    ):
        assert assignment.created_at > assignment.wish.application.submitted_at


def test_the_review_phase_gives_the_jury_work_and_shows_no_decision_before_its_date():
    live = _load("review", history=0)
    now = timezone.now()
    assert not live.is_open_for_submission(now)
    assert now < live.paris_start_of(live.review_results_on)
    assert Assignment.objects.filter(wish__intake__campaign=live).exists()
    assert Decision.objects.filter(wish__intake__campaign=live, status="draft").exists()
    assert not Decision.objects.filter(wish__intake__campaign=live, status="released").exists()
    _invariants(live)


def test_the_cfa_phase_has_the_file_review_and_admissibility_released_once_and_support_going():
    live = _load("cfa", history=0, candidates=20)
    assert Decision.objects.filter(wish__intake__campaign=live, status="released").exists()
    assert not Decision.objects.filter(wish__intake__campaign=live, status="draft").exists()
    admissibility = AdmissibilityDecision.objects.filter(wish__intake__campaign=live)
    assert admissibility.exists() and not admissibility.exclude(status="released").exists()
    states = Counter(Wish.objects.filter(intake__campaign=live).values_list("state", flat=True))
    assert states[WishState.ADMISSIBLE] > 0 and states[WishState.PRE_ADMISSIBLE] == 0
    for application in Application.objects.filter(
        campaign=live, wishes__admissibility_decision__isnull=False
    ).distinct():
        assert (
            OutboxMessage.objects.filter(
                template_key="selection.admissibility_results", recipient_email=application.candidate.email
            ).count()
            == 1
        )
    assert SearchNeeds.objects.filter(application__campaign=live).exists()
    _invariants(live)


def test_another_phase_on_the_same_database_is_refused_in_words():
    _load("submissions", history=0)
    with pytest.raises(Exception, match="another calendar"):
        _load("review", history=0)


def _sheet_invariants(live):
    """No intake over its places, counted by the registered sheets too; a sheet waits only
    when its intake is full."""
    for intake in live.intakes.with_places():
        registered = JobSheet.objects.filter(intake=intake, state=JobSheetState.REGISTERED).count()
        assert registered <= intake.total_places, intake
        if JobSheet.objects.filter(intake=intake, state=JobSheetState.WAITING).exists():
            assert registered == intake.total_places, intake


def test_R_CFA_2_4_the_cfa_phase_has_job_sheets_in_every_state_and_sheets_to_review():
    live = _load("cfa", history=0, candidates=40)
    states = Counter(JobSheet.objects.filter(intake__campaign=live).values_list("state", flat=True))
    assert {
        JobSheetState.INVITED,
        JobSheetState.FILLING,
        JobSheetState.SENT,
        JobSheetState.CHANGES_ASKED,
        JobSheetState.APPROVED,
        JobSheetState.REFUSED,
        JobSheetState.REGISTERED,
    }.issubset(states), states
    # The CFA lands on sheets to review; no admission yet before the classes.
    assert states[JobSheetState.SENT] > 0
    assert not Wish.objects.filter(
        intake__campaign=live, state__in=[WishState.ADMITTED, WishState.ENROLLED]
    ).exists()
    # Every registered sheet's wish holds its place; each registration e-mailed once.
    for sheet in JobSheet.objects.filter(
        intake__campaign=live, state=JobSheetState.REGISTERED
    ).select_related("wish__application__candidate"):
        assert sheet.wish.state == WishState.PLACED
        assert (
            OutboxMessage.objects.filter(
                template_key="job_sheet.registered", recipient_email=sheet.wish.application.candidate.email
            ).count()
            == 1
        )
    _sheet_invariants(live)
    _invariants(live)


def test_R_ADMIT_2_3_the_classes_phase_admits_with_the_diploma_proven_and_enrols_by_contract():
    live = _load("classes", history=0, candidates=40)
    enrolled = Wish.objects.filter(intake__campaign=live, state=WishState.ENROLLED).select_related(
        "application__candidate"
    )
    assert enrolled.exists()
    for wish in enrolled:
        assert Contract.objects.filter(wish=wish).count() == 1
        assert diploma_proven(wish.application)
        assert not wish.application.wishes.exclude(pk=wish.pk).filter(state__in=OPEN_STATES).exists()
        assert (
            OutboxMessage.objects.filter(
                template_key="apprenticeship.enrolled", recipient_email=wish.application.candidate.email
            ).count()
            == 1
        )
    assert JobSheet.objects.filter(intake__campaign=live, state=JobSheetState.WAITING).exists()
    _sheet_invariants(live)
    _invariants(live)


def test_R_TEST_1_3_the_tests_phase_has_english_results_and_calls_not_told_before_their_date():
    live = _load("tests", history=0, candidates=30)
    now = timezone.now()
    takes = Counter(Take.objects.filter(application__campaign=live).values_list("state", flat=True))
    assert takes[TakeState.COMPLETED] > 0 and takes[TakeState.INVALIDATED] == 1, takes
    for take in Take.objects.filter(application__campaign=live).select_related("application__candidate"):
        assert (
            OutboxMessage.objects.filter(
                template_key="english_test.invitation", recipient_email=take.application.candidate.email
            ).count()
            == 1
        )
    calls = SecondInterviewCall.objects.filter(wish__intake__campaign=live)
    assert calls.exists()
    # The notice date is still to come: nobody is told, no deliberation yet.
    assert now < live.paris_start_of(live.second_interview_notice_on)
    assert not calls.filter(notified_at__isnull=False).exists()
    assert not OutboxMessage.objects.filter(template_key="interviews.second_interview_notice").exists()
    assert not AdmissibilityDecision.objects.filter(wish__intake__campaign=live).exists()
    assert Slot.objects.filter(
        intake__campaign=live, created_by__email__endswith="@demo.imt-mines-ales.fr"
    ).exists()
    _invariants(live)


def test_R_TEST_8_the_deliberation_follows_the_grades_of_the_interviews_held_before_it():
    live = _load("admissibility", history=0, candidates=30)
    grades = Grade.objects.filter(booking__wish__intake__campaign=live).select_related("booking__wish")
    assert grades.exists()
    for grade in grades:
        decision = AdmissibilityDecision.objects.get(wish=grade.booking.wish)
        assert grade.booking.slot.ends_at <= decision.decided_at
        assert (decision.outcome == "admissible") == (grade.proposal != GradeProposal.NOT_ADMISSIBLE)
    # A few video interviews recorded (a real clip, assembled) and graded before the deliberation.
    takes = VideoTake.objects.filter(wish__intake__campaign=live)
    assert 0 < takes.count() <= 3 and not takes.exclude(state="assembled").exists()
    for video_grade in VideoGrade.objects.filter(wish__intake__campaign=live):
        assert video_grade.graded_at <= AdmissibilityDecision.objects.get(wish=video_grade.wish_id).decided_at
    for call in SecondInterviewCall.objects.filter(wish__intake__campaign=live).select_related(
        "wish__application__candidate"
    ):
        assert call.notified_at is not None
        assert (
            OutboxMessage.objects.filter(
                template_key="interviews.second_interview_notice",
                recipient_email=call.wish.application.candidate.email,
            ).count()
            == 1
        )
    _invariants(live)


def test_the_beat_finds_every_milestone_of_the_history_run_and_fails_none():
    """The 2021 history's English test invitations were sent through the calendar's milestone:
    the beat's next tick does not try them again outside their window (it did, and failed
    every few minutes in the load runs' worker log)."""
    _load("submissions", candidates=2)
    history = Campaign.objects.get(year=2021)
    invite = MilestoneRun.objects.get(campaign=history, action_key="english_test.invite")
    assert invite.status == MilestoneStatus.DONE
    assert invite.emails_queued == Take.objects.filter(application__campaign=history).count() > 0
    milestones_tick()
    assert not MilestoneRun.objects.filter(status=MilestoneStatus.FAILED).exists(), list(
        MilestoneRun.objects.filter(status=MilestoneStatus.FAILED).values_list("action_key", "error")
    )
