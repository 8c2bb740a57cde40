"""The admissibility deliberation and its release at scale, on PostgreSQL (R-TEST-8).

    .venv/bin/python benchmarks/admissibility.py [--intake 500] [--count 5000] [--requests 40]

Uses its own database (portal_bench_admissibility, recreated) and Redis database 13 as the
Celery broker (no worker: the release only *queues* e-mails; the queue is flushed at the end).

1. bulk_creates COUNT pre-admissible candidates with a released file-review decision
   (deferred video interview and English test), INTAKE of them on BAT 1st year, the others
   spread over the session's other intakes, and a draft admissibility decision for each.
   The two tests' results come through `selection.registry` from two registered test
   functions of one query each for a whole page (as the real test apps must be): the
   benchmark measures this app's page, not the tests' own tables.
2. The deliberation page (`selection:deliberation`) as the president, through the Django
   test client: query count for 1, 100 and 500 rows per page (must be equal), then server
   time p50/p95 over R requests of the whole intake on one page (500 rows, sorted by the
   mean), of the default page (100 rows by name: the database sorts and pages, only the
   page's rows go to the tests) and of 100 rows sorted by a test's score (every row's
   results), against a minimal Django view (/healthz: one SELECT 1, same client, same
   session, same middleware) measured in the same run. Targets, as ratios of p50 to the
   minimal view's (the machine is shared, absolute times drift with its load): 500 rows
   <= 80x, the default page <= 40x, 100 rows sorted by a test <= 50x.
3. Releases the COUNT decisions through the milestone runner
   (`selection.release_admissibility`): wish transitions, audit entries, decisions marked
   released and one e-mail per candidate queued. Target < 60 s; a rerun queues nothing.
"""

import argparse
import subprocess
import sys
import time

from bench_setup import (  # benchmarks/ is on the path: this script runs from it
    bench_env,
    logged_in_client,
    page_query_counts,
    setup_database,
    submitted_dossiers,
    timed_gets,
)

DB_NAME = "portal_bench_admissibility"
ENV = bench_env(DB_NAME, CELERY_BROKER_URL="redis://127.0.0.1:6379/13")


def register_fake_tests():
    """Two tests' results, one query each for a whole page: a score derived from the wish."""
    from decimal import Decimal

    from candidates.models import Wish
    from jury.enums import ProbatoryTest
    from selection.registry import CandidateTestStatus, JuryTestResult, register_probatory_test

    def make(test, factor):
        def jury_results(wishes):
            rows = Wish.objects.filter(pk__in=[w.pk for w in wishes]).values_list("pk", flat=True)
            results = {}
            for pk in rows:
                score = Decimal((pk * factor) % 2001) / 100
                results[pk] = JuryTestResult(score=score, summary=f"{score}/20", complete=True)
            return results

        def candidate_status(wishes):
            rows = Wish.objects.filter(pk__in=[w.pk for w in wishes]).values_list("pk", flat=True)
            return {pk: CandidateTestStatus(state="done", state_label="done", done=True) for pk in rows}

        register_probatory_test(test, candidate_status=candidate_status, jury_results=jury_results)

    make(ProbatoryTest.VIDEO_INTERVIEW, 7)
    make(ProbatoryTest.ENGLISH_TEST, 13)


def seed(count: int, in_intake: int):
    import datetime as dt

    from allauth.mfa.totp.internal.auth import TOTP
    from django.contrib.auth.hashers import make_password
    from django.db import connection

    from accounts.enums import Role
    from accounts.models import User
    from admissions.demo import load_session_2021
    from admissions.models import Intake
    from candidates.enums import WishState
    from candidates.models import Wish
    from jury.enums import DecisionKind, DecisionStatus
    from jury.models import Decision
    from selection.enums import AdmissibilityOutcome
    from selection.models import AdmissibilityDecision

    campaign = load_session_2021()
    intakes = list(Intake.objects.filter(campaign=campaign, level="year_1").order_by("program__code"))
    bat = next(i for i in intakes if i.program.code == "bat")
    others = [i for i in intakes if i != bat]
    password = make_password("bench-password-123")
    president = User.objects.create(
        email="president.bench@example.org", role=Role.JURY_PRESIDENT, password=password
    )
    president.jury_programs.set([i.program for i in intakes])
    TOTP.activate(president, "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP")  # staff pages need two-factor
    applications = submitted_dossiers(campaign, count, password=password, prefix="A21")
    wishes = Wish.objects.bulk_create(
        Wish(
            application=a,
            intake=bat if i < in_intake else others[i % len(others)],
            state=WishState.PRE_ADMISSIBLE,
        )
        for i, a in enumerate(applications)
    )
    released = dt.datetime(2021, 3, 30, 6, 0, tzinfo=dt.UTC)
    Decision.objects.bulk_create(
        Decision(
            wish=w,
            kind=DecisionKind.STANDARD,
            status=DecisionStatus.RELEASED,
            tests=["video_interview", "english_test"],
            decided_by=president,
            decided_at=released,
            released_at=released,
        )
        for w in wishes
    )
    AdmissibilityDecision.objects.bulk_create(
        AdmissibilityDecision(
            wish=w,
            outcome=AdmissibilityOutcome.ADMISSIBLE if i % 3 else AdmissibilityOutcome.NOT_ADMISSIBLE,
            rank=i + 1 if i % 3 else None,
            decided_by=president,
            decided_at=released + dt.timedelta(days=20),
        )
        for i, w in enumerate(wishes)
    )
    with connection.cursor() as cursor:  # what autovacuum does after a bulk load
        cursor.execute("ANALYZE")
    return campaign, bat, president


def measure_page(intake, president, requests: int):
    from django.urls import reverse

    client = logged_in_client(president)
    url = reverse("selection:deliberation", args=[intake.campaign.year, intake.pk])
    counts = page_query_counts(client, url, (1, 100, 500), sort="mean")
    base_p50, base_p95 = timed_gets(client, "/healthz", requests)
    full_p50, full_p95 = timed_gets(client, url, requests, {"size": 500, "sort": "mean"})
    page = timed_gets(client, url, requests)
    by_test = timed_gets(client, url, requests, {"sort": "test:english_test"})
    return counts, (base_p50, base_p95), (full_p50, full_p95), page, by_test


def measure_release(campaign):
    import datetime as dt

    from notifications.models import OutboxMessage
    from notifications.services import milestone_run

    now = dt.datetime(2021, 4, 21, 6, 0, tzinfo=dt.UTC)  # 08:00 Paris
    start = time.perf_counter()
    run = milestone_run(campaign=campaign, action_key="selection.release_admissibility", now=now)
    seconds = time.perf_counter() - start
    mails = OutboxMessage.objects.filter(template_key="selection.admissibility_results").count()
    start = time.perf_counter()
    rerun = milestone_run(
        campaign=campaign, action_key="selection.release_admissibility", rerun=True, now=now
    )
    rerun_seconds = time.perf_counter() - start
    return run, seconds, mails, rerun, rerun_seconds


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=5000)
    parser.add_argument("--intake", type=int, default=500)
    parser.add_argument("--requests", type=int, default=40)
    args = parser.parse_args()
    setup_database(DB_NAME, ENV)
    register_fake_tests()
    start = time.perf_counter()
    campaign, intake, president = seed(args.count, args.intake)
    print(
        f"seeded {args.count} pre-admissible candidates with a draft decision "
        f"({args.intake} on {intake}) in {time.perf_counter() - start:.1f} s"
    )

    counts, base, full, page, by_test = measure_page(intake, president, args.requests)
    print(f"deliberation queries for 1 / 100 / 500 rows: {counts[1]} / {counts[100]} / {counts[500]}")
    print(f"minimal view /healthz (same client and session): p50 {base[0]:.1f} ms, p95 {base[1]:.1f} ms")
    print(
        f"deliberation, whole intake ({args.intake} rows, sorted by the mean) over {args.requests} "
        f"requests: p50 {full[0]:.1f} ms, p95 {full[1]:.1f} ms, ratio to the minimal view (p50) "
        f"{full[0] / base[0]:.0f}x"
    )
    print(
        f"deliberation, default page (100 rows by name): p50 {page[0]:.1f} ms, "
        f"p95 {page[1]:.1f} ms, ratio {page[0] / base[0]:.0f}x"
    )
    print(
        f"deliberation, 100 rows sorted by a test's score: p50 {by_test[0]:.1f} ms, "
        f"p95 {by_test[1]:.1f} ms, ratio {by_test[0] / base[0]:.0f}x"
    )

    run, seconds, mails, rerun, rerun_seconds = measure_release(campaign)
    print(
        f"release of {args.count} admissibility decisions: {seconds:.1f} s "
        f"({args.count / seconds:.0f} decisions/s), status {run.status}, "
        f"{run.emails_queued} e-mails reported, {mails} outbox rows"
    )
    print(f"rerun of the milestone: {rerun_seconds:.2f} s, {rerun.emails_queued} e-mails queued")
    ok = (
        counts[1] == counts[100] == counts[500]
        and full[0] <= 80 * base[0]
        and page[0] <= 40 * base[0]
        and by_test[0] <= 50 * base[0]
        and seconds < 60
        and mails == args.count
        and rerun.emails_queued == 0
    )
    subprocess.run(["redis-cli", "-n", "13", "flushdb"], check=False, capture_output=True)
    print("OK" if ok else "FAILED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
