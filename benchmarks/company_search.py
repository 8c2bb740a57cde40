"""Company-search support at scale, on PostgreSQL (R-CFA-1, R-ADMIT-4).

    .venv/bin/python benchmarks/company_search.py [--count 500] [--requests 60] [--threads 8]

Uses its own database (portal_bench_company_search, recreated); Celery's in-memory broker
(nothing here sends e-mail but a promotion, and no worker runs).

1. Query counts of the CFA's needs page, the candidate's support page and the public places
   page with 1 searching candidate, then with N (must be equal).
2. Server time p50/p95 of these pages and of a minimal Django view (/healthz) over R requests
   through the test client, and each page's ratio to the minimal view.
3. Contention: 200 registrations at once (T threads, each its own connection) on 5 training
   days of 30 places: registrations per second, and 0 over-registration (150 registered, 50
   waiting).
"""

import argparse
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

DB_NAME = "portal_bench_company_search"
ENV = bench_env(DB_NAME)


def seed_candidates(campaign, count: int, start: int = 0):
    """`count` admissible candidates over the three 1st-year intakes, most with needs."""
    from django.contrib.auth.hashers import make_password

    from admissions.models import Intake
    from candidates.enums import WishState
    from candidates.models import Application, Wish
    from company_search.models import SearchNeeds

    intakes = list(Intake.objects.filter(campaign=campaign, level="year_1").order_by("program__code"))
    password = make_password("bench-password-123")
    users = candidate_users(count, password=password, prefix="cs", start=start)
    applications = Application.objects.bulk_create(
        Application(campaign=campaign, candidate=u, reference=f"C21-{i:05d}", path_since_bac="DUT")
        for i, u in zip(range(start, start + count), users, strict=True)
    )
    Wish.objects.bulk_create(
        Wish(application=a, intake=intakes[i % len(intakes)], state=WishState.ADMISSIBLE)
        for i, a in enumerate(applications)
    )
    regions = ["occ", "pac", "ara", "idf", "naq"]
    SearchNeeds.objects.bulk_create(
        SearchNeeds(
            application=a,
            cv_help=i % 2 == 0,
            interview_practice=i % 3 == 0,
            regions=[regions[i % 5], regions[(i + 1) % 5]],
            sectors=["construction"],
            mobility="region",
        )
        for i, a in enumerate(applications)
        if i % 4
    )
    return applications


def seed_days(campaign, n: int, capacity: int):
    import datetime as dt

    from django.utils import timezone

    from company_search.models import TrainingDay

    starts = timezone.now() + dt.timedelta(days=20)
    return TrainingDay.objects.bulk_create(
        TrainingDay(
            campaign=campaign,
            title=f"Journée {i}",
            starts_at=starts,
            ends_at=starts + dt.timedelta(hours=6),
            location="Alès",
            capacity=capacity,
        )
        for i in range(n)
    )


def query_counts(pages):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    counts = {}
    for name, client, url in pages:
        client.get(url)  # warm-up
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(url)
        assert response.status_code == 200, (name, response.status_code)
        counts[name] = len(ctx.captured_queries)
    return counts


def contention(campaign, applications, threads: int):
    from django.db import connection

    from company_search import services
    from company_search.enums import RegistrationState
    from company_search.models import TrainingRegistration

    days = seed_days(campaign, 5, capacity=30)
    jobs = [(days[i % 5], applications[i]) for i in range(200)]
    lock, errors = threading.Lock(), []
    barrier = threading.Barrier(threads)

    def worker():
        barrier.wait()
        try:
            while True:
                with lock:
                    if not jobs:
                        return
                    day, application = jobs.pop()
                try:
                    services.training_day_register(day=day, application=application, actor=None)
                except Exception as error:  # counted and shown
                    errors.append(error)
        finally:
            connection.close()

    pool = [threading.Thread(target=worker) for _ in range(threads)]
    start = time.perf_counter()
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()
    seconds = time.perf_counter() - start
    per_day = {
        day.pk: TrainingRegistration.objects.filter(day=day, state=RegistrationState.REGISTERED).count()
        for day in days
    }
    waiting = TrainingRegistration.objects.filter(state=RegistrationState.WAITING).count()
    return seconds, per_day, waiting, errors


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=500)
    parser.add_argument("--requests", type=int, default=60)
    parser.add_argument("--threads", type=int, default=8)
    args = parser.parse_args()
    setup_database(DB_NAME, ENV)

    import time_machine
    from django.urls import reverse

    from accounts.enums import Role
    from accounts.models import User
    from admissions.demo import load_session_2021

    campaign = load_session_2021()
    cfa = User.objects.create(email="cfa.bench@example.org", role=Role.CFA_STAFF)
    from allauth.mfa.totp.internal.auth import TOTP

    TOTP.activate(cfa, "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP")  # staff pages need two-factor
    first = seed_candidates(campaign, 1)
    seed_days(campaign, 1, capacity=10)
    candidate = first[0].candidate
    cfa_client, candidate_client = logged_in_client(cfa), logged_in_client(candidate)
    # During the support, before the start of classes: every panel and table shows.
    with time_machine.travel("2021-06-01 10:00 +0200", tick=True):
        pages = [
            ("CFA needs and days", cfa_client, reverse("company_search:manage", args=[2021])),
            ("candidate support page", candidate_client, reverse("company_search:home", args=[2021])),
            ("candidate home (panel)", candidate_client, reverse("candidates:home")),
            ("public places", cfa_client, reverse("company_search:places", args=[2021])),
        ]
        one = query_counts(pages)
        applications = seed_candidates(campaign, args.count - 1, start=1)
        seed_days(campaign, 19, capacity=10)
        many = query_counts(pages)
        for name in one:
            print(f"{name:26s} queries with 1 / {args.count} candidates: {one[name]} / {many[name]}")
        base50, base95 = timed_gets(cfa_client, "/healthz", args.requests)
        print(f"{'minimal view /healthz':26s} p50 {base50:6.1f} ms, p95 {base95:6.1f} ms")
        ratios = {}
        for name, client, url in pages:
            p50, p95 = timed_gets(client, url, args.requests)
            ratios[name] = p95 / base95 if base95 else 0
            print(f"{name:26s} p50 {p50:6.1f} ms, p95 {p95:6.1f} ms, p95 / minimal p95 = {ratios[name]:.1f}")
        seconds, per_day, waiting, errors = contention(campaign, applications, args.threads)
    registered = sum(per_day.values())
    print(
        f"200 concurrent registrations ({args.threads} threads) on 5 days of 30 places: {seconds:.2f} s, "
        f"{200 / seconds:.0f} registrations/s; registered per day {sorted(per_day.values())}, "
        f"{waiting} waiting, {len(errors)} errors"
    )
    ok = one == many and registered == 150 and waiting == 50 and not errors and max(per_day.values()) <= 30
    print("OK" if ok else "FAILED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
