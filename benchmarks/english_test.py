"""The English test at the scale of a session, on PostgreSQL.

    .venv/bin/python benchmarks/english_test.py [--count 5000] [--requests 60]

Uses its own database (portal_bench_english, recreated) and Celery's in-memory broker (no
worker: e-mails are only *queued*).

1. bulk_creates N pre-admissible 2nd-year wishes whose released decision lists the English
   test, one candidate each.
2. Invitations on 31 March (the milestone's service): time to create N tests and queue N
   e-mails; a rerun creates and queues nothing.
3. The staff list (`english_test:staff_list`): query count with 1 test and with N (must be
   equal), server time p50/p95 over R requests, against the minimal view /healthz measured in
   the same run (ratio).
4. N signed webhook callbacks ("completed", HMAC, one event each): callbacks per second; the
   same N replayed: all refused (409), nothing recorded twice.
5. The staff's CSV import of N rows: check (parse + every line) and import times.
"""

import argparse
import sys
import time

from bench_setup import (  # benchmarks/ is on the path: this script runs from it
    bench_env,
    candidate_users,
    logged_in_client,
    setup_database,
    timed_gets,
)

DB_NAME = "portal_bench_english"
SECRET = "bench-secret"
ENV = bench_env(
    DB_NAME,
    ENGLISH_TEST_PROVIDER="generic",
    ENGLISH_TEST_INVITE_URL="https://provider.example/start?ref={reference}",
    ENGLISH_TEST_WEBHOOK_SECRET=SECRET,
)


def _setup_database():
    setup_database(DB_NAME, ENV)
    from django.conf import settings

    settings.ALLOWED_HOSTS = ["*"]


def seed(count: int):
    from allauth.mfa.totp.internal.auth import TOTP
    from django.contrib.auth.hashers import make_password
    from django.db import connection
    from django.utils import timezone

    from accounts.enums import Role
    from accounts.models import User
    from admissions.demo import load_session_2021
    from admissions.models import Intake
    from candidates.enums import WishState
    from candidates.models import Application, Wish
    from jury.enums import DecisionKind, DecisionStatus
    from jury.models import Decision

    campaign = load_session_2021()
    intake = Intake.objects.get(campaign=campaign, program__code="bat", level="year_2")
    password = make_password("bench-password-123")
    admin = User.objects.create(email="admin.bench@example.org", role=Role.ADMIN, password=password)
    TOTP.activate(admin, "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP")
    now = timezone.now()
    users = candidate_users(count, password=password)
    applications = Application.objects.bulk_create(
        Application(campaign=campaign, candidate=u, reference=f"E21-{i:05d}", submitted_at=now)
        for i, u in enumerate(users)
    )
    wishes = Wish.objects.bulk_create(
        Wish(application=a, intake=intake, state=WishState.PRE_ADMISSIBLE) for a in applications
    )
    Decision.objects.bulk_create(
        Decision(
            wish=w,
            kind=DecisionKind.PRE_ADMISSIBLE,
            status=DecisionStatus.RELEASED,
            released_at=now,
            tests=["english_test", "jury_interview"],
            decided_by=admin,
            decided_at=now,
        )
        for w in wishes
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return campaign, admin


def invite(campaign):
    import datetime as dt

    import time_machine

    from english_test.services import invitations_send

    with time_machine.travel(dt.datetime(2021, 3, 31, 6, 30, tzinfo=dt.UTC), tick=True):
        start = time.perf_counter()
        report = invitations_send(campaign=campaign)
        seconds = time.perf_counter() - start
        rerun = invitations_send(campaign=campaign)
    return report, seconds, rerun


def measure_list(campaign, admin, requests):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from english_test.models import Take

    client = logged_in_client(admin)
    url = reverse("english_test:staff_list", args=[campaign.year])
    counts = {}
    for label, filters in (("1", {"q": "cand00000@"}), ("all", {})):
        client.get(url, filters)
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(url, filters)
        assert response.status_code == 200
        counts[label] = (len(ctx.captured_queries), response.context["page"].paginator.count)
    assert Take.objects.count() >= counts["all"][1]
    base = timed_gets(client, "/healthz", requests)
    page = timed_gets(client, url, requests)
    return counts, base, page


def measure_webhook(campaign, count):
    import json

    from django.test import Client

    from english_test.models import ProviderEvent, Take
    from english_test.providers.generic import SIGNATURE_HEADER, TIMESTAMP_HEADER, signature

    client = Client()
    references = list(Take.objects.filter(application__campaign=campaign).values_list("reference", flat=True))
    bodies = [
        json.dumps(
            {
                "event_id": f"evt-{i}",
                "type": "completed",
                "reference": ref,
                "score": 40 + i % 60,
                "level": "B1",
            }
        ).encode()
        for i, ref in enumerate(references[:count])
    ]

    def post(body):
        stamp = str(int(time.time()))
        return client.post(
            "/anglais/webhook/",
            data=body,
            content_type="application/json",
            headers={TIMESTAMP_HEADER: stamp, SIGNATURE_HEADER: signature(SECRET, stamp, body)},
        ).status_code

    start = time.perf_counter()
    statuses = [post(body) for body in bodies]
    seconds = time.perf_counter() - start
    replays = [post(body) for body in bodies[:500]]
    events = ProviderEvent.objects.count()
    return len(bodies), seconds, statuses.count(200), replays.count(409), len(replays), events


def measure_import(campaign, admin, count):
    from decimal import Decimal

    from english_test import imports, selectors, services
    from english_test.enums import TakeState
    from english_test.models import Take

    pending = list(
        Take.objects.filter(application__campaign=campaign, state=TakeState.INVITED).select_related(
            "application__candidate"
        )[:count]
    )
    lines = ["email;score;level"] + [
        f"{t.application.candidate.email};{50 + i % 50},5;B2" for i, t in enumerate(pending)
    ]
    data = "\n".join(lines).encode("cp1252")
    start = time.perf_counter()
    check = imports.parse(data, takes=selectors.takes_for_import(campaign=campaign), score_max=Decimal(100))
    check_s = time.perf_counter() - start
    assert check.clean, check.errors[:3]
    start = time.perf_counter()
    recorded = services.results_import(campaign=campaign, rows=check.rows, actor=admin, file_name="bench.csv")
    import_s = time.perf_counter() - start
    return len(pending), check_s, import_s, recorded


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=5000)
    parser.add_argument("--requests", type=int, default=60)
    args = parser.parse_args()
    _setup_database()
    start = time.perf_counter()
    campaign, admin = seed(args.count)
    print(
        f"seeded {args.count} pre-admissible wishes listing the English test "
        f"in {time.perf_counter() - start:.1f} s"
    )

    report, seconds, rerun = invite(campaign)
    print(
        f"invitations: {report.invited} tests, {report.emails} e-mails queued in {seconds:.1f} s "
        f"({report.emails / seconds:.0f}/s); rerun: {rerun.invited} tests, {rerun.emails} e-mails"
    )
    counts, base, page = measure_list(campaign, admin, args.requests)
    print(
        f"staff list queries with {counts['1'][1]} / {counts['all'][1]} tests: "
        f"{counts['1'][0]} / {counts['all'][0]}"
    )
    print(f"/healthz (minimal view): p50 {base[0]:.1f} ms, p95 {base[1]:.1f} ms")
    print(
        f"staff list (50 rows): p50 {page[0]:.1f} ms, p95 {page[1]:.1f} ms; "
        f"ratio p50 list/minimal {page[0] / base[0]:.1f}"
    )
    half = args.count // 2
    sent, webhook_s, ok, refused, replayed, events = measure_webhook(campaign, half)
    print(
        f"webhook: {sent} signed callbacks in {webhook_s:.1f} s ({sent / webhook_s:.0f}/s), {ok} recorded; "
        f"{replayed} replays: {refused} refused (409); {events} events stored"
    )
    rows, check_s, import_s, recorded = measure_import(campaign, admin, args.count - half)
    print(
        f"CSV import of {rows} rows (Windows-1252): check {check_s:.2f} s, "
        f"import {import_s:.1f} s, {recorded} recorded"
    )
    ok_all = (
        counts["1"][0] == counts["all"][0]
        and rerun.emails == 0
        and report.emails == args.count
        and ok == sent
        and refused == replayed
        and events == sent
        and recorded == rows
    )
    print("OK" if ok_all else "FAILED")
    return 0 if ok_all else 1


if __name__ == "__main__":
    sys.exit(main())
