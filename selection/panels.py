"""The sections this app adds to lower apps' pages (`core.panels`), registered in apps.ready."""

from accounts.rules import is_jury_member
from candidates.enums import WishState

from .selectors import deliberation_intakes, wish_tests_for_panel


def wish_tests_panel(*, request, campaign, application, wish, state, now, **_kwargs):
    """The candidate's home, under a pre-admissible wish: the tests to take and the link to
    the tests page (one query). Nothing once the admissibility is known."""
    if state != WishState.PRE_ADMISSIBLE:
        return None
    tests = wish_tests_for_panel(wish, application)
    if tests is None:
        return None
    return {"tests": tests, "year": campaign.year, "results_on": campaign.admissibility_results_on}


def jury_home_panel(*, request, campaign, **_kwargs):
    """The jury's home: the deliberation of each intake with pre-admissible candidates (one
    query)."""
    user = getattr(request, "user", None)
    if user is None or not is_jury_member(user):
        return None
    intakes = list(deliberation_intakes(user=user, campaign=campaign))
    if not intakes:
        return None
    return {"deliberation_intakes": intakes, "year": campaign.year}
