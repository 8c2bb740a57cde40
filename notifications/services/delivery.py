"""Sending queued e-mails: claiming rows, SMTP with retries of transient failures only,
the sweeper for rows the broker lost, and the admin's resend."""

import datetime
import logging
import smtplib
from collections.abc import Sequence

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMultiAlternatives, get_connection
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import F, prefetch_related_objects
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit import audit_record

from ..enums import AuditAction, OutboxState
from ..models import OutboxMessage
from .outbox import LOST_AFTER, MAX_ATTEMPTS, RETRY_BASE, SENDING_TIMEOUT, _dispatch_on_commit

logger = logging.getLogger(__name__)


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
            action=AuditAction.OUTBOX_RESEND,
            obj=message,
            before=before,
            after={"recipient_email": message.recipient_email, "state": message.state},
        )
        _dispatch_on_commit(message.pk)
    return message
