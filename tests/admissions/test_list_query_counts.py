"""List views of the foundation: the same number of queries for 1 row and for many."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import CampaignFactory, IntakeFactory, ProgramFactory

pytestmark = pytest.mark.django_db


def _count(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries), response


def test_backoffice_session_list(login, personas):
    client = login(personas.admin)
    one, _ = _count(client, reverse("admissions:backoffice"))
    for year in range(2022, 2032):
        CampaignFactory(year=year)
    many, response = _count(client, reverse("admissions:backoffice"))
    assert response.content.decode().count("Configurer Session") == 11
    assert many == one


def test_cfa_places_list(login, personas):
    client = login(personas.cfa)
    one, _ = _count(client, reverse("apprenticeship:home", args=[2021]))
    campaign = personas.program_x.intakes.first().campaign
    for n in range(10):
        IntakeFactory(campaign=campaign, program=ProgramFactory(code=f"extra{n}"))
    many, response = _count(client, reverse("apprenticeship:home", args=[2021]))
    # One row per intake in the places panel (4 intakes of the personas, 10 added).
    assert response.content.decode().count('<th scope="row"><a href="/cfa/2021/promotion/') == 14
    assert many == one
