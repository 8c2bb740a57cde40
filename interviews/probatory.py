"""What the live interviews tell `selection.registry`: the candidate's state of each slot
test (never a grade, R-TEST-8) and the jury's result. Batch functions: a fixed number of
queries for a whole page of wishes."""

from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _

from jury.enums import ProbatoryTest
from selection.registry import CandidateTestStatus, JuryTestResult

from . import selectors
from .enums import SLOT_TESTS, BookingState


def _concerned_all(wishes, *, as_jury: bool, now, tests=SLOT_TESTS):
    """{test: [(wish, intake, live booking or None)]} for the wishes that must take each
    test: 4 queries (intakes, decisions, calls, bookings)."""
    wishes = list(wishes)
    if not wishes:
        return {}
    intakes = selectors.intakes_of(wishes)
    decisions = selectors.released_decisions(wishes)
    calls = selectors.calls_of(wishes) if ProbatoryTest.SECOND_INTERVIEW in tests else {}
    required = {
        wish.pk: selectors.tests_required(
            wish,
            intake=intakes[wish.intake_id],
            decision=decisions.get(wish.pk),
            call=calls.get(wish.pk),
            now=now,
            as_jury=as_jury,
        )
        for wish in wishes
    }
    concerned = [wish for wish in wishes if any(t in required[wish.pk] for t in tests)]
    bookings = selectors.live_bookings_of(concerned) if concerned else {}
    return {
        str(test): [
            (wish, intakes[wish.intake_id], bookings.get((wish.pk, str(test))))
            for wish in concerned
            if str(test) in required[wish.pk]
        ]
        for test in tests
    }


def candidate_rows(wishes, *, now):
    """What the candidate may know now: {test: [(wish, intake, live booking or None)]}."""
    return _concerned_all(wishes, as_jury=False, now=now)


def _concerned(wishes, test: str, *, as_jury: bool, now):
    return _concerned_all(wishes, as_jury=as_jury, now=now, tests=(test,)).get(str(test), [])


def candidate_statuses_all(wishes, now=None) -> dict[int, dict[str, CandidateTestStatus]]:
    """{wish id: {test: status}} for every slot test, in 4 queries whatever the rows."""
    now = now or timezone.now()
    statuses: dict[int, dict[str, CandidateTestStatus]] = {}
    for test, rows in _concerned_all(wishes, as_jury=False, now=now).items():
        for wish, intake, booking in rows:
            statuses.setdefault(wish.pk, {})[test] = candidate_status(wish, intake, booking, test, now)
    return statuses


def candidate_status(wish, intake, booking, test, now) -> CandidateTestStatus:
    start, end = selectors.booking_window(intake.campaign, test)
    window = {"window_start": start, "window_end": end}
    instructions = _("Book a 30-minute slot by video conference in the booking window.")
    if booking is None:
        if now < start:
            return CandidateTestStatus(
                state="to_book",
                state_label=_("To book from %(date)s") % {"date": date_format(start, "j F Y")},
                done=False,
                instructions=instructions,
                **window,
            )
        if now < end:
            return CandidateTestStatus(
                state="to_book",
                state_label=_("To book"),
                done=False,
                instructions=instructions,
                action_url=reverse("interviews:book", args=[wish.pk, test]),
                action_label=_("Book a slot"),
                **window,
            )
        return CandidateTestStatus(
            state="missed",
            state_label=_("Not booked: the booking window is closed"),
            done=False,
            instructions=_("Contact the admissions office."),
            **window,
        )
    if booking.state == BookingState.BOOKED:
        return CandidateTestStatus(
            state="booked",
            state_label=_("Slot booked"),
            done=False,
            instructions=_("Join the video conference from your booking page shortly before the slot."),
            action_url=reverse("interviews:booking", args=[booking.pk]),
            action_label=_("Your slot"),
            when=booking.slot.starts_at,
            **window,
        )
    return CandidateTestStatus(
        state="done", state_label=_("Done"), done=True, when=booking.slot.starts_at, **window
    )


def candidate_status_for(test: str):
    def statuses(wishes) -> dict[int, CandidateTestStatus]:
        now = timezone.now()
        return {
            wish.pk: candidate_status(wish, intake, booking, test, now)
            for wish, intake, booking in _concerned(wishes, test, as_jury=False, now=now)
        }

    return statuses


def jury_results_for(test: str):
    def jury_results(wishes) -> dict[int, JuryTestResult]:
        results = {}
        for wish, _intake, booking in _concerned(wishes, test, as_jury=True, now=timezone.now()):
            if booking is None:
                results[wish.pk] = JuryTestResult(score=None, summary=_("not booked"))
                continue
            url = reverse("interviews:slot", args=[booking.slot_id])
            grade = getattr(booking, "grade", None) if booking.state == BookingState.ATTENDED else None
            if grade is not None:
                results[wish.pk] = JuryTestResult(
                    score=grade.total,
                    summary=f"{number_format(grade.total, 2)}/20",
                    proposal=grade.proposal,
                    detail_url=url,
                    complete=True,
                )
            elif booking.state == BookingState.ABSENT:
                results[wish.pk] = JuryTestResult(
                    score=None, summary=_("absent"), detail_url=url, complete=True
                )
            else:
                results[wish.pk] = JuryTestResult(score=None, summary=_("not graded yet"), detail_url=url)
        return results

    return jury_results
