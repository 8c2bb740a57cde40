"""No double booking, by the database (DESIGN.md, Slots and bookings), on PostgreSQL:
threads released together by a barrier, each on its own connection."""

import threading

import pytest
from django.db import connection

from interviews import selectors, services
from interviews.enums import LIVE_STATES
from interviews.models import Booking
from jury.enums import ProbatoryTest

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
