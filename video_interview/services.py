"""Every write of the video interview: the take's life (start, parts, questions,
interruptions, end), its assembly into one seekable file, the jury's grade and second take,
the invitations and the deletion on time (R-TEST-2, R-TEST-6, R-TEST-7)."""

import hashlib
import logging
import secrets
import shutil
import subprocess
import tempfile
import time
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from django.conf import settings
from django.core.files import File
from django.core.files.base import ContentFile
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from admissions.models import Campaign
from candidates.enums import WishState
from candidates.models import Wish
from core.audit import audit_record
from core.errors import PortalError
from core.links import portal_url
from notifications.services.outbox import email_queue, email_queue_many

from . import selectors, tasks  # the module, not its names: tasks imports services back
from .enums import ALLOWED_TRANSITIONS, OPEN_TAKE_STATES, AuditAction, EventKind, Proposal, TakeState
from .mail import DELETED, INVITATION, SECOND_TAKE
from .models import Grade, Question, SecondTake, Take, TakeChunk, TakeEvent, VideoCriterion, VideoSettings

logger = logging.getLogger(__name__)

# Parts arriving late (a connection that came back) are accepted this long after the limit;
# the assembled file is cut at the limit whatever arrives.
UPLOAD_GRACE_SECONDS = 120
# The recording may run a little beyond the questions' times (the page's own latency).
TIME_SLACK_SECONDS = 5
# A recording starts with a container header: WebM/Matroska (EBML) or MP4 (ftyp).
EBML_MAGIC = b"\x1a\x45\xdf\xa3"


class VideoError(PortalError):
    code = "video_refused"


# --- the state machine -----------------------------------------------------------------


def _event(take, kind, now, **data) -> TakeEvent:
    event = TakeEvent(take=take, kind=kind, at=now, data=data)
    event.save()
    return event


EVENT_OF_STATE = {
    TakeState.INTERRUPTED: EventKind.INTERRUPTED,
    TakeState.RECORDING: EventKind.RESUMED,
    TakeState.ENDED: EventKind.ENDED,
    TakeState.ASSEMBLED: EventKind.ASSEMBLED,
    TakeState.FAILED: EventKind.FAILED,
    TakeState.PURGED: EventKind.PURGED,
}


def take_transition(*, take: Take, to: TakeState, actor=None, now=None, reason: str = "", **data) -> Take:
    """The one function that changes a take's state: checks ALLOWED_TRANSITIONS, saves,
    appends the ledger's event and the audit entry."""
    now = now or timezone.now()
    if to not in ALLOWED_TRANSITIONS[TakeState(take.state)]:
        raise VideoError(
            _("This recording cannot go from “%(from)s” to “%(to)s”.")
            % {"from": TakeState(take.state).label, "to": TakeState(to).label},
            code="transition",
        )
    before = take.state
    take.state = to
    take.save()
    _event(take, EVENT_OF_STATE[to], now, **data)
    audit_record(
        actor=actor,
        action=AuditAction.TAKE_STATE,
        obj=take,
        before={"state": before},
        after={"state": str(to)},
        reason=reason,
    )
    return take


# --- admin data ------------------------------------------------------------------------

DEFAULT_QUESTIONS = [
    (
        "Présentez votre parcours depuis le baccalauréat.",
        "Describe your path since the baccalauréat.",
    ),
    (
        "Pourquoi avez-vous choisi l'apprentissage ?",
        "Why did you choose apprenticeship?",
    ),
    (
        "Qu'est-ce qui vous motive à devenir ingénieur ?",
        "What motivates you to become an engineer?",
    ),
    (
        "Décrivez votre projet professionnel.",
        "Describe your professional project.",
    ),
]
DEFAULT_CRITERIA = [
    ("path", "Parcours", "Path"),
    ("apprenticeship", "Choix de l'apprentissage", "Choice of apprenticeship"),
    ("motivation", "Motivation pour le métier d'ingénieur", "Motivation for engineering"),
    ("project", "Projet professionnel", "Professional project"),
    ("expression", "Expression orale", "Oral expression"),
]


def video_defaults_create(*, campaign) -> None:
    """A new session gets the 1st year's questions of R-TEST-2 (4 × 75 s = 5 minutes) and a
    grading grid; admins edit them after."""
    VideoSettings.objects.get_or_create(campaign=campaign)
    if not Question.objects.filter(campaign=campaign).exists():
        Question.objects.bulk_create(
            Question(
                campaign=campaign,
                level="year_1",
                position=i,
                text_fr=fr,
                text_en=en,
                preparation_seconds=20,
                answer_seconds=75,
            )
            for i, (fr, en) in enumerate(DEFAULT_QUESTIONS)
        )
    if not VideoCriterion.objects.filter(campaign=campaign).exists():
        VideoCriterion.objects.bulk_create(
            VideoCriterion(campaign=campaign, code=code, label_fr=fr, label_en=en, position=i)
            for i, (code, fr, en) in enumerate(DEFAULT_CRITERIA)
        )


# --- the take --------------------------------------------------------------------------


def _check_may_record(wish: Wish, now) -> None:
    if not wish.application.consent_recording_at:
        raise VideoError(
            _("You have not agreed to be filmed and recorded: give your consent in your dossier first."),
            code="no_consent",
        )
    if not selectors.wish_requires_video(wish) or wish.state != WishState.PRE_ADMISSIBLE:
        raise VideoError(_("This choice has no video interview to record."), code="not_required")
    start, end = selectors.window(wish.intake.campaign)
    if now < start:
        raise VideoError(_("The recording window has not opened yet."), code="not_open")
    if now >= end:
        raise VideoError(
            _("The recording window is closed: no recording can be made any more."), code="closed"
        )


def _snapshot(wish) -> list[dict]:
    return [
        {
            "id": q.pk,
            "text_fr": q.text_fr,
            "text_en": q.text_en or q.text_fr,
            "preparation": q.preparation_seconds,
            "answer": q.answer_seconds,
        }
        for q in selectors.questions_for(wish.intake)
    ]


def take_start(*, wish: Wish, actor, now=None) -> Take:
    """Start the take on the server (it counts as used from now on), or resume the take the
    candidate left (closed tab, lost connection) at its question, within the time left.
    The wish's row is locked first: two tabs starting at once make one take, and the second
    is told that the recording runs in the other window."""
    now = now or timezone.now()
    with transaction.atomic():
        wish = (
            Wish.objects.select_for_update(of=("self",))
            .select_related("application", "intake__campaign", "jury_decision")
            .get(pk=wish.pk)
        )
        _check_may_record(wish, now)
        takes = selectors.takes_of(wish)
        last = takes[-1] if takes else None
        if last is not None and last.state in OPEN_TAKE_STATES:
            if last.state == TakeState.RECORDING and not selectors.is_stale(last, now):
                raise VideoError(
                    _(
                        "Your recording is already running in another window or tab: continue there, "
                        "or close it and come back in a few seconds."
                    ),
                    code="other_window",
                )
            return _take_resume(last, actor, now)
        if len(takes) >= selectors.takes_allowed(wish):
            raise VideoError(
                _("You have already recorded your video interview: only one recording is allowed."),
                code="already_recorded",
            )
        questions = _snapshot(wish)
        if not questions:
            raise VideoError(
                _("The questions of this interview are not ready yet; please come back later."),
                code="no_questions",
            )
        limit = sum(q["preparation"] + q["answer"] for q in questions) + TIME_SLACK_SECONDS
        take = Take.objects.create(
            wish=wish,
            number=len(takes) + 1,
            questions=questions,
            time_limit_seconds=limit,
            started_at=now,
            segment_started_at=now,
            last_activity_at=now,
            lease=secrets.token_urlsafe(24),
        )
        _event(take, EventKind.STARTED, now, number=take.number, limit=limit)
        _event(take, EventKind.QUESTION, now, index=0, offset=0)
        audit_record(actor=actor, action=AuditAction.TAKE_STARTED, obj=take, after={"number": take.number})
        return take


def _close_segment(take: Take, until) -> None:
    take.used_seconds += max(0.0, (until - take.segment_started_at).total_seconds())


def _take_resume(take: Take, actor, now) -> Take:
    if take.state == TakeState.RECORDING:  # the tab went silent: the cut is its last request
        _close_segment(take, take.last_activity_at)
        take_transition(
            take=take, to=TakeState.INTERRUPTED, actor=actor, now=now, since=take.last_activity_at.isoformat()
        )
    if take.time_limit_seconds - take.used_seconds <= TIME_SLACK_SECONDS:
        take.ended_at = now
        take_transition(take=take, to=TakeState.ENDED, actor=actor, now=now, reason="time over")
        _assembly_queue(take)
        return take
    take.segment += 1
    take.segment_started_at = now
    take.last_activity_at = now
    take.lease = secrets.token_urlsafe(24)
    take_transition(
        take=take,
        to=TakeState.RECORDING,
        actor=actor,
        now=now,
        segment=take.segment,
        question=take.current_question,
    )
    audit_record(actor=actor, action=AuditAction.TAKE_RESUMED, obj=take, after={"segment": take.segment})
    return take


def _locked_take(take: Take) -> Take:
    return Take.objects.select_for_update().get(pk=take.pk)


def _check_lease(take: Take, lease: str) -> None:
    if take.state not in OPEN_TAKE_STATES:
        raise VideoError(_("This recording has ended: nothing more can be added to it."), code="ended")
    if not secrets.compare_digest(take.lease, lease or ""):
        raise VideoError(
            _("This recording continues in another window or tab: this one has stopped."), code="other_window"
        )


def _may_be_video(take: Take, segment: int, data: bytes) -> bool:
    """A segment starts with a WebM (EBML) or MP4 (ftyp) header. Browsers may send its
    first bytes alone (Chromium's first part can be one byte): the head is read across the
    segment's first parts, and judged on what has arrived so far."""
    earlier = list(TakeChunk.objects.filter(take=take, segment=segment).order_by("index"))
    if sum(chunk.size for chunk in earlier) >= 8:
        return True  # judged when its first 8 bytes arrived
    prefix = b""
    for chunk in earlier:
        with chunk.file.open("rb") as handle:
            prefix += handle.read()
    head = (prefix + data)[:8]
    if len(head) >= 8:
        return head.startswith(EBML_MAGIC) or head[4:8] == b"ftyp"
    return (
        EBML_MAGIC.startswith(head[:4]) or (len(head) > 4 and b"ftyp".startswith(head[4:])) or len(head) <= 4
    )


def chunk_receive(
    *,
    take: Take,
    lease: str,
    index: int,
    data: bytes,
    sha256: str = "",
    mime_type: str = "",
    segment=None,
    now=None,
) -> dict:
    """Store one part of the recording and acknowledge it with its SHA-256. A part already
    received with the same content is acknowledged again (a retry); every other irregularity
    is refused with its reason and nothing is stored."""
    now = now or timezone.now()
    digest = hashlib.sha256(data).hexdigest()
    with transaction.atomic():
        take = _locked_take(take)
        existing = TakeChunk.objects.filter(take=take, index=index).first()
        if existing is not None:
            if existing.sha256 == digest:
                return {"index": index, "sha256": digest, "next": take.next_chunk, "duplicate": True}
            raise VideoError(
                _("Part %(index)s was already received with another content.") % {"index": index},
                code="conflict",
            )
        _check_lease(take, lease)
        if not data:
            raise VideoError(_("This part of the recording is empty."), code="empty")
        limit = settings.VIDEO_CHUNK_MAX_BYTES
        if len(data) > limit:
            raise VideoError(
                _("This part is too large (%(size)s); the limit is %(limit)s.")
                % {"size": filesizeformat(len(data)), "limit": filesizeformat(limit)},
                code="too_large",
            )
        if sha256 and sha256.lower() != digest:
            raise VideoError(
                _("This part arrived damaged (its fingerprint does not match): send it again."),
                code="hash_mismatch",
            )
        if index != take.next_chunk:
            raise VideoError(
                _("Part %(index)s arrived out of order: part %(expected)s is expected.")
                % {"index": index, "expected": take.next_chunk},
                code="out_of_order",
            )
        # A part recorded before a resume may arrive after it (kept in the browser meanwhile).
        segment = segment or take.segment
        last_segment = take.chunks.order_by("-index").values_list("segment", flat=True).first() or 1
        if not last_segment <= segment <= take.segment:
            raise VideoError(_("This part belongs to no current recording segment."), code="segment")
        if not _may_be_video(take, segment, data):
            raise VideoError(_("This is not a video recording (WebM or MP4)."), code="not_video")
        if selectors.seconds_used(take, now) > take.time_limit_seconds + UPLOAD_GRACE_SECONDS:
            raise VideoError(
                _("The time allowed is over: this part was recorded after the limit."), code="time_over"
            )
        if (now - take.last_activity_at).total_seconds() >= selectors.STALE_SECONDS:
            # The connection came back in the same tab: the gap goes into the ledger.
            _event(take, EventKind.INTERRUPTED, now, since=take.last_activity_at.isoformat(), upload=True)
            _event(take, EventKind.RESUMED, now, upload=True)
        chunk = TakeChunk(
            take=take, index=index, segment=segment, size=len(data), sha256=digest, received_at=now
        )
        chunk.file.save(f"video/chunks/{take.uuid.hex}/{index:06d}.part", ContentFile(data), save=False)
        chunk.save()
        take.next_chunk = index + 1
        take.bytes_received += len(data)
        take.last_activity_at = now
        if mime_type and not take.mime_type:
            take.mime_type = mime_type[:60]
        take.save(update_fields=["next_chunk", "bytes_received", "last_activity_at", "mime_type"])
        _event(take, EventKind.CHUNK, now, index=index, size=len(data), sha256=digest, segment=segment)
    return {
        "index": index,
        "sha256": digest,
        "next": index + 1,
        "duplicate": False,
        "left": selectors.seconds_left(take, now),
    }


def question_advance(*, take: Take, lease: str, index: int, offset: float, now=None) -> Take:
    """The page shows question `index` (0-based) at `offset` seconds of the recording."""
    now = now or timezone.now()
    with transaction.atomic():
        take = _locked_take(take)
        _check_lease(take, lease)
        if index == take.current_question:
            return take
        if index != take.current_question + 1 or index >= len(take.questions):
            raise VideoError(_("Questions are asked in order, one by one."), code="question_order")
        take.current_question = index
        take.last_activity_at = now
        take.save(update_fields=["current_question", "last_activity_at"])
        _event(
            take, EventKind.QUESTION, now, index=index, offset=max(0.0, float(offset)), segment=take.segment
        )
        return take


def take_interrupt(*, take: Take, lease: str, actor=None, now=None) -> Take:
    """The page is being closed (or the call came in): the ledger says so at once."""
    now = now or timezone.now()
    with transaction.atomic():
        take = _locked_take(take)
        if take.state != TakeState.RECORDING or not secrets.compare_digest(take.lease, lease or ""):
            return take
        _close_segment(take, now)
        return take_transition(take=take, to=TakeState.INTERRUPTED, actor=actor, now=now)


def take_end(*, take: Take, lease: str, parts: int, actor=None, now=None) -> Take:
    """The candidate finished (or the time did): every part must be there; then the file is
    assembled in the background."""
    now = now or timezone.now()
    with transaction.atomic():
        take = _locked_take(take)
        if take.state not in OPEN_TAKE_STATES:
            return take
        _check_lease(take, lease)
        if parts > take.next_chunk:
            raise VideoError(
                _("Parts are missing: %(received)s received out of %(parts)s. They are being sent again.")
                % {"received": take.next_chunk, "parts": parts},
                code="missing_parts",
            )
        if take.state == TakeState.RECORDING:
            _close_segment(take, now)
        take.ended_at = now
        take_transition(take=take, to=TakeState.ENDED, actor=actor, now=now, parts=take.next_chunk)
        _assembly_queue(take)
        return take


def takes_close(*, campaign, now=None) -> int:
    """After the window: end the takes left interrupted and assemble what was recorded."""
    now = now or timezone.now()
    count = 0
    for take in Take.objects.filter(wish__intake__campaign=campaign, state__in=OPEN_TAKE_STATES):
        with transaction.atomic():
            take = Take.objects.select_for_update().get(pk=take.pk)
            if take.state not in OPEN_TAKE_STATES:
                continue
            if take.state == TakeState.RECORDING:
                _close_segment(take, take.last_activity_at)
            take.ended_at = now
            take_transition(take=take, to=TakeState.ENDED, now=now, reason="window closed")
            _assembly_queue(take)
            count += 1
    return count


def _assembly_queue(take: Take) -> None:
    take_id = take.pk
    transaction.on_commit(lambda: tasks.take_assemble_task.delay(take_id))


# --- assembly --------------------------------------------------------------------------


def _run(args: list[str], timeout: int = 600) -> subprocess.CompletedProcess:
    # The arguments are our settings and our own temporary paths, never the candidate's input.
    return subprocess.run(args, capture_output=True, timeout=timeout, check=False)  # noqa: S603


def media_duration(path: Path) -> float | None:
    result = _run(
        [
            settings.VIDEO_FFPROBE,
            "-v",
            "error",
            "-show_entries",
            "format=duration",
            "-of",
            "csv=p=0",
            str(path),
        ]
    )
    try:
        return float(result.stdout.decode().strip())
    except ValueError:
        return None


def _remux(take: Take, segments: list[Path], out: Path, workdir: Path) -> None:
    limit = str(take.time_limit_seconds)
    if len(segments) == 1:
        inputs = ["-i", str(segments[0])]
    else:
        listing = workdir / "segments.txt"
        listing.write_text("".join(f"file '{p.name}'\n" for p in segments))
        inputs = ["-f", "concat", "-safe", "0", "-i", str(listing)]
    ffmpeg = [settings.VIDEO_FFMPEG, "-hide_banner", "-loglevel", "error", "-y", "-fflags", "+genpts"]
    extra = ["-movflags", "+faststart"] if out.suffix == ".mp4" else []
    result = _run([*ffmpeg, *inputs, "-t", limit, "-c", "copy", *extra, str(out)])
    if result.returncode == 0 and (media_duration(out) or 0) > 0:
        return
    # Segments whose codecs or timestamps do not join as they are: encode once.
    codecs = (
        ["-c:v", "libx264", "-preset", "veryfast", "-c:a", "aac"]
        if out.suffix == ".mp4"
        else ["-c:v", "libvpx", "-deadline", "realtime", "-cpu-used", "8", "-b:v", "1M", "-c:a", "libopus"]
    )
    result = _run([*ffmpeg, *inputs, "-t", limit, *codecs, *extra, str(out)])
    if result.returncode != 0:
        raise VideoError(result.stderr.decode(errors="replace")[-500:] or "ffmpeg failed", code="ffmpeg")


def _segments_fixed(segments: dict[int, Path], workdir: Path) -> tuple[list[Path], dict[str, float]]:
    """Each segment (one recorder's stream, between two interruptions) remuxed on its own,
    and where it starts in the joined file: the questions' markers of a resumed take are
    counted from their segment's start."""
    if len(segments) == 1:
        [(number, path)] = segments.items()
        return [path], {str(number): 0.0}
    paths, starts, position = [], {}, 0.0
    for number in sorted(segments):
        raw = segments[number]
        fixed = workdir / f"fixed-{number:03d}{raw.suffix}"
        command = [settings.VIDEO_FFMPEG, "-hide_banner", "-loglevel", "error", "-y", "-fflags", "+genpts"]
        result = _run([*command, "-i", str(raw), "-c", "copy", str(fixed)])
        path = fixed if result.returncode == 0 and fixed.exists() else raw
        starts[str(number)] = position
        position += media_duration(path) or 0.0
        paths.append(path)
    return paths, starts


def take_assemble(*, take_id: int, now=None) -> Take | None:
    """Join the parts into one file a browser can seek (ffmpeg remux), check its duration,
    store it with a poster frame in private storage. Rerunnable: a failed assembly is
    retried; an assembled take is left alone."""
    take = Take.objects.filter(pk=take_id).first()
    if take is None or take.state not in (TakeState.ENDED, TakeState.FAILED):
        return take
    started = time.monotonic()
    workdir = Path(tempfile.mkdtemp(prefix="take-"))
    try:
        segments: dict[int, Path] = {}
        for chunk in take.chunks.order_by("index"):
            path = segments.setdefault(
                chunk.segment, workdir / f"segment-{chunk.segment:03d}{take.extension}"
            )
            with chunk.file.open("rb") as source, path.open("ab") as target:
                shutil.copyfileobj(source, target)
        if not segments:
            raise VideoError(_("Nothing was recorded."), code="empty")
        out = workdir / f"recording{take.extension}"
        paths, starts = _segments_fixed(segments, workdir)
        _remux(take, paths, out, workdir)
        duration = media_duration(out)
        if not duration or duration <= 0 or duration > take.time_limit_seconds + 1:
            raise VideoError(
                _("The assembled recording lasts %(duration)s s: not a usable video.")
                % {"duration": duration},
                code="duration",
            )
        poster = workdir / "poster.jpg"
        _run(
            [
                settings.VIDEO_FFMPEG,
                "-hide_banner",
                "-loglevel",
                "error",
                "-y",
                "-ss",
                str(min(1.0, duration / 2)),
                "-i",
                str(out),
                "-frames:v",
                "1",
                "-vf",
                "scale=640:-2",
                str(poster),
            ]
        )
        stem = f"video/recordings/{take.wish.intake.campaign.year}/{secrets.token_hex(16)}"
        with transaction.atomic():
            take = Take.objects.select_for_update().get(pk=take.pk)
            if take.state not in (TakeState.ENDED, TakeState.FAILED):
                return take
            with out.open("rb") as handle:
                take.recording.save(stem + take.extension, File(handle), save=False)
            if poster.exists() and poster.stat().st_size:
                with poster.open("rb") as handle:
                    take.poster.save(stem + ".jpg", File(handle), save=False)
            take.duration_seconds = duration
            take.assembly_seconds = time.monotonic() - started
            take.assembly_error = ""
            return take_transition(
                take=take,
                to=TakeState.ASSEMBLED,
                now=now,
                duration=duration,
                size=take.recording.size,
                seconds=take.assembly_seconds,
                starts=starts,
            )
    except (VideoError, OSError, subprocess.SubprocessError) as exc:
        logger.exception("assembly of take %s failed", take_id)
        with transaction.atomic():
            take = Take.objects.select_for_update().get(pk=take_id)
            if take.state in (TakeState.ENDED, TakeState.FAILED):
                take.assembly_error = str(getattr(exc, "message", exc))[:2000]
                take_transition(take=take, to=TakeState.FAILED, now=now, error=take.assembly_error[:300])
        return take
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


# --- the jury --------------------------------------------------------------------------


def grade_save(*, wish: Wish, actor, scores: dict, proposal: str, comment: str = "", now=None) -> Grade:
    """The jury's grade on the session's grid (score on 20) and proposal for the deliberation."""
    now = now or timezone.now()
    grid = selectors.criteria(wish.intake.campaign)
    if not Take.objects.filter(wish=wish, state=TakeState.ASSEMBLED).exists():
        raise VideoError(_("There is no recording to grade yet."), code="nothing_to_grade")
    if proposal not in Proposal.values:
        raise VideoError(_("Choose a proposal."), code="proposal")
    given = possible = 0
    clean = {}
    for criterion in grid:
        points = scores.get(criterion.code)
        if points is None or not (0 <= points <= criterion.max_points):
            raise VideoError(
                _("Give %(label)s a mark between 0 and %(max)s.")
                % {"label": criterion, "max": criterion.max_points},
                code="score",
            )
        clean[criterion.code] = points
        given += points
        possible += criterion.max_points
    score = (Decimal(given * 20) / possible if possible else Decimal(0)).quantize(
        Decimal("0.01"), ROUND_HALF_UP
    )
    with transaction.atomic():
        grade = Grade.objects.select_for_update().filter(wish=wish).first()
        before = {"score": str(grade.score), "proposal": grade.proposal} if grade else {}
        if grade is None:
            grade = Grade(wish=wish, graded_at=now)
        grade.grader, grade.scores, grade.score, grade.proposal, grade.comment, grade.updated_at = (
            actor,
            clean,
            score,
            proposal,
            comment,
            now,
        )
        grade.save()
        audit_record(
            actor=actor,
            action=AuditAction.GRADED,
            obj=wish,
            before=before,
            after={"score": str(score), "proposal": proposal},
        )
    return grade


def second_take_grant(*, wish: Wish, actor, reason: str, now=None) -> SecondTake:
    """The jury allows one more take, with a reason (audited, e-mailed to the candidate)."""
    now = now or timezone.now()
    reason = (reason or "").strip()
    if not reason:
        raise VideoError(_("Give the reason for a second take."), code="reason")
    with transaction.atomic():
        wish = (
            Wish.objects.select_for_update()
            .select_related("application__candidate", "intake__program")
            .get(pk=wish.pk)
        )
        takes = selectors.takes_of(wish)
        if len(takes) < selectors.takes_allowed(wish) or any(t.state in OPEN_TAKE_STATES for t in takes):
            raise VideoError(_("The candidate has not used the take already allowed."), code="unused")
        grant = SecondTake.objects.create(wish=wish, granted_by=actor, granted_at=now, reason=reason)
        audit_record(
            actor=actor,
            action=AuditAction.SECOND_TAKE_GRANTED,
            obj=wish,
            after={"takes": len(takes) + 1},
            reason=reason,
        )
        email_queue(
            template_key=SECOND_TAKE,
            recipient=wish.application.candidate,
            context={"program": _wish_label(wish), "reason": reason, "link": _record_link(wish)},
            related=grant,
        )
    return grant


# --- milestones ------------------------------------------------------------------------


def _wish_label(wish) -> str:
    return f"{wish.intake.program.name} – {wish.intake.get_level_display()}"


def _record_link(wish) -> str:
    return portal_url(f"/entretien-video/{wish.intake.campaign.year}/choix/{wish.pk}/")


def invitations_send(campaign) -> int:
    """Milestone on the window's first day: every candidate whose released decision
    requires the video interview gets the window by e-mail, in their language."""
    wishes = list(selectors.wishes_to_invite(campaign))
    limit = selectors.answer_limit(campaign)
    items = [
        {
            "recipient": wish.application.candidate,
            "context": {
                "program": _wish_label(wish),
                "window_start": campaign.video_english_start_on,
                "window_end": campaign.video_english_end_on,
                "minutes": round(limit / 60, 1) if limit % 60 else limit // 60,
                "link": _record_link(wish),
            },
            "related": wish,
            "occasion": "video_invitation",
        }
        for wish in wishes
    ]
    return len(email_queue_many(template_key=INVITATION, items=items))


def close_milestone_run(campaign) -> int:
    takes_close(campaign=campaign)
    return 0


# --- deletion (R-TEST-7) ---------------------------------------------------------------


def _takes_to_purge(campaign, now, due):
    takes = (
        Take.objects.filter(wish__intake__campaign=campaign)
        .exclude(state=TakeState.PURGED)
        .exclude(state__in=OPEN_TAKE_STATES)
    )
    if due:  # the retention rule's date has come (video_interview/retention.py)
        return takes
    # Earlier for a candidate who withdrew, once the jury has decided (graded the interview,
    # or the admissibility results are out).
    decided = timezone.localdate(now) >= campaign.admissibility_results_on
    withdrawn = takes.filter(wish__state=WishState.WITHDRAWN)
    return withdrawn if decided else withdrawn.filter(wish__video_grade__isnull=False)


def recordings_purge(
    *, campaign, now=None, dry_run: bool = False, due: bool = False, exclude_applications=()
) -> dict:
    """Delete from the storage itself every recording, part and poster frame due for
    deletion (R-TEST-7), audit each take and tell each candidate once. Returns the counts
    (also in a dry run, which deletes nothing). `due`: the session's retention rule has come
    (every take goes, called by the rule: video_interview/retention.py); otherwise only the
    early deletions of withdrawn candidates. `exclude_applications`: dossiers under a hold."""
    now = now or timezone.now()
    counts = {"takes": 0, "chunks": 0, "files": 0, "emails": 0}
    takes = _takes_to_purge(campaign, now, due).exclude(wish__application__in=exclude_applications)
    for take in takes.select_related(
        "wish__application__candidate", "wish__intake__program"
    ):
        chunks = list(take.chunks.all())
        files = [c.file for c in chunks if c.file] + [f for f in (take.recording, take.poster) if f]
        counts["takes"] += 1
        counts["chunks"] += len(chunks)
        counts["files"] += len(files)
        if dry_run:
            continue
        with transaction.atomic():
            for fieldfile in files:
                fieldfile.storage.delete(fieldfile.name)
            TakeChunk.objects.filter(take=take).delete()
            take.recording = take.poster = ""
            take.purged_at = now
            take_transition(take=take, to=TakeState.PURGED, now=now, files=len(files))
            audit_record(
                actor=None,
                action=AuditAction.RECORDING_PURGED,
                obj=take,
                after={"files": len(files), "chunks": len(chunks)},
            )
            message = email_queue(
                template_key=DELETED,
                recipient=take.wish.application.candidate,
                context={"program": _wish_label(take.wish)},
                related=take.wish,
                occasion="video_deleted",
            )
            counts["emails"] += 1 if message else 0
    return counts


def recordings_purge_nightly(*, now=None) -> dict:
    """Every night, for every session: the early deletions of withdrawn candidates (R-TEST-7).
    The deletion of the whole session is the retention rule's (video_interview/retention.py)."""
    totals = {"takes": 0, "chunks": 0, "files": 0, "emails": 0}
    for campaign in Campaign.objects.all():
        for key, value in recordings_purge(campaign=campaign, now=now).items():
            totals[key] += value
    return totals
