"""The 2021 session as admin data, exactly as the notice states it."""

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from admissions.demo import load_session_2021
from admissions.enums import Assessment, AuditAction, EntryLevel, TitleKind
from admissions.models import Campaign, ExtraPlaces, Intake
from admissions.services import campaign_clone, extra_places_open
from core.models import AuditEntry
from tests.factories import CampaignFactory, IntakeFactory, ProgramFactory, UserFactory

pytestmark = pytest.mark.django_db


def _places(campaign):
    return {
        (i.program.code, i.level): i.total_places
        for i in Intake.objects.with_places().filter(campaign=campaign).select_related("program")
    }


def test_R_SESSION_1_places_of_2021(session_2021):
    assert _places(session_2021) == {
        ("bat", EntryLevel.YEAR_1): 40,
        ("infres", EntryLevel.YEAR_1): 40,
        ("mkx", EntryLevel.YEAR_1): 40,
        ("bat", EntryLevel.YEAR_2): 1,
    }


def test_R_SESSION_1_no_second_year_intake_for_infres_or_mkx(session_2021):
    offered = Intake.objects.open_to_candidates().filter(campaign=session_2021, level=EntryLevel.YEAR_2)
    assert [i.program.code for i in offered] == ["bat"]


def test_R_SESSION_2_extra_places_add_to_the_count_with_who_and_when(session_2021):
    admin = UserFactory(role="admin")
    intake = Intake.objects.get(campaign=session_2021, program__code="mkx", level=EntryLevel.YEAR_1)
    extra_places_open(intake=intake, count=3, opened_by=admin, reason="Capacité d'accueil")
    assert Intake.objects.with_places().get(pk=intake.pk).total_places == 43
    assert intake.total_places == 43
    extra = ExtraPlaces.objects.get(intake=intake)
    assert extra.opened_by == admin and extra.opened_at is not None
    entry = AuditEntry.objects.get(action=AuditAction.INTAKE_EXTRA_PLACES_OPENED)
    assert entry.before == {"total_places": 40} and entry.after == {"total_places": 43}


def test_R_SESSION_2_extra_places_must_be_positive(session_2021):
    admin = UserFactory(role="admin")
    intake = Intake.objects.filter(campaign=session_2021).first()
    with pytest.raises(ValueError):
        extra_places_open(intake=intake, count=0, opened_by=admin)


def test_R_SESSION_3_calendar_of_2021(session_2021):
    c = session_2021
    assert c.submission_deadline == dt.date(2021, 3, 9)
    assert c.review_results_on == dt.date(2021, 3, 30)
    assert (c.tests_start_on, c.tests_end_on) == (dt.date(2021, 3, 31), dt.date(2021, 4, 16))
    assert (c.video_english_start_on, c.video_english_end_on) == (dt.date(2021, 3, 31), dt.date(2021, 4, 5))
    assert c.second_interview_notice_on == dt.date(2021, 4, 9)
    assert (c.second_interview_booking_start_on, c.second_interview_booking_end_on) == (
        dt.date(2021, 4, 12),
        dt.date(2021, 4, 16),
    )
    assert c.admissibility_results_on == dt.date(2021, 4, 21)


def test_R_SESSION_3_deadline_is_midnight_paris(session_2021):
    paris = ZoneInfo("Europe/Paris")
    assert session_2021.is_open_for_submission(dt.datetime(2021, 3, 9, 23, 59, 59, tzinfo=paris))
    assert not session_2021.is_open_for_submission(dt.datetime(2021, 3, 10, 0, 0, 0, tzinfo=paris))
    # 23:30 UTC on the 9th is already the 10th in Paris (UTC+1 in March).
    assert not session_2021.is_open_for_submission(dt.datetime(2021, 3, 9, 23, 30, tzinfo=dt.UTC))


@pytest.mark.parametrize(
    ("program", "diploma"),
    [
        ("bat", "Génie Civil - Construction Durable"),
        ("bat", "Systèmes constructifs bois et habitat"),
        ("infres", "Réseaux et Télécommunications"),
        ("infres", "Services Informatiques aux Organisations"),
        ("mkx", "Mesures Physiques"),
        ("mkx", "Aéronautique"),
    ],
)
def test_R_ELIG_1_listed_diplomas_per_program(session_2021, program, diploma):
    intake = Intake.objects.get(campaign=session_2021, program__code=program, level=EntryLevel.YEAR_1)
    title = intake.eligible_titles.get(name_fr=diploma)
    assert title.assessment == Assessment.LISTED
    assert title.required_ects == 120


def test_R_ELIG_1_counts_and_prepa(session_2021):
    counts = {
        i.program.code: i.eligible_titles.filter(kind__in=[TitleKind.DUT, TitleKind.BTS]).count()
        for i in Intake.objects.filter(campaign=session_2021, level=EntryLevel.YEAR_1).select_related(
            "program"
        )
    }
    assert counts == {"bat": 6, "infres": 6, "mkx": 12}
    for intake in Intake.objects.filter(campaign=session_2021, level=EntryLevel.YEAR_1):
        kinds = set(intake.eligible_titles.values_list("kind", flat=True))
        assert {TitleKind.PREPA_ATS, TitleKind.PREPA_SCIENTIFIC} <= kinds


def test_R_ELIG_2_R_ELIG_3_other_and_foreign_titles_are_judged_by_the_jury(session_2021):
    for intake in Intake.objects.filter(campaign=session_2021):
        for kind in (TitleKind.FOREIGN,) + (
            (TitleKind.OTHER_FRENCH,) if intake.level == EntryLevel.YEAR_1 else ()
        ):
            assert intake.eligible_titles.get(kind=kind).assessment == Assessment.JURY


def test_R_ELIG_4_second_year_bat_needs_240_or_300_ects(session_2021):
    intake = Intake.objects.get(campaign=session_2021, program__code="bat", level=EntryLevel.YEAR_2)
    assert intake.eligible_titles.get(kind=TitleKind.MASTER_1).required_ects == 240
    assert intake.eligible_titles.get(kind=TitleKind.MASTER_2).required_ects == 300
    assert set(intake.eligible_titles.values_list("assessment", flat=True)) == {Assessment.JURY}


@pytest.mark.parametrize(("programs", "amount"), [(1, "22"), (2, "33"), (3, "44")])
def test_R_FEES_1_scholarship_holders(session_2021, programs, amount):
    assert session_2021.fees.amount_for(scholarship=True, programs=programs) == Decimal(amount)


@pytest.mark.parametrize(("programs", "amount"), [(1, "77"), (2, "99"), (3, "121")])
def test_R_FEES_2_other_candidates(session_2021, programs, amount):
    assert session_2021.fees.amount_for(scholarship=False, programs=programs) == Decimal(amount)


def test_load_demo_is_idempotent(session_2021):
    load_session_2021()
    assert Campaign.objects.count() == 1
    assert Intake.objects.count() == 4
    assert _places(session_2021)[("bat", EntryLevel.YEAR_1)] == 40


# --- validation ------------------------------------------------------------------------


def test_calendar_dates_must_be_in_order():
    campaign = CampaignFactory.build(year=2027, review_results_on=dt.date(2027, 3, 1))
    with pytest.raises(ValidationError) as error:
        campaign.full_clean()
    assert "review_results_on" in error.value.message_dict


def test_windows_must_lie_inside_the_tests_window():
    campaign = CampaignFactory.build(year=2027, video_english_end_on=dt.date(2027, 4, 30))
    with pytest.raises(ValidationError) as error:
        campaign.full_clean()
    assert "video_english_start_on" in error.value.message_dict


def test_places_cannot_be_negative_even_bypassing_forms(session_2021):
    intake = Intake.objects.filter(campaign=session_2021).first()
    with pytest.raises(IntegrityError), transaction.atomic():
        Intake.objects.filter(pk=intake.pk).update(places=-1)


def test_fees_must_be_positive(session_2021):
    fees = session_2021.fees
    fees.standard_first = Decimal("0")
    with pytest.raises(ValidationError):
        fees.full_clean()


def test_clone_a_session_for_a_new_year(session_2021):
    admin = UserFactory(role="admin")
    new = campaign_clone(source=session_2021, year=2027, name="Session 2027", actor=admin)
    assert not new.is_published
    assert new.submission_deadline == dt.date(2027, 3, 9)
    assert _places(new) == {(code, level): n for (code, level), n in _places(session_2021).items()}
    assert new.fees.standard_first == Decimal("77")
    assert new.document_types.count() == session_2021.document_types.count()
    bat1 = Intake.objects.get(campaign=new, program__code="bat", level=EntryLevel.YEAR_1)
    assert bat1.eligible_titles.count() == 10
    assert bat1.document_types.count() == session_2021.document_types.count()


def test_public_programs_page_query_count_is_flat(client, django_assert_num_queries):
    """List view: the same number of queries for 1 intake and for many."""
    campaign = CampaignFactory(year=2030)
    IntakeFactory(campaign=campaign, program=ProgramFactory(code="solo"))
    with django_assert_num_queries(3) as one:
        assert client.get(reverse("admissions:programs")).status_code == 200
    for n in range(12):
        intake = IntakeFactory(campaign=campaign, program=ProgramFactory(code=f"p{n}"))
        intake.eligible_titles.create(kind=TitleKind.DUT, name_fr=f"DUT {n}")
    with django_assert_num_queries(len(one.captured_queries)):
        response = client.get(reverse("admissions:programs"))
    assert response.content.decode().count('class="card mb-3"') == 13
