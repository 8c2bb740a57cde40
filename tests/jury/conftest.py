import datetime as dt

import pytest

from accounts.enums import Role
from admissions.enums import EntryLevel
from admissions.models import Intake
from tests.conftest import activate_totp
from tests.factories import UserFactory


@pytest.fixture
def intake_x(personas):
    """BAT 1st year, 2021 (jury_x and the president sit on it)."""
    return Intake.objects.get(campaign__year=2021, program=personas.program_x, level=EntryLevel.YEAR_1)


@pytest.fixture
def intake_x2(personas):
    """BAT 2nd year, 2021."""
    return Intake.objects.get(campaign__year=2021, program=personas.program_x, level=EntryLevel.YEAR_2)


@pytest.fixture
def intake_y(personas):
    """INFRES 1st year, 2021 (jury_y and the president)."""
    return Intake.objects.get(campaign__year=2021, program=personas.program_y, level=EntryLevel.YEAR_1)


@pytest.fixture
def jury_x_bis(personas):
    """A second member of program X's jury."""
    user = activate_totp(UserFactory(email="jury.x2@example.org", role=Role.JURY_MEMBER))
    user.jury_programs.set([personas.program_x])
    return user


BEFORE_RESULTS = dt.datetime(2021, 3, 20, 10, 0, tzinfo=dt.UTC)
RESULTS_DAY_8AM = dt.datetime(2021, 3, 30, 6, 0, tzinfo=dt.UTC)  # 08:00 Paris (CEST)
