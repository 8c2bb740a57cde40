"""Simultaneous video-interview takes through gunicorn on PostgreSQL.

    .venv/bin/python benchmarks/video_takes.py [--takes 20] [--minutes 1] [--workers 2 --threads 4]

Uses its own database (portal_bench_video, recreated) and media folder (/tmp).

1. Seeds N pre-admissible candidates whose released decision requires the video interview,
   the calendar moved so that today is in the recording window.
2. Makes one synthetic recording with ffmpeg (WebM, VP8 + Opus, ~1 Mbit/s) of M minutes
   and cuts it into 2-second parts (what MediaRecorder.start(2000) sends, ~250 kB).
3. Starts gunicorn (W gthread workers × T threads) and N clients at once: each opens its
   recording page (CSRF token), starts its take and sends its parts in real time, one every
   2 s, then ends it. A probe requests the minimal view /healthz every 100 ms meanwhile: if
   the workers were all busy, its latency would jump. Figures: part request p50/p95/max,
   probe p50/p95/max against the same probe on the idle server (ratio), the most requests in
   flight at once against the W × T slots, the workers' peak memory (VmHWM).
4. Assembles every take as the Celery worker would (services.take_assemble, ffmpeg remux):
   time per take and per minute of video, file size, duration check, ffmpeg's peak memory.
"""

import argparse
import http.client
import json
import os
import re
import resource
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

# The shared logged-in session; the candidate pages' benchmark's free port (same folder).
from bench_setup import PG, ROOT, session_cookie, setup_database
from candidate_pages import free_port

DB_NAME = "portal_bench_video"
MEDIA = Path("/tmp/portal_bench_video_media")
ENV = {
    "DJANGO_SETTINGS_MODULE": "benchmarks.video_settings",
    "DJANGO_DEBUG": "false",
    "DATABASE_URL": f"{PG}/{DB_NAME}",
    "LOG_LEVEL": "ERROR",
    "PYTHONPATH": str(ROOT),
}
PART_SECONDS = 2


def _setup_database():
    shutil.rmtree(MEDIA, ignore_errors=True)
    setup_database(DB_NAME, ENV)


def seed(count: int, minutes: float):
    import datetime as dt

    from django.utils import timezone

    from admissions.demo import load_session_2021
    from admissions.models import Intake
    from candidates.enums import WishState
    from jury.enums import DecisionKind, DecisionStatus
    from jury.models import Decision
    from tests.factories import UserFactory, open_for_submission_today
    from tests.jury.factories import submitted_wish
    from video_interview.models import Question

    campaign = open_for_submission_today(load_session_2021(), as_if=dt.date(2021, 4, 1))
    # The questions fill the take's length: N questions of 60 s, no preparation time.
    Question.objects.filter(campaign=campaign).delete()
    for index in range(max(1, round(minutes))):
        Question.objects.create(
            campaign=campaign,
            level="year_1",
            position=index,
            text_fr=f"Question {index + 1}",
            answer_seconds=60,
        )
    intake = Intake.objects.get(campaign=campaign, program__code="bat", level="year_1")
    president = UserFactory(email="president.bench@example.org", role="jury_president")
    users = []
    now = timezone.now()
    for index in range(count):
        user = UserFactory(email=f"video{index:03d}@bench.example.org")
        wish = submitted_wish(
            intake,
            state=WishState.PRE_ADMISSIBLE,
            application__candidate=user,
            application__consent_share_at=now,
            application__consent_recording_at=now,
        )
        Decision.objects.create(
            wish=wish,
            kind=DecisionKind.STANDARD,
            status=DecisionStatus.RELEASED,
            tests=["video_interview"],
            decided_by=president,
            decided_at=now,
            released_at=now,
        )
        users.append((user, wish))
    return campaign, users


def synthetic_recording(minutes: float) -> bytes:
    """A WebM at ~1 Mbit/s (VP8 640x480 + Opus), as a browser's MediaRecorder makes; kept in
    /tmp between runs (encoding it is the slowest step on a shared machine)."""
    path = Path(tempfile.gettempdir()) / f"portal_bench_video_{minutes:g}min.webm"
    if not path.exists():
        command = [
            shutil.which("ffmpeg"), "-hide_banner", "-loglevel", "error", "-y",
            "-f", "lavfi", "-i", "testsrc2=size=640x480:rate=25", "-f", "lavfi", "-i", "sine=frequency=440",
            "-t", str(int(minutes * 60)), "-c:v", "libvpx", "-deadline", "realtime", "-cpu-used", "8",
            "-b:v", "900k", "-minrate", "900k", "-maxrate", "900k", "-c:a", "libopus", "-b:a", "64k",
            str(path.with_suffix(".part.webm")),
        ]  # fmt: skip
        subprocess.run(command, check=True)
        path.with_suffix(".part.webm").rename(path)
    return path.read_bytes()


class Counter:
    def __init__(self):
        self.lock = threading.Lock()
        self.now = 0
        self.peak = 0

    def __enter__(self):
        with self.lock:
            self.now += 1
            self.peak = max(self.peak, self.now)

    def __exit__(self, *exc):
        with self.lock:
            self.now -= 1


def percentile(values, share):
    values = sorted(values)
    return values[min(len(values) - 1, int(share * len(values)))] if values else 0.0


def candidate_client(port, cookie, wish, parts, latencies, errors, in_flight, barrier, phase):
    conn = [http.client.HTTPConnection("127.0.0.1", port, timeout=60)]

    def send(method, path, body, headers, cookies):
        started = time.perf_counter()
        for attempt in range(2):
            try:
                conn[0].request(
                    method,
                    path,
                    body=body,
                    headers={"Cookie": cookies, "Accept-Language": "fr", **(headers or {})},
                )
                response = conn[0].getresponse()
                return response, response.read(), time.perf_counter() - started
            except (OSError, http.client.HTTPException):
                # gunicorn closed the idle keep-alive connection (2 s): reconnect and send again
                # (a part is idempotent: the server acknowledges a repeat with the same hash).
                conn[0].close()
                conn[0] = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
                if attempt:
                    raise
        raise AssertionError

    def request(method, path, body=None, headers=None, cookies=cookie, counted=True):
        if not counted:
            return send(method, path, body, headers, cookies)
        with in_flight:
            return send(method, path, body, headers, cookies)

    response, page, _ = request("GET", f"/entretien-video/2021/choix/{wish.pk}/", counted=False)
    csrf_cookie = re.search(r"csrftoken=([^;]+)", response.getheader("Set-Cookie") or "").group(1)
    token = json.loads(
        re.search(rb'id="video-config" type="application/json">(.*?)</script>', page).group(1)
    )["csrf"]
    cookies = f"{cookie}; csrftoken={csrf_cookie}"
    barrier.wait()
    # Simultaneous takes, not phase-locked ones: each starts within the first part's 2 s.
    time.sleep(phase)
    response, payload, _ = request(
        "POST",
        f"/entretien-video/2021/choix/{wish.pk}/demarrer/",
        headers={"X-CSRFToken": token},
        cookies=cookies,
    )
    take = json.loads(payload)
    if response.status != 200:
        errors.append(payload[:200])
        return
    base = f"/entretien-video/prise/{take['take']}/"
    started = time.monotonic()
    for index, part in enumerate(parts):
        delay = started + index * PART_SECONDS - time.monotonic()
        if delay > 0:
            time.sleep(delay)
        response, payload, seconds = request(
            "POST",
            f"{base}partie/{index}/",
            body=part,
            headers={"X-CSRFToken": token, "X-Take-Lease": take["lease"], "Content-Type": "video/webm"},
            cookies=cookies,
        )
        latencies.append(seconds)
        if response.status != 200:
            errors.append(payload[:200])
    body = f"lease={take['lease']}&parts={len(parts)}"
    response, payload, _ = request(
        "POST",
        f"{base}fin/",
        body=body,
        headers={"X-CSRFToken": token, "Content-Type": "application/x-www-form-urlencoded"},
        cookies=cookies,
    )
    if response.status != 200:
        errors.append(payload[:200])
    conn[0].close()


def probe(port, stop, latencies):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    while not stop.is_set():
        started = time.perf_counter()
        try:
            conn.request("GET", "/healthz")
            conn.getresponse().read()
            latencies.append(time.perf_counter() - started)
        except (OSError, http.client.HTTPException):
            conn.close()
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        time.sleep(0.1)
    conn.close()


def warm_up(port):
    """Until both workers have answered (a first request loads Django)."""
    for _ in range(40):
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            conn.request("GET", "/healthz")
            conn.getresponse().read()
            conn.close()
        except (OSError, http.client.HTTPException):
            time.sleep(0.2)


def worker_peak_memory(gunicorn_pid) -> list[int]:
    """VmHWM (kB) of gunicorn's worker processes."""
    peaks = []
    children = Path(f"/proc/{gunicorn_pid}/task/{gunicorn_pid}/children")
    for pid in children.read_text().split() if children.exists() else []:
        status = Path(f"/proc/{pid}/status").read_text()
        peaks.append(int(re.search(r"VmHWM:\s+(\d+)", status).group(1)))
    return peaks


def run_takes(users, parts, workers, threads):
    port = free_port()
    gunicorn = subprocess.Popen(
        [str(ROOT / ".venv/bin/gunicorn"), "config.wsgi", "--bind", f"127.0.0.1:{port}",
         "--workers", str(workers), "--worker-class", "gthread", "--threads", str(threads),
         "--log-level", "warning"],
        cwd=ROOT,
        env={**os.environ, **ENV},
    )  # fmt: skip
    try:
        for _ in range(100):
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                    break
            except OSError:
                time.sleep(0.1)
        warm_up(port)
        idle, stop = [], threading.Event()
        prober = threading.Thread(target=probe, args=(port, stop, idle))
        prober.start()
        time.sleep(5)
        stop.set()
        prober.join()
        latencies, errors, busy, in_flight = [], [], [], Counter()
        barrier = threading.Barrier(len(users))
        clients = [
            threading.Thread(
                target=candidate_client,
                args=(port, session_cookie(user), wish, parts, latencies, errors, in_flight, barrier, phase),
            )
            for phase, (user, wish) in zip(
                (index * PART_SECONDS / len(users) for index in range(len(users))), users, strict=True
            )
        ]
        stop = threading.Event()
        prober = threading.Thread(target=probe, args=(port, stop, busy))
        started = time.monotonic()
        prober.start()
        for client in clients:
            client.start()
        for client in clients:
            client.join()
        elapsed = time.monotonic() - started
        stop.set()
        prober.join()
        peaks = worker_peak_memory(gunicorn.pid)
    finally:
        gunicorn.terminate()
        gunicorn.wait(timeout=10)
    ms = 1000
    slots = workers * threads
    print(f"\n2. {len(users)} simultaneous takes, gunicorn {workers} gthread workers × {threads} threads")
    sent = f"{len(latencies)} of {len(parts) * len(users)}"
    print(f"   {elapsed:.0f} s; parts sent: {sent}, errors: {len(errors)} {errors[:2]}")
    p50, p95, top = statistics.median(latencies) * ms, percentile(latencies, 0.95) * ms, max(latencies) * ms
    print(
        f"   part request (~{len(parts[1]) // 1024} kB): p50 {p50:.0f} ms, p95 {p95:.0f} ms, max {top:.0f} ms"
    )
    for label, values in (("idle  ", idle), ("loaded", busy)):
        p50, p95 = statistics.median(values) * ms, percentile(values, 0.95) * ms
        print(
            f"   minimal view /healthz, {label}: p50 {p50:.1f} ms, p95 {p95:.1f} ms, "
            f"max {max(values) * ms:.0f} ms"
        )
    ratio = statistics.median(latencies) / statistics.median(busy)
    print(f"   ratio part p50 / minimal view p50 (same run): {ratio:.1f}")
    verdict = "never all busy" if in_flight.peak < slots else "ALL BUSY at some point"
    print(f"   requests in flight at once: peak {in_flight.peak} of {slots} slots ({verdict})")
    print(f"   workers' peak memory (VmHWM): {', '.join(f'{kb / 1024:.0f} MB' for kb in peaks)}")
    return not errors


def assemble_all(users, minutes):
    from video_interview import services
    from video_interview.models import Take

    timings, sizes, durations = [], [], []
    for take in Take.objects.filter(wish__in=[wish for _user, wish in users]).order_by("pk"):
        started = time.perf_counter()
        take = services.take_assemble(take_id=take.pk)
        timings.append(time.perf_counter() - started)
        sizes.append(take.recording.size if take.recording else 0)
        durations.append(take.duration_seconds or 0)
        assert take.state == "assembled", take.assembly_error
    ffmpeg_peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    per_minute = statistics.median(timings) / (statistics.median(durations) / 60)
    print(
        f"\n3. Assembly (ffmpeg remux, as the Celery worker runs it), {len(timings)} takes of {minutes:g} min"
    )
    print(
        f"   per take: median {statistics.median(timings):.2f} s, max {max(timings):.2f} s; "
        f"{per_minute:.2f} s per minute of video"
    )
    size, duration = statistics.median(sizes), statistics.median(durations)
    print(
        f"   file: median {size / 1e6:.1f} MB ({size * 8 / 1e6 / duration:.2f} Mbit/s), "
        f"duration median {duration:.1f} s (expected {minutes * 60:.0f} s)"
    )
    print(f"   ffmpeg peak memory (children's max RSS): {ffmpeg_peak / 1024:.0f} MB")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--takes", type=int, default=20)
    parser.add_argument("--minutes", type=float, default=1)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=4)
    options = parser.parse_args()
    _setup_database()
    _campaign, users = seed(options.takes, options.minutes)
    data = synthetic_recording(options.minutes)
    size = max(1, len(data) * PART_SECONDS // int(options.minutes * 60))
    parts = [data[i : i + size] for i in range(0, len(data), size)]
    rate = len(data) * 8 / 1e6 / (options.minutes * 60)
    print(
        f"1. Recording: {len(data) / 1e6:.1f} MB, {options.minutes:g} min ({rate:.2f} Mbit/s), "
        f"{len(parts)} parts"
    )
    ok = run_takes(users, parts, options.workers, options.threads)
    assemble_all(users, options.minutes)
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
