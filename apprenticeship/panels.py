"""The CFA's sections on other apps' pages (core.panels): the job sheets of an admissible
choice and a trainee's deadline on the candidate's home, the intakes' places and the
complementary lists on the CFA's home, the president's draw on the jury's home."""

from candidates.enums import WishState
from core.panels import once_per_page

from . import draw, selectors

_SHEET_STATES = (WishState.ADMISSIBLE, WishState.PLACED, WishState.ADMITTED, WishState.ENROLLED)


def wish_panel(*, request, campaign, application, wish, state, now, **_):
    """The sheets of a choice in the CFA's phase; those of all the dossier's choices are read
    together, once per page (one query whatever the number of choices)."""
    if state not in _SHEET_STATES:
        return None
    sheets = once_per_page(
        request,
        "apprenticeship.sheets",
        wish.application_id,
        lambda: selectors.application_sheets(wish.application_id),
    )
    return {"wish": wish, "sheets": sheets.get(wish.pk, []), "may_invite": state == WishState.ADMISSIBLE}


def home_panel(*, request, campaign, **_):
    intakes = list(selectors.intakes_with_places(campaign))
    return {
        "campaign": campaign,
        "rows": [(intake, selectors.intake_places(intake)) for intake in intakes],
        "to_review": sum(intake.to_review_total for intake in intakes),
    }


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
