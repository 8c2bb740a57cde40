"""The production hasher (accounts.hashers): tests run with MD5 for speed, so these build the
production list explicitly."""

import pytest
from django.contrib.auth.hashers import Argon2PasswordHasher, make_password

from accounts.hashers import PortalArgon2PasswordHasher
from accounts.models import User

PRODUCTION_HASHERS = [
    "accounts.hashers.PortalArgon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]


def test_a_new_password_is_argon2id_at_owasps_parameters(settings):
    settings.PASSWORD_HASHERS = PRODUCTION_HASHERS
    encoded = make_password("Candidat-Mot-de-passe-2021")
    assert encoded.startswith("argon2$argon2id$v=19$m=19456,t=2,p=1$")
    assert PortalArgon2PasswordHasher().verify("Candidat-Mot-de-passe-2021", encoded)
    assert not PortalArgon2PasswordHasher().verify("Candidat-Mot-de-passe-2022", encoded)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "older",
    [
        pytest.param(
            lambda password: Argon2PasswordHasher().encode(password, "saltsaltsalt"), id="django-argon2"
        ),
        pytest.param(lambda password: make_password(password, hasher="pbkdf2_sha256"), id="pbkdf2"),
    ],
)
def test_an_older_hash_still_logs_in_and_is_rewritten_at_owasps_parameters(settings, older):
    settings.PASSWORD_HASHERS = PRODUCTION_HASHERS
    user = User.objects.create(email="ancien@example.org", password=older("Ancien-Mot-de-passe-2020"))
    # What the login form's backend calls: a wrong password rewrites nothing, the right one does.
    assert not user.check_password("Ancien-Mot-de-passe-2022")
    assert not User.objects.get(pk=user.pk).password.startswith("argon2$argon2id$v=19$m=19456")
    assert user.check_password("Ancien-Mot-de-passe-2020")
    user.refresh_from_db()
    assert user.password.startswith("argon2$argon2id$v=19$m=19456,t=2,p=1$")
