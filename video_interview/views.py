"""The candidate's recording page and its JSON endpoints; the jury's file views and forms.
Thin: the services decide, the views translate their refusals into words and statuses."""

import re

from django.conf import settings
from django.contrib import messages
from django.core.files.storage import FileSystemStorage
from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.middleware.csrf import get_token
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accounts.permissions import permission_required
from core.files import serve_private_file
from core.headers import allow_browser_features
from core.views import show_error

from . import selectors, services
from .enums import CandidateState, TakeState
from .forms import GradeForm, SecondTakeForm

ERROR_STATUS = {"too_large": 413, "not_video": 400, "hash_mismatch": 400, "empty": 400, "bad_request": 400}


def _wish(request, year, pk):
    return selectors.wish_in_session(year=year, pk=pk)


def _take(request, uuid, **kwargs):
    return selectors.take_by_uuid(uuid)


def _jury_wish(request, pk):
    return selectors.wish_by_pk(pk)


def _refusal(error):
    return JsonResponse(
        {"error": error.message, "code": error.code}, status=ERROR_STATUS.get(error.code, 409)
    )


def _take_json(take, now) -> dict:
    english = (get_language() or "fr").startswith("en")
    return {
        "take": str(take.uuid),
        "state": take.state,
        "lease": take.lease,
        "segment": take.segment,
        "current": take.current_question,
        "next_chunk": take.next_chunk,
        "left": selectors.seconds_left(take, now),
        "questions": [
            {
                "text": q["text_en"] if english else q["text_fr"],
                "preparation": q["preparation"],
                "answer": q["answer"],
            }
            for q in take.questions
        ],
    }


@permission_required("video_interview.record", fn=_wish)
@allow_browser_features("camera", "microphone")
def record(request, year, pk, obj):
    """Consent, then the device check, unlimited practice, and the one take."""
    wish = obj
    now = timezone.now()
    row = selectors.statuses([wish], now).get(wish.pk)
    questions = list(selectors.questions_for(wish.intake))
    state = row["state"] if row else None
    refusal = ""
    if row is None:
        refusal = _("This choice has no video interview to record.")
    elif not wish.application.consent_recording_at:
        refusal = _("You have not agreed to be filmed and recorded: give your consent in your dossier first.")
    elif state == CandidateState.NOT_OPEN:
        refusal = _("The recording window has not opened yet.")
    elif state == CandidateState.MISSED:
        refusal = _("The recording window is closed: no recording can be made any more.")
    elif state in (CandidateState.RECORDED, CandidateState.GRADED, CandidateState.DELETED):
        refusal = _("You have already recorded your video interview: only one recording is allowed.")
    return render(
        request,
        "video_interview/record.html",
        {
            "wish": wish,
            "campaign": wish.intake.campaign,
            "row": row,
            "refusal": refusal,
            "no_consent": row is not None and not wish.application.consent_recording_at,
            "questions": questions,
            "total_answer": sum(q.answer_seconds for q in questions),
            "interrupted": state == CandidateState.INTERRUPTED,
            "config": _page_config(request, wish),
        },
    )


def _page_config(request, wish) -> dict:
    """What record.js needs: the addresses, the CSRF token and its words."""
    year = wish.intake.campaign.year
    return {
        "csrf": get_token(request),
        "speed": reverse("video_interview:speed", args=[year, wish.pk]),
        "start": reverse("video_interview:start", args=[year, wish.pk]),
        "takeBase": reverse("video_interview:question", args=["00000000-0000-0000-0000-000000000000"]).rsplit(
            "/", 3
        )[0]
        + "/",
        "chunkMax": settings.VIDEO_CHUNK_MAX_BYTES,
        "words": {
            "ok": _("works"),
            "recorderOk": _("Recording in this browser: supported"),
            "recorderNo": _(
                "Recording in this browser: not supported. Use a recent Firefox, Chrome, Edge or Safari."
            ),
            "cameraOk": _("Camera: works"),
            "cameraDenied": _(
                "Camera: access refused. Allow the camera for this site in your browser's settings "
                "(the icon next to the address), then check again."
            ),
            "cameraNone": _(
                "Camera: none found. Connect a camera, or use a phone or tablet, then check again."
            ),
            "cameraBusy": _(
                "Camera: already used by another application. Close it (video call…), then check again."
            ),
            "micOk": _("Microphone: works"),
            "micNone": _("Microphone: none found. Connect a microphone or a headset, then check again."),
            "micSilent": _("Microphone: no sound heard. Check that it is not muted, then speak."),
            "speedOk": _("Connection: %(rate)s Mbit/s upload, enough"),
            "speedSlow": _(
                "Connection: %(rate)s Mbit/s upload, too slow (at least 1 Mbit/s is needed). "
                "Move closer to your Wi-Fi box, or use another connection."
            ),
            "speedFail": _("Connection: the test failed. Check your connection, then check again."),
            "practising": _("Practice recording… speak now."),
            "practiceDone": _("Here is your practice answer. Practise again as often as you like."),
            "question": _("Question %(n)s of %(total)s"),
            "prepare": _("Preparation: think about your answer (not recorded)"),
            "answer": _("Recording: answer now"),
            "uploading": _("Parts sent: %(sent)s of %(total)s"),
            "offline": _(
                "Connection lost: the recording goes on and is kept on your device; "
                "it will be sent when the connection is back."
            ),
            "sending": _("Sending the end of your recording…"),
            "done": _("Your video interview is recorded. Thank you!"),
            "error": _("Something went wrong:"),
        },
    }


@permission_required("video_interview.record", fn=_wish)
@require_POST
def speed(request, year, pk, obj):
    """The device check's upload test: the body is read and dropped."""
    return JsonResponse({"received": len(request.body)})


@permission_required("video_interview.record", fn=_wish)
@require_POST
def start(request, year, pk, obj):
    wish = obj
    now = timezone.now()
    try:
        take = services.take_start(wish=wish, actor=request.user, now=now)
    except services.VideoError as error:
        return _refusal(error)
    if take.state not in (TakeState.RECORDING,):
        return JsonResponse(
            {"error": _("The time allowed is over: your recording has been kept."), "code": "time_over"},
            status=409,
        )
    return JsonResponse(_take_json(take, now))


CHUNK_HEADER = re.compile(r"^[0-9a-fA-F]{64}$")


@permission_required("video_interview.record_take", fn=_take)
@require_POST
def chunk(request, uuid, index, obj):
    take = obj
    sha256 = request.headers.get("X-Chunk-Sha256", "")
    if sha256 and not CHUNK_HEADER.match(sha256):
        return JsonResponse(
            {"error": _("The part's fingerprint is malformed."), "code": "bad_request"}, status=400
        )
    try:
        segment = int(request.headers.get("X-Take-Segment") or 0) or None
        length = int(request.headers.get("Content-Length") or 0)
    except ValueError:
        return JsonResponse({"error": _("Malformed request."), "code": "bad_request"}, status=400)
    if length > settings.VIDEO_CHUNK_MAX_BYTES:
        return _refusal(services.VideoError(_("This part is too large."), code="too_large"))
    try:
        ack = services.chunk_receive(
            take=take,
            lease=request.headers.get("X-Take-Lease", ""),
            index=index,
            data=request.body,
            sha256=sha256,
            mime_type=request.content_type or "",
            segment=segment,
        )
    except services.VideoError as error:
        response = _refusal(error)
        response.content = response.content[:-1] + f', "next": {take.next_chunk}}}'.encode()
        return response
    return JsonResponse(ack)


@permission_required("video_interview.record_take", fn=_take)
@require_POST
def question(request, uuid, obj):
    take = obj
    try:
        index, offset = int(request.POST.get("index", "")), float(request.POST.get("offset", "0"))
    except ValueError:
        return JsonResponse({"error": _("Malformed request."), "code": "bad_request"}, status=400)
    try:
        take = services.question_advance(
            take=take, lease=request.POST.get("lease", ""), index=index, offset=offset
        )
    except services.VideoError as error:
        return _refusal(error)
    return JsonResponse(
        {"current": take.current_question, "left": selectors.seconds_left(take, timezone.now())}
    )


@permission_required("video_interview.record_take", fn=_take)
@require_POST
def interrupt(request, uuid, obj):
    take = obj
    services.take_interrupt(take=take, lease=request.POST.get("lease", ""), actor=request.user)
    return HttpResponse(status=204)


@permission_required("video_interview.record_take", fn=_take)
@require_POST
def end(request, uuid, obj):
    take = obj
    try:
        parts = int(request.POST.get("parts", ""))
    except ValueError:
        return JsonResponse({"error": _("Malformed request."), "code": "bad_request"}, status=400)
    try:
        take = services.take_end(
            take=take, lease=request.POST.get("lease", ""), parts=parts, actor=request.user
        )
    except services.VideoError as error:
        return JsonResponse({"error": error.message, "code": error.code, "next": take.next_chunk}, status=409)
    return JsonResponse({"state": take.state, "message": _("Your video interview is recorded. Thank you!")})


RANGE = re.compile(r"^bytes=(\d*)-(\d*)$")


def _ranged(fieldfile, content_type, request):
    """Local storage: answer Range requests so that the jury's player can seek."""
    size = fieldfile.size
    match = RANGE.match(request.headers.get("Range", ""))
    if not match or (not match.group(1) and not match.group(2)):
        response = FileResponse(fieldfile.open("rb"), content_type=content_type)
        response["Accept-Ranges"] = "bytes"
    else:
        first, last = match.group(1), match.group(2)
        if first:
            start, stop = int(first), min(int(last) if last else size - 1, size - 1)
        else:
            start, stop = max(0, size - int(last)), size - 1
        if start > stop or start >= size:
            response = HttpResponse(status=416)
            response["Content-Range"] = f"bytes */{size}"
            return response
        with fieldfile.open("rb") as handle:
            handle.seek(start)
            data = handle.read(stop - start + 1)
        response = HttpResponse(data, status=206, content_type=content_type)
        response["Content-Range"] = f"bytes {start}-{stop}/{size}"
        response["Accept-Ranges"] = "bytes"
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@permission_required("video_interview.watch", fn=_take)
@require_GET
def video(request, uuid, obj):
    take = obj
    if not take.recording:
        raise Http404
    content_type = "video/mp4" if take.extension == ".mp4" else "video/webm"
    if isinstance(take.recording.storage, FileSystemStorage):
        return _ranged(take.recording, content_type, request)
    name = f"interview-{take.wish.application.reference}-{take.number}{take.extension}"
    return serve_private_file(take.recording, download_name=name, content_type=content_type)


@permission_required("video_interview.watch", fn=_take)
@require_GET
def poster(request, uuid, obj):
    take = obj
    if not take.poster:
        raise Http404
    return serve_private_file(
        take.poster, download_name=f"poster-{take.number}.jpg", content_type="image/jpeg"
    )


@permission_required("video_interview.grade", fn=_jury_wish)
@require_POST
def grade(request, pk, obj):
    wish = obj
    form = GradeForm(request.POST, grid=selectors.criteria(wish.intake.campaign))
    if form.is_valid():
        try:
            services.grade_save(
                wish=wish,
                actor=request.user,
                scores=form.scores(),
                proposal=form.cleaned_data["proposal"],
                comment=form.cleaned_data["comment"],
            )
            messages.success(request, _("The video interview's grade is saved."))
        except services.VideoError as error:
            show_error(request, error)
    else:
        messages.error(request, _("The grade is incomplete: give every mark and a proposal."))
    return redirect("jury:wish", pk=wish.pk)


@permission_required("video_interview.grant_second_take", fn=_jury_wish)
@require_POST
def grant(request, pk, obj):
    wish = obj
    form = SecondTakeForm(request.POST)
    try:
        if not form.is_valid():
            raise services.VideoError(_("Give the reason for a second take."), code="reason")
        services.second_take_grant(wish=wish, actor=request.user, reason=form.cleaned_data["reason"])
        messages.success(request, _("A second take is allowed; the candidate is told by e-mail."))
    except services.VideoError as error:
        show_error(request, error)
    return redirect("jury:wish", pk=wish.pk)
