"""Video interview: the recording page and its endpoints for the wish's candidate only; the
recording, its poster and the grade for the jury of the wish's program; the second take for
the president. Everybody else: 404."""

import time_machine
from django.core.files.base import ContentFile

from tests.permissions import LOGIN, NOT_ALLOWED, OK, Case
from tests.video_interview.conftest import IN_WINDOW, intake_of, video_wish_for
from video_interview import services
from video_interview.enums import TakeState


def _wish(world):
    return video_wish_for(world.candidate_a, intake_of(world.program_x), world.president)


def wish_a(world):
    wish = _wish(world)
    return {"year": wish.intake.campaign.year, "pk": wish.pk}


def jury_wish(world):
    return {"pk": _wish(world).pk}


def take_a(world):
    with time_machine.travel(IN_WINDOW, tick=False):
        take = services.take_start(wish=_wish(world), actor=world.candidate_a)
    return {"uuid": take.uuid}


def recorded_take(world):
    """An assembled take of candidate A, with its file and poster."""
    with time_machine.travel(IN_WINDOW, tick=False):
        take = services.take_start(wish=_wish(world), actor=world.candidate_a)
    take.recording.save("take.webm", ContentFile(b"\x1a\x45\xdf\xa3webm"), save=False)
    take.poster.save("poster.jpg", ContentFile(b"\xff\xd8\xffjpeg"), save=False)
    take.state = TakeState.ASSEMBLED
    take.save()
    return {"uuid": take.uuid}


OWNER = {"anonymous": LOGIN, "candidate_a": OK}
OWNER_POST = {"anonymous": LOGIN, "candidate_a": NOT_ALLOWED}
JURY_X = {"anonymous": LOGIN, "jury_x": OK}
JURY_X_POST = {"anonymous": LOGIN, "jury_x": NOT_ALLOWED}

CASES = [
    Case("video_interview:record", perm="video_interview.record", setup=wish_a, expect=OWNER),
    Case("video_interview:speed", perm="video_interview.record", setup=wish_a, expect=OWNER_POST),
    Case("video_interview:start", perm="video_interview.record", setup=wish_a, expect=OWNER_POST),
    Case(
        "video_interview:chunk",
        perm="video_interview.record_take",
        setup=lambda w: {**take_a(w), "index": 0},
        expect=OWNER_POST,
    ),
    Case("video_interview:question", perm="video_interview.record_take", setup=take_a, expect=OWNER_POST),
    Case("video_interview:interrupt", perm="video_interview.record_take", setup=take_a, expect=OWNER_POST),
    Case("video_interview:end", perm="video_interview.record_take", setup=take_a, expect=OWNER_POST),
    Case("video_interview:video", perm="video_interview.watch", setup=recorded_take, expect=JURY_X),
    Case("video_interview:poster", perm="video_interview.watch", setup=recorded_take, expect=JURY_X),
    Case("video_interview:grade", perm="video_interview.grade", setup=jury_wish, expect=JURY_X_POST),
    Case(
        "video_interview:grant",
        perm="video_interview.grant_second_take",
        setup=jury_wish,
        expect={"anonymous": LOGIN},
    ),
]
