"""Every list view: flat query counts with 1 and many rows (wishes, documents, dossiers)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from candidates import services
from tests.candidates.factories import fill_dossier, fresh, pay, upload_required
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PAGES = [
    "candidates:home",
    "candidates:identity",
    "candidates:title",
    "candidates:wishes",
    "candidates:documents",
    "candidates:referees",
    "candidates:review",
]


def count(client, url, **params):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, params)
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("name", PAGES)
def test_candidate_pages_flat_in_wishes_and_documents(name, session_2021, during_session, login):
    small_user, big_user = UserFactory(), UserFactory()
    fill_dossier(small_user, session_2021, programs=("bat",))
    big = fill_dossier(
        big_user, session_2021, programs=("bat", "infres", "mkx"), scholarship=True, in_progress=True
    )
    upload_required(big, big_user, only_required=False)
    services.referee_request(
        application=big, actor=big_user, kind="supervisor", name="Tuteur", email="tuteur@corp.example"
    )
    assert len(fresh(big).current_documents) >= 8
    url = reverse(name) if name == "candidates:home" else reverse(name, args=[2021])
    small = count(login(small_user), url)
    large = count(login(big_user), url)
    assert small == large, (name, small, large)


def test_staff_list_flat_in_number_of_dossiers(session_2021, during_session, login, personas):
    def add(n, submit=False):
        for _ in range(n):
            user = UserFactory()
            application = fill_dossier(user, session_2021, programs=("bat", "mkx"))
            if submit:
                pay(application, user)
                services.application_submit(application=application, actor=user)

    client = login(personas.admin)
    add(1, submit=True)
    one = count(client, reverse("candidates:staff_list", args=[2021]))
    add(6, submit=True)
    add(5)
    many = count(client, reverse("candidates:staff_list", args=[2021]))
    assert one == many, (one, many)
