"""The referee's private form, reached through a signed link, without an account."""

from django.core import signing
from django.http import Http404
from django.shortcuts import render

from .. import forms as f
from .. import selectors, services
from ..enums import (
    RefereeKind,
    RefereeStatus,
)


def referee_form(request, token):
    try:
        raw = services.referee_unsign(token)
    except signing.SignatureExpired:
        return render(request, "candidates/referee_expired.html", status=410)
    except signing.BadSignature:
        raise Http404 from None
    referee = selectors.referee_from_token(raw)
    if referee is None:
        raise Http404
    if referee.status == RefereeStatus.RECEIVED:
        return render(request, "candidates/referee_done.html", {"already": True}, status=200)
    form = f.RefereeAnswerForm(request.POST or None, questions=RefereeKind(referee.kind).questions)
    if request.method == "POST" and form.is_valid():
        try:
            services.referee_answer(referee=referee, answers=form.answers())
        except services.RefereeAlreadyAnswered:
            return render(request, "candidates/referee_done.html", {"already": True})
        return render(request, "candidates/referee_done.html", {"already": False})
    candidate = referee.application.candidate
    response = render(
        request,
        "candidates/referee_form.html",
        {"form": form, "referee": referee, "candidate_name": candidate.get_full_name() or candidate.email},
    )
    response["Cache-Control"] = "private, no-store"
    return response
