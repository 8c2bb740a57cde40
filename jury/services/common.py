"""What the jury's services share: the refusal shown to the user, the states the jury may
still decide on, the fee owed before examination and the conflict-of-interest check."""

from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from candidates.enums import Eligibility, ScholarshipStatus, WishState
from candidates.fees import amount_owed
from core.errors import PortalError
from core.formatting import money_display

from ..models import ConflictOfInterest, EligibilityRuling

# Wishes on which the jury may still decide.
DECIDABLE_STATES = (WishState.SUBMITTED, WishState.UNDER_REVIEW)


class JuryError(PortalError):
    """A refused jury action; the message is shown to the user as is."""


class EligibilityNotRuled(JuryError):
    """A decision on a title the jury must judge (R-ELIG-2/3/4) before anyone ruled on it."""

    code = "eligibility_not_ruled"
    default_message = gettext_lazy(
        "The title is for the jury to judge (another French title, a foreign title or the 2nd "
        "year): record the eligibility ruling before deciding."
    )


def needs_eligibility_ruling(wish) -> bool:
    """True while the wish's title awaits the jury's ruling (R-ELIG-2/3/4). Reads
    `wish.eligibility_ruling` when it was selected with the wish, else one query."""
    if wish.eligibility != Eligibility.JURY:
        return False
    try:
        return wish.eligibility_ruling is None
    except EligibilityRuling.DoesNotExist:
        return True


def _ensure_eligibility_ruled(wish) -> None:
    if needs_eligibility_ruling(wish):
        raise EligibilityNotRuled()


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
