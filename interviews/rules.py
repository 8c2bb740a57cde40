"""Who may do what in live interviews: named permissions for views, templates and the
permission matrix. A candidate reaches only their own choices and bookings; a jury member
the intakes of the programs they sit on (never a candidate they declared a conflict with);
the grade belongs to the slot's panel."""

import rules

from accounts.rules import is_candidate, is_jury_member
from jury.models import ConflictOfInterest
from jury.rules import may_open_wish, sits_on_jury_of

from .models import SlotMember


@rules.predicate
def owns_wish(user, wish) -> bool:
    return wish is not None and wish.application.candidate_id == user.pk


@rules.predicate
def owns_booking(user, booking) -> bool:
    return booking is not None and booking.wish.application.candidate_id == user.pk


@rules.predicate
def sits_on_slot_jury(user, slot) -> bool:
    return slot is not None and sits_on_jury_of(user, slot.intake)


@rules.predicate
def sits_on_booking_jury(user, booking) -> bool:
    """The booking's program, without a conflict with its candidate."""
    return (
        booking is not None
        and sits_on_jury_of(user, booking.slot.intake)
        and not ConflictOfInterest.objects.filter(
            member=user, application_id=booking.wish.application_id
        ).exists()
    )


@rules.predicate
def on_booking_panel(user, booking) -> bool:
    return booking is not None and SlotMember.objects.filter(slot_id=booking.slot_id, member=user).exists()


# The jury: 1st-year calls, slots, the panel's grade, a move or a cancellation with a reason.
rules.add_perm("interviews.manage_calls", is_jury_member & sits_on_jury_of)
rules.add_perm("interviews.call_wish", is_jury_member & may_open_wish)
rules.add_perm("interviews.manage_slots", is_jury_member & sits_on_jury_of)
rules.add_perm("interviews.see_slot", is_jury_member & sits_on_slot_jury)
rules.add_perm("interviews.remove_slot", is_jury_member & sits_on_slot_jury)
rules.add_perm("interviews.move_booking", is_jury_member & sits_on_booking_jury)
rules.add_perm("interviews.jury_cancel_booking", is_jury_member & sits_on_booking_jury)
rules.add_perm("interviews.grade_booking", is_jury_member & sits_on_booking_jury & on_booking_panel)
# The candidate: their own choices and bookings.
rules.add_perm("interviews.book", is_candidate & owns_wish)
rules.add_perm("interviews.see_own_booking", is_candidate & owns_booking)
rules.add_perm("interviews.cancel_booking", is_candidate & owns_booking)
