"""What the jury's services share: the refusal shown to the user, the states the jury may
still decide on, the fee owed before examination and the conflict-of-interest check."""

from decimal import Decimal

from django.utils.translation import gettext as _

from candidates.enums import ScholarshipStatus, WishState
from candidates.fees import amount_owed
from core.errors import PortalError
from core.formatting import money_display

from ..models import ConflictOfInterest

# Wishes on which the jury may still decide.
DECIDABLE_STATES = (WishState.SUBMITTED, WishState.UNDER_REVIEW)


class JuryError(PortalError):
    """A refused jury action; the message is shown to the user as is."""


def fee_owed_before_examination(application) -> Decimal:
    """What the candidate still owes. Submission needs the fee paid, so after it only a
    refused scholarship proof can leave a difference (R-FEES-1/2), owed before the jury
    examines the dossier: checked on those dossiers only, to keep bulk work cheap."""
    if application.scholarship_status != ScholarshipStatus.REFUSED:
        return Decimal("0.00")
    return amount_owed(application)


def _ensure_fee_settled(wish) -> None:
    owed = fee_owed_before_examination(wish.application)
    if owed > 0:
        raise JuryError(
            _(
                "The candidate still owes %(amount)s (scholarship proof refused): the dossier is "
                "examined once the difference is paid."
            )
            % {"amount": money_display(owed)}
        )


def _conflicted(member, wish) -> bool:
    return ConflictOfInterest.objects.filter(application_id=wish.application_id, member=member).exists()
