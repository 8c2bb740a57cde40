"""The candidate's sandbox test and home panel, the registry's views of the test, the
staff pages (list with filters, invalidation, pictures)."""

import re
from decimal import Decimal

import pytest
import time_machine
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.models import AuditEntry
from english_test.enums import AuditAction, TakeState
from english_test.models import IdentityPicture, Take
from english_test.providers.sandbox import QUESTIONS
from selection.registry import candidate_statuses, jury_results

from .factories import AFTER_WINDOW, IN_WINDOW, released_wish, take_for

pytestmark = pytest.mark.django_db
RIGHT = {question.key: question.answer for question in QUESTIONS}


def test_R_TEST_8_candidate_takes_the_sandbox_test_and_sees_completed_without_score(
    login, personas, intake_x2
):
    wish = released_wish(intake_x2, decided_by=personas.president, candidate=personas.candidate_a)
    take = take_for(wish)
    client = login(personas.candidate_a)
    with time_machine.travel(IN_WINDOW, tick=False):
        home = client.get("/candidat/").content.decode()
        assert "Take the English test" in home
        page = client.get("/anglais/2021/test/")
        assert page.status_code == 200 and "Start the test" in page.content.decode()
        assert client.post("/anglais/2021/test/").status_code == 302
        assert Take.objects.get(pk=take.pk).state == TakeState.STARTED
        answers = client.post("/anglais/2021/test/reponses/", {**RIGHT, "q5": "b"}, follow=True)
        shown = answers.content.decode()
        home = client.get("/candidat/").content.decode()
    take.refresh_from_db()
    assert (take.state, take.score, take.level) == (TakeState.COMPLETED, Decimal("80.00"), "B2")
    for html in (shown, home):
        assert "Completed" in html
        assert not re.search(r"\b80([.,]00)?\b", html) and "B2" not in html


def test_the_sandbox_page_refuses_outside_the_window_and_others_tests(login, personas, intake_x2):
    take = take_for(released_wish(intake_x2, decided_by=personas.president, candidate=personas.candidate_a))
    with time_machine.travel(AFTER_WINDOW, tick=False):
        client = login(personas.candidate_a)
        client.post("/anglais/2021/test/")
        assert Take.objects.get(pk=take.pk).state == TakeState.INVITED
        assert "only be taken within its window" in client.get("/anglais/2021/test/").content.decode()
    other = login(personas.candidate_b)
    assert other.get("/anglais/2021/test/").status_code == 404


def test_submitting_answers_twice_records_one_result(login, personas, intake_x2):
    take = take_for(released_wish(intake_x2, decided_by=personas.president, candidate=personas.candidate_a))
    client = login(personas.candidate_a)
    with time_machine.travel(IN_WINDOW, tick=False):
        client.post("/anglais/2021/test/")
        client.post("/anglais/2021/test/reponses/", RIGHT)
        second = client.post("/anglais/2021/test/reponses/", {}, follow=True)
    assert "not in progress" in second.content.decode()
    take.refresh_from_db()
    assert take.score == Decimal("100.00") and take.events.filter(kind="completed").count() == 1


def test_registry_candidate_status_shows_the_state_never_the_score(personas, intake_x, intake_x2):
    completed = released_wish(intake_x2, decided_by=personas.president)
    take_for(completed, state=TakeState.COMPLETED, score=Decimal(60), level="B1")
    waiting = released_wish(intake_x2, decided_by=personas.president)
    not_concerned = released_wish(intake_x, decided_by=personas.president, tests=())
    with time_machine.travel(IN_WINDOW, tick=False):
        statuses = candidate_statuses([completed, waiting, not_concerned])
    status = statuses[completed.pk]["english_test"]
    assert (status.state, status.done) == ("completed", True)
    assert "60" not in repr(status) and "B1" not in repr(status)
    assert statuses[waiting.pk]["english_test"].state == "awaiting_invitation"
    assert "english_test" not in statuses[not_concerned.pk]
    results = jury_results([completed, waiting])
    assert results[completed.pk]["english_test"].score == Decimal("12.00")
    assert results[completed.pk]["english_test"].summary == "B1 – 12.00/20"
    assert not results[waiting.pk]["english_test"].complete


def test_registry_functions_cost_a_fixed_number_of_queries(personas, intake_x2):
    def measure(n):
        wishes = [released_wish(intake_x2, decided_by=personas.president) for _ in range(n)]
        for index, wish in enumerate(wishes):
            if index % 2:
                take_for(wish, state=TakeState.COMPLETED, score=Decimal(50), level="B1")
            else:
                take_for(wish)  # invited: the link to the test is on the page
        with CaptureQueriesContext(connection) as status_queries, time_machine.travel(IN_WINDOW, tick=False):
            statuses = candidate_statuses(wishes)
        assert statuses[wishes[0].pk]["english_test"].action_url == "/anglais/2021/test/"
        with CaptureQueriesContext(connection) as jury_queries:
            jury_results(wishes)
        return len(status_queries), len(jury_queries)

    assert measure(1) == measure(2) == measure(20)


def _list_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_staff_list_query_count_is_flat_and_filters_work(login, personas, intake_x2, intake_y):
    client = login(personas.president)
    url = "/anglais/gestion/2021/"
    first = take_for(released_wish(intake_x2, decided_by=personas.president, candidate__last_name="Alpha"))
    one = _list_queries(client, url)
    for _ in range(15):
        wish = released_wish(intake_x2, decided_by=personas.president)
        released_wish(intake_y, decided_by=personas.president, application=wish.application)
        take_for(wish, state=TakeState.COMPLETED, score=Decimal(40), level="A2")
    many = _list_queries(client, url)
    assert one == many
    filtered = client.get(url, {"state": "invited"})
    assert list(filtered.context["page"]) == [first]
    assert list(client.get(url, {"q": "Alpha"}).context["page"]) == [first]


def test_invalidate_with_a_reason_is_audited(login, personas, intake_x2):
    take = take_for(released_wish(intake_x2, decided_by=personas.president), state=TakeState.COMPLETED)
    client = login(personas.president)
    url = f"/anglais/gestion/test/{take.pk}/invalider/"
    client.post(url, {"reason": ""})
    assert Take.objects.get(pk=take.pk).state == TakeState.COMPLETED
    response = client.post(url, {"reason": "Identity not matching"}, follow=True)
    assert "invalidated" in response.content.decode()
    take.refresh_from_db()
    assert take.state == TakeState.INVALIDATED and take.reason == "Identity not matching"
    assert AuditEntry.objects.get(action=AuditAction.INVALIDATED).actor == personas.president


def test_R_TEST_6_pictures_are_private_to_staff(login, personas, intake_x2, client):
    take = take_for(released_wish(intake_x2, decided_by=personas.president, candidate=personas.candidate_a))
    picture = IdentityPicture.objects.create(
        take=take,
        provider_picture_id="p1",
        content_type="image/jpeg",
        file=ContentFile(b"\xff\xd8\xff1", name="p.jpg"),
    )
    url = f"/anglais/gestion/photo/{picture.pk}/"
    assert login(personas.candidate_a).get(url).status_code == 404
    assert login(personas.cfa).get(url).status_code == 404
    response = login(personas.president).get(url)
    assert response.status_code == 200 and b"".join(response.streaming_content) == b"\xff\xd8\xff1"
    assert response["Cache-Control"] == "private, no-store"


def test_the_home_panel_is_flat_in_choices(login, personas, intake_x2, intake_y, intake_x):
    one = released_wish(intake_x2, decided_by=personas.president, candidate=personas.candidate_a)
    take_for(one)
    two = released_wish(intake_x2, decided_by=personas.president, candidate=personas.candidate_b)
    released_wish(intake_y, decided_by=personas.president, application=two.application)
    released_wish(intake_x, decided_by=personas.president, application=two.application)
    take_for(two)
    with time_machine.travel(IN_WINDOW, tick=False):
        small = _list_queries(login(personas.candidate_a), "/candidat/")
        client = login(personas.candidate_b)
        large = _list_queries(client, "/candidat/")
        page = client.get("/candidat/").content.decode()
    assert small == large
    assert page.count('data-testid="english-test-panel"') == 3


def test_the_jury_home_links_the_president_to_the_english_test_pages(login, personas, session_2021):
    page = login(personas.president).get("/jury/2021/").content.decode()
    assert "/anglais/gestion/2021/" in page and "/anglais/gestion/2021/import/" in page
    member_page = login(personas.jury_x).get("/jury/2021/").content.decode()
    assert "/anglais/gestion/2021/" not in member_page
