"""A real provider behind a generic contract, for when the school signs with one.

Invitation: a link built from ENGLISH_TEST_INVITE_URL, where `{reference}` is replaced by
the test's unguessable reference (the provider knows the candidate by it).

Results: the provider POSTs JSON to /anglais/webhook/ with two headers,
  X-English-Test-Timestamp: <Unix seconds>
  X-English-Test-Signature: sha256=<hex HMAC-SHA256(ENGLISH_TEST_WEBHOOK_SECRET, "<timestamp>.<body>")>
and a body
  {"event_id": "...", "type": "started" | "completed" | "technical_problem",
   "reference": "<our reference>", "test_id": "<the provider's id>",
   "score": 73.5, "level": "B2", "occurred_at": "2021-04-01T10:30:00+02:00", "reason": "...",
   "pictures": [{"id": "...", "content_type": "image/jpeg", "data": "<base64>", "taken_at": "..."}]}
A body whose signature does not match (forged, altered), whose timestamp is more than
ENGLISH_TEST_CALLBACK_MAX_AGE_SECONDS away (stale) or that cannot be read (malformed) is
answered 400 and records nothing. An event_id already received (a replay: providers deliver
again until they get a 2xx) is answered 200 {"status": "replayed"} and records nothing
(`services.provider_result_receive` raises ReplayedEvent).
"""

import datetime as dt
import hashlib
import hmac
import json
import time
from decimal import Decimal, InvalidOperation
from urllib.parse import quote

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from .base import EnglishTestProvider, InvalidCallback, ProviderResult

TIMESTAMP_HEADER = "X-English-Test-Timestamp"
SIGNATURE_HEADER = "X-English-Test-Signature"


def signature(secret: str, timestamp: str, body: bytes) -> str:
    mac = hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256)
    return "sha256=" + mac.hexdigest()


class GenericProvider(EnglishTestProvider):
    code = "generic"
    label = _("External English test provider")

    def invitation_url(self, take) -> str:
        return settings.ENGLISH_TEST_INVITE_URL.replace("{reference}", quote(take.reference))

    def verify(self, *, body: bytes, timestamp: str, sent_signature: str, now: float | None = None) -> None:
        secret = settings.ENGLISH_TEST_WEBHOOK_SECRET
        if not secret:
            raise InvalidCallback("not_configured", "ENGLISH_TEST_WEBHOOK_SECRET is not set")
        if not hmac.compare_digest(signature(secret, timestamp, body), sent_signature or ""):
            raise InvalidCallback("forged", "bad signature")
        try:
            sent_at = int(timestamp)
        except ValueError as error:
            raise InvalidCallback("malformed", "bad timestamp") from error
        now = time.time() if now is None else now
        if abs(now - sent_at) > settings.ENGLISH_TEST_CALLBACK_MAX_AGE_SECONDS:
            raise InvalidCallback("stale", "timestamp too far from now")

    def parse_callback(self, request) -> ProviderResult:
        body = request.body
        self.verify(
            body=body,
            timestamp=request.headers.get(TIMESTAMP_HEADER, ""),
            sent_signature=request.headers.get(SIGNATURE_HEADER, ""),
        )
        try:
            data = json.loads(body)
            score = data.get("score")
            occurred_at = data.get("occurred_at")
            result = ProviderResult(
                source=self.code,
                event_id=str(data["event_id"]),
                kind=str(data["type"]),
                reference=str(data["reference"]),
                provider_reference=str(data.get("test_id") or "")[:100],
                score=None if score is None else Decimal(str(score)),
                level=str(data.get("level") or ""),
                occurred_at=dt.datetime.fromisoformat(occurred_at) if occurred_at else None,
                reason=str(data.get("reason") or ""),
                pictures=list(data.get("pictures") or []),
            )
        except (ValueError, KeyError, TypeError, InvalidOperation, AttributeError) as error:
            raise InvalidCallback("malformed", "unreadable content") from error
        if not result.event_id or len(result.event_id) > 255:
            raise InvalidCallback("malformed", "bad event_id")
        if result.occurred_at is not None and result.occurred_at.tzinfo is None:
            raise InvalidCallback("malformed", "occurred_at without a time zone")
        # What we keep of the payload: not the pictures' bytes (stored apart).
        result.payload = {k: v for k, v in data.items() if k != "pictures"}
        result.payload["pictures"] = [p.get("id") for p in result.pictures if isinstance(p, dict)]
        return result
