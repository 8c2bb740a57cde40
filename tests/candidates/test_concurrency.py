"""Two tabs submitting at the same moment (PostgreSQL row locks)."""

import threading

import pytest
from django.db import connection

from candidates import services
from candidates.enums import AuditAction
from core.models import AuditEntry
from tests.candidates.factories import fill_dossier, fresh, pay


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
