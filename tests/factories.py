"""factory_boy factories shared by every test module."""

import datetime as dt
from decimal import Decimal

import factory
from allauth.account.models import EmailAddress

from accounts.enums import Role
from accounts.models import User
from admissions.enums import Assessment, EntryLevel, TitleKind
from admissions.models import Campaign, DocumentType, EligibleTitle, FeeSchedule, Intake, Program
from candidates.forms import RefereeAnswerForm


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.org")
    first_name = factory.Faker("first_name", locale="fr_FR")
    last_name = factory.Faker("last_name", locale="fr_FR")
    role = Role.CANDIDATE
    password = factory.PostGenerationMethodCall("set_password", "correct-horse-battery")

    @factory.post_generation
    def verified(self, create, extracted, **kwargs):
        if not create:
            return
        self.save()  # keeps the password set just above
        if extracted is not False:
            EmailAddress.objects.create(user=self, email=self.email, verified=True, primary=True)


class CampaignFactory(factory.django.DjangoModelFactory):
    """A session with the 2021 calendar shape, moved to `year`."""

    class Meta:
        model = Campaign
        django_get_or_create = ("year",)
        skip_postgeneration_save = True

    year = 2021
    name = factory.LazyAttribute(lambda o: f"Session {o.year}")
    is_published = True
    submission_opens_on = factory.LazyAttribute(lambda o: dt.date(o.year, 1, 11))
    submission_deadline = factory.LazyAttribute(lambda o: dt.date(o.year, 3, 9))
    review_results_on = factory.LazyAttribute(lambda o: dt.date(o.year, 3, 30))
    tests_start_on = factory.LazyAttribute(lambda o: dt.date(o.year, 3, 31))
    tests_end_on = factory.LazyAttribute(lambda o: dt.date(o.year, 4, 16))
    video_english_start_on = factory.LazyAttribute(lambda o: dt.date(o.year, 3, 31))
    video_english_end_on = factory.LazyAttribute(lambda o: dt.date(o.year, 4, 5))
    second_interview_notice_on = factory.LazyAttribute(lambda o: dt.date(o.year, 4, 9))
    second_interview_booking_start_on = factory.LazyAttribute(lambda o: dt.date(o.year, 4, 12))
    second_interview_booking_end_on = factory.LazyAttribute(lambda o: dt.date(o.year, 4, 16))
    admissibility_results_on = factory.LazyAttribute(lambda o: dt.date(o.year, 4, 21))
    company_search_start_on = factory.LazyAttribute(lambda o: dt.date(o.year, 5, 3))
    classes_start_on = factory.LazyAttribute(lambda o: dt.date(o.year, 9, 6))

    @factory.post_generation
    def fees(self, create, extracted, **kwargs):
        if create and extracted is not False and not FeeSchedule.objects.filter(campaign=self).exists():
            FeeSchedule.objects.create(
                campaign=self,
                scholar_first=Decimal("22"),
                scholar_additional=Decimal("11"),
                standard_first=Decimal("77"),
                standard_additional=Decimal("22"),
            )


class ProgramFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Program
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"prog{n}")
    name_fr = factory.LazyAttribute(lambda o: f"Programme {o.code}")
    name_en = factory.LazyAttribute(lambda o: f"Program {o.code}")


class IntakeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Intake

    campaign = factory.SubFactory(CampaignFactory)
    program = factory.SubFactory(ProgramFactory)
    level = EntryLevel.YEAR_1
    places = 40
    min_ects = 120


class EligibleTitleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EligibleTitle

    intake = factory.SubFactory(IntakeFactory)
    kind = TitleKind.DUT
    name_fr = factory.Sequence(lambda n: f"Diplôme {n}")
    assessment = Assessment.LISTED


class DocumentTypeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DocumentType

    campaign = factory.SubFactory(CampaignFactory)
    code = factory.Sequence(lambda n: f"doc{n}")
    name_fr = factory.LazyAttribute(lambda o: f"Pièce {o.code}")
    name_en = factory.LazyAttribute(lambda o: f"Document {o.code}")


def open_for_submission_today(campaign, *, as_if: dt.date | None = None):
    """Move the whole calendar so that today is `as_if` of its year (15 February by
    default: submissions open). For pages read at the real date (browser tests, benchmarks)."""
    as_if = as_if or dt.date(campaign.year, 2, 15)
    delta = dt.date.today() - as_if
    for name in Campaign.calendar_field_names():
        value = getattr(campaign, name)
        if value is not None:
            setattr(campaign, name, value + delta)
    campaign.save()
    return campaign


# A referee's answers exactly as the referee's form stores them (R-JURY-1): the tests of
# every page that reads an appraisal start from this shape, never from a made-up one.
REFEREE_FORM_DATA = {
    "rating_academic_level": "5",
    "rating_motivation": "4",
    "rating_autonomy": "3",
    "rating_teamwork": "4",
    "recommendation": "very_favourable",
    "comments": "Étudiant rigoureux.",
}


def referee_answers(**data) -> dict:
    """`RefereeAnswerForm.answers()` for the form data above, overridden by `data`."""
    form = RefereeAnswerForm(data={**REFEREE_FORM_DATA, **data})
    assert form.is_valid(), form.errors
    return form.answers()
