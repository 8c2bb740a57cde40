"""The steps a whole session takes after the dossiers, each at its date and only once the
session's phase has passed it: the jury's first reading while submissions are open
(`demo.first_reading`), the file-review release, the jury's share of the dossiers,
the admissibility deliberation and its release, the company-search support, the
complementary list and its trainees."""

import datetime as dt
import random

import time_machine

from apprenticeship.models import ComplementaryListSetting
from apprenticeship.services import complementary_draw, trainees_leave_run
from apprenticeship.services.complementary import DrawRefused
from candidates.enums import WishState
from candidates.models import Wish
from company_search.enums import Mobility, Region, Sector
from company_search.models import TrainingDay
from company_search.services import search_needs_save, training_day_register, training_day_save
from interviews.enums import GradeProposal
from interviews.models import Grade
from jury import services as jury
from jury.enums import DecisionKind
from selection.enums import AdmissibilityOutcome
from selection.services import admissibility_decide, admissibility_release
from video_interview.models import Grade as VideoGrade

from .cfa import cfa_steps
from .dossiers import at
from .first_reading import first_reading_steps
from .probatory import probatory_steps

# The session's progress, in calendar order; "done" is a session whose year is over (2021).
PROGRESS = ["submissions", "review", "tests", "admissibility", "cfa", "classes", "done"]


def reached(progress: str, step: str) -> bool:
    return PROGRESS.index(progress) >= PROGRESS.index(step)


def session_steps(campaign, progress: str, *, president, cfa, admin, seed: str) -> dict[str, int]:
    counts: dict[str, int] = {}
    if progress == "submissions":
        counts |= first_reading_steps(campaign, president=president)
    if progress == "review":
        with time_machine.travel(at(campaign.submission_deadline + dt.timedelta(days=3), 9), tick=False):
            counts["assigned"] = sum(
                jury.assignments_balance(intake=intake, actor=president, per_dossier=1)
                for intake in campaign.intakes.all()
            )
    if reached(progress, "tests"):
        with time_machine.travel(at(campaign.review_results_on, 8, 5), tick=False):
            counts["file_review_released"] = jury.decisions_release(campaign=campaign).released
        counts |= probatory_steps(
            campaign,
            progress,
            president=president,
            admin=admin,
            seed=seed,
            graded=reached(progress, "admissibility"),
        )
    if reached(progress, "admissibility"):
        counts |= _deliberate(campaign, president=president, seed=seed)
    if reached(progress, "cfa"):
        counts |= _company_search(campaign, cfa=cfa, seed=seed)
        counts |= cfa_steps(campaign, progress, cfa=cfa, seed=seed, classes=reached(progress, "classes"))
    if reached(progress, "classes"):
        counts |= _complementary(campaign, president=president, admin=admin, done=progress == "done")
    return counts


def _deliberate(campaign, *, president, seed) -> dict[str, int]:
    """The president's admissibility decisions two days before the results date, after the
    tests were graded (`demo.probatory`): a graded interview's proposal is followed; ranked in
    the order of the file-review score, then their release on the date (R-TEST-8)."""
    rng = random.Random(f"{seed}-admissibility")
    wishes = list(
        Wish.objects.filter(
            intake__campaign=campaign,
            state=WishState.PRE_ADMISSIBLE,
            jury_decision__kind__in=[DecisionKind.STANDARD, DecisionKind.PRE_ADMISSIBLE],
        )
        .select_related("intake", "jury_score")
        .order_by("intake_id", "-jury_score__combined", "pk")
    )
    proposals = dict(VideoGrade.objects.filter(wish__in=wishes).values_list("wish_id", "proposal"))
    proposals |= dict(
        Grade.objects.filter(booking__wish__in=wishes).values_list("booking__wish_id", "proposal")
    )
    ranks: dict[int, int] = {}
    with time_machine.travel(at(campaign.admissibility_results_on - dt.timedelta(days=2), 10), tick=False):
        for wish in wishes:
            # The panel's proposal after a graded interview leads; otherwise the other tests.
            proposal = proposals.get(wish.pk)
            admissible = rng.random() < 0.7 if proposal is None else proposal != GradeProposal.NOT_ADMISSIBLE
            rank = None
            if admissible:
                ranks[wish.intake_id] = rank = ranks.get(wish.intake_id, 0) + 1
            admissibility_decide(
                wish=wish,
                actor=president,
                outcome=AdmissibilityOutcome.ADMISSIBLE
                if admissible
                else AdmissibilityOutcome.NOT_ADMISSIBLE,
                rank=rank,
                comment="Résultats des épreuves (démonstration).",
            )
    with time_machine.travel(at(campaign.admissibility_results_on, 8, 5), tick=False):
        report = admissibility_release(campaign=campaign)
    return {"admissibility_released": report.released}


def _company_search(campaign, *, cfa, seed) -> dict[str, int]:
    """From the support's start: two training days, and the needs of most candidates still
    searching, some of whom register for a day (R-CFA-1)."""
    rng = random.Random(f"{seed}-support")
    start = campaign.company_search_start_on
    days = list(TrainingDay.objects.filter(campaign=campaign).order_by("starts_at"))
    if not days:
        with time_machine.travel(at(start, 9), tick=False):
            for offset, title in (
                (10, "Réussir son entretien d'embauche"),
                (17, "CV et lettre de motivation"),
            ):
                days.append(
                    training_day_save(
                        campaign=campaign,
                        actor=cfa,
                        data={
                            "title": title,
                            "description": "Atelier du CFA (démonstration).",
                            "starts_at": at(start + dt.timedelta(days=offset), 9),
                            "ends_at": at(start + dt.timedelta(days=offset), 17),
                            "location": "CFA, 6 avenue de Clavières, Alès",
                            "capacity": 12,
                        },
                    )
                )
    searching = Wish.objects.filter(intake__campaign=campaign, state=WishState.ADMISSIBLE).select_related(
        "application__candidate"
    )
    saved = registered = 0
    seen = set()
    with time_machine.travel(at(start + dt.timedelta(days=2), 11), tick=False):
        for wish in searching.order_by("pk"):
            application = wish.application
            if application.pk in seen or rng.random() < 0.3:
                continue
            seen.add(application.pk)
            search_needs_save(
                application=application,
                actor=application.candidate,
                data={
                    "sectors": rng.sample([s.value for s in Sector], k=2),
                    "regions": [Region.OCC.value],
                    "mobility": rng.choice([m.value for m in Mobility]),
                    "cv_help": rng.random() < 0.5,
                    "interview_practice": rng.random() < 0.6,
                },
            )
            saved += 1
            if rng.random() < 0.5:
                training_day_register(
                    day=rng.choice(days), application=application, actor=application.candidate
                )
                registered += 1
    return {"needs": saved, "training_registrations": registered}


def _complementary(campaign, *, president, admin, done) -> dict[str, int]:
    """Seven days before classes the president draws each eligible intake's list within the
    capacity the admin set (R-ADMIT-5); in a finished session, the trainees without a
    contract have left three months later (R-ADMIT-6)."""
    drawn = 0
    with time_machine.travel(at(campaign.classes_start_on - dt.timedelta(days=7), 10), tick=False):
        for intake in campaign.intakes.all():
            ComplementaryListSetting.objects.get_or_create(intake=intake, defaults={"capacity": 5})
            try:
                record = complementary_draw(
                    intake=intake, actor=president, seed=f"demo-{campaign.year}-{intake.pk}"
                )
            except DrawRefused:
                continue  # no list for this intake (no vacant place, or not more searching)
            drawn += len(record.listed)
    left = 0
    if done:
        leave_day = campaign.classes_start_on + dt.timedelta(days=93)
        with time_machine.travel(at(leave_day, 1), tick=False):
            left = trainees_leave_run(campaign, today=leave_day)
    return {"complementary_listed": drawn, "trainees_left": left}
