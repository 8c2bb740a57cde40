"""Every write of the notifications app: queuing, sending, sweeping and resending e-mails,
running milestones. Keyword-only arguments, one transaction each, tasks queued on commit."""

import datetime
import hashlib
import logging
import smtplib
import time
from collections.abc import Iterable, Sequence
from email.utils import make_msgid, parseaddr

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.mail import EmailMultiAlternatives, get_connection
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import F, prefetch_related_objects
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from core.audit import audit_record

from .enums import MilestoneStatus, OutboxState
from .milestones import all_actions, get_action
from .models import EmailTemplate, MilestoneRun, OutboxAttachment, OutboxMessage
from .registry import get_template
from .rendering import render_message

logger = logging.getLogger(__name__)


def _setting(name: str, default):
    return getattr(settings, name, default)


MAX_ATTEMPTS = lambda: _setting("NOTIFICATIONS_MAX_ATTEMPTS", 5)  # noqa: E731
RETRY_BASE = lambda: datetime.timedelta(seconds=_setting("NOTIFICATIONS_RETRY_BASE_SECONDS", 60))  # noqa: E731
# A queued row still there this long after its dispatch: the broker lost the task.
LOST_AFTER = lambda: datetime.timedelta(seconds=_setting("NOTIFICATIONS_LOST_AFTER_SECONDS", 300))  # noqa: E731
# A row in `sending` this long: the worker died mid-send.
SENDING_TIMEOUT = lambda: datetime.timedelta(  # noqa: E731
    seconds=_setting("NOTIFICATIONS_SENDING_TIMEOUT_SECONDS", 600)
)
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
        from .tasks import outbox_send, outbox_send_batch

        self.done = True
        if len(self.ids) == 1:
            outbox_send.delay(self.ids[0])
            return
        # Chunks of ids: fewer broker messages, and one SMTP session per chunk.
        with outbox_send.app.producer_or_acquire() as producer:
            for start in range(0, len(self.ids), self.CHUNK):
                outbox_send_batch.apply_async((self.ids[start : start + self.CHUNK],), producer=producer)


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
        transaction.on_commit(batch)  # in autocommit mode this runs at once
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
        "site_url": settings.SITE_URL,
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


# --- sending --------------------------------------------------------------------------
def is_transient(exc: BaseException) -> bool:
    """Only a failure that may go away by itself is retried: a dropped or refused
    connection, a timeout, a 4xx answer. 5xx answers, refused recipients and anything we
    do not recognise are permanent."""
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _msg in exc.recipients.values()]
        return bool(codes) and all(400 <= code < 500 for code in codes)
    if isinstance(exc, smtplib.SMTPServerDisconnected | smtplib.SMTPConnectError):
        return True
    if isinstance(exc, smtplib.SMTPResponseException):
        return 400 <= exc.smtp_code < 500
    if isinstance(exc, smtplib.SMTPException):
        return False
    return isinstance(exc, TimeoutError | ConnectionError | OSError)


def outbox_claim_many(*, message_ids: Sequence[int]) -> list[OutboxMessage]:
    """queued -> sending, attempts + 1, for the given rows that no other worker holds:
    locked rows are skipped (select_for_update(skip_locked=True)), rows no longer queued
    are left out. Attachments are fetched with them."""
    with transaction.atomic():
        messages = list(
            OutboxMessage.objects.select_for_update(skip_locked=True)
            .filter(pk__in=list(message_ids), state=OutboxState.QUEUED)
            .order_by("pk")
        )
        if not messages:
            return []
        now = timezone.now()
        OutboxMessage.objects.filter(pk__in=[m.pk for m in messages]).update(
            state=OutboxState.SENDING, attempts=F("attempts") + 1, claimed_at=now
        )
    for message in messages:
        message.state, message.attempts, message.claimed_at = OutboxState.SENDING, message.attempts + 1, now
    prefetch_related_objects(messages, "attachments")
    return messages


def outbox_claim(*, message_id: int) -> OutboxMessage | None:
    """One row: see outbox_claim_many; None if another worker has it or it is not queued."""
    claimed = outbox_claim_many(message_ids=[message_id])
    return claimed[0] if claimed else None


def _build(message: OutboxMessage, connection=None) -> EmailMultiAlternatives:
    email = EmailMultiAlternatives(
        subject=message.subject,
        body=message.body_text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[message.recipient_email],
        headers={"Message-ID": message.message_id},
        connection=connection,
    )
    if message.body_html:
        email.attach_alternative(message.body_html, "text/html")
    for attachment in message.attachments.all():
        email.attach(attachment.filename, bytes(attachment.content), attachment.mimetype)
    return email


def _finish(message: OutboxMessage, **fields) -> None:
    """Write the outcome only if the row is still ours (the sweeper may have taken it back)."""
    OutboxMessage.objects.filter(
        pk=message.pk, state=OutboxState.SENDING, claimed_at=message.claimed_at
    ).update(**fields)
    for name, value in fields.items():
        setattr(message, name, value)


def outbox_deliver(*, message_id: int, connection=None) -> OutboxMessage | None:
    """Claim one queued row and send it (see `_send_claimed`); None if not claimed."""
    message = outbox_claim(message_id=message_id)
    if message is None:
        return None
    return _send_claimed(message, connection)


def _send_claimed(message: OutboxMessage, connection=None) -> OutboxMessage:
    """Send a claimed row and record the outcome at once. Transient failures put it back
    in the queue with an exponential back-off (the sweeper dispatches it again); permanent
    ones, an invalid address or too many attempts mark it failed with the reason."""
    try:
        try:
            validate_email(message.recipient_email)
        except ValidationError:
            raise ValueError(
                _("Invalid e-mail address: %(email)s") % {"email": message.recipient_email}
            ) from None
        _build(message, connection).send()
    except Exception as exc:
        reason = f"{type(exc).__name__}: {exc}"[:2000]
        if is_transient(exc) and message.attempts < MAX_ATTEMPTS():
            delay = RETRY_BASE() * (2 ** (message.attempts - 1))
            logger.warning("outbox %s: transient failure, retry in %s: %s", message.pk, delay, reason)
            _finish(
                message, state=OutboxState.QUEUED, last_error=reason, next_attempt_at=timezone.now() + delay
            )
        else:
            logger.error("outbox %s: failed: %s", message.pk, reason)
            _finish(message, state=OutboxState.FAILED, last_error=reason)
        return message
    _finish(message, state=OutboxState.SENT, sent_at=timezone.now(), last_error="")
    return message


def outbox_deliver_many(*, message_ids: Sequence[int]) -> int:
    """Send several rows over one SMTP session. Rows another worker holds are skipped
    when claiming, so two workers given the same ids still send each once. Returns the
    number sent."""
    connection = get_connection()
    sent = 0
    try:
        try:
            connection.open()
        except Exception:  # the first send reports it, row by row
            logger.warning("outbox: could not open the mail connection", exc_info=True)
        # Claimed together (one locking query); each outcome is written right after its
        # send, so a worker dying mid-batch leaves only the rows not yet sent in `sending`.
        for message in outbox_claim_many(message_ids=message_ids):
            message = _send_claimed(message, connection)
            if message.state == OutboxState.SENT:
                sent += 1
            else:  # a failed exchange may leave the session unusable: start a new one
                connection.close()
    finally:
        connection.close()
    return sent


def outbox_sweep(*, now: datetime.datetime | None = None, batch: int = 1000) -> int:
    """Nothing is lost: rows stuck in `sending` (the worker died) go back to the queue, and
    queued rows whose time has come (lost broker message, back-off over) are dispatched
    again. Returns the number of rows dispatched."""
    now = now or timezone.now()
    OutboxMessage.objects.filter(state=OutboxState.SENDING, claimed_at__lt=now - SENDING_TIMEOUT()).update(
        state=OutboxState.QUEUED, next_attempt_at=now, last_error="Worker stopped while sending."
    )
    with transaction.atomic():
        due = list(
            OutboxMessage.objects.select_for_update(skip_locked=True)
            .filter(state=OutboxState.QUEUED, next_attempt_at__lte=now)
            .order_by("next_attempt_at")
            .values_list("pk", flat=True)[:batch]
        )
        OutboxMessage.objects.filter(pk__in=due).update(next_attempt_at=now + LOST_AFTER())
        for pk in due:
            _dispatch_on_commit(pk)
    return len(due)


def outbox_resend(*, message: OutboxMessage, actor, recipient_email: str | None = None) -> OutboxMessage:
    """An admin sends a failed e-mail again, possibly to a corrected address."""
    with transaction.atomic():
        message = OutboxMessage.objects.select_for_update().get(pk=message.pk)
        if message.state != OutboxState.FAILED:
            raise ValidationError(_("Only a failed e-mail can be sent again."))
        if recipient_email:
            validate_email(recipient_email)
        before = {
            "recipient_email": message.recipient_email,
            "state": message.state,
            "error": message.last_error,
        }
        message.recipient_email = (recipient_email or message.recipient_email).strip()
        message.state = OutboxState.QUEUED
        message.attempts = 0
        message.last_error = ""
        message.next_attempt_at = timezone.now() + LOST_AFTER()
        message.save(update_fields=["recipient_email", "state", "attempts", "last_error", "next_attempt_at"])
        audit_record(
            actor=actor,
            action="outbox.resend",
            obj=message,
            before=before,
            after={"recipient_email": message.recipient_email, "state": message.state},
        )
        _dispatch_on_commit(message.pk)
    return message


# --- milestones -----------------------------------------------------------------------
def milestone_run(
    *, campaign, action_key: str, actor=None, rerun: bool = False, now: datetime.datetime | None = None
) -> MilestoneRun | None:
    """Run one milestone action for one campaign, once: the MilestoneRun row (unique per
    campaign and action) is created or locked first, so a concurrent tick waits and then
    finds it done. A done run is run again only on an explicit `rerun` (an admin), which
    is safe: the e-mails' idempotency keys prevent duplicates. Returns None if nothing ran."""
    action = get_action(action_key)
    now = now or timezone.now()
    due_at = action.due_at(campaign)
    if due_at is None or (due_at > now and not rerun):
        return None
    with transaction.atomic():
        run, _created = MilestoneRun.objects.select_for_update().get_or_create(
            campaign=campaign, action_key=action_key, defaults={"due_at": due_at}
        )
        if run.status == MilestoneStatus.DONE and not rerun:
            return None
        before = {"status": run.status, "due_at": run.due_at, "emails_queued": run.emails_queued}
        run.started_at = timezone.now()
        run.due_at = due_at
        run.runs += 1
        try:
            with transaction.atomic():
                count = action.run(campaign)
        except Exception as exc:
            logger.exception("milestone %s for %s failed", action_key, campaign)
            run.status = MilestoneStatus.FAILED
            run.error = f"{type(exc).__name__}: {exc}"[:2000]
            run.emails_queued = 0
        else:
            run.status = MilestoneStatus.DONE
            run.error = ""
            run.emails_queued = int(count or 0)
        run.finished_at = timezone.now()
        run.save()
        audit_record(
            actor=actor,
            action="milestone.rerun" if rerun else "milestone.run",
            obj=run,
            before=before,
            after={"status": run.status, "due_at": run.due_at, "emails_queued": run.emails_queued},
            reason=run.error,
        )
    return run


def milestones_tick(*, now: datetime.datetime | None = None) -> list[MilestoneRun]:
    """The beat tick: each due action not yet done, for every campaign, once."""
    from admissions.models import Campaign

    now = now or timezone.now()
    done = set(
        MilestoneRun.objects.filter(status=MilestoneStatus.DONE).values_list("campaign_id", "action_key")
    )
    runs = []
    for campaign in Campaign.objects.all():
        for action in all_actions():
            due_at = action.due_at(campaign)
            if due_at is None or due_at > now or (campaign.pk, action.key) in done:
                continue
            run = milestone_run(campaign=campaign, action_key=action.key, now=now)
            if run is not None:
                runs.append(run)
    return runs
