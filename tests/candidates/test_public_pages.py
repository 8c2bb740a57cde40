"""The public home and programs pages (issue 16, the candidate): a signed-in visitor is not
invited to create an account; "1 place", "40 places"."""

import re

import pytest
from django.urls import reverse

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _places(html):
    return re.findall(r'<span class="places-count"[^>]*>(\d+)</span> (places?)\b', html)


@pytest.mark.parametrize("name", ["admissions:home", "admissions:programs"])
def test_places_are_counted_in_the_right_number(client, session_2021, during_session, name):
    places = _places(client.get(reverse(name)).content.decode())
    assert ("1", "place") in places  # BAT 2nd year
    assert ("40", "places") in places
    assert all((n == "1") == (word == "place") for n, word in places)


def test_a_signed_in_candidate_is_not_invited_to_create_an_account(
    client, login, session_2021, during_session
):
    anonymous = client.get(reverse("admissions:home")).content.decode()
    assert "Créer mon compte pour candidater" in anonymous or "Créer mon compte" in anonymous
    html = login(UserFactory()).get(reverse("admissions:home")).content.decode()
    assert "Créer mon compte" not in html and "Créer un compte" not in html
    assert f'href="{reverse("accounts:home")}"' in html and "Aller à mon espace" in html
