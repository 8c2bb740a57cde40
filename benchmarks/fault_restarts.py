# ruff: noqa: E501 - SQL-free shell snippets and report lines kept whole
"""Process faults on the production shape (issue 14), with printed counts:

1. PostgreSQL restarted (pg_ctl restart -m fast) while candidates submit: answers during the
   restart (error page or refused connection), nothing half-written (every dossier is either
   submitted with its wishes, audit entry and acknowledgment, or still a draft), and the
   portal recovers without restarting gunicorn or the worker (the candidates who got an
   error submit again and succeed).
2. The gunicorn worker killed (kill -9) while it receives a 5 MB upload: the candidate's retry
   succeeds and no orphan file stays in the bucket (files in S3 = document rows).

    .venv/bin/python benchmarks/fault_restarts.py [--candidates 40]
"""

import argparse
import re
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from benchmarks.load.uploads import FILES  # noqa: E402
from benchmarks.stack import (  # noqa: E402
    VENV_BIN,
    Moto,
    Postgres,
    Redis,
    celery_worker,
    free_port,
    gunicorn,
    portal_env,
    wait_port,
)

CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
UPLOAD = re.compile(r'action="(/candidat/\d+/dossier/pieces/(\d+)/envoi/)"')
PREPARE = """
from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password
from admissions.models import Campaign
from accounts.models import User
from tests.candidates.factories import fill_dossier, pay
campaign = Campaign.objects.exclude(year=2021).order_by("-year").first()
hashed = make_password("fault-password-1234")
for i in range({n}):
    user = User.objects.create(email=f"fault{{i}}@example.org", password=hashed, first_name="Panne", last_name=f"N{{i}}")
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    pay(fill_dossier(user, campaign), user)
print("prepared", {n})
"""
CHECK = """
from candidates.models import Application
from candidates.enums import WishState
from core.models import AuditEntry
from notifications.models import OutboxMessage
from candidates.services import acknowledgments_sweep
apps = Application.objects.filter(candidate__email__startswith="fault")
submitted = apps.filter(submitted_at__isnull=False)
half = submitted.filter(wishes__state=WishState.DRAFT).distinct().count()
half += apps.filter(submitted_at__isnull=True).exclude(wishes__state=WishState.DRAFT).distinct().count()
audited = AuditEntry.objects.filter(action="application.submit", object_id__in=[str(a.pk) for a in submitted]).count()
acks = OutboxMessage.objects.filter(template_key="dossier.acknowledgment", recipient_email__startswith="fault").count()
print(f"{submitted.count()} {half} {audited} {acks}")
"""


def login(base, email, password="fault-password-1234"):
    session = requests.Session()
    page = session.get(f"{base}/accounts/login/", timeout=30)
    session.post(
        f"{base}/accounts/login/",
        data={"login": email, "password": password, "csrfmiddlewaretoken": CSRF.search(page.text).group(1)},
        timeout=60,
    )
    return session


def submit(base, session):
    """One click on "submit": the status, or the exception's name."""
    try:
        page = session.get(f"{base}/candidat/dossier/verification/", timeout=30)
        token = CSRF.search(page.text)
        if not token:
            return f"page {page.status_code}"
        answer = session.post(
            page.url, data={"csrfmiddlewaretoken": token.group(1)}, timeout=60, allow_redirects=False
        )
        return str(answer.status_code)
    except requests.RequestException as error:
        return type(error).__name__


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--candidates", type=int, default=40)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="ops-faults-"))
    pg, redis, moto = Postgres().init().start(), Redis().start(), Moto().start()
    procs = []
    try:
        pg.createdb()
        env = portal_env(database_url=pg.url(), broker_url=redis.url, s3_url=moto.url)
        manage = [str(VENV_BIN / "python"), "manage.py"]
        subprocess.run([*manage, "migrate", "-v0"], env=env, cwd=ROOT, check=True)
        subprocess.run(
            [*manage, "load_demo", "--history", "4", "--candidates", "4"],
            env=env,
            cwd=ROOT,
            check=True,
            capture_output=True,
        )
        subprocess.run(
            [*manage, "shell", "-c", PREPARE.format(n=args.candidates)],
            env=env,
            cwd=ROOT,
            check=True,
            capture_output=True,
        )
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        web = gunicorn(env, port=port, workers=2, threads=2, log=work / "web.log")
        procs += [web.start(), celery_worker(env, log=work / "worker.log").start()]
        wait_port(port, 60)

        # --- 1. PostgreSQL restarted under load ------------------------------------------
        sessions = [login(base, f"fault{i}@example.org") for i in range(args.candidates)]
        answers = [None] * len(sessions)

        def candidate(i):
            time.sleep(i * 0.05)
            answers[i] = submit(base, sessions[i])

        threads = [threading.Thread(target=candidate, args=(i,)) for i in range(len(sessions))]
        for thread in threads:
            thread.start()
        time.sleep(len(sessions) * 0.05 / 3)
        restart_started = time.monotonic()
        pg.restart(mode="fast")
        restart_took = time.monotonic() - restart_started
        for thread in threads:
            thread.join()
        first = {a: answers.count(a) for a in set(answers)}
        retried = [i for i, a in enumerate(answers) if a != "302"]
        second = [submit(base, sessions[i]) for i in retried]
        time.sleep(5)  # the worker renders the acknowledgments
        subprocess.run(
            [*manage, "shell", "-c", "from notifications.services import outbox_sweep; outbox_sweep()"],
            env=env,
            cwd=ROOT,
            capture_output=True,
        )
        check = subprocess.run(
            [*manage, "shell", "-c", CHECK], env=env, cwd=ROOT, capture_output=True, text=True
        )
        submitted, half, audited, acks = check.stdout.split()[-4:]
        print(
            f"PostgreSQL restarted ({restart_took:.1f} s) under {len(sessions)} submissions: first answers {first}; "
            f"retried {len(retried)}, retry answers { ({a: second.count(a) for a in set(second)}) }; "
            f"submitted {submitted}/{len(sessions)}, half-written {half}, audit entries {audited}, "
            f"acknowledgments queued {acks}; gunicorn and worker not restarted"
        )

        # --- 2. a gunicorn worker killed during an upload -------------------------------
        session = sessions[0]
        page = session.get(f"{base}/candidat/dossier/pieces/", timeout=30)
        action, type_pk = UPLOAD.findall(page.text)[0]
        token = CSRF.search(page.text).group(1)
        content = FILES["5MB"]
        boundary = "----fault"
        body = (
            (
                f'--{boundary}\r\nContent-Disposition: form-data; name="csrfmiddlewaretoken"\r\n\r\n{token}\r\n'
                f'--{boundary}\r\nContent-Disposition: form-data; name="doc{type_pk}-file"; filename="big.pdf"\r\n'
                f"Content-Type: application/pdf\r\n\r\n"
            ).encode()
            + content
            + f"\r\n--{boundary}--\r\n".encode()
        )

        def slow_body():
            for start in range(0, len(body), 256 * 1024):
                yield body[start : start + 256 * 1024]
                time.sleep(0.2)

        killed = []

        def killer():
            time.sleep(1.0)  # mid-body
            for pid in web.children():
                subprocess.run(["kill", "-9", str(pid)])
                killed.append(pid)

        threading.Thread(target=killer).start()
        headers = {
            "Content-Type": f"multipart/form-data; boundary={boundary}",
            "Content-Length": str(len(body)),
        }
        try:
            first_try = session.post(
                base + action, data=slow_body(), headers=headers, timeout=60, allow_redirects=False
            ).status_code
        except requests.RequestException as error:
            first_try = type(error).__name__
        time.sleep(3)  # gunicorn's arbiter starts new workers
        retry = session.post(base + action, data=body, headers=headers, timeout=60, allow_redirects=False)
        count = subprocess.run(
            [
                *manage,
                "shell",
                "-c",
                (
                    "import boto3; from candidates.models import Document; from django.conf import settings;"
                    "o=settings.STORAGES['default']['OPTIONS'];"
                    "b=boto3.resource('s3',endpoint_url=o['endpoint_url'],region_name=o['region_name'],"
                    "aws_access_key_id='test',aws_secret_access_key='test').Bucket(o['bucket_name']);"
                    "keys={x.key for x in b.objects.all()}; rows={d.file.name for d in Document.objects.all()};"
                    "print(len(keys), len(rows), len(keys-rows), len(rows-keys))"
                ),
            ],
            env=env,
            cwd=ROOT,
            capture_output=True,
            text=True,
        ).stdout.split()[-4:]
        print(
            f"gunicorn worker kill -9 during a 5 MB upload: killed {len(killed)} worker(s), first try {first_try}, "
            f"retry {retry.status_code}; files in the bucket {count[0]}, document rows {count[1]}, "
            f"orphan files {count[2]}, rows without file {count[3]}"
        )
    finally:
        for proc in procs:
            proc.kill()
        moto.close()
        redis.close()
        pg.close()


if __name__ == "__main__":
    main()
