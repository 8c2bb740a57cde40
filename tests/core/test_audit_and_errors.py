"""The audit log takes only declared actions, and every app refuses through one error type
(issue 8, "Rooms by audience")."""

import pytest

from admissions.enums import AuditAction as SessionAuditAction
from candidates.services import DossierError, DossierIncomplete, RefereeAlreadyAnswered
from core.audit import audit_record, audit_record_many
from core.errors import PortalError
from core.models import AuditEntry
from jury.enums import MINUTES_ACTIONS
from jury.services import JuryError, ReleaseTooEarly
from payments.services import DuplicateReference, NotFlagged, NothingOwed, PaymentError, ReplayedEvent

pytestmark = pytest.mark.django_db


def test_a_free_string_is_refused_and_nothing_is_written(personas):
    with pytest.raises(TypeError, match="AuditAction"):
        audit_record(actor=personas.admin, action="campaign.cloned", obj=personas.candidate_a)
    with pytest.raises(TypeError, match="AuditAction"):
        audit_record_many(actor=None, action="campaign.cloned", changes=[(personas.candidate_a, {}, {})])
    assert not AuditEntry.objects.exists()


def test_an_enum_member_is_stored_as_its_unchanged_value(personas):
    audit_record(actor=personas.admin, action=SessionAuditAction.CAMPAIGN_CLONED, obj=personas.candidate_a)
    assert AuditEntry.objects.get().action == "campaign.cloned"


def test_the_minutes_read_the_values_older_entries_hold():
    assert sorted(MINUTES_ACTIONS) == [
        "jury.decision",
        "jury.decision_override",
        "jury.decision_released",
        "jury.eligibility",
    ]


@pytest.mark.parametrize(
    "error",
    [
        *(DossierError, DossierIncomplete, RefereeAlreadyAnswered),
        *(JuryError, ReleaseTooEarly),
        *(PaymentError, NothingOwed, DuplicateReference, ReplayedEvent, NotFlagged),
    ],
)
def test_every_app_refuses_with_the_one_base_error(error):
    assert issubclass(error, PortalError)


def test_a_refusal_carries_a_code_and_the_message_the_user_reads():
    error = DossierError("Votre dossier a été déposé.", "submitted")
    assert (error.code, error.message, str(error)) == ("submitted", error.message, error.message)
    assert error.message == "Votre dossier a été déposé."
    # A default message is translated when raised, in the user's language (French first).
    assert (NothingOwed().code, NothingOwed().message) == (
        "nothing_owed",
        "Vous ne devez rien : vos frais sont payés.",
    )
