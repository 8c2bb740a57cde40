"""Wishes and eligibility (R-ELIG-1..5, R-SESSION-1, R-DOSSIER-1)."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from admissions.models import EligibleTitle, Intake
from candidates import services
from candidates.enums import Eligibility, TitleChoice
from candidates.models import Wish
from candidates.selectors import dossier_completeness, listed_title_choices
from tests.candidates.factories import fill_dossier, fresh, intake, listed_title

pytestmark = pytest.mark.django_db


def test_R_ELIG_1_listed_title_with_enough_ects_is_listed(session_2021, candidate, during_session):
    application = fill_dossier(candidate, session_2021, programs=("bat",), documents=False)
    assert [w.eligibility for w in application.wishes.all()] == [Eligibility.LISTED]


def test_R_ELIG_1_listed_title_below_120_ects_is_refused_and_no_wish(session_2021, candidate, during_session):
    application = fill_dossier(candidate, session_2021, programs=(), ects=90, documents=False)
    with pytest.raises(services.DossierError) as error:
        services.wish_add(application=application, intake=intake(session_2021, "bat"), actor=candidate)
    assert error.value.code == "ineligible"
    assert "120" in error.value.message
    assert not Wish.objects.filter(application=application).exists()


def test_R_ELIG_2_listed_title_of_another_program_goes_to_the_jury(session_2021, candidate, during_session):
    application = fill_dossier(candidate, session_2021, programs=("infres",), documents=False)  # BTS Bâtiment
    assert [w.eligibility for w in application.wishes.all()] == [Eligibility.JURY]


def test_R_ELIG_2_other_french_title_goes_to_the_jury(session_2021, candidate, during_session):
    application = fill_dossier(
        candidate, session_2021, title_choice=TitleChoice.OTHER_FRENCH, documents=False
    )
    assert [w.eligibility for w in application.wishes.all()] == [Eligibility.JURY]


def test_R_ELIG_2_other_french_title_below_minimum_is_refused(session_2021, candidate, during_session):
    application = fill_dossier(
        candidate, session_2021, programs=(), title_choice=TitleChoice.OTHER_FRENCH, ects=60, documents=False
    )
    with pytest.raises(services.DossierError):
        services.wish_add(application=application, intake=intake(session_2021, "mkx"), actor=candidate)


def test_R_ELIG_3_foreign_title_goes_to_the_jury(session_2021, candidate, during_session):
    application = fill_dossier(
        candidate, session_2021, title_choice=TitleChoice.FOREIGN, ects=0, documents=False
    )
    assert [w.eligibility for w in application.wishes.all()] == [Eligibility.JURY]


def test_R_ELIG_4_second_year_needs_240_ects_and_is_judged_by_the_jury(
    session_2021, candidate, during_session
):
    m1 = EligibleTitle.objects.get(intake__campaign=session_2021, intake__level="year_2", kind="master_1")
    application = fill_dossier(candidate, session_2021, programs=(), title=m1, ects=180, documents=False)
    bat2 = intake(session_2021, "bat", "year_2")
    with pytest.raises(services.DossierError) as error:
        services.wish_add(application=application, intake=bat2, actor=candidate)
    assert "240" in error.value.message
    services.application_title_update(application=application, actor=candidate, ects=240)
    wish = services.wish_add(application=fresh(application), intake=bat2, actor=candidate)
    assert wish.eligibility == Eligibility.JURY


def test_R_ELIG_5_diploma_in_progress_may_apply(session_2021, candidate, during_session):
    application = fill_dossier(candidate, session_2021, in_progress=True, documents=False)
    assert application.title_in_progress
    assert [w.eligibility for w in application.wishes.all()] == [Eligibility.LISTED]


def test_R_SESSION_1_no_second_year_intake_for_infres_or_mkx(session_2021, candidate, during_session, login):
    """INFRES and MKX have no 2nd-year intake in 2021: they are not offered."""
    fill_dossier(candidate, session_2021, programs=(), documents=False)
    response = login(candidate).get(reverse("candidates:wishes", args=[2021]))
    offered = list(response.context["form"].fields["intake"].queryset)
    assert len(offered) == 4
    assert {(i.program.code, i.level) for i in offered} == {
        ("bat", "year_1"),
        ("infres", "year_1"),
        ("mkx", "year_1"),
        ("bat", "year_2"),
    }


def test_R_SESSION_1_intake_without_places_cannot_be_chosen(session_2021, candidate, during_session, login):
    closed = Intake.objects.create(
        campaign=session_2021, program=intake(session_2021, "infres").program, level="year_2", places=0
    )
    application = fill_dossier(candidate, session_2021, programs=(), documents=False)
    with pytest.raises(services.DossierError) as error:
        services.wish_add(application=application, intake=closed, actor=candidate)
    assert error.value.code == "closed_intake"
    response = login(candidate).post(reverse("candidates:wishes", args=[2021]), {"intake": closed.pk})
    assert response.status_code == 200
    assert not Wish.objects.filter(intake=closed).exists()


def test_R_DOSSIER_1_several_wishes_one_per_intake(session_2021, candidate, during_session):
    application = fill_dossier(candidate, session_2021, programs=("bat", "infres", "mkx"), documents=False)
    assert application.wishes.count() == 3
    with pytest.raises(services.DossierError) as error:
        services.wish_add(application=application, intake=intake(session_2021, "bat"), actor=candidate)
    assert error.value.code == "duplicate"


def test_ineligible_wish_message_on_the_page(session_2021, candidate, during_session, login):
    fill_dossier(candidate, session_2021, programs=(), ects=60, documents=False)
    response = login(candidate).post(
        reverse("candidates:wishes", args=[2021]), {"intake": intake(session_2021, "bat").pk}
    )
    assert response.status_code == 200
    assert "120" in response.content.decode()
    assert not Wish.objects.exists()


def test_lowering_ects_flags_existing_wishes_and_blocks_submission(session_2021, candidate, during_session):
    application = fill_dossier(candidate, session_2021)
    services.application_title_update(application=application, actor=candidate, ects=100)
    application = fresh(application)
    assert [w.eligibility for w in application.wishes.all()] == [Eligibility.INELIGIBLE]
    assert dossier_completeness(application).missing


def test_remove_a_draft_wish(session_2021, candidate, during_session, login):
    application = fill_dossier(candidate, session_2021, programs=("bat", "mkx"), documents=False)
    wish = application.wishes.last()
    response = login(candidate).post(reverse("candidates:wish_remove", args=[wish.pk]))
    assert response.status_code == 302
    assert fresh(application).wishes.count() == 1


def test_wishes_cannot_be_added_after_the_deadline(session_2021, candidate):
    with time_machine.travel(dt.datetime(2021, 3, 1, 12, tzinfo=dt.UTC), tick=False):
        application = fill_dossier(candidate, session_2021, programs=(), documents=False)
    midnight_paris = dt.datetime(2021, 3, 9, 23, 0, tzinfo=dt.UTC)  # 00:00 on the 10th in Paris
    with time_machine.travel(midnight_paris, tick=False), pytest.raises(services.DossierError) as error:
        services.wish_add(application=application, intake=intake(session_2021, "bat"), actor=candidate)
    assert error.value.code == "closed"


def test_listed_title_choices_deduplicate_across_programs(session_2021):
    names = [(t.kind, t.name_fr) for t in listed_title_choices(session_2021)]
    assert len(names) == len(set(names))
    assert ("dut", "Génie Électrique et Informatique Industrielle") in names
    assert all(kind not in ("other_french", "foreign") for kind, _ in names)
    assert listed_title(session_2021).kind == "bts"
