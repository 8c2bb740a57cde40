"""The production stack end to end: a portal process queues an e-mail, a real Celery
worker process delivers it through Redis, both on the same PostgreSQL database.

Marked `postgres`: the two processes must see the test database (SQLite's test database
lives in memory). CI runs it on this machine's PostgreSQL and Redis."""

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from notifications.enums import OutboxState
from notifications.models import OutboxMessage
from tests.factories import UserFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/14")
ROOT = Path(settings.BASE_DIR)

QUEUE_ONE_EMAIL = """
from accounts.models import User
from notifications.services import email_queue
email_queue(
    template_key="dossier.reminder_7d",
    recipient=User.objects.get(email="worker.test@example.org"),
    context={"candidate_name": "Wanda", "session": "Session 2021", "deadline": "9 mars 2021"},
    occasion="real-worker-test",
)
"""


@pytest.fixture
def stack_env(tmp_path, session_2021):
    """The environment of a production process on the test database, Redis, file e-mail."""
    db = connection.settings_dict
    host, port = db["HOST"] or "127.0.0.1", db["PORT"] or 5432
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.base",
        "DATABASE_URL": f"postgres://{db['USER']}@{host}:{port}/{db['NAME']}",
        "CELERY_BROKER_URL": REDIS_URL,
        "CELERY_TASK_ALWAYS_EAGER": "false",
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "EMAIL_FILE_PATH": str(tmp_path / "mail"),
        "LOG_LEVEL": "WARNING",
    }


@pytest.fixture
def worker(stack_env):
    celery = [sys.executable, "-m", "celery", "-A", "config"]
    subprocess.run(
        [*celery, "purge", "-f"], env=stack_env, cwd=ROOT, check=True, capture_output=True, timeout=60
    )
    process = subprocess.Popen(
        [*celery, "worker", "--pool=solo", "--loglevel=WARNING"],
        env=stack_env,
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    yield Path(stack_env["EMAIL_FILE_PATH"])
    process.terminate()
    process.communicate(timeout=30)


def test_an_email_is_delivered_by_a_real_worker_through_redis(worker, stack_env):
    UserFactory(email="worker.test@example.org", first_name="Wanda")
    subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", QUEUE_ONE_EMAIL],
        env=stack_env,
        cwd=ROOT,
        check=True,
        capture_output=True,
        timeout=120,
    )
    message = OutboxMessage.objects.get(template_key="dossier.reminder_7d")
    deadline = time.monotonic() + 60
    while message.state not in (OutboxState.SENT, OutboxState.FAILED) and time.monotonic() < deadline:
        time.sleep(0.5)
        message.refresh_from_db()
    assert message.state == OutboxState.SENT, (message.state, message.last_error)
    files = list(worker.glob("*.log"))
    assert len(files) == 1
    content = files[0].read_text()
    assert "To: worker.test@example.org" in content
    assert message.message_id in content
