"""The CFA's side of company-search support (R-CFA-1): needs per program, CSV, training
days; query counts flat in rows for every list."""

import csv
import datetime as dt
import io

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from candidates.enums import WishState
from company_search import services
from company_search.models import Resource, TrainingDay
from tests.company_search.factories import TrainingDayFactory, searching_wish

pytestmark = pytest.mark.django_db


def _needs(wish, **data):
    base = {"sectors": [], "regions": [], "mobility": "", "comment": ""}
    base.update(data)
    return services.search_needs_save(application=wish.application, actor=None, data=base)


def test_R_CFA_1_cfa_sees_the_needs_counted_per_program_and_region(
    personas, session_2021, intake_x, intake_y, login, during_support
):
    a, b, c = searching_wish(intake_x), searching_wish(intake_x), searching_wish(intake_x)
    searching_wish(intake_x, state=WishState.PLACED)  # found a company: not counted
    y = searching_wish(intake_y)
    _needs(a, cv_help=True, regions=["occ", "pac"], sectors=["construction"], mobility="region")
    _needs(b, cv_help=True, interview_practice=True, regions=["occ"])
    _needs(y, housing_help=True, regions=["idf"])
    del c  # searching, no answer yet
    page = login(personas.cfa).get(reverse("company_search:manage", args=[2021])).content.decode()
    assert "2 candidats sur 3 qui cherchent encore ont indiqué leurs besoins." in page
    assert "1 candidat sur 1 qui cherche encore a indiqué ses besoins." in page
    bat = page[page.index("Bâtiment") : page.index("Informatique")]

    def count(label, n):
        return f'<th scope="row">{label}</th><td class="text-end">{n}</td>'

    assert count("Aide pour mon CV et ma lettre de motivation", 2) in bat
    assert count("Entraînement aux entretiens", 1) in bat
    assert count("Occitanie", 2) in bat
    assert count("Provence-Alpes-Côte d’Azur", 1) in bat
    assert "Île-de-France" not in bat


def test_R_CFA_1_needs_export_csv(personas, session_2021, intake_x, login, during_support):
    wish = searching_wish(intake_x)
    _needs(wish, cv_help=True, regions=["occ"], sectors=["energy"], mobility="national", comment="Permis B")
    response = login(personas.cfa).get(reverse("company_search:needs_export", args=[2021]))
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert len(rows) == 2
    candidate = wish.application.candidate
    row = dict(zip(rows[0], rows[1], strict=True))
    assert row["E-mail"] == candidate.email
    assert row["Formations"] == "BAT"
    assert row["Aide pour mon CV et ma lettre de motivation"] == "oui"
    assert (row["Régions"], row["Mobilité"], row["Autre chose"]) == (
        "Occitanie",
        "Partout en France",
        "Permis B",
    )


def test_R_CFA_1_cfa_creates_a_training_day(personas, session_2021, login, during_support):
    client = login(personas.cfa)
    response = client.post(
        reverse("company_search:day_create", args=[2021]),
        {
            "title": "Atelier CV",
            "program": personas.program_x.pk,
            "starts_at": "2021-05-20T09:00",
            "ends_at": "2021-05-20T12:00",
            "location": "Alès",
            "capacity": "12",
        },
    )
    day = TrainingDay.objects.get()
    assert response.status_code == 302
    assert (day.capacity, day.program, day.created_by) == (12, personas.program_x, personas.cfa)
    assert day.starts_at == dt.datetime(2021, 5, 20, 7, 0, tzinfo=dt.UTC)  # 09:00 Paris
    bad = client.post(
        reverse("company_search:day_create", args=[2021]),
        {
            "title": "X",
            "starts_at": "2021-05-20T09:00",
            "ends_at": "2021-05-20T08:00",
            "location": "A",
            "capacity": "0",
        },
    )
    assert "La journée doit finir après son début." in bad.content.decode()
    assert TrainingDay.objects.count() == 1


def _queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def _searching_with_needs(intake, n):
    for i in range(n):
        wish = searching_wish(intake)
        _needs(wish, cv_help=bool(i % 2), regions=["occ"])


def test_manage_page_query_count_is_flat(personas, session_2021, intake_x, intake_y, login, during_support):
    client = login(personas.cfa)
    url = reverse("company_search:manage", args=[2021])
    _searching_with_needs(intake_x, 1)
    TrainingDayFactory(campaign=session_2021)
    one = _queries(client, url)
    _searching_with_needs(intake_x, 15)
    _searching_with_needs(intake_y, 10)
    for _ in range(8):
        TrainingDayFactory(campaign=session_2021, program=intake_y.program)
    assert _queries(client, url) == one


def test_day_detail_and_export_query_counts_are_flat(personas, session_2021, intake_x, login, during_support):
    client = login(personas.cfa)
    day = TrainingDayFactory(campaign=session_2021, capacity=3)
    detail = reverse("company_search:day_detail", args=[day.pk])
    export = reverse("company_search:needs_export", args=[2021])
    wish = searching_wish(intake_x)
    _needs(wish, cv_help=True)
    services.training_day_register(day=day, application=wish.application, actor=None)
    one = (_queries(client, detail), _queries(client, export))
    for _ in range(10):
        wish = searching_wish(intake_x)
        _needs(wish, regions=["occ"])
        services.training_day_register(day=day, application=wish.application, actor=None)
    assert (_queries(client, detail), _queries(client, export)) == one


def test_candidate_page_and_home_query_counts_are_flat(
    personas, session_2021, intake_x, login, during_support
):
    wish = searching_wish(intake_x, candidate=personas.candidate_a)
    client = login(personas.candidate_a)
    urls = [reverse("company_search:home", args=[2021]), reverse("candidates:home")]
    TrainingDayFactory(campaign=session_2021)
    Resource.objects.create(campaign=session_2021, title_fr="Guide", link="https://example.org/guide")
    one = [_queries(client, url) for url in urls]
    for i in range(10):
        day = TrainingDayFactory(campaign=session_2021, program=intake_x.program if i % 2 else None)
        if i % 3 == 0:
            services.training_day_register(day=day, application=wish.application, actor=None)
        Resource.objects.create(
            campaign=session_2021, title_fr=f"Guide {i}", link="https://example.org/guide"
        )
    assert [_queries(client, url) for url in urls] == one


def test_public_places_query_count_is_flat(personas, session_2021, intake_x, client):
    url = reverse("company_search:places", args=[2021])
    searching_wish(intake_x, state=WishState.PLACED)
    one = _queries(client, url)
    for _ in range(10):
        searching_wish(intake_x, state=WishState.ENROLLED)
    assert _queries(client, url) == one


def test_R_CFA_1_cfa_home_panel_counts_the_support(personas, session_2021, intake_x, login, during_support):
    _searching_with_needs(intake_x, 2)
    searching_wish(intake_x)
    TrainingDayFactory(campaign=session_2021)
    page = login(personas.cfa).get(reverse("apprenticeship:home", args=[2021])).content.decode()
    assert "3 candidats cherchent encore une entreprise" in page
    assert "2 ont indiqué leurs besoins" in page
    assert "1 journée d'accompagnement" in page
    assert reverse("company_search:manage", args=[2021]) in page


def test_R_CFA_1_resources_of_the_candidate_programs_and_files_served_to_them_only(
    personas, session_2021, intake_x, intake_y, login, during_support
):
    searching_wish(intake_x, candidate=personas.candidate_a)
    searching_wish(intake_y, candidate=personas.candidate_b)
    for_all = Resource.objects.create(
        campaign=session_2021, title_fr="Annuaire", link="https://example.org/a"
    )
    for_x = Resource.objects.create(
        campaign=session_2021,
        program=intake_x.program,
        title_fr="Guide BAT",
        file=ContentFile(b"%PDF-1.4\n%%EOF\n", name="guide.pdf"),
    )
    page_a = login(personas.candidate_a).get(reverse("company_search:home", args=[2021])).content.decode()
    assert for_all.title_fr in page_a and for_x.title_fr in page_a
    response = login(personas.candidate_a).get(reverse("company_search:resource_file", args=[for_x.pk]))
    assert response.status_code == 200 and response["Cache-Control"] == "private, no-store"
    page_b = login(personas.candidate_b).get(reverse("company_search:home", args=[2021])).content.decode()
    assert for_all.title_fr in page_b and for_x.title_fr not in page_b
    assert (
        login(personas.candidate_b).get(reverse("company_search:resource_file", args=[for_x.pk])).status_code
        == 404
    )
