import pytest
import time_machine

from notifications.models import OutboxMessage
from tests.candidates.factories import OPEN_TIME
from tests.factories import UserFactory


@pytest.fixture
def during_session():
    """Freeze time inside the 2021 submission window (ticking, so timestamps move)."""
    with time_machine.travel(OPEN_TIME, tick=True) as traveller:
        yield traveller


@pytest.fixture
def candidate(db):
    return UserFactory(email="camille@example.org", first_name="Camille", last_name="Martin")


@pytest.fixture
def other_candidate(db):
    return UserFactory(email="other@example.org")


@pytest.fixture
def mailbox(db):
    """The outbox rows (notifications), newest last."""
    return lambda: list(OutboxMessage.objects.order_by("pk"))
