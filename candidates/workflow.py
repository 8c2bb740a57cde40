"""The one place where a wish changes state.

Named services (`wish_submit`, `wish_classify`, `wish_withdraw`, ...) call
`wish_transition`, which checks the allowed-transitions table, locks and saves the row,
and writes the audit log; `wishes_transition` does the same for many wishes at once (a
release of thousands of decisions). No view writes `wish.state = ...`.
"""

from django.db import transaction
from django.utils import timezone

from core.audit import audit_record, audit_record_many

from .enums import ALLOWED_TRANSITIONS, WishState
from .models import Wish

# Higher apps react to a wish's change of state (the CFA gives a withdrawn wish's place back)
# through functions registered in their AppConfig.ready(): `fn(wishes=[...], before={pk: state},
# target=state, actor=)`, called inside the transaction, after the rows are saved.
_AFTER_TRANSITION = []


def register_after_transition(fn) -> None:
    if fn not in _AFTER_TRANSITION:
        _AFTER_TRANSITION.append(fn)


def _after_transition(*, wishes, before, target, actor) -> None:
    for fn in _AFTER_TRANSITION:
        fn(wishes=wishes, before=before, target=target, actor=actor)


class TransitionNotAllowed(Exception):
    def __init__(self, wish, target):
        self.wish, self.target = wish, target
        super().__init__(f"{wish.state} → {target} is not allowed for wish {wish.pk}")


# What the audit entry's label (str(wish)) reads, fetched with the locked row.
_LABEL_RELATIONS = ("application__candidate", "application__campaign", "intake__program", "intake__campaign")


def can_transition(wish: Wish, target: WishState) -> bool:
    return target in ALLOWED_TRANSITIONS.get(wish.state, frozenset())


@transaction.atomic
def wish_transition(*, wish: Wish, target: WishState, actor, action, reason: str = "") -> Wish:
    """Move `wish` to `target` or raise TransitionNotAllowed. The row is locked and
    re-read, so two concurrent requests cannot both apply a transition. `action` (an
    app's AuditAction) names the step that moved the wish in the audit log."""
    # Lock the wish row only (`of`), but fetch what the audit entry's label needs in the
    # same query: a release of thousands of decisions must not pay 4 queries a wish.
    locked = Wish.objects.select_for_update(of=("self",)).select_related(*_LABEL_RELATIONS).get(pk=wish.pk)
    if not can_transition(locked, target):
        raise TransitionNotAllowed(locked, target)
    before = locked.state
    locked.state = target
    locked.state_changed_at = timezone.now()
    locked.save(update_fields=["state", "state_changed_at"])
    audit_record(
        actor=actor,
        action=action,
        obj=locked,
        before={"state": before},
        after={"state": target},
        reason=reason,
    )
    _after_transition(wishes=[locked], before={locked.pk: before}, target=target, actor=actor)
    wish.state, wish.state_changed_at = locked.state, locked.state_changed_at
    return wish


@transaction.atomic
def wishes_transition(*, wishes, target: WishState, actor, action, reason: str = "") -> list[Wish]:
    """Move every wish of `wishes` to `target`, all or none: the same allowed-transitions
    check as `wish_transition`, on rows locked and re-read in one query, then one UPDATE
    and one INSERT of audit entries. Raises TransitionNotAllowed for the first wish that
    may not move (nothing is changed then)."""
    ids = [wish.pk for wish in wishes]
    if not ids:
        return []
    locked = list(
        Wish.objects.select_for_update(of=("self",))
        .select_related(*_LABEL_RELATIONS)
        .filter(pk__in=ids)
        .order_by("pk")
    )
    for wish in locked:
        if not can_transition(wish, target):
            raise TransitionNotAllowed(wish, target)
    now = timezone.now()
    befores = {wish.pk: wish.state for wish in locked}
    Wish.objects.filter(pk__in=ids).update(state=target, state_changed_at=now)
    for wish in locked:
        wish.state, wish.state_changed_at = target, now
    audit_record_many(
        actor=actor,
        action=action,
        changes=[(wish, {"state": befores[wish.pk]}, {"state": target}) for wish in locked],
        reason=reason,
    )
    _after_transition(wishes=locked, before=befores, target=target, actor=actor)
    by_pk = {wish.pk: wish for wish in locked}
    for wish in wishes:
        wish.state, wish.state_changed_at = by_pk[wish.pk].state, now
    return locked
