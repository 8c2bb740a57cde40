"""The complementary list's sections on lower apps' pages (core.panels, registered in
`complementary_setup`): the president's link on the jury home, the CFA's links, and the
trainee's deadline on the candidate's home."""

from candidates.enums import WishState

from . import draw


def jury_home(*, request, campaign, **_):
    if not request.user.has_perm("apprenticeship.draw_complementary_lists"):
        return None
    return {"campaign": campaign}


def cfa_home(*, request, campaign, **_):
    return {"campaign": campaign}


def candidate_wish(*, wish, state, campaign, **_):
    """A listed candidate reads their status and deadline (R-ADMIT-6) on their choice."""
    if state not in (WishState.COMPLEMENTARY, WishState.LEFT):
        return None
    return {
        "wish": wish,
        "left": state == WishState.LEFT,
        "classes_start": campaign.classes_start_on,
        "deadline": draw.contract_deadline(campaign.classes_start_on),
    }
