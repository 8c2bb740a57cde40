"""The future employer's job sheet, reached through a signed, expiring link, without an
account (R-CFA-2): this sheet and nothing else."""

from django.core import signing
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.pdf import render_pdf

from .. import selectors
from ..enums import EDITABLE_STATES, JobSheetState
from ..forms import JobSheetForm
from ..services.job_sheets import JobSheetError, job_sheet_save, job_sheet_send, job_sheet_unsign


class _Expired(Exception):
    pass


def _sheet_or_404(token):
    try:
        raw = job_sheet_unsign(token)
    except signing.SignatureExpired:
        raise _Expired from None
    except signing.BadSignature:
        raise Http404 from None
    sheet = selectors.sheet_from_token(raw)
    if sheet is None:
        raise Http404
    return sheet


def _private(response):
    response["Cache-Control"] = "private, no-store"
    return response


def _expired(request):
    return _private(render(request, "apprenticeship/employer_expired.html", status=410))


def employer_sheet(request, token):
    try:
        sheet = _sheet_or_404(token)
    except _Expired:
        return _expired(request)
    blocks = selectors.framework_blocks(sheet.intake.program_id)
    editable = sheet.state in EDITABLE_STATES
    sending = request.method == "POST" and request.POST.get("action") == "send"
    form = JobSheetForm(
        request.POST if request.method == "POST" else None,
        initial=JobSheetForm.initial_from(sheet, blocks),
        blocks=blocks,
        draft=not sending,
    )
    saved = False
    if request.method == "POST" and editable and form.is_valid():
        try:
            if sending:
                sheet = job_sheet_send(sheet=sheet, data=form.content())
            else:
                sheet = job_sheet_save(sheet=sheet, data=form.content())
                saved = True
        except JobSheetError as error:
            form.add_error(None, error.message)
        editable = sheet.state in EDITABLE_STATES
    elif request.method == "POST" and not editable:
        form.add_error(
            None,
            _("This job sheet was sent to the school (%(state)s): it can no longer be changed.")
            % {"state": JobSheetState(sheet.state).label},
        )
    candidate = sheet.wish.application.candidate
    return _private(
        render(
            request,
            "apprenticeship/employer_sheet.html",
            {
                "sheet": sheet,
                "form": form,
                "editable": editable,
                "saved": saved,
                "token": token,
                "rows": [(block, (sheet.missions or {}).get(block.code, {})) for block in blocks],
                "candidate_name": candidate.get_full_name() or candidate.email,
                "last_review": sheet.reviews.order_by("-at", "-pk").prefetch_related("blocks__block").first(),
            },
        )
    )


@require_POST
def employer_autosave(request, token):
    """The draft, saved as the employer types (static/apprenticeship/js/autosave.js)."""
    try:
        sheet = _sheet_or_404(token)
    except _Expired:
        return JsonResponse({"saved": False, "error": _("This link has expired.")}, status=410)
    blocks = selectors.framework_blocks(sheet.intake.program_id)
    form = JobSheetForm(request.POST, blocks=blocks, draft=True)
    if not form.is_valid():
        return JsonResponse({"saved": False, "error": _("Some fields are too long.")}, status=400)
    try:
        job_sheet_save(sheet=sheet, data=form.content())
    except JobSheetError as error:
        return JsonResponse({"saved": False, "error": error.message}, status=409)
    return JsonResponse({"saved": True})


def employer_pdf(request, token):
    try:
        sheet = _sheet_or_404(token)
    except _Expired:
        return _expired(request)
    return sheet_pdf_response(sheet)


def sheet_pdf_response(sheet):
    blocks = selectors.framework_blocks(sheet.intake.program_id)
    rows = [(block, (sheet.missions or {}).get(block.code, {})) for block in blocks]
    pdf = render_pdf("pdf/job_sheet.html", {"sheet": sheet, "rows": rows})
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="job-sheet-{sheet.pk}.pdf"'
    return _private(response)
