"""Where the live session stands today, and who is in it.

The live session is the 2021 session copied (`admissions.services.campaign_clone`) with its
calendar moved so that today falls at the chosen phase: inside the submission window for
"submissions", between the deadline and the file-review results for "review", and so on.
Its candidates have gone as far as that phase allows, no further.
"""

import datetime as dt
import random

from django.db import transaction
from django.utils import timezone

from accounts.enums import Role
from accounts.models import User
from admissions.models import Campaign
from admissions.services import campaign_clone, campaign_publish

from .dossiers import Clock, Stage, Story, decisions_for, dossier_tell
from .people import Person, people
from .stages import session_steps

# Each phase: the day of the 2021 calendar that "today" becomes.
PHASES = {
    "submissions": lambda c: c.submission_deadline - dt.timedelta(days=21),
    "review": lambda c: c.submission_deadline + dt.timedelta(days=7),
    "tests": lambda c: c.video_english_start_on + dt.timedelta(days=2),
    "admissibility": lambda c: c.admissibility_results_on + dt.timedelta(days=2),
    "cfa": lambda c: c.company_search_start_on + dt.timedelta(days=21),
    "classes": lambda c: c.classes_start_on + dt.timedelta(days=14),
}
PHASE_ORDER = list(PHASES)
LIVE_TAG = "live"
SEED = 2021


class DemoError(Exception):
    pass


def live_calendar(source: Campaign, phase: str, today: dt.date) -> tuple[int, dt.date]:
    """The live session's year and opening day: the source's calendar moved by the days
    between the phase's anchor and today."""
    shift = today - PHASES[phase](source)
    opens_on = source.submission_opens_on + shift
    # The session is named after its start of classes (the 2021 session starts in September 2021).
    year = ((source.classes_start_on or source.submission_deadline) + shift).year
    return year, opens_on


def live_session(source: Campaign, phase: str, admin: User, now: dt.datetime | None = None) -> Campaign:
    now = now or timezone.now()
    year, opens_on = live_calendar(source, phase, timezone.localdate(now))
    existing = Campaign.objects.filter(year=year).first()
    if existing is not None:
        if existing.submission_opens_on != opens_on:
            raise DemoError(
                f"Session {year} already exists with another calendar (another phase or another day). "
                "Load another phase into an empty database (make clean, then make run, or delete db.sqlite3)."
            )
        return existing
    with transaction.atomic():
        campaign = campaign_clone(
            source=source, year=year, name=f"Session {year} (démonstration)", actor=admin, opens_on=opens_on
        )
        campaign_publish(campaign=campaign, actor=admin)
    return campaign


def live_stories(phase: str, count: int, campaign: Campaign, today: dt.date) -> list[Story]:
    """`count` candidates of the live session, as far as `phase` lets them go."""
    rng = random.Random(f"{SEED}-{LIVE_TAG}-{phase}")
    days_open = max((min(today, campaign.submission_deadline) - campaign.submission_opens_on).days, 1)
    stories = []
    for person in people(seed=SEED, count=count, tag=LIVE_TAG):
        level, programs = _level_and_programs(rng)
        story = Story(
            person=person,
            programs=programs,
            level=level,
            scholarship=rng.random() < 0.25,
            title_choice="listed" if rng.random() < 0.8 else "other_french",
            in_progress=rng.random() < 0.5,
            day_offset=rng.randrange(days_open),
        )
        if phase == "submissions":
            story.stage = rng.choice(
                [Stage.IDENTITY, Stage.WISHES, Stage.DOCUMENTS, Stage.PAID, Stage.SUBMITTED, Stage.SUBMITTED]
            )
        else:
            story.stage = Stage.SUBMITTED if rng.random() < 0.9 else Stage.DOCUMENTS
            if phase == "review" and story.stage == Stage.SUBMITTED:
                roll = rng.random()
                story.stage = (
                    Stage.SUBMITTED if roll < 0.4 else (Stage.REVIEWED if roll < 0.7 else Stage.DECIDED)
                )
            elif phase != "review" and story.stage == Stage.SUBMITTED:
                story.stage = Stage.RELEASED
            if story.stage >= Stage.REVIEWED:
                story.decision, story.tests = decisions_for(level, rng)
        stories.append(story)
    return stories


def _level_and_programs(rng) -> tuple[str, list[str]]:
    """2nd year: BAT only in 2021 (one place); 1st year: one or two of the three programs."""
    if rng.random() < 0.06:
        return "year_2", ["bat"]
    return "year_1", rng.sample(["bat", "infres", "mkx"], k=1 if rng.random() < 0.7 else 2)


def demo_candidate_story(campaign: Campaign) -> Story:
    """The demo candidate's own dossier: filled up to the choices, documents to send."""
    user = User.objects.get(email="candidat@demo.imt-mines-ales.fr")
    return Story(
        person=Person(user.first_name, user.last_name, user.email),
        programs=["bat", "mkx"],
        stage=Stage.WISHES,
        day_offset=3,
    )


def staff(role_email: str) -> User:
    return User.objects.get(email=role_email)


def tell_all(stories: list[Story], campaign: Campaign, now: dt.datetime, progress: str) -> dict[str, int]:
    """Every story, then the session-wide steps that the session's progress has passed
    (`demo.stages`). Idempotent: a story already told is skipped, and the session steps
    run only for a session just told."""
    president = staff("president@demo.imt-mines-ales.fr")
    members = list(User.objects.filter(role=Role.JURY_MEMBER, email__endswith="@demo.imt-mines-ales.fr"))
    clock = Clock(campaign=campaign, today=now)
    told = 0
    earlier = set(User.objects.filter(applications__campaign=campaign).values_list("email", flat=True))
    for story in stories:
        if story.person.email in earlier:
            continue  # told by an earlier run
        dossier_tell(story, clock, jury_members=members, president=president)
        told += 1
    if not told:
        return {}
    return session_steps(
        campaign,
        progress,
        president=president,
        cfa=staff("cfa@demo.imt-mines-ales.fr"),
        admin=staff("admin@demo.imt-mines-ales.fr"),
        seed=f"{SEED}-{campaign.year}",
    )


def history_stories(count: int) -> list[Story]:
    """The 2021 session's candidates, who went through every stage the portal knows."""
    rng = random.Random(f"{SEED}-history")
    stories = []
    for person in people(seed=SEED, count=count, tag="h2021"):
        level, programs = _level_and_programs(rng)
        story = Story(
            person=person,
            programs=programs,
            level=level,
            scholarship=rng.random() < 0.25,
            title_choice="listed" if rng.random() < 0.85 else "other_french",
            in_progress=rng.random() < 0.4,
            day_offset=rng.randrange(55),
            stage=Stage.RELEASED,
        )
        roll = rng.random()
        if roll < 0.08:
            story.stage = rng.choice([Stage.IDENTITY, Stage.WISHES, Stage.DOCUMENTS])
        elif roll < 0.13:
            story.stage, story.ending = Stage.SUBMITTED, "refused_examination"
        else:
            story.decision, story.tests = decisions_for(level, rng)
            if roll < 0.18:
                story.ending = "withdrawn"
            elif roll < 0.20:
                story.ending = "voided"
        stories.append(story)
    return stories
