"""Job-sheet registrations under contention and the CFA's intake page at scale, on PostgreSQL.

    .venv/bin/python benchmarks/registrations.py [--sheets 200] [--threads 16] [--requests 40]

Uses its own database (portal_bench_cfa, recreated) and Redis database 13 as the Celery
broker (no worker: registrations only *queue* e-mails; the queue is flushed at the end).

1. Registrations: N approved job sheets spread over 5 intakes of 30 places each (the 4
   intakes of the 2021 demo session plus one more), registered all at once by T threads
   (`apprenticeship.services.places.job_sheet_register`, each its own connection, started
   on a barrier). Prints registrations per second and checks that no intake holds more
   registered sheets than its places (0 over-allocation) and that every other sheet waits.
2. The CFA's intake page (`apprenticeship:intake`) with 500 admissible candidates and 300
   job sheets: query count against the same page with 1 candidate and 1 sheet (must be
   equal), then server time p50/p95 over R requests, against a minimal Django view
   (/healthz, same client, same session) measured in the same run: the ratio of p95s.
"""

import argparse
import subprocess
import sys
import threading
import time

from bench_setup import (  # benchmarks/ is on the path: this script runs from it
    bench_env,
    candidate_users,
    logged_in_client,
    setup_database,
    timed_gets,
)

DB_NAME = "portal_bench_cfa"
ENV = bench_env(DB_NAME, CELERY_BROKER_URL="redis://127.0.0.1:6379/13")
PLACES = 30


def _admissible(campaign, intake, users, prefix):
    from candidates.enums import WishState
    from candidates.models import Application, Wish

    applications = Application.objects.bulk_create(
        Application(campaign=campaign, candidate=u, reference=f"{prefix}-{i:05d}", path_since_bac="DUT")
        for i, u in enumerate(users)
    )
    return Wish.objects.bulk_create(
        Wish(application=a, intake=intake, state=WishState.ADMISSIBLE) for a in applications
    )


def _sheets(wishes, states, now):
    import datetime as dt

    from apprenticeship.models import JobSheet

    return JobSheet.objects.bulk_create(
        JobSheet(
            wish=w,
            intake_id=w.intake_id,
            state=states[i % len(states)],
            employer_name="RH",
            employer_email=f"rh{w.pk}@co.example",
            company_name=f"Entreprise {i}",
            siret="73282932000074",
            approved_at=now + dt.timedelta(seconds=i),
        )
        for i, w in enumerate(wishes)
    )


def seed(sheets: int):
    from django.contrib.auth.hashers import make_password
    from django.db import connection
    from django.utils import timezone

    from accounts.enums import Role
    from accounts.models import User
    from admissions.demo import load_session_2021
    from admissions.models import Intake, Program
    from apprenticeship.enums import JobSheetState

    campaign = load_session_2021()
    program = Program.objects.create(code="bench", name_fr="Banc d'essai", name_en="Bench")
    Intake.objects.create(campaign=campaign, program=program, level="year_1", places=PLACES)
    intakes = list(Intake.objects.filter(campaign=campaign).order_by("pk"))
    Intake.objects.filter(pk__in=[i.pk for i in intakes]).update(places=PLACES)
    password = make_password("bench-password-123")
    now = timezone.now()
    # 1. approved sheets spread over the 5 intakes
    users = candidate_users(sheets, password=password, prefix="reg")
    wishes = []
    per = sheets // len(intakes)
    for n, intake in enumerate(intakes):
        wishes += _admissible(campaign, intake, users[n * per : (n + 1) * per], f"R{n}")
    approved = _sheets(wishes, [JobSheetState.APPROVED], now)
    # 2. one intake of its own for the page: 500 admissible candidates, 300 sheets
    page_program = Program.objects.create(code="page", name_fr="Page", name_en="Page")
    big = Intake.objects.create(campaign=campaign, program=page_program, level="year_1", places=300)
    states = [JobSheetState.INVITED, JobSheetState.FILLING, JobSheetState.SENT, JobSheetState.APPROVED]
    big_wishes = _admissible(campaign, big, candidate_users(500, password=password, prefix="page"), "P")
    _sheets(big_wishes[:300], states, now)
    small_program = Program.objects.create(code="small", name_fr="Petite", name_en="Small")
    small = Intake.objects.create(campaign=campaign, program=small_program, level="year_1", places=1)
    _sheets(
        _admissible(campaign, small, candidate_users(1, password=password, prefix="small"), "S"), states, now
    )
    cfa = User.objects.create(email="cfa.bench@example.org", role=Role.CFA_STAFF, password=password)
    from allauth.mfa.totp.internal.auth import TOTP

    TOTP.activate(cfa, "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP")  # staff pages need two-factor
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return campaign, intakes, approved, big, small, cfa


def measure_registrations(intakes, approved, cfa, threads: int):
    import queue

    from django.db import connection
    from django.db.models import Count, Q

    from admissions.models import Intake
    from apprenticeship.services.places import job_sheet_register

    work = queue.Queue()
    for sheet in approved:
        work.put(sheet)
    barrier = threading.Barrier(threads + 1)
    results, errors = [], []

    def worker():
        barrier.wait()
        try:
            while True:
                try:
                    sheet = work.get_nowait()
                except queue.Empty:
                    return
                try:
                    results.append(job_sheet_register(sheet=sheet, actor=cfa))
                except Exception as error:  # counted and printed, never hidden
                    errors.append(error)
        finally:
            connection.close()

    pool = [threading.Thread(target=worker) for _ in range(threads)]
    for thread in pool:
        thread.start()
    barrier.wait()
    start = time.perf_counter()
    for thread in pool:
        thread.join()
    seconds = time.perf_counter() - start
    counts = Intake.objects.filter(pk__in=[i.pk for i in intakes]).annotate(
        registered=Count("job_sheets", filter=Q(job_sheets__state="registered")),
        waiting=Count("job_sheets", filter=Q(job_sheets__state="waiting")),
    )
    over = sum(max(i.registered - i.places, 0) for i in counts)
    registered = sum(i.registered for i in counts)
    waiting = sum(i.waiting for i in counts)
    return seconds, registered, waiting, over, errors, results


def measure_page(big, small, cfa, requests: int):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    client = logged_in_client(cfa)
    counts = {}
    for label, intake in (("small", small), ("big", big)):
        url = reverse("apprenticeship:intake", args=[intake.campaign.year, intake.pk])
        client.get(url)  # warm-up
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(url)
        assert response.status_code == 200
        counts[label] = len(ctx.captured_queries)
    page = timed_gets(client, reverse("apprenticeship:intake", args=[big.campaign.year, big.pk]), requests)
    minimal = timed_gets(client, "/healthz", requests)
    return counts, page, minimal


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--sheets", type=int, default=200)
    parser.add_argument("--threads", type=int, default=16)
    parser.add_argument("--requests", type=int, default=40)
    args = parser.parse_args()
    setup_database(DB_NAME, ENV)
    start = time.perf_counter()
    _campaign, intakes, approved, big, small, cfa = seed(args.sheets)
    print(
        f"seeded {args.sheets} approved sheets over {len(intakes)} intakes of {PLACES} places, "
        "and the page's intake"
    )
    print(f"  in {time.perf_counter() - start:.1f} s")

    seconds, registered, waiting, over, errors, _results = measure_registrations(
        intakes, approved, cfa, args.threads
    )
    capacity = PLACES * len(intakes)
    print(
        f"{len(approved)} registrations by {args.threads} threads: {seconds:.2f} s, "
        f"{len(approved) / seconds:.1f} registrations/s"
    )
    print(
        f"  registered {registered} (places {capacity}), waiting {waiting}, over-allocation {over}, "
        f"errors {len(errors)}{' ' + repr(errors[:3]) if errors else ''}"
    )
    counts, (p50, p95), (m50, m95) = measure_page(big, small, cfa, args.requests)
    print(
        "CFA intake page queries, 1 candidate / 1 sheet vs 500 candidates / 300 sheets: "
        f"{counts['small']} / {counts['big']}"
    )
    print(f"  intake page over {args.requests} requests: p50 {p50:.1f} ms, p95 {p95:.1f} ms")
    print(f"  minimal view /healthz (same client):   p50 {m50:.1f} ms, p95 {m95:.1f} ms")
    print(f"  ratio p95 page / minimal: {p95 / m95:.1f}")
    ok = (
        over == 0
        and not errors
        and registered == min(capacity, len(approved))
        and registered + waiting == len(approved)
        and counts["small"] == counts["big"]
    )
    subprocess.run(["redis-cli", "-n", "13", "flushdb"], check=False, capture_output=True)
    print("OK" if ok else "FAILED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
