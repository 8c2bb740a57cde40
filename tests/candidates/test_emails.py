"""Every e-mail the portal sends (its own and allauth's): links to where the portal runs, the
school's name in the portal's words, a text part and one HTML layout, in French and English
(issue 16, "E-mails"; R-DOSSIER-3 the acknowledgment, R-DOSSIER-6 the referee's request)."""

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from allauth.account.adapter import get_adapter
from django.conf import settings as django_settings
from django.urls import reverse

from candidates import services
from notifications.models import EmailTemplate, OutboxMessage
from tests.candidates.factories import fill_dossier, pay
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

ELSEWHERE = "http://127.0.0.1:8010"  # `make run PORT=8010`: not the default port, not the request's host
URL = re.compile(r"https?://[^\s<>\"']+")
HEADER = {"fr": "Portail des admissions", "en": "Admissions portal"}


def _run_on_commit(django_capture_on_commit_callbacks, action):
    """Run `action` and every on-commit callback it leads to (the acknowledgment is queued
    by a task that runs after the submission's commit)."""
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        action()
    for _round in range(3):
        if not callbacks:
            break
        with django_capture_on_commit_callbacks(execute=True) as callbacks:
            pass


def _send_every_kind(client, candidate, session_2021, language, django_capture_on_commit_callbacks):
    """The referee's request, the acknowledgment, allauth's confirmation at sign-up, its
    "you already have an account", its password reset and its "no account for this
    address", from pages in `language`."""
    candidate.preferred_language = language
    candidate.save(update_fields=["preferred_language"])

    def submit():
        application = fill_dossier(candidate, session_2021, programs=("bat", "infres"))
        pay(application, candidate)
        services.application_submit(application=application, actor=candidate)

    _run_on_commit(django_capture_on_commit_callbacks, submit)
    client.cookies["portal_language"] = language
    signup = {
        "email": "lea.martin@example.org",
        "first_name": "Léa",
        "last_name": "Martin",
        "password1": "un-mot-de-passe-solide",
        "password2": "un-mot-de-passe-solide",
    }
    for address in ("lea.martin@example.org", candidate.email):  # a new address, then one with an account
        with django_capture_on_commit_callbacks(execute=True):
            assert client.post(reverse("account_signup"), {**signup, "email": address}).status_code == 302
    for email in (candidate.email, "nobody@example.org"):
        with django_capture_on_commit_callbacks(execute=True):
            assert client.post(reverse("account_reset_password"), {"email": email}).status_code == 302
    return {message.template_key: message for message in OutboxMessage.objects.order_by("pk")}


KINDS = {
    "referee.request",
    "dossier.acknowledgment",
    "allauth.email_confirmation_signup",
    "allauth.password_reset_key",
    "allauth.unknown_account",
    "allauth.account_already_exists",
}


@pytest.mark.parametrize("language", ["fr", "en"])
def test_every_email_links_to_the_portals_one_address(
    client, settings, candidate, session_2021, during_session, language, django_capture_on_commit_callbacks
):
    """The portal's address comes from SITE_URL (set by the run command), not from the
    default port nor from the host of the request that caused the e-mail (allauth's)."""
    settings.SITE_URL = ELSEWHERE
    sent = _send_every_kind(client, candidate, session_2021, language, django_capture_on_commit_callbacks)
    assert set(sent) >= KINDS
    for key, message in sent.items():
        links = URL.findall(message.body_text) + URL.findall(message.body_html)
        assert links, key
        assert [link for link in links if not link.startswith(ELSEWHERE + "/")] == [], key
    assert "/candidat/avis/" in sent["referee.request"].body_text
    assert f"{ELSEWHERE}/accounts/confirm-email/" in sent["allauth.email_confirmation_signup"].body_text
    assert f"{ELSEWHERE}/accounts/password/reset/key/" in sent["allauth.password_reset_key"].body_text
    assert f"{ELSEWHERE}/accounts/signup/" in sent["allauth.unknown_account"].body_text
    assert f"{ELSEWHERE}/accounts/password/reset/" in sent["allauth.account_already_exists"].body_text


@pytest.mark.parametrize(
    ("language", "words"),
    [
        (
            "fr",
            {
                "allauth.email_confirmation_signup": "Confirmez votre adresse e-mail",
                "allauth.password_reset_key": "Choisissez un nouveau mot de passe",
                "allauth.unknown_account": "Aucun compte pour cette adresse",
                "allauth.account_already_exists": "Vous avez déjà un compte",
            },
        ),
        (
            "en",
            {
                "allauth.email_confirmation_signup": "Confirm your e-mail address",
                "allauth.password_reset_key": "Choose a new password",
                "allauth.unknown_account": "No account for this address",
                "allauth.account_already_exists": "You already have an account",
            },
        ),
    ],
)
def test_every_email_speaks_for_the_school_with_a_text_part_and_the_one_layout(
    client,
    settings,
    candidate,
    session_2021,
    during_session,
    language,
    words,
    django_capture_on_commit_callbacks,
):
    """No empty site name ("Bonjour, c'est  !", "Hello from !", "Password Reset Email"):
    allauth's e-mails are written in the portal's words, in the page's language; each one
    has a plain-text part and an HTML part in the layout (school's name, portal's address)."""
    sent = _send_every_kind(client, candidate, session_2021, language, django_capture_on_commit_callbacks)
    assert set(sent) >= KINDS
    for key, message in sent.items():
        assert message.language == language, key
        assert "IMT Mines Alès" in message.body_text, key
        for empty in ("c'est  !", "Merci d'utiliser  !", "Hello from !", "Thank you for using !", " !"):
            assert empty not in message.body_text.replace("\n", " "), (key, empty)
        assert "Password Reset Email" not in message.subject
        assert "<" not in message.body_text, key  # a real text part, not HTML
        html = message.body_html
        assert html.startswith("<!DOCTYPE html>") and f'<html lang="{language}">' in html, key
        assert f"<strong>IMT Mines Alès</strong> – {HEADER[language]}" in html, key
        assert f'<a href="{settings.SITE_URL}/">{settings.SITE_URL}/</a>' in html, key
    for key, subject in words.items():
        assert subject in sent[key].subject, key
    greeting = {"fr": "Bonjour Camille Martin", "en": "Hello Camille Martin"}[language]
    assert sent["allauth.password_reset_key"].body_text.startswith(greeting)


@pytest.mark.parametrize(
    ("language", "wishes", "not_words"),
    [
        ("fr", ["- Bâtiment – 1re année", "- Informatique et Réseaux – 1re année"], ["courriel", "1st year"]),
        (
            "en",
            ["- Building engineering – 1st year", "- Computer science and networks – 1st year"],
            ["1re année"],
        ),
    ],
)
def test_R_DOSSIER_3_acknowledgment_lists_the_wishes_by_program_name_and_the_reference(
    client,
    candidate,
    session_2021,
    during_session,
    language,
    wishes,
    not_words,
    django_capture_on_commit_callbacks,
):
    sent = _send_every_kind(client, candidate, session_2021, language, django_capture_on_commit_callbacks)
    ack = sent["dossier.acknowledgment"]
    reference = candidate.applications.get().reference
    assert reference in ack.subject and reference in ack.body_text
    for line in wishes:
        assert line in ack.body_text.splitlines()
    assert not re.search(r"\b(BAT|INFRES)\b", ack.body_text)  # programs by their names, never codes
    for word in not_words:
        assert word.lower() not in ack.body_text.lower()
    assert "e-mail" in ack.body_text
    assert wishes[0][2:] in ack.body_html


def test_an_admins_version_of_allauths_email_is_sent(
    client, candidate, session_2021, during_session, django_capture_on_commit_callbacks
):
    """allauth's e-mails are registered templates: an admin's version replaces the default,
    with the same placeholders."""
    EmailTemplate.objects.create(
        key="allauth.password_reset_key",
        language="fr",
        subject="Votre nouveau mot de passe",
        body="Bonjour {{ candidate_name }}, le lien : {{ password_reset_url }}",
    )
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("account_reset_password"), {"email": candidate.email})
    message = OutboxMessage.objects.get(template_key="allauth.password_reset_key")
    assert message.subject == "Votre nouveau mot de passe"
    assert message.body_text.startswith("Bonjour Camille Martin, le lien : http")
    assert "/accounts/password/reset/key/" in message.body_html


def test_allauths_other_emails_keep_the_portals_greeting_signature_and_layout(db, settings):
    """An allauth e-mail the registry does not know (a change notification) is still
    signed by the school, without allauth's empty site name, in the layout."""
    user = UserFactory(email="someone@example.org")
    get_adapter().send_mail(
        "account/email/password_changed",
        user.email,
        {"user": user, "ip": "192.0.2.1", "user_agent": "Firefox", "timestamp": "now"},
    )
    message = OutboxMessage.objects.get(template_key="allauth.password_changed")
    assert message.body_text.startswith("Bonjour,")
    assert message.body_text.rstrip().endswith("Le service des admissions, IMT Mines Alès")
    assert "c'est  !" not in message.body_text and "Merci d'utiliser" not in message.body_text
    assert "<strong>IMT Mines Alès</strong> – Portail des admissions" in message.body_html


def _without_site_url():
    return {name: value for name, value in os.environ.items() if name != "SITE_URL"}


def test_the_run_command_gives_the_portals_address_to_every_process():
    """`make run PORT=8010` serves on 8010 and tells the web, the worker and beat so (scripts/serve.sh
    exports SITE_URL before starting the three); a SITE_URL given explicitly wins."""
    root = Path(django_settings.BASE_DIR)
    make = subprocess.run(
        [shutil.which("make"), "-n", "serve", "PORT=8010"],
        cwd=root,
        env=_without_site_url(),
        capture_output=True,
        text=True,
    )
    assert "SITE_URL=http://127.0.0.1:8010 bash scripts/serve.sh 127.0.0.1 8010" in make.stdout
    script = (root / "scripts/serve.sh").read_text()
    export = next(line for line in script.splitlines() if line.startswith("export SITE_URL="))
    assert script.index(export) < script.index("celery -A config worker")
    for given, expected in (
        ("", "http://0.0.0.0:8010"),
        ("https://admissions.example.org", "https://admissions.example.org"),
    ):
        shell = subprocess.run(
            [
                shutil.which("bash"),
                "-c",
                f'HOST=0.0.0.0 PORT=8010 SITE_URL="{given}"; {export}; echo "$SITE_URL"',
            ],
            capture_output=True,
            text=True,
        )
        assert shell.stdout.strip() == expected


def test_production_refuses_to_start_without_the_portals_address(tmp_path):
    env = {
        **_without_site_url(),
        "DJANGO_SECRET_KEY": "x",
        "DJANGO_ALLOWED_HOSTS": "x",
        "DATABASE_URL": f"sqlite:///{tmp_path}/db.sqlite3",
        "CELERY_BROKER_URL": "memory://",
    }
    result = subprocess.run(
        [sys.executable, "-c", "import config.settings.production"],
        cwd=django_settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0 and "Set the SITE_URL environment variable" in result.stderr


@pytest.mark.parametrize(
    ("language", "named"), [("fr", "Bâtiment – 1re année"), ("en", "Building engineering – 1st year")]
)
def test_R_FEES_3_withdrawal_email_names_the_program_not_its_code(
    client, candidate, session_2021, during_session, language, named, django_capture_on_commit_callbacks
):
    sent = _send_every_kind(client, candidate, session_2021, language, django_capture_on_commit_callbacks)
    assert "dossier.acknowledgment" in sent
    reference = candidate.applications.get().reference
    wish = candidate.applications.get().wishes.get(intake__program__code="bat")
    with django_capture_on_commit_callbacks(execute=True):
        services.wish_withdraw(wish=wish, actor=candidate)
    message = OutboxMessage.objects.get(template_key="dossier.withdrawn")
    assert f"{named} (" in message.body_text and reference in message.body_text
    assert not re.search(r"\bBAT\b", message.body_text)


def test_an_admin_previews_allauths_email_and_cannot_use_a_placeholder_it_lacks(personas, login):
    client = login(personas.admin)
    url = reverse("admin:notifications_emailtemplate_add")
    data = {
        "key": "allauth.password_reset_key",
        "language": "fr",
        "subject": "Nouveau mot de passe",
        "body": "Bonjour {{ candidate_name }}, le lien : {{ password_reset_url }}",
    }
    response = client.post(url, {**data, "_preview": "1"})
    assert response.status_code == 200 and EmailTemplate.objects.count() == 0
    preview = response.context["preview"]
    assert "le lien : [Lien vers la page qui définit le nouveau mot de passe]" in preview["text"]
    assert "<strong>IMT Mines Alès</strong> – Portail des admissions" in preview["html"]
    response = client.post(url, {**data, "body": "{{ activate_url }}", "_save": "1"})
    assert response.status_code == 200 and EmailTemplate.objects.count() == 0
    assert "activate_url" in response.content.decode()
