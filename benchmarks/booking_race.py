"""The booking race on PostgreSQL: bookings per second under contention, no double booking.

    .venv/bin/python benchmarks/booking_race.py [--candidates 120] [--slots 40] [--threads 8]

Uses its own database (portal_bench_booking, recreated); Celery's in-memory broker (the
invitations are queued in the outbox, not sent).

1. Seeds the 2021 session, a jury member, S slots of BAT 1st year on 15 April and N
   candidates called to the second interview (R-TEST-3); the clock is 12 April, 10:00 Paris.
2. T threads, each with its own connection and Django test client (the whole stack:
   middleware, session, permission, view, service, audit, e-mail with its .ics), book for
   their candidates: every candidate tries the free-looking slots from the first, as a
   crowd does, so that most attempts collide on the same row. Figures: successful bookings
   per second, attempts per second, conflicts told "taken".
3. The same threads on a minimal Django view (/healthz: one SELECT 1), same harness, same
   kind of signed-in session.
4. Checks: every slot at most one live booking, every candidate at most one, bookings =
   min(N, S). Prints OK or FAILED.
"""

import argparse
import sys
import threading
import time

from bench_setup import bench_env, setup_database  # benchmarks/ is on the path: this script runs from it

DB_NAME = "portal_bench_booking"
ENV = bench_env(DB_NAME, DJANGO_SETTINGS_MODULE="benchmarks.candidate_settings")


def seed(n_candidates: int, n_slots: int):
    from accounts.enums import Role
    from admissions.demo import load_session_2021
    from admissions.models import Intake, Program
    from tests.factories import UserFactory
    from tests.interviews.factories import called_wish, open_slots, paris

    load_session_2021()
    program = Program.objects.get(code="bat")
    intake = Intake.objects.get(campaign__year=2021, program=program, level="year_1")
    member = UserFactory(email="bench.jury@example.org", role=Role.JURY_MEMBER)
    member.jury_programs.set([program])
    president = UserFactory(email="bench.president@example.org", role=Role.JURY_PRESIDENT)
    slots = []
    per_day = 16  # 08:00 → 16:00
    for day in range(0, n_slots, per_day):
        count = min(per_day, n_slots - day)
        slots += open_slots(
            intake, members=[member], count=count, start=paris(2021, 4, 15 + day // per_day, 8)
        )
    wishes = [called_wish(intake, decided_by=president) for _ in range(n_candidates)]
    return intake, slots, wishes


def run_threads(threads: int, work):
    """Run `work(i)` in `threads` threads started together; returns the elapsed seconds."""
    from django.db import connection

    barrier = threading.Barrier(threads + 1)
    failures = []

    def target(i):
        try:
            barrier.wait()
            work(i)
        except Exception as error:  # reported after the run
            failures.append(error)
        finally:
            connection.close()

    workers = [threading.Thread(target=target, args=(i,)) for i in range(threads)]
    for worker in workers:
        worker.start()
    barrier.wait()
    started = time.perf_counter()
    for worker in workers:
        worker.join()
    if failures:
        raise failures[0]
    return time.perf_counter() - started


def race(slots, wishes, threads: int):
    from django.test import Client
    from django.urls import reverse

    booked, conflicts, attempts = [0] * threads, [0] * threads, [0] * threads
    queues = [wishes[i::threads] for i in range(threads)]
    slot_ids = [slot.pk for slot in slots]
    full = threading.Event()
    clients = {}
    for wish in wishes:
        client = Client()
        client.force_login(wish.application.candidate, backend="django.contrib.auth.backends.ModelBackend")
        clients[wish.pk] = client

    def work(i):
        for wish in queues[i]:
            if full.is_set():
                return
            client = clients[wish.pk]
            url = reverse("interviews:book", args=[wish.pk, "second_interview"])
            for slot_id in slot_ids:
                attempts[i] += 1
                response = client.post(url, {"slot": slot_id})
                if "/mon-creneau/" in response.headers.get("Location", ""):
                    booked[i] += 1
                    break
                conflicts[i] += 1
            else:
                full.set()

    seconds = run_threads(threads, work)
    return sum(booked), sum(attempts), sum(conflicts), seconds


def minimal_view(threads: int, seconds: float, user):
    """/healthz with the same logged-in session as the booking requests (session and user
    loaded as for any signed-in page)."""
    from django.test import Client

    counts = [0] * threads
    stop = time.perf_counter() + seconds

    def work(i):
        client = Client()
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        while time.perf_counter() < stop:
            assert client.get("/healthz").status_code == 200
            counts[i] += 1

    elapsed = run_threads(threads, work)
    return sum(counts) / elapsed


def check(intake, n_expected):
    from django.db.models import Count

    from interviews.enums import LIVE_STATES
    from interviews.models import Booking

    live = Booking.objects.filter(slot__intake=intake, state__in=LIVE_STATES)
    double_slot = live.values("slot").annotate(n=Count("id")).filter(n__gt=1).count()
    double_wish = live.values("wish", "test").annotate(n=Count("id")).filter(n__gt=1).count()
    return live.count(), double_slot, double_wish, live.count() == n_expected


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--candidates", type=int, default=120)
    parser.add_argument("--slots", type=int, default=40)
    parser.add_argument("--threads", type=int, default=8)
    args = parser.parse_args()
    setup_database(DB_NAME, ENV)
    import datetime as dt

    import time_machine

    from admissions.models import PARIS

    with time_machine.travel(dt.datetime(2021, 4, 12, 10, 0, tzinfo=PARIS), tick=True):
        start = time.perf_counter()
        intake, slots, wishes = seed(args.candidates, args.slots)
        took = time.perf_counter() - start
        print(f"seeded {len(slots)} slots and {len(wishes)} called candidates in {took:.1f} s")
        booked, attempts, conflicts, seconds = race(slots, wishes, args.threads)
        live, double_slot, double_wish, complete = check(intake, min(len(slots), len(wishes)))
        base_rps = minimal_view(args.threads, max(seconds, 3.0), wishes[0].application.candidate)
    print(
        f"\nbooking race: {args.threads} threads, {len(wishes)} candidates, "
        f"{len(slots)} slots, {seconds:.1f} s"
    )
    print(f"   successful bookings         : {booked:6d}  ({booked / seconds:7.1f} bookings/s)")
    print(f"   attempts (POST)             : {attempts:6d}  ({attempts / seconds:7.1f} req/s)")
    print(f"   conflicts told 'taken'      : {conflicts:6d}")
    print(f"   minimal view /healthz       :          ({base_rps:7.1f} req/s, same threads, signed in)")
    print(f"   ratio booking POST / minimal: {attempts / seconds / base_rps if base_rps else 0:8.3f}")
    print(f"   live bookings {live}, slots booked twice {double_slot}, candidates booked twice {double_wish}")
    ok = complete and double_slot == 0 and double_wish == 0 and booked == live
    print("OK" if ok else "FAILED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
