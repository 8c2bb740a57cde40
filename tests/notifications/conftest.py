import datetime as dt

import pytest
from django.utils import translation
from django.utils.functional import lazy

from notifications.registry import register_template
from tests.factories import CampaignFactory
from tests.notifications import fake_smtp


def in_active_language(**texts):
    """A lazy text like gettext's, for a test-only template whose texts are in no catalogue."""
    return lazy(lambda: texts[translation.get_language()], str)()


# A template used by the tests only: one value typed by a candidate.
register_template(
    "tests.hello",
    label="Test greeting",
    placeholders={"motivation": "What the candidate wrote", "session": "Session name"},
    subject=in_active_language(fr="Bonjour {{ candidate_name }}", en="Hello {{ candidate_name }}"),
    body=in_active_language(
        fr="Bonjour {{ candidate_name }},\nVous avez écrit : {{ motivation }}\n{{ site_url }}",
        en="Hello {{ candidate_name }},\nYou wrote: {{ motivation }}\n{{ site_url }}",
    ),
)


@pytest.fixture
def flaky_smtp(settings):
    settings.EMAIL_BACKEND = "tests.notifications.fake_smtp.FlakySMTPBackend"
    fake_smtp.FAILURES.clear()
    fake_smtp.SENT_TO.clear()
    yield fake_smtp
    fake_smtp.FAILURES.clear()
    fake_smtp.SENT_TO.clear()


@pytest.fixture
def campaign(db):
    """The 2021 calendar: deadline 9 March 2021."""
    return CampaignFactory(year=2021, submission_deadline=dt.date(2021, 3, 9))
