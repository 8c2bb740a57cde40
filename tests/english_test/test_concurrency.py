"""Races on PostgreSQL: the invitations run twice at once (the milestone's tick and an
administrator's button), the same provider event delivered twice at once."""

import pytest
import time_machine

from core.models import AuditEntry
from english_test import services
from english_test.enums import AuditAction, TakeState
from english_test.models import ProviderEvent, Take
from english_test.providers import ProviderResult
from notifications.models import OutboxMessage
from tests.candidates.test_concurrency import _race

from .factories import IN_WINDOW, released_wish, take_for


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_invitations_invite_each_candidate_once(personas, intake_x2):
    for _ in range(5):
        released_wish(intake_x2, decided_by=personas.president)
    with time_machine.travel(IN_WINDOW, tick=True):
        results, errors = _race(3, lambda: services.invitations_send(campaign=intake_x2.campaign).emails)
    assert errors == []
    assert sum(results) == 5
    assert Take.objects.count() == 5
    assert OutboxMessage.objects.filter(template_key="english_test.invitation").count() == 5
    assert AuditEntry.objects.filter(action=AuditAction.INVITED).count() == 5


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_the_same_event_delivered_twice_at_once_records_once(personas, intake_x2):
    take = take_for(released_wish(intake_x2, decided_by=personas.president), provider="generic")

    def deliver():
        result = ProviderResult(
            source="generic", event_id="evt-race", kind=TakeState.STARTED, reference=take.reference
        )
        try:
            return services.provider_result_receive(result=result, take=take)
        except services.ReplayedEvent:
            return "replayed"

    results, errors = _race(4, deliver)
    assert errors == []
    assert sorted(results) == ["recorded", "replayed", "replayed", "replayed"]
    assert ProviderEvent.objects.count() == 1
    assert AuditEntry.objects.filter(action=AuditAction.TRANSITION).count() == 1
