"""Writes of live interviews: the 1st-year calls and their notice, the jury's slots, the
candidates' bookings (book, move, cancel) and the panel's grades.

No double booking, by the database: a booking locks its slot's row (SELECT … FOR UPDATE)
so that concurrent requests queue on it and the second one reads the first one's booking;
behind the lock, two partial unique constraints (one live booking per slot, one per wish
and test) refuse whatever would slip through. Every state change goes through
`booking_transition` and its table (`enums.BOOKING_TRANSITIONS`)."""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from admissions.models import PARIS
from candidates.enums import WishState
from core.audit import audit_record
from core.errors import PortalError
from core.links import portal_url
from jury.enums import DecisionStatus, ProbatoryTest
from notifications.services import email_queue, email_queue_many

from . import ics, mail, selectors
from .enums import (
    BOOKING_TRANSITIONS,
    GRADING_CRITERIA,
    LIVE_STATES,
    TESTS_BY_LEVEL,
    AuditAction,
    BookingState,
)
from .ics import ics_attachment
from .models import Booking, Grade, SecondInterviewCall, Slot, SlotMember


class InterviewError(PortalError):
    """A refused action on slots and bookings; the message is shown as is."""


class SlotTaken(InterviewError):
    code = "slot_taken"
    default_message = gettext_lazy(
        "This slot has just been booked by another candidate. Choose another one among the slots left."
    )


class OutsideWindow(InterviewError):
    code = "outside_window"


class TooLate(InterviewError):
    code = "too_late"


# --- helpers ------------------------------------------------------------------------
def _paris(moment: dt.datetime, language: str | None = None) -> str:
    with translation.override(language or translation.get_language() or "fr"):
        return date_format(moment.astimezone(PARIS), "j F Y, H:i")


def _program(intake) -> str:
    return f"{intake.program.name}, {intake.get_level_display()}"


def _language(user) -> str:
    return getattr(user, "preferred_language", None) or "fr"


# --- 1st year: the jury's call to a second interview (R-TEST-3) ----------------------
def _callable(wish) -> None:
    if wish.intake.level != "year_1":
        raise InterviewError(_("The second live interview concerns the 1st year only."))
    decision = getattr(wish, "jury_decision", None)
    if (
        wish.state != WishState.PRE_ADMISSIBLE
        or decision is None
        or decision.status != DecisionStatus.RELEASED
    ):
        raise InterviewError(_("Only a pre-admissible candidate may be asked for a second interview."))


def call_mark(*, wish, actor, now=None) -> SecondInterviewCall:
    """The jury asks this candidate for a second interview. Told by e-mail on the notice
    date (the milestone), or at once when the notice date is past."""
    now = now or timezone.now()
    _callable(wish)
    with transaction.atomic():
        call, created = SecondInterviewCall.objects.get_or_create(wish=wish, defaults={"called_by": actor})
        if created:
            audit_record(actor=actor, action=AuditAction.CALL_MARKED, obj=wish, after={"call": True})
    if now >= selectors.notice_moment(wish.intake.campaign):
        calls_notify(campaign=wish.intake.campaign, now=now)
        call.refresh_from_db()
    return call


def call_unmark(*, wish, actor) -> None:
    with transaction.atomic():
        call = SecondInterviewCall.objects.select_for_update().filter(wish=wish).first()
        if call is None:
            return
        if call.notified_at is not None:
            raise InterviewError(
                _("The candidate has already been told of this interview: it cannot be withdrawn.")
            )
        call.delete()
        audit_record(actor=actor, action=AuditAction.CALL_UNMARKED, obj=wish, before={"call": True})


def calls_notify(*, campaign, now=None) -> int:
    """Tell every called candidate not told yet (the notice milestone, rerunnable)."""
    now = now or timezone.now()
    with transaction.atomic():
        calls = list(
            SecondInterviewCall.objects.select_for_update(of=("self",))
            .filter(
                wish__intake__campaign=campaign,
                wish__state=WishState.PRE_ADMISSIBLE,
                notified_at__isnull=True,
            )
            .select_related("wish__application__candidate", "wish__intake__program")
        )
        if not calls:
            return 0
        items = []
        for call in calls:
            candidate = call.wish.application.candidate
            language = _language(candidate)
            with translation.override(language):
                items.append(
                    {
                        "recipient": candidate,
                        "language": language,
                        "related": call.wish,
                        "occasion": "second_interview_notice",
                        "context": {
                            "first_name": candidate.first_name or candidate.email,
                            "session": campaign.name,
                            "program": _program(call.wish.intake),
                            "booking_start": date_format(campaign.second_interview_booking_start_on, "j F Y"),
                            "booking_end": date_format(campaign.second_interview_booking_end_on, "j F Y"),
                            "booking_url": portal_url(
                                reverse(
                                    "interviews:book", args=[call.wish.pk, ProbatoryTest.SECOND_INTERVIEW]
                                )
                            ),
                        },
                    }
                )
        queued = email_queue_many(template_key=mail.NOTICE, items=items)
        SecondInterviewCall.objects.filter(pk__in=[c.pk for c in calls]).update(notified_at=now)
        audit_record(actor=None, action=AuditAction.CALLS_NOTIFIED, obj=campaign, after={"calls": len(calls)})
    return len(queued)


def notice_milestone_run(campaign) -> int:
    return calls_notify(campaign=campaign)


# --- slots --------------------------------------------------------------------------
@dataclass(frozen=True)
class SlotPlan:
    days: list[dt.date]
    start: dt.time
    end: dt.time


def slot_times(plan: SlotPlan, minutes: int) -> list[tuple[dt.datetime, dt.datetime]]:
    """Back-to-back slots of `minutes` from `start` to `end` (Paris time) each day."""
    times = []
    step = dt.timedelta(minutes=minutes)
    for day in sorted(set(plan.days)):
        begin = dt.datetime.combine(day, plan.start, tzinfo=PARIS)
        stop = dt.datetime.combine(day, plan.end, tzinfo=PARIS)
        while begin + step <= stop:
            times.append((begin, begin + step))
            begin += step
    return times


MAX_SLOTS_AT_ONCE = 400


def slots_open(*, intake, actor, test: str, plan: SlotPlan, members, note: str = "", now=None) -> list[Slot]:
    """Open slots over days and hours with a panel. Refused whole when a member would sit
    in two slots at once (checked here, and by the database on PostgreSQL)."""
    now = now or timezone.now()
    level_tests = TESTS_BY_LEVEL.get(intake.level, ())
    if test not in [str(t) for t in level_tests]:
        labels = ", ".join(str(ProbatoryTest(t).label) for t in level_tests)
        raise InterviewError(_("This intake's slots are for: %(tests)s.") % {"tests": labels})
    members = list(members)
    if not members:
        raise InterviewError(_("Choose at least one member of the panel."))
    allowed = set(selectors.intake_panel_candidates(intake).values_list("pk", flat=True))
    if any(m.pk not in allowed for m in members):
        raise InterviewError(_("Every member of the panel must sit on this program's jury."))
    minutes = selectors.settings_for(intake.campaign).slot_minutes
    times = slot_times(plan, minutes)
    if not times:
        raise InterviewError(
            _("No slot fits between these hours: the end must come at least one slot after the start.")
        )
    if len(times) > MAX_SLOTS_AT_ONCE:
        raise InterviewError(_("At most %(count)d slots at once.") % {"count": MAX_SLOTS_AT_ONCE})
    if times[0][0] <= now:
        raise InterviewError(_("Slots must start in the future."))
    with transaction.atomic():
        clash = selectors.overlapping_panel(member_ids=[m.pk for m in members], ranges=times)
        if clash:
            seat = clash[0]
            raise InterviewError(
                _("%(member)s already sits on a panel on %(when)s: no member in two slots at once.")
                % {"member": seat.member.get_full_name() or seat.member.email, "when": _paris(seat.starts_at)}
            )
        try:
            with transaction.atomic():
                slots = Slot.objects.bulk_create(
                    [
                        Slot(
                            intake=intake,
                            test=test,
                            starts_at=start,
                            ends_at=end,
                            note=note,
                            created_by=actor,
                        )
                        for start, end in times
                    ]
                )
                SlotMember.objects.bulk_create(
                    [
                        SlotMember(slot=slot, member=member, starts_at=slot.starts_at, ends_at=slot.ends_at)
                        for slot in slots
                        for member in members
                    ]
                )
        except IntegrityError as error:  # the exclusion constraint: a concurrent opening
            raise InterviewError(
                _(
                    "A member of this panel was just given another slot at the same time: "
                    "reload and try again."
                )
            ) from error
        audit_record(
            actor=actor,
            action=AuditAction.SLOTS_OPENED,
            obj=intake,
            after={
                "test": test,
                "count": len(slots),
                "first": times[0][0].isoformat(),
                "last": times[-1][1].isoformat(),
                "members": [m.pk for m in members],
            },
        )
    return slots


def slot_delete(*, slot, actor) -> None:
    """Remove a slot nobody holds (a booked one must be moved or cancelled first)."""
    with transaction.atomic():
        slot = Slot.objects.select_for_update().get(pk=slot.pk)
        if Booking.objects.filter(slot=slot).exists():
            raise InterviewError(_("This slot has a booking: move or cancel it first."))
        audit_record(
            actor=actor,
            action=AuditAction.SLOT_DELETED,
            obj=slot.intake,
            before={"slot": slot.pk, "test": slot.test, "starts_at": slot.starts_at.isoformat()},
        )
        slot.delete()


# --- bookings: the one state-changing function ------------------------------------------
def booking_transition(*, booking, target: str, actor, action: AuditAction, reason: str = "", after=None):
    """Change a booking's state (or confirm it, for a move) through the table; audited."""
    allowed = BOOKING_TRANSITIONS.get(booking.state, frozenset())
    if target not in allowed:
        raise InterviewError(
            _("This booking is “%(state)s”: it can no longer change.")
            % {"state": BookingState(booking.state).label}
        )
    before = {"state": booking.state, "slot": booking.slot_id, "sequence": booking.sequence}
    booking.state = target
    booking.reason = reason[:255]
    booking.save(update_fields=["state", "slot", "sequence", "reason", "updated_at"])
    audit_record(
        actor=actor,
        action=action,
        obj=booking,
        before=before,
        after={"state": target, "slot": booking.slot_id, "sequence": booking.sequence, **(after or {})},
        reason=reason,
    )
    return booking


def _ensure_window(wish, test, now) -> None:
    start, end = selectors.booking_window(wish.intake.campaign, test)
    if not (start <= now < end):
        raise OutsideWindow(
            _(
                "Slots for this test are booked from %(start)s to %(end)s (Paris time): "
                "the booking window is closed."
            )
            % {
                "start": date_format(start, "j F Y"),
                "end": date_format(end - dt.timedelta(days=1), "j F Y"),
            }
            if now >= end
            else _("Slots for this test are booked from %(start)s: the booking window is not open yet.")
            % {"start": date_format(start, "j F Y")}
        )


def _ensure_bookable(*, wish, slot, now) -> None:
    if slot.starts_at <= now:
        raise InterviewError(_("This slot has already started: choose another one."))
    conflicts = selectors.member_conflicts(
        member_ids=list(slot.panel.values_list("member_id", flat=True)), application_id=wish.application_id
    )
    if conflicts:
        raise InterviewError(_("This slot is not available to you: choose another one."))


def _lock_free_slot(slot) -> Slot:
    """Lock the slot's row: concurrent bookings of it wait here, then see the first one's."""
    slot = (
        Slot.objects.select_for_update().select_related("intake__program", "intake__campaign").get(pk=slot.pk)
    )
    if Booking.objects.filter(slot=slot, state__in=LIVE_STATES).exists():
        raise SlotTaken()
    return slot


def booking_create(*, wish, slot, actor, now=None) -> Booking:
    """The candidate books a slot; with a booking already for this test, it moves."""
    now = now or timezone.now()
    test = slot.test
    if not selectors.wish_requires(wish, test, now=now):
        raise InterviewError(_("This test is not among the tests you have to take."))
    _ensure_window(wish, test, now)
    current = selectors.live_booking(wish, test)
    if current is not None:
        return booking_move(booking=current, slot=slot, actor=actor, now=now)
    _ensure_bookable(wish=wish, slot=slot, now=now)
    try:
        with transaction.atomic():
            slot = _lock_free_slot(slot)
            booking = Booking.objects.create(slot=slot, wish=wish, test=test)
            audit_record(
                actor=actor,
                action=AuditAction.BOOKED,
                obj=booking,
                after={"state": booking.state, "slot": slot.pk, "starts_at": slot.starts_at.isoformat()},
            )
            _booking_mail(booking, mail.BOOKED)
            _panel_mail(booking, mail.PANEL_BOOKED, slot=slot, actor=actor)
    except IntegrityError as error:
        # The constraints, behind the lock: another tab booked for this test at the same time.
        if Booking.objects.filter(wish=wish, test=test, state__in=LIVE_STATES).exists():
            raise InterviewError(
                _("You already have a slot for this test (booked from another tab?).")
            ) from error
        raise SlotTaken() from error
    return booking


def _ensure_before_deadline(booking, now) -> None:
    deadline = selectors.change_deadline(booking, selectors.settings_for(booking.slot.intake.campaign))
    if now >= deadline:
        raise TooLate(
            _(
                "Your booking can be moved or cancelled until %(deadline)s (Paris time). "
                "Contact the admissions office."
            )
            % {"deadline": _paris(deadline)}
        )


def booking_move(*, booking, slot, actor, now=None, reason: str = "", by_jury: bool = False) -> Booking:
    """Move a booking to another slot of the same intake and test: the same invitation
    (UID), a higher SEQUENCE. The candidate until the deadline; the jury with a reason."""
    now = now or timezone.now()
    if slot.intake_id != booking.slot.intake_id or slot.test != booking.test:
        raise InterviewError(_("Choose a slot of the same program and test."))
    if slot.pk == booking.slot_id:
        raise InterviewError(_("This is already the booked slot."))
    if by_jury:
        if not reason.strip():
            raise InterviewError(_("Give the reason of the move: it is sent to the candidate."))
    else:
        _ensure_window(booking.wish, booking.test, now)
        _ensure_before_deadline(booking, now)
    _ensure_bookable(wish=booking.wish, slot=slot, now=now)
    previous = booking.slot
    try:
        with transaction.atomic():
            booking = (
                Booking.objects.select_for_update()
                .select_related("wish__application__candidate")
                .get(pk=booking.pk)
            )
            if booking.state != BookingState.BOOKED:
                raise InterviewError(_("This booking is no longer active."))
            slot = _lock_free_slot(slot)
            booking.slot = slot
            booking.sequence += 1
            booking_transition(
                booking=booking,
                target=BookingState.BOOKED,
                actor=actor,
                action=AuditAction.MOVED,
                reason=reason,
                after={"from": previous.starts_at.isoformat(), "to": slot.starts_at.isoformat()},
            )
            _booking_mail(booking, mail.MOVED, previous=previous, reason=reason)
            # The new slot's panel is told of the booking (with when it was before), the former
            # slot's panel that it is free again: one e-mail each, none to who moved it.
            _panel_mail(booking, mail.PANEL_BOOKED, slot=slot, actor=actor, previous=previous, reason=reason)
            _panel_mail(
                booking,
                mail.PANEL_CANCELLED,
                slot=previous,
                actor=actor,
                reason=reason,
                moved_to=slot,
                skip=_panel_ids(slot),
            )
    except IntegrityError as error:
        raise SlotTaken() from error
    return booking


def booking_cancel(*, booking, actor, now=None, reason: str = "", by_jury: bool = False) -> Booking:
    """Cancel a booking: the candidate until the deadline; the jury (the program's, on the
    slot's page) at any time, with a reason sent to the candidate. The candidate may book
    again while the booking window is open; the slot is free again. The candidate and the
    slot's panel (but the one who cancelled) are told, with the calendar cancellation."""
    now = now or timezone.now()
    reason = reason.strip()
    if by_jury:
        if not reason:
            raise InterviewError(_("Give the reason of the cancellation: it is sent to the candidate."))
    else:
        _ensure_before_deadline(booking, now)
    with transaction.atomic():
        booking = Booking.objects.select_for_update().get(pk=booking.pk)
        booking.sequence += 1
        booking_transition(
            booking=booking,
            target=BookingState.CANCELLED,
            actor=actor,
            action=AuditAction.CANCELLED,
            reason=reason,
            after={"by_jury": by_jury},
        )
        _booking_mail(booking, mail.CANCELLED, reason=reason, now=now)
        _panel_mail(booking, mail.PANEL_CANCELLED, slot=booking.slot, actor=actor, reason=reason)
    return booking


# --- the panel's grade ---------------------------------------------------------------
def booking_grade(*, booking, actor, scores: dict, comment: str, proposal: str, now=None) -> Grade:
    """The panel grades a held interview (points per criterion, total on 20)."""
    now = now or timezone.now()
    if now < booking.slot.starts_at:
        raise InterviewError(_("The interview has not started yet: grade it once held."))
    points = {}
    for code, label, maximum in GRADING_CRITERIA:
        value = scores.get(code)
        if value is None or not (0 <= Decimal(value) <= maximum):
            raise InterviewError(
                _("“%(criterion)s”: give points between 0 and %(max)d.")
                % {"criterion": label, "max": maximum}
            )
        points[code] = str(Decimal(value))
    total = sum((Decimal(v) for v in points.values()), Decimal(0))
    with transaction.atomic():
        booking = Booking.objects.select_for_update().get(pk=booking.pk)
        grade, _created = Grade.objects.update_or_create(
            booking=booking,
            defaults={
                "scores": points,
                "total": total,
                "comment": comment,
                "proposal": proposal,
                "graded_by": actor,
            },
        )
        booking_transition(
            booking=booking,
            target=BookingState.ATTENDED,
            actor=actor,
            action=AuditAction.GRADED,
            after={"total": str(total), "proposal": proposal},
        )
    return grade


def booking_mark_absent(*, booking, actor, now=None) -> Booking:
    now = now or timezone.now()
    if now < booking.slot.starts_at:
        raise InterviewError(_("The interview has not started yet."))
    with transaction.atomic():
        booking = Booking.objects.select_for_update().get(pk=booking.pk)
        return booking_transition(
            booking=booking, target=BookingState.ABSENT, actor=actor, action=AuditAction.ABSENT
        )


# --- e-mails -----------------------------------------------------------------------
def _booking_for_mail(booking) -> Booking:
    return Booking.objects.select_related(
        "slot__intake__program", "slot__intake__campaign", "wish__application__candidate"
    ).get(pk=booking.pk)


def _slot_context(recipient, booking, slot, language: str) -> dict:
    """What every e-mail of a booking says (in the recipient's language, active)."""
    return {
        "first_name": recipient.first_name or recipient.email,
        "session": slot.intake.campaign.name,
        "program": _program(slot.intake),
        "test": str(ProbatoryTest(booking.test).label),
        "when": _paris(slot.starts_at, language),
    }


def _booking_mail(booking, template_key: str, *, previous=None, reason: str = "", now=None) -> None:
    """The candidate's e-mail with the invitation (REQUEST) or its cancellation (CANCEL);
    one per version of the invitation (the occasion names the SEQUENCE)."""
    booking = _booking_for_mail(booking)
    slot = booking.slot
    candidate = booking.wish.application.candidate
    language = _language(candidate)
    settings_ = selectors.settings_for(slot.intake.campaign)
    with translation.override(language):
        context = _slot_context(candidate, booking, slot, language)
        if template_key == mail.CANCELLED:
            context["booking_url"] = portal_url(
                reverse("interviews:book", args=[booking.wish_id, booking.test])
            )
            context["reason"] = reason
            _start, end = selectors.booking_window(slot.intake.campaign, booking.test)
            context["window_open"] = (now or timezone.now()) < end
        else:
            context["booking_url"] = portal_url(reverse("interviews:booking", args=[booking.pk]))
            context["deadline"] = _paris(selectors.change_deadline(slot, settings_), language)
        if template_key == mail.MOVED:
            context["previous"] = _paris(previous.starts_at, language)
            context["reason"] = reason
    _queue(template_key, booking, candidate, context, language, ics_attachment(booking, language=language))


def _queue(template_key: str, booking, recipient, context: dict, language: str, attachment) -> None:
    """One e-mail per recipient and version of the invitation (the occasion names the
    SEQUENCE), with its calendar file."""
    email_queue(
        template_key=template_key,
        recipient=recipient,
        context=context,
        language=language,
        related=booking,
        occasion=f"sequence:{booking.sequence}",
        attachments=[attachment],
    )


def _panel_ids(slot) -> set[int]:
    return set(SlotMember.objects.filter(slot=slot).values_list("member_id", flat=True))


def _panel_mail(
    booking, template_key: str, *, slot, actor, previous=None, moved_to=None, reason: str = "", skip=()
) -> None:
    """Tell each member of `slot`'s panel (but `actor` and `skip`) of a booking or its end,
    in their language, with the calendar event (the booking's UID and SEQUENCE): one e-mail
    per member and version of the booking, queued with the transaction."""
    left_out = {*skip, actor.pk} if actor is not None else set(skip)
    seats = (
        SlotMember.objects.filter(slot=slot)
        .exclude(member_id__in=left_out)
        .select_related("member")
        .order_by("pk")
    )
    members = [seat.member for seat in seats]
    if not members:
        return
    booking = _booking_for_mail(booking)
    candidate = booking.wish.application.candidate
    slot_url = portal_url(reverse("interviews:slot", args=[slot.pk]))
    method = ics.REQUEST if template_key == mail.PANEL_BOOKED else ics.CANCEL
    for member in members:
        language = _language(member)
        with translation.override(language):
            context = {
                **_slot_context(member, booking, slot, language),
                "candidate": candidate.get_full_name() or candidate.email,
                "slot_url": slot_url,
                "reason": reason,
            }
            if previous is not None:
                context["previous"] = _paris(previous.starts_at, language)
            if moved_to is not None:
                context["moved_to"] = _paris(moved_to.starts_at, language)
        attachment = ics.panel_ics_attachment(
            booking, slot=slot, member=member, method=method, slot_url=slot_url, language=language
        )
        _queue(template_key, booking, member, context, language, attachment)
