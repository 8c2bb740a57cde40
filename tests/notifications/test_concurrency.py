"""Exactly once under real concurrency, on PostgreSQL: threads with their own database
connections, real transactions.

How these were checked to fail without the guard (each by a temporary edit, reverted):
- (a) `unique=True` removed from OutboxMessage.idempotency_key, run with --nomigrations:
  with the first version (check, then INSERT in a savepoint) both threads inserted, 2 rows;
  with the current INSERT ... ON CONFLICT DO NOTHING, PostgreSQL refuses the statement.
- (b) `select_for_update(skip_locked=True)` removed from services.outbox_claim: both
  workers read rows as queued and send them (44 to 72 sends for 40 rows in our runs).
- (c) with an earlier failed run, `select_for_update()` removed from
  services.milestone_run's get_or_create: both ticks run the action (two "milestone.run"
  audit entries). Without an earlier run, the unique (campaign, action) constraint makes
  the second tick wait for the first and find it done.
"""

import datetime as dt
import threading
import time

import pytest
from django.db import connection, transaction
from django.utils import timezone

from candidates.models import Application
from core.models import AuditEntry
from notifications.enums import AuditAction, OutboxState
from notifications.models import MilestoneRun, OutboxMessage
from notifications.services import email_queue, milestone_run, outbox_deliver_many
from tests.factories import CampaignFactory, UserFactory
from tests.notifications import fake_smtp

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def run_in_threads(target, count=2):
    """Start `count` threads on `target(i)`, each with its own connection; re-raise errors."""
    results, errors = [None] * count, []

    def wrapper(i):
        try:
            results[i] = target(i)
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=wrapper, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors, errors
    return results


def test_two_concurrent_queues_with_the_same_key_create_one_row():
    user = UserFactory()
    barrier = threading.Barrier(2)

    def queue(_i):
        with transaction.atomic():
            barrier.wait()
            message = email_queue(
                template_key="tests.hello", recipient=user, context={"motivation": "x"}, occasion="once"
            )
            time.sleep(0.3)  # keep the transaction open: the other one inserts meanwhile
            return message

    results = run_in_threads(queue)
    assert sum(r is not None for r in results) == 1
    assert OutboxMessage.objects.count() == 1


class SlowBackend(fake_smtp.FlakySMTPBackend):
    def send_messages(self, email_messages):
        time.sleep(0.02)  # a real SMTP round trip
        return super().send_messages(email_messages)


def test_two_workers_claiming_the_same_batch_send_each_row_once(settings):
    settings.EMAIL_BACKEND = "tests.notifications.test_concurrency.SlowBackend"
    fake_smtp.SENT_TO.clear()
    rows = OutboxMessage.objects.bulk_create(
        OutboxMessage(
            recipient_email=f"r{i}@example.org",
            subject="s",
            body_text="b",
            template_key="tests.batch",
            idempotency_key=f"batch-{i}",
            message_id=f"<batch-{i}@example.org>",
            next_attempt_at=timezone.now(),
        )
        for i in range(40)
    )
    ids = [row.pk for row in rows]
    barrier = threading.Barrier(2)

    def worker(_i):
        barrier.wait()
        # Batches of 2 ids, as outbox_send_batch receives them (smaller): the two workers
        # race for each batch, 20 times.
        return sum(outbox_deliver_many(message_ids=ids[i : i + 2]) for i in range(0, len(ids), 2))

    claimed = run_in_threads(worker)
    assert sum(claimed) == 40
    assert sorted(fake_smtp.SENT_TO) == sorted(f"r{i}@example.org" for i in range(40))
    assert set(OutboxMessage.objects.values_list("state", "attempts")) == {(OutboxState.SENT, 1)}


@pytest.mark.parametrize("earlier_run", ["none", "failed"])
def test_the_same_milestone_run_twice_concurrently_queues_each_email_once(settings, earlier_run):
    settings.EMAIL_BACKEND = "django.core.mail.backends.dummy.EmailBackend"
    today = timezone.localdate()
    campaign = CampaignFactory(
        year=2090,
        submission_opens_on=today - dt.timedelta(days=30),
        submission_deadline=today + dt.timedelta(days=3),
    )
    for i in range(15):
        Application.objects.create(campaign=campaign, candidate=UserFactory(email=f"c{i}@example.org"))
    if earlier_run == "failed":  # both ticks find the row and would retry it
        MilestoneRun.objects.create(
            campaign=campaign,
            action_key="dossier.reminder_7d",
            due_at=timezone.now(),
            status="failed",
            runs=1,
        )
    barrier = threading.Barrier(2)

    def tick(_i):
        barrier.wait()
        return milestone_run(campaign=campaign, action_key="dossier.reminder_7d")

    results = run_in_threads(tick)
    assert sum(r is not None for r in results) == 1
    assert OutboxMessage.objects.filter(template_key="dossier.reminder_7d").count() == 15
    run = MilestoneRun.objects.get(campaign=campaign, action_key="dossier.reminder_7d")
    assert run.runs == (1 if earlier_run == "none" else 2) and run.emails_queued == 15
    assert AuditEntry.objects.filter(action=AuditAction.MILESTONE_RUN).count() == 1
