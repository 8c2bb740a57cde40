"""Training days under contention (PostgreSQL row locks, R-CFA-1): no over-registration.

How the test was checked to fail without the lock: `_lock_day` in company_search/services.py
was changed to read the day without `select_for_update()`; the test then registered more
candidates than the capacity (every thread counted the same free places)."""

import threading

import pytest
from django.db import connection

from company_search import services
from company_search.enums import RegistrationState
from company_search.models import TrainingRegistration
from tests.company_search.factories import TrainingDayFactory, searching_wish


def _race(actions):
    barrier = threading.Barrier(len(actions))
    errors = []

    def run(action):
        try:
            barrier.wait()
            action()
        except Exception as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(action,)) for action in actions]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_R_CFA_1_concurrent_registrations_never_exceed_the_capacity(session_2021, intake_x, during_support):
    day = TrainingDayFactory(campaign=session_2021, capacity=3)
    applications = [searching_wish(intake_x).application for _ in range(12)]
    errors = _race(
        [
            lambda application=application: services.training_day_register(
                day=day, application=application, actor=None
            )
            for application in applications
        ]
    )
    assert errors == []
    states = list(TrainingRegistration.objects.values_list("state", flat=True))
    assert states.count(RegistrationState.REGISTERED) == 3
    assert states.count(RegistrationState.WAITING) == 9


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_R_CFA_1_concurrent_cancellations_promote_one_waiting_each(session_2021, intake_x, during_support):
    """Four registered cancel at once: exactly four waiting candidates move up, in order."""
    day = TrainingDayFactory(campaign=session_2021, capacity=4)
    applications = [searching_wish(intake_x).application for _ in range(10)]
    registrations = [
        services.training_day_register(day=day, application=application, actor=None)
        for application in applications
    ]
    errors = _race(
        [
            lambda registration=registration: services.training_registration_cancel(
                registration=registration, actor=None
            )
            for registration in registrations[:4]
        ]
    )
    assert errors == []
    registered = set(
        TrainingRegistration.objects.filter(state=RegistrationState.REGISTERED).values_list("pk", flat=True)
    )
    assert registered == {r.pk for r in registrations[4:8]}
