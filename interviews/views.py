"""Pages of live interviews. The jury: the 1st-year calls, the slots of an intake (list
and batch opening), a slot with its booking, the panel's grade, a move and a cancellation. The candidate:
the slots left to book for a test, their booking (room link, invitation, cancel)."""

from django.contrib import messages
from django.http import Http404, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from rules.contrib.views import objectgetter

from accounts.permissions import permission_required
from candidates.models import Wish
from core.views import show_error
from jury.enums import ProbatoryTest
from jury.selectors import intake_detail

from . import ics, selectors, services
from .enums import SLOT_TESTS, BookingState
from .forms import GradeForm, JuryCancelForm, MoveForm, SlotOpenForm


def _intake(request, pk):
    return intake_detail(pk)


def _slot(request, pk):
    return selectors.slot_detail(pk)


def _booking(request, pk):
    return selectors.booking_detail(pk)


def _post_only(request):
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    return None


# --- the jury -------------------------------------------------------------------------
@permission_required("interviews.manage_calls", _intake)
def calls(request, pk, obj):
    """1st year: the pre-admissible candidates, and who must take the second interview."""
    intake = obj
    if intake.level != "year_1":
        raise Http404
    wishes = selectors.call_candidates(user=request.user, intake=intake)
    return render(
        request,
        "interviews/calls.html",
        {"intake": intake, "wishes": wishes, "notice_moment": selectors.notice_moment(intake.campaign)},
    )


@permission_required(
    "interviews.call_wish",
    objectgetter(Wish.objects.select_related("intake__campaign", "jury_decision", "application__candidate")),
)
def call_toggle(request, pk, obj):
    if refused := _post_only(request):
        return refused
    wish = obj
    try:
        if request.POST.get("call") == "1":
            services.call_mark(wish=wish, actor=request.user)
            messages.success(request, _("%(name)s must take the second interview.") % {"name": _name(wish)})
        else:
            services.call_unmark(wish=wish, actor=request.user)
            messages.success(
                request, _("%(name)s no longer takes the second interview.") % {"name": _name(wish)}
            )
    except services.InterviewError as error:
        show_error(request, error)
    return redirect(reverse("interviews:calls", args=[wish.intake_id]))


def _name(wish) -> str:
    candidate = wish.application.candidate
    return candidate.get_full_name() or candidate.email


@permission_required("interviews.manage_slots", _intake)
def slots(request, pk, obj):
    """The slots of an intake (with their panel and booking) and the batch opening form."""
    intake = obj
    members = selectors.intake_panel_candidates(intake)
    form = SlotOpenForm(
        request.POST or None, intake=intake, members=members, initial={"members": [request.user]}
    )
    if request.method == "POST" and form.is_valid():
        try:
            opened = services.slots_open(
                intake=intake,
                actor=request.user,
                test=form.cleaned_data["test"],
                plan=services.SlotPlan(
                    days=form.days(), start=form.cleaned_data["start"], end=form.cleaned_data["end"]
                ),
                members=form.cleaned_data["members"],
                note=form.cleaned_data["note"],
            )
        except services.InterviewError as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request,
                ngettext("%(count)d slot opened.", "%(count)d slots opened.", len(opened))
                % {"count": len(opened)},
            )
            return redirect(reverse("interviews:slots", args=[intake.pk]))
    test = request.GET.get("test")
    if test not in [str(t) for t in SLOT_TESTS]:
        test = None
    return render(
        request,
        "interviews/slots.html",
        {"intake": intake, "slots": selectors.slot_list(intake=intake, test=test), "form": form},
    )


@permission_required("interviews.see_slot", _slot)
def slot_detail(request, pk, obj):
    return _slot_page(request, obj)


def _slot_page(request, slot, *, grade_form=None, move_form=None, cancel_form=None):
    """A slot, its panel and booking, the room, the grade, move and cancellation forms."""
    booking = slot.live_bookings[0] if slot.live_bookings else None
    context = {
        "slot": slot,
        "intake": slot.intake,
        "booking": booking,
        "room_url": selectors.room_url(slot),
        "panel": [seat.member for seat in slot.panel.all()],
    }
    if booking is not None:
        context["may_grade"] = request.user.has_perm("interviews.grade_booking", booking)
        context["may_move"] = request.user.has_perm("interviews.move_booking", booking)
        context["may_cancel"] = request.user.has_perm("interviews.jury_cancel_booking", booking)
        grade = getattr(booking, "grade", None)
        initial = None
        if grade is not None:
            initial = {f"score_{code}": value for code, value in grade.scores.items()}
            initial.update(comment=grade.comment, proposal=grade.proposal)
        context["grade_form"] = grade_form or GradeForm(initial=initial)
        if booking.state == BookingState.BOOKED:
            context["move_form"] = move_form or MoveForm(
                slots=selectors.slots_left(wish=booking.wish, test=booking.test)
            )
            context["cancel_form"] = cancel_form or JuryCancelForm()
        context["started"] = timezone.now() >= slot.starts_at
    return render(request, "interviews/slot.html", context)


@permission_required("interviews.remove_slot", _slot)
def slot_delete(request, pk, obj):
    if refused := _post_only(request):
        return refused
    slot = obj
    try:
        services.slot_delete(slot=slot, actor=request.user)
    except services.InterviewError as error:
        show_error(request, error)
        return redirect(reverse("interviews:slot", args=[slot.pk]))
    messages.success(request, _("Slot deleted."))
    return redirect(reverse("interviews:slots", args=[slot.intake_id]))


@permission_required("interviews.grade_booking", _booking)
def grade(request, pk, obj):
    if refused := _post_only(request):
        return refused
    booking = obj
    try:
        if "absent" in request.POST:
            services.booking_mark_absent(booking=booking, actor=request.user)
            messages.success(request, _("Recorded as absent."))
        else:
            form = GradeForm(request.POST)
            if not form.is_valid():
                return _slot_page(request, selectors.slot_detail(booking.slot_id), grade_form=form)
            services.booking_grade(
                booking=booking,
                actor=request.user,
                scores=form.scores(),
                comment=form.cleaned_data["comment"],
                proposal=form.cleaned_data["proposal"],
            )
            messages.success(request, _("Grade recorded."))
    except services.InterviewError as error:
        show_error(request, error)
    return redirect(reverse("interviews:slot", args=[booking.slot_id]))


@permission_required("interviews.move_booking", _booking)
def jury_move(request, pk, obj):
    if refused := _post_only(request):
        return refused
    booking = obj
    form = MoveForm(request.POST, slots=selectors.slots_left(wish=booking.wish, test=booking.test))
    if not form.is_valid():
        return _slot_page(request, selectors.slot_detail(booking.slot_id), move_form=form)
    try:
        booking = services.booking_move(
            booking=booking,
            slot=form.cleaned_data["slot"],
            actor=request.user,
            reason=form.cleaned_data["reason"],
            by_jury=True,
        )
    except services.InterviewError as error:
        show_error(request, error)
        return redirect(reverse("interviews:slot", args=[booking.slot_id]))
    messages.success(request, _("Booking moved; the candidate is told by e-mail."))
    return redirect(reverse("interviews:slot", args=[booking.slot_id]))


@permission_required("interviews.jury_cancel_booking", _booking)
def jury_cancel(request, pk, obj):
    """The jury cancels a booking with a reason: the candidate and the rest of the panel
    are told by e-mail; the candidate may book again while the window is open."""
    if refused := _post_only(request):
        return refused
    booking = obj
    form = JuryCancelForm(request.POST)
    if not form.is_valid():
        return _slot_page(request, selectors.slot_detail(booking.slot_id), cancel_form=form)
    try:
        services.booking_cancel(
            booking=booking, actor=request.user, reason=form.cleaned_data["reason"], by_jury=True
        )
    except services.InterviewError as error:
        show_error(request, error)
    else:
        messages.success(request, _("Booking cancelled; the candidate and the panel are told by e-mail."))
    return redirect(reverse("interviews:slot", args=[booking.slot_id]))


# --- the candidate ----------------------------------------------------------------------
def _test_or_404(test: str) -> str:
    if test not in [str(t) for t in SLOT_TESTS]:
        raise Http404
    return test


@permission_required(
    "interviews.book",
    objectgetter(Wish.objects.select_related("intake__program", "intake__campaign", "application")),
)
def book(request, pk, test, obj):
    """The slots left for one test of a choice; booking one (or moving to it)."""
    test = _test_or_404(test)
    wish = obj
    now = timezone.now()
    if not selectors.wish_requires(wish, test, now=now):
        raise Http404
    if request.method == "POST":
        try:
            slot_pk = int(request.POST.get("slot", ""))
        except ValueError:
            raise Http404 from None
        slot = selectors.slot_for_wish_or_404(wish=wish, test=test, pk=slot_pk)
        try:
            booking = services.booking_create(wish=wish, slot=slot, actor=request.user, now=now)
        except services.InterviewError as error:
            show_error(request, error)
            return redirect(reverse("interviews:book", args=[wish.pk, test]))
        messages.success(request, _("Your slot is booked. The invitation is sent to you by e-mail."))
        return redirect(reverse("interviews:booking", args=[booking.pk]))
    start, end = selectors.booking_window(wish.intake.campaign, test)
    current = selectors.live_booking(wish, test)
    interview_settings = selectors.settings_for(wish.intake.campaign)
    decision = selectors.released_decisions([wish]).get(wish.pk)
    return render(
        request,
        "interviews/book.html",
        {
            "wish": wish,
            "test": test,
            "test_label": ProbatoryTest(test).label,
            # The nature of the optional oral tests, as the jury wrote it (R-TEST-5).
            "tests_note": decision.tests_note if decision and test == ProbatoryTest.ORAL_TEST else "",
            "window_start": start,
            "window_last_day": wish.intake.campaign.second_interview_booking_end_on
            if test == ProbatoryTest.SECOND_INTERVIEW
            else wish.intake.campaign.tests_end_on,
            "window_open": start <= now < end,
            "current": current,
            "may_change": current is None
            or (
                current.state == BookingState.BOOKED
                and now < selectors.change_deadline(current, interview_settings)
            ),
            "slots": selectors.slots_left(wish=wish, test=test, now=now) if start <= now < end else [],
        },
    )


@permission_required("interviews.see_own_booking", _booking)
def booking(request, pk, obj):
    booking = obj
    interview_settings = selectors.settings_for(booking.slot.intake.campaign)
    now = timezone.now()
    live = booking.state == BookingState.BOOKED
    return render(
        request,
        "interviews/booking.html",
        {
            "booking": booking,
            "slot": booking.slot,
            "test_label": ProbatoryTest(booking.test).label,
            "live": live,
            "deadline": selectors.change_deadline(booking, interview_settings),
            "may_change": live and now < selectors.change_deadline(booking, interview_settings),
            "room_url": selectors.room_url(booking.slot)
            if live and selectors.room_visible(booking.slot, interview_settings, now)
            else "",
            "room_opens_minutes": interview_settings.room_opens_minutes_before,
        },
    )


@permission_required("interviews.see_own_booking", _booking)
def booking_ics(request, pk, obj):
    booking = obj
    language = request.LANGUAGE_CODE if request.LANGUAGE_CODE in ("fr", "en") else "fr"
    response = HttpResponse(
        ics.booking_ics(booking, language=language),
        content_type=f"text/calendar; method={ics.booking_method(booking)}; charset=utf-8",
    )
    response["Content-Disposition"] = 'attachment; filename="invitation.ics"'
    return response


@permission_required("interviews.cancel_booking", _booking)
def booking_cancel(request, pk, obj):
    if refused := _post_only(request):
        return refused
    booking = obj
    try:
        services.booking_cancel(booking=booking, actor=request.user)
    except services.InterviewError as error:
        show_error(request, error)
        return redirect(reverse("interviews:booking", args=[booking.pk]))
    messages.success(request, _("Your booking is cancelled. The cancellation is sent to you by e-mail."))
    return redirect(reverse("interviews:book", args=[booking.wish_id, booking.test]))
