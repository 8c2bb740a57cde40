# ruff: noqa: S607, S608 - psql from PATH on table names of this test (no user input)
"""Backup and restore (issue 14): scripts/backup.sh then scripts/restore.sh into an empty
database and an empty media folder find every dossier, document (row and file), decision
and e-mail of the demo."""

import os
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from candidates.models import Application, Document
from jury.models import Decision
from notifications.models import OutboxMessage

from .conftest import database_url, report

pytestmark = [pytest.mark.faults, pytest.mark.postgres, pytest.mark.django_db(transaction=True)]
ROOT = Path(__file__).resolve().parent.parent.parent


class _Sink:
    def write(self, text):
        return len(text)

    def flush(self):
        pass


def _psql(url, sql):
    return subprocess.run(
        ["psql", url, "-tAc", sql], check=True, capture_output=True, text=True
    ).stdout.split()


def test_backup_restores_every_dossier_document_decision_and_email_into_empty_storage(tmp_path):
    call_command("load_demo", history=10, candidates=10, stdout=_Sink())
    media = Path(settings.STORAGES["default"]["OPTIONS"]["location"])
    expected = {
        "candidates_application": sorted(str(pk) for pk in Application.objects.values_list("pk", flat=True)),
        "candidates_document": sorted(str(pk) for pk in Document.objects.values_list("pk", flat=True)),
        "jury_decision": sorted(str(pk) for pk in Decision.objects.values_list("pk", flat=True)),
        "notifications_outboxmessage": sorted(
            str(pk) for pk in OutboxMessage.objects.values_list("pk", flat=True)
        ),
    }
    files = sorted(Document.objects.values_list("file", flat=True))
    assert all(expected.values()) and files

    source = database_url()
    restored_db = f"{settings.DATABASES['default']['NAME']}_restored"
    restored = source.rsplit("/", 1)[0] + f"/{restored_db}"
    admin = source.rsplit("/", 1)[0] + "/postgres"
    subprocess.run(
        ["psql", admin, "-c", f'DROP DATABASE IF EXISTS "{restored_db}"'], check=True, capture_output=True
    )
    subprocess.run(["psql", admin, "-c", f'CREATE DATABASE "{restored_db}"'], check=True, capture_output=True)
    backup, restored_media = tmp_path / "backup", tmp_path / "restored-media"
    env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
    try:
        subprocess.run(
            ["bash", "scripts/backup.sh", str(backup)],
            cwd=ROOT,
            check=True,
            capture_output=True,
            env={**env, "DATABASE_URL": source, "MEDIA_ROOT": str(media)},
        )
        subprocess.run(
            ["bash", "scripts/restore.sh", str(backup)],
            cwd=ROOT,
            check=True,
            capture_output=True,
            env={**env, "DATABASE_URL": restored, "MEDIA_ROOT": str(restored_media)},
        )
        found = {table: sorted(_psql(restored, f"SELECT id FROM {table}")) for table in expected}
        restored_files = sorted(_psql(restored, "SELECT file FROM candidates_document"))
    finally:
        subprocess.run(["psql", admin, "-c", f'DROP DATABASE IF EXISTS "{restored_db}"'], capture_output=True)
    missing_files = [name for name in restored_files if not (restored_media / name).is_file()]
    report(
        "backup/restore: "
        + ", ".join(f"{table} {len(found[table])}/{len(ids)}" for table, ids in expected.items())
        + f", files {len(restored_files) - len(missing_files)}/{len(files)}"
    )
    assert found == expected
    assert restored_files == files and not missing_files
    assert all((restored_media / name).read_bytes() == (media / name).read_bytes() for name in files)
