"""A scholarship proof refused by staff makes the standard fee apply: the difference is
owed before the jury examines the dossier (issue 4, R-FEES-1/2)."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import translation

from candidates.enums import ScholarshipStatus, WishState
from candidates.fees import amount_owed
from candidates.models import Wish
from jury import services
from jury.enums import DecisionKind
from notifications.models import OutboxMessage
from payments.services import payment_record_manual

from .conftest import RESULTS_DAY_8AM
from .factories import submitted_wish

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english_messages():
    with translation.override("en"):
        yield


def _scholar_who_paid_22(intake, admin, status=ScholarshipStatus.DECLARED):
    wish = submitted_wish(intake, application__scholarship_status=ScholarshipStatus.DECLARED)
    payment_record_manual(
        application=wish.application,
        amount=Decimal("22"),
        paid_on=dt.date(2021, 3, 1),
        bank_reference=f"VIR-{wish.pk}",
        actor=admin,
    )
    wish.application.scholarship_status = status
    wish.application.save(update_fields=["scholarship_status"])
    return wish


def test_R_FEES_2_refused_proof_blocks_examination_until_the_difference_is_paid(personas, intake_x):
    wish = _scholar_who_paid_22(intake_x, personas.admin, status=ScholarshipStatus.REFUSED)
    assert amount_owed(wish.application) == Decimal("55")
    with pytest.raises(services.JuryError, match="still owes 55"):
        services.wish_take_into_review(wish=wish, actor=personas.jury_x)
    with pytest.raises(services.JuryError, match="still owes 55"):
        services.decision_set(wish=wish, actor=personas.president, kind=DecisionKind.EXCELLENCE)
    payment_record_manual(
        application=wish.application,
        amount=Decimal("55"),
        paid_on=dt.date(2021, 3, 20),
        bank_reference="VIR-DIFF",
        actor=personas.admin,
    )
    services.wish_take_into_review(wish=wish, actor=personas.jury_x)
    assert Wish.objects.get(pk=wish.pk).state == WishState.UNDER_REVIEW


def test_R_FEES_1_accepted_proof_examined_at_the_reduced_fee(personas, intake_x):
    wish = _scholar_who_paid_22(intake_x, personas.admin, status=ScholarshipStatus.VERIFIED)
    services.wish_take_into_review(wish=wish, actor=personas.jury_x)
    assert Wish.objects.get(pk=wish.pk).state == WishState.UNDER_REVIEW


def test_a_decision_is_held_back_at_release_when_the_proof_was_refused_after_it(personas, intake_x):
    wish = _scholar_who_paid_22(intake_x, personas.admin)
    services.decision_set(wish=wish, actor=personas.president, kind=DecisionKind.EXCELLENCE)
    wish.application.scholarship_status = ScholarshipStatus.REFUSED
    wish.application.save(update_fields=["scholarship_status"])
    report = services.decisions_release(campaign=intake_x.campaign, now=RESULTS_DAY_8AM)
    assert (report.released, report.emails) == (0, 0)
    assert [reason for _wish, reason in report.skipped] == ["Fee difference owed"]
    assert Wish.objects.get(pk=wish.pk).state == WishState.SUBMITTED
    assert not OutboxMessage.objects.filter(template_key="jury.review_results").exists()
