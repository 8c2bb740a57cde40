"""Places never over-fill (R-ADMIT-2, R-SESSION-2, DESIGN.md Places): real concurrent
transactions on PostgreSQL. Counting and taking a place lock the intake row first; without
that lock the same run over-fills the intake (the second test proves the race exists)."""

import time

import pytest

from admissions.models import Intake
from admissions.services import extra_places_open
from apprenticeship.enums import JobSheetState
from apprenticeship.models import JobSheet
from apprenticeship.services import places
from apprenticeship.services.places import job_sheet_register
from candidates.enums import WishState
from candidates.models import Wish
from tests.apprenticeship.job_sheet_factories import admissible_wish, approved_sheet, bat_intake
from tests.candidates.test_concurrency import _race

# Every transaction lingers a little between its count and its write, so that the 45
# registrations really overlap on 2 cores: with the lock they queue, without it they race.
LINGER = 0.02


def _lingering(lock_intake):
    def lock_then_linger(intake_id):
        intake = lock_intake(intake_id)
        time.sleep(LINGER)
        return intake

    return lock_then_linger


def _approved_sheets(intake, cfa, count):
    return [approved_sheet(admissible_wish(intake), cfa, email=f"rh{n}@co.example") for n in range(count)]


def _register_all(sheets, cfa):
    queue = iter(sheets)  # each thread, past the barrier, registers the next sheet
    return _race(len(sheets), lambda: job_sheet_register(sheet=next(queue), actor=cfa))


def _registered(intake):
    return JobSheet.objects.filter(intake=intake, state=JobSheetState.REGISTERED).count()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_R_ADMIT_2_45_approved_sheets_at_once_on_40_places_register_40_then_extra_places_2_more(
    session_2021, personas, monkeypatch
):
    """Rule: R-ADMIT-2, R-SESSION-2 — 45 registrations at once: exactly 40 take a place, 5 wait;
    2 extra places let exactly the 2 first approved waiting sheets in."""
    intake = bat_intake(session_2021)
    assert intake.places == 40
    sheets = _approved_sheets(intake, personas.cfa, 45)
    monkeypatch.setattr(places, "lock_intake", _lingering(places.lock_intake))

    results, errors = _register_all(sheets, personas.cfa)

    assert errors == []
    assert sorted(results) == [False] * 5 + [True] * 40
    assert _registered(intake) == 40
    assert JobSheet.objects.filter(intake=intake, state=JobSheetState.WAITING).count() == 5
    assert Wish.objects.filter(intake=intake, state=WishState.PLACED).count() == 40
    # Two admins open one extra place each at the same moment: exactly 2 more.
    waiting = list(JobSheet.objects.filter(state=JobSheetState.WAITING).order_by("approved_at", "pk"))
    fresh_intake = Intake.objects.get(pk=intake.pk)
    results, errors = _race(
        2,
        lambda: extra_places_open(
            intake=fresh_intake, count=1, opened_by=personas.admin, reason="Désistement"
        ),
    )
    assert errors == []
    assert _registered(intake) == 42
    assert [
        s.state for s in JobSheet.objects.filter(pk__in=[s.pk for s in waiting]).order_by("approved_at", "pk")
    ] == [
        "registered",
        "registered",
        "waiting",
        "waiting",
        "waiting",
    ]


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_without_the_intake_lock_the_same_run_over_fills_the_intake(session_2021, personas, monkeypatch):
    """The race the lock prevents: the same 45 registrations, the intake read without
    `select_for_update`, register more than 40 sheets."""
    intake = bat_intake(session_2021)
    sheets = _approved_sheets(intake, personas.cfa, 45)
    monkeypatch.setattr(places, "lock_intake", _lingering(lambda pk: Intake.objects.get(pk=pk)))

    _results, errors = _register_all(sheets, personas.cfa)

    assert errors == []
    assert _registered(intake) > 40


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_R_ADMIT_2_the_same_sheet_registered_from_two_tabs_counts_once(session_2021, personas, monkeypatch):
    intake = bat_intake(session_2021)
    (sheet,) = _approved_sheets(intake, personas.cfa, 1)
    monkeypatch.setattr(places, "lock_intake", _lingering(places.lock_intake))

    results, errors = _race(2, lambda: job_sheet_register(sheet=sheet, actor=personas.cfa))

    assert results == [True]
    assert [error.code for error in errors] == ["already"]
    assert _registered(intake) == 1
