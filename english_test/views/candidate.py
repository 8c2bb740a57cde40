"""The candidate's English test in the built-in provider (the sandbox), and the generic
provider's webhook."""

import logging

from django.contrib import messages
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from accounts.permissions import permission_required
from admissions.selectors import session_or_404
from core.views import show_error

from .. import selectors, services, status
from ..enums import TakeState
from ..forms import SandboxTestForm
from ..models import Take
from ..providers import InvalidCallback, current_provider, get_provider
from ..providers.sandbox import grade

logger = logging.getLogger(__name__)
CAN_START = (TakeState.INVITED, TakeState.TECHNICAL_PROBLEM)


def _own_sandbox_take(request, year):
    """The candidate's test of the session, taken in the portal (404 otherwise)."""
    campaign = session_or_404(year, user=request.user)
    take = selectors.take_of(user=request.user, campaign=campaign)
    provider = current_provider()
    if take is None or not provider.in_portal or take.provider != provider.code:
        raise Http404
    return campaign, take, provider


def _deliver(provider, take, kind, **result) -> None:
    """The sandbox provider's signed callback, from its side to the portal's: verified by
    the same code as any callback, recorded once."""
    token = provider.sign(take, kind, **result)
    received = provider.parse_token(token)
    if received.reference != take.reference:  # pragma: no cover - signed by ourselves
        raise Http404
    services.provider_result_receive(result=received, take=take)


@permission_required("english_test.take_test")
def take(request, year):
    """GET: where the candidate stands; POST: start (or restart after a technical problem)."""
    campaign, take, provider = _own_sandbox_take(request, year)
    now = timezone.now()
    open_now = selectors.window_is_open(campaign, now)
    if request.method == "POST":
        if not open_now:
            messages.error(request, _("The English test can only be taken within its window."))
        elif take.state in CAN_START:
            try:
                _deliver(provider, take, TakeState.STARTED)
            except services.EnglishTestError as error:
                show_error(request, error)
        return redirect("english_test:take", year=year)
    state = TakeState(take.state)
    start, end = selectors.window(campaign)
    return render(
        request,
        "english_test/take.html",
        {
            "campaign": campaign,
            "take": take,
            "state": state,
            "state_label": state.label,
            "instructions": status._instructions(state, campaign),
            "window_start": start,
            "window_end": end,
            "open_now": open_now,
            "can_start": open_now and state in CAN_START,
            "form": SandboxTestForm() if open_now and state == TakeState.STARTED else None,
        },
    )


@permission_required("english_test.take_test")
@require_POST
def submit(request, year):
    """The answers: marked on the provider's side, the result sent back signed."""
    campaign, take, provider = _own_sandbox_take(request, year)
    if take.state != TakeState.STARTED or not selectors.window_is_open(campaign, timezone.now()):
        messages.error(request, _("This test is not in progress: your answers were not recorded."))
        return redirect("english_test:take", year=year)
    form = SandboxTestForm(request.POST)
    form.is_valid()
    score, level = grade(form.cleaned_data)
    try:
        _deliver(provider, take, TakeState.COMPLETED, score=score, level=level)
    except services.EnglishTestError as error:
        show_error(request, error)
    else:
        messages.success(request, _("Thank you: your English test is completed."))
    return redirect("english_test:take", year=year)


def _answer(status_code: int, status_text: str, detail: str = "") -> JsonResponse:
    return JsonResponse({"status": status_text, "detail": detail}, status=status_code)


@csrf_exempt
@require_POST
def webhook(request):
    """The generic provider's results (providers/generic.py has the contract). Refused with
    nothing recorded: forged, stale or malformed (400), unknown test (404). A replay of an
    event already recorded answers 200 "replayed" and records nothing: providers deliver
    again on any other answer (as the payments' Stripe webhook does)."""
    provider = get_provider("generic")
    try:
        result = provider.parse_callback(request)
    except InvalidCallback as error:
        logger.warning("English test webhook refused: %s", error.detail)
        return _answer(400, error.code, error.detail)
    take = Take.objects.filter(reference=result.reference).first()
    if take is None:
        return _answer(404, "unknown_test", "no English test has this reference")
    try:
        outcome = services.provider_result_receive(result=result, take=take)
    except services.ReplayedEvent:
        return _answer(200, "replayed", "this event was already received: nothing recorded twice")
    except services.InvalidResult as error:
        return _answer(400, error.code, error.message)
    except services.TransitionRefused as error:
        return _answer(409, "transition_refused", error.message)
    return _answer(200, outcome)
