"""Wishes whose released jury decision lists the English test, and their tests."""

import datetime as dt

from django.utils import timezone

from candidates.enums import WishState
from english_test.enums import TakeState
from english_test.models import Take
from jury.enums import DecisionKind, DecisionStatus, ProbatoryTest
from jury.models import Decision
from tests.jury.factories import ApplicationFactory, WishFactory

# 31 March 2021, 10:00 Paris (CEST): the English test window is open (31 March → 5 April).
IN_WINDOW = dt.datetime(2021, 3, 31, 8, 0, tzinfo=dt.UTC)
BEFORE_WINDOW = dt.datetime(2021, 3, 30, 20, 0, tzinfo=dt.UTC)
AFTER_WINDOW = dt.datetime(2021, 4, 6, 8, 0, tzinfo=dt.UTC)


def released_wish(
    intake, *, decided_by, tests=(ProbatoryTest.ENGLISH_TEST,), application=None, **application_kwargs
):
    """A pre-admissible wish whose released decision lists `tests`."""
    if application is None:
        application = ApplicationFactory(campaign=intake.campaign, **application_kwargs)
    wish = WishFactory(application=application, intake=intake, state=WishState.PRE_ADMISSIBLE)
    kind = DecisionKind.STANDARD if intake.level == "year_1" else DecisionKind.PRE_ADMISSIBLE
    Decision.objects.create(
        wish=wish,
        kind=kind,
        status=DecisionStatus.RELEASED,
        released_at=timezone.now(),
        tests=[str(t) for t in tests],
        decided_by=decided_by,
        decided_at=timezone.now(),
    )
    return wish


def take_for(wish, *, state=TakeState.INVITED, provider="sandbox", **fields):
    now = timezone.now()
    return Take.objects.create(
        application=wish.application,
        provider=provider,
        state=state,
        invited_at=now,
        state_changed_at=now,
        **fields,
    )
