import pytest

from admissions.models import Intake
from tests.payments.factories import WishFactory, application_with_wishes


@pytest.fixture
def application_of(session_2021):
    """`application_of(user, programs=1, **kw)`: an application of the 2021 session with
    `programs` wishes on its real intakes."""

    def make(user, programs=1, **kwargs):
        application = application_with_wishes(0, campaign=session_2021, candidate=user, **kwargs)
        for intake in Intake.objects.filter(campaign=session_2021).order_by("pk")[:programs]:
            WishFactory(application=application, intake=intake)
        return application

    return make
