"""A handful of deferred video interviews (R-TEST-2), recorded through the services as the
browser does (a take started, its parts sent and acknowledged, the take ended), assembled
with ffmpeg, then graded by the jury once the session has passed its tests. The clip is a
short test pattern with a tone that ffmpeg makes once (`var/demo/clip.webm`); without
ffmpeg, the demo records no video."""

import datetime as dt
import shutil
import subprocess
from pathlib import Path

import time_machine
from django.conf import settings

from candidates.enums import WishState
from candidates.models import Wish
from video_interview import services as video
from video_interview.enums import Proposal
from video_interview.selectors import criteria, wish_requires_video

from .dossiers import at

TAKES = 3
PART = 20_000


def _clip() -> bytes | None:
    """Two seconds of VP8 + Opus, as a browser's MediaRecorder makes (made once, kept)."""
    path = Path(settings.BASE_DIR) / "var" / "demo" / "clip.webm"
    if not path.exists():
        ffmpeg = shutil.which("ffmpeg")
        if ffmpeg is None:
            return None
        path.parent.mkdir(parents=True, exist_ok=True)
        sources = [
            "-f",
            "lavfi",
            "-i",
            "testsrc=size=160x120:rate=10",
            "-f",
            "lavfi",
            "-i",
            "sine=frequency=440",
        ]
        codecs = [
            "-c:v",
            "libvpx",
            "-deadline",
            "realtime",
            "-cpu-used",
            "8",
            "-b:v",
            "200k",
            "-c:a",
            "libopus",
        ]
        subprocess.run(  # noqa: S603 - fixed arguments, ffmpeg from PATH
            [ffmpeg, "-hide_banner", "-loglevel", "error", "-y", *sources, "-t", "2", *codecs, str(path)],
            check=True,
            timeout=60,
        )
    return path.read_bytes()


def video_steps(campaign, *, graded: bool, jury) -> dict[str, int]:
    wishes = [
        wish
        for wish in Wish.objects.filter(
            intake__campaign=campaign,
            state=WishState.PRE_ADMISSIBLE,
            application__consent_recording_at__isnull=False,
        )
        .select_related("application__candidate", "intake__campaign", "intake__program", "jury_decision")
        .order_by("pk")
        if wish_requires_video(wish)
    ][:TAKES]
    data = _clip() if wishes else None
    if data is None:
        return {}
    takes = []
    for number, wish in enumerate(wishes):
        moment = at(campaign.video_english_start_on + dt.timedelta(days=1), 14) + dt.timedelta(
            minutes=20 * number
        )
        candidate = wish.application.candidate
        with time_machine.travel(moment, tick=False):
            take = video.take_start(wish=wish, actor=candidate)
            parts = [data[i : i + PART] for i in range(0, len(data), PART)]
            for index, part in enumerate(parts):
                video.chunk_receive(
                    take=take, lease=take.lease, index=index, data=part, mime_type="video/webm"
                )
        with time_machine.travel(moment + dt.timedelta(minutes=1), tick=False):
            take = video.take_end(take=take, lease=take.lease, parts=len(parts), actor=candidate)
            # The worker's job, done here so that the demo does not wait for Celery.
            takes.append(video.take_assemble(take_id=take.pk))
    counts = {"video_takes": len(takes)}
    if graded:
        grid = criteria(campaign)
        for number, wish in enumerate(wishes):
            with time_machine.travel(at(campaign.tests_end_on, 15), tick=False):
                video.grade_save(
                    wish=wish,
                    actor=jury,
                    scores={c.code: max(c.max_points - number, 0) for c in grid},
                    proposal=Proposal.ADMISSIBLE if number < 2 else Proposal.NOT_ADMISSIBLE,
                    comment="Réponses claires (démonstration).",
                )
        counts["video_graded"] = len(wishes)
    return counts
