"""Referees (R-DOSSIER-6): private expiring signed link, confidential answers, one answer,
rate-limited reminders."""

import datetime as dt
import json

import pytest
import time_machine
from django.urls import reverse

from candidates import services
from candidates.enums import RefereeKind, RefereeStatus
from candidates.models import Referee
from notifications.models import OutboxMessage
from notifications.services import email_queue
from privacy.services import export_build
from tests.candidates.factories import OPEN_TIME, fill_dossier, read_zip

pytestmark = pytest.mark.django_db

ANSWER = {
    "rating_academic_level": "5",
    "rating_motivation": "4",
    "rating_autonomy": "3",
    "rating_teamwork": "4",
    "recommendation": "very_favourable",
    "comments": "SECRET-COMMENT: excellent student.",
}


@pytest.fixture
def referee(session_2021, candidate, during_session, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        application = fill_dossier(candidate, session_2021, documents=False)
    return application.referees.get()


def link_path(referee):
    return reverse("candidates:referee_form", kwargs={"token": services.referee_signed_token(referee)})


def test_R_DOSSIER_6_referee_receives_a_private_link_by_email(referee, mailbox):
    messages = [m for m in mailbox() if m.template_key == "referee.request"]
    assert len(messages) == 1
    assert messages[0].recipient_email == referee.email
    assert "/candidat/avis/" in messages[0].body_text
    assert "Camille" in messages[0].body_text


def test_R_DOSSIER_6_referee_answers_without_login_and_only_once(referee, client):
    url = link_path(referee)
    assert client.get(url).status_code == 200
    response = client.post(url, ANSWER)
    assert response.status_code == 200
    referee.refresh_from_db()
    assert referee.status == RefereeStatus.RECEIVED
    assert referee.answers["ratings"]["academic_level"] == 5
    assert referee.answers["comments"].startswith("SECRET-COMMENT")
    # the same link again: no second answer
    again = client.post(url, {**ANSWER, "comments": "changed"})
    assert again.status_code == 200
    referee.refresh_from_db()
    assert referee.answers["comments"].startswith("SECRET-COMMENT")
    with pytest.raises(services.RefereeAlreadyAnswered):
        services.referee_answer(referee=referee, answers={})


def test_ratings_must_be_1_to_5(referee, client):
    response = client.post(link_path(referee), {**ANSWER, "rating_motivation": "9"})
    assert response.status_code == 200
    assert "rating_motivation" in response.context["form"].errors
    referee.refresh_from_db()
    assert referee.status == RefereeStatus.REQUESTED


def test_tampered_link_is_404(referee, client):
    token = services.referee_signed_token(referee)
    assert (
        client.get(reverse("candidates:referee_form", kwargs={"token": token[:-2] + "xx"})).status_code == 404
    )
    assert client.get(reverse("candidates:referee_form", kwargs={"token": "abc"})).status_code == 404


def test_expired_link_shows_a_clear_page(referee, client):
    url = link_path(referee)
    with time_machine.travel(OPEN_TIME + dt.timedelta(days=31), tick=False):
        response = client.get(url)
    assert response.status_code == 410
    assert "expir" in response.content.decode().lower()
    with time_machine.travel(OPEN_TIME + dt.timedelta(days=29), tick=False):
        assert client.get(url).status_code == 200


def test_reminder_is_rate_limited_and_sends_a_new_link(
    referee, candidate, mailbox, django_capture_on_commit_callbacks
):
    with pytest.raises(services.DossierError) as error:
        services.referee_remind(referee=referee, actor=candidate)
    assert error.value.code == "too_soon"
    later = OPEN_TIME + dt.timedelta(days=2)
    with time_machine.travel(later, tick=False), django_capture_on_commit_callbacks(execute=True):
        services.referee_remind(referee=referee, actor=candidate)
    assert len([m for m in mailbox() if m.template_key == "referee.request"]) == 2
    with time_machine.travel(later + dt.timedelta(hours=1), tick=False), pytest.raises(services.DossierError):
        services.referee_remind(referee=referee, actor=candidate)


def test_candidate_never_reads_the_answers(referee, candidate, client, login):
    client.post(link_path(referee), ANSWER)
    candidate_client = login(candidate)
    for url in (
        reverse("candidates:home"),
        reverse("candidates:referees", args=[2021]),
        reverse("candidates:review", args=[2021]),
    ):
        page = candidate_client.get(url).content.decode()
        assert "SECRET-COMMENT" not in page
        assert "very_favourable" not in page
    archive = read_zip(export_build(candidate))
    for name in archive.namelist():
        assert b"SECRET-COMMENT" not in archive.read(name)
    data = json.loads(archive.read("data.json"))
    assert data["sections"]["candidates.referee"][0]["status"] == "received"
    assert "answers" not in data["sections"]["candidates.referee"][0]
    # nor in any e-mail sent to the candidate

    assert not OutboxMessage.objects.filter(
        recipient_email=candidate.email, body_text__contains="SECRET"
    ).exists()


def test_supervisor_is_optional_and_one_per_kind(referee, candidate, session_2021):
    application = referee.application
    services.referee_request(
        application=application,
        actor=candidate,
        kind=RefereeKind.SUPERVISOR,
        name="M. Tuteur",
        email="tuteur@corp.example",
    )
    with pytest.raises(services.DossierError):
        services.referee_request(
            application=application,
            actor=candidate,
            kind=RefereeKind.SUPERVISOR,
            name="X",
            email="x@corp.example",
        )
    assert Referee.objects.filter(application=application).count() == 2


def test_candidate_cannot_name_themselves(session_2021, candidate, during_session, login):
    fill_dossier(candidate, session_2021, referee=False, documents=False)
    response = login(candidate).post(
        reverse("candidates:referees", args=[2021]),
        {"kind": RefereeKind.PROGRAM_HEAD, "name": "Me", "email": candidate.email},
    )
    assert "email" in response.context["form"].errors


def test_remind_other_candidates_referee_is_404(referee, other_candidate, login):
    response = login(other_candidate).post(reverse("candidates:referee_remind", args=[referee.pk]))
    assert response.status_code == 404


def test_staff_reads_the_answers_on_the_dossier(referee, client, personas, login):
    """Rule: R-JURY-1 — the appraisal reaches the staff (never the candidate)."""
    client.post(link_path(referee), ANSWER)
    page = login(personas.admin).get(reverse("candidates:staff_detail", args=[referee.application_id]))
    content = page.content.decode()
    assert "SECRET-COMMENT" in content and "Très favorable" in content and "5 / 5" in content


def test_R_DATA_1_download_includes_emails_sent_to_me(referee, candidate, session_2021):
    email_queue(
        template_key="dossier.withdrawn", recipient=candidate, context={"programs": "BAT", "reference": "X"}
    )
    data = json.loads(read_zip(export_build(candidate)).read("data.json"))
    assert [e["template"] for e in data["sections"]["notifications.outboxmessage"]] == ["dossier.withdrawn"]


SUPERVISOR_ANSWER = {
    "missions": "Alternance chez Ponts SA, 2019-2021 : suivi de chantier.",
    "rating_professional_skills": "4",
    "rating_initiative": "5",
    "rating_reliability": "3",
    "rating_integration": "4",
    "recommendation": "favourable",
    "comments": "SUPERVISOR-COMMENT: a reliable apprentice.",
}


@pytest.fixture
def supervisor(referee, candidate):
    return services.referee_request(
        application=referee.application,
        actor=candidate,
        kind=RefereeKind.SUPERVISOR,
        name="M. Tuteur",
        email="tuteur@corp.example",
    )


def test_R_DOSSIER_6_the_school_is_asked_the_schools_questions(referee, client):
    page = client.get(link_path(referee)).content.decode()
    assert "Niveau académique" in page and "Avis global de poursuite d&#x27;études" in page
    assert "Compétences techniques et professionnelles" not in page and "Missions confiées" not in page


def test_R_DOSSIER_6_the_supervisor_is_asked_the_supervisors_questions(supervisor, client):
    """Notice §5.1: the supervisor's confidential appraisal is of the candidate at work, not an
    opinion on further studies (the origin establishment's)."""
    page = client.get(link_path(supervisor)).content.decode()
    for question in (
        "Missions confiées au candidat",
        "Compétences techniques et professionnelles",
        "Initiative et autonomie au travail",
        "Fiabilité et sens des responsabilités",
        "Intégration dans l&#x27;équipe et communication",
        "Avis global sur la candidature à une formation d&#x27;ingénieur par apprentissage",
    ):
        assert question in page
    assert "Niveau académique" not in page and "poursuite d&#x27;études" not in page
    # The school's questions are not the supervisor's: their answers do not go through.
    response = client.post(link_path(supervisor), ANSWER)
    assert "rating_professional_skills" in response.context["form"].errors
    supervisor.refresh_from_db()
    assert supervisor.status == RefereeStatus.REQUESTED


def test_R_DOSSIER_6_stored_answers_name_the_questions_asked(referee, supervisor, client):
    """The shape `RefereeAnswerForm.answers()` documents: the school's keys unchanged, the
    supervisor's their own, with the set of questions (read back by candidates.appraisals)."""
    client.post(link_path(referee), ANSWER)
    client.post(link_path(supervisor), SUPERVISOR_ANSWER)
    referee.refresh_from_db()
    supervisor.refresh_from_db()
    assert referee.answers == {
        "questions": "school",
        "ratings": {"academic_level": 5, "motivation": 4, "autonomy": 3, "teamwork": 4},
        "recommendation": "very_favourable",
        "comments": "SECRET-COMMENT: excellent student.",
    }
    assert supervisor.answers == {
        "questions": "supervisor",
        "ratings": {"professional_skills": 4, "initiative": 5, "reliability": 3, "integration": 4},
        "recommendation": "favourable",
        "missions": "Alternance chez Ponts SA, 2019-2021 : suivi de chantier.",
        "comments": "SUPERVISOR-COMMENT: a reliable apprentice.",
    }


def test_staff_read_each_appraisal_under_its_own_questions(referee, supervisor, client, personas, login):
    """Rule: R-JURY-1 — the supervisor's ratings under the supervisor's questions; answers
    stored before the questions were named read as the school's."""
    client.post(link_path(supervisor), SUPERVISOR_ANSWER)
    Referee.objects.filter(pk=referee.pk).update(
        status=RefereeStatus.RECEIVED,
        answers={"ratings": {"academic_level": 2}, "recommendation": "reserved", "comments": "OLD-SHAPE"},
    )
    page = login(personas.admin).get(reverse("candidates:staff_detail", args=[referee.application_id]))
    content = page.content.decode()
    assert 'Fiabilité et sens des responsabilités</dt><dd class="col-sm-8">3 / 5 – Bien' in content
    assert "Avis global sur la candidature à une formation d&#x27;ingénieur par apprentissage</dt>" in content
    assert "Alternance chez Ponts SA" in content
    assert 'Niveau académique</dt><dd class="col-sm-8">2 / 5 – Passable' in content
    assert 'Avis global de poursuite d&#x27;études</dt><dd class="col-sm-8">Réservé' in content


def test_a_private_link_offers_no_account_to_its_anonymous_visitor(referee, client):
    """The referee has no account and needs none: no "Se connecter / Créer un compte" in the
    header of their form, its thanks or an expired link (the public pages keep them)."""
    login_url, signup_url = reverse("account_login"), reverse("account_signup")
    url = link_path(referee)
    form_page = client.get(url).content.decode()
    assert "Appréciation confidentielle" in form_page
    with time_machine.travel(OPEN_TIME + dt.timedelta(days=31), tick=False):
        expired_page = client.get(url).content.decode()
    thanks_page = client.post(url, ANSWER).content.decode()
    assert "Votre appréciation a bien été reçue." in thanks_page
    for page in (form_page, expired_page, thanks_page):
        assert f'href="{login_url}"' not in page and f'href="{signup_url}"' not in page
        assert "Créer un compte" not in page
    home = client.get(reverse("admissions:home")).content.decode()
    assert f'href="{login_url}"' in home and f'href="{signup_url}"' in home
