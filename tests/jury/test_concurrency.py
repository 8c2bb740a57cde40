"""Two releases at the same moment (the beat tick and the president's button) apply each
decision once and send each e-mail once. Rule: R-JURY-5."""

import threading

import pytest
from django.db import connection

from candidates.enums import WishState
from candidates.models import Wish
from jury import services
from jury.enums import DecisionKind, DecisionStatus
from jury.models import Decision
from notifications.models import OutboxMessage

from .conftest import RESULTS_DAY_8AM
from .factories import submitted_wish


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_R_JURY_5_concurrent_releases_apply_and_mail_each_decision_once(personas, intake_x):
    wishes = [submitted_wish(intake_x) for _ in range(15)]
    for i, wish in enumerate(wishes):
        kind = (DecisionKind.EXCELLENCE, DecisionKind.STANDARD, DecisionKind.REJECTED)[i % 3]
        services.decision_set(wish=wish, actor=personas.president, kind=kind)

    barrier = threading.Barrier(2)
    reports, errors = [], []

    def release():
        try:
            barrier.wait(timeout=10)
            reports.append(services.decisions_release(campaign=intake_x.campaign, now=RESULTS_DAY_8AM))
        except Exception as exc:  # collected and asserted below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=release) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)

    assert errors == []
    assert sum(r.released for r in reports) == 15
    assert sum(r.emails for r in reports) == 15
    assert OutboxMessage.objects.filter(template_key="jury.review_results").count() == 15
    assert Decision.objects.filter(status=DecisionStatus.RELEASED).count() == 15
    assert not Wish.objects.filter(state__in=[WishState.SUBMITTED, WishState.UNDER_REVIEW]).exists()
