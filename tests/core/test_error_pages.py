"""Error pages speak the portal's language and layout, say what happened and give a way
on (bad input gets a clear message): unknown page or someone else's object (404),
refused (403), an expired form (CSRF), a request not understood (400), a server error."""

import pytest
from django.test import Client
from django.urls import reverse

from accounts.enums import Role

pytestmark = pytest.mark.django_db


def _page(response) -> str:
    return response.content.decode()


def test_unknown_page_is_a_404_in_french_in_the_portal_layout(client):
    response = client.get("/nulle-part/")
    assert response.status_code == 404
    page = _page(response)
    assert "<h1>Page introuvable</h1>" in page
    assert '<html lang="fr">' in page and 'name="viewport"' in page
    assert 'href="/formations/"' in page  # the portal's menu


def test_404_in_english_for_an_english_reader(client, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.get("/nulle-part/")
    assert response.status_code == 404
    assert "<h1>Page not found</h1>" in _page(response)


def test_a_page_of_another_role_is_a_404_that_leads_back_to_the_candidates_own_space(personas, login):
    response = login(personas.candidate_a).get(reverse("jury:home", args=[2021]))
    assert response.status_code == 404
    page = _page(response)
    assert "<h1>Page introuvable</h1>" in page
    assert f'href="{reverse("accounts:home")}"' in page  # "Mon espace", which leads to their home
    assert login(personas.candidate_a).get(reverse("accounts:home"))["Location"] == reverse("candidates:home")


def test_permission_denied_is_a_403_page(personas, login):
    assert personas.admin.role == Role.ADMIN
    response = login(personas.admin).get(reverse("admin:core_auditentry_add"))  # the audit log is append-only
    assert response.status_code == 403
    page = _page(response)
    assert "<h1>Accès refusé</h1>" in page
    assert f'href="{reverse("accounts:home")}"' in page


def test_expired_form_says_nothing_was_saved_and_how_to_send_it_again(personas):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(personas.candidate_a, backend="django.contrib.auth.backends.ModelBackend")
    browser.get(reverse("candidates:home"))  # the page sets the CSRF cookie
    response = browser.post(reverse("account_logout"), {"csrfmiddlewaretoken": "from-an-old-tab" * 4})
    assert response.status_code == 403
    page = _page(response)
    assert "<h1>Ce formulaire a expiré</h1>" in page
    assert "Rien n'a été enregistré" in page
    assert "refuser les cookies" not in page
    assert browser.get(reverse("candidates:home")).status_code == 200  # still logged in: nothing done


def test_expired_form_without_cookies_mentions_cookies(personas):
    browser = Client(enforce_csrf_checks=True)
    response = browser.post(reverse("account_login"), {"login": "a@example.org", "password": "x"})
    assert response.status_code == 403
    assert "refuser les cookies" in _page(response)


def test_a_request_not_understood_is_a_400_page(client, settings):
    settings.ALLOWED_HOSTS = ["testserver"]
    response = client.get("/", HTTP_HOST="ailleurs.example")
    assert response.status_code == 400
    assert "<h1>Requête incomprise</h1>" in _page(response)


@pytest.mark.urls("tests.core.error_urls")
def test_server_error_page_is_calm_and_in_the_readers_language(client):
    client.raise_request_exception = False
    response = client.get("/panne/")
    assert response.status_code == 500
    page = _page(response)
    assert '<html lang="fr">' in page and "<h1>Erreur du serveur</h1>" in page
    assert "Ce que vous aviez enregistré est en sécurité." in page
