"""One candidate's story, told through the services at the moments it happened.

Each step runs under `time_machine.travel` to its moment, so every date the portal records
(audit entries, submission, payments, e-mails) is the story's date, and every rule the
services check (deadlines, results dates) is checked as it was then: the demo is also a
test of the services.
"""

import datetime as dt
import io
import random
from dataclasses import dataclass, field
from decimal import Decimal

import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image
from pypdf import PdfWriter

from accounts.enums import Role
from accounts.models import User
from admissions.models import Campaign, EligibleTitle, Intake
from candidates import services as dossier
from candidates.enums import RefereeKind, RefereeQuestions, TitleChoice, WishState
from candidates.forms import RefereeAnswerForm
from candidates.selectors import application_queryset, document_checklist
from jury import services as jury
from jury.enums import DecisionKind, ProbatoryTest
from jury.models import ScoringCriterion
from payments.services import payment_confirm, payment_start

from .people import BAC_SERIES, ESTABLISHMENTS, Person

PARIS = dt.timezone(dt.timedelta(hours=1))


def at(day: dt.date, hour: int = 10, minute: int = 0) -> dt.datetime:
    """A moment of `day`, Paris time (winter offset: the stories happen from January to
    April, and a one-hour error on a demo timestamp is harmless)."""
    return dt.datetime(day.year, day.month, day.day, hour, minute, tzinfo=PARIS)


def _pdf(title: str) -> bytes:
    """A small real PDF (uploads are parsed before storage): one page with a title."""
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.add_metadata({"/Title": title, "/Producer": "load_demo"})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _jpeg(seed: int) -> bytes:
    rng = random.Random(seed)
    out = io.BytesIO()
    Image.new("RGB", (64, 48), (rng.randrange(256), rng.randrange(256), rng.randrange(256))).save(out, "JPEG")
    return out.getvalue()


class Stage:
    """How far a dossier of the story goes (each includes the ones before it)."""

    IDENTITY = 1  # account, identity
    WISHES = 2  # path, title, choices
    DOCUMENTS = 3  # documents, referee, consents
    PAID = 4  # fees paid, not submitted
    SUBMITTED = 5
    REVIEWED = 6  # taken into review, reviews submitted
    DECIDED = 7  # the president's draft decision
    RELEASED = 8  # released on the results date


@dataclass
class Story:
    """What happens to one candidate, decided once by the seed."""

    person: Person
    programs: list[str]
    level: str = "year_1"
    stage: int = Stage.SUBMITTED
    scholarship: bool = False
    title_choice: str = TitleChoice.LISTED
    in_progress: bool = False
    decision: str = ""  # a DecisionKind for DECIDED and beyond
    tests: list[str] = field(default_factory=list)
    ending: str = ""  # "withdrawn", "voided", "refused_examination"
    day_offset: int = 0  # days after the opening when the candidate starts


@dataclass
class Clock:
    """The dates of the story in one session (the live one is shifted: see `demo.phases`)."""

    campaign: Campaign
    today: dt.datetime
    # What every story of the session reads again (intakes, titles, scoring criteria):
    # read once per session, not once per candidate.
    cache: dict = field(default_factory=dict, repr=False, compare=False)

    def remember(self, key, read):
        if key not in self.cache:
            self.cache[key] = read()
        return self.cache[key]

    def filled(self, story: Story) -> dt.datetime:
        start = self.campaign.submission_opens_on + dt.timedelta(days=story.day_offset)
        return min(at(start, 9 + story.day_offset % 8), self.today - dt.timedelta(hours=2))

    def submitted(self, story: Story) -> dt.datetime:
        return min(self.filled(story) + dt.timedelta(hours=1), self.today - dt.timedelta(hours=1))

    def review(self) -> dt.datetime:
        return min(at(self.campaign.submission_deadline + dt.timedelta(days=3)), self.today)

    def decided(self) -> dt.datetime:
        return min(at(self.campaign.review_results_on - dt.timedelta(days=4)), self.today)

    def results(self) -> dt.datetime:
        return at(self.campaign.review_results_on, 8, 5)


def candidate_account(person: Person) -> User:
    user, created = User.objects.get_or_create(
        email=person.email,
        defaults={"first_name": person.first_name, "last_name": person.last_name, "role": Role.CANDIDATE},
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    return user


def _intake(clock: Clock, code, level) -> Intake:
    return clock.remember(
        ("intake", code, level),
        lambda: Intake.objects.select_related("program").get(
            campaign=clock.campaign, program__code=code, level=level
        ),
    )


def _title(clock: Clock, story: Story) -> EligibleTitle | None:
    if story.title_choice != TitleChoice.LISTED:
        return None
    intake = _intake(clock, story.programs[0], story.level)
    titles = clock.remember(
        ("titles", intake.pk), lambda: list(EligibleTitle.objects.filter(intake=intake).order_by("position"))
    )
    return titles[len(story.person.email) % len(titles)] if titles else None


def dossier_tell(story: Story, clock: Clock, *, jury_members, president):
    """Tell `story` up to its stage; returns the application (None for an account only)."""
    campaign = clock.campaign
    user = candidate_account(story.person)
    with time_machine.travel(clock.filled(story), tick=False):
        application = dossier.application_get_or_create(candidate=user, campaign=campaign)
        dossier.application_identity_update(
            application=application,
            actor=user,
            first_name=story.person.first_name,
            last_name=story.person.last_name,
            birth_date=dt.date(
                1998 + len(story.person.last_name) % 6, 1 + len(story.person.first_name) % 12, 15
            ),
            phone="+33 6 00 00 00 00",
            address="1 rue de l'Exemple, 30100 Alès",
            nationality="française",
        )
        if story.stage < Stage.WISHES:
            return application
        dossier.application_path_update(
            application=application,
            actor=user,
            bac_series=BAC_SERIES[len(story.person.email) % len(BAC_SERIES)],
            bac_year=2018,
            path_since_bac="2018-2020 : DUT (établissement fictif)",
        )
        title = _title(clock, story)
        dossier.application_title_update(
            application=application,
            actor=user,
            title_choice=story.title_choice,
            listed_title=title,
            title_name=str(title.name_fr) if title else "Licence professionnelle Exemple",
            title_description="" if title else "Licence professionnelle (diplôme fictif de démonstration)",
            title_establishment=ESTABLISHMENTS[len(story.person.first_name) % len(ESTABLISHMENTS)],
            ects=max(title.min_ects or 0 if title else 0, 120 if story.level == "year_1" else 240),
            title_in_progress=story.in_progress,
        )
        if story.scholarship:
            dossier.application_scholarship_declare(application=application, actor=user, declared=True)
        for code in story.programs:
            dossier.wish_add(application=application, intake=_intake(clock, code, story.level), actor=user)
        if story.stage < Stage.DOCUMENTS:
            return application
        for number, item in enumerate(document_checklist(application_queryset().get(pk=application.pk))):
            picture = item.document_type.code == "identity"
            dossier.document_upload(
                application=application,
                document_type=item.document_type,
                uploaded_file=SimpleUploadedFile(
                    f"{item.document_type.code}.{'jpg' if picture else 'pdf'}",
                    _jpeg(number) if picture else _pdf(f"{item.document_type.name_fr} – démonstration"),
                    content_type="image/jpeg" if picture else "application/pdf",
                ),
                actor=user,
            )
        referee = dossier.referee_request(
            application=application,
            actor=user,
            kind=RefereeKind.ORIGIN_ESTABLISHMENT,
            name="Mme Référente (fictive)",
            email=f"referent.{user.pk}@example.org",
            position="Responsable pédagogique",
        )
        dossier.application_consents_update(application=application, actor=user, share=True, recording=True)
    if story.stage >= Stage.SUBMITTED or story.stage == Stage.PAID:
        with time_machine.travel(clock.filled(story) + dt.timedelta(minutes=30), tick=False):
            dossier.referee_answer(referee=referee, answers=_appraisal(story))
            payment = payment_start(application=application, provider="sandbox", actor=user)
            payment_confirm(payment=payment, amount=payment.amount, provider_reference=f"demo-{payment.pk}")
    if story.stage < Stage.SUBMITTED:
        return application
    with time_machine.travel(clock.submitted(story), tick=False):
        application, _new = dossier.application_submit(
            application=application_queryset().get(pk=application.pk), actor=user
        )
    if story.ending == "refused_examination":
        with time_machine.travel(clock.review(), tick=False):
            dossier.application_refuse_examination(
                application=application,
                actor=president,
                reason="Pièce indispensable illisible (démonstration).",
            )
        return application
    if story.stage >= Stage.REVIEWED:
        _review(story, application, clock, jury_members=jury_members, president=president)
    if story.stage >= Stage.DECIDED and story.decision:
        with time_machine.travel(clock.decided(), tick=False):
            for wish in application.wishes.select_related("intake"):
                if jury.needs_eligibility_ruling(wish):
                    jury.eligibility_rule(
                        wish=wish,
                        actor=president,
                        eligible=True,
                        comment="Titre jugé équivalent (démonstration).",
                    )
                jury.decision_set(wish=wish, actor=president, kind=story.decision, tests=story.tests)
    if story.ending == "withdrawn":
        with time_machine.travel(clock.decided() + dt.timedelta(days=1), tick=False):
            dossier.application_withdraw(
                application=application, actor=user, reason="Autre projet (démonstration)."
            )
    elif story.ending == "voided":
        with time_machine.travel(clock.decided() + dt.timedelta(days=1), tick=False):
            dossier.application_void(
                application=application,
                actor=president,
                reason="Fausse déclaration sur le titre (démonstration).",
            )
    return application


def _appraisal(story: Story) -> dict:
    rng = random.Random(story.person.email)
    data = {f"rating_{key}": str(rng.randint(3, 5)) for key, _label in RefereeQuestions.SCHOOL.criteria}
    data |= {
        "recommendation": rng.choice(["very_favourable", "favourable", "reserved"]),
        "comments": "Avis fictif.",
    }
    form = RefereeAnswerForm(data=data)
    if not form.is_valid():  # the demo's data must pass the referee's own form
        raise ValueError(form.errors)
    return form.answers()


def _review(story: Story, application, clock: Clock, *, jury_members, president):
    rng = random.Random(f"review-{story.person.email}")
    criteria = clock.remember(
        "criteria", lambda: list(ScoringCriterion.objects.filter(campaign=clock.campaign))
    )
    with time_machine.travel(clock.review(), tick=False):
        for wish in application.wishes.select_related("intake__program"):
            if wish.state not in (WishState.SUBMITTED, WishState.UNDER_REVIEW):
                continue
            members = [m for m in jury_members if wish.intake.program_id in _programs(clock, m)] or [
                president
            ]
            for member in members[:2]:
                jury.review_save(
                    wish=wish,
                    reviewer=member,
                    scores={c.pk: Decimal(rng.randint(c.max_points // 2, c.max_points)) for c in criteria},
                    comment="Évaluation fictive de démonstration.",
                    proposal=story.decision or "",
                    submit=True,
                )


def _programs(clock: Clock, member) -> set[int]:
    return clock.remember(
        ("programs", member.pk), lambda: set(member.jury_programs.values_list("pk", flat=True))
    )


def decisions_for(level: str, rng: random.Random) -> tuple[str, list[str]]:
    """A decision and its tests, in the proportions a jury might give (R-JURY-3/4)."""
    roll = rng.random()
    if level == "year_2":
        if roll < 0.2:
            return DecisionKind.REJECTED, []
        return DecisionKind.PRE_ADMISSIBLE, [ProbatoryTest.ENGLISH_TEST, ProbatoryTest.JURY_INTERVIEW]
    if roll < 0.15:
        return DecisionKind.EXCELLENCE, []
    if roll < 0.35:
        return DecisionKind.REJECTED, []
    tests = [ProbatoryTest.VIDEO_INTERVIEW] + ([ProbatoryTest.ENGLISH_TEST] if roll < 0.7 else [])
    return DecisionKind.STANDARD, tests
