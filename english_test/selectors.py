"""Reads of the English test, shared by the views, the registry functions and the services."""

import datetime as dt

from django.db.models import Q

from admissions.models import Campaign
from candidates.enums import WishState
from jury.enums import DecisionStatus, ProbatoryTest
from jury.models import Decision

from .models import IdentityPicture, Take

TEST = str(ProbatoryTest.ENGLISH_TEST)


def window(campaign: Campaign) -> tuple[dt.datetime, dt.datetime]:
    """From the first day at midnight to the last day's end, Paris time."""
    start = Campaign.paris_start_of(campaign.video_english_start_on)
    end = Campaign.paris_start_of(campaign.video_english_end_on + dt.timedelta(days=1))
    return start, end


def window_is_open(campaign: Campaign, now: dt.datetime) -> bool:
    start, end = window(campaign)
    return start <= now < end


def wishes_requiring(wish_ids) -> set[int]:
    """Of `wish_ids`, those whose released jury decision lists the English test (one query;
    the tests are a JSON list, filtered here: SQLite has no JSON containment)."""
    rows = Decision.objects.filter(wish_id__in=list(wish_ids), status=DecisionStatus.RELEASED).values_list(
        "wish_id", "tests"
    )
    return {wish_id for wish_id, tests in rows if TEST in (tests or [])}


def applications_to_invite(campaign: Campaign) -> list[int]:
    """Ids of the session's applications with a pre-admissible choice whose released decision
    lists the English test, and no English test yet (one per candidate, even for two choices)."""
    rows = (
        Decision.objects.filter(
            wish__intake__campaign=campaign,
            wish__state=WishState.PRE_ADMISSIBLE,
            status=DecisionStatus.RELEASED,
            wish__application__english_test__isnull=True,
        )
        .values_list("wish__application_id", "tests")
        .order_by("wish__application_id")
    )
    return sorted({application_id for application_id, tests in rows if TEST in (tests or [])})


def takes_by_application(application_ids) -> dict[int, Take]:
    takes = Take.objects.filter(application_id__in=list(application_ids)).select_related(
        "application__campaign"
    )
    return {take.application_id: take for take in takes}


def take_of(*, user, campaign: Campaign) -> Take | None:
    return (
        Take.objects.select_related("application__campaign")
        .filter(application__candidate=user, application__campaign=campaign)
        .first()
    )


def staff_take_list(*, campaign: Campaign):
    """Every English test of the session, for staff, with what a row shows (flat queries)."""
    return (
        Take.objects.filter(application__campaign=campaign)
        .select_related("application__candidate")
        .prefetch_related("application__wishes__intake__program")
        .order_by("application__candidate__last_name", "application__candidate__first_name", "pk")
    )


def takes_for_import(*, campaign: Campaign) -> dict[str, Take]:
    """The session's tests keyed by the candidate's e-mail (lower case) and by reference."""
    takes = {}
    for take in Take.objects.filter(application__campaign=campaign).select_related("application__candidate"):
        takes[take.application.candidate.email.lower()] = take
        takes[take.reference] = take
    return takes


def take_for_staff(*, pk) -> Take:
    return Take.objects.select_related("application__candidate", "application__campaign").get(pk=pk)


def pictures_of(take: Take):
    return IdentityPicture.objects.filter(take=take).order_by("taken_at", "pk")


def picture_for_staff(*, pk) -> IdentityPicture:
    return IdentityPicture.objects.select_related("take__application__campaign").get(pk=pk)


def search(queryset, value: str):
    return queryset.filter(
        Q(application__candidate__email__icontains=value)
        | Q(application__candidate__last_name__icontains=value)
        | Q(application__reference__iexact=value)
    )
