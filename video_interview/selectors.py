"""Reads of the video interview, shared by views, panels, the registry and exports."""

import datetime
from zoneinfo import ZoneInfo

from django.db.models import Prefetch, Q
from django.shortcuts import get_object_or_404
from django.utils.translation import get_language

from candidates.enums import WishState
from candidates.models import Wish
from jury.enums import DecisionStatus, ProbatoryTest

from .enums import OPEN_TAKE_STATES, CandidateState, EventKind, TakeState
from .models import Grade, Question, SecondTake, Take, TakeEvent, VideoCriterion, answer_limit_for

PARIS = ZoneInfo("Europe/Paris")
# A recording tab that sent nothing for this long has lost its connection or was closed.
STALE_SECONDS = 20


def window(campaign) -> tuple[datetime.datetime, datetime.datetime]:
    """The recording window: from the first day 00:00 to the last day 24:00, Paris time."""
    start = datetime.datetime.combine(campaign.video_english_start_on, datetime.time(0), tzinfo=PARIS)
    end = datetime.datetime.combine(
        campaign.video_english_end_on + datetime.timedelta(days=1), datetime.time(0), tzinfo=PARIS
    )
    return start, end


def wish_requires_video(wish) -> bool:
    """The wish's released decision lists the video interview, and the wish is still in the tests."""
    decision = getattr(wish, "jury_decision", None)
    return bool(
        decision is not None
        and decision.status == DecisionStatus.RELEASED
        and str(ProbatoryTest.VIDEO_INTERVIEW) in (decision.tests or [])
    )


def video_wishes(*, campaign=None):
    """Wishes whose released decision requires the video interview."""
    wishes = Wish.objects.filter(
        jury_decision__status=DecisionStatus.RELEASED,
        jury_decision__tests__icontains=str(ProbatoryTest.VIDEO_INTERVIEW),  # a JSON list of codes
    )
    if campaign is not None:
        wishes = wishes.filter(intake__campaign=campaign)
    return wishes


def wishes_to_invite(campaign):
    return (
        video_wishes(campaign=campaign)
        .filter(state=WishState.PRE_ADMISSIBLE)
        .select_related("application__candidate", "intake__program", "intake__campaign")
        .order_by("pk")
    )


def questions_for(intake):
    """The questions asked for an intake (program × level), in order."""
    return Question.objects.filter(campaign_id=intake.campaign_id, level=intake.level).filter(
        Q(program__isnull=True) | Q(program_id=intake.program_id)
    )


def answer_limit(campaign) -> int:
    return answer_limit_for(campaign.pk)


def wish_in_session(*, year, pk) -> Wish:
    """The wish a page names (its session in the address); who may open it is rules.py's."""
    return get_object_or_404(
        Wish.objects.select_related("application__candidate", "intake__program", "intake__campaign"),
        pk=pk,
        intake__campaign__year=year,
    )


def wish_by_pk(pk) -> Wish:
    return get_object_or_404(Wish.objects.select_related("intake__campaign", "application"), pk=pk)


def takes_of(wish):
    return list(Take.objects.filter(wish=wish).order_by("number"))


def takes_allowed(wish) -> int:
    return 1 + SecondTake.objects.filter(wish=wish).count()


def seconds_used(take, now) -> float:
    """Recording time used, on the server's clock: previous segments plus the current one
    (cut at the last request when the tab went silent)."""
    used = take.used_seconds
    if take.state == TakeState.RECORDING:
        end = now if (now - take.last_activity_at).total_seconds() < STALE_SECONDS else take.last_activity_at
        used += max(0.0, (end - take.segment_started_at).total_seconds())
    return used


def seconds_left(take, now) -> float:
    return max(0.0, take.time_limit_seconds - seconds_used(take, now))


def is_stale(take, now) -> bool:
    return (
        take.state == TakeState.RECORDING and (now - take.last_activity_at).total_seconds() >= STALE_SECONDS
    )


def _state_for(wish, takes, grade, allowed, now) -> CandidateState:
    campaign = wish.intake.campaign
    start, end = window(campaign)
    last = takes[-1] if takes else None
    if last is None or (len(takes) < allowed and last.state not in OPEN_TAKE_STATES):
        if last is not None and now >= end:
            return CandidateState.RECORDED
        if now < start:
            return CandidateState.NOT_OPEN
        return CandidateState.TO_DO if now < end else CandidateState.MISSED
    if last.state == TakeState.PURGED:
        return CandidateState.DELETED
    if last.state == TakeState.RECORDING:
        return CandidateState.INTERRUPTED if is_stale(last, now) else CandidateState.RECORDING
    if last.state == TakeState.INTERRUPTED:
        return CandidateState.INTERRUPTED if now < end else CandidateState.RECORDED
    return CandidateState.GRADED if grade is not None else CandidateState.RECORDED


def statuses(wishes, now) -> dict[int, dict]:
    """{wish id: {"state", "takes", "grade", "allowed", "window"}} for the wishes that must
    record the interview, in a fixed number of queries."""
    ids = [wish.pk for wish in wishes]
    if not ids:
        return {}
    wishes = list(video_wishes().filter(pk__in=ids).select_related("intake__campaign"))
    if not wishes:
        return {}
    ids = [wish.pk for wish in wishes]
    takes: dict[int, list] = {}
    for take in Take.objects.filter(wish_id__in=ids).order_by("number"):
        takes.setdefault(take.wish_id, []).append(take)
    grades = {grade.wish_id: grade for grade in Grade.objects.filter(wish_id__in=ids)}
    extra: dict[int, int] = {}
    for wish_id in SecondTake.objects.filter(wish_id__in=ids).values_list("wish_id", flat=True):
        extra[wish_id] = extra.get(wish_id, 0) + 1
    result = {}
    for wish in wishes:
        allowed = 1 + extra.get(wish.pk, 0)
        wish_takes = takes.get(wish.pk, [])
        result[wish.pk] = {
            "state": _state_for(wish, wish_takes, grades.get(wish.pk), allowed, now),
            "takes": wish_takes,
            "grade": grades.get(wish.pk),
            "allowed": allowed,
            "window": window(wish.intake.campaign),
        }
    return result


def criteria(campaign):
    return list(VideoCriterion.objects.filter(campaign=campaign))


def take_by_uuid(uuid) -> Take:
    """The take an address names; who may reach it is rules.py's (its candidate, its jury)."""
    takes = Take.objects.select_related("wish__application", "wish__intake__campaign")
    return get_object_or_404(takes, uuid=uuid)


def timeline(take) -> list[TakeEvent]:
    """The ledger without its parts (what the jury reads: start, questions, cuts, end)."""
    return list(take.events.exclude(kind=EventKind.CHUNK).order_by("at", "pk"))


def markers(take) -> list[dict]:
    """Where each question starts in the recording (seconds), for the jury's player: the
    page's offset within its segment plus where the segment starts in the joined file."""
    assembled = take.events.filter(kind=EventKind.ASSEMBLED).order_by("-at", "-pk").first()
    starts = (assembled.data.get("starts") if assembled else None) or {}
    marks = []
    english = (get_language() or "fr").startswith("en")
    for event in take.events.filter(kind=EventKind.QUESTION).order_by("at", "pk"):
        index = event.data.get("index", 0)
        if any(mark["index"] == index for mark in marks):
            continue
        question = take.questions[index] if index < len(take.questions) else {}
        text = question.get("text_en") if english else question.get("text_fr")
        offset = float(event.data.get("offset", 0)) + float(starts.get(str(event.data.get("segment", 1)), 0))
        marks.append({"index": index, "number": index + 1, "offset": offset, "text": text or ""})
    return marks


def jury_takes(wish):
    return list(
        Take.objects.filter(wish=wish)
        .order_by("number")
        .prefetch_related(Prefetch("events", queryset=TakeEvent.objects.exclude(kind=EventKind.CHUNK)))
    )


def recordings_of_candidate(user) -> list[Take]:
    """The candidate's recordings still held (R-DATA-1: their data download)."""
    return list(
        Take.objects.filter(wish__application__candidate=user)
        .exclude(recording="")
        .select_related("wish__intake__program", "wish__intake__campaign")
    )
