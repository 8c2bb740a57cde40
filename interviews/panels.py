"""Sections of live interviews on lower apps' pages (`core.panels`): the candidate's home
(per choice: book / your slot / the room), the jury's home (slots and calls per intake),
the jury's dossier page (the 1st-year call to a second interview)."""

from django.utils import timezone

from candidates.enums import WishState
from jury.enums import DecisionStatus, ProbatoryTest

from . import selectors
from .enums import BookingState
from .probatory import candidate_statuses_all


def wish_panel(*, request, wish, state=None, now=None, **_kwargs):
    """A choice on the candidate's home: each slot test with its state and action."""
    if (state or wish.state) != WishState.PRE_ADMISSIBLE:
        return None
    now = now or timezone.now()
    statuses = candidate_statuses_all([wish], now=now).get(wish.pk)
    if not statuses:
        return None
    bookings = selectors.live_bookings_of([wish])
    interview_settings = selectors.settings_for(wish.intake.campaign)
    rows = []
    for test, status in statuses.items():
        booking = bookings.get((wish.pk, test))
        room = ""
        if (
            booking is not None
            and booking.state == BookingState.BOOKED
            and selectors.room_visible(booking.slot, interview_settings, now)
        ):
            room = selectors.room_url(booking.slot)
        rows.append({"label": ProbatoryTest(test).label, "status": status, "room_url": room})
    return {"interview_rows": rows}


def jury_home_panel(*, request, campaign, **_kwargs):
    intakes = list(selectors.jury_intakes(user=request.user, campaign=campaign))
    if not intakes:
        return None
    return {"interview_intakes": intakes}


def jury_wish_panel(*, request, wish, **_kwargs):
    """The 1st-year call to a second interview, on the dossier page."""
    if wish.intake.level != "year_1" or wish.state != WishState.PRE_ADMISSIBLE:
        return None
    decision = getattr(wish, "jury_decision", None)
    if decision is None or decision.status != DecisionStatus.RELEASED:
        return None
    if not request.user.has_perm("interviews.call_wish", wish):
        return None
    call = selectors.calls_of([wish]).get(wish.pk)
    booking = selectors.live_bookings_of([wish]).get((wish.pk, ProbatoryTest.SECOND_INTERVIEW))
    return {"interview_call": call, "interview_booking": booking, "interview_wish": wish}
