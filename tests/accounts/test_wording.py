"""The account pages (allauth's) use the portal's words: the header says "Se connecter" /
"Log in" and "Créer un compte" / "Create an account", so do the pages it leads to."""

import re

import pytest
from django.conf import settings
from django.urls import reverse

pytestmark = pytest.mark.django_db


def _main_text(response) -> str:
    html = response.content.decode()
    main = html[html.index("<main") : html.index("</main>")]
    return " ".join(re.sub(r"<[^>]+>", " ", main).split())


@pytest.mark.parametrize(
    ("language", "login_words", "signup_words"),
    [
        (
            "fr",
            ["Se connecter", "Pas encore de compte ? Créez-en un d'abord.", "Adresse e-mail"],
            ["Créer un compte"],
        ),
        ("en", ["Log in", "No account yet? Create one first.", "Remember me"], ["Create an account"]),
    ],
)
def test_login_and_signup_pages_use_the_headers_words(client, language, login_words, signup_words):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    login_page = _main_text(client.get(reverse("account_login")))
    signup_page = _main_text(client.get(reverse("account_signup")))
    for words in login_words:
        assert words in login_page
    for words in signup_words:
        assert words in signup_page
    for allauth_words in ("Sign In", "Sign Up", "Connexion", "Création de compte", "Courriel"):
        assert allauth_words not in login_page + signup_page
