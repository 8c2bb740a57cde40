"""The English-test provider interface: invite (a link), verify what the provider sends
back and translate it into a `ProviderResult` for `services.provider_result_receive`.
A provider never writes: the services record, once."""

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal


@dataclass
class ProviderResult:
    """What a provider reports about one test, whatever its channel."""

    source: str
    event_id: str
    kind: str  # a TakeState value: started, completed, technical_problem
    reference: str = ""  # our take's reference
    provider_reference: str = ""
    score: Decimal | None = None
    level: str = ""
    occurred_at: dt.datetime | None = None
    reason: str = ""
    pictures: list = field(default_factory=list)  # [{"id", "content_type", "data" (base64), "taken_at"}]
    payload: dict = field(default_factory=dict)


class InvalidCallback(Exception):
    """A callback refused before anything is recorded: `code` says why (forged, stale,
    malformed), answered with a 400."""

    def __init__(self, code: str, detail: str = ""):
        self.code = code
        self.detail = detail or code
        super().__init__(self.detail)


class EnglishTestProvider:
    code = ""
    label = ""
    # The test is taken on a page of the portal (the sandbox) rather than at the provider's.
    in_portal = False

    def invitation_url(self, take) -> str:
        """The absolute link the invitation e-mail and the candidate's home give."""
        raise NotImplementedError

    def candidate_url(self, take) -> str:
        """The link on the candidate's pages (the portal's own pages may be relative)."""
        return self.invitation_url(take)

    def parse_callback(self, request) -> ProviderResult:
        """Verify the signature of what the provider sent and read it; raises InvalidCallback."""
        raise NotImplementedError
