"""What the video interview shows on the lower apps' pages (core.panels) and tells the
deliberation (selection.registry)."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core.panels import once_per_page
from selection.registry import CandidateTestStatus, JuryTestResult

from . import selectors
from .enums import CandidateState, TakeState
from .forms import GradeForm, SecondTakeForm


def _action(wish, state) -> tuple[str, str]:
    if state in (CandidateState.TO_DO, CandidateState.INTERRUPTED, CandidateState.RECORDING):
        url = reverse("video_interview:record", args=[wish.intake.campaign.year, wish.pk])
        label = (
            _("Resume my recording")
            if state == CandidateState.INTERRUPTED
            else _("Record my video interview")
        )
        return url, label
    return "", ""


def candidate_statuses(wishes) -> dict:
    now = timezone.now()
    result = {}
    for wish_id, row in selectors.statuses(wishes, now).items():
        wish = next(w for w in wishes if w.pk == wish_id)
        state = row["state"]
        url, label = _action(wish, state)
        last = row["takes"][-1] if row["takes"] else None
        result[wish_id] = CandidateTestStatus(
            state=str(state),
            state_label=str(state.label),
            done=state
            in (
                CandidateState.RECORDED,
                CandidateState.GRADED,
                CandidateState.DELETED,
                CandidateState.MISSED,
            ),
            window_start=row["window"][0],
            window_end=row["window"][1],
            instructions=_(
                "Answer the questions on camera, once, within the window; "
                "practise first as often as you like."
            ),
            action_url=url,
            action_label=label,
            when=last.started_at if last else None,
        )
    return result


def jury_results(wishes) -> dict:
    result = {}
    for wish_id, row in selectors.statuses(wishes, timezone.now()).items():
        grade = row["grade"]
        if grade is not None:
            summary = _("%(score)s/20") % {"score": grade.score}
        elif any(t.state == TakeState.ASSEMBLED for t in row["takes"]):
            summary = _("Recorded, not graded yet")
        else:
            summary = str(row["state"].label)
        result[wish_id] = JuryTestResult(
            score=grade.score if grade else None,
            summary=summary,
            proposal=grade.proposal if grade else "",
            detail_url=reverse("jury:wish", args=[wish_id]),
            complete=grade is not None or row["state"] == CandidateState.MISSED,
        )
    return result


def home_wish(*, request, wish, application=None, now=None, **kwargs):
    """The candidate's home, under a choice: the interview's state and the time left. The
    dossier's choices are read together once per page (the home stays flat in choices)."""
    now = now or timezone.now()

    def statuses():
        return selectors.statuses(list(application.wishes.all()) if application is not None else [wish], now)

    row = once_per_page(request, "video_interview.statuses", wish.application_id, statuses).get(wish.pk)
    if row is None:
        return None
    start, end = row["window"]
    url, label = _action(wish, row["state"])
    return {
        "video": row,
        "video_state": row["state"],
        "video_start": start,
        "video_end": end,
        "video_open": start <= now < end,
        "video_url": url,
        "video_label": label,
        "video_left": end - now if start <= now < end else None,
    }


def jury_wish(*, request, wish, **kwargs):
    """The jury's dossier page: the recordings, their markers and timeline, the grade."""
    user = request.user
    if not user.has_perm("video_interview.grade", wish):
        return None
    row = selectors.statuses([wish], timezone.now()).get(wish.pk)
    if row is None:
        return None
    takes = [
        {"take": take, "markers": selectors.markers(take), "timeline": selectors.timeline(take)}
        for take in selectors.jury_takes(wish)
    ]
    grid = selectors.criteria(wish.intake.campaign)
    grade = row["grade"]
    return {
        "video": row,
        "video_takes": takes,
        "grade_form": GradeForm(grid=grid, grade=grade),
        "grade": grade,
        "can_grant": user.has_perm("video_interview.grant_second_take", wish),
        "grant_form": SecondTakeForm(),
        "may_grade": any(t["take"].state == TakeState.ASSEMBLED for t in takes),
    }


def data_section(user) -> list[dict]:
    """The candidate's recordings in their data download (R-DATA-1), until deleted."""
    return [
        {
            "program": str(take.wish.intake.program),
            "session": take.wish.intake.campaign.year,
            "take": take.number,
            "started_at": take.started_at,
            "duration_seconds": take.duration_seconds,
            "file": _zip_name(take),
        }
        for take in selectors.recordings_of_candidate(user)
    ]


def data_files(user):
    return [(_zip_name(take), take.recording) for take in selectors.recordings_of_candidate(user)]


def _zip_name(take) -> str:
    intake = take.wish.intake
    return f"video_interview/{intake.campaign.year}-{intake.program.code}-{take.number}{take.extension}"
