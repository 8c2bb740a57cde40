"""The complementary list's test data: an intake of the 2021 session with few places, admissible
wishes with their file-review score, and the admin's capacity."""

import datetime as dt
from decimal import Decimal

from admissions.enums import EntryLevel
from admissions.models import Intake
from apprenticeship.draw import FILE_REVIEW_SCORE
from apprenticeship.models import ComplementaryListSetting
from candidates.enums import WishState
from jury.models import WishScore
from tests.jury.factories import submitted_wish

CLASSES_START = dt.date(2021, 9, 6)
# 7 days before the start of classes, 08:00 Paris (06:00 UTC): the draw opens.
DRAW_OPENS = dt.datetime(2021, 8, 30, 6, 0, tzinfo=dt.UTC)
BEFORE_OPENING = dt.datetime(2021, 8, 30, 5, 59, tzinfo=dt.UTC)
DEADLINE = dt.date(2021, 12, 6)  # 3 months from the start of classes


def small_intake(
    program, *, places=2, capacity=3, level=EntryLevel.YEAR_1, criterion=FILE_REVIEW_SCORE
) -> Intake:
    """The draw's mechanics are tested on the file-review score (`admissible(intake, score)`);
    `criterion=""` leaves the default, the admissibility ranking."""
    intake = Intake.objects.get(campaign__year=2021, program=program, level=level)
    intake.places = places
    intake.save(update_fields=["places"])
    if capacity is not None:
        ComplementaryListSetting.objects.update_or_create(
            intake=intake, defaults={"capacity": capacity, "criterion": criterion}
        )
    return intake


def admissible(intake, score, *, last_name=None, **kwargs):
    """An admissible wish still searching a company, with its combined file-review score."""
    if last_name:
        kwargs["application__candidate__last_name"] = last_name
    wish = submitted_wish(intake, state=WishState.ADMISSIBLE, **kwargs)
    if score is not None:
        WishScore.objects.create(wish=wish, n_reviews=2, combined=Decimal(score))
    return wish


def placed(intake, state=WishState.PLACED):
    return submitted_wish(intake, state=state)
