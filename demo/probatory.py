"""The selection tests of a session, told through the test apps' services at their dates
(R-TEST-1..8): the English test invitations and the sandbox provider's results (most
completed, one invalidated, some started only); the jury's calls to a second interview,
the slots its members open, the candidates' bookings and the panel's grades once held.
A few video interviews are recorded and graded (`demo.video`)."""

import datetime as dt
import random
from decimal import Decimal

import time_machine

from candidates.enums import WishState
from candidates.models import Wish
from english_test.enums import Level, TakeState
from english_test.models import Take
from english_test.providers.base import ProviderResult
from english_test.services import provider_result_receive, score_max, take_invalidate
from interviews import services as interviews
from interviews.enums import GRADING_CRITERIA, GradeProposal
from interviews.models import Booking, Slot
from interviews.selectors import wish_requires
from jury.enums import ProbatoryTest
from notifications.services import milestone_run

from .dossiers import at
from .video import video_steps


def probatory_steps(campaign, progress: str, *, president, admin, seed: str, graded: bool) -> dict[str, int]:
    rng = random.Random(f"{seed}-tests")
    counts = _english(campaign, admin=admin, rng=rng)
    counts |= _interviews(campaign, president=president, rng=rng, graded=graded)
    counts |= video_steps(campaign, graded=graded, jury=president)
    return counts


def _english(campaign, *, admin, rng) -> dict[str, int]:
    start = campaign.video_english_start_on
    with time_machine.travel(at(start, 9), tick=False):
        # Through the calendar's milestone, as the beat would have run it: recorded as done,
        # so the beat does not try it again for a session whose window has closed.
        run = milestone_run(campaign=campaign, action_key="english_test.invite")
        invited = run.emails_queued if run is not None else 0  # one e-mail per invited candidate
    completed = invalidated = 0
    top = score_max()
    takes = list(Take.objects.filter(application__campaign=campaign).order_by("pk"))
    for number, take in enumerate(takes):
        kind = number % 5
        if kind == 4:
            continue  # not started yet
        moment = at(start + dt.timedelta(days=1), 9) + dt.timedelta(minutes=7 * number)
        with time_machine.travel(moment, tick=False):
            provider_result_receive(
                result=ProviderResult(
                    source="sandbox",
                    event_id=f"demo-{take.pk}-started",
                    kind=TakeState.STARTED,
                    occurred_at=moment,
                ),
                take=take,
            )
        if kind == 3:
            continue  # started, not finished
        score = (top * Decimal(rng.randint(35, 98)) / 100).quantize(Decimal(1))
        level = [Level.A2, Level.B1, Level.B2, Level.C1][min(int(score / top * 4), 3)]
        with time_machine.travel(moment + dt.timedelta(minutes=50), tick=False):
            provider_result_receive(
                result=ProviderResult(
                    source="sandbox",
                    event_id=f"demo-{take.pk}-completed",
                    kind=TakeState.COMPLETED,
                    score=score,
                    level=level,
                    occurred_at=moment + dt.timedelta(minutes=50),
                ),
                take=take,
            )
        completed += 1
        if not invalidated:
            with time_machine.travel(at(start + dt.timedelta(days=1), 18), tick=False):
                take_invalidate(
                    take=take,
                    actor=admin,
                    reason="Une autre personne apparaît sur les photos (démonstration).",
                )
            invalidated += 1
    return {"english_invited": invited, "english_completed": completed, "english_invalidated": invalidated}


def _free_slots(intake, test):
    return iter(
        Slot.objects.filter(intake=intake, test=test)
        .exclude(bookings__state="booked")
        .select_related("intake__campaign")
        .order_by("starts_at", "pk")
    )


def _interviews(campaign, *, president, rng, graded) -> dict[str, int]:
    """1st year: the jury calls a third of the pre-admissible candidates to a second
    interview, told on the notice date; slots on the last two days of the booking window,
    booked from its first day. 2nd year: jury-interview slots a week into the tests."""
    start = campaign.video_english_start_on
    wishes = list(
        Wish.objects.filter(intake__campaign=campaign, state=WishState.PRE_ADMISSIBLE)
        .select_related("intake__program", "intake__campaign", "application__candidate", "jury_decision")
        .order_by("pk")
    )
    called = []
    with time_machine.travel(at(start + dt.timedelta(days=1), 11), tick=False):
        for number, wish in enumerate(w for w in wishes if w.intake.level == "year_1"):
            if number % 3 == 0:
                interviews.call_mark(wish=wish, actor=president)
                called.append(wish)
    intakes = {wish.intake_id: wish.intake for wish in wishes}
    slots = 0
    with time_machine.travel(at(start + dt.timedelta(days=1), 15), tick=False):
        # Two hours per intake, one after another: the president sits on every jury.
        for position, intake in enumerate(sorted(intakes.values(), key=lambda i: i.pk)):
            members = list(intake.program.jury_members.order_by("pk")[:2])
            if not members or Slot.objects.filter(intake=intake).exists():
                continue
            if intake.level == "year_1":
                last = campaign.second_interview_booking_end_on
                test, days, hours = (
                    ProbatoryTest.SECOND_INTERVIEW,
                    [last - dt.timedelta(days=1), last],
                    (8 + 2 * position, 10 + 2 * position),
                )
            else:
                test, days, hours = (
                    ProbatoryTest.JURY_INTERVIEW,
                    [campaign.tests_start_on + dt.timedelta(days=7)],
                    (8 + 2 * position, 10 + 2 * position),
                )
            slots += len(
                interviews.slots_open(
                    intake=intake,
                    actor=members[0],
                    test=test,
                    plan=interviews.SlotPlan(days=days, start=dt.time(hours[0]), end=dt.time(hours[1])),
                    members=members,
                    note="Salle du jury ou visioconférence (démonstration).",
                )
            )
    booked = []
    with time_machine.travel(at(start + dt.timedelta(days=1), 17), tick=False):
        for wish in wishes:
            if wish.intake.level == "year_2" and wish_requires(wish, ProbatoryTest.JURY_INTERVIEW):
                slot = next(_free_slots(wish.intake, ProbatoryTest.JURY_INTERVIEW), None)
                if slot is not None:
                    booked.append(
                        interviews.booking_create(wish=wish, slot=slot, actor=wish.application.candidate)
                    )
    counts = {"second_interview_called": len(called), "slots_opened": slots}
    if graded:
        with time_machine.travel(at(campaign.second_interview_notice_on, 8, 5), tick=False):
            counts["second_interview_told"] = interviews.calls_notify(campaign=campaign)
        with time_machine.travel(at(campaign.second_interview_booking_start_on, 10), tick=False):
            for number, wish in enumerate(called):
                if number % 6 == 5:
                    continue  # did not book
                slot = next(_free_slots(wish.intake, ProbatoryTest.SECOND_INTERVIEW), None)
                if slot is not None:
                    booked.append(
                        interviews.booking_create(wish=wish, slot=slot, actor=wish.application.candidate)
                    )
        for booking in (
            Booking.objects.filter(pk__in=[b.pk for b in booked]).select_related("slot").order_by("pk")
        ):
            with time_machine.travel(booking.slot.ends_at + dt.timedelta(minutes=5), tick=False):
                points = {code: rng.randint(1, maximum) for code, _label, maximum in GRADING_CRITERIA}
                total = sum(points.values())
                interviews.booking_grade(
                    booking=booking,
                    actor=booking.slot.created_by,
                    scores=points,
                    comment="Entretien de démonstration.",
                    proposal=GradeProposal.ADMISSIBLE
                    if total >= 12
                    else (GradeProposal.RESERVED if total >= 9 else GradeProposal.NOT_ADMISSIBLE),
                )
    counts["bookings"] = len(booked)
    return counts
