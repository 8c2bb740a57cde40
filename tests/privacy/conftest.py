"""A session's worth of personal data, built through the real services at one moment of the
2021 session: one dossier per retention category, plus what no rule should touch yet."""

import datetime as dt
import uuid
from dataclasses import dataclass

import pytest
import time_machine
from axes.models import AccessLog
from django.core.files.storage import default_storage
from django.utils import translation

from candidates.enums import WishState
from candidates.models import Document, Wish
from candidates.services import referee_answer
from notifications.models import OutboxMessage
from privacy import services
from privacy.models import RetentionRule
from tests.candidates.factories import OPEN_TIME, fill_dossier, pay
from tests.factories import UserFactory, referee_answers


@dataclass
class World:
    campaign: object
    not_admitted: object  # applications
    enrolled: object
    withdrawn: object
    open: object
    unused: object  # an account without a dossier
    other_unused: object  # signed up later: its date comes later

    def files_of(self, application) -> list[str]:
        return list(Document.objects.filter(application=application).values_list("file", flat=True))


def _dossier(campaign, email, state):
    user = UserFactory(email=email)
    application = fill_dossier(user, campaign)
    pay(application, user)
    referee = application.referees.get()
    referee_answer(referee=referee, answers=referee_answers())
    Wish.objects.filter(application=application).update(state=state)
    AccessLog.objects.create(username=email, ip_address="127.0.0.1", user_agent="test")
    return application


def build_world(campaign) -> World:
    with time_machine.travel(OPEN_TIME, tick=False):
        world = World(
            campaign=campaign,
            not_admitted=_dossier(campaign, "rejected@example.org", WishState.REJECTED),
            enrolled=_dossier(campaign, "enrolled@example.org", WishState.ENROLLED),
            withdrawn=_dossier(campaign, "withdrawn@example.org", WishState.WITHDRAWN),
            open=_dossier(campaign, "admissible@example.org", WishState.ADMISSIBLE),
            unused=UserFactory(email="unused@example.org"),
            other_unused=None,
        )
        # A referee's e-mail (queued on commit by the service; the tests' transaction never commits).
        OutboxMessage.objects.create(
            recipient_email="prof@lycee.example.org",
            subject="Appraisal",
            body_text="Please answer.",
            template_key="referee.request",
            idempotency_key=uuid.uuid4().hex,
        )
    with time_machine.travel(OPEN_TIME + dt.timedelta(days=100), tick=False):
        world.other_unused = UserFactory(email="later@example.org")
    for application in (world.not_admitted, world.enrolled, world.withdrawn, world.open):
        assert all(default_storage.exists(name) for name in world.files_of(application))
    return world


@pytest.fixture(autouse=True)
def _in_english(client, settings):
    """These tests read the English words (the French ones are checked where it matters:
    the privacy notice in both languages)."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    with translation.override("en"):
        yield


@pytest.fixture
def world(session_2021):
    return build_world(session_2021)


def audit_rule_save(*, duration: int, unit: str = "months", existing: bool = True):
    """Save the audit log's rule through the service (the existing row, or a second one)."""
    return services.rule_save(
        actor=None,
        category="core.audit",
        anchor="record_date",
        duration=duration,
        unit=unit,
        action="delete",
        reason="x",
        rule=RetentionRule.objects.get(category="core.audit") if existing else None,
    )
