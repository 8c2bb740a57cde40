"""Factories of the jury tests: submitted applications and wishes, made directly."""

import datetime as dt

import factory
from django.utils import timezone

from accounts.enums import Role
from candidates.enums import Eligibility, RefereeKind, RefereeStatus, WishState
from candidates.models import Application, Referee, Wish
from tests.factories import CampaignFactory, IntakeFactory, UserFactory, referee_answers


class CandidateFactory(UserFactory):
    role = Role.CANDIDATE


class ApplicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Application

    campaign = factory.SubFactory(CampaignFactory)
    candidate = factory.SubFactory(CandidateFactory)
    reference = factory.Sequence(lambda n: f"J21-{n:05d}")
    submitted_at = factory.LazyFunction(lambda: timezone.now() - dt.timedelta(days=30))
    path_since_bac = "DUT Génie civil, 2019-2021"
    bac_series = "STI2D"
    bac_year = 2019


class WishFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Wish

    application = factory.SubFactory(ApplicationFactory)
    intake = factory.SubFactory(IntakeFactory)
    state = WishState.SUBMITTED
    eligibility = Eligibility.LISTED


def submitted_wish(intake, **kwargs):
    """A submitted wish on `intake`, in the intake's session."""
    application_kwargs = {
        k[len("application__") :]: v for k, v in kwargs.items() if k.startswith("application__")
    }
    wish_kwargs = {k: v for k, v in kwargs.items() if not k.startswith("application__")}
    application = ApplicationFactory(campaign=intake.campaign, **application_kwargs)
    return WishFactory(application=application, intake=intake, **wish_kwargs)


def received_referee(wish, **kwargs):
    """A referee of the wish's dossier who answered through the real form's shape."""
    fields = {
        "kind": RefereeKind.PROGRAM_HEAD,
        "name": "M. Responsable",
        "email": "r@iut.example",
        "status": RefereeStatus.RECEIVED,
        "answers": referee_answers(),
        **kwargs,
    }
    return Referee.objects.create(application=wish.application, **fields)
