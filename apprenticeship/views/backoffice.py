"""The CFA's back-office per intake (`/cfa/<year>/…`): places, candidates still searching,
sheets by state, the CSV export and the admission minutes; one sheet's review, its
registration on a place, the admission and the contract."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from rules.contrib.views import objectgetter

from accounts.permissions import permission_required
from admissions.selectors import session_or_404
from core.exports import csv_response
from core.files import serve_private_file
from core.pdf import render_pdf
from core.views import show_error

from .. import selectors
from ..enums import JobSheetState
from ..filters import JobSheetFilter
from ..forms import ContractForm, ReviewForm
from ..models import Contract
from ..services.contracts import contract_record, diploma_proof_verify, wish_admit
from ..services.job_sheets import JobSheetError, job_sheet_review
from ..services.places import job_sheet_register
from .employer import sheet_pdf_response

PAGE_SIZE = 50


def _query_without(request, name) -> str:
    """The page's query string without one list's page number (the other list keeps its own)."""
    query = request.GET.copy()
    query.pop(name, None)
    return query.urlencode()


@permission_required("apprenticeship.view_backoffice")
def intake_page(request, year, pk):
    campaign = session_or_404(year)
    intake = selectors.intake_for_cfa(campaign, pk)
    sheets = JobSheetFilter(request.GET or None, queryset=selectors.intake_sheets(intake))
    return render(
        request,
        "apprenticeship/intake.html",
        {
            "campaign": campaign,
            "intake": intake,
            "places": selectors.intake_places(intake),
            "searching": Paginator(selectors.searching_candidates(intake), PAGE_SIZE).get_page(
                request.GET.get("spage")
            ),
            "filter": sheets,
            "sheets": Paginator(sheets.qs, PAGE_SIZE).get_page(request.GET.get("page")),
            "sheets_query": _query_without(request, "page"),
            "searching_query": _query_without(request, "spage"),
        },
    )


@permission_required("apprenticeship.view_backoffice")
def intake_export(request, year, pk):
    """The sheets of the intake (same filter as the page), as a French Excel opens it."""
    campaign = session_or_404(year)
    intake = selectors.intake_for_cfa(campaign, pk)
    sheets = JobSheetFilter(request.GET or None, queryset=selectors.intake_sheets(intake)).qs
    header = [
        _("Reference"),
        _("Last name"),
        _("First name"),
        _("E-mail"),
        _("State"),
        _("Company"),
        _("SIRET number"),
        _("Apprenticeship master"),
        _("Choice"),
        _("Approved at"),
        _("Registered at"),
    ]

    def rows():
        for sheet in sheets:
            candidate = sheet.wish.application.candidate
            yield [
                sheet.wish.application.reference or "",
                candidate.last_name,
                candidate.first_name,
                candidate.email,
                sheet.get_state_display(),
                sheet.company_name,
                sheet.siret,
                sheet.tutor_name,
                sheet.wish.get_state_display(),
                timezone.localtime(sheet.approved_at).strftime("%d/%m/%Y") if sheet.approved_at else "",
                timezone.localtime(sheet.registered_at).strftime("%d/%m/%Y") if sheet.registered_at else "",
            ]

    return csv_response(
        f"job-sheets-{intake.program.code}-{intake.level}-{campaign.year}.csv", header, rows()
    )


@permission_required("apprenticeship.view_backoffice")
def intake_minutes(request, year, pk):
    """The admission minutes of the intake (R-ADMIT-2/3), as a PDF."""
    campaign = session_or_404(year)
    intake = selectors.intake_for_cfa(campaign, pk)
    pdf = render_pdf(
        "pdf/admission_minutes.html",
        {
            "intake": intake,
            "places": selectors.intake_places(intake),
            "wishes": list(selectors.admission_minutes(intake)),
            "printed_at": timezone.now(),
        },
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'inline; filename="admission-{intake.program.code}-{campaign.year}.pdf"'
    )
    return response


def _sheet(request, pk):
    return selectors.sheet_detail(pk)


def _to_sheet(sheet_pk):
    return redirect(reverse("apprenticeship:sheet", args=[sheet_pk]))


def _sheet_render(request, sheet, *, blocks, review_form=None, contract_form=None):
    if review_form is None and sheet.state == JobSheetState.SENT:
        review_form = ReviewForm(blocks=blocks)
    return render(
        request,
        "apprenticeship/sheet.html",
        {
            "sheet": sheet,
            "rows": [(block, (sheet.missions or {}).get(block.code, {})) for block in blocks],
            "review_form": review_form,
            "contract_form": contract_form or ContractForm(),
            "diploma_proven": selectors.diploma_proven(sheet.wish.application),
            "may_manage": request.user.has_perm("apprenticeship.manage_admission", sheet),
        },
    )


@permission_required("apprenticeship.review_job_sheet", _sheet)
def sheet_page(request, pk, obj):
    sheet = obj
    return _sheet_render(request, sheet, blocks=selectors.framework_blocks(sheet.intake.program_id))


@permission_required("apprenticeship.review_job_sheet", _sheet)
@require_POST
def sheet_review(request, pk, obj):
    sheet = obj
    blocks = selectors.framework_blocks(sheet.intake.program_id)
    form = ReviewForm(request.POST, blocks=blocks)
    if not form.is_valid():
        return _sheet_render(request, sheet, blocks=blocks, review_form=form)
    try:
        job_sheet_review(
            sheet=sheet,
            actor=request.user,
            decision=form.cleaned_data["decision"],
            comment=form.cleaned_data["comment"],
            verdicts=form.verdicts(),
        )
    except JobSheetError as error:
        show_error(request, error)
    return _to_sheet(pk)


@permission_required("apprenticeship.review_job_sheet", _sheet)
def sheet_pdf(request, pk, obj):
    return sheet_pdf_response(obj)


@permission_required("apprenticeship.manage_admission", _sheet)
@require_POST
def sheet_register(request, pk, obj):
    sheet = obj
    try:
        if job_sheet_register(sheet=sheet, actor=request.user):
            messages.success(request, _("The job sheet is registered: one place is held."))
        else:
            show_error(request, JobSheetError(_("No place left: the sheet waits, in the order of approval.")))
    except JobSheetError as error:
        show_error(request, error)
    return _to_sheet(pk)


def _sheet_action(request, sheet, action):
    """Run `action(sheet)` (a service) and come back to the sheet, its refusal shown."""
    try:
        action(sheet)
    except JobSheetError as error:
        show_error(request, error)
    return _to_sheet(sheet.pk)


@permission_required("apprenticeship.manage_admission", _sheet)
@require_POST
def diploma_verify(request, pk, obj):
    return _sheet_action(
        request,
        obj,
        lambda sheet: diploma_proof_verify(application=sheet.wish.application, actor=request.user),
    )


@permission_required("apprenticeship.manage_admission", _sheet)
@require_POST
def admit(request, pk, obj):
    return _sheet_action(request, obj, lambda sheet: wish_admit(wish=sheet.wish, actor=request.user))


@permission_required("apprenticeship.manage_admission", _sheet)
@require_POST
def contract_new(request, pk, obj):
    sheet = obj
    form = ContractForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            contract_record(
                wish=sheet.wish,
                actor=request.user,
                uploaded_file=form.cleaned_data.pop("file"),
                **form.cleaned_data,
            )
            return _to_sheet(pk)
        except JobSheetError as error:
            form.add_error(None, error.message)
    blocks = selectors.framework_blocks(sheet.intake.program_id)
    return _sheet_render(request, sheet, blocks=blocks, contract_form=form)


@permission_required("apprenticeship.manage_admission", objectgetter(Contract))
def contract_file(request, pk, obj):
    contract = obj
    return serve_private_file(
        contract.file, download_name=contract.original_name, content_type=contract.content_type
    )
