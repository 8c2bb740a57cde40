"""The CFA's back-office per intake: places, candidates still searching, sheets by state,
CSV export, admission minutes; query counts flat in rows (R-CFA-4, R-ADMIT-1/2)."""

import csv
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from apprenticeship.services.contracts import contract_record, wish_admit
from apprenticeship.services.places import job_sheet_register
from candidates.enums import WishState
from tests.apprenticeship.job_sheet_factories import (
    admissible_wish,
    approved_sheet,
    bat_intake,
    contract_dates,
    invited_sheet,
    pdf_upload,
    sent_sheet,
)
from tests.jury.factories import WishFactory


@pytest.fixture
def intake(session_2021):
    return bat_intake(session_2021)


def _fill(intake, cfa, rows, start=0):
    """`rows` candidates of each kind: searching (invited), sent, registered."""
    for n in range(start, start + rows):
        invited_sheet(admissible_wish(intake), email=f"i{n}@co.example")
        sent_sheet(admissible_wish(intake), email=f"s{n}@co.example")
        job_sheet_register(
            sheet=approved_sheet(admissible_wish(intake), cfa, email=f"r{n}@co.example"), actor=cfa
        )


def _queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_R_ADMIT_2_intake_page_shows_places_searching_candidates_and_sheets_by_state(intake, personas, login):
    _fill(intake, personas.cfa, 1)
    client = login(personas.cfa)
    url = reverse("apprenticeship:intake", args=[2021, intake.pk])
    page = client.get(url).content.decode()
    assert '<dd class="col-6 col-sm-9">39</dd>' in page  # places left: 40 − 1 registered
    assert "2 candidats" in page  # the invited and the sent one still search
    assert "3 fiches descriptives" in page
    filtered = client.get(url, {"state": "registered"}).content.decode()
    assert "1 fiche descriptive" in filtered
    home = client.get(reverse("apprenticeship:home", args=[2021])).content.decode()
    assert reverse("apprenticeship:intake", args=[2021, intake.pk]) in home


def test_R_CFA_3_the_cfa_lands_on_the_sheets_to_review_and_the_places(intake, personas, login):
    _fill(intake, personas.cfa, 2)
    client = login(personas.cfa)
    home = client.get(reverse("apprenticeship:home", args=[2021])).content.decode()
    assert "Ce qui vous attend : 2 fiches descriptives envoyées par des employeurs, à examiner." in home
    # One table of places: the panel's (open, extra, registered, left), not also a bare one above it.
    assert home.count("Places par promotion") == 1
    to_review = reverse("apprenticeship:intake", args=[2021, intake.pk]) + "?state=sent"
    assert f'href="{to_review}">2<span class="visually-hidden"> fiches à examiner, Bâtiment' in home
    listed = client.get(to_review).content.decode()
    assert "2 fiches descriptives" in listed


def test_intake_page_and_export_query_counts_are_flat_in_rows(intake, personas, login):
    client = login(personas.cfa)
    page = reverse("apprenticeship:intake", args=[2021, intake.pk])
    export = reverse("apprenticeship:intake_export", args=[2021, intake.pk])
    _fill(intake, personas.cfa, 1)
    one = (_queries(client, page), _queries(client, export))
    _fill(intake, personas.cfa, 6, start=1)
    many = (_queries(client, page), _queries(client, export))
    assert one == many


def test_csv_export_lists_the_filtered_sheets(intake, personas, login):
    _fill(intake, personas.cfa, 2)
    client = login(personas.cfa)
    response = client.get(
        reverse("apprenticeship:intake_export", args=[2021, intake.pk]), {"state": "registered"}
    )
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert len(rows) == 3
    assert {row[4] for row in rows[1:]} == {"Enregistrée"}
    assert rows[1][6] == "73282932000074"


def test_R_ADMIT_3_admission_minutes_pdf(intake, personas, login):
    wish = admissible_wish(intake)
    sheet = approved_sheet(wish, personas.cfa)
    job_sheet_register(sheet=sheet, actor=personas.cfa)
    wish_admit(wish=wish, actor=personas.cfa)
    contract_record(wish=wish, actor=personas.cfa, uploaded_file=pdf_upload(), **contract_dates(sheet))
    response = login(personas.cfa).get(reverse("apprenticeship:intake_minutes", args=[2021, intake.pk]))
    assert response.content.startswith(b"%PDF")


def test_candidate_home_shows_each_sheet_state(intake, personas, login):
    wish = admissible_wish(intake, candidate=personas.candidate_a)
    invited_sheet(wish, email="one@co.example")
    sent_sheet(wish, email="two@co.example")
    page = login(personas.candidate_a).get(reverse("candidates:home")).content.decode()
    assert "Employeur invité" in page and "Envoyée à l&#x27;école" in page
    assert reverse("apprenticeship:wish_employers", args=[wish.pk]) in page


def test_candidate_home_query_count_is_flat_in_choices_with_sheets(session_2021, intake, personas, login):
    """The job sheets of every choice are read together: the home costs the same with 1 or 3
    admissible choices, each with its sheets."""
    wish = admissible_wish(intake, candidate=personas.candidate_a)
    invited_sheet(wish, email="one@co.example")
    client = login(personas.candidate_a)
    one = _queries(client, reverse("candidates:home"))
    for code in ("infres", "mkx"):
        other = WishFactory(
            application=wish.application, intake=bat_intake(session_2021, code), state=WishState.ADMISSIBLE
        )
        invited_sheet(other, email=f"{code}@co.example")
        sent_sheet(other, email=f"{code}.2@co.example")
    page = client.get(reverse("candidates:home")).content.decode()
    assert page.count("Employeur invité") == 3 and page.count("Envoyée à l&#x27;école") == 2
    many = _queries(client, reverse("candidates:home"))
    assert many == one
