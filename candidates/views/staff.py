"""The staff back-office of dossiers: list, detail and the audited staff actions."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from admissions.models import Program
from admissions.selectors import session_or_404
from core.files import serve_private_file
from core.views import show_error

from .. import forms as f
from .. import selectors, services
from ..appraisals import with_appraisals
from ..enums import (
    DocumentState,
    ScholarshipStatus,
    TitleChoice,
)
from ..fees import amount_owed, fee_breakdown
from ..filters import StaffApplicationFilter
from ..models import Document
from .common import staff_only


@staff_only
def staff_list(request, year):
    campaign = session_or_404(year)
    programs = list(Program.objects.filter(intakes__campaign=campaign).distinct().order_by("code"))
    filterset = StaffApplicationFilter(
        request.GET or None,
        queryset=selectors.staff_application_list(campaign=campaign),
        programs=programs,
    )
    page = Paginator(filterset.qs, 25).get_page(request.GET.get("page"))
    rows = []
    for application in page.object_list:
        completeness = selectors.dossier_completeness(application, owed=amount_owed(application))
        rows.append(
            {
                "application": application,
                "completeness": completeness,
                "wishes": list(application.wishes.all()),
            }
        )
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "candidates/staff_list.html",
        {
            "form": filterset.form,
            "page": page,
            "rows": rows,
            "campaign": campaign,
            "query": query.urlencode(),
        },
    )


def _staff_application(pk):
    return get_object_or_404(selectors.application_queryset(), pk=pk)


@staff_only
def staff_detail(request, pk):
    application = _staff_application(pk)
    checklist = selectors.document_checklist(application)
    fees = fee_breakdown(application)
    return render(
        request,
        "candidates/staff_detail.html",
        {
            "application": application,
            "checklist": checklist,
            "fees": fees,
            "completeness": selectors.dossier_completeness(application, checklist=checklist, owed=fees.owed),
            "wishes": list(application.wishes.all()),
            "referees": with_appraisals(application.referees.all()),
            "history": list(
                Document.objects.filter(application=application)
                .exclude(state=DocumentState.CURRENT)
                .select_related("document_type")
            ),
            "changes": selectors.dossier_changes(application),
            "staff_view": True,
            "ScholarshipStatus": ScholarshipStatus,
            "TitleChoice": TitleChoice,
        },
    )


@staff_only
def staff_document(request, pk):
    document = get_object_or_404(Document, pk=pk)
    return serve_private_file(
        document.file, download_name=document.original_name, content_type=document.content_type
    )


def _staff_reason_action(
    request, application, *, service, title, success, button, form_class=f.ReasonForm, form_kwargs=None
):
    """A staff action with a reason: the form's cleaned data are the service's arguments."""
    form = form_class(request.POST or None, **(form_kwargs or {}))
    if request.method == "POST" and form.is_valid():
        try:
            service(application=application, actor=request.user, **form.cleaned_data)
        except services.DossierError as error:
            show_error(request, error)
        else:
            messages.success(request, success)
        return redirect("candidates:staff_detail", pk=application.pk)
    return render(
        request,
        "candidates/staff_reason.html",
        {"form": form, "application": application, "title": title, "button": button},
    )


@staff_only
def staff_refuse_examination(request, pk):
    return _staff_reason_action(
        request,
        _staff_application(pk),
        service=services.application_refuse_examination,
        title=_("Refuse examination (incomplete dossier)"),
        success=_("The dossier has been refused examination."),
        button=_("Refuse examination"),
    )


@staff_only
def staff_void(request, pk):
    return _staff_reason_action(
        request,
        _staff_application(pk),
        service=services.application_void,
        title=_("Void the application (false declaration)"),
        success=_("The application has been voided."),
        button=_("Void the application"),
    )


@staff_only
def staff_scholarship_refuse(request, pk):
    return _staff_reason_action(
        request,
        _staff_application(pk),
        service=services.scholarship_proof_refuse,
        title=_("Refuse the scholarship proof"),
        success=_("The scholarship proof has been refused; the candidate has been told."),
        button=_("Refuse the proof"),
    )


@staff_only
@require_POST
def staff_scholarship_accept(request, pk):
    application = _staff_application(pk)
    try:
        services.scholarship_proof_accept(application=application, actor=request.user)
    except services.DossierError as error:
        show_error(request, error)
    else:
        messages.success(request, _("The scholarship proof has been accepted."))
    return redirect("candidates:staff_detail", pk=application.pk)


@staff_only
def staff_title_correct(request, pk):
    application = _staff_application(pk)
    return _staff_reason_action(
        request,
        application,
        service=services.application_title_correct,
        title=_("Correct the title"),
        success=_("The title has been corrected; the candidate has been told."),
        button=_("Correct the title"),
        form_class=f.TitleCorrectionForm,
        form_kwargs={
            "titles": selectors.listed_title_choices(application.campaign),
            "initial": {
                "title_choice": application.title_choice,
                "listed_title": application.listed_title_id,
            },
        },
    )


@staff_only
def staff_document_refile(request, pk):
    document = get_object_or_404(
        Document.objects.select_related("application", "document_type"), pk=pk, state=DocumentState.CURRENT
    )

    def refile(*, application, actor, document_type, reason):
        return services.document_refile(
            document=document, document_type=document_type, actor=actor, reason=reason
        )

    return _staff_reason_action(
        request,
        _staff_application(document.application_id),
        service=refile,
        title=_("File “%(name)s” under another type") % {"name": document.original_name},
        success=_("The document has been filed under its right type; the candidate has been told."),
        button=_("File under this type"),
        form_class=f.DocumentRefileForm,
        form_kwargs={"document": document},
    )
