"""The sections this app adds to lower apps' pages (`core.panels`), registered in apps.ready."""

from accounts.rules import is_jury_member
from candidates.enums import WishState
from core.panels import once_per_page

from .selectors import application_tests, deliberation_intakes


def wish_tests_panel(*, request, campaign, application, wish, state, now, **_kwargs):
    """The candidate's home, under a pre-admissible wish: the tests to take and the link to
    the tests page (one query for all the dossier's choices). Nothing once the admissibility
    is known."""
    if state != WishState.PRE_ADMISSIBLE:
        return None
    tests = once_per_page(
        request, "selection.tests", application.pk, lambda: application_tests(application)
    ).get(wish.pk)
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
