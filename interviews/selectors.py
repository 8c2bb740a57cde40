"""Reads of live interviews, shared by the pages, the panels and the probatory-test
registry. Lists fetch their rows with select_related/prefetch: their query counts do not
grow with the rows."""

import datetime as dt

from django.conf import settings
from django.db.models import Count, Exists, OuterRef, Prefetch, Q
from django.shortcuts import get_object_or_404
from django.utils import timezone

from admissions.models import PARIS, Campaign, Intake
from candidates.enums import WishState
from candidates.models import Wish
from jury.enums import DecisionStatus, ProbatoryTest
from jury.models import ConflictOfInterest, Decision

from .enums import LIVE_STATES, BookingState
from .models import Booking, InterviewSettings, SecondInterviewCall, Slot, SlotMember

# The hour (Paris) at which the notice milestone runs on `second_interview_notice_on`: the
# candidate sees nothing of the call before it (R-TEST-3).
NOTICE_AT = dt.time(8, 0)


def settings_for(campaign) -> InterviewSettings:
    return InterviewSettings.objects.filter(campaign=campaign).first() or InterviewSettings(campaign=campaign)


# --- the calendar -------------------------------------------------------------------------
def notice_moment(campaign) -> dt.datetime:
    return dt.datetime.combine(campaign.second_interview_notice_on, NOTICE_AT, tzinfo=PARIS)


def booking_window(campaign, test: str) -> tuple[dt.datetime, dt.datetime]:
    """[start, end): the booking window of a test, whole Paris days. 1st year: the
    second-interview booking window (R-TEST-3); 2nd year: the tests window (R-TEST-5)."""
    if test == ProbatoryTest.SECOND_INTERVIEW:
        first, last = campaign.second_interview_booking_start_on, campaign.second_interview_booking_end_on
    else:
        first, last = campaign.tests_start_on, campaign.tests_end_on
    return Campaign.paris_start_of(first), Campaign.paris_start_of(last + dt.timedelta(days=1))


def change_deadline(booking_or_slot, interview_settings: InterviewSettings) -> dt.datetime:
    slot = getattr(booking_or_slot, "slot", booking_or_slot)
    return slot.starts_at - dt.timedelta(hours=interview_settings.change_deadline_hours)


def room_url(slot) -> str:
    return f"{settings.INTERVIEWS_VIDEO_BASE_URL.rstrip('/')}/IMT-{slot.room}"


def room_visible(slot, interview_settings: InterviewSettings, now=None) -> bool:
    """The candidate sees the room from shortly before the slot until its end."""
    now = now or timezone.now()
    opens = slot.starts_at - dt.timedelta(minutes=interview_settings.room_opens_minutes_before)
    return opens <= now < slot.ends_at


# --- which wishes take which test ----------------------------------------------------
def released_decisions(wishes) -> dict[int, Decision]:
    """{wish id: released decision}, one query."""
    ids = [wish.pk for wish in wishes]
    return {
        d.wish_id: d
        for d in Decision.objects.filter(wish_id__in=ids, status=DecisionStatus.RELEASED).only(
            "wish_id", "tests", "tests_note", "status", "kind"
        )
    }


def calls_of(wishes) -> dict[int, SecondInterviewCall]:
    return {c.wish_id: c for c in SecondInterviewCall.objects.filter(wish_id__in=[w.pk for w in wishes])}


def tests_required(wish, *, intake, decision, call, now=None, as_jury: bool = False) -> list[str]:
    """The slot tests this wish must book, as the candidate may know them now (the jury
    knows its calls before the notice date)."""
    now = now or timezone.now()
    if wish.state != WishState.PRE_ADMISSIBLE or decision is None:
        return []
    tests = []
    if call is not None and intake.level == "year_1" and (as_jury or now >= notice_moment(intake.campaign)):
        tests.append(str(ProbatoryTest.SECOND_INTERVIEW))
    if intake.level == "year_2":
        tests += [
            str(t) for t in (ProbatoryTest.JURY_INTERVIEW, ProbatoryTest.ORAL_TEST) if t in decision.tests
        ]
    return tests


def wish_requires(wish, test: str, now=None) -> bool:
    decision = released_decisions([wish]).get(wish.pk)
    call = SecondInterviewCall.objects.filter(wish=wish).first()
    intake = Intake.objects.select_related("campaign").get(pk=wish.intake_id)
    return test in tests_required(wish, intake=intake, decision=decision, call=call, now=now)


def intakes_of(wishes) -> dict[int, Intake]:
    """{intake id: intake with its session and program}, one query."""
    return {
        intake.pk: intake
        for intake in Intake.objects.filter(pk__in={w.intake_id for w in wishes}).select_related(
            "campaign", "program"
        )
    }


# --- bookings -----------------------------------------------------------------------
def live_bookings_of(wishes) -> dict[tuple[int, str], Booking]:
    """{(wish id, test): live booking} with the slot, one query."""
    return {
        (b.wish_id, b.test): b
        for b in Booking.objects.filter(
            wish_id__in=[w.pk for w in wishes], state__in=LIVE_STATES
        ).select_related("slot", "grade")
    }


def live_booking(wish, test: str) -> Booking | None:
    return (
        Booking.objects.filter(wish=wish, test=test, state__in=LIVE_STATES)
        .select_related("slot__intake__campaign")
        .first()
    )


def _conflicted_panel(application_id):
    """Slots whose panel has a member with a declared conflict with this candidate."""
    return SlotMember.objects.filter(
        slot=OuterRef("pk"),
        member__jury_conflicts__application_id=application_id,
    )


def slots_left(*, wish, test: str, now=None):
    """The slots a candidate may still book for this test: their intake and test, not yet
    started, free, without a panel member in conflict with them. Ordered by time."""
    now = now or timezone.now()
    taken = Booking.objects.filter(slot=OuterRef("pk"), state__in=LIVE_STATES)
    return (
        Slot.objects.filter(intake_id=wish.intake_id, test=test, starts_at__gt=now)
        .exclude(Exists(taken))
        .exclude(Exists(_conflicted_panel(wish.application_id)))
        .order_by("starts_at", "pk")
    )


def slot_for_wish_or_404(*, wish, test: str, pk) -> Slot:
    """A slot of the wish's intake and test (another intake's slot: 404)."""
    return get_object_or_404(Slot.objects.filter(intake_id=wish.intake_id, test=test), pk=pk)


def candidate_bookings(*, user):
    return Booking.objects.filter(wish__application__candidate=user)


def booking_detail(pk) -> Booking:
    return get_object_or_404(
        Booking.objects.select_related(
            "slot__intake__program", "slot__intake__campaign", "wish__application__candidate", "grade"
        ),
        pk=pk,
    )


# --- the jury's pages -----------------------------------------------------------------
def jury_intakes(*, user, campaign):
    """The intakes of the programs `user` sits on, with their slot counts, one query."""
    return (
        Intake.objects.filter(campaign=campaign, program__jury_members=user)
        .select_related("program")
        .annotate(
            n_slots=Count("interview_slots", distinct=True),
            n_booked=Count(
                "interview_slots__bookings",
                filter=Q(interview_slots__bookings__state=BookingState.BOOKED),
                distinct=True,
            ),
        )
        .order_by("level", "program__code")
    )


def intake_panel_candidates(intake):
    """Who may sit on a panel of this intake: its program's jury."""
    return intake.program.jury_members.order_by("last_name", "first_name", "email")


def call_candidates(*, user, intake):
    """The 1st-year pre-admissible wishes of the intake (released decision), without the
    user's conflicts, with their call and second-interview booking: one query."""
    return (
        Wish.objects.filter(
            intake=intake,
            state=WishState.PRE_ADMISSIBLE,
            jury_decision__status=DecisionStatus.RELEASED,
        )
        .exclude(application__jury_conflicts__member=user)
        .select_related("application__candidate", "second_interview_call")
        .annotate(
            has_booking=Exists(
                Booking.objects.filter(
                    wish=OuterRef("pk"), test=ProbatoryTest.SECOND_INTERVIEW, state__in=LIVE_STATES
                )
            )
        )
        .order_by("application__candidate__last_name", "application__candidate__first_name", "pk")
    )


def slot_list(*, intake, test: str | None = None):
    """The slots of an intake with their panel and live booking: three queries."""
    slots = Slot.objects.filter(intake=intake)
    if test:
        slots = slots.filter(test=test)
    return slots.prefetch_related(
        Prefetch("panel", queryset=SlotMember.objects.select_related("member").order_by("member__last_name")),
        Prefetch(
            "bookings",
            queryset=Booking.objects.filter(state__in=LIVE_STATES).select_related(
                "wish__application__candidate", "grade"
            ),
            to_attr="live_bookings",
        ),
    ).order_by("starts_at", "pk")


def slot_detail(pk) -> Slot:
    """A slot with its panel and live booking, whoever asks: the views' permission
    (`sits_on_slot_jury`) is the jury's scope."""
    return get_object_or_404(
        Slot.objects.select_related("intake__program", "intake__campaign").prefetch_related(
            Prefetch("panel", queryset=SlotMember.objects.select_related("member")),
            Prefetch(
                "bookings",
                queryset=Booking.objects.filter(state__in=LIVE_STATES).select_related(
                    "wish__application__candidate", "grade"
                ),
                to_attr="live_bookings",
            ),
        ),
        pk=pk,
    )


def member_conflicts(*, member_ids, application_id) -> set[int]:
    return set(
        ConflictOfInterest.objects.filter(
            member_id__in=member_ids, application_id=application_id
        ).values_list("member_id", flat=True)
    )


def overlapping_panel(*, member_ids, ranges) -> list[SlotMember]:
    """Existing panel seats of these members overlapping any of the (start, end) ranges."""
    if not member_ids or not ranges:
        return []
    overlap = Q()
    for start, end in ranges:
        overlap |= Q(starts_at__lt=end, ends_at__gt=start)
    return list(
        SlotMember.objects.filter(overlap, member_id__in=member_ids)
        .select_related("member")
        .order_by("starts_at")
    )


def sessions_with_bookings_to_grade(user) -> Q:
    """Work waiting for a jury member: a booked slot of theirs already started."""
    return Q(
        intakes__interview_slots__panel__member=user,
        intakes__interview_slots__bookings__state=BookingState.BOOKED,
        intakes__interview_slots__starts_at__lte=timezone.now(),
    )
