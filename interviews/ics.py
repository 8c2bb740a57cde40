"""The iCalendar invitation of a booking (RFC 5545/5546, the `icalendar` package).

One booking is one calendar event: its UID never changes (a move updates the event in
Outlook, Thunderbird or Google Calendar instead of adding a second one), its SEQUENCE rises
with every change, a cancellation is METHOD:CANCEL with the same UID. Times carry
TZID=Europe/Paris with the VTIMEZONE that defines it."""

from email.utils import parseaddr

import icalendar
from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from admissions.models import PARIS
from jury.enums import ProbatoryTest

from . import selectors
from .enums import BookingState

REQUEST = "REQUEST"
CANCEL = "CANCEL"


def _domain() -> str:
    return parseaddr(settings.DEFAULT_FROM_EMAIL)[1].rpartition("@")[2] or "localhost"


def booking_uid(booking) -> str:
    return f"booking-{booking.uid}@{_domain()}"


def booking_method(booking) -> str:
    return CANCEL if booking.state == BookingState.CANCELLED else REQUEST


def booking_ics(booking, *, method: str | None = None, language: str = "fr") -> bytes:
    """The invitation as the candidate receives it (and downloads it from the booking page)."""
    method = method or booking_method(booking)
    slot = booking.slot
    with translation.override(language):
        summary = _("%(test)s – %(program)s, IMT Mines Alès") % {
            "test": ProbatoryTest(booking.test).label,
            "program": slot.intake.program.name,
        }
        description = _(
            "Video conference of 30 minutes with the jury. The link is also shown on your booking "
            "page shortly before the interview: %(room)s"
        ) % {"room": selectors.room_url(slot)}
    return _calendar(
        booking,
        slot=slot,
        method=method,
        attendee=booking.wish.application.candidate,
        summary=summary,
        description=description,
    )


def panel_ics(booking, *, slot, member, method: str, slot_url: str, language: str = "fr") -> bytes:
    """The same calendar event (same UID and SEQUENCE) as a member of `slot`'s panel
    receives it: a move updates it in their calendar too, a cancellation (or a move to
    another panel's slot) removes it."""
    candidate = booking.wish.application.candidate
    with translation.override(language):
        summary = _("%(test)s – %(candidate)s, %(program)s") % {
            "test": ProbatoryTest(booking.test).label,
            "candidate": candidate.get_full_name() or candidate.email,
            "program": slot.intake.program.name,
        }
        description = _(
            "Live interview by video conference: %(room)s. The slot and its grading form: %(url)s"
        ) % {
            "room": selectors.room_url(slot),
            "url": slot_url,
        }
    return _calendar(
        booking, slot=slot, method=method, attendee=member, summary=summary, description=description
    )


def _calendar(booking, *, slot, method: str, attendee, summary: str, description: str) -> bytes:
    room = selectors.room_url(slot)
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//IMT Mines Alès//Admissions portal//FR")
    calendar.add("version", "2.0")
    calendar.add("method", method)
    event = icalendar.Event()
    event.add("uid", booking_uid(booking))
    event.add("sequence", booking.sequence)
    event.add("dtstamp", timezone.now())
    event.add("dtstart", slot.starts_at.astimezone(PARIS))
    event.add("dtend", slot.ends_at.astimezone(PARIS))
    event.add("summary", summary)
    event.add("description", description)
    event.add("location", room)
    event.add("url", room)
    event.add("status", "CANCELLED" if method == CANCEL else "CONFIRMED")
    organizer = icalendar.vCalAddress(f"mailto:{parseaddr(settings.DEFAULT_FROM_EMAIL)[1]}")
    organizer.params["cn"] = icalendar.vText("IMT Mines Alès")
    event.add("organizer", organizer)
    address = icalendar.vCalAddress(f"mailto:{attendee.email}")
    address.params["cn"] = icalendar.vText(attendee.get_full_name() or attendee.email)
    address.params["role"] = icalendar.vText("REQ-PARTICIPANT")
    address.params["partstat"] = icalendar.vText("ACCEPTED")
    event.add("attendee", address)
    calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar.to_ical()


def ics_attachment(booking, *, language: str = "fr") -> tuple[str, bytes, str]:
    method = booking_method(booking)
    return (
        "invitation.ics",
        booking_ics(booking, method=method, language=language),
        f"text/calendar; method={method}",
    )


def panel_ics_attachment(booking, *, slot, member, method: str, slot_url: str, language: str = "fr"):
    return (
        "invitation.ics",
        panel_ics(booking, slot=slot, member=member, method=method, slot_url=slot_url, language=language),
        f"text/calendar; method={method}",
    )
