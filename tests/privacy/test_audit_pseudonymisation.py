"""The audit log outlives erased dossiers (R-DATA-1): once a dossier (and its account) is
erased, no audit entry names the candidate any more. Their entries keep the action, the
date, the object's type and identifier; the person becomes a stable pseudonym, through the
log's one dedicated rewrite, itself audited."""

import datetime as dt
import json
import re
import uuid

import pytest
import time_machine
from django.contrib.contenttypes.models import ContentType

from accounts.models import User
from candidates import services as candidates_services
from candidates.enums import AuditAction as CandidatesAction
from candidates.enums import WishState
from candidates.models import Application, Wish
from core.audit import AuditSubject, audit_pseudonymise, audit_record
from core.models import AuditEntry
from notifications.enums import OutboxState
from notifications.models import OutboxMessage
from notifications.services import outbox_resend
from privacy import services
from privacy.categories import PSEUDONYMISED, audit_pseudonym
from privacy.enums import AuditAction
from tests.candidates.factories import OPEN_TIME, fill_dossier, pay
from tests.factories import UserFactory

from .test_retention import D, run_on

pytestmark = pytest.mark.django_db
EMAIL = "helene.dupont@example.org"


def _personal(user) -> list[str]:
    """What the dossier of Hélène Dupont-Martin holds (tests/candidates/factories.fill_dossier)."""
    return [
        "hélène",
        "dupont",
        EMAIL,
        "+33 6 12 34 56 78",
        "rue de la paix",
        "2000-05-17",
        "lycée jean-baptiste dumas",
        "2018-2020 bts bâtiment",
        f"prof.{user.pk}@lycee.example.org",  # her referee's address
    ]


def _dossier(user, campaign, state=WishState.WITHDRAWN):
    with time_machine.travel(OPEN_TIME, tick=False):
        application = fill_dossier(user, campaign)
        pay(application, user)
    Wish.objects.filter(application=application).update(state=state)
    return application


def _other_dossier(user, campaign):
    """Another candidate's dossier, with other values."""
    with time_machine.travel(OPEN_TIME, tick=False):
        return _identity(user, campaign)


def _identity(user, campaign):
    application = candidates_services.application_get_or_create(candidate=user, campaign=campaign)
    candidates_services.application_identity_update(
        application=application,
        actor=user,
        first_name=user.first_name,
        last_name=user.last_name,
        birth_date=dt.date(1999, 1, 1),
        phone="+33 7 00 00 00 00",
        address="2 avenue Jean Jaurès, 30000 Nîmes",
        nationality="française",
    )
    return application


def _text(entry) -> str:
    return " ".join(
        [
            entry.actor_label,
            entry.object_repr,
            json.dumps(entry.before, ensure_ascii=False),
            json.dumps(entry.after, ensure_ascii=False),
            entry.reason,
        ]
    ).lower()


def _skeleton():
    return {e.pk: (e.action, e.created_at, e.content_type_id, e.object_id) for e in AuditEntry.objects.all()}


def _whole(entries):
    return {e.pk: (e.actor_id, e.actor_label, e.object_repr, e.before, e.after, e.reason) for e in entries}


@pytest.fixture
def helene(session_2021, personas):
    """A withdrawn dossier, and what names her elsewhere: an admin's resend of an e-mail to her
    address, a staff note with her name in its reason."""
    user = UserFactory(email=EMAIL, first_name="Hélène", last_name="Dupont-Martin")
    application = _dossier(user, session_2021)
    message = OutboxMessage.objects.create(
        recipient_email=EMAIL,
        user=user,
        subject="Accusé de réception",
        body_text="…",
        template_key="candidates.receipt",
        idempotency_key=uuid.uuid4().hex,
        state=OutboxState.FAILED,
        last_error=f"Invalid e-mail address: {EMAIL}",
    )
    outbox_resend(message=message, actor=personas.admin)
    audit_record(
        actor=personas.admin,
        action=CandidatesAction.APPLICATION_VOID,
        obj=session_2021,
        reason="Appel de Hélène Dupont-Martin (helene.dupont@example.org) : dossier vérifié",
    )
    return user, application


def test_R_DATA_1_after_the_account_is_deleted_no_audit_entry_names_the_candidate(
    helene, session_2021, personas, django_capture_on_commit_callbacks
):
    user, application = helene
    _other_dossier(personas.candidate_b, session_2021)
    personal = _personal(user)
    hers = [e for e in AuditEntry.objects.all() if any(word in _text(e) for word in personal)]
    assert len(hers) >= 10  # identity, path, title, choices, documents, referee, payment, resend, note
    theirs = AuditEntry.objects.filter(actor=personas.candidate_b)
    others_before = _whole(theirs)
    skeleton = _skeleton()
    by_her = set(AuditEntry.objects.filter(actor=user).values_list("pk", flat=True))
    pseudonym = audit_pseudonym(user.pk)

    with django_capture_on_commit_callbacks(execute=True):
        result = services.account_delete(user=user)

    for entry in AuditEntry.objects.all():
        text = _text(entry)
        assert not [word for word in personal if word in text], (entry.action, text)
    # Every entry is still there, with its action, date, object type and identifier.
    assert {pk: value for pk, value in _skeleton().items() if pk in skeleton} == skeleton
    # What she did is signed with her pseudonym, the same on every entry.
    assert set(AuditEntry.objects.filter(pk__in=by_her).values_list("actor_id", "actor_label")) == {
        (None, pseudonym)
    }
    about_dossier = AuditEntry.objects.get(
        content_type=ContentType.objects.get_for_model(Application),
        object_id=str(application.pk),
        action=CandidatesAction.APPLICATION_IDENTITY,
    )
    assert about_dossier.object_repr == pseudonym
    assert about_dossier.after["phone"] == "[erased]"
    note = AuditEntry.objects.get(action=CandidatesAction.APPLICATION_VOID)
    assert note.reason == f"Appel de {pseudonym} ({pseudonym}) : dossier vérifié"
    assert note.actor == personas.admin  # the staff stay who they are
    # Another candidate's entries are untouched.
    assert _whole(AuditEntry.objects.filter(pk__in=others_before)) == others_before
    # The rewrite is itself audited: how many entries, the pseudonym, never the name.
    rewrite = AuditEntry.objects.get(action=AuditAction.AUDIT_PSEUDONYMISE)
    assert rewrite.after["pseudonyms"] == [pseudonym] and rewrite.after["entries"] >= len(hers)
    assert rewrite.actor is None and EMAIL not in _text(rewrite)
    assert result.counts[PSEUDONYMISED] == rewrite.after["entries"]
    deletion = AuditEntry.objects.get(action=AuditAction.ACCOUNT_DELETE)
    assert deletion.after["counts"][PSEUDONYMISED] == rewrite.after["entries"]
    # A second pass finds nothing more; normal writes still cannot touch the log.
    again = AuditSubject(pseudonym=pseudonym, user_ids=frozenset({user.pk}), emails=(EMAIL,), everywhere=True)
    assert audit_pseudonymise(subjects=[again], action=AuditAction.AUDIT_PSEUDONYMISE) == []
    with pytest.raises(TypeError):
        AuditEntry.objects.filter(pk=note.pk).update(reason="x")


def test_R_DATA_1_the_pseudonym_is_stable_and_says_nothing():
    assert audit_pseudonym(41) == audit_pseudonym(41) != audit_pseudonym(42)
    assert re.fullmatch(r"erased-[0-9a-f]{12}", audit_pseudonym(41))


def test_R_DATA_1_the_nightly_erasure_of_a_dossier_pseudonymises_its_entries(world):
    """The withdrawn dossier goes on its night (6 months after the admissibility results):
    its entries are pseudonymised, counted alike by the evening's dry run and the night; the
    dossier still open keeps its candidate's name."""
    withdrawn = world.withdrawn.candidate
    name, email = withdrawn.get_full_name(), withdrawn.email
    assert AuditEntry.objects.filter(actor=withdrawn).exists()
    run, announced, _files = run_on(D(2021, 10, 21))
    assert announced == run.counts
    assert run.counts["dossier.withdrawn@2021"][PSEUDONYMISED] > 0
    assert not User.objects.filter(email=email).exists()
    for entry in AuditEntry.objects.all():
        assert email not in _text(entry) and name.lower() not in _text(entry)
    assert AuditEntry.objects.filter(actor_label="admissible@example.org").exists()
    assert AuditEntry.objects.filter(actor_label=audit_pseudonym(withdrawn.pk)).exists()


def test_R_DATA_1_an_erased_dossier_of_an_account_that_stays_is_pseudonymised_alone(
    helene, session_2021, personas
):
    """A candidate with dossiers in two sessions: the older one is erased, the account and the
    newer dossier stay. Only the entries about the erased dossier lose her name."""
    user, old = helene
    newer_session = session_2021
    newer_session.pk, newer_session.year = None, 2022
    newer_session.name = "Session 2022"
    newer_session.save()
    newer = Application.objects.create(candidate=user, campaign=newer_session)
    audit_record(
        actor=user, action=CandidatesAction.APPLICATION_IDENTITY, obj=newer, after={"phone": "+33 6"}
    )
    result = services.PurgeResult()
    with time_machine.travel(dt.datetime(2023, 12, 6, 2, 30, tzinfo=dt.UTC), tick=False):
        services.application_erase(old, action="delete", result=result, dry_run=False)
    assert User.objects.filter(pk=user.pk).exists()
    kept = AuditEntry.objects.get(object_id=str(newer.pk), action=CandidatesAction.APPLICATION_IDENTITY)
    assert (kept.actor, kept.actor_label, kept.after) == (user, EMAIL, {"phone": "+33 6"})
    about_old = AuditEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Application), object_id=str(old.pk)
    )
    assert about_old.exists()
    for entry in about_old:
        assert not [word for word in _personal(user) if word in _text(entry)], _text(entry)
        assert entry.actor_label == audit_pseudonym(user.pk)
