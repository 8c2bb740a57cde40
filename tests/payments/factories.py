"""Factories for the payments tests: an application with its wishes, payments."""

from decimal import Decimal

import factory

from candidates.enums import ScholarshipStatus, WishState
from candidates.models import Application, Wish
from payments.enums import PaymentState, ProviderCode
from payments.models import Payment
from tests.factories import CampaignFactory, IntakeFactory, UserFactory


class ApplicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Application

    campaign = factory.SubFactory(CampaignFactory)
    candidate = factory.SubFactory(UserFactory)
    scholarship_status = ScholarshipStatus.NONE


class WishFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Wish

    application = factory.SubFactory(ApplicationFactory)
    intake = factory.SubFactory(IntakeFactory, campaign=factory.SelfAttribute("..application.campaign"))
    state = WishState.DRAFT


class PaymentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Payment

    application = factory.SubFactory(ApplicationFactory)
    provider = ProviderCode.SANDBOX
    amount = Decimal("77.00")
    state = PaymentState.PENDING


def application_with_wishes(n, *, campaign=None, candidate=None, scholarship=ScholarshipStatus.NONE):
    kwargs = {"scholarship_status": scholarship}
    if campaign is not None:
        kwargs["campaign"] = campaign
    if candidate is not None:
        kwargs["candidate"] = candidate
    application = ApplicationFactory(**kwargs)
    for _ in range(n):
        WishFactory(application=application)
    return application
