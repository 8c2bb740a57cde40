"""Panels on lower apps' pages (core.panels): the candidate's home and the CFA's home."""

from . import selectors


def candidate_home(*, request, campaign, application, now, **_kwargs) -> dict | None:
    """The support's link and the places countdown, for a candidate still searching."""
    if application is None:
        return None
    program_ids = selectors.searching_program_ids(application)
    if not program_ids:
        return None
    countdown = selectors.places_countdown(campaign) if selectors.countdown_shown(campaign, now) else None
    support = selectors.support_open(campaign, now)
    if countdown is None and not support:
        return None
    return {
        "campaign": campaign,
        "countdown": countdown,
        "support_open": support,
        "program_ids": program_ids,
        "needs": selectors.needs_of(application) if support else None,
    }


def cfa_home(*, request, campaign, **_kwargs) -> dict | None:
    """The needs recorded and the days to come, with the link to the support's management."""
    summaries = selectors.needs_by_program(campaign)
    days = selectors.training_days_for_cfa(campaign)
    return {
        "campaign": campaign,
        "searching": sum(summary.candidates for summary in summaries),
        "answered": sum(summary.answered for summary in summaries),
        "days": len(days),
    }
