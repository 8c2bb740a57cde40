"""Two tabs starting the take at the same moment (PostgreSQL row lock on the wish)."""

import threading

import pytest
import time_machine
from django.db import connection

from video_interview import services
from video_interview.models import Take, TakeEvent

from .conftest import IN_WINDOW


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_R_TEST_2_two_tabs_starting_at_once_make_one_take_and_the_other_is_told(personas, video_wish):
    """The wish's row is locked before the takes are counted: without the lock both tabs see
    no take and the second insert fails on the unique constraint (a server error)."""
    barrier = threading.Barrier(4)
    started, refused, errors = [], [], []

    def start():
        try:
            barrier.wait()
            started.append(services.take_start(wish=video_wish, actor=personas.candidate_a))
        except services.VideoError as error:
            refused.append(error.code)
        except Exception as error:
            errors.append(error)
        finally:
            connection.close()

    with time_machine.travel(IN_WINDOW, tick=True):
        threads = [threading.Thread(target=start) for _ in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert errors == []
    assert len(started) == 1 and refused == ["other_window"] * 3
    assert Take.objects.count() == 1
    assert TakeEvent.objects.filter(kind="started").count() == 1
