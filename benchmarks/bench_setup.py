"""What the benchmarks on PostgreSQL share: their environment, their own database (dropped,
created and migrated again at every run), a client logged in as a persona, the query counts
of a list page for several sizes, p50/p95 timings, and candidates and dossiers in bulk.

A benchmark runs as `.venv/bin/python benchmarks/<name>.py`: this folder is on the path, so
it imports `from bench_setup import …`; Django is set up by `setup_database`, so the
functions below import the portal's modules only when called.
"""

import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PG = "postgres://postgres@127.0.0.1:5432"


def bench_env(db_name: str, **overrides: str) -> dict[str, str]:
    """The environment of a benchmark on the database `db_name`: the local settings without
    DEBUG, Celery tasks queued (never run eagerly) on an in-memory broker unless
    `CELERY_BROKER_URL` says another, e-mails kept in memory, errors only in the log."""
    return {
        "DJANGO_SETTINGS_MODULE": "config.settings.local",
        "DJANGO_DEBUG": "false",
        "DATABASE_URL": f"{PG}/{db_name}",
        "CELERY_BROKER_URL": "memory://",
        "CELERY_TASK_ALWAYS_EAGER": "false",
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        "LOG_LEVEL": "ERROR",
        **overrides,
    }


def setup_database(db_name: str, env: dict[str, str]) -> None:
    """A fresh database `db_name`, migrated, with Django set up on `env`; static files served
    without a collected manifest (production's needs `collectstatic`)."""
    subprocess.run(["dropdb", "-h", "127.0.0.1", "-U", "postgres", "--if-exists", db_name], check=True)
    subprocess.run(["createdb", "-h", "127.0.0.1", "-U", "postgres", db_name], check=True)
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    call_command("migrate", verbosity=0)


_test_environment = False


def logged_in_client(user):
    """A test client logged in as `user` (no password, no second factor), the templates'
    contexts recorded (`response.context`)."""
    global _test_environment
    from django.test import Client
    from django.test.utils import setup_test_environment

    if not _test_environment:
        setup_test_environment()
        _test_environment = True
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


def page_query_counts(client, url: str, sizes, **params) -> dict[int, int]:
    """{size: the queries of the list page `url` showing `size` rows}: each size read once to
    warm up (session, content types), then counted; the page must show `size` rows."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    counts = {}
    for size in sizes:
        client.get(url, {"size": size})
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(url, {"size": size, **params})
        assert response.status_code == 200, response.status_code
        assert len(response.context["page"].object_list) == size
        counts[size] = len(ctx.captured_queries)
    return counts


def percentiles(times) -> tuple[float, float]:
    """(p50, p95) of `times`."""
    times = sorted(times)
    return statistics.median(times), times[max(int(len(times) * 0.95) - 1, 0)]


def timed_gets(client, url: str, requests: int, params=None) -> tuple[float, float]:
    """(p50, p95) in ms of `requests` GETs of `url`, each answered 200."""
    times = []
    for _ in range(requests):
        start = time.perf_counter()
        response = client.get(url, params or {})
        times.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    return percentiles(times)


def candidate_users(count: int, *, password: str = "", prefix: str = "cand", start: int = 0):
    """Candidates `start` to `start + count - 1` (bulk-created), `{prefix}00042@example.org`;
    `password` already hashed (`make_password`), or none."""
    from accounts.enums import Role
    from accounts.models import User

    return User.objects.bulk_create(
        User(
            email=f"{prefix}{i:05d}@example.org",
            first_name=f"Prénom{i}",
            last_name=f"Nom{prefix}{i:05d}",
            password=password,
            role=Role.CANDIDATE,
        )
        for i in range(start, start + count)
    )


def submitted_dossiers(campaign, count: int, *, password: str, prefix: str):
    """`count` candidates, each with a dossier submitted in the last days (no wish yet)."""
    import datetime as dt

    from django.utils import timezone

    from candidates.models import Application

    now = timezone.now()
    users = candidate_users(count, password=password)
    return Application.objects.bulk_create(
        Application(
            campaign=campaign,
            candidate=u,
            reference=f"{prefix}-{i:05d}",
            submitted_at=now - dt.timedelta(minutes=i),
            path_since_bac="DUT",
        )
        for i, u in enumerate(users)
    )


def session_cookie(user) -> str:
    """`name=value` of a fresh session signed in as `user`, made as a login would make it."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    store = SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.create()
    return f"{settings.SESSION_COOKIE_NAME}={store.session_key}"
