"""Candidate pages on PostgreSQL: query counts, throughput, receipt PDF.

    .venv/bin/python benchmarks/candidate_pages.py [--seconds 8] [--threads 4]

Uses its own database (portal_bench_cand, recreated) and media folder (/tmp).

1. Query count of the candidate home and of each dossier step for a dossier with 1 wish and
   2 documents and one with 3 wishes and 12 documents: must be equal (flat).
2. Throughput of the candidate home (logged in, 3 wishes, 12 documents) against a minimal
   Django view (/healthz: one SELECT 1, same middleware, same session cookie, so that the
   session and user are loaded as for any logged-in page; the figure without the cookie is
   printed too), both served by the same gunicorn
   started here on a free port (2 workers x 4 threads, gthread), driven by a threaded keep-alive HTTP
   client with the session cookie. Target: home >= 1/10 of the minimal view.
3. Median render time of the receipt PDF (WeasyPrint) over 15 renders. Target < 300 ms.
"""

import argparse
import http.client
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

# benchmarks/ is on the path: this script runs from it
from bench_setup import PG, ROOT, session_cookie, setup_database

DB_NAME = "portal_bench_cand"
MEDIA = Path(tempfile.gettempdir()) / "portal_bench_cand_media"
ENV = {
    "DJANGO_SETTINGS_MODULE": "benchmarks.candidate_settings",
    "DJANGO_DEBUG": "false",
    "DATABASE_URL": f"{PG}/{DB_NAME}",
    "LOG_LEVEL": "ERROR",
    "PYTHONPATH": str(ROOT),
}
STEPS = [
    "candidates:home",
    "candidates:identity",
    "candidates:path",
    "candidates:title",
    "candidates:scholarship",
    "candidates:wishes",
    "candidates:documents",
    "candidates:referees",
    "candidates:consents",
    "candidates:review",
]


def _setup_database():
    setup_database(DB_NAME, ENV)
    from django.conf import settings

    assert settings.STORAGES["default"]["OPTIONS"]["location"] == str(MEDIA)


def seed():
    from admissions.demo import load_session_2021
    from admissions.enums import DocumentCondition
    from admissions.models import DocumentType, Intake
    from tests.candidates.factories import fill_dossier, pay, upload_required
    from tests.factories import UserFactory, open_for_submission_today

    campaign = load_session_2021()
    # Open today: move the whole calendar (the pages are read at today's date).
    open_for_submission_today(campaign)
    # 12 documents for the large dossier: 9 of the demo + 3 optional extra types.
    extra = [
        DocumentType.objects.create(
            campaign=campaign,
            code=f"extra{i}",
            name_fr=f"Pièce complémentaire {i}",
            condition=DocumentCondition.ALWAYS,
            indispensable=False,
            position=50 + i,
        )
        for i in range(4)
    ]
    for intake in Intake.objects.filter(campaign=campaign):
        intake.document_types.add(*extra)

    small_user = UserFactory(email="small@bench.example.org")
    small = fill_dossier(small_user, campaign, programs=("bat",), documents=False)
    from candidates import services
    from tests.candidates.factories import document_type, pdf_file

    for code in ("identity", "cv"):
        services.document_upload(
            application=small,
            document_type=document_type(campaign, code),
            uploaded_file=pdf_file(f"{code}.pdf"),
            actor=small_user,
        )
    large_user = UserFactory(email="large@bench.example.org")
    large = fill_dossier(
        large_user,
        campaign,
        programs=("bat", "infres", "mkx"),
        documents=False,
        scholarship=True,
        in_progress=True,
    )
    upload_required(large, large_user, only_required=False)
    pay(large, large_user)
    return campaign, small_user, large_user


def query_counts(small_user, large_user):
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from candidates.models import Application

    def counts(user):
        client = Client()
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        result = {}
        for name in STEPS:
            # The dossier pages name their session (the demo's 2021).
            url = reverse(name) if name == "candidates:home" else reverse(name, args=[2021])
            client.get(url)  # warm caches (content types, sessions)
            with CaptureQueriesContext(connection) as ctx:
                response = client.get(url)
            assert response.status_code == 200, (name, response.status_code)
            result[name] = len(ctx.captured_queries)
        return result

    small, large = counts(small_user), counts(large_user)
    s_app = Application.objects.get(candidate=small_user)
    l_app = Application.objects.get(candidate=large_user)
    print("\n1. Query counts (flat in wishes and documents)")
    print(
        f"   {'page':28} {s_app.wishes.count()} wish/{s_app.documents.count()} docs"
        f"   {l_app.wishes.count()} wishes/{l_app.documents.count()} docs"
    )
    flat = True
    for name in STEPS:
        ok = small[name] == large[name]
        flat &= ok
        print(f"   {name:28} {small[name]:>12} {large[name]:>18}  {'flat' if ok else 'NOT FLAT'}")
    return flat


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def hammer(port, path, cookie, seconds, threads):
    counts, errors = [0] * threads, [0] * threads
    stop = time.monotonic() + seconds

    def run(i):
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        while time.monotonic() < stop:
            try:
                conn.request("GET", path, headers={"Cookie": cookie, "Accept-Language": "fr"})
                response = conn.getresponse()
                response.read()
                if response.status == 200:
                    counts[i] += 1
                else:
                    errors[i] += 1
                if response.getheader("Connection", "").lower() == "close":
                    conn.close()
                    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            except (OSError, http.client.HTTPException):
                errors[i] += 1
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        conn.close()

    workers = [threading.Thread(target=run, args=(i,)) for i in range(threads)]
    started = time.monotonic()
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    elapsed = time.monotonic() - started
    return sum(counts) / elapsed, sum(errors)


def throughput(large_user, seconds, threads):
    port = free_port()
    env = {**os.environ, **ENV, "PORTAL_BENCH_MEDIA": str(MEDIA)}
    gunicorn = subprocess.Popen(
        [
            str(ROOT / ".venv/bin/gunicorn"),
            "config.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "2",
            "--worker-class",
            "gthread",
            "--threads",
            "4",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )
    try:
        for _ in range(100):
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                    break
            except OSError:
                time.sleep(0.1)
        cookie = session_cookie(large_user)
        for path in ("/healthz", "/candidat/"):
            hammer(port, path, cookie, 1, threads)  # warm-up
        anon_rps, _anon_err = hammer(port, "/healthz", "", seconds, threads)
        base_rps, base_err = hammer(port, "/healthz", cookie, seconds, threads)
        home_rps, home_err = hammer(port, "/candidat/", cookie, seconds, threads)
    finally:
        gunicorn.terminate()
        gunicorn.wait(timeout=10)
    ratio = home_rps / base_rps if base_rps else 0
    print(f"\n2. Throughput (gunicorn, 2 gthread workers x 4 threads, {threads} client threads, {seconds} s)")
    print(f"   minimal view /healthz, no cookie      : {anon_rps:8.1f} req/s (for reference)")
    print(f"   minimal view /healthz, session cookie : {base_rps:8.1f} req/s ({base_err} errors)")
    print(f"   candidate home, session cookie        : {home_rps:8.1f} req/s ({home_err} errors)")
    verdict = "OK" if ratio >= 0.1 else "BELOW TARGET"
    print(f"   ratio home / minimal (same cookie)    : {ratio:8.3f}  (target >= 0.100) {verdict}")
    print(f"   ratio home / minimal without cookie   : {home_rps / anon_rps if anon_rps else 0:8.3f}")
    return ratio >= 0.1 and not home_err


def receipt_time(large_user):
    from candidates import services
    from candidates.models import Application

    application = Application.objects.get(candidate=large_user)
    services.application_submit(application=application, actor=large_user)
    application.refresh_from_db()
    services.application_receipt_pdf(application=application)  # warm-up (fonts)
    timings = []
    for _ in range(15):
        started = time.perf_counter()
        pdf = services.application_receipt_pdf(application=application)
        timings.append((time.perf_counter() - started) * 1000)
    median = statistics.median(timings)
    print("\n3. Receipt PDF (3 wishes, 12 documents), 15 renders")
    print(
        f"   median {median:.0f} ms, min {min(timings):.0f} ms, max {max(timings):.0f} ms, {len(pdf)} bytes"
    )
    print(f"   target < 300 ms: {'OK' if median < 300 else 'ABOVE TARGET'}")
    return median < 300


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=8)
    parser.add_argument("--threads", type=int, default=4)
    args = parser.parse_args()
    print(f"load average before: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores (shared machine)")
    _setup_database()
    _campaign, small_user, large_user = seed()
    results = [query_counts(small_user, large_user), throughput(large_user, args.seconds, args.threads)]
    results.append(receipt_time(large_user))
    print(f"load average after: {os.getloadavg()[0]:.1f}")
    print("\nAll targets met." if all(results) else "\nSome targets missed.")
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(main())
