"""Fixtures shared by the whole suite.

- `personas`: the seven people of the permission matrix (anonymous, candidate A and B,
  jury of program X and of program Y, CFA staff, admin), staff with TOTP set up.
- `session_2021`: the demo session exactly as `load_demo` writes it.
- `browser_page` (tests/browser/conftest.py): Playwright on Debian's Chromium, with `axe`.
"""

import os
from dataclasses import dataclass

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP
from django.conf import settings
from django.core.cache import cache
from django.db import connection

from accounts.enums import Role
from admissions.demo import load_session_2021
from admissions.models import Program
from tests.factories import UserFactory

# Playwright's sync API runs an event loop in the test thread; live_server is a thread.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(config, items):
    """Tests marked `postgres` skip on SQLite on a laptop, but never silently in CI: with
    REQUIRE_POSTGRES set (by .ci/run), running them on SQLite is an error."""
    on_postgres = settings.DATABASES["default"]["ENGINE"].endswith("postgresql")
    if on_postgres:
        return
    if settings.REQUIRE_POSTGRES:
        raise pytest.UsageError("REQUIRE_POSTGRES is set but DATABASE_URL is not PostgreSQL.")
    skip = pytest.mark.skip(reason="needs PostgreSQL: set DATABASE_URL (CI always does)")
    for item in items:
        if "postgres" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    """Each test writes uploads to its own folder."""
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path / "media"},
        },
    }


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Rate limits (allauth) and TOTP codes live in the cache: each test starts clean."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def session_2021(db):
    return load_session_2021()


def activate_totp(user):
    if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
        TOTP.activate(user, "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP")
    return user


@dataclass
class Personas:
    candidate_a: object
    candidate_b: object
    jury_x: object
    jury_y: object
    president: object
    cfa: object
    admin: object
    program_x: object
    program_y: object

    def by_name(self):
        return {
            "anonymous": None,
            "candidate_a": self.candidate_a,
            "candidate_b": self.candidate_b,
            "jury_x": self.jury_x,
            "jury_y": self.jury_y,
            "cfa": self.cfa,
            "admin": self.admin,
        }


@pytest.fixture
def personas(session_2021):
    program_x = Program.objects.get(code="bat")
    program_y = Program.objects.get(code="infres")
    jury_x = activate_totp(UserFactory(email="jury.x@example.org", role=Role.JURY_MEMBER))
    jury_y = activate_totp(UserFactory(email="jury.y@example.org", role=Role.JURY_MEMBER))
    president = activate_totp(UserFactory(email="president@example.org", role=Role.JURY_PRESIDENT))
    jury_x.jury_programs.set([program_x])
    jury_y.jury_programs.set([program_y])
    president.jury_programs.set([program_x, program_y])
    return Personas(
        candidate_a=UserFactory(email="candidate.a@example.org"),
        candidate_b=UserFactory(email="candidate.b@example.org"),
        jury_x=jury_x,
        jury_y=jury_y,
        president=president,
        cfa=activate_totp(UserFactory(email="cfa@example.org", role=Role.CFA_STAFF)),
        admin=activate_totp(UserFactory(email="admin@example.org", role=Role.ADMIN, is_superuser=True)),
        program_x=program_x,
        program_y=program_y,
    )


@pytest.fixture
def login(client):
    """`login(user)` returns a test client logged in as `user` (two-factor already passed)."""

    def _login(user):
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        return client

    return _login


@pytest.fixture
def on_postgres():
    return connection.vendor == "postgresql"
