"""Slots and bookings: constraints, states, windows, deadlines, conflicts, the notice
milestone and the grade (R-TEST-3, R-TEST-5)."""

import datetime as dt
from decimal import Decimal

import icalendar
import pytest
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext

from candidates.models import Wish
from interviews import selectors, services
from interviews.enums import AuditAction, BookingState
from interviews.models import Booking, InterviewSettings, SecondInterviewCall, SlotMember
from jury.enums import ProbatoryTest
from jury.models import ConflictOfInterest
from notifications.models import OutboxMessage
from notifications.services import milestone_run
from selection.registry import candidate_statuses, jury_results

from .conftest import AFTER_WINDOW, IN_WINDOW
from .factories import called_wish, open_slots, paris, released_wish

pytestmark = pytest.mark.django_db


def _ics(message) -> icalendar.Calendar:
    attachment = message.attachments.get()
    assert attachment.filename == "invitation.ics"
    return icalendar.Calendar.from_ical(bytes(attachment.content))


def _event(calendar):
    return next(iter(calendar.walk("VEVENT")))


@pytest.fixture
def wish(intake_x, president):
    return called_wish(intake_x, decided_by=president)


@pytest.fixture
def slots(intake_x, personas):
    return open_slots(intake_x, members=[personas.jury_x], count=3)


def test_R_TEST_3_booking_sends_an_ics_request_with_a_stable_uid(wish, slots, in_window):
    booking = services.booking_create(wish=wish, slot=slots[0], actor=wish.application.candidate)
    assert booking.state == BookingState.BOOKED
    message = OutboxMessage.objects.get(template_key="interviews.booked")
    assert message.recipient_email == wish.application.candidate.email
    assert "15 avril 2021, 09:00" in message.body_text
    calendar = _ics(message)
    assert str(calendar["METHOD"]) == "REQUEST"
    event = _event(calendar)
    assert str(event["UID"]) == f"booking-{booking.uid}@example.org"
    assert int(event["SEQUENCE"]) == 0
    assert event["DTSTART"].params["TZID"] == "Europe/Paris"
    assert event.decoded("DTSTART") == paris(2021, 4, 15, 9)
    assert event.decoded("DTEND") == paris(2021, 4, 15, 9, 30)
    assert str(event["LOCATION"]).startswith("https://meet.jit.si/IMT-")
    timezones = list(calendar.walk("VTIMEZONE"))
    assert [str(tz["TZID"]) for tz in timezones] == ["Europe/Paris"]
    assert message.attachments.get().mimetype == "text/calendar; method=REQUEST"


def test_R_TEST_3_move_keeps_the_uid_and_raises_the_sequence(wish, slots, in_window):
    candidate = wish.application.candidate
    booking = services.booking_create(wish=wish, slot=slots[0], actor=candidate)
    moved = services.booking_create(wish=wish, slot=slots[1], actor=candidate)  # booking again = a move
    assert moved.pk == booking.pk and moved.slot_id == slots[1].pk and moved.sequence == 1
    message = OutboxMessage.objects.get(template_key="interviews.moved")
    event = _event(_ics(message))
    assert str(event["UID"]) == f"booking-{booking.uid}@example.org"
    assert int(event["SEQUENCE"]) == 1
    assert event.decoded("DTSTART") == paris(2021, 4, 15, 9, 30)
    assert "15 avril 2021, 09:00" in message.body_text  # the former time
    # the first slot is free again
    assert slots[0] in selectors.slots_left(wish=wish, test=ProbatoryTest.SECOND_INTERVIEW)


def test_R_TEST_3_cancellation_sends_method_cancel_with_the_same_uid(wish, slots, in_window):
    candidate = wish.application.candidate
    booking = services.booking_create(wish=wish, slot=slots[0], actor=candidate)
    services.booking_cancel(booking=booking, actor=candidate)
    booking.refresh_from_db()
    assert booking.state == BookingState.CANCELLED and booking.sequence == 1
    calendar = _ics(OutboxMessage.objects.get(template_key="interviews.cancelled"))
    assert str(calendar["METHOD"]) == "CANCEL"
    event = _event(calendar)
    assert str(event["UID"]) == f"booking-{booking.uid}@example.org"
    assert int(event["SEQUENCE"]) == 1 and str(event["STATUS"]) == "CANCELLED"
    # a new booking after a cancellation is a new event
    again = services.booking_create(wish=wish, slot=slots[0], actor=candidate)
    assert again.pk != booking.pk and again.uid != booking.uid


def test_R_TEST_3_booking_after_the_window_is_refused_with_a_clear_message(wish, slots, travel):
    travel(AFTER_WINDOW)
    with pytest.raises(services.OutsideWindow) as refusal:
        services.booking_create(wish=wish, slot=slots[0], actor=wish.application.candidate)
    assert "12 avril 2021" in refusal.value.message and "16 avril 2021" in refusal.value.message
    assert not Booking.objects.exists()


def test_R_TEST_3_booking_before_the_window_is_refused(wish, slots, travel):
    travel(paris(2021, 4, 11, 23, 59))
    with pytest.raises(services.OutsideWindow):
        services.booking_create(wish=wish, slot=slots[0], actor=wish.application.candidate)


def test_a_slot_booked_by_another_candidate_is_refused(intake_x, president, slots, in_window):
    first = called_wish(intake_x, decided_by=president)
    second = called_wish(intake_x, decided_by=president)
    services.booking_create(wish=first, slot=slots[0], actor=first.application.candidate)
    with pytest.raises(services.SlotTaken) as refusal:
        services.booking_create(wish=second, slot=slots[0], actor=second.application.candidate)
    assert refusal.value.code == "slot_taken"
    assert list(selectors.slots_left(wish=second, test=ProbatoryTest.SECOND_INTERVIEW)) == slots[1:]


def test_the_database_refuses_two_live_bookings_of_one_slot(intake_x, president, slots):
    first = called_wish(intake_x, decided_by=president)
    second = called_wish(intake_x, decided_by=president)
    Booking.objects.create(slot=slots[0], wish=first, test=ProbatoryTest.SECOND_INTERVIEW)
    with pytest.raises(IntegrityError), transaction.atomic():
        Booking.objects.create(slot=slots[0], wish=second, test=ProbatoryTest.SECOND_INTERVIEW)
    # a cancelled booking does not hold the slot
    Booking.objects.filter(wish=first).update(state=BookingState.CANCELLED)
    Booking.objects.create(slot=slots[0], wish=second, test=ProbatoryTest.SECOND_INTERVIEW)


def test_the_database_refuses_two_live_bookings_per_candidate_and_test(wish, slots):
    Booking.objects.create(slot=slots[0], wish=wish, test=ProbatoryTest.SECOND_INTERVIEW)
    with pytest.raises(IntegrityError), transaction.atomic():
        Booking.objects.create(slot=slots[1], wish=wish, test=ProbatoryTest.SECOND_INTERVIEW)


def test_booking_states_follow_the_table(wish, slots, in_window, personas):
    booking = services.booking_create(wish=wish, slot=slots[0], actor=wish.application.candidate)
    services.booking_cancel(booking=booking, actor=wish.application.candidate)
    booking.refresh_from_db()
    with pytest.raises(services.InterviewError):
        services.booking_transition(
            booking=booking, target=BookingState.BOOKED, actor=personas.jury_x, action=AuditAction.BOOKED
        )
    with pytest.raises(services.InterviewError):
        services.booking_move(booking=booking, slot=slots[1], actor=personas.jury_x, reason="x", by_jury=True)


def test_changes_are_refused_after_the_deadline_but_the_jury_moves_with_a_reason(
    wish, slots, travel, personas
):
    travel(IN_WINDOW)
    candidate = wish.application.candidate
    booking = services.booking_create(wish=wish, slot=slots[0], actor=candidate)
    travel(paris(2021, 4, 14, 9, 30))  # 23 h 30 before the slot; the deadline is 24 h
    with pytest.raises(services.TooLate) as refusal:
        services.booking_cancel(booking=booking, actor=candidate)
    assert "14 avril 2021, 09:00" in refusal.value.message
    with pytest.raises(services.TooLate):
        services.booking_create(wish=wish, slot=slots[1], actor=candidate)
    with pytest.raises(services.InterviewError):
        services.booking_move(booking=booking, slot=slots[1], actor=personas.jury_x, reason=" ", by_jury=True)
    services.booking_move(
        booking=booking, slot=slots[1], actor=personas.jury_x, reason="Panel member ill", by_jury=True
    )
    message = OutboxMessage.objects.get(template_key="interviews.moved")
    assert "Panel member ill" in message.body_text
    assert int(_event(_ics(message))["SEQUENCE"]) == 1


def test_the_deadline_is_admin_data(wish, slots, travel, session_2021):
    InterviewSettings.objects.create(campaign=session_2021, change_deadline_hours=2)
    travel(IN_WINDOW)
    booking = services.booking_create(wish=wish, slot=slots[0], actor=wish.application.candidate)
    travel(paris(2021, 4, 15, 6, 30))
    services.booking_cancel(booking=booking, actor=wish.application.candidate)


def test_panel_member_cannot_sit_in_two_slots_at_once(intake_x, intake_x2, personas, jury_x_bis):
    open_slots(intake_x, members=[personas.jury_x], count=2)  # 09:00–10:00 on the 15th
    plan = services.SlotPlan(days=[dt.date(2021, 4, 15)], start=dt.time(9, 30), end=dt.time(11, 0))
    with pytest.raises(services.InterviewError) as refusal:
        services.slots_open(
            intake=intake_x2,
            actor=personas.jury_x,
            test=ProbatoryTest.JURY_INTERVIEW,
            plan=plan,
            members=[jury_x_bis, personas.jury_x],
            now=IN_WINDOW,
        )
    assert personas.jury_x.get_full_name() in refusal.value.message
    assert "15 avril 2021, 09:30" in refusal.value.message
    opened = services.slots_open(
        intake=intake_x2,
        actor=personas.jury_x,
        test=ProbatoryTest.JURY_INTERVIEW,
        plan=plan,
        members=[jury_x_bis],
        now=IN_WINDOW,
    )
    assert [s.starts_at for s in opened] == [
        paris(2021, 4, 15, 9, 30),
        paris(2021, 4, 15, 10),
        paris(2021, 4, 15, 10, 30),
    ]


@pytest.mark.postgres
def test_the_database_refuses_a_member_in_two_overlapping_slots(intake_x, personas):
    """On PostgreSQL the exclusion constraint holds even when the service's check is skipped."""
    slot = open_slots(intake_x, members=[personas.jury_x])[0]
    other = open_slots(intake_x, members=[personas.jury_y], start=paris(2021, 4, 15, 9, 15))[0]
    with pytest.raises(IntegrityError), transaction.atomic():
        SlotMember.objects.create(
            slot=other, member=personas.jury_x, starts_at=other.starts_at, ends_at=other.ends_at
        )
    assert slot.pk


def test_slots_open_refuses_a_test_of_another_level_and_a_member_of_another_jury(intake_x, personas):
    plan = services.SlotPlan(days=[dt.date(2021, 4, 15)], start=dt.time(9), end=dt.time(10))
    with pytest.raises(services.InterviewError):
        services.slots_open(
            intake=intake_x,
            actor=personas.jury_x,
            test=ProbatoryTest.JURY_INTERVIEW,
            plan=plan,
            members=[personas.jury_x],
            now=IN_WINDOW,
        )
    with pytest.raises(services.InterviewError):
        services.slots_open(
            intake=intake_x,
            actor=personas.jury_x,
            test=ProbatoryTest.SECOND_INTERVIEW,
            plan=plan,
            members=[personas.jury_y],
            now=IN_WINDOW,
        )


def test_conflicts_of_interest_are_honoured(wish, personas, jury_x_bis, intake_x, in_window):
    conflicted = open_slots(intake_x, members=[personas.jury_x], count=1)[0]
    clean = open_slots(intake_x, members=[jury_x_bis], start=paris(2021, 4, 15, 14))[0]
    ConflictOfInterest.objects.create(application=wish.application, member=personas.jury_x)
    assert list(selectors.slots_left(wish=wish, test=ProbatoryTest.SECOND_INTERVIEW)) == [clean]
    with pytest.raises(services.InterviewError):
        services.booking_create(wish=wish, slot=conflicted, actor=wish.application.candidate)


def test_R_TEST_3_candidates_are_told_on_the_notice_date_not_before(
    intake_x, president, session_2021, travel
):
    travel(paris(2021, 4, 6, 10))
    wish = released_wish(intake_x, decided_by=president)
    services.call_mark(wish=wish, actor=president)
    assert not OutboxMessage.objects.filter(template_key="interviews.second_interview_notice").exists()
    assert candidate_statuses([wish])[wish.pk] == {}  # nothing shows before the notice
    run = milestone_run(
        campaign=session_2021, action_key="interviews.second_interview_notice", now=paris(2021, 4, 9, 8)
    )
    assert run.emails_queued == 1
    message = OutboxMessage.objects.get(template_key="interviews.second_interview_notice")
    assert "12 avril 2021" in message.body_text and "16 avril 2021" in message.body_text
    assert SecondInterviewCall.objects.get(wish=wish).notified_at is not None
    again = milestone_run(
        campaign=session_2021,
        action_key="interviews.second_interview_notice",
        now=paris(2021, 4, 9, 9),
        rerun=True,
    )
    assert again.emails_queued == 0
    assert OutboxMessage.objects.filter(template_key="interviews.second_interview_notice").count() == 1
    with pytest.raises(services.InterviewError):
        services.call_unmark(wish=wish, actor=president)
    travel(paris(2021, 4, 9, 9))
    assert candidate_statuses([wish])[wish.pk]["second_interview"].state == "to_book"


def test_a_call_after_the_notice_date_is_told_at_once(intake_x, president, travel):
    travel(paris(2021, 4, 10, 10))
    wish = released_wish(intake_x, decided_by=president)
    services.call_mark(wish=wish, actor=president)
    assert OutboxMessage.objects.filter(template_key="interviews.second_interview_notice").count() == 1


def test_only_pre_admissible_first_year_candidates_are_called(intake_x2, president):
    wish = released_wish(intake_x2, decided_by=president, tests=(ProbatoryTest.JURY_INTERVIEW,))
    with pytest.raises(services.InterviewError):
        services.call_mark(wish=wish, actor=president)


def test_R_TEST_5_second_year_books_the_jury_interview_and_the_oral_test(
    intake_x2, president, personas, travel
):
    wish = released_wish(
        intake_x2,
        decided_by=president,
        tests=(ProbatoryTest.ENGLISH_TEST, ProbatoryTest.JURY_INTERVIEW, ProbatoryTest.ORAL_TEST),
        tests_note="Oral de mécanique des sols",
    )
    interview = open_slots(intake_x2, members=[personas.jury_x], test=ProbatoryTest.JURY_INTERVIEW)[0]
    oral = open_slots(
        intake_x2, members=[personas.jury_x], test=ProbatoryTest.ORAL_TEST, start=paris(2021, 4, 15, 14)
    )[0]
    travel(paris(2021, 4, 1, 10))  # the tests window: 31 March → 16 April
    services.booking_create(wish=wish, slot=interview, actor=wish.application.candidate)
    services.booking_create(wish=wish, slot=oral, actor=wish.application.candidate)
    statuses = candidate_statuses([wish])[wish.pk]
    assert statuses["jury_interview"].state == "booked" and statuses["oral_test"].state == "booked"
    other = released_wish(intake_x2, decided_by=president, tests=(ProbatoryTest.JURY_INTERVIEW,))
    with pytest.raises(services.InterviewError):  # no oral test in this decision
        services.booking_create(
            wish=other,
            slot=open_slots(
                intake_x2,
                members=[personas.jury_y],
                test=ProbatoryTest.ORAL_TEST,
                start=paris(2021, 4, 16, 14),
            )[0],
            actor=other.application.candidate,
        )


def test_R_TEST_8_the_grade_reaches_the_jury_never_the_candidate(wish, slots, travel, personas):
    travel(IN_WINDOW)
    booking = services.booking_create(wish=wish, slot=slots[0], actor=wish.application.candidate)
    with pytest.raises(services.InterviewError):  # not held yet
        services.booking_grade(
            booking=booking, actor=personas.jury_x, scores={}, comment="", proposal="admissible"
        )
    travel(paris(2021, 4, 15, 9, 35))
    scores = {"motivation": 4, "communication": Decimal("3.5"), "knowledge": 3, "fit": 4}
    with pytest.raises(services.InterviewError):
        services.booking_grade(
            booking=booking,
            actor=personas.jury_x,
            scores={**scores, "fit": 6},
            comment="",
            proposal="admissible",
        )
    grade = services.booking_grade(
        booking=booking, actor=personas.jury_x, scores=scores, comment="Clair", proposal="admissible"
    )
    assert grade.total == Decimal("14.5")
    booking.refresh_from_db()
    assert booking.state == BookingState.ATTENDED
    result = jury_results([wish])[wish.pk]["second_interview"]
    assert result.score == Decimal("14.5") and result.complete and result.proposal == "admissible"
    status = candidate_statuses([wish])[wish.pk]["second_interview"]
    assert status.state == "done" and "14" not in repr(status)


def test_the_room_shows_from_shortly_before_the_slot(slots, session_2021):
    interview_settings = selectors.settings_for(session_2021)
    slot = slots[0]
    assert not selectors.room_visible(slot, interview_settings, paris(2021, 4, 15, 8, 44))
    assert selectors.room_visible(slot, interview_settings, paris(2021, 4, 15, 8, 45))
    assert not selectors.room_visible(slot, interview_settings, paris(2021, 4, 15, 9, 30))
    assert len(slot.room) >= 20 and slot.room != slots[1].room


def test_the_registry_reads_a_page_of_wishes_in_a_fixed_number_of_queries(intake_x, president, personas):
    def counts(wishes):
        wishes = list(Wish.objects.filter(pk__in=[w.pk for w in wishes]))
        with CaptureQueriesContext(connection) as candidate_side:
            candidate_statuses(wishes)
        with CaptureQueriesContext(connection) as jury_side:
            jury_results(wishes)
        return len(candidate_side), len(jury_side)

    slots = open_slots(intake_x, members=[personas.jury_x], count=6)
    wishes = [called_wish(intake_x, decided_by=president)]
    Booking.objects.create(slot=slots[0], wish=wishes[0], test=ProbatoryTest.SECOND_INTERVIEW)
    one = counts(wishes)
    for slot in slots[1:]:
        wish = called_wish(intake_x, decided_by=president)
        Booking.objects.create(slot=slot, wish=wish, test=ProbatoryTest.SECOND_INTERVIEW)
        wishes.append(wish)
    assert counts(wishes) == one
