"""The audit log takes only declared actions (and admits one rewrite: the pseudonymisation of
erased people), and every app refuses through one error type (issue 8, "Rooms by audience")."""

import pytest
from django.contrib.contenttypes.models import ContentType

from admissions.enums import AuditAction as SessionAuditAction
from candidates.services import DossierError, DossierIncomplete, RefereeAlreadyAnswered
from core.audit import (
    ERASED,
    SUBJECTS_PER_QUERY,
    AuditSubject,
    audit_pseudonymise,
    audit_record,
    audit_record_many,
)
from core.errors import PortalError
from core.models import AuditEntry
from jury.enums import MINUTES_ACTIONS
from jury.services import JuryError, ReleaseTooEarly
from payments.services import DuplicateReference, NotFlagged, NothingOwed, PaymentError, ReplayedEvent
from privacy.enums import AuditAction as PrivacyAction

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


def _note(reason="", *, obj=None, actor_label="system", after=None):
    entry = AuditEntry(
        action=SessionAuditAction.CAMPAIGN_CLONED, actor_label=actor_label, reason=reason, after=after or {}
    )
    if obj is not None:
        entry.content_type = ContentType.objects.get_for_model(obj)
        entry.object_id, entry.object_repr = str(obj.pk), str(obj)
    entry.save()
    return entry


def test_R_DATA_1_pseudonymisation_of_many_people_at_once(session_2021):
    """Rule: R-DATA-1. The log's one rewrite, for many erased people in one call (their
    records read by groups of SUBJECTS_PER_QUERY): names (any case, any spacing) and addresses
    of those erased everywhere, wherever they are; a person whose account stays only on their
    erased records."""
    people = [
        AuditSubject(
            pseudonym=f"erased-{n}",
            emails=(f"p{n}@example.org",),
            names=(f"Prénom{n} Nom{n}",),
            everywhere=True,
        )
        for n in range(SUBJECTS_PER_QUERY + 2)
    ]
    staying = AuditSubject(
        pseudonym="erased-c",
        emails=("carole@example.org",),
        names=("Carole Petit",),
        records=frozenset({(ContentType.objects.get_for_model(session_2021).pk, str(session_2021.pk))}),
    )
    first, last = people[0], people[-1]
    n = len(people) - 1
    both = _note(f"Appel de prénom0 NOM0 et de Prénom{n}  Nom{n} (p{n}@example.org)")
    by_first = _note(actor_label="P0@example.org")
    elsewhere = _note("Carole Petit a appelé")
    on_her_record = _note("Carole Petit a appelé", obj=session_2021, after={"phone": "06", "state": "x"})
    untouched = _note("Rien à voir")
    dry = audit_pseudonymise(
        subjects=[*people, staying],
        personal_keys={"phone"},
        action=PrivacyAction.AUDIT_PSEUDONYMISE,
        dry_run=True,
    )
    assert dry == sorted([both.pk, by_first.pk, on_her_record.pk])
    assert AuditEntry.objects.get(pk=both.pk).reason == both.reason  # a dry run writes nothing
    done = audit_pseudonymise(
        subjects=[*people, staying], personal_keys={"phone"}, action=PrivacyAction.AUDIT_PSEUDONYMISE
    )
    assert done == dry
    assert (
        AuditEntry.objects.get(pk=both.pk).reason
        == f"Appel de {first.pseudonym} et de {last.pseudonym} ({last.pseudonym})"
    )
    assert AuditEntry.objects.get(pk=by_first.pk).actor_label == first.pseudonym
    assert AuditEntry.objects.get(pk=elsewhere.pk).reason == "Carole Petit a appelé"
    rewritten = AuditEntry.objects.get(pk=on_her_record.pk)
    assert (rewritten.reason, rewritten.object_repr, rewritten.after) == (
        "erased-c a appelé",
        "erased-c",
        {"phone": ERASED, "state": "x"},
    )
    assert AuditEntry.objects.get(pk=untouched.pk).reason == "Rien à voir"
    assert AuditEntry.objects.filter(action=PrivacyAction.AUDIT_PSEUDONYMISE).get().after["entries"] == 3
    assert audit_pseudonymise(subjects=[*people, staying], action=PrivacyAction.AUDIT_PSEUDONYMISE) == []
    with pytest.raises(TypeError, match="AuditAction"):
        audit_pseudonymise(subjects=people, action="privacy.audit_pseudonymise")
