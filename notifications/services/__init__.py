"""Every write of the notifications app, by subdomain: queuing (outbox), sending
(delivery), running milestones. Keyword-only arguments, one transaction each, tasks queued
on commit. Callers import from this package."""

from .delivery import (
    is_transient,
    outbox_claim,
    outbox_claim_many,
    outbox_deliver,
    outbox_deliver_many,
    outbox_resend,
    outbox_sweep,
)
from .milestones import milestone_run, milestones_tick
from .outbox import (
    INSERT_CHUNK,
    LANGUAGES,
    LOST_AFTER,
    MAX_ATTEMPTS,
    RETRY_BASE,
    SENDING_TIMEOUT,
    SOURCES_TTL_SECONDS,
    email_queue,
    email_queue_many,
    email_queue_rendered,
    idempotency_key,
    template_cache_clear,
    template_sources,
)

__all__ = [
    "INSERT_CHUNK",
    "LANGUAGES",
    "LOST_AFTER",
    "MAX_ATTEMPTS",
    "RETRY_BASE",
    "SENDING_TIMEOUT",
    "SOURCES_TTL_SECONDS",
    "email_queue",
    "email_queue_many",
    "email_queue_rendered",
    "idempotency_key",
    "is_transient",
    "milestone_run",
    "milestones_tick",
    "outbox_claim",
    "outbox_claim_many",
    "outbox_deliver",
    "outbox_deliver_many",
    "outbox_resend",
    "outbox_sweep",
    "template_cache_clear",
    "template_sources",
]
