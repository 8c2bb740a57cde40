"""Sessions overlap (DESIGN.md): the 2021 session's CFA phase runs while the 2022 session
takes dossiers. Publishing 2022 hides nothing of 2021 from anyone still working on it, and
no list mixes the two.

The world, seen on 15 February 2022:
- 2021 (the demo session): candidate A submitted and paid; the jury decided and released
  (A is pre-admissible: the CFA phase).
- 2022 (cloned from 2021, published, open for submission): candidate B submitted and paid,
  waiting for the jury.
"""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from admissions.enums import EntryLevel
from admissions.models import Intake
from admissions.selectors import default_session, public_campaign, sessions_with_work
from admissions.services import campaign_clone
from candidates.services import application_submit
from jury import services as jury_services
from jury.enums import DecisionKind
from tests.candidates.factories import fill_dossier, fresh, pay

pytestmark = pytest.mark.django_db

OPEN_2021 = dt.datetime(2021, 2, 15, 10, 0, tzinfo=dt.UTC)
RESULTS_2021 = dt.datetime(2021, 3, 30, 6, 0, tzinfo=dt.UTC)  # 08:00 Paris, results day
OPEN_2022 = dt.datetime(2022, 2, 15, 10, 0, tzinfo=dt.UTC)


def _submitted(user, campaign, when):
    with time_machine.travel(when, tick=False):
        application = fill_dossier(user, campaign)
        payment = pay(application, user)
        application_submit(application=application, actor=user)
    return fresh(application), payment


@pytest.fixture
def world(personas, session_2021):
    a_2021, a_payment = _submitted(personas.candidate_a, session_2021, OPEN_2021)
    jury_services.decision_set(wish=a_2021.wishes.get(), actor=personas.president, kind=DecisionKind.STANDARD)
    jury_services.decisions_release(campaign=session_2021, now=RESULTS_2021)
    session_2022 = campaign_clone(source=session_2021, year=2022, name="Session 2022", actor=personas.admin)
    session_2022.is_published = True
    session_2022.save()
    b_2022, b_payment = _submitted(personas.candidate_b, session_2022, OPEN_2022)
    with time_machine.travel(OPEN_2022, tick=False):
        yield {
            "2021": session_2021,
            "2022": session_2022,
            "a": a_2021,
            "b": b_2022,
            "a_payment": a_payment,
            "b_payment": b_payment,
        }


def _intake(campaign, program):
    return Intake.objects.get(campaign=campaign, program=program, level=EntryLevel.YEAR_1)


def _page(client, url):
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return response.content.decode()


# --- the candidate still working on 2021 sees all of it ------------------------------------------


def test_candidate_home_lists_their_2021_dossier_and_the_2022_session_open_now(world, personas, login):
    page = _page(login(personas.candidate_a), reverse("candidates:home"))
    assert "Session 2021" in page and "Session 2022" in page
    assert world["a"].reference in page
    assert reverse("candidates:receipt", args=[2021]) in page
    # The released decision of 2021 (pre-admissible), and a way to start a 2022 dossier.
    assert "Pré-admissible" in page
    assert reverse("candidates:identity", args=[2022]) in page


def test_candidate_opens_their_2021_dossier_receipt_and_pay_page(world, personas, login):
    client = login(personas.candidate_a)
    review = _page(client, reverse("candidates:review", args=[2021]))
    assert world["a"].reference in review
    receipt = client.get(reverse("candidates:receipt", args=[2021]))
    assert receipt.status_code == 200
    assert receipt["Content-Type"] == "application/pdf"
    pay_page = _page(client, reverse("payments:pay", args=[2021]))
    assert "Votre candidature pour la Session 2021." in pay_page
    assert "15 février 2021, 11:00" in pay_page  # A's payment, confirmed
    assert "Vos frais sont payés." in pay_page


def test_addresses_without_a_year_lead_to_the_right_session(world, personas, login):
    client = login(personas.candidate_a)
    # A dossier step: the session open for submission now.
    assert client.get("/candidat/dossier/identite/")["Location"] == reverse(
        "candidates:identity", args=[2022]
    )
    # The pay link of an e-mail already sent: the candidate's own dossier (2021).
    assert client.get("/paiement/")["Location"] == reverse("payments:pay", args=[2021])


def test_no_new_dossier_in_a_closed_older_session(world, personas, login):
    client = login(personas.candidate_b)
    assert client.get(reverse("candidates:identity", args=[2021])).status_code == 404
    assert not personas.candidate_b.applications.filter(campaign=world["2021"]).exists()


# --- staff: each session apart, the chooser, the default --------------------------------------


def test_jury_sees_the_intakes_of_each_session_apart(world, personas, login):
    client = login(personas.jury_x)
    intake_2021 = _intake(world["2021"], personas.program_x)
    intake_2022 = _intake(world["2022"], personas.program_x)
    page_2021 = _page(client, reverse("jury:home", args=[2021]))
    assert reverse("jury:intake", args=[intake_2021.pk]) in page_2021
    assert reverse("jury:intake", args=[intake_2022.pk]) not in page_2021
    page_2022 = _page(client, reverse("jury:home", args=[2022]))
    assert reverse("jury:intake", args=[intake_2022.pk]) in page_2022
    assert reverse("jury:intake", args=[intake_2021.pk]) not in page_2022
    # The chooser offers both sessions, 2022 marked as having work waiting.
    assert reverse("jury:home", args=[2021]) in page_2022
    assert 'aria-current="page">Session 2022 <span class="badge' in page_2022


def test_jury_lists_do_not_mix_the_sessions(world, personas, login):
    client = login(personas.jury_x)
    list_2021 = _page(client, reverse("jury:intake", args=[_intake(world["2021"], personas.program_x).pk]))
    list_2022 = _page(client, reverse("jury:intake", args=[_intake(world["2022"], personas.program_x).pk]))
    a_name = personas.candidate_a.last_name.upper()
    b_name = personas.candidate_b.last_name.upper()
    assert a_name != b_name
    assert a_name in list_2021 and b_name not in list_2021
    assert b_name in list_2022 and a_name not in list_2022


def test_jury_lands_on_the_session_with_wishes_to_decide(world, personas, login):
    # 2021 is decided and released; 2022 has B's wish waiting.
    assert default_session(personas.jury_x) == world["2022"]
    response = login(personas.jury_x).get(reverse("jury:home_default"))
    assert response["Location"] == reverse("jury:home", args=[2022])


def test_president_releases_per_session(world, personas, login):
    client = login(personas.president)
    page_2022 = _page(client, reverse("jury:release", args=[2022]))
    page_2021 = _page(client, reverse("jury:release", args=[2021]))
    assert 'aria-current="page">Session 2022' in page_2022
    assert 'aria-current="page">Session 2021' in page_2021
    # B waits for a decision in 2022 only.
    assert personas.candidate_b.get_full_name() in page_2022
    assert personas.candidate_b.get_full_name() not in page_2021


@pytest.mark.parametrize("list_name", ["candidates:staff_list", "payments:staff_list"])
def test_staff_lists_of_dossiers_and_payments_do_not_mix_the_sessions(world, personas, login, list_name):
    client = login(personas.admin)
    list_2021 = _page(client, reverse(list_name, args=[2021]))
    list_2022 = _page(client, reverse(list_name, args=[2022]))
    a, b = personas.candidate_a.email, personas.candidate_b.email
    assert a in list_2021 and b not in list_2021
    assert b in list_2022 and a not in list_2022


def test_timelines_do_not_mix_the_sessions(world, personas, login):
    client = login(personas.admin)
    timeline_2021 = _page(client, reverse("notifications:timeline", args=[2021]))
    timeline_2022 = _page(client, reverse("notifications:timeline", args=[2022]))
    assert "Session 2021</h1>" in timeline_2021
    assert "Session 2022</h1>" in timeline_2022
    # The milestones (the table after the session selector) are those of the session named.
    rows_2021 = timeline_2021.split("<caption>", 1)[1]
    rows_2022 = timeline_2022.split("<caption>", 1)[1]
    assert "mars 2021" in rows_2021 and "2022" not in rows_2021
    assert "mars 2022" in rows_2022 and "2021" not in rows_2022


def test_cfa_sees_the_places_of_the_session_it_names(world, personas, login):
    client = login(personas.cfa)
    assert "Session 2021" in _page(client, reverse("apprenticeship:home", args=[2021]))
    # The CFA's work is 2021's pre-admissible candidates: its default session.
    assert client.get(reverse("apprenticeship:home_default"))["Location"] == reverse(
        "apprenticeship:home", args=[2021]
    )


# --- the selector ----------------------------------------------------------------------------------


def test_sessions_with_work_per_person(world, personas, django_assert_max_num_queries):
    with django_assert_max_num_queries(1):
        a_sessions = sessions_with_work(personas.candidate_a)
    assert [(c.year, c.has_work) for c in a_sessions] == [(2022, False), (2021, True)]
    assert [(c.year, c.has_work) for c in sessions_with_work(personas.candidate_b)] == [(2022, True)]
    assert [(c.year, c.has_work) for c in sessions_with_work(personas.jury_x)] == [
        (2022, True),
        (2021, False),
    ]
    assert [(c.year, c.has_work) for c in sessions_with_work(personas.cfa)] == [(2022, False), (2021, True)]
    assert public_campaign() == world["2022"]


def test_a_form_posted_to_an_old_address_is_posted_again_to_its_session(world, personas, login):
    response = login(personas.candidate_a).post("/candidat/dossier/bourse/", {"declared": "0"})
    assert response.status_code == 307
    assert response["Location"] == reverse("candidates:scholarship", args=[2022])
