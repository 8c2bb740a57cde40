"""Fault scripts (issue 14): real processes (a Celery worker, Redis, gunicorn) killed and
restarted around the portal. Marked `faults` and `postgres`: CI runs them on its PostgreSQL;
`benchmarks/faults.py` runs them at full size (FAULT_SCALE=full) and prints the counts.

The worker and the web run as subprocesses on the test database (the test is transactional
so that they see its rows) and a private Redis started here, never the shared one."""

import os

import pytest
from django.conf import settings

from benchmarks.stack import Redis, portal_env
from config.celery import app

FULL = os.environ.get("FAULT_SCALE") == "full"


def report(line: str) -> None:
    """The counts a fault script prints (visible with -s; collected by benchmarks/faults.py)."""
    print(f"FAULT {line}", flush=True)
    log = os.environ.get("FAULT_REPORT")
    if log:
        with open(log, "a") as out:
            out.write(line + "\n")


def database_url() -> str:
    db = settings.DATABASES["default"]
    return (
        f"postgres://{db['USER'] or 'postgres'}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    )


@pytest.fixture
def private_redis():
    redis = Redis().start()
    yield redis
    redis.close()


@pytest.fixture
def broker(private_redis, monkeypatch):
    """This process publishes its tasks to the private Redis (not eagerly), as the web does.
    Celery reads the CELERY_BROKER_URL environment variable before its configuration (CI
    sets it to the shared Redis), so the variable is pointed at the private Redis too."""
    monkeypatch.setenv("CELERY_BROKER_URL", private_redis.url)
    saved = (app.conf.broker_url, app.conf.task_always_eager)
    app.conf.broker_url, app.conf.task_always_eager = private_redis.url, False
    app._pool = None
    app.__dict__.pop("amqp", None)
    yield private_redis
    app.conf.broker_url, app.conf.task_always_eager = saved
    app._pool = None


@pytest.fixture
def worker_env(private_redis, tmp_path):
    def _env(**extra):
        return portal_env(
            database_url=database_url(),
            broker_url=private_redis.url,
            extra={
                "EMAIL_BACKEND": "benchmarks.counting_email_backend.CountingBackend",
                "BENCH_SENT_LOG": str(tmp_path / "sent.log"),
                **extra,
            },
        )

    return _env
