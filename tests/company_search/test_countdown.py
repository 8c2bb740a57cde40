"""Places countdown (R-ADMIT-4): places + extra places minus the wishes holding a place, on
the candidate's home, a public page and a digest e-mail at the session's frequency."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from admissions.models import ExtraPlaces
from candidates.enums import WishState
from company_search import services
from company_search.models import SupportSettings
from company_search.selectors import places_countdown
from notifications.models import OutboxMessage
from tests.company_search.factories import searching_wish

pytestmark = pytest.mark.django_db


def _fill(intake, personas):
    """On BAT 1st year (40 places, +2 extra): 3 wishes hold a place, others do not."""
    ExtraPlaces.objects.create(intake=intake, count=2, opened_by=personas.admin)
    for state in (WishState.PLACED, WishState.ADMITTED, WishState.ENROLLED):
        searching_wish(intake, state=state)
    for state in (WishState.WITHDRAWN, WishState.COMPLEMENTARY, WishState.LEFT, WishState.PRE_ADMISSIBLE):
        searching_wish(intake, state=state)


def test_R_ADMIT_4_places_left_count_the_wishes_holding_a_place(personas, session_2021, intake_x):
    _fill(intake_x, personas)
    rows = {(row.intake.program.code, row.intake.level): row for row in places_countdown(session_2021)}
    bat = rows[("bat", "year_1")]
    assert (bat.places, bat.held, bat.left) == (42, 3, 39)
    assert rows[("infres", "year_1")].left == 40
    # No 2nd-year intake without places (INFRES, MKX): not listed.
    assert ("infres", "year_2") not in rows


def test_R_ADMIT_4_countdown_is_never_negative(personas, session_2021, intake_x):
    intake_x.places = 1
    intake_x.save()
    for _ in range(2):
        searching_wish(intake_x, state=WishState.ENROLLED)
    bat = next(row for row in places_countdown(session_2021) if row.intake == intake_x)
    assert bat.left == 0


def test_R_ADMIT_4_admissible_candidate_sees_the_countdown_on_their_home(
    personas, session_2021, intake_x, login, during_support
):
    _fill(intake_x, personas)
    searching_wish(intake_x, candidate=personas.candidate_a)
    page = login(personas.candidate_a).get(reverse("candidates:home")).content.decode()
    assert "Places restantes par formation" in page
    assert 'data-places-left="bat-year_1"><strong>39</strong>' in page
    # A candidate who is not admissible does not see it.
    searching_wish(intake_x, candidate=personas.candidate_b, state=WishState.PRE_ADMISSIBLE)
    page = login(personas.candidate_b).get(reverse("candidates:home")).content.decode()
    assert "Places restantes par formation" not in page


def test_R_ADMIT_4_countdown_stops_at_the_start_of_classes(personas, session_2021, intake_x, login):
    searching_wish(intake_x, candidate=personas.candidate_a, state=WishState.COMPLEMENTARY)
    with time_machine.travel(dt.datetime(2021, 9, 6, 8, 0, tzinfo=dt.UTC), tick=False):
        page = login(personas.candidate_a).get(reverse("candidates:home")).content.decode()
    assert "Places restantes par formation" not in page


def test_R_ADMIT_4_public_page_shows_the_places_left(personas, session_2021, intake_x, client):
    _fill(intake_x, personas)
    page = client.get(reverse("company_search:places", args=[2021])).content.decode()
    assert 'data-places-left="bat-year_1"><strong>39</strong>' in page
    assert 'data-places-left="mkx-year_1"><strong>40</strong>' in page


def _digests(email):
    return OutboxMessage.objects.filter(template_key="company_search.places_digest", recipient_email=email)


def _tick_daily(first: dt.date, last: dt.date):
    day = first
    while day <= last:
        for hour in (6, 14):  # two ticks a day: the second sends nothing new
            with time_machine.travel(dt.datetime.combine(day, dt.time(hour, 0), tzinfo=dt.UTC), tick=False):
                services.support_tick()
        day += dt.timedelta(days=1)


def test_R_ADMIT_4_digest_weekly_by_default_until_the_start_of_classes(personas, session_2021, intake_x):
    _fill(intake_x, personas)
    wish = searching_wish(intake_x)
    placed = searching_wish(intake_x, state=WishState.PLACED)
    # Before the support starts: nothing.
    _tick_daily(dt.date(2021, 4, 25), dt.date(2021, 5, 2))
    email = wish.application.candidate.email
    assert _digests(email).count() == 0
    # 3 May → 23 May: days 0, 7 and 14 of the support.
    _tick_daily(dt.date(2021, 5, 3), dt.date(2021, 5, 23))
    assert _digests(email).count() == 3
    assert _digests(placed.application.candidate.email).count() == 0
    body = _digests(email).first().body_text
    assert "Bâtiment, 1re année : 38 places restantes sur 42" in body  # the placed wish above holds one
    # The last week before classes (6 September): the digest of 30 August, then none.
    _tick_daily(dt.date(2021, 8, 30), dt.date(2021, 9, 12))
    periods = sorted(int(m.occasion.rpartition(":")[2]) for m in _digests(email))
    assert periods == [0, 1, 2, 17]  # (30 August - 3 May) // 7 = 17
    assert _digests(email).count() == 4


def test_R_ADMIT_4_digest_frequency_is_a_session_setting(personas, session_2021, intake_x):
    SupportSettings.objects.create(campaign=session_2021, digest_every_days=3)
    wish = searching_wish(intake_x)
    _tick_daily(dt.date(2021, 5, 3), dt.date(2021, 5, 11))
    assert _digests(wish.application.candidate.email).count() == 3  # days 0, 3, 6
