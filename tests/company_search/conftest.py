import datetime as dt

import pytest
import time_machine

from admissions.enums import EntryLevel
from admissions.models import Intake


@pytest.fixture
def intake_x(personas):
    """BAT 1st year, 2021 (40 places)."""
    return Intake.objects.get(campaign__year=2021, program=personas.program_x, level=EntryLevel.YEAR_1)


@pytest.fixture
def intake_y(personas):
    """INFRES 1st year, 2021 (40 places)."""
    return Intake.objects.get(campaign__year=2021, program=personas.program_y, level=EntryLevel.YEAR_1)


# The support starts on 3 May 2021 (the demo session); classes on 6 September 2021.
SUPPORT_TIME = dt.datetime(2021, 5, 10, 8, 0, tzinfo=dt.UTC)


@pytest.fixture
def during_support():
    with time_machine.travel(SUPPORT_TIME, tick=False) as traveller:
        yield traveller
