"""Two presidents (or two tabs) drawing the same intake's complementary list at once
(PostgreSQL row locks)."""

import threading

import pytest
from django.db import connection

from apprenticeship import services
from apprenticeship.models import ComplementaryDraw, ComplementaryEntry
from core.models import AuditEntry
from tests.apprenticeship.factories import DRAW_OPENS, admissible, small_intake


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_R_ADMIT_5_concurrent_draws_draw_once(personas):
    """The draw locks the intake row first: the others wait, then find the list drawn and are
    refused with a clear message (no integrity error, no second list)."""
    intake = small_intake(personas.program_x, places=1, capacity=2)
    for score in (11, 12, 13, 14):
        admissible(intake, score)
    barrier = threading.Barrier(4)
    drawn, errors = [], []

    def run():
        try:
            barrier.wait()
            drawn.append(services.complementary_draw(intake=intake, actor=personas.president, now=DRAW_OPENS))
        except Exception as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(drawn) == 1
    assert [getattr(error, "code", repr(error)) for error in errors] == ["drawn"] * 3
    assert ComplementaryDraw.objects.count() == 1 and ComplementaryEntry.objects.count() == 2
    assert AuditEntry.objects.filter(action="apprenticeship.complementary_draw").count() == 1
