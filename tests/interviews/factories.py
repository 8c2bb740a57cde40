"""Builders of the live-interview tests: pre-admissible wishes with a released decision,
1st-year calls, slots with a panel."""

import datetime as dt

from django.utils import timezone

from admissions.models import PARIS
from candidates.enums import WishState
from interviews.models import SecondInterviewCall, Slot, SlotMember
from jury.enums import DecisionKind, DecisionStatus, ProbatoryTest
from jury.models import Decision
from tests.jury.factories import CandidateFactory, submitted_wish


def released_wish(intake, *, decided_by, tests=(), candidate=None, tests_note=""):
    """A pre-admissible wish whose released decision lists `tests`."""
    candidate = candidate or CandidateFactory()
    wish = submitted_wish(intake, state=WishState.PRE_ADMISSIBLE, application__candidate=candidate)
    kind = DecisionKind.STANDARD if intake.level == "year_1" else DecisionKind.PRE_ADMISSIBLE
    Decision.objects.create(
        wish=wish,
        kind=kind,
        status=DecisionStatus.RELEASED,
        tests=[str(t) for t in tests],
        tests_note=tests_note,
        decided_by=decided_by,
        decided_at=timezone.now(),
        released_at=timezone.now(),
    )
    return wish


def called_wish(intake, *, decided_by, candidate=None, notified=True):
    """A 1st-year pre-admissible wish the jury called to a second interview."""
    wish = released_wish(
        intake, decided_by=decided_by, tests=(ProbatoryTest.VIDEO_INTERVIEW,), candidate=candidate
    )
    SecondInterviewCall.objects.create(
        wish=wish, called_by=decided_by, notified_at=timezone.now() if notified else None
    )
    return wish


def paris(year, month, day, hour, minute=0) -> dt.datetime:
    return dt.datetime(year, month, day, hour, minute, tzinfo=PARIS)


def open_slots(intake, *, members, test=ProbatoryTest.SECOND_INTERVIEW, start=None, count=1, minutes=30):
    """`count` back-to-back slots from `start` (15 April 2021, 09:00 Paris by default)."""
    start = start or paris(2021, 4, 15, 9)
    slots = []
    for n in range(count):
        begin = start + dt.timedelta(minutes=minutes * n)
        slot = Slot.objects.create(
            intake=intake,
            test=test,
            starts_at=begin,
            ends_at=begin + dt.timedelta(minutes=minutes),
            created_by=members[0],
        )
        for member in members:
            SlotMember.objects.create(
                slot=slot, member=member, starts_at=slot.starts_at, ends_at=slot.ends_at
            )
        slots.append(slot)
    return slots
