"""Live interviews: the jury of the intake's program (program X) for calls, slots, grades,
moves and cancellations; the candidate for their own choice and booking. Everyone else: 404."""

from admissions.enums import EntryLevel
from admissions.models import Intake
from interviews.models import Booking
from jury.enums import ProbatoryTest
from tests.interviews.factories import called_wish, open_slots
from tests.permissions import LOGIN, NOT_ALLOWED, OK, Case


def _intake_x(world):
    return Intake.objects.get(campaign__year=2021, program=world.program_x, level=EntryLevel.YEAR_1)


def intake_x(world):
    return {"pk": _intake_x(world).pk}


def _wish_of_a(world):
    return called_wish(_intake_x(world), decided_by=world.president, candidate=world.candidate_a)


def wish_x(world):
    return {"pk": _wish_of_a(world).pk}


def book_x(world):
    return {"pk": _wish_of_a(world).pk, "test": str(ProbatoryTest.SECOND_INTERVIEW)}


def slot_x(world):
    return {"pk": open_slots(_intake_x(world), members=[world.jury_x])[0].pk}


def booking_of_a(world):
    slot = open_slots(_intake_x(world), members=[world.jury_x])[0]
    booking = Booking.objects.create(slot=slot, wish=_wish_of_a(world), test=ProbatoryTest.SECOND_INTERVIEW)
    return {"pk": booking.pk}


JURY_X = {"anonymous": LOGIN, "jury_x": OK}
POST_ONLY_JURY_X = {"anonymous": LOGIN, "jury_x": NOT_ALLOWED}
OWNER = {"anonymous": LOGIN, "candidate_a": OK}

CASES = [
    Case("interviews:calls", perm="interviews.manage_calls", setup=intake_x, expect=JURY_X),
    Case("interviews:call_toggle", perm="interviews.call_wish", setup=wish_x, expect=POST_ONLY_JURY_X),
    Case("interviews:slots", perm="interviews.manage_slots", setup=intake_x, expect=JURY_X),
    Case("interviews:slot", perm="interviews.see_slot", setup=slot_x, expect=JURY_X),
    Case("interviews:slot_delete", perm="interviews.remove_slot", setup=slot_x, expect=POST_ONLY_JURY_X),
    Case("interviews:grade", perm="interviews.grade_booking", setup=booking_of_a, expect=POST_ONLY_JURY_X),
    Case("interviews:jury_move", perm="interviews.move_booking", setup=booking_of_a, expect=POST_ONLY_JURY_X),
    Case(
        "interviews:jury_cancel",
        perm="interviews.jury_cancel_booking",
        setup=booking_of_a,
        expect=POST_ONLY_JURY_X,
    ),
    Case("interviews:book", perm="interviews.book", setup=book_x, expect=OWNER),
    Case("interviews:booking", perm="interviews.see_own_booking", setup=booking_of_a, expect=OWNER),
    Case("interviews:booking_ics", perm="interviews.see_own_booking", setup=booking_of_a, expect=OWNER),
    Case(
        "interviews:booking_cancel",
        perm="interviews.cancel_booking",
        setup=booking_of_a,
        expect={"anonymous": LOGIN, "candidate_a": NOT_ALLOWED},
    ),
]
