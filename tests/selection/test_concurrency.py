"""Two releases at the same moment (the beat tick and an admin's rerun) apply each
admissibility decision once and send each candidate one e-mail. Rule: R-TEST-8."""

import pytest

from candidates.enums import WishState
from candidates.models import Wish
from notifications.models import OutboxMessage
from selection import services
from selection.enums import AdmissibilityOutcome, AdmissibilityStatus
from selection.models import AdmissibilityDecision
from tests.candidates.test_concurrency import _race

from .conftest import BEFORE_RESULTS, RESULTS_DAY_8AM, pre_admissible


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_R_TEST_8_concurrent_releases_apply_and_mail_each_decision_once(personas, intake_x):
    wishes = [pre_admissible(intake_x, personas.president) for _ in range(20)]
    for i, wish in enumerate(wishes):
        outcome = AdmissibilityOutcome.ADMISSIBLE if i % 2 else AdmissibilityOutcome.NOT_ADMISSIBLE
        services.admissibility_decide(
            wish=wish, actor=personas.president, outcome=outcome, now=BEFORE_RESULTS
        )

    reports, errors = _race(
        2, lambda: services.admissibility_release(campaign=intake_x.campaign, now=RESULTS_DAY_8AM)
    )

    assert errors == []
    assert sum(r.released for r in reports) == 20
    assert sum(r.emails for r in reports) == 20
    assert OutboxMessage.objects.filter(template_key="selection.admissibility_results").count() == 20
    assert AdmissibilityDecision.objects.filter(status=AdmissibilityStatus.RELEASED).count() == 20
    assert not Wish.objects.filter(state=WishState.PRE_ADMISSIBLE).exists()
