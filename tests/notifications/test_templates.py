"""E-mail templates: defaults in code, admins' versions per language, checked on save,
previewed with sample data; values typed by candidates escaped in the HTML part."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.html import escape

from core.models import AuditEntry
from notifications.enums import AuditAction
from notifications.models import EmailTemplate
from notifications.registry import all_templates, register_template
from notifications.rendering import validate_source
from notifications.services import email_queue
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def make(
    subject="Bonjour {{ candidate_name }}", body="Texte {{ motivation }}", key="tests.hello", language="fr"
):
    return EmailTemplate(key=key, language=language, subject=subject, body=body)


def test_values_are_escaped_in_the_html_part_even_with_the_safe_filter():
    EmailTemplate.objects.create(
        key="tests.hello",
        language="fr",
        subject="Objet",
        body="A: {{ motivation }}\nB: {{ motivation|safe }}",
    )
    user = UserFactory(first_name="<script>alert(1)</script>", last_name="X")
    message = email_queue(
        template_key="tests.hello", recipient=user, context={"motivation": '<img src=x onerror="steal()">'}
    )
    assert "<img" not in message.body_html and "<script>" not in message.body_html
    assert "&lt;img src=x onerror=&quot;steal()&quot;&gt;" in message.body_html
    assert '<img src=x onerror="steal()">' in message.body_text  # the text part is plain text


def test_an_admins_version_replaces_the_default_in_its_language_only():
    EmailTemplate.objects.create(
        key="tests.hello", language="en", subject="Hi {{ candidate_name }}!", body="New"
    )
    en = email_queue(template_key="tests.hello", recipient="a@example.org", context={}, language="en")
    fr = email_queue(template_key="tests.hello", recipient="b@example.org", context={})
    assert en.subject == "Hi !" and en.body_text == "New\n"
    assert fr.subject == "Bonjour"


def test_an_unknown_placeholder_is_refused_on_save_with_a_clear_message():
    with pytest.raises(ValidationError) as info:
        make(body="Bonjour {{ candidat_name }}").full_clean()
    assert "Variable inconnue « candidat_name »" in " ".join(info.value.message_dict["body"])
    assert "candidate_name" in " ".join(info.value.message_dict["body"])  # it lists what exists


@pytest.mark.parametrize(
    "body",
    [
        "{% if motivation %}{{ secret }}{% endif %}",
        "{% for x in motivation %}{{ x }}{% endfor %}{{ x }}",
        "{{ motivation|default:password }}",
        "{% if secret == 1 %}x{% endif %}",
    ],
)
def test_unknown_placeholders_are_refused_inside_tags_and_filters_too(body):
    with pytest.raises(ValidationError):
        make(body=body).full_clean()


def test_loops_and_conditions_on_known_placeholders_are_accepted():
    make(
        body="{% if motivation %}{% for c in motivation %}{{ c }}{{ forloop.counter }}{% endfor %}{% endif %}"
    ).full_clean()


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("Bonjour {{ candidate_name", "erreur de syntaxe"),
        ("{% if motivation %}sans fin", "erreur de syntaxe"),
        ("{{ motivation|nosuchfilter }}", "erreur de syntaxe"),
        ('{% include "base.html" %}', "n'est pas autorisée"),
        ("{% load static %}{% static 'x' %}", "erreur de syntaxe"),
    ],
)
def test_a_syntax_error_or_a_forbidden_tag_is_refused_on_save(body, expected):
    with pytest.raises(ValidationError) as info:
        make(body=body).full_clean()
    assert expected in " ".join(info.value.message_dict["body"]).lower()


def test_defaults_in_code_are_checked_at_registration():
    with pytest.raises(ValidationError):
        register_template(
            "tests.bad",
            label="bad",
            placeholders={},
            subject="x",
            body="{{ oops }}",
        )


def test_every_default_text_is_translated_and_valid_in_every_language():
    """The defaults are gettext strings: French from locale/fr, English from the code."""
    specs = [spec for spec in all_templates() if not spec.key.startswith("tests.")]
    keys = {spec.key for spec in specs}
    assert keys >= {"dossier.acknowledgment", "dossier.reminder_7d", "payment.confirmed", "referee.request"}
    for spec in specs:
        (subject_fr, body_fr), (subject_en, body_en) = spec.default_for("fr"), spec.default_for("en")
        assert body_fr.startswith("Bonjour") and body_en.startswith("Hello"), spec.key
        assert subject_fr != subject_en, spec.key
        for source in (subject_fr, body_fr, subject_en, body_en):
            validate_source(source, spec.allowed_placeholders)


def test_admin_preview_renders_with_sample_data_and_saves_nothing(personas, login):
    client = login(personas.admin)
    url = reverse("admin:notifications_emailtemplate_add")
    response = client.post(
        url,
        {
            "key": "tests.hello",
            "language": "fr",
            "subject": "Bonjour {{ candidate_name }}",
            "body": "Vous avez écrit : {{ motivation }}",
            "_preview": "1",
        },
    )
    assert response.status_code == 200
    assert EmailTemplate.objects.count() == 0
    preview = response.context["preview"]
    assert preview["subject"] == "Bonjour [Nom complet du destinataire (s'il a un compte)]"
    assert "Vous avez écrit : [What the candidate wrote]" in preview["text"]  # a test-only template
    page = response.content.decode()
    # A preview is not an error: an information message, no error banner.
    assert 'class="errornote"' not in page
    assert escape("Aperçu ci-dessous : rien n'est enregistré") in page


def test_admin_save_with_an_unknown_placeholder_is_refused_and_a_good_one_is_audited(personas, login):
    client = login(personas.admin)
    url = reverse("admin:notifications_emailtemplate_add")
    data = {"key": "tests.hello", "language": "en", "subject": "Hi", "body": "{{ nope }}", "_save": "1"}
    response = client.post(url, data)
    assert response.status_code == 200 and EmailTemplate.objects.count() == 0
    assert "nope" in response.content.decode()
    response = client.post(url, {**data, "body": "Hello {{ candidate_name }}"})
    assert response.status_code == 302
    template = EmailTemplate.objects.get()
    assert AuditEntry.objects.get(action=AuditAction.EMAIL_TEMPLATE_CREATE).object_id == str(template.pk)


def test_admin_add_form_starts_from_the_default_content(personas, login):
    client = login(personas.admin)
    response = client.get(reverse("admin:notifications_emailtemplate_add") + "?key=tests.hello&language=en")
    assert "You wrote: {{ motivation }}" in response.content.decode()


def test_addresses_become_links_in_the_html_part_and_stay_escaped():
    message = email_queue(
        template_key="tests.hello",
        recipient="a@example.org",
        context={"motivation": 'voir https://example.org/d?a=1&b=2. et "http://x.org/<script>"'},
    )
    assert (
        '<a href="https://example.org/d?a=1&amp;b=2">https://example.org/d?a=1&amp;b=2</a>.'
        in message.body_html
    )
    assert "<script>" not in message.body_html


def test_an_admins_edit_applies_at_once_despite_the_template_cache():
    email_queue(template_key="tests.hello", recipient="a@example.org", context={})  # caches "no version"
    template = EmailTemplate.objects.create(key="tests.hello", language="fr", subject="V1", body="b")
    assert email_queue(template_key="tests.hello", recipient="b@example.org", context={}).subject == "V1"
    template.subject = "V2"
    template.save()
    assert email_queue(template_key="tests.hello", recipient="c@example.org", context={}).subject == "V2"
    template.delete()
    assert email_queue(template_key="tests.hello", recipient="d@example.org", context={}).subject == "Bonjour"
