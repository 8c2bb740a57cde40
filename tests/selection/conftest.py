"""Fixtures of the selection tests: pre-admissible candidates with a released file-review
decision, and a fake probatory test registered in `selection.registry` for the length of a
test (the real test apps are built elsewhere; a real registration is put back after)."""

import contextlib
import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from admissions.enums import EntryLevel
from candidates.enums import WishState
from candidates.models import Wish
from jury.enums import MANDATORY_TESTS, DecisionKind, DecisionStatus, ProbatoryTest
from jury.models import Decision
from selection import registry
from tests.jury.conftest import intake_x, intake_x2, intake_y  # noqa: F401 - the same intakes as the jury's tests
from tests.jury.factories import submitted_wish

BEFORE_RESULTS = dt.datetime(2021, 4, 10, 8, 0, tzinfo=dt.UTC)
RESULTS_DAY_8AM = dt.datetime(2021, 4, 21, 6, 0, tzinfo=dt.UTC)  # 08:00 Paris (CEST)
RESULTS_DAY_7AM = dt.datetime(2021, 4, 21, 5, 0, tzinfo=dt.UTC)


def pre_admissible(intake, president, *, tests=None, tests_note="", **kwargs) -> Wish:
    """A wish whose pre-admissibility was released on the file-review results date."""
    kind = DecisionKind.STANDARD if intake.level == EntryLevel.YEAR_1 else DecisionKind.PRE_ADMISSIBLE
    wish = submitted_wish(intake, state=WishState.PRE_ADMISSIBLE, **kwargs)
    if tests is None:
        tests = MANDATORY_TESTS[(intake.level, kind)]
    released = dt.datetime(2021, 3, 30, 6, 0, tzinfo=dt.UTC)
    Decision.objects.create(
        wish=wish,
        kind=kind,
        status=DecisionStatus.RELEASED,
        tests=[str(t) for t in tests],
        tests_note=tests_note,
        decided_by=president,
        decided_at=released,
        released_at=released,
    )
    return wish


def excellent(intake, president, **kwargs) -> Wish:
    """A 1st-year wish admissible on its file (academic excellence), released."""
    wish = submitted_wish(intake, state=WishState.ADMISSIBLE, **kwargs)
    Decision.objects.create(
        wish=wish,
        kind=DecisionKind.EXCELLENCE,
        status=DecisionStatus.RELEASED,
        decided_by=president,
        decided_at=timezone.now(),
        released_at=timezone.now(),
    )
    return wish


class FakeTest:
    """A probatory test as its app would register it: scores by wish id, one query per call
    for a whole page (as the real ones must)."""

    def __init__(self, test):
        self.test = test
        self.scores: dict[int, Decimal] = {}
        self.calls = 0

    def candidate_status(self, wishes):
        ids = list(Wish.objects.filter(pk__in=[w.pk for w in wishes]).values_list("pk", flat=True))
        return {
            pk: registry.CandidateTestStatus(
                state="done" if pk in self.scores else "to_do",
                state_label="Passé" if pk in self.scores else "À passer",
                done=pk in self.scores,
                window_start=dt.datetime(2021, 3, 31, 7, 0, tzinfo=dt.UTC),
                window_end=dt.datetime(2021, 4, 5, 20, 0, tzinfo=dt.UTC),
                instructions="Connectez-vous à la plateforme du test.",
                action_url="https://test.example/go",
                action_label="Passer le test",
            )
            for pk in ids
        }

    def jury_results(self, wishes):
        self.calls += 1
        ids = set(Wish.objects.filter(pk__in=[w.pk for w in wishes]).values_list("pk", flat=True))
        return {
            pk: registry.JuryTestResult(
                score=score, summary=f"B2 – {score}/20", proposal="favourable", complete=True
            )
            for pk, score in self.scores.items()
            if pk in ids
        }


@contextlib.contextmanager
def only_registered(*tests):
    """As if only `tests` had registered, each as a FakeTest (yielded in order); whatever
    was registered is put back after."""
    saved = dict(registry._TESTS)
    registry._TESTS.clear()
    fakes = [FakeTest(test) for test in tests]
    for fake in fakes:
        registry.register_probatory_test(
            fake.test, candidate_status=fake.candidate_status, jury_results=fake.jury_results
        )
    try:
        yield fakes
    finally:
        registry._TESTS.clear()
        registry._TESTS.update(saved)


@pytest.fixture
def no_registered_tests():
    """As if no test app had registered yet."""
    with only_registered():
        yield


@pytest.fixture
def fake_english(no_registered_tests):
    """The English test, alone in the registry (with `fake_video`, both)."""
    fake = FakeTest(ProbatoryTest.ENGLISH_TEST)
    registry.register_probatory_test(
        fake.test, candidate_status=fake.candidate_status, jury_results=fake.jury_results
    )
    return fake


@pytest.fixture
def fake_video(no_registered_tests):
    fake = FakeTest(ProbatoryTest.VIDEO_INTERVIEW)
    registry.register_probatory_test(
        fake.test, candidate_status=fake.candidate_status, jury_results=fake.jury_results
    )
    return fake
