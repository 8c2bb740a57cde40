"""Two tabs submitting at the same moment (PostgreSQL row locks)."""

import threading

import pytest
from django.db import connection

from candidates import services
from candidates.enums import AuditAction, DossierChangeKind
from candidates.models import DossierChange
from core.models import AuditEntry
from tests.candidates.factories import fill_dossier, fresh, intake, pay


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_submissions_submit_once(session_2021, candidate, during_session):
    """Rule: R-DOSSIER-1 — the application row is locked; the second request sees it submitted."""
    application = fill_dossier(candidate, session_2021, programs=("bat", "mkx"))
    pay(application, candidate)
    barrier = threading.Barrier(4)
    results, errors = [], []

    def submit():
        try:
            barrier.wait()
            results.append(services.application_submit(application=fresh(application), actor=candidate)[1])
        except Exception as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=submit) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert sorted(results) == [False, False, False, True]
    assert AuditEntry.objects.filter(action=AuditAction.APPLICATION_SUBMIT).count() == 1
    assert AuditEntry.objects.filter(action=AuditAction.WISH_SUBMIT).count() == 2


def _race(count, action):
    barrier = threading.Barrier(count)
    results, errors = [], []

    def run():
        try:
            barrier.wait()
            results.append(action())
        except Exception as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results, errors


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_R_DOSSIER_1_concurrent_changes_of_a_submitted_dossier_apply_once(
    session_2021, candidate, during_session
):
    """Rule: R-DOSSIER-1 — filing an added wish and withdrawing a filed one lock the
    application row: two tabs file once, withdraw once, and date one change each."""
    application = fill_dossier(candidate, session_2021, programs=("bat", "infres"))
    pay(application, candidate)
    services.application_submit(application=application, actor=candidate)
    services.wish_add(application=fresh(application), intake=intake(session_2021, "mkx"), actor=candidate)
    pay(fresh(application), candidate)

    results, errors = _race(
        4, lambda: services.application_submit(application=fresh(application), actor=candidate)[1]
    )
    assert errors == [] and sorted(results) == [False, False, False, True]
    assert DossierChange.objects.filter(kind=DossierChangeKind.WISH_ADDED).count() == 1

    wish = fresh(application).wishes.get(intake__program__code="infres")
    results, errors = _race(4, lambda: services.wish_remove(wish=wish, actor=candidate))
    assert len(results) == 1 and len(errors) == 3
    assert all(isinstance(error, services.DossierError) for error in errors)
    assert DossierChange.objects.filter(kind=DossierChangeKind.WISH_WITHDRAWN).count() == 1
