"""Fixtures of the video interview's tests: a pre-admissible 1st-year wish whose released
decision requires the video interview, real WebM recordings made by ffmpeg, the window."""

import datetime as dt
import shutil
import subprocess

import pytest
from django.utils import timezone

from admissions.enums import EntryLevel
from admissions.models import Intake
from candidates.enums import WishState
from jury.enums import DecisionKind, DecisionStatus, ProbatoryTest
from jury.models import Decision
from tests.jury.factories import submitted_wish

IN_WINDOW = dt.datetime(2021, 4, 1, 8, 0, tzinfo=dt.UTC)  # 10:00 Paris, 2nd day of the window
AFTER_WINDOW = dt.datetime(2021, 4, 5, 22, 30, tzinfo=dt.UTC)  # 6 April 00:30 Paris


def video_wish_for(candidate, intake, president, *, language="fr", consent=True):
    wish = submitted_wish(
        intake,
        state=WishState.PRE_ADMISSIBLE,
        application__candidate=candidate,
        application__consent_share_at=timezone.now() if consent else None,
        application__consent_recording_at=timezone.now() if consent else None,
    )
    candidate.preferred_language = language
    candidate.save(update_fields=["preferred_language"])
    Decision.objects.create(
        wish=wish,
        kind=DecisionKind.STANDARD,
        status=DecisionStatus.RELEASED,
        tests=[str(ProbatoryTest.VIDEO_INTERVIEW)],
        decided_by=president,
        decided_at=timezone.now(),
        released_at=timezone.now(),
    )
    return wish


def intake_of(program, year=2021):
    return Intake.objects.get(campaign__year=year, program=program, level=EntryLevel.YEAR_1)


@pytest.fixture
def intake_x(personas):
    return intake_of(personas.program_x)


@pytest.fixture
def video_wish(personas, intake_x):
    return video_wish_for(personas.candidate_a, intake_x, personas.president)


def _webm(path, seconds, frequency):
    """A real WebM (VP8 + Opus) as a browser's MediaRecorder makes, from ffmpeg's test sources."""
    ffmpeg = shutil.which("ffmpeg")
    sources = ["-f", "lavfi", "-i", "testsrc=size=160x120:rate=10"]
    sources += ["-f", "lavfi", "-i", f"sine=frequency={frequency}"]
    codecs = ["-c:v", "libvpx", "-deadline", "realtime", "-cpu-used", "8", "-b:v", "200k", "-c:a", "libopus"]
    command = [ffmpeg, "-hide_banner", "-loglevel", "error", "-y", *sources, "-t", str(seconds), *codecs]
    command.append(str(path))
    subprocess.run(command, check=True)
    return path.read_bytes()


@pytest.fixture(scope="session")
def recordings(tmp_path_factory):
    """Two short WebM recordings (as two segments of a take would be): 3 s and 2 s."""
    folder = tmp_path_factory.mktemp("webm")
    return _webm(folder / "one.webm", 3, 440), _webm(folder / "two.webm", 2, 880)


def parts(data: bytes, size: int = 20_000) -> list[bytes]:
    return [data[i : i + size] for i in range(0, len(data), size)]
