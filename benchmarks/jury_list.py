"""Jury list and decision release at scale, on PostgreSQL.

    .venv/bin/python benchmarks/jury_list.py [--count 5000] [--requests 60]

Uses its own database (portal_bench_jury, recreated) and Redis database 12 as the Celery
broker (no worker: the release only *queues* e-mails; the queue is flushed at the end).

1. bulk_creates N submitted dossiers on BAT 1st year (2 submitted reviews, an eligibility
   ruling and a draft decision each), a jury member and the president.
2. The jury list (`jury:intake`) through the Django test client: query count for 1, 25 and
   500 rows per page (must be equal), then server time p50/p95 over R requests of 25 rows
   sorted by score (p95 must be < 200 ms), and the CSV export of all N rows.
3. Releases the N decisions through the milestone runner (`jury.release_decisions`):
   wish transitions, audit entries and one e-mail per candidate queued; must take < 30 s.
"""

import argparse
import subprocess
import sys
import time

from bench_setup import (  # benchmarks/ is on the path: this script runs from it
    bench_env,
    logged_in_client,
    page_query_counts,
    percentiles,
    setup_database,
    submitted_dossiers,
)

DB_NAME = "portal_bench_jury"
ENV = bench_env(DB_NAME, CELERY_BROKER_URL="redis://127.0.0.1:6379/12")


def seed(count: int):
    from decimal import Decimal

    from django.contrib.auth.hashers import make_password
    from django.utils import timezone

    from accounts.enums import Role
    from accounts.models import User
    from admissions.demo import load_session_2021
    from admissions.models import Intake
    from candidates.enums import WishState
    from candidates.models import Wish
    from jury.enums import DecisionKind
    from jury.models import Decision, EligibilityRuling, Review, WishScore

    campaign = load_session_2021()
    intake = Intake.objects.get(campaign=campaign, program__code="bat", level="year_1")
    password = make_password("bench-password-123")
    member = User.objects.create(email="jury.bench@example.org", role=Role.JURY_MEMBER, password=password)
    member2 = User.objects.create(email="jury2.bench@example.org", role=Role.JURY_MEMBER, password=password)
    president = User.objects.create(
        email="president.bench@example.org", role=Role.JURY_PRESIDENT, password=password
    )
    from allauth.mfa.totp.internal.auth import TOTP

    for user in (member, member2, president):
        user.jury_programs.set([intake.program])
        TOTP.activate(user, "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP")  # staff pages need two-factor
    now = timezone.now()
    applications = submitted_dossiers(campaign, count, password=password, prefix="B21")
    wishes = Wish.objects.bulk_create(
        # Submitting a review takes the wish into review (jury.services.review_save).
        Wish(application=a, intake=intake, state=WishState.UNDER_REVIEW)
        for a in applications
    )
    reviews = Review.objects.bulk_create(
        Review(
            wish=w, reviewer=r, total=Decimal((i * (7 if r is member else 3)) % 2000) / 100, submitted_at=now
        )
        for i, w in enumerate(wishes)
        for r in (member, member2)
    )
    totals = {}
    for review in reviews:
        totals.setdefault(review.wish_id, []).append(review.total)
    WishScore.objects.bulk_create(  # what review_save's wish_score_refresh computes
        WishScore(
            wish_id=wish_id,
            n_reviews=len(t),
            combined=(sum(t) / len(t)).quantize(Decimal("0.01")),
            low=min(t),
            high=max(t),
        )
        for wish_id, t in totals.items()
    )
    EligibilityRuling.objects.bulk_create(
        EligibilityRuling(wish=w, eligible=True, ruled_by=member) for w in wishes
    )
    kinds = [DecisionKind.EXCELLENCE, DecisionKind.STANDARD, DecisionKind.REJECTED]
    Decision.objects.bulk_create(
        Decision(
            wish=w,
            kind=kinds[i % 3],
            tests=["video_interview"] if kinds[i % 3] == DecisionKind.STANDARD else [],
            decided_by=president,
            decided_at=now,
        )
        for i, w in enumerate(wishes)
    )
    from django.db import connection

    with connection.cursor() as cursor:  # what autovacuum does after a bulk load
        cursor.execute("ANALYZE")
    return campaign, intake, member, president


def measure_list(intake, member, requests: int):
    from django.db import reset_queries
    from django.urls import reverse

    client = logged_in_client(member)
    url = reverse("jury:intake", args=[intake.pk])
    counts = page_query_counts(client, url, (1, 25, 500), sort="score")
    reset_queries()
    times = []
    for i in range(requests):
        start = time.perf_counter()
        response = client.get(url, {"sort": "score", "page": 1 + i % 20})
        times.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200
    p50, p95 = percentiles(times)
    start = time.perf_counter()
    export = client.get(reverse("jury:intake_export", args=[intake.pk]))
    csv_ms = (time.perf_counter() - start) * 1000
    csv_rows = export.content.decode("utf-8-sig").count("\n") - 1
    return counts, p50, p95, csv_ms, csv_rows


def measure_release(campaign):
    import datetime as dt

    from notifications.models import OutboxMessage
    from notifications.services import milestone_run

    now = dt.datetime(2021, 3, 30, 6, 0, tzinfo=dt.UTC)  # 08:00 Paris
    start = time.perf_counter()
    run = milestone_run(campaign=campaign, action_key="jury.release_decisions", now=now)
    seconds = time.perf_counter() - start
    return run, seconds, OutboxMessage.objects.filter(template_key="jury.review_results").count()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=5000)
    parser.add_argument("--requests", type=int, default=60)
    args = parser.parse_args()
    setup_database(DB_NAME, ENV)
    start = time.perf_counter()
    campaign, intake, member, _president = seed(args.count)
    print(f"seeded {args.count} submitted dossiers in {time.perf_counter() - start:.1f} s")

    counts, p50, p95, csv_ms, csv_rows = measure_list(intake, member, args.requests)
    print(f"jury list queries for 1 / 25 / 500 rows: {counts[1]} / {counts[25]} / {counts[500]}")
    print(
        f"jury list (25 rows, sorted by score) over {args.requests} requests: "
        f"p50 {p50:.1f} ms, p95 {p95:.1f} ms"
    )
    print(f"CSV export of {csv_rows} rows: {csv_ms:.0f} ms")

    run, seconds, mails = measure_release(campaign)
    print(
        f"release to {args.count} candidates: {seconds:.1f} s, status {run.status}, "
        f"{run.emails_queued} e-mails reported, {mails} outbox rows"
    )
    ok = counts[1] == counts[25] == counts[500] and p95 < 200 and seconds < 30 and mails == args.count
    subprocess.run(["redis-cli", "-n", "12", "flushdb"], check=False, capture_output=True)
    print("OK" if ok else "FAILED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
