"""Factories of the company-search tests: candidates still searching, training days."""

import datetime as dt

import factory

from candidates.enums import WishState
from company_search.models import TrainingDay
from tests.jury.factories import ApplicationFactory, CandidateFactory, WishFactory

DAY_START = dt.datetime(2021, 5, 20, 7, 0, tzinfo=dt.UTC)  # 09:00 Paris


def searching_wish(intake, *, candidate=None, state=WishState.ADMISSIBLE):
    """A candidate's dossier with one wish on `intake` in `state` (admissible by default)."""
    application = ApplicationFactory(campaign=intake.campaign, candidate=candidate or CandidateFactory())
    return WishFactory(application=application, intake=intake, state=state)


class TrainingDayFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TrainingDay

    title = factory.Sequence(lambda n: f"Atelier CV {n}")
    starts_at = DAY_START
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + dt.timedelta(hours=7))
    location = "IMT Mines Alès, amphi B"
    capacity = 2
