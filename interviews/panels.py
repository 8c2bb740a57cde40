"""Sections of live interviews on lower apps' pages (`core.panels`): the candidate's home
(per choice: book / your slot / the room), the jury's home (slots and calls per intake),
the jury's dossier page (the 1st-year call to a second interview)."""

from django.utils import timezone

from candidates.enums import WishState
from core.panels import once_per_page
from jury.enums import DecisionStatus, ProbatoryTest

from . import selectors
from .enums import BookingState
from .probatory import candidate_rows, candidate_status


def _page_rows(request, wish, application, now) -> dict:
    """{test: [(wish, intake, booking)]} of all the dossier's choices, read once per page (the
    candidate's home stays flat in choices: 4 queries whatever their number)."""

    def rows():
        return candidate_rows(list(application.wishes.all()) if application is not None else [wish], now=now)

    return once_per_page(request, "interviews.rows", wish.application_id, rows)


def wish_panel(*, request, wish, application=None, state=None, now=None, **_kwargs):
    """A choice on the candidate's home: each slot test with its state and action (the
    dossier's choices read together once per page, one more query with a booked slot)."""
    if (state or wish.state) != WishState.PRE_ADMISSIBLE:
        return None
    now = now or timezone.now()
    rows = []
    interview_settings = None
    for test, concerned in _page_rows(request, wish, application, now).items():
        for row_wish, intake, booking in concerned:
            if row_wish.pk != wish.pk:
                continue
            room = ""
            if booking is not None and booking.state == BookingState.BOOKED:
                interview_settings = interview_settings or selectors.settings_for(intake.campaign)
                if selectors.room_visible(booking.slot, interview_settings, now):
                    room = selectors.room_url(booking.slot)
            rows.append(
                {
                    "label": ProbatoryTest(test).label,
                    "status": candidate_status(row_wish, intake, booking, test, now),
                    "room_url": room,
                }
            )
    return {"interview_rows": rows} if rows else None


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
