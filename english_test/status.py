"""What the English test tells the rest of the portal through `selection.registry` (the
candidate's state, never a result, R-TEST-8; the jury's result) and the candidate's home
panel. Batch functions: a fixed number of queries for any number of wishes."""

from decimal import Decimal

from django.conf import settings
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from admissions.models import Campaign
from candidates.enums import WishState
from core.panels import once_per_page
from jury.enums import DecisionStatus
from jury.models import Decision
from selection.registry import CandidateTestStatus, JuryTestResult

from . import selectors
from .enums import DONE_STATES, TakeState
from .models import Take
from .providers import current_provider

AWAITING = "awaiting_invitation"
ACTIONABLE = (TakeState.INVITED, TakeState.STARTED, TakeState.TECHNICAL_PROBLEM)


def _concerned(wishes):
    """[(wish id, application id, campaign)] of the wishes whose released decision lists
    the English test, and their tests by application: three queries."""
    rows = [
        (wish_id, application_id, campaign_id)
        for wish_id, tests, application_id, campaign_id in Decision.objects.filter(
            wish__in=[wish.pk for wish in wishes], status=DecisionStatus.RELEASED
        ).values_list("wish_id", "tests", "wish__application_id", "wish__application__campaign_id")
        if selectors.TEST in (tests or [])
    ]
    if not rows:
        return [], {}
    campaigns = Campaign.objects.in_bulk({row[2] for row in rows})
    takes = selectors.takes_by_application({row[1] for row in rows})
    return [
        (wish_id, application_id, campaigns[campaign_id]) for wish_id, application_id, campaign_id in rows
    ], takes


def _day(value) -> str:
    return date_format(value, "j F Y")


def candidate_status(wishes) -> dict[int, CandidateTestStatus]:
    concerned, takes = _concerned(list(wishes))
    now = timezone.now()
    provider = current_provider()
    statuses = {}
    for wish_id, application_id, campaign in concerned:
        start, end = selectors.window(campaign)
        take = takes.get(application_id)
        common = {"window_start": start, "window_end": end}
        if take is None:
            statuses[wish_id] = CandidateTestStatus(
                state=AWAITING,
                state_label=_("Invitation to come"),
                done=False,
                instructions=_(
                    "You will receive an invitation by e-mail when the test window opens, on %(day)s."
                )
                % {"day": _day(campaign.video_english_start_on)},
                **common,
            )
            continue
        state = TakeState(take.state)
        open_now = start <= now < end and state in ACTIONABLE
        statuses[wish_id] = CandidateTestStatus(
            state=state.value,
            state_label=str(state.label),
            done=state in DONE_STATES,
            instructions=_instructions(state, campaign),
            action_url=provider.candidate_url(take) if open_now else "",
            action_label=_("Take the English test") if open_now else "",
            when=take.completed_at if state == TakeState.COMPLETED else None,
            **common,
        )
    return statuses


def _instructions(state: TakeState, campaign) -> str:
    if state == TakeState.COMPLETED:
        return _("Your test is completed. The jury will take it into account; results are not published.")
    if state == TakeState.INVALIDATED:
        return _("Your test was invalidated. Contact the admissions office if you have questions.")
    end = {"day": _day(campaign.video_english_end_on)}
    if state == TakeState.TECHNICAL_PROBLEM:
        return _("A technical problem interrupted your test: you can start it again until %(day)s.") % end
    if state == TakeState.STARTED:
        return _("Your test is started: finish it before %(day)s.") % end
    return (
        _("Take the test once, 30 minutes, from a computer with a microphone and a camera, before %(day)s.")
        % end
    )


def jury_results(wishes) -> dict[int, JuryTestResult]:
    concerned, takes = _concerned(list(wishes))
    from_max = Decimal(20) / Decimal(settings.ENGLISH_TEST_SCORE_MAX)
    results = {}
    for wish_id, application_id, _campaign in concerned:
        take = takes.get(application_id)
        if take is None or take.state in (TakeState.INVITED, TakeState.STARTED, TakeState.TECHNICAL_PROBLEM):
            label = _("not invited yet") if take is None else take.get_state_display()
            results[wish_id] = JuryTestResult(score=None, summary=str(label))
        elif take.state == TakeState.INVALIDATED:
            results[wish_id] = JuryTestResult(
                score=None, summary=_("Invalidated: %(reason)s") % {"reason": take.reason}, complete=True
            )
        else:
            on_20 = (take.score * from_max).quantize(Decimal("0.01"))
            summary = f"{take.level} – {on_20}/20" if take.level else f"{on_20}/20"
            results[wish_id] = JuryTestResult(score=on_20, summary=summary, complete=True)
    return results


def home_panel(*, request, campaign, application, wish, state, now, **kwargs):
    """The English test on the candidate's home, under each choice that requires it."""
    if application is None or wish is None or wish.state in (WishState.WITHDRAWN, WishState.VOIDED):
        return None
    # Once per page for all the dossier's choices: the home stays flat in choices.
    statuses = once_per_page(
        request,
        "english_test.statuses",
        application.pk,
        lambda: candidate_status(list(application.wishes.all())),
    )
    status = statuses.get(wish.pk)
    if status is None:
        return None
    return {"english": status}


def jury_home_panel(*, request, campaign, **kwargs):
    """The jury's home: the English test's invitations, results and CSV import, for those who
    may read them (the president, administrators)."""
    if not request.user.has_perm("english_test.view_results"):
        return None
    return {"campaign": campaign, "count": Take.objects.filter(application__campaign=campaign).count()}
