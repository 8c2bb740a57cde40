"""The outbox: rendering, exactly once, transient vs permanent failures, the sweeper,
resending. SMTP is the only thing faked (tests/notifications/fake_smtp.py)."""

import datetime as dt
import smtplib

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from core.models import AuditEntry
from notifications.enums import AuditAction, OutboxState
from notifications.models import OutboxMessage
from notifications.services import (
    email_queue,
    email_queue_many,
    outbox_deliver,
    outbox_deliver_many,
    outbox_resend,
    outbox_sweep,
)
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def queue(user_or_email, **kwargs):
    kwargs.setdefault("context", {"motivation": "J'aime <b>construire</b> & réparer", "session": "S"})
    return email_queue(template_key="tests.hello", recipient=user_or_email, **kwargs)


def test_queued_email_is_rendered_in_the_users_language_and_sent_on_commit(
    django_capture_on_commit_callbacks,
):
    user = UserFactory(first_name="Ana", last_name="Lopez", preferred_language="en")
    with django_capture_on_commit_callbacks(execute=True):
        message = queue(user)
    message.refresh_from_db()
    assert message.state == OutboxState.SENT
    assert message.attempts == 1 and message.sent_at is not None
    assert message.language == "en"
    assert message.subject == "Hello Ana Lopez"
    [sent] = mail.outbox
    assert sent.to == [user.email]
    assert sent.extra_headers["Message-ID"] == message.message_id
    assert sent.message()["Message-ID"] == message.message_id
    assert "You wrote: J'aime <b>construire</b> & réparer" in sent.body  # text part: as typed
    html = sent.alternatives[0][0]
    assert "J&#x27;aime &lt;b&gt;construire&lt;/b&gt; &amp; réparer" in html  # HTML part: escaped
    assert "<b>construire</b>" not in html


def test_an_email_address_recipient_gets_french_by_default():
    message = queue("someone@example.org")
    assert message.language == "fr" and message.user is None
    assert message.subject == "Bonjour"
    assert "Vous avez écrit" in message.body_text


def test_same_idempotency_key_queues_once_and_another_occasion_queues_again(campaign):
    user = UserFactory()
    first = queue(user, related=campaign, occasion="2021")
    assert first is not None
    assert queue(user, related=campaign, occasion="2021") is None
    assert queue(user.email.upper(), related=campaign, occasion="2021") is None  # same address
    assert queue(user, related=campaign, occasion="2022") is not None
    assert queue(user, occasion="2021") is not None  # no related object: another key
    assert OutboxMessage.objects.count() == 3


def test_placeholders_not_declared_are_refused_at_queue_time():
    with pytest.raises(ValueError, match="unknown"):
        email_queue(template_key="tests.hello", recipient="a@example.org", context={"unknown": "x"})


def test_attachments_are_stored_and_sent(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        message = queue("a@example.org", attachments=[("recu.pdf", b"%PDF-1.4 test", "application/pdf")])
    assert message.attachments.get().filename == "recu.pdf"
    [sent] = mail.outbox
    assert sent.attachments == [("recu.pdf", b"%PDF-1.4 test", "application/pdf")]


@pytest.mark.parametrize(
    "exc",
    [
        smtplib.SMTPServerDisconnected("gone"),
        smtplib.SMTPConnectError(421, b"busy"),
        smtplib.SMTPResponseException(451, b"try later"),
        smtplib.SMTPRecipientsRefused({"a@example.org": (450, b"mailbox busy")}),
        TimeoutError("timed out"),
        ConnectionRefusedError("refused"),
    ],
    ids=["disconnected", "connect", "4xx", "recipient-4xx", "timeout", "refused"],
)
def test_transient_failures_are_retried_with_backoff_then_sent(
    flaky_smtp, exc, django_capture_on_commit_callbacks
):
    flaky_smtp.FAILURES.extend([exc, exc])
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            message = queue("a@example.org")
        message.refresh_from_db()
        assert message.state == OutboxState.QUEUED and message.attempts == 1
        assert type(exc).__name__ in message.last_error
        assert message.next_attempt_at == start + dt.timedelta(minutes=1)
        with django_capture_on_commit_callbacks(execute=True):
            assert outbox_sweep() == 0  # not yet: back-off
    with time_machine.travel(start + dt.timedelta(minutes=1), tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            assert outbox_sweep() == 1
        message.refresh_from_db()
        assert message.attempts == 2 and message.state == OutboxState.QUEUED
        assert message.next_attempt_at == start + dt.timedelta(minutes=3)  # 1 min after, then 2
    with (
        time_machine.travel(start + dt.timedelta(minutes=3), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        assert outbox_sweep() == 1
    message.refresh_from_db()
    assert message.state == OutboxState.SENT and message.attempts == 3
    assert flaky_smtp.SENT_TO == ["a@example.org"]


def test_transient_failures_stop_after_the_maximum_attempts(
    flaky_smtp, settings, django_capture_on_commit_callbacks
):
    settings.NOTIFICATIONS_MAX_ATTEMPTS = 2
    settings.NOTIFICATIONS_RETRY_BASE_SECONDS = 0
    flaky_smtp.FAILURES.extend([smtplib.SMTPServerDisconnected("gone")] * 5)
    with django_capture_on_commit_callbacks(execute=True):
        message = queue("a@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        outbox_sweep()
    message.refresh_from_db()
    assert message.state == OutboxState.FAILED and message.attempts == 2
    assert "SMTPServerDisconnected" in message.last_error


@pytest.mark.parametrize(
    "exc",
    [
        smtplib.SMTPResponseException(550, b"no such user"),
        smtplib.SMTPRecipientsRefused({"a@example.org": (550, b"unknown user")}),
        smtplib.SMTPSenderRefused(553, b"sender refused", "admissions@example.org"),
        smtplib.SMTPAuthenticationError(535, b"bad credentials"),
        smtplib.SMTPDataError(554, b"rejected"),
    ],
    ids=["5xx", "recipients-refused", "sender-refused", "auth", "data"],
)
def test_permanent_failures_are_not_retried(flaky_smtp, exc, django_capture_on_commit_callbacks):
    flaky_smtp.FAILURES.append(exc)
    with django_capture_on_commit_callbacks(execute=True):
        message = queue("a@example.org")
    message.refresh_from_db()
    assert message.state == OutboxState.FAILED and message.attempts == 1
    assert type(exc).__name__ in message.last_error
    with django_capture_on_commit_callbacks(execute=True):
        assert outbox_sweep(now=timezone.now() + dt.timedelta(days=1)) == 0
    assert flaky_smtp.SENT_TO == []


def test_an_invalid_address_fails_that_row_and_the_others_go_on(
    flaky_smtp, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        good1 = queue("good1@example.org")
        bad = queue("not an address@@example")
        good2 = queue("good2@example.org")
    for message in (good1, bad, good2):
        message.refresh_from_db()
    assert (good1.state, bad.state, good2.state) == ("sent", "failed", "sent")
    assert "Invalid e-mail address" in bad.last_error or "Adresse e-mail invalide" in bad.last_error
    assert flaky_smtp.SENT_TO == ["good1@example.org", "good2@example.org"]


def test_sweeper_redispatches_a_queued_row_whose_broker_message_was_lost(django_capture_on_commit_callbacks):
    message = queue("a@example.org")  # on_commit never ran: the task was "lost"
    assert message.state == OutboxState.QUEUED
    with django_capture_on_commit_callbacks(execute=True):
        assert outbox_sweep(now=timezone.now() + dt.timedelta(minutes=1)) == 0  # too early to call it lost
    with django_capture_on_commit_callbacks(execute=True):
        assert outbox_sweep(now=timezone.now() + dt.timedelta(minutes=6)) == 1
    message.refresh_from_db()
    assert message.state == OutboxState.SENT
    assert len(mail.outbox) == 1


def test_sweeper_requeues_a_row_stuck_in_sending_when_the_worker_died(django_capture_on_commit_callbacks):
    message = queue("a@example.org")
    OutboxMessage.objects.filter(pk=message.pk).update(
        state=OutboxState.SENDING, attempts=1, claimed_at=timezone.now() - dt.timedelta(minutes=11)
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert outbox_sweep() == 1
    message.refresh_from_db()
    assert message.state == OutboxState.SENT and message.attempts == 2
    assert len(mail.outbox) == 1


def test_a_row_being_sent_recently_is_left_alone():
    message = queue("a@example.org")
    OutboxMessage.objects.filter(pk=message.pk).update(state=OutboxState.SENDING, claimed_at=timezone.now())
    assert outbox_sweep(now=timezone.now() + dt.timedelta(minutes=6)) == 0
    assert outbox_deliver(message_id=message.pk) is None  # not queued: nobody sends it twice
    assert mail.outbox == []


def test_admin_fixes_the_address_and_resends_with_an_audit_entry(
    flaky_smtp, personas, django_capture_on_commit_callbacks
):
    flaky_smtp.FAILURES.append(smtplib.SMTPRecipientsRefused({"typo@exmaple.org": (550, b"no such domain")}))
    with django_capture_on_commit_callbacks(execute=True):
        message = queue("typo@exmaple.org")
    message.refresh_from_db()
    assert message.state == OutboxState.FAILED
    with django_capture_on_commit_callbacks(execute=True):
        outbox_resend(message=message, actor=personas.admin, recipient_email="fixed@example.org")
    message.refresh_from_db()
    assert message.state == OutboxState.SENT and message.recipient_email == "fixed@example.org"
    assert flaky_smtp.SENT_TO == ["fixed@example.org"]
    entry = AuditEntry.objects.get(action=AuditAction.OUTBOX_RESEND)
    assert entry.actor == personas.admin
    assert entry.before["recipient_email"] == "typo@exmaple.org"
    assert entry.after["recipient_email"] == "fixed@example.org"


def test_only_failed_emails_can_be_resent(personas):
    message = queue("a@example.org")
    with pytest.raises(ValidationError):
        outbox_resend(message=message, actor=personas.admin)


def test_one_transaction_publishes_its_send_tasks_together_and_a_rolled_back_row_is_not_sent(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks, transaction.atomic():
        for i in range(5):
            queue(f"r{i}@example.org")
        with pytest.raises(RuntimeError), transaction.atomic():
            queue("rolled-back@example.org")
            raise RuntimeError
    assert len(callbacks) == 1
    assert sorted(m.to[0] for m in mail.outbox) == [f"r{i}@example.org" for i in range(5)]
    assert not OutboxMessage.objects.filter(recipient_email="rolled-back@example.org").exists()


def test_a_batch_shares_one_smtp_session_and_a_failure_does_not_stop_the_others(flaky_smtp):
    messages = [queue(f"r{i}@example.org") for i in range(4)]
    flaky_smtp.FAILURES.extend(
        [smtplib.SMTPResponseException(550, b"no"), smtplib.SMTPServerDisconnected("x")]
    )
    assert outbox_deliver_many(message_ids=[m.pk for m in messages]) == 2
    states = [OutboxMessage.objects.get(pk=m.pk).state for m in messages]
    assert states == [OutboxState.FAILED, OutboxState.QUEUED, OutboxState.SENT, OutboxState.SENT]
    assert flaky_smtp.SENT_TO == ["r2@example.org", "r3@example.org"]
    # Given the same ids again: only the row still queued is sent; none twice.
    assert outbox_deliver_many(message_ids=[m.pk for m in messages]) == 1
    assert flaky_smtp.SENT_TO == ["r2@example.org", "r3@example.org", "r1@example.org"]


def test_email_queue_many_queues_each_once_in_the_recipients_language(django_capture_on_commit_callbacks):
    en = UserFactory(preferred_language="en", first_name="Al", last_name="B")
    items = [
        {"recipient": en, "context": {"motivation": "<x>"}},
        {"recipient": "fr@example.org", "context": {"motivation": "y"}},
        {"recipient": "fr@example.org", "context": {"motivation": "y"}},  # same key twice in the batch
    ]
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        queued = email_queue_many(template_key="tests.hello", items=items)
    assert [m.recipient_email for m in queued] == [en.email, "fr@example.org"]
    assert len(callbacks) == 1
    assert {m.to[0]: m.subject for m in mail.outbox} == {en.email: "Hello Al B", "fr@example.org": "Bonjour"}
    assert "&lt;x&gt;" in OutboxMessage.objects.get(user=en).body_html
    assert email_queue_many(template_key="tests.hello", items=items) == []  # again: nothing
    assert OutboxMessage.objects.count() == 2
