"""Registration of approved job sheets on the intake's places (R-CFA-4, R-ADMIT-1/2,
R-SESSION-2). Counting and taking a place happen in one transaction that locks the intake
row first (DESIGN.md, Places): two registrations of the same intake queue on that lock, so
the count each one reads is final, and the places are never over-filled."""

from django.conf import settings
from django.db import transaction
from django.db.models import Count, OuterRef, Subquery, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from admissions.models import ExtraPlaces, Intake
from candidates.enums import WishState
from candidates.models import Wish
from candidates.workflow import wish_transition

from ..enums import LIVE_STATES, AuditAction, JobSheetState
from ..models import JobSheet
from .job_sheets import (
    SHEET_RELATIONS,
    JobSheetError,
    job_sheet_transition,
    lock_sheet,
    mail_address,
    mail_candidate,
)


def lock_intake(intake_id) -> Intake:
    """The intake row, locked: every place count of the intake starts here."""
    return Intake.objects.select_for_update().get(pk=intake_id)


def places_left(intake: Intake) -> int:
    """Places + extra places − registered sheets, in one query; read under the intake's
    lock to act on it."""
    extra = ExtraPlaces.objects.filter(intake_id=OuterRef("pk")).values("intake_id").annotate(n=Sum("count"))
    taken = (
        JobSheet.objects.filter(intake_id=OuterRef("pk"), state=JobSheetState.REGISTERED)
        .values("intake_id")
        .annotate(n=Count("pk"))
    )
    row = (
        Intake.objects.filter(pk=intake.pk)
        .annotate(
            extra=Coalesce(Subquery(extra.values("n")), 0),
            taken=Coalesce(Subquery(taken.values("n")), 0),
        )
        .values("places", "extra", "taken")
        .get()
    )
    return row["places"] + row["extra"] - row["taken"]


def _register(sheet, *, actor, now):
    """Take the place: `sheet` locked, approved or waiting, its wish admissible; under the lock."""
    job_sheet_transition(
        sheet=sheet,
        target=JobSheetState.REGISTERED,
        actor=actor,
        action=AuditAction.JOB_SHEET_REGISTER,
        registered_at=now,
    )
    wish_transition(
        wish=sheet.wish, target=WishState.PLACED, actor=actor, action=AuditAction.JOB_SHEET_REGISTER
    )
    # The candidate's other employers' sheets for this choice are moot now.
    for other in (
        JobSheet.objects.select_for_update()
        .filter(wish_id=sheet.wish_id, state__in=LIVE_STATES)
        .exclude(pk=sheet.pk)
    ):
        job_sheet_transition(
            sheet=other,
            target=JobSheetState.CLOSED,
            actor=actor,
            action=AuditAction.JOB_SHEET_CLOSE,
            reason="another sheet registered",
        )
    mail_candidate(sheet, "job_sheet.registered", "registered")
    mail_address(sheet, sheet.employer_email, "job_sheet.registered", "registered")


def job_sheet_register(*, sheet, actor, now=None) -> bool:
    """The CFA registers an approved sheet (R-CFA-4): True when it took a place, False when
    the intake is full and the sheet now waits ("no place left"; the candidate and the CFA are
    told). Refused with a message when it is already registered (two tabs) or not approved."""
    now = now or timezone.now()
    with transaction.atomic():
        intake = lock_intake(sheet.intake_id)
        # Then the wish, then the sheet. A withdrawal locks the wish, its sheets, then the
        # intake only when it frees a registered place (on_wish_transition), and a wish whose
        # sheet is registered is not registered again: the two may wait, never deadlock.
        Wish.objects.select_for_update(of=("self",)).filter(pk=sheet.wish_id).first()
        locked = lock_sheet(sheet)
        if locked.state == JobSheetState.REGISTERED:
            raise JobSheetError(
                _("This job sheet is already registered: its place is counted once."), "already"
            )
        if locked.state not in (JobSheetState.APPROVED, JobSheetState.WAITING):
            raise JobSheetError(
                _("Only an approved job sheet can be registered (this one is “%(state)s”).")
                % {"state": JobSheetState(locked.state).label},
                "not_approved",
            )
        if locked.wish.state != WishState.ADMISSIBLE:
            raise JobSheetError(
                _("This choice is “%(state)s”: it cannot take a place.")
                % {"state": WishState(locked.wish.state).label},
                "wish_state",
            )
        if places_left(intake) > 0:
            _register(locked, actor=actor, now=now)
            return True
        if locked.state == JobSheetState.APPROVED:
            job_sheet_transition(
                sheet=locked, target=JobSheetState.WAITING, actor=actor, action=AuditAction.JOB_SHEET_WAIT
            )
            mail_candidate(locked, "job_sheet.waiting", "waiting")
            mail_address(locked, settings.PORTAL_CFA_EMAIL, "job_sheet.waiting", "waiting")
        return False


def waiting_sheets_promote(*, intake, actor, now=None) -> int:
    """Let the waiting sheets in, in their order of approval, while places are left. The
    caller holds the intake's lock (extra places opened, a place given back)."""
    now = now or timezone.now()
    left = places_left(intake)
    promoted = 0
    if left <= 0:
        return 0
    waiting = (
        JobSheet.objects.select_for_update(of=("self",))
        .select_related(*SHEET_RELATIONS)
        .filter(intake_id=intake.pk, state=JobSheetState.WAITING, wish__state=WishState.ADMISSIBLE)
        .order_by("approved_at", "pk")
    )
    for sheet in waiting:
        if promoted >= left:
            break
        _register(sheet, actor=actor, now=now)
        promoted += 1
    return promoted


def on_places_opened(*, intake, actor):
    """admissions.services.extra_places_open calls this with the intake locked (R-SESSION-2)."""
    waiting_sheets_promote(intake=intake, actor=actor)


_RELEASING = frozenset({WishState.WITHDRAWN, WishState.VOIDED, WishState.LEFT, WishState.ADMISSIBLE})
# The wish states in which a wish may have live job sheets.
_WITH_SHEETS = frozenset(
    {WishState.ADMISSIBLE, WishState.PLACED, WishState.ADMITTED, WishState.ENROLLED, WishState.COMPLEMENTARY}
)


def on_wish_transition(*, wishes, before, target, actor):
    """candidates.workflow calls this after a wish changes state: a wish that leaves (withdrawn,
    voided) closes its live sheets; a registered sheet gives its place back and the intake's
    waiting sheets move on. Runs inside the wish's transaction."""
    if target not in _RELEASING:
        return
    ids = [
        wish.pk for wish in wishes if before.get(wish.pk) in _WITH_SHEETS and before.get(wish.pk) != target
    ]
    if not ids:
        return
    states = [JobSheetState.REGISTERED] if target == WishState.ADMISSIBLE else list(LIVE_STATES)
    sheets = list(
        JobSheet.objects.select_for_update().filter(wish_id__in=ids, state__in=states).order_by("pk")
    )
    freed = sorted({sheet.intake_id for sheet in sheets if sheet.state == JobSheetState.REGISTERED})
    for sheet in sheets:
        job_sheet_transition(
            sheet=sheet,
            target=JobSheetState.CLOSED,
            actor=actor,
            action=AuditAction.JOB_SHEET_CLOSE,
            reason=str(target),
        )
    for intake_id in freed:
        waiting_sheets_promote(intake=lock_intake(intake_id), actor=actor)
