"""Signed callbacks (R-TEST-4): the generic provider's webhook (HMAC over the body with a
timestamp) and the sandbox's signed result. Forged, stale or malformed → refused (400) with
a clear status, nothing recorded; a replay is answered 200 (providers deliver again on any
other answer) and the same provider id never records twice."""

import base64
import json
import time
from decimal import Decimal

import pytest
import time_machine

from core.models import AuditEntry
from english_test import services
from english_test.enums import AuditAction, TakeState
from english_test.mail import invitation_context
from english_test.models import IdentityPicture, ProviderEvent, Take
from english_test.providers import InvalidCallback, get_provider
from english_test.providers.generic import SIGNATURE_HEADER, TIMESTAMP_HEADER, signature

from .factories import IN_WINDOW, released_wish, take_for

pytestmark = pytest.mark.django_db
SECRET = "shared-secret-for-tests"
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 32


@pytest.fixture
def generic(settings):
    settings.ENGLISH_TEST_PROVIDER = "generic"
    settings.ENGLISH_TEST_WEBHOOK_SECRET = SECRET
    settings.ENGLISH_TEST_INVITE_URL = "https://provider.example/start?ref={reference}"


@pytest.fixture
def take(personas, intake_x2, generic):
    return take_for(released_wish(intake_x2, decided_by=personas.president), provider="generic")


def _event(take, **fields):
    return {
        "event_id": "evt-1",
        "type": "completed",
        "reference": take.reference,
        "test_id": "prov-42",
        "score": 73.5,
        "level": "B2",
        "occurred_at": "2021-04-01T10:30:00+02:00",
        **fields,
    }


def _post(client, payload, *, secret=SECRET, timestamp=None, body=None, sign_body=None):
    body = body if body is not None else json.dumps(payload).encode()
    timestamp = str(int(time.time()) if timestamp is None else timestamp)
    headers = {
        TIMESTAMP_HEADER: timestamp,
        SIGNATURE_HEADER: signature(secret, timestamp, sign_body if sign_body is not None else body),
    }
    return client.post("/anglais/webhook/", data=body, content_type="application/json", headers=headers)


def test_R_TEST_4_a_signed_result_is_recorded_for_the_jury(client, take):
    picture = {"id": "pic-1", "content_type": "image/jpeg", "data": base64.b64encode(JPEG).decode()}
    response = _post(client, _event(take, pictures=[picture]))
    assert response.status_code == 200
    assert response.json()["status"] == "recorded"
    take.refresh_from_db()
    assert (take.state, take.score, take.level, take.provider_reference) == (
        TakeState.COMPLETED,
        Decimal("73.50"),
        "B2",
        "prov-42",
    )
    # R-TEST-6: stored as sent, private.
    stored = IdentityPicture.objects.get(take=take)
    assert stored.file.read() == JPEG
    assert stored.file.name.startswith("english_test_pictures/")


def test_R_TEST_4_a_replayed_event_is_answered_200_and_records_nothing_twice(client, take):
    """Rule: R-TEST-4. A provider retries a delivery until it gets a 2xx: the replay of an
    event already recorded is acknowledged (200 "replayed"), never recorded twice (no second
    event, audit entry or picture, the result unchanged)."""
    picture = {"id": "pic-1", "content_type": "image/jpeg", "data": base64.b64encode(JPEG).decode()}
    event = _event(take, pictures=[picture])
    first = _post(client, event)
    assert first.status_code == 200 and first.json()["status"] == "recorded"
    audit_before = AuditEntry.objects.count()
    for _ in range(2):
        replay = _post(client, event)
        assert replay.status_code == 200
        assert replay.json() == {
            "status": "replayed",
            "detail": "this event was already received: nothing recorded twice",
        }
    assert ProviderEvent.objects.count() == 1
    assert IdentityPicture.objects.count() == 1
    assert AuditEntry.objects.count() == audit_before
    assert AuditEntry.objects.filter(action=AuditAction.TRANSITION).count() == 1
    take.refresh_from_db()
    assert (take.state, take.score, take.level) == (TakeState.COMPLETED, Decimal("73.50"), "B2")


def test_a_replay_is_still_refused_when_forged_or_stale(client, take, settings):
    """Only a genuine replay is acknowledged: the same event forged or stale stays 400."""
    assert _post(client, _event(take)).status_code == 200
    forged = _post(client, _event(take), secret="not-the-secret")
    assert forged.status_code == 400 and forged.json()["status"] == "forged"
    old = int(time.time()) - settings.ENGLISH_TEST_CALLBACK_MAX_AGE_SECONDS - 1
    stale = _post(client, _event(take), timestamp=old)
    assert stale.status_code == 400 and stale.json()["status"] == "stale"
    assert ProviderEvent.objects.count() == 1


def test_forged_signature_is_refused_and_records_nothing(client, take):
    response = _post(client, _event(take), secret="not-the-secret")
    assert response.status_code == 400 and response.json()["status"] == "forged"
    altered = _post(
        client,
        None,
        body=json.dumps(_event(take, score=100)).encode(),
        sign_body=json.dumps(_event(take)).encode(),
    )
    assert altered.status_code == 400 and altered.json()["status"] == "forged"
    unsigned = client.post(
        "/anglais/webhook/", data=json.dumps(_event(take)), content_type="application/json"
    )
    assert unsigned.status_code == 400
    take.refresh_from_db()
    assert take.state == TakeState.INVITED and take.score is None
    assert not ProviderEvent.objects.exists()


def test_stale_timestamp_is_refused_and_records_nothing(client, take, settings):
    old = int(time.time()) - settings.ENGLISH_TEST_CALLBACK_MAX_AGE_SECONDS - 1
    response = _post(client, _event(take), timestamp=old)
    assert response.status_code == 400 and response.json()["status"] == "stale"
    assert not ProviderEvent.objects.exists()
    assert Take.objects.get(pk=take.pk).state == TakeState.INVITED


def test_unknown_test_and_out_of_range_score_record_nothing(client, take):
    unknown = _post(client, _event(take, reference="nope"))
    assert unknown.status_code == 404 and unknown.json()["status"] == "unknown_test"
    out_of_range = _post(client, _event(take, score=140))
    assert out_of_range.status_code == 400 and out_of_range.json()["status"] == "score_out_of_range"
    malformed = _post(client, None, body=b"{not json")
    assert malformed.status_code == 400 and malformed.json()["status"] == "malformed"
    assert not ProviderEvent.objects.exists()


def test_a_second_event_for_the_same_state_changes_nothing(client, take):
    assert _post(client, _event(take, type="started", event_id="a")).json()["status"] == "recorded"
    assert _post(client, _event(take, type="started", event_id="b")).json()["status"] == "unchanged"
    assert _post(client, _event(take, event_id="c")).json()["status"] == "recorded"
    refused = _post(client, _event(take, type="started", event_id="d"))
    assert refused.status_code == 409 and refused.json()["status"] == "transition_refused"
    assert Take.objects.get(pk=take.pk).state == TakeState.COMPLETED
    assert set(ProviderEvent.objects.values_list("event_id", flat=True)) == {"a", "b", "c"}


def test_webhook_without_a_secret_is_refused(client, take, settings):
    settings.ENGLISH_TEST_WEBHOOK_SECRET = ""
    response = _post(client, _event(take), secret="")
    assert response.status_code == 400 and response.json()["status"] == "not_configured"


def test_sandbox_signed_result_forged_stale_and_replayed(personas, intake_x2):
    take = take_for(released_wish(intake_x2, decided_by=personas.president))
    provider = get_provider("sandbox")
    token = provider.sign(take, "completed", score=Decimal(80), level="B2", nonce="n1")
    with pytest.raises(InvalidCallback) as forged:
        provider.parse_token(token[:-2] + "xx")
    assert forged.value.code == "forged"
    with time_machine.travel(IN_WINDOW, tick=False):
        old = provider.sign(take, "completed", score=Decimal(80), level="B2")
    with pytest.raises(InvalidCallback) as stale:
        provider.parse_token(old)
    assert stale.value.code == "stale"
    result = provider.parse_token(token)
    assert services.provider_result_receive(result=result, take=take) == services.Outcome.RECORDED
    with pytest.raises(services.ReplayedEvent):
        services.provider_result_receive(result=provider.parse_token(token), take=take)
    assert ProviderEvent.objects.count() == 1
    take.refresh_from_db()
    assert take.state == TakeState.COMPLETED and take.score == Decimal(80)


def test_R_TEST_6_pictures_are_deleted_with_their_files(client, take, settings):
    picture = {"id": "pic-1", "content_type": "image/jpeg", "data": base64.b64encode(JPEG).decode()}
    _post(client, _event(take, type="started", pictures=[picture]))
    stored = IdentityPicture.objects.get()
    storage, name = stored.file.storage, stored.file.name
    assert storage.exists(name)
    assert services.identity_pictures_delete(campaign=take.application.campaign) == 1
    assert not IdentityPicture.objects.exists() and not storage.exists(name)


def test_generic_invitation_links_to_the_provider(personas, intake_x2, generic):
    take = take_for(released_wish(intake_x2, decided_by=personas.president), provider="generic")
    context = invitation_context(take, get_provider("generic"))
    assert context["link"] == f"https://provider.example/start?ref={take.reference}"
