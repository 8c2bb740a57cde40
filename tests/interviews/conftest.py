import datetime as dt

import pytest
import time_machine

from tests.jury.conftest import intake_x, intake_x2, intake_y, jury_x_bis  # noqa: F401 - shared fixtures

from .factories import paris

# Booking window of the 2021 session: 12 → 16 April (R-TEST-3); slots on the 15th.
IN_WINDOW = paris(2021, 4, 12, 10)
AFTER_WINDOW = paris(2021, 4, 17, 10)


@pytest.fixture
def in_window():
    with time_machine.travel(IN_WINDOW, tick=False):
        yield IN_WINDOW


@pytest.fixture
def president(personas):
    return personas.president


@pytest.fixture
def travel():
    """`travel(moment)`: move the clock for the rest of the test."""
    travellers = []

    def _travel(moment: dt.datetime):
        if travellers:
            travellers[-1].stop()
        traveller = time_machine.travel(moment, tick=False)
        traveller.start()
        travellers.append(traveller)

    yield _travel
    if travellers:
        travellers[-1].stop()
