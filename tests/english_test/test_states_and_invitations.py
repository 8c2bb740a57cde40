"""The English test's states (one transition function and table) and its invitations
(R-TEST-4, R-TEST-5): once per candidate per session, in their language, in the window."""

from decimal import Decimal

import pytest
import time_machine

from core.models import AuditEntry
from english_test import services
from english_test.enums import ALLOWED_TRANSITIONS, AuditAction, TakeState
from english_test.models import Take
from jury.enums import ProbatoryTest
from notifications.milestones import get_action
from notifications.models import OutboxMessage
from notifications.services import milestone_run

from .factories import AFTER_WINDOW, BEFORE_WINDOW, IN_WINDOW, released_wish, take_for

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("source", list(TakeState))
@pytest.mark.parametrize("target", list(TakeState))
def test_transitions_follow_the_table(personas, intake_x2, source, target):
    take = take_for(released_wish(intake_x2, decided_by=personas.president), state=source)
    if target in ALLOWED_TRANSITIONS[source]:
        take = services.take_transition(take=take, target=target, score=Decimal(50), level="B1")
        assert take.state == target
        assert AuditEntry.objects.filter(action=AuditAction.TRANSITION, object_id=str(take.pk)).count() == 1
    else:
        with pytest.raises(services.TransitionRefused):
            services.take_transition(take=take, target=target)
        take.refresh_from_db()
        assert take.state == source
        assert not AuditEntry.objects.filter(object_id=str(take.pk), action=AuditAction.TRANSITION).exists()


def test_invalidated_is_final_and_needs_a_reason(personas, intake_x2):
    take = take_for(released_wish(intake_x2, decided_by=personas.president), state=TakeState.COMPLETED)
    with pytest.raises(services.EnglishTestError):
        services.take_invalidate(take=take, actor=personas.admin, reason="  ")
    take = services.take_invalidate(take=take, actor=personas.admin, reason="Someone else sat the test")
    assert take.state == TakeState.INVALIDATED
    entry = AuditEntry.objects.get(action=AuditAction.INVALIDATED)
    assert entry.reason == "Someone else sat the test"
    assert entry.before["state"] == "completed" and entry.after["state"] == "invalidated"
    assert entry.actor == personas.admin


def _invitations():
    return OutboxMessage.objects.filter(template_key="english_test.invitation")


def test_R_TEST_5_invitations_once_per_candidate_even_with_two_wishes(
    personas, intake_x, intake_x2, intake_y
):
    two = released_wish(intake_x2, decided_by=personas.president)
    released_wish(intake_y, decided_by=personas.president, application=two.application)
    english_speaker = released_wish(
        intake_x2, decided_by=personas.president, candidate__preferred_language="en"
    )
    # 1st year: only when the jury chose it (R-TEST-4).
    without = released_wish(intake_x, decided_by=personas.president, tests=(ProbatoryTest.VIDEO_INTERVIEW,))
    with time_machine.travel(IN_WINDOW, tick=False):
        report = services.invitations_send(campaign=intake_x.campaign)
        assert (report.invited, report.emails) == (2, 2)
        rerun = services.invitations_send(campaign=intake_x.campaign)
    assert (rerun.invited, rerun.emails) == (0, 0)
    assert Take.objects.count() == 2
    assert not Take.objects.filter(application=without.application).exists()
    assert _invitations().count() == 2
    french = _invitations().get(recipient_email=two.application.candidate.email)
    english = _invitations().get(recipient_email=english_speaker.application.candidate.email)
    assert "31 mars 2021" in french.subject and "test d'anglais" in french.subject
    assert "English test" in english.subject and "31 March 2021" in english.subject
    assert "/anglais/2021/test/" in english.body_text


def test_invitations_refused_outside_the_window(personas, intake_x2):
    released_wish(intake_x2, decided_by=personas.president)
    for moment in (BEFORE_WINDOW, AFTER_WINDOW):
        with time_machine.travel(moment, tick=False), pytest.raises(services.OutsideWindow):
            services.invitations_send(campaign=intake_x2.campaign)
    assert not Take.objects.exists() and not _invitations().exists()


def test_the_milestone_invites_on_31_march_and_a_rerun_queues_nothing(personas, intake_x2):
    released_wish(intake_x2, decided_by=personas.president)
    campaign = intake_x2.campaign
    action = get_action("english_test.invite")
    assert action.date_field == "video_english_start_on"
    with time_machine.travel(IN_WINDOW, tick=False):
        assert milestone_run(action_key=action.key, campaign=campaign) is not None
        assert milestone_run(action_key=action.key, campaign=campaign) is None
        milestone_run(action_key=action.key, campaign=campaign, rerun=True)
        assert services.invitations_milestone_run(campaign) == 0
    assert _invitations().count() == 1
