"""The wish state machine: one function checks every change (DESIGN.md, lifecycle)."""

import pytest

from admissions.models import Intake
from candidates.enums import ALLOWED_TRANSITIONS, WishState
from candidates.models import Application, Wish
from candidates.workflow import TransitionNotAllowed, wish_transition, wishes_transition
from core.models import AuditEntry
from jury.enums import AuditAction
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _wishes(session_2021, n, state=WishState.SUBMITTED):
    intake = Intake.objects.get(campaign=session_2021, program__code="bat", level="year_1")
    wishes = []
    for _ in range(n):
        application = Application.objects.create(campaign=session_2021, candidate=UserFactory())
        wishes.append(Wish.objects.create(application=application, intake=intake, state=state))
    return wishes


def test_every_state_has_its_allowed_transitions():
    assert set(ALLOWED_TRANSITIONS) == set(WishState.values)
    for terminal in (WishState.REJECTED, WishState.WITHDRAWN, WishState.VOIDED, WishState.ENROLLED):
        assert ALLOWED_TRANSITIONS[terminal] == frozenset()


def test_a_transition_outside_the_table_is_refused_and_changes_nothing(session_2021):
    (wish,) = _wishes(session_2021, 1, WishState.DRAFT)
    with pytest.raises(TransitionNotAllowed):
        wish_transition(
            wish=wish, target=WishState.ADMISSIBLE, actor=None, action=AuditAction.DECISION_RELEASED
        )
    wish.refresh_from_db()
    assert wish.state == WishState.DRAFT
    assert not AuditEntry.objects.exists()


def test_a_transition_is_saved_and_audited(session_2021):
    (wish,) = _wishes(session_2021, 1)
    actor = UserFactory(role="jury_president")
    wish_transition(
        wish=wish,
        target=WishState.UNDER_REVIEW,
        actor=actor,
        action=AuditAction.TAKE_INTO_REVIEW,
        reason="take",
    )
    wish.refresh_from_db()
    assert wish.state == WishState.UNDER_REVIEW
    entry = AuditEntry.objects.get(object_id=str(wish.pk))
    assert (entry.before, entry.after, entry.actor) == (
        {"state": "submitted"},
        {"state": "under_review"},
        actor,
    )


def test_many_wishes_move_together_with_one_audit_entry_each(session_2021, django_assert_max_num_queries):
    wishes = _wishes(session_2021, 30)
    with django_assert_max_num_queries(6):
        wishes_transition(
            wishes=wishes, target=WishState.UNDER_REVIEW, actor=None, action=AuditAction.TAKE_INTO_REVIEW
        )
    assert set(Wish.objects.filter(pk__in=[w.pk for w in wishes]).values_list("state", flat=True)) == {
        WishState.UNDER_REVIEW
    }
    assert all(w.state == WishState.UNDER_REVIEW for w in wishes)
    assert AuditEntry.objects.filter(action=AuditAction.TAKE_INTO_REVIEW).count() == 30


def test_many_wishes_move_all_or_none(session_2021):
    wishes = _wishes(session_2021, 3)
    withdrawn = _wishes(session_2021, 1, WishState.WITHDRAWN)
    with pytest.raises(TransitionNotAllowed):
        wishes_transition(
            wishes=wishes + withdrawn,
            target=WishState.UNDER_REVIEW,
            actor=None,
            action=AuditAction.TAKE_INTO_REVIEW,
        )
    assert set(Wish.objects.values_list("state", flat=True)) == {WishState.SUBMITTED, WishState.WITHDRAWN}
    assert not AuditEntry.objects.exists()
