"""What each probatory test tells the rest of the portal (R-TEST-1..8).

The tests live in their own apps (video_interview, english_test, interviews), above this
one; each registers itself here in its AppConfig.ready() with `register_probatory_test`.
This app then builds, without importing them:
- the candidate's tests page and home (`candidate_status`: what to do, the window, the
  state in words; never a result or a grade, R-TEST-8);
- the president's admissibility deliberation (`jury_results`: the grade on the test's grid
  and the examiner's proposal, for the jury only).

Both functions take many wishes at once and return a dict keyed by wish id, so that a
page of 500 candidates costs a fixed number of queries (no per-row query): fetch with one
`filter(wish__in=wishes)` and build the dict. A wish the test does not concern (the
released decision does not require it) is simply absent from the dict.
"""

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal

from jury.enums import ProbatoryTest


@dataclass(frozen=True)
class CandidateTestStatus:
    """One test as the candidate sees it: no result, no grade, ever (R-TEST-8)."""

    state: str  # a stable code of the test app's state enum ("to_do", "booked", "done", …)
    state_label: str  # the state in the candidate's words
    done: bool  # nothing left for the candidate to do for this test
    window_start: datetime.datetime | None = None
    window_end: datetime.datetime | None = None
    instructions: str = ""  # what to do, in a sentence or two
    action_url: str = ""  # where to do it (the booking page, the recording page…), "" if none now
    action_label: str = ""
    when: datetime.datetime | None = None  # a booked slot's start, a take's date…


@dataclass(frozen=True)
class JuryTestResult:
    """One test as the jury sees it in the deliberation; never shown to the candidate."""

    score: Decimal | None  # on 20, None while not graded
    summary: str  # e.g. "B2 – 14/20", "absent", "not graded yet"
    proposal: str = ""  # the examiner's proposal, a `selection` proposal code or ""
    detail_url: str = ""  # the grading page or the recording, for the jury
    complete: bool = False  # graded (or definitively absent): the deliberation may rely on it


@dataclass(frozen=True)
class ProbatoryTestEntry:
    test: ProbatoryTest
    candidate_status: Callable[[list], dict[int, CandidateTestStatus]]
    jury_results: Callable[[list], dict[int, JuryTestResult]]


_TESTS: dict[str, ProbatoryTestEntry] = {}


def register_probatory_test(
    test: ProbatoryTest,
    *,
    candidate_status: Callable[[list], dict[int, CandidateTestStatus]],
    jury_results: Callable[[list], dict[int, JuryTestResult]],
) -> None:
    """Called once per test by the app that runs it (a second call replaces the first)."""
    _TESTS[str(test)] = ProbatoryTestEntry(ProbatoryTest(test), candidate_status, jury_results)


def registered_tests() -> list[ProbatoryTestEntry]:
    """In the order of the ProbatoryTest enum (the notice's order)."""
    order = {str(test): index for index, test in enumerate(ProbatoryTest)}
    return sorted(_TESTS.values(), key=lambda entry: order[str(entry.test)])


def candidate_statuses(wishes: Iterable) -> dict[int, dict[str, CandidateTestStatus]]:
    """{wish id: {test code: status}} for every registered test concerning the wishes."""
    wishes = list(wishes)
    statuses: dict[int, dict[str, CandidateTestStatus]] = {wish.pk: {} for wish in wishes}
    for entry in registered_tests():
        for wish_id, status in entry.candidate_status(wishes).items():
            statuses.setdefault(wish_id, {})[str(entry.test)] = status
    return statuses


def jury_results(wishes: Iterable) -> dict[int, dict[str, JuryTestResult]]:
    """{wish id: {test code: result}} for every registered test concerning the wishes."""
    wishes = list(wishes)
    results: dict[int, dict[str, JuryTestResult]] = {wish.pk: {} for wish in wishes}
    for entry in registered_tests():
        for wish_id, result in entry.jury_results(wishes).items():
            results.setdefault(wish_id, {})[str(entry.test)] = result
    return results
