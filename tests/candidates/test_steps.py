"""The dossier steps: each POST saves at once; bad input refused with a clear message."""

import datetime as dt
import re

import pytest
from django.urls import reverse

from candidates.enums import ScholarshipStatus, TitleChoice
from candidates.models import Application
from tests.candidates.factories import listed_title

pytestmark = pytest.mark.django_db


@pytest.fixture
def client_a(candidate, login, session_2021, during_session):
    return login(candidate)


IDENTITY = {
    "first_name": "Camille",
    "last_name": "Martin",
    "birth_date": "2000-05-17",
    "phone": "+33 6 12 34 56 78",
    "address": "1 rue de la Paix",
    "nationality": "française",
}


def test_identity_step_saves_immediately(client_a, candidate):
    response = client_a.post(reverse("candidates:identity", args=[2021]), IDENTITY)
    assert response.status_code == 302
    application = Application.objects.get(candidate=candidate)
    assert application.birth_date == dt.date(2000, 5, 17)
    assert application.phone == "+33 6 12 34 56 78"
    # reopening the step shows what was saved
    page = client_a.get(reverse("candidates:identity", args=[2021])).content.decode()
    assert 'value="2000-05-17"' in page


def test_birth_date_in_the_future_is_refused(client_a, candidate):
    response = client_a.post(
        reverse("candidates:identity", args=[2021]), {**IDENTITY, "birth_date": "2030-01-01"}
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert "birth_date" in form.errors
    assert 'aria-describedby="id_birth_date_error"' in response.content.decode()
    assert Application.objects.get(candidate=candidate).birth_date is None


def test_bad_phone_is_refused(client_a):
    response = client_a.post(
        reverse("candidates:identity", args=[2021]), {**IDENTITY, "phone": "call me maybe"}
    )
    assert "phone" in response.context["form"].errors


def title_data(session, **extra):
    return {
        "title_choice": TitleChoice.LISTED,
        "listed_title": str(listed_title(session).pk),
        "title_name": "",
        "title_description": "",
        "title_establishment": "Lycée",
        "ects": "120",
        **extra,
    }


@pytest.mark.parametrize("ects", ["-5", "601", "100000", "abc"])
def test_ects_negative_or_absurd_is_refused(client_a, candidate, session_2021, ects):
    response = client_a.post(reverse("candidates:title", args=[2021]), title_data(session_2021, ects=ects))
    assert response.status_code == 200
    assert "ects" in response.context["form"].errors
    assert Application.objects.get(candidate=candidate).ects is None


def test_title_step_saves(client_a, candidate, session_2021):
    response = client_a.post(
        reverse("candidates:title", args=[2021]), title_data(session_2021, title_in_progress="on")
    )
    assert response.status_code == 302
    application = Application.objects.get(candidate=candidate)
    assert application.ects == 120 and application.title_in_progress
    assert application.listed_title == listed_title(session_2021)


def test_other_french_title_needs_a_name_and_description(client_a, session_2021):
    response = client_a.post(
        reverse("candidates:title", args=[2021]),
        title_data(session_2021, title_choice=TitleChoice.OTHER_FRENCH, listed_title=""),
    )
    errors = response.context["form"].errors
    assert "title_name" in errors and "title_description" in errors


def test_scholarship_declaration_sets_declared(client_a, candidate):
    client_a.post(reverse("candidates:scholarship", args=[2021]), {"declared": "1"})
    assert Application.objects.get(candidate=candidate).scholarship_status == ScholarshipStatus.DECLARED
    client_a.post(reverse("candidates:scholarship", args=[2021]), {"declared": "0"})
    assert Application.objects.get(candidate=candidate).scholarship_status == ScholarshipStatus.NONE


def test_R_TEST_6_consents_are_timestamped(client_a, candidate):
    client_a.post(reverse("candidates:consents", args=[2021]), {"share": "on", "recording": "on"})
    application = Application.objects.get(candidate=candidate)
    assert application.consent_share_at is not None and application.consent_recording_at is not None
    first = application.consent_share_at
    client_a.post(reverse("candidates:consents", args=[2021]), {"share": "on", "recording": "on"})
    assert Application.objects.get(candidate=candidate).consent_share_at == first  # kept, not refreshed
    client_a.post(reverse("candidates:consents", args=[2021]), {"share": "on"})
    assert Application.objects.get(candidate=candidate).consent_recording_at is None


def test_path_step_refuses_future_bac_year(client_a):
    response = client_a.post(
        reverse("candidates:path", args=[2021]),
        {"bac_series": "S", "bac_year": "2099", "path_since_bac": "x"},
    )
    assert "bac_year" in response.context["form"].errors


@pytest.mark.parametrize(
    "name",
    [
        "candidates:identity",
        "candidates:path",
        "candidates:title",
        "candidates:scholarship",
        "candidates:wishes",
        "candidates:documents",
        "candidates:referees",
        "candidates:consents",
        "candidates:review",
    ],
)
def test_every_step_renders_in_french(client_a, name):
    response = client_a.get(reverse(name, args=[2021]))
    assert response.status_code == 200
    assert response.content.decode().count("<h1") == 1


def test_save_and_continue_opens_the_next_step(client_a):
    """Issue 16: "Enregistrer et continuer" saves and goes to the next step; "Enregistrer" stays."""
    response = client_a.post(reverse("candidates:identity", args=[2021]), {**IDENTITY, "continue": ""})
    assert response.status_code == 302
    assert response["Location"] == reverse("candidates:path", args=[2021])
    response = client_a.post(reverse("candidates:identity", args=[2021]), IDENTITY)
    assert response["Location"] == reverse("candidates:identity", args=[2021])


def test_the_step_list_marks_done_steps_and_folds_on_a_phone(client_a):
    client_a.post(reverse("candidates:identity", args=[2021]), IDENTITY)
    html = client_a.get(reverse("candidates:path", args=[2021])).content.decode()
    assert 'Identité et coordonnées<span class="visually-hidden"> (terminé)</span>' in html
    assert "Titre obtenu ou en cours<span" not in html  # not done: no mark
    phone = re.search(
        r'<details class="d-lg-none[^"]*" data-testid="steps-phone">(.*?)</details>', html, re.S
    )
    done = phone.group(1).count("(terminé)")
    assert done >= 1 and f"Étapes du dossier ({done} sur 9 terminées)" in phone.group(1)
    assert "<details open" not in html  # folded until the candidate opens it
    assert 'name="continue"' in html and "Enregistrer et continuer" in html


def test_title_options_read_once_on_the_step_and_the_public_page(client_a, client):
    """Issue 16: a title's kind is said once: "DUT Informatique", but "Autre classe
    préparatoire scientifique" (not twice) and "M1 validé…" (not after "Master 1 (M1)…")."""
    step = client_a.get(reverse("candidates:title", args=[2021])).content.decode()
    public = client.get(reverse("admissions:programs")).content.decode()
    for html in (step, public):
        assert "DUT Informatique" in html
        assert "Autre classe préparatoire scientifique" in html
        assert "Autre classe préparatoire scientifique Autre classe" not in html
        assert "Autre classe préparatoire scientifique: Autre classe" not in html
    assert ">Autre classe préparatoire scientifique</option>" in step
    assert "M1 validé dans le domaine, ou 4 années après le bac" in public
    assert "ou 4 années après le bac: M1" not in public and "ou 4 années après le bac M1" not in public
