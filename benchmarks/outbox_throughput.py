"""Outbox throughput and exactly-once, against PostgreSQL and a real Redis-backed Celery
worker started by this script.

    .venv/bin/python benchmarks/outbox_throughput.py [--count 10000]

1. Queues N notifications through `notifications.services.email_queue_many` (what the
   reminder milestone uses: rendering each, the idempotency key, rows inserted 500 per
   statement, send tasks published to Redis on commit in chunks of 50) while a
   `celery -A config worker` sends them; prints queuing time (must be < 60 s), delivery
   time, rates, and the worker's peak memory (from /proc).
2. Empties the outbox, then runs two queuing processes at the same time for the same N
   notifications (same idempotency keys) and checks that N rows exist and N e-mails were
   sent, none twice (each send is logged by benchmarks/counting_email_backend.py).
3. For comparison, queues the N again with one `email_queue` call each.

Uses its own database (portal_bench_notif, recreated) and Redis database 11.
"""

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PG = "postgres://postgres@127.0.0.1:5432"
DB_NAME = "portal_bench_notif"
REDIS_URL = "redis://127.0.0.1:6379/11"
SENT_LOG = Path("/tmp") / f"{DB_NAME}-sent.log"
ENV = {
    **os.environ,
    "DJANGO_SETTINGS_MODULE": "config.settings.local",
    "DJANGO_DEBUG": "false",
    "DATABASE_URL": f"{PG}/{DB_NAME}",
    "CELERY_BROKER_URL": REDIS_URL,
    "CELERY_TASK_ALWAYS_EAGER": "false",
    "EMAIL_BACKEND": "benchmarks.counting_email_backend.CountingBackend",
    "BENCH_SENT_LOG": str(SENT_LOG),
    "PYTHONPATH": str(ROOT),
    "LOG_LEVEL": "WARNING",
}
PYTHON = str(ROOT / ".venv" / "bin" / "python")


def django_setup():
    os.environ.update(ENV)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


CONTEXT = {"session": "Session 2021", "dossier_url": "http://127.0.0.1:8000/candidat/"}


def queue_bulk(count: int, occasion: str) -> int:
    """Queue `count` reminders with email_queue_many, as the reminder milestone does."""
    import datetime as dt

    from notifications.services import email_queue_many

    context = {**CONTEXT, "deadline": dt.date(2021, 3, 9)}
    queued = 0
    batch = 2000
    for start in range(0, count, batch):
        queued += len(
            email_queue_many(
                template_key="dossier.reminder_7d",
                items=(
                    {"recipient": f"bench{i}@example.org", "context": context, "occasion": occasion}
                    for i in range(start, min(start + batch, count))
                ),
            )
        )
    return queued


def queue_range(count: int, occasion: str) -> int:
    """Queue `count` reminders one email_queue call each; returns how many were queued."""
    import datetime as dt

    from django.db import transaction

    from notifications.services import email_queue

    queued = 0
    batch = 500
    for start in range(0, count, batch):
        with transaction.atomic():  # like a milestone run: one transaction, tasks on commit
            for i in range(start, min(start + batch, count)):
                message = email_queue(
                    template_key="dossier.reminder_7d",
                    recipient=f"bench{i}@example.org",
                    context={
                        "session": "Session 2021",
                        "deadline": dt.date(2021, 3, 9),
                        "dossier_url": "http://127.0.0.1:8000/candidat/",
                    },
                    occasion=occasion,
                )
                queued += message is not None
    return queued


def child_main(count: int, occasion: str) -> None:
    django_setup()
    start = time.perf_counter()
    queued = queue_bulk(count, occasion)
    print(f"{queued} {time.perf_counter() - start:.3f}", flush=True)


def proc_tree(pid: int) -> list[int]:
    pids, todo = [], [pid]
    while todo:
        current = todo.pop()
        pids.append(current)
        for task in Path(f"/proc/{current}/task").glob("*"):
            children = (task / "children").read_text().split() if (task / "children").exists() else []
            todo.extend(int(c) for c in children)
    return pids


def memory_kib(pid: int, field: str) -> int:
    total = 0
    for p in proc_tree(pid):
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith(field + ":"):
                    total += int(line.split()[1])
        except FileNotFoundError:
            pass
    return total


def wait_delivered(count: int, worker_pid: int, timeout: float = 600) -> tuple[float, int]:
    from notifications.enums import OutboxState
    from notifications.models import OutboxMessage

    start = time.perf_counter()
    peak_rss = 0
    while time.perf_counter() - start < timeout:
        peak_rss = max(peak_rss, memory_kib(worker_pid, "VmRSS"))
        done = OutboxMessage.objects.filter(state__in=[OutboxState.SENT, OutboxState.FAILED]).count()
        if done >= count:
            return time.perf_counter() - start, peak_rss
        time.sleep(0.25)
    raise SystemExit(f"timeout: only {done}/{count} delivered")


def sent_lines() -> list[str]:
    return SENT_LOG.read_text().splitlines() if SENT_LOG.exists() else []


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--concurrency", type=int, default=2, help="worker processes")
    parser.add_argument("--child", metavar="OCCASION", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        return child_main(args.count, args.child)

    import psycopg
    import redis

    with psycopg.connect(f"{PG}/postgres", autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {DB_NAME} WITH (FORCE)")
        conn.execute(f"CREATE DATABASE {DB_NAME}")
    redis.Redis.from_url(REDIS_URL).flushdb()
    SENT_LOG.unlink(missing_ok=True)
    subprocess.run([PYTHON, "manage.py", "migrate", "-v0"], cwd=ROOT, env=ENV, check=True)
    django_setup()
    from notifications.enums import OutboxState
    from notifications.models import OutboxMessage

    worker = subprocess.Popen(
        [
            str(ROOT / ".venv/bin/celery"),
            "-A",
            "config",
            "worker",
            "-l",
            "warning",
            f"--concurrency={args.concurrency}",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
        ],
        cwd=ROOT,
        env=ENV,
    )
    try:
        time.sleep(3)
        base_rss = memory_kib(worker.pid, "VmRSS")
        n = args.count
        print(
            f"== Phase 1: queue {n} notifications (email_queue_many); "
            f"worker prefork --concurrency={args.concurrency}; Redis"
        )
        start = time.perf_counter()
        queued = queue_bulk(n, "phase1")
        queue_time = time.perf_counter() - start
        deliver_wait, peak_rss = wait_delivered(n, worker.pid)
        total = queue_time + deliver_wait
        sent = OutboxMessage.objects.filter(state=OutboxState.SENT).count()
        lines = sent_lines()
        rate = queued / queue_time
        print(f"queued {queued} in {queue_time:.2f} s ({rate:.0f}/s); under 60 s: {queue_time < 60}")
        print(
            f"all delivered {total:.2f} s after the first was queued ({sent / total:.0f} sent/s); "
            f"delivery lagged queuing by {deliver_wait:.2f} s; "
            f"ratio delivery/queuing {total / queue_time:.2f}"
        )
        distinct = len({line.split()[0] for line in lines})
        print(f"sent {sent}, send calls logged {len(lines)}, distinct Message-IDs {distinct}")
        print(
            f"worker memory: {base_rss / 1024:.0f} MiB at rest, peak RSS sampled {peak_rss / 1024:.0f} MiB "
            f"(sum of {len(proc_tree(worker.pid))} processes), peak VmHWM sum "
            f"{memory_kib(worker.pid, 'VmHWM') / 1024:.0f} MiB"
        )

        print(f"== Phase 2: two processes queue the same {n} notifications at the same time")
        OutboxMessage.objects.all().delete()
        SENT_LOG.unlink(missing_ok=True)
        start = time.perf_counter()
        children = [
            subprocess.Popen(
                [PYTHON, __file__, "--count", str(n), "--child", "phase2"],
                cwd=ROOT,
                env=ENV,
                stdout=subprocess.PIPE,
                text=True,
            )
            for _ in range(2)
        ]
        results = [child.communicate()[0].split() for child in children]
        both_queued = time.perf_counter() - start
        deliver_wait, _peak = wait_delivered(n, worker.pid)
        time.sleep(2)  # let any duplicate send (there should be none) reach the log
        rows = OutboxMessage.objects.count()
        sent = OutboxMessage.objects.filter(state=OutboxState.SENT).count()
        lines = sent_lines()
        ids = [line.split()[0] for line in lines]
        recipients = {line.split()[1] for line in lines}
        twice = len(ids) - len(set(ids))
        for i, (q, t) in enumerate(results):
            print(f"process {i + 1}: queued {q} in {float(t):.2f} s")
        total_queued = sum(int(q) for q, _ in results)
        print(
            f"both done in {both_queued:.2f} s; queued in total {total_queued}; rows {rows}; sent {sent}; "
            f"send calls logged {len(lines)}; distinct recipients {len(recipients)}; sent twice {twice}; "
            f"delivered {deliver_wait:.2f} s after both finished"
        )
        ok = rows == n == sent == len(lines) == len(recipients) and twice == 0
        print("RESULT:", "OK, each sent once" if ok else "FAILED")

        print(f"== Phase 3: the same {n} queued one email_queue call each (for comparison)")
        OutboxMessage.objects.all().delete()
        SENT_LOG.unlink(missing_ok=True)
        start = time.perf_counter()
        queued = queue_range(n, "phase3")
        single_time = time.perf_counter() - start
        deliver_wait, _peak = wait_delivered(n, worker.pid)
        print(
            f"queued {queued} in {single_time:.2f} s ({queued / single_time:.0f}/s), "
            f"{single_time / queue_time:.2f}x the bulk time; all delivered {deliver_wait:.2f} s later; "
            f"send calls logged {len(sent_lines())}"
        )
        print(f"worker peak VmHWM sum over the run: {memory_kib(worker.pid, 'VmHWM') / 1024:.0f} MiB")
        if not ok:
            raise SystemExit(1)
    finally:
        worker.terminate()
        worker.wait(timeout=30)


if __name__ == "__main__":
    main()
