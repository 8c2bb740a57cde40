"""The CFA's sections on other apps' pages (core.panels): the job sheets of an admissible
choice on the candidate's home, the intakes' places on the CFA's home."""

from candidates.enums import WishState

from . import selectors

_SHEET_STATES = (WishState.ADMISSIBLE, WishState.PLACED, WishState.ADMITTED, WishState.ENROLLED)


def wish_panel(*, request, campaign, application, wish, state, now, **_):
    """One query per shown choice: only choices in the CFA's phase have sheets."""
    if state not in _SHEET_STATES:
        return None
    return {"wish": wish, "sheets": selectors.wish_sheets(wish), "may_invite": state == WishState.ADMISSIBLE}


def home_panel(*, request, campaign, **_):
    intakes = list(selectors.intakes_with_places(campaign))
    return {
        "campaign": campaign,
        "rows": [(intake, selectors.intake_places(intake)) for intake in intakes],
    }
