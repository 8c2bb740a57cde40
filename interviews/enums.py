"""States, choices and audit actions of live interviews."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from jury.enums import ProbatoryTest

# The tests this app runs on slots: the live second interview of the 1st year (R-TEST-3),
# the jury interview and the optional oral tests of the 2nd year (R-TEST-5).
SLOT_TESTS = (ProbatoryTest.SECOND_INTERVIEW, ProbatoryTest.JURY_INTERVIEW, ProbatoryTest.ORAL_TEST)
SLOT_TEST_CHOICES = [(str(test), test.label) for test in SLOT_TESTS]
# Which entry level takes which test.
TESTS_BY_LEVEL = {
    "year_1": (ProbatoryTest.SECOND_INTERVIEW,),
    "year_2": (ProbatoryTest.JURY_INTERVIEW, ProbatoryTest.ORAL_TEST),
}


class BookingState(models.TextChoices):
    """A booking's life: booked (and possibly moved, same state, same invitation UID),
    then cancelled, or held: attended (graded) or absent."""

    BOOKED = "booked", _("Booked")
    CANCELLED = "cancelled", _("Cancelled")
    ATTENDED = "attended", _("Interview held")
    ABSENT = "absent", _("Absent")


# The allowed transitions; `booking_transition` refuses anything else. A move keeps the
# booking in BOOKED (the same calendar event, a higher SEQUENCE).
BOOKING_TRANSITIONS: dict[str, frozenset[str]] = {
    BookingState.BOOKED: frozenset(
        {BookingState.BOOKED, BookingState.CANCELLED, BookingState.ATTENDED, BookingState.ABSENT}
    ),
    BookingState.ATTENDED: frozenset({BookingState.ATTENDED}),  # the grade corrected
    BookingState.ABSENT: frozenset({BookingState.ATTENDED}),  # arrived late after all
    BookingState.CANCELLED: frozenset(),
}
# A slot holds one of these at most, a wish one per test (partial unique constraints).
LIVE_STATES = (BookingState.BOOKED, BookingState.ATTENDED, BookingState.ABSENT)


class GradeProposal(models.TextChoices):
    """The panel's proposal to the deliberation (R-TEST-8)."""

    ADMISSIBLE = "admissible", _("Admissible")
    RESERVED = "reserved", _("Admissible with reservations")
    NOT_ADMISSIBLE = "not_admissible", _("Not admissible")


# The panel's grid: (code, label, maximum points); the total is out of 20.
GRADING_CRITERIA = (
    ("motivation", _("Motivation and professional project"), 5),
    ("communication", _("Oral communication"), 5),
    ("knowledge", _("Technical and scientific knowledge"), 5),
    ("fit", _("Fit with apprenticeship and the program"), 5),
)


class AuditAction(models.TextChoices):
    """What the services of live interviews write in the audit log. Stored values: never
    rename one."""

    CALL_MARKED = "interviews.call_marked"
    CALL_UNMARKED = "interviews.call_unmarked"
    CALLS_NOTIFIED = "interviews.calls_notified"
    SLOTS_OPENED = "interviews.slots_opened"
    SLOT_DELETED = "interviews.slot_deleted"
    BOOKED = "interviews.booked"
    MOVED = "interviews.moved"
    CANCELLED = "interviews.cancelled"
    GRADED = "interviews.graded"
    ABSENT = "interviews.absent"
