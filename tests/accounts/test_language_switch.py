"""The header's language switch is remembered on the account, so that later e-mails and
PDFs (written in the recipient's preferred language) follow the person's last choice."""

import pytest

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_switching_to_english_updates_the_preferred_language(client):
    user = UserFactory(email="lang@example.org", preferred_language="fr")
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/candidat/"})
    assert response.status_code == 302 and response["Location"] == "/candidat/"
    assert response.cookies["portal_language"].value == "en"
    user.refresh_from_db()
    assert user.preferred_language == "en"


def test_anonymous_switch_and_unknown_language_change_no_account(client):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert response.cookies["portal_language"].value == "en"
    user = UserFactory(email="lang2@example.org", preferred_language="fr")
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    client.post("/i18n/setlang/", {"language": "de", "next": "/"})
    user.refresh_from_db()
    assert user.preferred_language == "fr"
