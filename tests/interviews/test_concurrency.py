"""No double booking, by the database (DESIGN.md, Slots and bookings), on PostgreSQL:
threads released together by a barrier, each on its own connection."""

import threading

import pytest
from django.db import connection

from core.models import AuditEntry
from interviews import selectors, services
from interviews.enums import LIVE_STATES, AuditAction, BookingState
from interviews.models import Booking
from jury.enums import ProbatoryTest
from notifications.models import OutboxMessage

from .conftest import IN_WINDOW
from .factories import called_wish, open_slots, paris


def _race(actions):
    barrier = threading.Barrier(len(actions))
    results, errors = [], []

    def run(action):
        try:
            barrier.wait()
            results.append(action())
        except Exception as error:  # refusals and failures alike: the assertions tell them apart
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(action,)) for action in actions]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results, errors


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_R_TEST_3_fifty_candidates_race_for_the_last_slot_one_books(intake_x, personas, in_window):
    """Rule: R-TEST-3 — 50 candidates, the last free slot: exactly one booking; the others
    are told the slot was taken and are shown the slots left (none here, then one)."""
    taken, last = open_slots(intake_x, members=[personas.jury_x], count=2)
    holder = called_wish(intake_x, decided_by=personas.president)
    Booking.objects.create(slot=taken, wish=holder, test=ProbatoryTest.SECOND_INTERVIEW)
    wishes = [called_wish(intake_x, decided_by=personas.president) for _ in range(50)]

    results, errors = _race(
        [
            (
                lambda wish=wish: services.booking_create(
                    wish=wish, slot=last, actor=wish.application.candidate, now=IN_WINDOW
                )
            )
            for wish in wishes
        ]
    )
    assert len(results) == 1
    assert len(errors) == 49
    assert all(isinstance(error, services.SlotTaken) for error in errors), {type(e) for e in errors}
    assert Booking.objects.filter(slot=last, state__in=LIVE_STATES).count() == 1
    # The panel is told of the one booking only (the e-mails of the refused ones rolled back).
    assert OutboxMessage.objects.filter(template_key="interviews.panel_booked").count() == 1
    loser = next(w for w in wishes if w.pk != results[0].wish_id)
    assert list(selectors.slots_left(wish=loser, test=ProbatoryTest.SECOND_INTERVIEW, now=IN_WINDOW)) == []


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_R_TEST_3_two_tabs_of_one_candidate_book_one_slot(intake_x, personas, in_window):
    """Two tabs, two different slots, the same moment: one live booking for the test."""
    slots = open_slots(intake_x, members=[personas.jury_x], count=2, start=paris(2021, 4, 15, 14))
    wish = called_wish(intake_x, decided_by=personas.president)
    results, errors = _race(
        [
            (
                lambda slot=slot: services.booking_create(
                    wish=wish, slot=slot, actor=wish.application.candidate, now=IN_WINDOW
                )
            )
            for slot in slots
        ]
    )
    # The second tab either moved the booking (it came after the first commit) or was refused.
    assert Booking.objects.filter(wish=wish, state__in=LIVE_STATES).count() == 1
    assert all(isinstance(error, services.InterviewError) for error in errors), errors
    assert len(results) + len(errors) == 2


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_R_TEST_3_the_candidate_and_the_jury_cancel_at_once_one_cancellation(
    intake_x, personas, jury_x_bis, in_window
):
    """The candidate and a jury member cancel the same booking at the same moment: one
    cancellation, one audit entry, one e-mail to the candidate and to each panel member."""
    slot = open_slots(intake_x, members=[personas.jury_x, jury_x_bis], start=paris(2021, 4, 15, 16))[0]
    wish = called_wish(intake_x, decided_by=personas.president)
    candidate = wish.application.candidate
    booking = services.booking_create(wish=wish, slot=slot, actor=candidate, now=IN_WINDOW)
    results, errors = _race(
        [
            lambda: services.booking_cancel(booking=booking, actor=candidate, now=IN_WINDOW),
            lambda: services.booking_cancel(
                booking=booking, actor=personas.jury_x, reason="Commission indisponible", by_jury=True
            ),
        ]
    )
    assert len(results) == 1 and len(errors) == 1
    assert isinstance(errors[0], services.InterviewError), errors
    booking.refresh_from_db()
    assert booking.state == BookingState.CANCELLED and booking.sequence == 1
    assert AuditEntry.objects.filter(action=AuditAction.CANCELLED).count() == 1
    assert OutboxMessage.objects.filter(template_key="interviews.cancelled").count() == 1
    assert (
        OutboxMessage.objects.filter(
            template_key="interviews.panel_cancelled", recipient_email=jury_x_bis.email
        ).count()
        == 1
    )
