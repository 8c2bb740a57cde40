"""How the data download covers the live interviews (core.retention, docs/privacy.md). The
grades are the jury's work, as the jury's reviews (privacy/coverage.py): excluded."""

from django.utils.translation import gettext_lazy as _

from core.retention import register_personal_data

STAFF_ONLY = _("Links a staff member (who recorded or decided), not a candidate.")
JURY_WORK = _("The jury's working notes and organisation; the released decision is exported.")


def register() -> None:
    register_personal_data("interviews.Booking", owner="wish__application__candidate")
    register_personal_data("interviews.Grade", excluded=JURY_WORK)
    register_personal_data("interviews.SecondInterviewCall", excluded=JURY_WORK)
    register_personal_data("interviews.Slot", excluded=STAFF_ONLY)
    register_personal_data("interviews.SlotMember", excluded=STAFF_ONLY)
