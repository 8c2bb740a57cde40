"""The Celery worker killed with kill -9 in the middle of a batch of e-mails (issue 14):
0 lost; the duplicates are at most the messages in flight at the kill (rows claimed,
`sending`), each resent with the same Message-ID. CI sends 2,000; FAULT_SCALE=full 10,000."""

import collections
import datetime as dt
import time
from pathlib import Path

import pytest
from django.utils import timezone

from benchmarks.stack import celery_worker
from notifications.enums import OutboxState
from notifications.models import OutboxMessage
from notifications.services import email_queue_many, outbox_sweep
from notifications.services.outbox import SENDING_TIMEOUT

from .conftest import FULL, report

pytestmark = [pytest.mark.faults, pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

COUNT = 10_000 if FULL else 1_000


def _sent(log: Path) -> list[tuple[str, str]]:
    if not log.exists():
        return []
    return [tuple(line.split()) for line in log.read_text().splitlines() if line.strip()]


def _wait(predicate, timeout):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.1)
    return False


def test_worker_killed_mid_batch_loses_nothing_and_resends_in_flight_with_same_message_id(
    broker, worker_env, tmp_path, session_2021
):
    env = worker_env(BENCH_SEND_DELAY_MS="2")
    log = Path(env["BENCH_SENT_LOG"])
    worker = celery_worker(env, log=tmp_path / "worker.log", concurrency=2).start()
    try:
        context = {
            "session": "Session 2021",
            "dossier_url": "http://127.0.0.1:8000/",
            "deadline": dt.date(2021, 3, 9),
        }
        for start in range(0, COUNT, 2000):
            email_queue_many(
                template_key="dossier.reminder_7d",
                items=(
                    {"recipient": f"fault{i}@example.org", "context": context, "occasion": "fault"}
                    for i in range(start, min(start + 2000, COUNT))
                ),
            )
        assert OutboxMessage.objects.count() == COUNT
        # Mid-batch: a third sent.
        assert _wait(lambda: len(_sent(log)) >= COUNT // 3, 120), (tmp_path / "worker.log").read_text()[
            -3000:
        ]
        worker.kill()  # kill -9 of the worker and its pool processes
        sent_before = len(_sent(log))
        in_flight = OutboxMessage.objects.filter(state=OutboxState.SENDING).count()
        queued = OutboxMessage.objects.filter(state=OutboxState.QUEUED).count()

        worker = celery_worker(env, log=tmp_path / "worker2.log", concurrency=2).start()
        # The beat's sweeper, once the sending timeout has passed: rows left `sending` by the
        # dead worker go back to the queue and are dispatched again.
        later = timezone.now() + SENDING_TIMEOUT() + dt.timedelta(seconds=1)
        outbox_sweep(now=later, batch=COUNT)

        def all_sent():
            return not OutboxMessage.objects.exclude(state=OutboxState.SENT).exists()

        if not _wait(all_sent, 180):
            outbox_sweep(
                now=timezone.now() + dt.timedelta(days=1), batch=COUNT
            )  # the broker lost some: sweep
            assert _wait(all_sent, 120)
    finally:
        worker.kill()

    lines = _sent(log)
    by_id = collections.Counter(message_id for message_id, _to in lines)
    ids_per_recipient = collections.defaultdict(set)
    for message_id, to in lines:
        ids_per_recipient[to].add(message_id)
    expected = set(OutboxMessage.objects.values_list("message_id", flat=True))
    lost = len(expected - set(by_id))
    duplicates = sum(n - 1 for n in by_id.values())
    report(
        f"worker kill -9: {COUNT} e-mails, sent before the kill {sent_before}, "
        f"in flight (sending) {in_flight}, "
        f"still queued {queued}, lost {lost}, duplicates {duplicates}, "
        f"recipients with two Message-IDs {sum(1 for ids in ids_per_recipient.values() if len(ids) > 1)}"
    )
    assert lost == 0
    assert duplicates <= in_flight
    assert all(len(ids) == 1 for ids in ids_per_recipient.values())  # resent with the same Message-ID
    assert len(ids_per_recipient) == COUNT
