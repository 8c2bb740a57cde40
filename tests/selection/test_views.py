"""The selection pages through HTTP: the candidate's tests page and home panel (R-TEST-1,
nothing about results: R-TEST-8), the deliberation (results side by side, flat query
counts, decisions one by one and in bulk, read-only for members), the jury home's panel and
the minutes PDF."""

import datetime as dt
import html as html_lib
import re
from decimal import Decimal

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from admissions.selectors import sessions_with_work
from candidates.enums import WishState
from selection import services
from selection.enums import AdmissibilityOutcome
from selection.models import AdmissibilityDecision
from selection.selectors import minutes_context

from .conftest import BEFORE_RESULTS, RESULTS_DAY_8AM, excellent, pre_admissible

pytestmark = pytest.mark.django_db

DURING_TESTS = dt.datetime(2021, 4, 1, 8, 0, tzinfo=dt.UTC)


def text_of(response) -> str:
    """The page's main content as words (tags dropped, spaces collapsed)."""
    html = response.content.decode()
    main = html[html.index("<main") : html.index("</main>")]
    return html_lib.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", main)))


def count_queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


# --- the candidate's tests ----------------------------------------------------------------


def test_R_TEST_1_tests_page_lists_each_test_with_its_window_before_its_app_registers(
    personas, login, intake_x, no_registered_tests
):
    pre_admissible(
        intake_x,
        personas.president,
        tests=["video_interview", "english_test"],
        application__candidate=personas.candidate_a,
    )
    with time_machine.travel(DURING_TESTS):
        page = text_of(login(personas.candidate_a).get("/epreuves/2021/"))
    assert "Vous passez 2 épreuves probatoires" in page
    assert "Entretien vidéo différé" in page and "Évaluation du niveau d'anglais (30 minutes)" in page
    assert "Entre le 31 mars 2021 et le 5 avril 2021" in page
    assert page.count("Les consignes vous parviendront par e-mail.") == 2


def test_R_TEST_8_tests_page_shows_the_tests_state_and_never_a_result(
    personas, login, intake_x, fake_english
):
    wish = pre_admissible(
        intake_x,
        personas.president,
        tests=["video_interview", "english_test"],
        application__candidate=personas.candidate_a,
    )
    fake_english.scores[wish.pk] = Decimal("14.5")
    with time_machine.travel(DURING_TESTS):
        response = login(personas.candidate_a).get("/epreuves/2021/")
    page = text_of(response)
    assert "État : Passé" in page and "Connectez-vous à la plateforme du test." in page
    assert 'href="https://test.example/go"' in response.content.decode()
    # The video interview has not registered: the calendar's window and the e-mail sentence.
    assert page.count("Les consignes vous parviendront par e-mail.") == 1
    assert "14" not in page and "B2" not in page and "/20" not in page and "favourable" not in page


def test_R_TEST_5_second_year_tests_name_the_optional_oral_test(
    personas, login, intake_x2, no_registered_tests
):
    pre_admissible(
        intake_x2,
        personas.president,
        tests=["english_test", "jury_interview", "oral_test"],
        tests_note="épreuve de mécanique des sols",
        application__candidate=personas.candidate_a,
    )
    with time_machine.travel(DURING_TESTS):
        page = text_of(login(personas.candidate_a).get("/epreuves/2021/"))
    assert "Vous passez 3 épreuves probatoires" in page
    assert "Épreuve orale optionnelle au choix du jury (épreuve de mécanique des sols)" in page
    assert "Entre le 31 mars 2021 et le 16 avril 2021" in page


def test_the_candidates_home_links_a_pre_admissible_choice_to_its_tests(
    personas, login, intake_x, no_registered_tests
):
    wish = pre_admissible(intake_x, personas.president, application__candidate=personas.candidate_a)
    client = login(personas.candidate_a)
    with time_machine.travel(DURING_TESTS):
        response = client.get("/candidat/")
    assert "1 épreuve probatoire à passer : Entretien vidéo différé." in text_of(response)
    assert 'href="/epreuves/2021/"' in response.content.decode()
    services.admissibility_decide(
        wish=wish, actor=personas.president, outcome=AdmissibilityOutcome.ADMISSIBLE, now=BEFORE_RESULTS
    )
    services.admissibility_release(campaign=intake_x.campaign, now=RESULTS_DAY_8AM)
    with time_machine.travel(RESULTS_DAY_8AM):
        page = text_of(client.get("/candidat/"))
        tests_page = text_of(client.get("/epreuves/2021/"))
    assert "Statut : Admissible" in page and "à passer" not in page
    assert "Statut : Admissible" in tests_page


# --- the deliberation -----------------------------------------------------------------------


def deliberation_url(intake):
    return reverse("selection:deliberation", args=[intake.campaign.year, intake.pk])


def test_R_TEST_8_deliberation_shows_results_side_by_side_and_excellence_as_admissible(
    personas, login, intake_x, fake_english, fake_video
):
    wish = pre_admissible(
        intake_x,
        personas.president,
        tests=["video_interview", "english_test"],
        application__candidate__last_name="Martin",
    )
    star = excellent(intake_x, personas.president, application__candidate__last_name="Brillant")
    fake_video.scores[wish.pk] = Decimal("13")
    fake_english.scores[wish.pk] = Decimal("15")
    response = login(personas.president).get(deliberation_url(intake_x))
    page = text_of(response)
    html = response.content.decode()
    assert "Entretien vidéo différé" in page and "Évaluation du niveau d'anglais (30 minutes)" in page
    assert "B2 – 13/20" in page and "B2 – 15/20" in page and "14,00" in page
    assert "Admissible sur dossier (excellence académique)" in page
    assert f'value="{wish.pk}"' in html and f'value="{star.pk}"' not in html
    assert "Pré-admissibles : 1" in page and "Admissibles sur dossier : 1" in page


def test_deliberation_query_count_is_the_same_for_1_and_many_rows(
    personas, login, intake_x, fake_english, fake_video
):
    client = login(personas.president)
    first = pre_admissible(intake_x, personas.president, tests=["video_interview", "english_test"])
    fake_video.scores[first.pk] = Decimal("10")
    one = count_queries(client, deliberation_url(intake_x) + "?sort=mean")
    one_by_name = count_queries(client, deliberation_url(intake_x))
    for i in range(12):
        wish = pre_admissible(intake_x, personas.president, tests=["video_interview", "english_test"])
        fake_video.scores[wish.pk] = Decimal(i)
        fake_english.scores[wish.pk] = Decimal(20 - i)
        services.admissibility_decide(
            wish=wish,
            actor=personas.president,
            outcome=AdmissibilityOutcome.ADMISSIBLE,
            rank=i + 1,
            now=BEFORE_RESULTS,
        )
    excellent(intake_x, personas.president)
    many = count_queries(client, deliberation_url(intake_x) + "?sort=mean")
    assert one == many
    assert one_by_name == count_queries(client, deliberation_url(intake_x))
    assert one_by_name == count_queries(client, deliberation_url(intake_x) + "?sort=rank&size=5&page=2")
    assert count_queries(client, reverse("selection:candidate", args=[first.pk])) <= one


def test_deliberation_filters_and_sorts(personas, login, intake_x, fake_english):
    low = pre_admissible(
        intake_x, personas.president, tests=["english_test"], application__candidate__last_name="Aaa"
    )
    high = pre_admissible(
        intake_x, personas.president, tests=["english_test"], application__candidate__last_name="Zzz"
    )
    fake_english.scores.update({low.pk: Decimal("8"), high.pk: Decimal("17")})
    services.admissibility_decide(
        wish=high, actor=personas.president, outcome=AdmissibilityOutcome.ADMISSIBLE, now=BEFORE_RESULTS
    )
    client = login(personas.president)
    page = text_of(client.get(deliberation_url(intake_x) + "?sort=test:english_test"))
    assert page.index("ZZZ") < page.index("AAA")
    page = text_of(client.get(deliberation_url(intake_x) + "?decision=undecided"))
    assert "AAA" in page and "ZZZ" not in page


def test_the_president_decides_one_by_one_and_in_bulk_through_the_forms(
    personas, login, intake_x, fake_english
):
    a = pre_admissible(
        intake_x, personas.president, tests=["english_test"], application__candidate__last_name="Alpha"
    )
    b = pre_admissible(
        intake_x, personas.president, tests=["english_test"], application__candidate__last_name="Beta"
    )
    c = pre_admissible(
        intake_x, personas.president, tests=["english_test"], application__candidate__last_name="Gamma"
    )
    client = login(personas.president)
    with time_machine.travel(BEFORE_RESULTS):
        page = client.get(reverse("selection:candidate", args=[a.pk]))
        assert "Un brouillon jusqu'à la date des résultats" in text_of(page)
        response = client.post(
            reverse("selection:decide", args=[a.pk]),
            {"outcome": "not_admissible", "comment": "Entretien insuffisant"},
        )
        assert response.status_code == 302 and response["Location"] == deliberation_url(intake_x)
        # The POST order is the list's order: Gamma ranked before Beta.
        response = client.post(
            reverse("selection:deliberation_bulk", args=[2021, intake_x.pk]),
            {"wishes": [c.pk, b.pk], "outcome": "admissible", "rank_in_order": "on"},
            follow=True,
        )
    assert "Décision « Admissible » enregistrée pour 2 candidat(s)." in text_of(response)
    decisions = {d.wish_id: d for d in AdmissibilityDecision.objects.all()}
    assert decisions[a.pk].outcome == "not_admissible" and decisions[a.pk].comment == "Entretien insuffisant"
    assert (decisions[c.pk].rank, decisions[b.pk].rank) == (1, 2)
    a.refresh_from_db()
    assert a.state == WishState.PRE_ADMISSIBLE  # a draft


def test_a_bulk_decision_on_nobody_says_so(personas, login, intake_x):
    pre_admissible(intake_x, personas.president)
    response = login(personas.president).post(
        reverse("selection:deliberation_bulk", args=[2021, intake_x.pk]),
        {"outcome": "admissible"},
        follow=True,
    )
    assert "Sélectionnez au moins un candidat." in text_of(response)


def test_members_read_the_deliberation_but_do_not_decide(personas, login, intake_x, fake_english):
    wish = pre_admissible(intake_x, personas.president, tests=["english_test"])
    fake_english.scores[wish.pk] = Decimal("12")
    client = login(personas.jury_x)
    response = client.get(deliberation_url(intake_x))
    assert "B2 – 12/20" in text_of(response)
    assert 'name="wishes"' not in response.content.decode()
    assert "Procès-verbal" not in text_of(response)
    page = client.get(reverse("selection:candidate", args=[wish.pk])).content.decode()
    assert 'name="outcome"' not in page
    assert (
        client.post(reverse("selection:decide", args=[wish.pk]), {"outcome": "admissible"}).status_code == 404
    )
    assert not AdmissibilityDecision.objects.exists()
    # Another program's member: nothing.
    assert login(personas.jury_y).get(deliberation_url(intake_x)).status_code == 404


def test_an_intake_named_under_another_session_is_not_found(personas, login, intake_x):
    assert (
        login(personas.president).get(reverse("selection:deliberation", args=[2022, intake_x.pk])).status_code
        == 404
    )


def test_the_jury_home_links_to_the_deliberations_of_the_session(personas, login, intake_x):
    pre_admissible(intake_x, personas.president)
    response = login(personas.jury_x).get(reverse("jury:home", args=[2021]))
    assert "Délibération d'admissibilité" in text_of(response)
    assert f'href="{deliberation_url(intake_x)}"' in response.content.decode()
    assert "1 candidat pré-admissible, 1 sans décision" in text_of(response)


def test_minutes_pdf_lists_the_decisions_with_results_and_their_log(personas, login, intake_x, fake_english):
    yes = pre_admissible(intake_x, personas.president, tests=["english_test"])
    no = pre_admissible(intake_x, personas.president, tests=["english_test"])
    star = excellent(intake_x, personas.president)
    fake_english.scores.update({yes.pk: Decimal("16"), no.pk: Decimal("5")})
    services.admissibility_decide(
        wish=yes,
        actor=personas.president,
        outcome=AdmissibilityOutcome.ADMISSIBLE,
        rank=1,
        now=BEFORE_RESULTS,
    )
    services.admissibility_decide(
        wish=no, actor=personas.president, outcome=AdmissibilityOutcome.NOT_ADMISSIBLE, now=BEFORE_RESULTS
    )
    groups = dict(minutes_context(intake=intake_x)["groups"])
    assert [r.wish for r in groups["admissible"]] == [yes]
    assert [r.wish for r in groups["not_admissible"]] == [no]
    assert [r.wish for r in groups["excellence"]] == [star]
    for user in (personas.president, personas.admin):
        response = login(user).get(reverse("selection:deliberation_minutes", args=[2021, intake_x.pk]))
        assert response["Content-Type"] == "application/pdf" and response.content.startswith(b"%PDF")


def test_the_rank_sort_lists_the_admissible_list_in_order(personas, login, intake_x, no_registered_tests):
    second = pre_admissible(intake_x, personas.president, application__candidate__last_name="Aaa")
    first = pre_admissible(intake_x, personas.president, application__candidate__last_name="Zzz")
    pre_admissible(intake_x, personas.president, application__candidate__last_name="Mmm")
    for wish, rank in ((first, 1), (second, 2)):
        services.admissibility_decide(
            wish=wish,
            actor=personas.president,
            outcome=AdmissibilityOutcome.ADMISSIBLE,
            rank=rank,
            now=BEFORE_RESULTS,
        )
    page = text_of(login(personas.president).get(deliberation_url(intake_x) + "?sort=rank"))
    assert page.index("ZZZ") < page.index("AAA") < page.index("MMM")
    assert "Admissible – rang 1" in page


def test_the_president_has_work_waiting_while_a_pre_admissible_candidate_is_undecided(personas, intake_x):
    wish = pre_admissible(intake_x, personas.president)
    assert [c.has_work for c in sessions_with_work(personas.president) if c.year == 2021] == [True]
    services.admissibility_decide(
        wish=wish, actor=personas.president, outcome=AdmissibilityOutcome.ADMISSIBLE, now=BEFORE_RESULTS
    )
    assert [c.has_work for c in sessions_with_work(personas.president) if c.year == 2021] == [False]
