"""The jury cancels a booking from the slot's page with a reason (the candidate is told and
may book again while the window is open), and the slot's panel is e-mailed, with the
calendar event, when a candidate books, moves or cancels (R-TEST-3)."""

import icalendar
import pytest
from django.urls import reverse

from core.models import AuditEntry
from interviews import services
from interviews.enums import AuditAction, BookingState
from interviews.models import Booking
from jury.enums import ProbatoryTest
from jury.models import ConflictOfInterest
from notifications.models import OutboxMessage

from .conftest import AFTER_WINDOW, IN_WINDOW
from .factories import called_wish, open_slots, paris

pytestmark = pytest.mark.django_db
SECOND = str(ProbatoryTest.SECOND_INTERVIEW)
REASON = "Commission indisponible ce jour-là"


@pytest.fixture
def wish(intake_x, personas):
    return called_wish(intake_x, decided_by=personas.president, candidate=personas.candidate_a)


@pytest.fixture
def panel(personas, jury_x_bis):
    return [personas.jury_x, jury_x_bis]


@pytest.fixture
def slots(intake_x, panel):
    return open_slots(intake_x, members=panel, count=2)


def _messages(response):
    return [str(m) for m in response.context["messages"]]


def _sent_to(mailoutbox, email):
    return [message for message in mailoutbox if message.to == [email]]


def _calendar(message) -> icalendar.Calendar:
    (name, content, mimetype) = message.attachments[0]
    assert name == "invitation.ics" and mimetype.startswith("text/calendar")
    return icalendar.Calendar.from_ical(content)


def _event(calendar):
    return next(iter(calendar.walk("VEVENT")))


def _book(login, personas, wish, slot):
    return login(personas.candidate_a).post(
        reverse("interviews:book", args=[wish.pk, SECOND]), {"slot": slot.pk}
    )


def test_R_TEST_3_the_jury_cancels_a_booking_from_the_slot_page_with_a_reason(
    wish, slots, personas, jury_x_bis, login, travel, mailoutbox, django_capture_on_commit_callbacks
):
    travel(IN_WINDOW)
    _book(login, personas, wish, slots[0])
    booking = Booking.objects.get(wish=wish)
    mailoutbox.clear()
    jury = login(personas.jury_x)
    slot_url = reverse("interviews:slot", args=[slots[0].pk])
    page = jury.get(slot_url).content.decode()
    assert "Annuler la réservation" in page and "Annuler et prévenir le candidat" in page
    assert reverse("interviews:jury_cancel", args=[booking.pk]) in page
    # Both the move and the cancellation forms ask a reason: distinct ids on one page.
    assert 'id="id_reason"' in page and 'id="id_cancel-reason"' in page

    # Without a reason: refused on the page, nothing changes.
    refused = jury.post(reverse("interviews:jury_cancel", args=[booking.pk]), {"cancel-reason": " "})
    assert refused.status_code == 200
    assert "Ce champ est obligatoire." in refused.content.decode()
    booking.refresh_from_db()
    assert booking.state == BookingState.BOOKED

    with django_capture_on_commit_callbacks(execute=True):
        response = jury.post(
            reverse("interviews:jury_cancel", args=[booking.pk]), {"cancel-reason": REASON}, follow=True
        )
    assert response.redirect_chain[-1][0] == slot_url
    assert "Réservation annulée ; le candidat et la commission sont prévenus par e-mail." in _messages(
        response
    )
    assert "Libre" in response.content.decode()
    booking.refresh_from_db()
    assert (booking.state, booking.reason, booking.sequence) == (BookingState.CANCELLED, REASON, 1)
    entry = AuditEntry.objects.get(action=AuditAction.CANCELLED)
    assert entry.actor == personas.jury_x and entry.reason == REASON and entry.after["by_jury"] is True

    # The candidate's e-mail: the reason, the calendar cancellation, where to book again.
    (to_candidate,) = _sent_to(mailoutbox, personas.candidate_a.email)
    assert REASON in to_candidate.body
    assert "Réservez un autre créneau sur" in to_candidate.body
    assert reverse("interviews:book", args=[wish.pk, SECOND]) in to_candidate.body
    assert str(_calendar(to_candidate)["METHOD"]) == "CANCEL"
    # The rest of the panel is told, not the member who cancelled.
    assert _sent_to(mailoutbox, personas.jury_x.email) == []
    (to_member,) = _sent_to(mailoutbox, jury_x_bis.email)
    assert REASON in to_member.body and "est annulée" in to_member.body

    # The candidate books again: the slot is free, the window open.
    book = login(personas.candidate_a).get(reverse("interviews:book", args=[wish.pk, SECOND]))
    assert list(book.context["slots"]) == slots
    _book(login, personas, wish, slots[1])
    assert Booking.objects.get(wish=wish, state=BookingState.BOOKED).slot == slots[1]


def test_R_TEST_3_after_the_window_the_candidate_is_told_to_contact_the_office(
    wish, intake_x, personas, login, travel, mailoutbox, django_capture_on_commit_callbacks
):
    slot = open_slots(intake_x, members=[personas.jury_x], start=paris(2021, 4, 19, 9))[0]
    travel(IN_WINDOW)
    _book(login, personas, wish, slot)
    booking = Booking.objects.get(wish=wish)
    travel(AFTER_WINDOW)
    with django_capture_on_commit_callbacks(execute=True):
        login(personas.president).post(
            reverse("interviews:jury_cancel", args=[booking.pk]), {"cancel-reason": REASON}
        )
    booking.refresh_from_db()
    assert booking.state == BookingState.CANCELLED
    to_candidate = _sent_to(mailoutbox, personas.candidate_a.email)[-1]
    assert "La période de réservation est close : contactez le service des admissions." in to_candidate.body
    assert "Réservez un autre créneau" not in to_candidate.body
    page = login(personas.candidate_a).get(reverse("interviews:book", args=[wish.pk, SECOND]))
    assert "La période de réservation n'est pas ouverte." in page.content.decode()


def test_only_the_programs_jury_without_a_conflict_may_cancel(
    wish, slots, personas, jury_x_bis, login, in_window
):
    booking = services.booking_create(wish=wish, slot=slots[0], actor=personas.candidate_a)
    url = reverse("interviews:jury_cancel", args=[booking.pk])
    assert login(personas.jury_y).post(url, {"cancel-reason": REASON}).status_code == 404
    ConflictOfInterest.objects.create(member=jury_x_bis, application=wish.application)
    assert login(jury_x_bis).post(url, {"cancel-reason": REASON}).status_code == 404
    assert login(personas.candidate_a).post(url, {"cancel-reason": REASON}).status_code == 404
    booking.refresh_from_db()
    assert booking.state == BookingState.BOOKED
    # The president of the program's jury may.
    login(personas.president).post(url, {"cancel-reason": REASON})
    booking.refresh_from_db()
    assert booking.state == BookingState.CANCELLED


def test_the_cancel_form_shows_for_a_live_booking_only(wish, slots, personas, login, in_window):
    booking = services.booking_create(wish=wish, slot=slots[0], actor=personas.candidate_a)
    page = login(personas.president).get(reverse("interviews:slot", args=[slots[0].pk])).content.decode()
    assert reverse("interviews:jury_cancel", args=[booking.pk]) in page
    services.booking_cancel(booking=booking, actor=personas.president, reason=REASON, by_jury=True)
    page = login(personas.president).get(reverse("interviews:slot", args=[slots[0].pk])).content.decode()
    assert "Annuler et prévenir le candidat" not in page


def test_R_TEST_3_each_panel_member_is_emailed_once_when_a_candidate_books_and_cancels(
    wish, slots, panel, personas, login, in_window, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        booking = services.booking_create(wish=wish, slot=slots[0], actor=personas.candidate_a)
    # Queued in the outbox with the booking, sent once the transaction commits.
    assert OutboxMessage.objects.filter(template_key="interviews.panel_booked").count() == 2
    assert mailoutbox == [] and callbacks
    for callback in callbacks:
        callback()
    candidate_name = personas.candidate_a.get_full_name()
    (to_candidate,) = _sent_to(mailoutbox, personas.candidate_a.email)
    candidate_event = _event(_calendar(to_candidate))
    for member in panel:
        (message,) = _sent_to(mailoutbox, member.email)
        assert candidate_name in message.subject and "15 avril 2021, 09:00" in message.subject
        assert "est réservé" in message.body and candidate_name in message.body
        assert reverse("interviews:slot", args=[slots[0].pk]) in message.body
        calendar = _calendar(message)
        assert str(calendar["METHOD"]) == "REQUEST"
        event = _event(calendar)
        # The same calendar event as the candidate's: a later move or cancellation updates it.
        assert str(event["UID"]) == str(candidate_event["UID"]) == f"booking-{booking.uid}@example.org"
        assert int(event["SEQUENCE"]) == 0
        assert event.decoded("DTSTART") == paris(2021, 4, 15, 9)
        assert str(event["ATTENDEE"]) == f"mailto:{member.email}"

    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.booking_cancel(booking=booking, actor=personas.candidate_a)
    for member in panel:
        (message,) = _sent_to(mailoutbox, member.email)
        assert "de nouveau libre" in message.subject and "est annulée" in message.body
        event = _event(_calendar(message))
        assert str(event["STATUS"]) == "CANCELLED" and int(event["SEQUENCE"]) == 1
        assert str(event["UID"]) == f"booking-{booking.uid}@example.org"
    # One e-mail per event and member: 2 bookings + 2 cancellations to the panel.
    panel_mails = OutboxMessage.objects.filter(template_key__startswith="interviews.panel_")
    assert panel_mails.count() == 4
    assert sorted(panel_mails.values_list("recipient_email", flat=True)) == sorted(
        [m.email for m in panel] * 2
    )


def test_R_TEST_3_a_move_tells_the_new_panel_and_frees_the_former_one(
    wish, intake_x, personas, jury_x_bis, president, in_window, mailoutbox, django_capture_on_commit_callbacks
):
    """Slot A's panel: jury_x and the president; slot B's: jury_x_bis and the president.
    The president, on both, receives one e-mail (the updated invitation)."""
    slot_a = open_slots(intake_x, members=[personas.jury_x, president])[0]
    slot_b = open_slots(intake_x, members=[jury_x_bis, president], start=paris(2021, 4, 16, 9))[0]
    booking = services.booking_create(wish=wish, slot=slot_a, actor=personas.candidate_a)
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.booking_create(wish=wish, slot=slot_b, actor=personas.candidate_a)  # a move
    (freed,) = _sent_to(mailoutbox, personas.jury_x.email)
    assert "déplacée sur le créneau d'une autre commission, le 16 avril 2021, 09:00" in freed.body
    assert _event(_calendar(freed)).decoded("DTSTART") == paris(2021, 4, 15, 9)
    assert str(_calendar(freed)["METHOD"]) == "CANCEL"
    for member in (jury_x_bis, president):
        (told,) = _sent_to(mailoutbox, member.email)
        assert "Cette réservation a été déplacée du 15 avril 2021, 09:00" in told.body
        event = _event(_calendar(told))
        assert str(event["UID"]) == f"booking-{booking.uid}@example.org" and int(event["SEQUENCE"]) == 1
        assert event.decoded("DTSTART") == paris(2021, 4, 16, 9)


def test_the_panel_reads_its_email_in_its_language(wish, slots, personas, jury_x_bis, in_window):
    jury_x_bis.preferred_language = "en"
    jury_x_bis.save(update_fields=["preferred_language"])
    services.booking_create(wish=wish, slot=slots[0], actor=personas.candidate_a)
    message = OutboxMessage.objects.get(
        template_key="interviews.panel_booked", recipient_email=jury_x_bis.email
    )
    assert message.language == "en"
    assert "The slot of 15 April 2021, 09:00 (Paris time) on which you sit is booked" in message.body_text
