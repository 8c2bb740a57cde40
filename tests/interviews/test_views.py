"""The pages: booking, bad input (another intake's slot, after the window, two tabs), the
jury's slot pages with their query counts, the invitation download, the panels."""

import icalendar
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from interviews.enums import BookingState
from interviews.models import Booking, SecondInterviewCall, Slot
from jury.enums import ProbatoryTest

from .conftest import AFTER_WINDOW
from .factories import called_wish, open_slots, paris, released_wish

pytestmark = pytest.mark.django_db
SECOND = str(ProbatoryTest.SECOND_INTERVIEW)


@pytest.fixture
def wish(intake_x, personas):
    return called_wish(intake_x, decided_by=personas.president, candidate=personas.candidate_a)


def _book_url(wish):
    return reverse("interviews:book", args=[wish.pk, SECOND])


def _messages(response):
    return [str(m) for m in response.context["messages"]]


def test_R_TEST_3_candidate_books_a_slot_and_sees_it(wish, intake_x, personas, login, in_window):
    slots = open_slots(intake_x, members=[personas.jury_x], count=2)
    client = login(personas.candidate_a)
    page = client.get(_book_url(wish))
    assert page.status_code == 200 and len(page.context["slots"]) == 2
    response = client.post(_book_url(wish), {"slot": slots[1].pk}, follow=True)
    booking = Booking.objects.get(wish=wish)
    assert response.redirect_chain[-1][0] == reverse("interviews:booking", args=[booking.pk])
    assert booking.slot == slots[1]
    assert "15 avril 2021" in response.content.decode()
    home = client.get(reverse("candidates:home"))
    assert reverse("interviews:booking", args=[booking.pk]) in home.content.decode()


def test_a_slot_of_another_intake_is_404(wish, intake_y, personas, login, in_window):
    other = open_slots(intake_y, members=[personas.jury_y])[0]
    response = login(personas.candidate_a).post(_book_url(wish), {"slot": other.pk})
    assert response.status_code == 404
    assert not Booking.objects.exists()


def test_R_TEST_3_booking_after_the_window_is_refused_with_a_clear_message(
    wish, intake_x, personas, login, travel
):
    slot = open_slots(intake_x, members=[personas.jury_x], start=paris(2021, 4, 19, 9))[0]
    travel(AFTER_WINDOW)
    client = login(personas.candidate_a)
    response = client.post(_book_url(wish), {"slot": slot.pk}, follow=True)
    text = " ".join(_messages(response))
    assert "12 avril 2021" in text and "16 avril 2021" in text
    assert not Booking.objects.exists()


def test_two_tabs_book_one_slot_for_the_test(wish, intake_x, personas, login, in_window):
    """The second tab's page still lists the first slot: posting another one moves the
    booking instead of adding a second one."""
    slots = open_slots(intake_x, members=[personas.jury_x], count=2)
    client = login(personas.candidate_a)
    client.post(_book_url(wish), {"slot": slots[0].pk})
    client.post(_book_url(wish), {"slot": slots[1].pk})
    live = Booking.objects.filter(wish=wish, state=BookingState.BOOKED)
    assert live.count() == 1 and live.get().slot == slots[1] and live.get().sequence == 1


def test_R_TEST_3_a_taken_slot_is_refused_and_the_slots_left_are_shown(
    wish, intake_x, personas, login, in_window
):
    slots = open_slots(intake_x, members=[personas.jury_x], count=3)
    rival = called_wish(intake_x, decided_by=personas.president, candidate=personas.candidate_b)
    login(personas.candidate_b).post(_book_url(rival), {"slot": slots[0].pk})
    client = login(personas.candidate_a)
    response = client.post(_book_url(wish), {"slot": slots[0].pk}, follow=True)
    assert any("choose another one" in m.lower() or "choisissez" in m.lower() for m in _messages(response))
    assert list(response.context["slots"]) == slots[1:]
    assert Booking.objects.filter(slot=slots[0]).count() == 1


def test_invitation_download(wish, intake_x, personas, login, in_window):
    slot = open_slots(intake_x, members=[personas.jury_x])[0]
    client = login(personas.candidate_a)
    client.post(_book_url(wish), {"slot": slot.pk})
    booking = Booking.objects.get(wish=wish)
    response = client.get(reverse("interviews:booking_ics", args=[booking.pk]))
    assert response["Content-Type"].startswith("text/calendar; method=REQUEST")
    calendar = icalendar.Calendar.from_ical(response.content)
    event = next(iter(calendar.walk("VEVENT")))
    assert str(event["UID"]) == f"booking-{booking.uid}@example.org"
    assert event.decoded("DTSTART") == paris(2021, 4, 15, 9)


def test_candidate_cancels_and_books_again(wish, intake_x, personas, login, in_window):
    slot = open_slots(intake_x, members=[personas.jury_x])[0]
    client = login(personas.candidate_a)
    client.post(_book_url(wish), {"slot": slot.pk})
    booking = Booking.objects.get(wish=wish)
    response = client.post(reverse("interviews:booking_cancel", args=[booking.pk]), follow=True)
    assert response.redirect_chain[-1][0] == _book_url(wish)
    assert list(response.context["slots"]) == [slot]
    booking.refresh_from_db()
    assert booking.state == BookingState.CANCELLED


def test_jury_opens_slots_in_a_batch(intake_x, personas, jury_x_bis, login, in_window):
    client = login(personas.jury_x)
    url = reverse("interviews:slots", args=[intake_x.pk])
    response = client.post(
        url,
        {
            "test": SECOND,
            "first_day": "2021-04-15",
            "last_day": "2021-04-19",
            "skip_weekends": "on",
            "start": "09:00",
            "end": "10:30",
            "members": [personas.jury_x.pk, jury_x_bis.pk],
        },
        follow=True,
    )
    assert response.status_code == 200
    # 15, 16 and 19 April (the 17th and 18th are a weekend), 3 slots a day
    assert Slot.objects.filter(intake=intake_x).count() == 9
    assert all(slot.panel.count() == 2 for slot in Slot.objects.all())
    again = client.post(
        url,
        {
            "test": SECOND,
            "first_day": "2021-04-15",
            "last_day": "2021-04-15",
            "start": "10:00",
            "end": "11:00",
            "members": [personas.jury_x.pk],
        },
    )
    assert "already sits on a panel" in again.content.decode() or "siège déjà" in again.content.decode()
    assert Slot.objects.count() == 9


def _count(client, url):
    client.get(url)  # warm-up (session, content types)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_query_counts_of_the_slot_lists_do_not_grow_with_rows(intake_x, personas, login, in_window):
    jury = login(personas.jury_x)
    slots_url = reverse("interviews:slots", args=[intake_x.pk])
    calls_url = reverse("interviews:calls", args=[intake_x.pk])
    first = called_wish(intake_x, decided_by=personas.president)
    open_slots(intake_x, members=[personas.jury_x], count=1, start=paris(2021, 4, 15, 8))
    Booking.objects.create(slot=Slot.objects.get(), wish=first, test=SECOND)
    one_slots, one_calls = _count(jury, slots_url), _count(jury, calls_url)
    for n in range(6):
        wish = called_wish(intake_x, decided_by=personas.president)
        slot = open_slots(intake_x, members=[personas.jury_x], start=paris(2021, 4, 15, 9 + n))[0]
        Booking.objects.create(slot=slot, wish=wish, test=SECOND)
    assert _count(jury, slots_url) == one_slots
    assert _count(jury, calls_url) == one_calls

    wish = called_wish(intake_x, decided_by=personas.president, candidate=personas.candidate_a)
    candidate = login(personas.candidate_a)
    Slot.objects.filter(bookings__isnull=True).delete()
    open_slots(intake_x, members=[personas.jury_y], start=paris(2021, 4, 16, 9))
    one = _count(candidate, _book_url(wish))
    open_slots(intake_x, members=[personas.jury_y], start=paris(2021, 4, 16, 10), count=8)
    assert _count(candidate, _book_url(wish)) == one


def test_the_panel_grades_on_the_slot_page(wish, intake_x, personas, login, travel):
    slot = open_slots(intake_x, members=[personas.jury_x])[0]
    booking = Booking.objects.create(slot=slot, wish=wish, test=SECOND)
    travel(paris(2021, 4, 15, 9, 40))
    client = login(personas.jury_x)
    page = client.get(reverse("interviews:slot", args=[slot.pk]))
    assert "score_motivation" in page.content.decode()
    response = client.post(
        reverse("interviews:grade", args=[booking.pk]),
        {
            "score_motivation": "4",
            "score_communication": "4",
            "score_knowledge": "3.5",
            "score_fit": "4",
            "comment": "Bien",
            "proposal": "admissible",
        },
        follow=True,
    )
    assert response.status_code == 200
    booking.refresh_from_db()
    assert booking.state == BookingState.ATTENDED and str(booking.grade.total) == "15.50"
    # a member of another program's jury: 404
    assert login(personas.jury_y).get(reverse("interviews:slot", args=[slot.pk])).status_code == 404


def test_jury_home_and_dossier_panels(wish, intake_x, personas, login):
    client = login(personas.jury_x)
    home = client.get(reverse("jury:home", args=[2021])).content.decode()
    assert reverse("interviews:slots", args=[intake_x.pk]) in home
    assert reverse("interviews:calls", args=[intake_x.pk]) in home
    fresh = released_wish(intake_x, decided_by=personas.president)
    dossier = client.get(reverse("jury:wish", args=[fresh.pk])).content.decode()
    assert reverse("interviews:call_toggle", args=[fresh.pk]) in dossier
    client.post(reverse("interviews:call_toggle", args=[fresh.pk]), {"call": "1"})
    assert SecondInterviewCall.objects.filter(wish=fresh).exists()


def test_R_TEST_5_the_oral_test_page_says_its_nature(intake_x2, personas, login, travel):
    wish = released_wish(
        intake_x2,
        decided_by=personas.president,
        tests=(ProbatoryTest.JURY_INTERVIEW, ProbatoryTest.ORAL_TEST),
        tests_note="Oral de mécanique des sols",
        candidate=personas.candidate_a,
    )
    open_slots(intake_x2, members=[personas.jury_x], test=ProbatoryTest.ORAL_TEST)
    travel(paris(2021, 4, 1, 10))
    client = login(personas.candidate_a)
    page = client.get(reverse("interviews:book", args=[wish.pk, ProbatoryTest.ORAL_TEST]))
    assert "Oral de mécanique des sols" in page.content.decode()
    assert len(page.context["slots"]) == 1
    home = client.get(reverse("candidates:home")).content.decode()
    assert reverse("interviews:book", args=[wish.pk, ProbatoryTest.JURY_INTERVIEW]) in home
    # no second interview for the 2nd year, no oral test without the jury's choice
    assert (
        client.get(reverse("interviews:book", args=[wish.pk, ProbatoryTest.SECOND_INTERVIEW])).status_code
        == 404
    )
