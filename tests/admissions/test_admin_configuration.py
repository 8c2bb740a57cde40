"""Admins configure a whole new session without code, with validation: a clear error and
nothing saved otherwise (issue 2, R-SESSION-1..3, R-FEES-1/2)."""

import pytest
from django.urls import reverse

from admissions.models import Campaign, Intake

pytestmark = pytest.mark.django_db

CALENDAR_2027 = {
    "name": "Session 2027",
    "year": "2027",
    "is_published": "on",
    "submission_opens_on": "2027-01-11",
    "submission_deadline": "2027-03-09",
    "review_results_on": "2027-03-30",
    "tests_start_on": "2027-03-31",
    "tests_end_on": "2027-04-16",
    "video_english_start_on": "2027-03-31",
    "video_english_end_on": "2027-04-05",
    "second_interview_notice_on": "2027-04-09",
    "second_interview_booking_start_on": "2027-04-12",
    "second_interview_booking_end_on": "2027-04-16",
    "admissibility_results_on": "2027-04-21",
    "company_search_start_on": "2027-05-03",
    "classes_start_on": "2027-09-06",
}


def _inline_management(prefix, total, initial=0):
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def _form(program_pk, *, places="30", fee="80", **overrides):
    data = {**CALENDAR_2027, **overrides}
    data.update(_inline_management("fees", 1))
    data.update(
        {
            "fees-0-scholar_first": "25",
            "fees-0-scholar_additional": "12",
            "fees-0-standard_first": fee,
            "fees-0-standard_additional": "25",
            "fees-0-currency": "EUR",
        }
    )
    data.update(_inline_management("intakes", 1))
    data.update(
        {
            "intakes-0-program": str(program_pk),
            "intakes-0-level": "year_1",
            "intakes-0-places": places,
            "intakes-0-min_ects": "120",
        }
    )
    data.update(_inline_management("document_types", 0))
    return data


def test_admin_creates_a_2027_session_with_places_and_fees(login, personas):
    client = login(personas.admin)
    response = client.post(reverse("admin:admissions_campaign_add"), _form(personas.program_x.pk))
    assert response.status_code == 302, response.content.decode()[:2000]
    campaign = Campaign.objects.get(year=2027)
    assert campaign.fees.standard_first == 80
    assert Intake.objects.get(campaign=campaign).places == 30


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"review_results_on": "2027-03-01"}, "Doit être postérieure"),
        (
            {"video_english_end_on": "2027-05-30"},
            "Doit être comprise dans la période des épreuves probatoires",
        ),
        ({"places": "-1"}, "supérieure ou égale à 0"),
        ({"fee": "0"}, "Un montant doit être supérieur à zéro"),
    ],
)
def test_invalid_session_is_refused_with_a_clear_error_and_nothing_saved(login, personas, overrides, message):
    client = login(personas.admin)
    data = _form(personas.program_x.pk, **overrides)
    response = client.post(reverse("admin:admissions_campaign_add"), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Campaign.objects.filter(year=2027).exists()
    assert not Intake.objects.filter(campaign__year=2027).exists()


def test_admin_clones_the_2021_session(login, personas, session_2021):
    client = login(personas.admin)
    url = reverse("admin:admissions_campaign_changelist")
    response = client.post(url, {"action": "clone_campaign", "_selected_action": [session_2021.pk]})
    assert response.status_code == 200 and "Session 2022" in response.content.decode()
    response = client.post(
        url,
        {
            "action": "clone_campaign",
            "_selected_action": [session_2021.pk],
            "apply": "1",
            "year": "2027",
            "name": "Session 2027",
        },
    )
    assert response.status_code == 302
    assert Intake.objects.filter(campaign__year=2027).count() == 4


def test_admin_opens_extra_places_recorded_with_who(login, personas, session_2021):
    client = login(personas.admin)
    intake = Intake.objects.get(campaign=session_2021, program__code="bat", level="year_2")
    url = reverse("admin:admissions_intake_change", args=[intake.pk])
    page = client.get(url)
    assert page.status_code == 200
    data = {
        "campaign": session_2021.pk,
        "program": intake.program_id,
        "level": intake.level,
        "places": "1",
        "min_ects": "240",
        "document_types": [d.pk for d in intake.document_types.all()],
    }
    titles = list(intake.eligible_titles.all())
    data.update(_inline_management("eligible_titles", len(titles), len(titles)))
    for i, t in enumerate(titles):
        data.update(
            {
                f"eligible_titles-{i}-id": t.pk,
                f"eligible_titles-{i}-intake": intake.pk,
                f"eligible_titles-{i}-position": t.position,
                f"eligible_titles-{i}-kind": t.kind,
                f"eligible_titles-{i}-name_fr": t.name_fr,
                f"eligible_titles-{i}-name_en": t.name_en,
                f"eligible_titles-{i}-assessment": t.assessment,
                f"eligible_titles-{i}-min_ects": t.min_ects or "",
            }
        )
    data.update(_inline_management("extra_places", 1))
    data.update({"extra_places-0-count": "2", "extra_places-0-reason": "Demande de l'entreprise"})
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    extra = intake.extra_places.get()
    assert extra.opened_by == personas.admin
    assert intake.total_places == 3
