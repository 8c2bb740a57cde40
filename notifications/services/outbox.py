"""Queuing e-mails: one outbox row per e-mail, idempotent, rendered in the recipient's
language from the admin's template or the default; sending is published on commit."""

import datetime
import hashlib
import logging
import time
from collections.abc import Iterable, Sequence
from email.utils import make_msgid, parseaddr

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone, translation

from core.links import portal_url

from .. import tasks  # the module, not its names: tasks imports services back
from ..models import EmailTemplate, OutboxAttachment, OutboxMessage
from ..registry import get_template
from ..rendering import render_message

logger = logging.getLogger(__name__)


# Read at each use, not at import, so that a test's settings override applies.
MAX_ATTEMPTS = lambda: settings.NOTIFICATIONS_MAX_ATTEMPTS  # noqa: E731
RETRY_BASE = lambda: datetime.timedelta(seconds=settings.NOTIFICATIONS_RETRY_BASE_SECONDS)  # noqa: E731
# A queued row still there this long after its dispatch: the broker lost the task.
LOST_AFTER = lambda: datetime.timedelta(seconds=settings.NOTIFICATIONS_LOST_AFTER_SECONDS)  # noqa: E731
# A row in `sending` this long: the worker died mid-send.
SENDING_TIMEOUT = lambda: datetime.timedelta(seconds=settings.NOTIFICATIONS_SENDING_TIMEOUT_SECONDS)  # noqa: E731
LANGUAGES = ("fr", "en")


# --- queuing --------------------------------------------------------------------------
def idempotency_key(*, template_key: str, email: str, related=None, occasion: str = "") -> str:
    if related is not None:
        meta = related._meta
        related_part = f"{meta.app_label}.{meta.model_name}:{related.pk}"
    else:
        related_part = "-"
    raw = "\x1f".join([template_key, email.strip().lower(), related_part, occasion])
    return hashlib.sha256(raw.encode()).hexdigest()


def _recipient(recipient):
    if isinstance(recipient, str):
        return None, recipient.strip()
    return recipient, recipient.email


def _msgid_domain() -> str:
    address = parseaddr(settings.DEFAULT_FROM_EMAIL)[1]
    return address.rpartition("@")[2] or "localhost"


class _SendBatch:
    """The send tasks of one transaction, published together on commit with one broker
    producer (a transaction that queues 10,000 e-mails registers one callback, not 10,000)."""

    def __init__(self, savepoints):
        self.ids: list[int] = []
        self.done = False
        self.savepoints = savepoints

    CHUNK = 50

    def __call__(self):
        self.done = True
        if len(self.ids) == 1:
            tasks.outbox_send.delay(self.ids[0])
            return
        # Chunks of ids: fewer broker messages, and one SMTP session per chunk.
        with tasks.outbox_send.app.producer_or_acquire() as producer:
            for start in range(0, len(self.ids), self.CHUNK):
                chunk = self.ids[start : start + self.CHUNK]
                tasks.outbox_send_batch.apply_async((chunk,), producer=producer)


def _dispatch_on_commit(message_id: int) -> None:
    """Queue the send task when the transaction commits. An id whose row was later rolled
    back with a savepoint is harmless: the task finds no queued row and does nothing; a
    batch whose callback was discarded with a savepoint is replaced by a new one."""
    connection = transaction.get_connection()
    batch = getattr(connection, "_outbox_batch", None)
    savepoints = tuple(connection.savepoint_ids)
    if (
        batch is None
        or batch.done
        or not connection.in_atomic_block
        or batch.savepoints != savepoints  # joined only at the same atomic level
        or not any(func is batch for _sids, func, _robust in connection.run_on_commit)
    ):
        batch = _SendBatch(savepoints)
        connection._outbox_batch = batch
        batch.ids.append(message_id)
        # robust: with the broker down (Redis stopped) the transaction has committed and the
        # rows wait in the outbox for the sweeper; the request must not fail for it.
        transaction.on_commit(batch, robust=True)  # in autocommit mode this runs at once
        return
    batch.ids.append(message_id)


def _insert_rows(messages: list[OutboxMessage]) -> list[OutboxMessage]:
    """INSERT ... ON CONFLICT (idempotency_key) DO NOTHING RETURNING id, idempotency_key:
    one statement for many rows, no savepoint. The unique constraint on idempotency_key is
    what makes queuing exactly once, also when two processes queue the same e-mail at the
    same moment (the second INSERT waits for the first transaction, then does nothing).
    Returns the rows actually inserted, with their pk."""
    if not messages:
        return []
    connection = transaction.get_connection()
    meta = OutboxMessage._meta
    fields = [field for field in meta.concrete_fields if not field.primary_key]
    quote = connection.ops.quote_name
    # Identifiers come from the model's metadata (quoted); every value is a parameter.
    columns = ", ".join(quote(f.column) for f in fields)
    key_column = quote(meta.get_field("idempotency_key").column)
    row_placeholder = f"({', '.join(['%s'] * len(fields))})"
    inserted = []
    for start in range(0, len(messages), INSERT_CHUNK):
        chunk = messages[start : start + INSERT_CHUNK]
        params = [
            field.get_db_prep_save(field.pre_save(message, add=True), connection)
            for message in chunk
            for field in fields
        ]
        sql = (
            f"INSERT INTO {quote(meta.db_table)} ({columns}) VALUES "  # noqa: S608
            f"{', '.join([row_placeholder] * len(chunk))} "
            f"ON CONFLICT ({key_column}) DO NOTHING RETURNING {quote(meta.pk.column)}, {key_column}"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            ids = {key: pk for pk, key in cursor.fetchall()}
        for message in chunk:
            if message.idempotency_key in ids:
                message.pk = ids[message.idempotency_key]
                # As bulk_create does (Model._state is documented): the row exists now.
                message._state.adding = False
                inserted.append(message)
    return inserted


INSERT_CHUNK = 500


# Admins' template versions, cached per process for a few seconds (one query less per
# e-mail when thousands are queued); a save or delete in this process clears it at once
# (signals connected in NotificationsConfig.ready), other processes see it within the TTL.
_SOURCES_CACHE: dict[tuple[str, str], tuple[float, tuple[str, str] | None]] = {}
SOURCES_TTL_SECONDS = 10.0


def template_cache_clear(**_kwargs) -> None:
    _SOURCES_CACHE.clear()


def template_sources(template_key: str, language: str) -> tuple[str, str]:
    """(subject, body) sources: the admin's version in that language, else the default in code."""
    now = time.monotonic()
    cached = _SOURCES_CACHE.get((template_key, language))
    if cached is not None and cached[0] > now:
        override = cached[1]
    else:
        override = (
            EmailTemplate.objects.filter(key=template_key, language=language)
            .values_list("subject", "body")
            .first()
        )
        _SOURCES_CACHE[(template_key, language)] = (now + SOURCES_TTL_SECONDS, override)
    if override:
        return override
    return get_template(template_key).default_for(language)


def _new_row(
    *,
    key: str,
    user,
    email: str,
    language: str,
    subject: str,
    text: str,
    html: str,
    template_key: str,
    related,
    occasion: str,
) -> OutboxMessage:
    message = OutboxMessage(
        recipient_email=email,
        user=user,
        language=language,
        subject=subject[:255],
        body_text=text,
        body_html=html,
        template_key=template_key,
        occasion=occasion[:100],
        idempotency_key=key,
        message_id=make_msgid(domain=_msgid_domain()),
        next_attempt_at=timezone.now() + LOST_AFTER(),
    )
    if related is not None:
        message.related_content_type = ContentType.objects.get_for_model(related)
        message.related_object_id = str(related.pk)
    return message


def _insert(
    message: OutboxMessage, attachments: Sequence[tuple[str, bytes, str]] = ()
) -> OutboxMessage | None:
    if attachments:
        with transaction.atomic():
            inserted = _insert_rows([message])
            if inserted:
                OutboxAttachment.objects.bulk_create(
                    OutboxAttachment(message=message, filename=name, content=content, mimetype=mimetype)
                    for name, content, mimetype in attachments
                )
    else:
        inserted = _insert_rows([message])
    if not inserted:
        return None
    _dispatch_on_commit(message.pk)
    return message


def _render(
    spec, *, template_key: str, recipient, context: dict, language, related, occasion
) -> OutboxMessage:
    unknown = set(context) - set(spec.allowed_placeholders)
    if unknown:
        raise ValueError(f"Unknown placeholders for {template_key!r}: {sorted(unknown)}")
    user, email = _recipient(recipient)
    language = language or (getattr(user, "preferred_language", None) if user else None) or "fr"
    if language not in LANGUAGES:
        language = "fr"
    full_context = {
        "site_url": portal_url(),
        "candidate_name": (user.get_full_name() or user.email) if user else "",
        **context,
    }
    subject_source, body_source = template_sources(template_key, language)
    with translation.override(language):
        subject, text, html = render_message(
            subject_source=subject_source, body_source=body_source, context=full_context, language=language
        )
    return _new_row(
        key=idempotency_key(template_key=template_key, email=email, related=related, occasion=occasion),
        user=user,
        email=email,
        language=language,
        subject=subject,
        text=text,
        html=html,
        template_key=template_key,
        related=related,
        occasion=occasion,
    )


def email_queue(
    *,
    template_key: str,
    recipient,
    context: dict,
    language: str | None = None,
    related=None,
    occasion: str = "",
    attachments: Sequence[tuple[str, bytes, str]] = (),
) -> OutboxMessage | None:
    """Render a registered template now and queue it, once.

    `recipient` is a User (language defaults to their preferred language) or an e-mail
    address (French by default). The idempotency key is (template, address, related
    object, occasion): a second call with the same key queues nothing and returns None.
    """
    spec = get_template(template_key)
    message = _render(
        spec,
        template_key=template_key,
        recipient=recipient,
        context=context,
        language=language,
        related=related,
        occasion=occasion,
    )
    return _insert(message, attachments)


def email_queue_many(*, template_key: str, items: Iterable[dict]) -> list[OutboxMessage]:
    """`email_queue` for many recipients of one template (milestone actions): each item is
    a dict of email_queue's arguments (recipient, context, and optionally language,
    related, occasion; no attachments). Same rendering and exactly-once guarantee, but
    the rows are inserted 500 per statement. Returns the messages actually queued."""
    spec = get_template(template_key)
    messages, seen = [], set()
    for item in items:
        message = _render(
            spec,
            template_key=template_key,
            recipient=item["recipient"],
            context=item.get("context", {}),
            language=item.get("language"),
            related=item.get("related"),
            occasion=item.get("occasion", ""),
        )
        if message.idempotency_key not in seen:
            seen.add(message.idempotency_key)
            messages.append(message)
    with transaction.atomic():
        inserted = _insert_rows(messages)
        for message in inserted:
            _dispatch_on_commit(message.pk)
    return inserted


def email_queue_rendered(
    *,
    template_key: str,
    recipient,
    subject: str,
    text: str,
    html: str = "",
    language: str = "fr",
    related=None,
    occasion: str = "",
    attachments: Sequence[tuple[str, bytes, str]] = (),
) -> OutboxMessage | None:
    """Queue an e-mail rendered elsewhere (allauth's own templates), with the same
    exactly-once guarantee as `email_queue`."""
    user, email = _recipient(recipient)
    message = _new_row(
        key=idempotency_key(template_key=template_key, email=email, related=related, occasion=occasion),
        user=user,
        email=email,
        language=language if language in LANGUAGES else "fr",
        subject=" ".join(subject.split()),
        text=text,
        html=html,
        template_key=template_key,
        related=related,
        occasion=occasion,
    )
    return _insert(message, attachments)
