"""Company-search support: the candidate's pages, the CFA's management, the public places."""

import datetime as dt

from django.core.files.base import ContentFile

from admissions.enums import EntryLevel
from admissions.models import Campaign, Intake
from company_search.enums import RegistrationState
from company_search.models import Resource, TrainingDay, TrainingRegistration
from tests.company_search.factories import searching_wish
from tests.permissions import LOGIN, NOT_ALLOWED, OK, Case

CFA_ONLY = {"anonymous": LOGIN, "cfa": OK, "admin": OK}


def _a_searches(world):
    """Candidate A is admissible in program X of the current session; B has no dossier."""
    campaign = Campaign.objects.current()
    intake = Intake.objects.get(campaign=campaign, program=world.program_x, level=EntryLevel.YEAR_1)
    return campaign, searching_wish(intake, candidate=world.candidate_a)


def _year(world):
    campaign, _wish = _a_searches(world)
    return {"year": campaign.year}


def _day(campaign, world):
    starts = dt.datetime(campaign.year + 10, 5, 20, 7, 0, tzinfo=dt.UTC)  # far ahead of today
    return TrainingDay.objects.create(
        campaign=campaign,
        program=world.program_x,
        title="Atelier",
        starts_at=starts,
        ends_at=starts + dt.timedelta(hours=3),
        location="Alès",
        capacity=5,
    )


def _day_of_x(world):
    campaign, _wish = _a_searches(world)
    return {"pk": _day(campaign, world).pk}


def _registration_of_a(world):
    campaign, wish = _a_searches(world)
    registration = TrainingRegistration.objects.create(
        day=_day(campaign, world), application=wish.application, state=RegistrationState.REGISTERED
    )
    return {"pk": registration.pk}


def _resource_of_x(world):
    campaign, _wish = _a_searches(world)
    resource = Resource.objects.create(
        campaign=campaign,
        program=world.program_x,
        title_fr="Guide",
        file=ContentFile(b"%PDF-1.4\n%%EOF\n", name="guide.pdf"),
    )
    return {"pk": resource.pk}


CASES = [
    # Every candidate reaches the page; it tells those not supported why.
    Case(
        "company_search:home",
        perm="company_search.use_support",
        setup=_year,
        expect={"anonymous": LOGIN, "candidate_a": OK, "candidate_b": OK},
    ),
    # The needs form: for candidates still searching only (B has nothing to tell).
    Case(
        "company_search:needs",
        perm="company_search.use_support",
        setup=_year,
        expect={"anonymous": LOGIN, "candidate_a": OK},
        absent_for=("candidate_b",),
    ),
    Case(
        "company_search:places",
        setup=_year,
        default=OK,
    ),
    # POST only: asked with GET, the candidate who may register gets 405.
    Case(
        "company_search:day_register",
        perm="company_search.register_training_day",
        setup=_day_of_x,
        expect={"anonymous": LOGIN, "candidate_a": NOT_ALLOWED},
    ),
    Case(
        "company_search:registration_cancel",
        perm="company_search.cancel_registration",
        setup=_registration_of_a,
        expect={"anonymous": LOGIN, "candidate_a": NOT_ALLOWED},
    ),
    Case(
        "company_search:resource_file",
        perm="company_search.open_resource",
        setup=_resource_of_x,
        expect={**CFA_ONLY, "candidate_a": OK},
    ),
    Case("company_search:manage", perm="company_search.manage_support", setup=_year, expect=CFA_ONLY),
    Case("company_search:needs_export", perm="company_search.manage_support", setup=_year, expect=CFA_ONLY),
    Case("company_search:day_create", perm="company_search.manage_support", setup=_year, expect=CFA_ONLY),
    Case("company_search:day_detail", perm="company_search.manage_support", setup=_day_of_x, expect=CFA_ONLY),
]
