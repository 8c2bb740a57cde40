import pytest
from django.conf import settings

from tests.jury.conftest import intake_x, intake_x2, intake_y  # noqa: F401 - shared fixtures


@pytest.fixture(autouse=True)
def _pages_in_english(client):
    """Assertions read the pages in English (the French is checked by `make messages`)."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
