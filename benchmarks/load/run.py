"""Deadline night on the production shape (issue 14), one command:

    .venv/bin/python benchmarks/load/run.py [--users 200] [--duration 600] [--steps 20,50,100,200]

Starts a private PostgreSQL, Redis and moto S3, gunicorn (3 workers × 4 threads for 2 cores),
a Celery worker and beat (benchmarks/stack.py); migrates, loads the demo and N verified
candidate accounts; then
1. the bare Django view alone (`/__bare__/`, full middleware): requests/s = the ceiling;
2. the journey mix (locustfile.py) at each concurrency step (the knee: the first step whose
   page p95 passes 1 s), then at --users for --duration;
prints per request p50/p95/p99, errors, journeys (nine steps walked) per minute, gunicorn
workers busy, PostgreSQL connections, and the mix's throughput as a ratio of the ceiling.
"""

import argparse
import contextlib
import csv
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
sys.path.insert(0, str(ROOT))
from benchmarks.stack import (  # noqa: E402
    VENV_BIN,
    Moto,
    Postgres,
    Redis,
    celery_beat,
    celery_worker,
    free_port,
    gunicorn,
    portal_env,
    wait_port,
)

HERE = Path(__file__).resolve().parent
ACCOUNTS = """
from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password
from accounts.models import User
n = int({n})
hashed = make_password("load-password-1234")
users = User.objects.bulk_create([User(email=f"load{{i}}@example.org", password=hashed, first_name="Charge",
                                       last_name=f"N{{i}}") for i in range(n)], ignore_conflicts=True)
users = User.objects.filter(email__startswith="load")
EmailAddress.objects.bulk_create(
    [EmailAddress(user=u, email=u.email, verified=True, primary=True) for u in users],
                                 ignore_conflicts=True)
# Each with a dossier on one choice (no documents yet: the journey uploads them).
from admissions.models import Campaign
from tests.candidates.factories import fill_dossier
campaign = Campaign.objects.exclude(year=2021).order_by("-year").first()
for user in users.filter(applications__isnull=True):
    fill_dossier(user, campaign, documents=False, referee=False, consents=False)
print(users.count())
"""


def locust(host, *, users, duration, env, prefix, user_classes):
    subprocess.run(
        [
            str(VENV_BIN / "locust"),
            "-f",
            str(HERE / "locustfile.py"),
            "--headless",
            "-H",
            host,
            "-u",
            str(users),
            "-r",
            str(max(1, users // 5)),
            "-t",
            f"{duration}s",
            "--csv",
            str(prefix),
            "--only-summary",
            *user_classes,
        ],
        env=env,
        check=False,
        capture_output=True,
    )
    with open(f"{prefix}_stats.csv") as f:
        return list(csv.DictReader(f))


class Sampler(threading.Thread):
    """Gunicorn workers busy (CPU > 0 between samples) and PostgreSQL connections."""

    def __init__(self, pg, web):
        super().__init__(daemon=True)
        self.pg, self.web, self.busy, self.conns, self.stop = pg, web, [], [], False

    def run(self):
        ticks = {}
        while not self.stop:
            busy = 0
            for pid in self.web.children():
                try:
                    fields = Path(f"/proc/{pid}/stat").read_text().split()
                except FileNotFoundError:
                    continue
                cpu = int(fields[13]) + int(fields[14])
                busy += cpu > ticks.get(pid, cpu)
                ticks[pid] = cpu
            self.busy.append(busy)
            with contextlib.suppress(Exception):  # PostgreSQL restarting: no sample
                self.conns.append(
                    int(self.pg.psql("SELECT count(*) FROM pg_stat_activity WHERE datname='portal'"))
                )
            time.sleep(1)


def summary(rows, duration):
    total = next(r for r in rows if r["Name"] == "Aggregated")
    return float(total["Requests/s"]), int(total["Failure Count"]), int(total["Request Count"]), total


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--users", type=int, default=200)
    parser.add_argument("--duration", type=int, default=600)
    parser.add_argument("--steps", default="20,50,100")
    parser.add_argument("--step-duration", type=int, default=30)
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument(
        "--accounts", type=int, default=80, help="candidate accounts (virtual users share them)"
    )
    parser.add_argument("--threads", type=int, default=4)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="ops-load-"))
    pg, redis, moto = Postgres(max_connections=200).init().start(), Redis().start(), Moto().start()
    procs = []
    try:
        pg.createdb()
        env = portal_env(
            database_url=pg.url(),
            broker_url=redis.url,
            s3_url=moto.url,
            extra={
                "CACHE_URL": f"{redis.url[:-1]}1",
                "EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend",
            },
        )
        manage = [str(VENV_BIN / "python"), "manage.py"]
        subprocess.run([*manage, "migrate", "-v0"], env=env, cwd=ROOT, check=True)
        subprocess.run(
            [*manage, "collectstatic", "--noinput", "-v0"],
            env={**env, "STATIC_ROOT": str(work / "static")},
            cwd=ROOT,
            check=False,
        )
        subprocess.run(
            [*manage, "load_demo", "--history", "10", "--candidates", "10"],
            env=env,
            cwd=ROOT,
            check=True,
            capture_output=True,
        )
        accounts = subprocess.run(
            [*manage, "shell", "-c", ACCOUNTS.format(n=args.accounts)],
            env=env,
            cwd=ROOT,
            check=True,
            capture_output=True,
            text=True,
        ).stdout.split()[-1]
        port = free_port()
        web_env = {**env, "DJANGO_SETTINGS_MODULE": "config.settings.local"}
        web = gunicorn(web_env, port=port, workers=args.workers, threads=args.threads, log=work / "web.log")
        web.args[1] = "benchmarks.load.bare_wsgi:application"
        procs += [
            web.start(),
            celery_worker(env, log=work / "worker.log").start(),
            celery_beat(env, log=work / "beat.log", schedule_dir=work).start(),
        ]
        wait_port(port, 60)
        host = f"http://127.0.0.1:{port}"
        lenv = {**os.environ, "LOAD_ACCOUNTS": accounts}
        print(
            f"stack: PostgreSQL :{pg.port}, Redis :{redis.port}, moto :{moto.port}, gunicorn :{port} "
            f"({args.workers} workers x {args.threads} threads), worker, beat; {accounts} candidate accounts"
        )

        rows = locust(
            host,
            users=20,
            duration=20,
            env={**lenv, "LOAD_BARE_WEIGHT": "1"},
            prefix=work / "bare",
            user_classes=["BareView"],
        )
        bare_rps = summary(rows, 20)[0]
        print(f"bare Django view: {bare_rps:.0f} requests/s (20 users, no wait)")

        knee = None
        for users in [int(u) for u in args.steps.split(",")] + [args.users]:
            duration = args.duration if users == args.users else args.step_duration
            sampler = Sampler(pg, web)
            sampler.start()
            rows = locust(
                host,
                users=users,
                duration=duration,
                env=lenv,
                prefix=work / f"mix{users}",
                user_classes=["Candidate"],
            )
            sampler.stop = True
            rps, failures, count, total = summary(rows, duration)
            done = [int(r["Request Count"]) for r in rows if r["Name"] == "step verification"]
            journeys = done[0] if done else 0
            print(
                f"\n== {users} users, {duration} s: {rps:.1f} requests/s "
                f"= 1/{bare_rps / max(rps, 0.01):.1f} of the "
                f"bare view; errors {failures}/{count}; journeys {journeys * 60 / duration:.0f}/min; "
                f"workers busy max {max(sampler.busy, default=0)}/{args.workers} "
                f"(mean {sum(sampler.busy) / max(len(sampler.busy), 1):.1f}); "
                f"DB connections max {max(sampler.conns, default=0)}"
            )
            print(f"{'request':28} {'n':>6} {'err':>4} {'p50':>6} {'p95':>6} {'p99':>6} (ms)")
            for r in rows:
                print(
                    f"{r['Name'][:28]:28} {r['Request Count']:>6} {r['Failure Count']:>4} {r['50%']:>6} "
                    f"{r['95%']:>6} {r['99%']:>6}"
                )
            if knee is None and total["95%"] != "N/A" and float(total["95%"]) > 1000:
                knee = users
        print(f"\nknee (first step whose p95 passes 1 s): {knee or 'not reached'}")
    finally:
        for proc in procs:
            proc.kill()
        moto.close()
        redis.close()
        pg.close()


if __name__ == "__main__":
    main()
