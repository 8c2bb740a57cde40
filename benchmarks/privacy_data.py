"""The complete data download and the nightly purge, at size (issue 15).

    .venv/bin/python benchmarks/privacy_data.py [--dossiers 2000]

Uses a fresh SQLite database and a media folder in a temporary directory.

1. One candidate with 3 choices, 15 documents of 1 MB, 200 e-mails and 500 audit entries:
   the data download built as the Celery task builds it (`privacy.services.export_build`),
   median of 3, against a minimal Django view (`healthz`) measured in the same run; must be
   under 60 s.
2. N withdrawn dossiers of the 2021 session with 2 documents each: tonight's dry run and the
   night's purge (21 October 2021, 6 months after the admissibility results); the dry run
   must announce what the run does.
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def setup(tmp: Path):
    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "config.settings.test",
            "DATABASE_URL": f"sqlite:///{tmp / 'bench.sqlite3'}",
        }
    )
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp / "media"},
        },
    }
    call_command("migrate", verbosity=0)


def _pdf(size: int) -> bytes:
    return b"%PDF-1.4\n" + os.urandom(size - 16) + b"\n%%EOF\n"


def seed_candidate(campaign):
    import uuid

    from django.core.files.base import ContentFile

    from accounts.models import User
    from admissions.models import DocumentType, Intake
    from candidates.enums import AuditAction, WishState
    from candidates.models import Application, Document, Wish
    from core.audit import audit_record
    from notifications.models import OutboxMessage

    user = User.objects.create_user("big@example.org", first_name="Camille", last_name="Martin")
    application = Application.objects.create(campaign=campaign, candidate=user, phone="+33 6 00 00 00 00")
    for intake in Intake.objects.filter(campaign=campaign)[:3]:
        Wish.objects.create(application=application, intake=intake, state=WishState.SUBMITTED)
    types = list(DocumentType.objects.filter(campaign=campaign))
    for i in range(15):
        document = Document(
            application=application,
            document_type=types[i % len(types)],
            original_name=f"piece-{i}.pdf",
            content_type="application/pdf",
            size=1_000_000,
            state="current" if i < len(types) else "replaced",
        )
        document.file.save("piece.pdf", ContentFile(_pdf(1_000_000)), save=True)
    OutboxMessage.objects.bulk_create(
        OutboxMessage(
            recipient_email=user.email,
            user=user,
            subject=f"Message {i}",
            body_text="Bonjour,\n" * 40,
            template_key="bench",
            idempotency_key=uuid.uuid4().hex,
        )
        for i in range(200)
    )
    for i in range(500):
        audit_record(actor=user, action=AuditAction.APPLICATION_IDENTITY, obj=application, after={"i": i})
    return user


def measure_export(user):
    from django.test import Client
    from django.test.utils import setup_test_environment

    from privacy.services import export_build

    setup_test_environment()
    client = Client()
    baseline = []
    for _ in range(20):
        start = time.perf_counter()
        client.get("/healthz")
        baseline.append(time.perf_counter() - start)
    times, size = [], 0
    for _ in range(3):
        start = time.perf_counter()
        size = len(export_build(user))
        times.append(time.perf_counter() - start)
    return statistics.median(times), size, statistics.median(baseline)


def seed_withdrawn(campaign, count: int):
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    from accounts.models import User
    from admissions.models import DocumentType, Intake
    from candidates.enums import WishState
    from candidates.models import Application, Document, Wish

    intake = Intake.objects.filter(campaign=campaign).first()
    doc_type = DocumentType.objects.filter(campaign=campaign).first()
    users = User.objects.bulk_create(User(email=f"w{i}@example.org", password="!") for i in range(count))
    applications = Application.objects.bulk_create(Application(campaign=campaign, candidate=u) for u in users)
    Wish.objects.bulk_create(
        Wish(application=a, intake=intake, state=WishState.WITHDRAWN) for a in applications
    )
    documents = []
    for application in applications:
        for j in range(2):
            name = default_storage.save(f"documents/2021/w{application.pk}-{j}.pdf", ContentFile(_pdf(2_000)))
            documents.append(
                Document(
                    application=application,
                    document_type=doc_type,
                    file=name,
                    original_name="p.pdf",
                    content_type="application/pdf",
                    size=2_000,
                    state="current" if j == 0 else "replaced",
                )
            )
    Document.objects.bulk_create(documents)


def measure_purge():
    import datetime as dt
    from zoneinfo import ZoneInfo

    import time_machine

    from privacy import services

    paris = ZoneInfo("Europe/Paris")
    with time_machine.travel(dt.datetime(2021, 10, 20, 20, 0, tzinfo=paris), tick=False):
        start = time.perf_counter()
        _at, lines = services.purge_preview()
        preview = time.perf_counter() - start
    announced = services._summary(lines)
    with time_machine.travel(dt.datetime(2021, 10, 21, 2, 30, tzinfo=paris), tick=False):
        start = time.perf_counter()
        run = services.purge_run()
        seconds = time.perf_counter() - start
    return preview, seconds, run, announced


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--dossiers", type=int, default=2000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        setup(Path(tmp))
        from admissions.demo import load_session_2021

        campaign = load_session_2021()
        user = seed_candidate(campaign)
        export_s, size, baseline_s = measure_export(user)
        print(
            f"data download (3 choices, 15 documents of 1 MB, 200 e-mails, 500 audit entries): "
            f"{export_s:.2f} s, {size / 1e6:.1f} MB zip; minimal view {baseline_s * 1000:.1f} ms "
            f"(ratio {export_s / baseline_s:.0f}x)"
        )
        seed_withdrawn(campaign, args.dossiers)
        preview_s, run_s, run, announced = measure_purge()
        key = "dossier.withdrawn@2021"
        print(
            f"purge of {args.dossiers} withdrawn dossiers: dry run {preview_s:.1f} s, run {run_s:.1f} s "
            f"({run_s / args.dossiers * 1000:.1f} ms per dossier), {run.counts.get(key, {})}, "
            f"{run.files_deleted} files deleted"
        )
        ok = export_s < 60 and announced == run.counts and run.counts[key]["dossiers"] == args.dossiers
        print("OK" if ok else "FAILED")
        return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
