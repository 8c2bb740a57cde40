"""Reads of the CFA's pages."""

from django.db.models import Q

from candidates.enums import WishState

# The CFA's phase: from pre-admissibility (places and companies to prepare) to the
# trainees' enrolment (December for a session).
CFA_STATES = (
    WishState.PRE_ADMISSIBLE,
    WishState.ADMISSIBLE,
    WishState.PLACED,
    WishState.ADMITTED,
    WishState.COMPLEMENTARY,
)


def sessions_with_trainees(user) -> Q:
    """The CFA has work in the sessions with candidates in its phase (registered with
    admissions in apps.ready)."""
    return Q(intakes__wishes__state__in=CFA_STATES)
