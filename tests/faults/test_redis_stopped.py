"""Redis stopped under load (issue 14): submissions still succeed (the broker's absence
only delays the acknowledgment, which waits for the sweeper), and every e-mail leaves once
Redis is back. CI stops it for the few seconds of its submissions; FAULT_SCALE=full for 60 s.

The candidates are logged in before the outage (sessions live in the database; the login
form's rate limits read the cache, which production keeps in Redis: see docs/scaling.md)."""

import datetime as dt
import time
from pathlib import Path

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from benchmarks.stack import celery_worker
from candidates.models import Application
from candidates.services import acknowledgments_sweep
from notifications.enums import OutboxState
from notifications.models import OutboxMessage
from notifications.services import outbox_sweep
from notifications.services.outbox import LOST_AFTER
from tests.candidates.factories import OPEN_TIME, fill_dossier, pay
from tests.factories import UserFactory

from .conftest import FULL, report

pytestmark = [pytest.mark.faults, pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

OUTAGE_SECONDS = 60 if FULL else 0
CANDIDATES = 20 if FULL else 4


def test_redis_stopped_submissions_succeed_and_every_email_leaves_afterwards(
    broker, worker_env, tmp_path, session_2021, client
):
    with time_machine.travel(OPEN_TIME, tick=True):
        candidates = []
        for i in range(CANDIDATES):
            user = UserFactory(email=f"redis{i}@example.org")
            pay(fill_dossier(user, session_2021), user)
            candidates.append(user)

        broker.stop()  # Redis down
        stopped = time.monotonic()
        statuses, slowest = [], 0.0
        for i, user in enumerate(candidates):
            client.force_login(user)
            started = time.monotonic()
            response = client.post(reverse("candidates:review", args=[2021]))
            slowest = max(slowest, time.monotonic() - started)
            statuses.append(response.status_code)
            # Spread over the outage.
            time.sleep(max(0.0, stopped + OUTAGE_SECONDS * (i + 1) / CANDIDATES - time.monotonic()))
        submitted = Application.objects.filter(submitted_at__isnull=False).count()
        outage = time.monotonic() - stopped
        broker.process.start()  # Redis back, on the same port
        submitted_at = Application.objects.order_by("-submitted_at").values_list("submitted_at", flat=True)[0]

    env = worker_env()
    worker = celery_worker(env, log=tmp_path / "worker.log").start()
    redispatched = 0
    try:
        # The beat's sweepers, once their delay has passed: acknowledgments whose task was
        # never published are queued again; the worker renders them into the outbox and sends.
        # Redis lost the tasks it held when it stopped (no persistence here): the outbox
        # sweeper dispatches the queued rows again.
        recovered = acknowledgments_sweep(now=submitted_at + dt.timedelta(minutes=11))
        deadline = time.monotonic() + 120
        next_sweep = 0.0
        while time.monotonic() < deadline:
            if time.monotonic() >= next_sweep:  # the beat's tick
                redispatched += outbox_sweep(now=timezone.now() + LOST_AFTER() + dt.timedelta(seconds=1))
                next_sweep = time.monotonic() + 10
            acks = OutboxMessage.objects.filter(template_key="dossier.acknowledgment")
            if acks.count() == CANDIDATES and not acks.exclude(state=OutboxState.SENT).exists():
                break
            time.sleep(0.5)
    finally:
        worker.kill()
    sent_log = Path(env["BENCH_SENT_LOG"])
    sent = len(sent_log.read_text().splitlines()) if sent_log.exists() else 0
    acks_sent = OutboxMessage.objects.filter(
        template_key="dossier.acknowledgment", state=OutboxState.SENT
    ).count()
    report(
        f"Redis stopped {outage:.0f} s: {CANDIDATES} submissions, "
        f"answers {sorted(set(statuses))}, "
        f"slowest {slowest * 1000:.0f} ms, submitted {submitted}; after restart: acknowledgments re-queued "
        f"{recovered}, outbox rows dispatched again {redispatched}, sent {acks_sent}/{CANDIDATES}, "
        f"e-mails sent {sent}, "
        f"not sent {OutboxMessage.objects.exclude(state=OutboxState.SENT).count()}"
    )
    assert set(statuses) == {302}
    assert submitted == CANDIDATES
    assert acks_sent == CANDIDATES
    assert not OutboxMessage.objects.exclude(state=OutboxState.SENT).exists()
