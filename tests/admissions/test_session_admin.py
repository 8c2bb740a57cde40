"""The admin's session tools (issue 16, "The admin"): a new session from the last one with
every date moved by one interval, publishing that says what it changes for whom, the session
form in sections and in French, the technical admin pages kept from school admins
(R-SESSION-1..3 as admin data)."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from accounts.enums import Role
from admissions.models import Campaign
from admissions.services import campaign_clone, clone_opening_default
from core.models import AuditEntry
from tests.conftest import activate_totp
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _calendar(campaign):
    return {name: getattr(campaign, name) for name in Campaign.calendar_field_names()}


def _assert_moved_by(source, copy, days):
    """Every date of `copy` is its `source` date plus the same interval: weekday kept when a
    whole number of weeks, every gap between dates kept, so every check of the session passes."""
    for name, day in _calendar(source).items():
        assert getattr(copy, name) == day + dt.timedelta(days=days), name
    copy.full_clean()


def test_copy_moves_every_date_by_whole_weeks_keeping_weekdays(session_2021, personas):
    """R-SESSION-3: 2021 → 2022 moves by 52 weeks (364 days): the Monday opening stays a Monday."""
    copy = campaign_clone(source=session_2021, year=2022, name="Session 2022", actor=personas.admin)
    assert copy.submission_opens_on == dt.date(2022, 1, 10)
    _assert_moved_by(session_2021, copy, 364)
    for name, day in _calendar(session_2021).items():
        assert getattr(copy, name).weekday() == day.weekday(), name
    entry = AuditEntry.objects.get(action="campaign.cloned")
    assert entry.after == {"from": 2021, "shift_days": 364}


def test_copy_follows_an_opening_the_admin_chose(session_2021, personas):
    copy = campaign_clone(
        source=session_2021,
        year=2022,
        name="Session 2022",
        actor=personas.admin,
        opens_on=dt.date(2022, 1, 17),
    )
    _assert_moved_by(session_2021, copy, 371)


def test_default_opening_is_the_nearest_whole_weeks(session_2021):
    assert clone_opening_default(session_2021, 2022) == dt.date(2022, 1, 10)
    assert clone_opening_default(session_2021, 2027) == dt.date(2027, 1, 11)  # 313 weeks exactly


def test_backoffice_starts_a_new_session_with_the_opening_filled_in(login, personas, session_2021):
    client = login(personas.admin)
    home = client.get(reverse("admissions:backoffice")).content.decode()
    url = reverse("admissions:session_clone", args=[2021])
    assert f'href="{url}"' in home
    page = client.get(url).content.decode()
    assert 'value="2022"' in page and 'value="Session 2022"' in page
    assert 'value="10/01/2022"' in page  # the opening: no need to retype it
    response = client.post(url, {"year": "2022", "name": "Session 2022", "opens_on": "10/01/2022"})
    copy = Campaign.objects.get(year=2022)
    assert response.status_code == 302 and response["Location"] == reverse(
        "admin:admissions_campaign_change", args=[copy.pk]
    )
    assert not copy.is_published
    _assert_moved_by(session_2021, copy, 364)
    assert AuditEntry.objects.filter(action="campaign.cloned", actor=personas.admin).count() == 1
    # The year of an existing session is refused with a message, nothing created.
    again = client.post(url, {"year": "2022", "name": "Session bis", "opens_on": ""})
    assert again.status_code == 200 and "Une session 2022 existe déjà." in again.content.decode()
    assert Campaign.objects.filter(year=2022).count() == 1


def test_admin_action_copies_with_the_same_interval(login, personas, session_2021):
    client = login(personas.admin)
    url = reverse("admin:admissions_campaign_changelist")
    form = client.post(url, {"action": "clone_campaign", "_selected_action": [session_2021.pk]})
    assert 'value="10/01/2022"' in form.content.decode()
    response = client.post(
        url,
        {"action": "clone_campaign", "_selected_action": [session_2021.pk], "apply": "1", "year": "2022"}
        | {"name": "Session 2022", "opens_on": ""},
    )
    assert response.status_code == 302
    _assert_moved_by(session_2021, Campaign.objects.get(year=2022), 364)


def test_publishing_a_second_session_says_what_it_changes_for_whom(login, personas, session_2021):
    copy = campaign_clone(source=session_2021, year=2022, name="Session 2022", actor=personas.admin)
    client = login(personas.admin)
    url = reverse("admissions:session_publish", args=[2022])
    assert f'href="{url}"' in client.get(reverse("admissions:backoffice")).content.decode()
    page = client.get(url).content.decode()
    for text in (
        "Les pages publiques (accueil, formations, frais, calendrier) passent de Session 2021 "
        "à Session 2022.",
        "Candidats de Session 2021",
        "Ils gardent leurs dossiers, récépissés et décisions de Session 2021",
        "Jury et CFA",
        "le sélecteur de session propose Session 2021 et Session 2022",
        "du 10 janvier 2022 au 8 mars 2022",
    ):
        assert text in page, text
    assert not Campaign.objects.get(pk=copy.pk).is_published  # a GET changes nothing
    response = client.post(url)
    assert response.status_code == 302
    assert Campaign.objects.get(pk=copy.pk).is_published
    assert Campaign.objects.get(year=2021).is_published  # overlapping sessions: 2021 stays
    entry = AuditEntry.objects.get(action="campaign.published")
    assert entry.before == {"is_published": False} and entry.after == {"is_published": True}


def test_publication_is_not_a_checkbox_of_the_admin_form(login, personas, session_2021):
    """Publishing goes through the page that says its effects: the admin form shows the state
    and links to it; a posted `is_published` changes nothing."""
    copy = campaign_clone(source=session_2021, year=2022, name="Session 2022", actor=personas.admin)
    client = login(personas.admin)
    page = client.get(reverse("admin:admissions_campaign_change", args=[copy.pk])).content.decode()
    assert 'name="is_published"' not in page
    assert reverse("admissions:session_publish", args=[2022]) in page


def test_session_form_in_sections_in_french(login, personas, session_2021):
    client = login(personas.admin)
    page = client.get(reverse("admin:admissions_campaign_change", args=[session_2021.pk])).content.decode()
    for heading in ("Calendrier (dates de Paris)", "Frais (€)", "Promotions (formations et places)"):
        assert heading in page, heading
    assert "Pièces justificatives" in page
    assert "Formation" in page and "Program" not in page
    assert "EUR" not in page


def test_dates_in_messages_as_in_the_fields(session_2021):
    """A calendar error names the date as the field writes it (09/03/2021), not 2021-03-09."""
    session_2021.review_results_on = dt.date(2021, 3, 1)
    with pytest.raises(ValidationError) as error:
        session_2021.full_clean()
    message = " ".join(error.value.messages)
    assert "(09/03/2021)" in message and "2021-03-09" not in message


def test_school_admin_sees_the_school_sections_not_the_technical_ones(client, session_2021):
    school_admin = activate_totp(UserFactory(email="ecole@example.org", role=Role.ADMIN))
    assert not school_admin.is_superuser
    client.force_login(school_admin, backend="django.contrib.auth.backends.ModelBackend")
    index = client.get(reverse("admin:index")).content.decode()
    for url in ("admin:admissions_campaign_changelist", "admin:notifications_emailtemplate_changelist"):
        assert reverse(url) in index, url
    for app in ("sites", "axes", "mfa", "auth"):
        assert f"/admin/{app}/" not in index, app
    assert client.get("/admin/axes/accessattempt/").status_code == 403
    assert client.get("/admin/mfa/authenticator/").status_code == 403
    assert client.get(reverse("admin:admissions_campaign_change", args=[session_2021.pk])).status_code == 200
    # Staff accounts yes, but not who runs the infrastructure.
    account = client.get(reverse("admin:accounts_user_change", args=[school_admin.pk])).content.decode()
    assert 'name="is_superuser"' not in account
    technician = UserFactory(email="tech@example.org", role=Role.ADMIN, is_superuser=True)
    password_url = reverse("admin:auth_user_password_change", args=[technician.pk])
    assert client.get(password_url).status_code == 403
    assert client.post(reverse("admin:accounts_user_change", args=[technician.pk]), {}).status_code == 403


def test_superuser_keeps_the_technical_sections(login, personas):
    index = login(personas.admin).get(reverse("admin:index")).content.decode()
    assert "/admin/axes/" in index and "/admin/sites/" in index and "/admin/mfa/" in index
